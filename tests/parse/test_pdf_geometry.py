"""Lines and superscript tokens of a PDF page: markers glued to roman numerals (issue 13)."""

from __future__ import annotations

import pytest

pytest.importorskip("pdfminer")

from citecheck.models import ProblemCode
from citecheck.parse import parse_bytes
from citecheck.parse.pdf import pdf_layout

from ._pdf_pages import drucksache_page as _page
from ._pdf_pages import line as _line

_NOTES = [
    _line(118, 8, ("1",), " Deutsche Rentenversicherung, https://www.drv.de/rente"),
    _line(108, 8, ("2",), " Destatis, Grundsicherung 2024, https://www.destatis.de/gs"),
    _line(98, 8, ("3",), " Bundesagentur, https://www.arbeitsagentur.de/buergergeld"),
]


def test_markers_glued_to_roman_numerals_are_markers() -> None:
    data = _page(
        [
            _line(700, 11, "Die Renten nach dem SGB VI", ("1",), " steigen zum 1. Juli 2025."),
            _line(686, 11, "Die Grundsicherung nach SGB XII", ("2",), " und das Bürgergeld"),
            _line(672, 11, "nach SGB II", ("3",), " werden angepasst."),
        ],
        _NOTES,
    )
    layout = pdf_layout(data)
    assert [(m.number, layout.body[: m.offset].split()[-1]) for m in layout.markers] == [
        (1, "VI"),
        (2, "XII"),
        (3, "II"),
    ]
    # The word after the marker keeps its space.
    assert "SGB VI steigen" in layout.body and "SGB II werden" in layout.body
    document = parse_bytes(data, "drucksache.pdf")
    assert document.problems == ()
    assert all(f.problems == () for f in document.footnotes)


def test_unicode_superscript_markers_after_roman_numerals() -> None:
    """A font that maps its marker glyphs to "¹", "²", "³": raised and smaller, or drawn at the
    baseline by the font itself; in the notes too. No marker is lost and no gap appears."""
    data = _page(
        [
            _line(700, 11, "Die Renten nach dem SGB VI", ("¹",), " steigen zum 1. Juli 2025."),
            _line(686, 11, "Die Grundsicherung nach SGB XII² und das Bürgergeld"),
            _line(672, 11, "nach SGB II", ("³",), " werden angepasst."),
        ],
        [
            _line(118, 8, ("¹",), " Deutsche Rentenversicherung, https://www.drv.de/rente"),
            _line(108, 8, "² Destatis, Grundsicherung 2024, https://www.destatis.de/gs"),
            _line(98, 8, ("³",), " Bundesagentur, https://www.arbeitsagentur.de/buergergeld"),
        ],
    )
    layout = pdf_layout(data)
    assert [d.number for d in layout.definitions] == [1, 2, 3]
    assert [m.number for m in layout.markers] == [1, 2, 3]
    assert "SGB XII und" in layout.body
    document = parse_bytes(data, "drucksache.pdf")
    codes = {p.code for p in document.problems}
    assert ProblemCode.NUMBERING_GAP not in codes and not codes


def test_what_is_not_a_marker_on_a_roman_numeral_page() -> None:
    data = _page(
        [
            # A unit exponent, a year after a numeral, a raised letter: text, not markers.
            _line(700, 11, "Auf 120 m", ("2",), " Fläche nach SGB VI 2025 gilt Art. I", ("a",)),
            _line(686, 11, "Die Renten nach dem SGB VI", ("1",), " steigen."),
        ],
        [_line(118, 8, ("1",), " Deutsche Rentenversicherung, https://www.drv.de/rente")],
    )
    layout = pdf_layout(data)
    assert [m.number for m in layout.markers] == [1]
    assert "120 m2 Fläche nach SGB VI 2025 gilt Art. Ia" in layout.body
