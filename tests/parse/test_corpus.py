"""Corpus tests: the real documents of fixtures/corpus against truth.json.

Two levels. The layout level (this package's adapters alone) must be exact: every definition
with its number and printed marker, every body reference. The end-to-end level goes through
`load_document` (adapters plus the shared footnote rules) and is a scoring test: the
per-document exact-match counts are printed and must not fall below the achieved ratchet. The
real PDFs of fixtures/corpus/pdf are scored end to end here too; their layout level is tested in
test_pdf.py.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from citecheck.check import check
from citecheck.models import ProblemCode, Severity
from citecheck.options import CheckOptions
from citecheck.parse import load_document
from citecheck.parse._layout_common import decode_layer
from citecheck.parse.layout import Layout
from citecheck.parse.markdown import markdown_layout
from citecheck.parse.text import text_layout

ROOT = Path(__file__).resolve().parents[2]


def _load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "corpus_score", ROOT / "benchmarks" / "corpus_score.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_score"] = module
    spec.loader.exec_module(module)
    return module


scorer = _load_scorer()
#: Every truth document (text, Markdown, PDF): scored end to end.
ALL_ENTRIES: list[dict[str, Any]] = scorer.truth_documents()
#: The text and Markdown documents: also checked at the layout level here.
ENTRIES: list[dict[str, Any]] = scorer.truth_documents(("text", "markdown"))
BW_NO_FOOTNOTES = "bw-17-0273-gesetzentwurf-spd-wahlalter16.pdf"

#: Achieved end-to-end scores: (found, exact, urls, titles, ibids) per document. Raise these
#: when the parser improves; a drop is a regression and fails the test.
ACHIEVED: dict[str, tuple[int, int, int, int, int]] = {
    "antrag-japan-partnerschaft.md": (15, 15, 15, 15, 15),
    "bt-21-2222-antrag-afd-buergergeld-haftbefehl.dip.txt": (29, 29, 29, 29, 29),
    "bt-21-2223-antrag-afd-luftverkehrsteuer.dip.txt": (8, 8, 8, 8, 8),
    "bt-21-1754-antrag-afd-aufsichtsraete.dip.txt": (2, 2, 2, 2, 2),
    "bt-21-0775-antrag-afd-fluorchinolone.dip.txt": (15, 15, 15, 15, 15),
    "bt-21-1565-antrag-afd-approbation-drittstaaten.dip.txt": (17, 17, 17, 17, 17),
    "bt-21-2028-antrag-gruene-steuergerechtigkeit.dip.txt": (21, 20, 21, 20, 21),
    "bt-21-0541-kleine-anfrage-afd-us-stiftungen.dip.txt": (0, 0, 0, 0, 0),
    "nds-19-11279-kleine-anfrage-antwort-palliativversorgung.pdftext.txt": (13, 13, 13, 13, 13),
    "nds-19-11222-kleine-anfrage-antwort-putenmast.pdftext.txt": (4, 4, 4, 4, 4),
    "us-crs-R46293-earth-day-fact-sheet.congressgov.md": (10, 10, 10, 10, 10),
    "us-crs-R46293v11-earth-day-fact-sheet.pdf": (10, 10, 10, 10, 10),
    "us-crs-R48903v3-strait-of-hormuz-non-oil-shipments.pdf": (40, 40, 40, 40, 40),
    BW_NO_FOOTNOTES: (0, 0, 0, 0, 0),
}


def _layout_of(path: Path) -> Layout:
    text = decode_layer(path.read_bytes())
    return markdown_layout(text) if path.suffix == ".md" else text_layout(text)


def _ids(entry: dict[str, Any]) -> str:
    return str(entry["id"])


def test_every_document_is_covered() -> None:
    names = {scorer.fixture_path(e["path"]).name for e in ALL_ENTRIES}
    assert names == set(ACHIEVED)
    assert all(scorer.fixture_path(e["path"]).is_file() for e in ALL_ENTRIES)
    assert {e["format"] for e in ALL_ENTRIES} == {"text", "markdown", "pdf"}
    assert sum(e["format"] == "pdf" for e in ALL_ENTRIES) == 3


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids)
def test_layout_definitions_match_truth(entry: dict[str, Any]) -> None:
    layout = _layout_of(scorer.fixture_path(entry["path"]))
    got = [(d.number, d.marker) for d in layout.definitions]
    assert got == [(f["number"], f["marker"]) for f in entry["footnotes"]]


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids)
def test_layout_references_match_truth(entry: dict[str, Any]) -> None:
    layout = _layout_of(scorer.fixture_path(entry["path"]))
    expected: Counter[int] = Counter()
    for footnote in entry["footnotes"]:
        if footnote.get("referenced_in_body", True):
            expected[footnote["number"]] += footnote.get("reference_count", 1)
    assert Counter(m.number for m in layout.markers) == expected


@pytest.mark.parametrize("entry", ALL_ENTRIES, ids=_ids)
def test_documents_load_with_the_right_format(entry: dict[str, Any]) -> None:
    path = scorer.fixture_path(entry["path"])
    document = load_document(str(path))
    assert document.format == entry["format"]
    assert document.path == str(path)


def test_end_to_end_score_does_not_regress(capsys: pytest.CaptureFixture[str]) -> None:
    scores = scorer.score_corpus()
    assert [s.name for s in scores] == [scorer.fixture_path(e["path"]).name for e in ALL_ENTRIES]
    with capsys.disabled():
        print()
        for score in scores:
            print(
                f"{score.name:<70} truth {score.total:>3} found {score.found:>3} "
                f"exact {score.footnotes:>3} urls {score.urls:>3} titles {score.titles:>3} "
                f"ibids {score.ibids:>3}"
            )
    regressions = []
    for score in scores:
        achieved = (score.found, score.footnotes, score.urls, score.titles, score.ibids)
        floor = ACHIEVED[score.name]
        if any(a < f for a, f in zip(achieved, floor, strict=True)):
            regressions.append(f"{score.name}: {achieved} < {floor}; misses: {score.misses}")
        # A footnote the truth does not have (a list item or page number read as a footnote)
        # is a regression too, however good the other counts are.
        regressions.extend(m for m in score.misses if m.endswith("not in the truth"))
    assert not regressions, "\n".join(regressions)


def test_german_pdf_without_footnotes_warns_nothing_found() -> None:
    """BW 17/273 has neither footnotes nor URLs: the full parser finds none and the check
    pipeline reports the one `nothing-found` warning for the document."""
    path = ROOT / "fixtures" / "corpus" / "pdf" / BW_NO_FOOTNOTES
    document = load_document(str(path))
    assert document.format == "pdf"
    assert document.footnotes == ()
    report = asyncio.run(check([document], None, CheckOptions(offline=True)))
    (checked,) = report.documents
    assert checked.footnotes == ()
    assert [(p.code, p.severity) for p in checked.problems] == [
        (ProblemCode.NOTHING_FOUND, Severity.WARNING)
    ]
