"""Shared helpers of the verification tests: the seed motion and its footnote 12, stand-ins
for figures.py, footnotes whose links carry their observations."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from typing import Any

from citecheck.demo import PAGES as SEED_PAGES  # the seed replicas ship for `citecheck --demo`
from citecheck.models import (
    Fetched,
    Footnote,
    Reference,
)
from conftest import fixture_path

# --------------------------------------------------------------------------- suggestions


def _footnote(cited: str | None = None, ibid_of: int | None = None) -> Footnote:
    return Footnote(
        number=1, line=3, text="Vgl. https://example.org/a", cited_title=cited, ibid_of=ibid_of
    )


# --------------------------------------------------------------------------- year_notes

SEED = fixture_path("documents", "antrag-japan-partnerschaft.md")
URL12 = (
    "https://japan.ahk.de/infothek/aktuelles/aktuelles-details/"
    "geschaeftsklimaumfrage-german-business-in-japan-2024"
)
TITLE12 = "Economic Outlook – German Business in Japan 2024"


# --------------------------------------------------------------------------- fixture pages

PAGES = fixture_path("pages")
TITLES_MANIFEST = json.loads((PAGES / "titles" / "manifest.json").read_text(encoding="utf-8"))
SEED_MANIFEST = json.loads((SEED_PAGES / "manifest.json").read_text(encoding="utf-8"))
TRUTH = json.loads((PAGES.parent / "corpus" / "truth.json").read_text(encoding="utf-8"))


def _seed_entry(url: str) -> dict[str, Any]:
    (entry,) = [p for p in SEED_MANIFEST["pages"] if p["url"] == url]
    return entry


def _html_candidates(html_text: str) -> list[str]:
    """Just enough extraction for these fixtures (citecheck.titles does the real job)."""
    found = re.findall(r'<meta (?:property|name)="[^"]*title" content="([^"]*)"', html_text)
    found += re.findall(r"<title>(.*?)</title>", html_text, re.DOTALL)
    return [html.unescape(c) for c in found]


# --------------------------------------------------------------------------- check_figures

# Stand-ins for figures.py (its own tests cover extraction and equivalence): enough to test
# what verify does with the figures — years skipped, duplicates merged, found/not found.
_FIGURE = re.compile(r"\d+(?:,\d+)? (?:Prozent|Milliarden Euro)|(?:19|20)\d\d")


def _find(sentence: str) -> list[str]:
    return _FIGURE.findall(sentence)


def _contains(text: str, figure: object) -> bool:
    value = str(figure)
    variants = {
        value,
        value.replace(" Prozent", " %"),
        value.replace(" Milliarden Euro", " Mrd. €"),
    }
    return any(v in text for v in variants)


# --------------------------------------------------------------------------- verify_footnote


def _reference(line: int, context: str) -> Reference:
    return Reference(line=line, context=context)


def _fetched(url: str, candidates: tuple[str, ...], text: str = "") -> Fetched:
    return Fetched(
        url=url,
        final_url=url,
        http_status=200,
        content_type="text/html",
        page_title=candidates[0] if candidates else None,
        title_candidates=candidates,
        text_excerpt=text,
    )


def _observed(footnote: Footnote, pages: dict[str, Fetched]) -> Footnote:
    """The footnote with each link carrying what was observed for its URL (as `check` does)."""
    links = tuple(dataclasses.replace(link, fetched=pages.get(link.url)) for link in footnote.links)
    return dataclasses.replace(footnote, links=links)
