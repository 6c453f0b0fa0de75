"""Page regions of a PDF: the notes area of a page dense with footnotes (issue 13 item 5)."""

from __future__ import annotations

import pytest

pytest.importorskip("pdfminer")

from citecheck.parse import parse_bytes
from citecheck.parse.pdf import pdf_layout
from conftest import minimal_pdf

from ._pdf_pages import line

_EXPLANATION = (
    "mit Erläuterungen zu den Zahlen und ihrer Herkunft aus den amtlichen Statistiken der Länder"
)


def _dense_page(*, rule: bool) -> bytes:
    """A last page with two body lines and three long footnotes filling most of it."""
    parts = [
        line(760, 11, "Der Bundestag fordert die Bundesregierung auf", ("1",), ", die Zahlen"),
        line(746, 11, "zu nennen", ("2",), ". Die Kosten stiegen", ("3",), " deutlich."),
    ]
    if rule:
        parts.append(b"0.5 w 72 700 m 216 700 l S\n")
    y = 688
    for number in (1, 2, 3):
        parts.append(line(y, 8, (str(number),), " DRV, Bericht 2024, https://www.drv.de/b2024"))
        for _ in range(6):
            y -= 10
            parts.append(line(y, 8, _EXPLANATION))
        y -= 10
    return minimal_pdf(b"".join(parts), encoding=b"/WinAnsiEncoding")


@pytest.mark.parametrize("rule", [True, False])
def test_a_page_dense_with_footnotes_keeps_its_definitions(rule: bool) -> None:
    layout = pdf_layout(_dense_page(rule=rule))
    assert [d.number for d in layout.definitions] == [1, 2, 3]
    assert [m.number for m in layout.markers] == [1, 2, 3]
    assert layout.definitions[0].text.startswith("DRV, Bericht 2024, https://www.drv.de/b2024")
    assert _EXPLANATION not in layout.body
    document = parse_bytes(_dense_page(rule=rule), "antrag.pdf")
    assert not any(f.problems for f in document.footnotes)


def test_small_numbered_rows_at_a_page_bottom_are_not_notes() -> None:
    """A table in smaller type whose rows start with plain numbers, no separator rule and no
    raised number: body, not a footnote area."""
    parts = [
        line(y, 11, "Der Bundestag stellt fest, dass die Zahl der Verfahren gestiegen ist.")
        for y in (760, 746, 732, 718, 704)
    ]
    parts += [
        line(200 - 10 * row, 8, f"{row} Land {row} mit 1.{row}00 Verfahren im Jahr 2024")
        for row in range(1, 6)
    ]
    layout = pdf_layout(minimal_pdf(b"".join(parts)))
    assert layout.definitions == ()
    assert "1 Land 1 mit 1.100 Verfahren" in layout.body
