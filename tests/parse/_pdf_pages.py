"""Drucksache-style PDF pages for the PDF tests: body lines with raised markers, the footnote
separator rule, notes in smaller type."""

from __future__ import annotations

from conftest import minimal_pdf


def line(y: float, size: float, *parts: str | tuple[str]) -> bytes:
    """One line of Helvetica at `y`; a 1-tuple is a marker set raised and smaller (Ts, Tf) as
    Word and LibreOffice write footnote references."""
    out = b"BT /F1 %g Tf 72 %g Td " % (size, y)
    for part in parts:
        if isinstance(part, tuple):
            raised = part[0].encode("cp1252")
            out += b"/F1 %g Tf %g Ts (%s) Tj /F1 %g Tf 0 Ts " % (
                size * 0.62,
                size * 0.38,
                raised,
                size,
            )
        else:
            out += b"(%s) Tj " % part.encode("cp1252")
    return out + b"ET\n"


_PROSE = [
    line(y, 11, "Der Deutsche Bundestag stellt fest, dass die Anpassung der Leistungen im Jahr")
    for y in (600, 586, 572, 558, 544)
]


def drucksache_page(
    body: list[bytes], notes: list[bytes], encoding: bytes = b"/WinAnsiEncoding"
) -> bytes:
    """A Drucksache-style page: body lines (then more prose), the footnote separator rule,
    the notes in smaller type."""
    rule = b"0.5 w 72 130 m 216 130 l S\n"
    return minimal_pdf(b"".join([*body, *_PROSE, rule, *notes]), encoding=encoding)
