"""Cited titles on a hand-labelled sample of real Anträge (fixtures/corpus/dip_titles.json).

The share of footnotes whose title (or absence of one) is read exactly is printed per sample
("tuning": the Anträge the rules were written against; "check": Anträge labelled afterwards)
and ratcheted: raise ACHIEVED when the rules improve; a drop fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citecheck.parse.cited_title import extract_cited_title
from citecheck.parse.layout import RawDefinition
from citecheck.parse.markup import read_definition

LABELS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus" / "dip_titles.json"

#: Footnotes read exactly: (all, of those with a title). Raise when the rules improve.
ACHIEVED = (274, 84)


def _footnotes() -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads(LABELS.read_text(encoding="utf-8"))
    footnotes: list[dict[str, Any]] = data["footnotes"]
    return footnotes


def _title(text: str) -> str | None:
    reading = read_definition(RawDefinition(1, "1", 1, text))
    return extract_cited_title(reading.text, reading.url_starts, reading.link_titles)


def test_dip_titles_score(capsys: pytest.CaptureFixture[str]) -> None:
    footnotes = _footnotes()
    exact = titled = invented = 0
    misses: list[str] = []
    for footnote in footnotes:
        found, expected = _title(footnote["text"]), footnote["title"]
        if found == expected:
            exact += 1
            titled += expected is not None
            continue
        invented += expected is None
        misses.append(f"{footnote['document']} {footnote['footnote']}: {found!r} != {expected!r}")
    labelled = sum(1 for f in footnotes if f["title"] is not None)
    with capsys.disabled():
        print(
            f"\ndip titles: {exact}/{len(footnotes)} exact ({exact / len(footnotes):.0%}), "
            f"titles {titled}/{labelled}, invented {invented}"
        )
        for sample in ("tuning", "check"):
            part = [f for f in footnotes if f["sample"] == sample]
            right = sum(1 for f in part if _title(f["text"]) == f["title"])
            print(f"  {sample}: {right}/{len(part)} exact")
    assert exact >= ACHIEVED[0] and titled >= ACHIEVED[1], "\n".join(misses)


def test_dip_titles_sample_is_whole() -> None:
    footnotes = _footnotes()
    assert len(footnotes) == 281
    assert len({f["document"] for f in footnotes}) == 14
    assert {f["sample"] for f in footnotes} == {"tuning", "check"}
    assert all(f["text"] and (f["title"] is None or f["title"]) for f in footnotes)
