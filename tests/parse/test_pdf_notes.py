"""The notes of a PDF: link annotations made whole in a definition's text."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pdfminer")

from citecheck.parse import parse_bytes
from citecheck.parse.pdf import pdf_layout
from citecheck.parse.pdf.notes import join_uri

from ._pdf_pages import drucksache_page, line

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_crs_hyphen_at_url_wrap_is_kept_in_the_text() -> None:
    path = FIXTURES / "corpus" / "pdf" / "us-crs-R48903v3-strait-of-hormuz-non-oil-shipments.pdf"
    layout = pdf_layout(path.read_bytes())
    first = layout.definitions[0].text
    assert "strait-hormuz-disruptions-\nimplications-global-trade" in first
    assert layout.definitions[-1].number == 40
    assert "Disclaimer" not in layout.definitions[-2].text  # the disclaimer is body, not a note
    assert "This document was prepared by the Congressional Research Service" in layout.body


def testjoin_uri_keeps_real_hyphens_and_drops_break_hyphens() -> None:
    real = "Vgl. https://example.org/recent-\nincidents."
    assert join_uri(real, "https://example.org/recent-incidents") == (
        "Vgl. https://example.org/recent-incidents."
    )
    added = "Vgl. https://example.org/Katastro-\nphen/seite"
    assert join_uri(added, "https://example.org/Katastrophen/seite") == (
        "Vgl. https://example.org/Katastrophen/seite"
    )
    assert join_uri("Vgl. Bericht", "https://example.org/x") is None


# --- line-end hyphens inside URLs, decided by the text layer's own evidence (issue 13) ----------

#: WinAnsi with code 173 as the soft hyphen, as producers that mark hyphenation points write it.
_SOFT_HYPHENS = b"<< /BaseEncoding /WinAnsiEncoding /Differences [173 /sfthyphen] >>"
_BODY = [
    line(700, 11, "Der Bericht", ("1",), " nennt die Zahlen, die Partnerschaft", ("2",), " auch.")
]


def _notes(first: tuple[str, str], second: tuple[str, str]) -> list[bytes]:
    return [
        line(118, 8, ("1",), first[0]),
        line(108, 8, first[1]),
        line(98, 8, ("2",), second[0]),
        line(88, 8, second[1]),
    ]


def test_soft_hyphen_at_a_url_line_end_is_the_typesetters() -> None:
    notes = _notes(
        (" Vgl. BMF, https://www.bundesfinanzministerium.de/Jahresbe\xad", "richt-2024.pdf"),
        (" Vgl. https://www.example.org/japan-", "und-deutschland.html"),
    )
    layout = pdf_layout(drucksache_page(_BODY, notes, _SOFT_HYPHENS))
    first, second = (d.text for d in layout.definitions)
    assert first == "Vgl. BMF, https://www.bundesfinanzministerium.de/Jahresbericht-2024.pdf"
    # The document marks its own breaks with soft hyphens: this hyphen is printed, a real one.
    assert second == "Vgl. https://www.example.org/japan-und-deutschland.html"
    document = parse_bytes(drucksache_page(_BODY, notes, _SOFT_HYPHENS), "antrag.pdf")
    assert [f.urls for f in document.footnotes] == [
        ("https://www.bundesfinanzministerium.de/Jahresbericht-2024.pdf",),
        ("https://www.example.org/japan-und-deutschland.html",),
    ]


def test_without_soft_hyphens_a_url_line_end_hyphen_is_left_to_the_url_rules() -> None:
    notes = _notes(
        (" Vgl. https://www.example.org/japan-", "und-deutschland.html"),
        (" Prose with a hyphen-", "ated word and no URL."),
    )
    first, second = (d.text for d in pdf_layout(drucksache_page(_BODY, notes)).definitions)
    # Nothing in this text layer tells a real hyphen from the typesetter's: "\n" stays.
    assert first == "Vgl. https://www.example.org/japan-\nund-deutschland.html"
    assert second == "Prose with a hyphen-\nated word and no URL."


def test_soft_hyphen_in_prose_joins_and_a_prose_hyphen_stays_a_line_break() -> None:
    notes = _notes(
        (" Bundesregierung, Bericht zur Ent\xad", "wicklung der Renten."),
        (" Siehe Hin-", "und Rückflug."),
    )
    first, second = (
        d.text for d in pdf_layout(drucksache_page(_BODY, notes, _SOFT_HYPHENS)).definitions
    )
    assert first == "Bundesregierung, Bericht zur Entwicklung der Renten."
    assert second == "Siehe Hin-\nund Rückflug."
