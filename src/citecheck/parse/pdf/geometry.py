"""Glyph geometry of a PDF page: glyphs, rules and link boxes, grouped into lines of tokens.

A line is the glyphs on one baseline; its tokens are text pieces and the numbers written in
raised, smaller glyphs (the possible footnote markers).
"""

from __future__ import annotations

import operator
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from citecheck.parse._layout_common import SUPERSCRIPT_DIGITS

_TO_DIGITS = str.maketrans(SUPERSCRIPT_DIGITS)
_MARKER_RUN_RE = re.compile(r"^\d{1,4}(?:[,;]\s*\d{1,4})*$")
_X0 = operator.attrgetter("x0")


class Glyph(NamedTuple):
    """One character with its geometry (PDF user space, y grows upwards).

    A named tuple, not a frozen dataclass: a long document has hundreds of thousands.
    """

    text: str
    x0: float
    x1: float
    base: float
    size: float


@dataclass(frozen=True, slots=True)
class Rule:
    """A thin horizontal shape: a footnote separator candidate (or an underline)."""

    x0: float
    x1: float
    y: float


@dataclass(frozen=True, slots=True)
class LinkBox:
    """A link annotation with a URI."""

    x0: float
    y0: float
    x1: float
    y1: float
    uri: str


@dataclass(slots=True)
class Line:
    """Glyphs on one baseline, with the tokens read from them."""

    page: int
    glyphs: list[Glyph]
    base: float = 0.0
    size: float = 0.0
    tokens: list[str | int] = field(default_factory=list)
    """Text pieces and superscript numbers (possible markers) in reading order."""
    kind: str = "body"
    """body, note or furniture."""

    @property
    def x0(self) -> float:
        """Left edge of the line."""
        return self.glyphs[0].x0

    @property
    def text(self) -> str:
        """The line's text with superscripts written as plain digits."""
        return "".join(t if isinstance(t, str) else str(t) for t in self.tokens).strip()

    def first_token(self) -> str | int | None:
        """The first token that is not blank."""
        return next((t for t in self.tokens if not (isinstance(t, str) and not t.strip())), None)


@dataclass(slots=True)
class Page:
    """What one page holds."""

    number: int
    width: float
    height: float
    lines: list[Line]
    rules: list[Rule]
    links: list[LinkBox]


def group_lines(page: int, glyphs: list[Glyph]) -> list[Line]:
    """Group glyphs into lines by baseline; a raised smaller glyph joins the line below it."""
    ordered = sorted(glyphs, key=lambda g: (-round(g.base, 1), g.x0))
    lines: list[Line] = []
    current: list[Glyph] = []
    anchor_base = anchor_size = 0.0
    for glyph in ordered:
        if current and abs(anchor_base - glyph.base) <= 0.55 * max(anchor_size, glyph.size):
            current.append(glyph)
            if glyph.size > anchor_size:
                anchor_base, anchor_size = glyph.base, glyph.size
            continue
        if current:
            lines.append(_make_line(page, current))
        current = [glyph]
        anchor_base, anchor_size = glyph.base, glyph.size
    if current:
        lines.append(_make_line(page, current))
    return [line for line in lines if line.text]


def _make_line(page: int, glyphs: list[Glyph]) -> Line:
    glyphs.sort(key=_X0)
    visible = [g for g in glyphs if g.text.strip()] or glyphs
    size = Counter(round(g.size, 1) for g in visible).most_common(1)[0][0]
    base = statistics.median(g.base for g in visible if round(g.size, 1) == size)
    line = Line(page, glyphs, base, size)
    line.tokens = _tokens(glyphs, base, size)
    return line


def _is_superscript(glyph: Glyph, base: float, size: float) -> bool:
    """A glyph smaller than its line's text and raised above its baseline, or a Unicode
    superscript digit (a font whose marker glyphs are mapped to "²", "⁸")."""
    return (
        glyph.size <= 0.85 * size and glyph.base - base >= 0.12 * size
    ) or glyph.text in SUPERSCRIPT_DIGITS


def _tokens(glyphs: list[Glyph], base: float, size: float) -> list[str | int]:
    """Text with spaces from gaps, and runs of superscript digits as numbers.

    Body markers come from size and rise, never from digits glued to words: a run of raised
    digits ("12", "3, 4"; Unicode superscript digits count as digits, so "VI²⁸" is "VI" and
    marker 28) is one number per marker; any other raised run is text. A space after a
    marker is kept ("VI² steigt").
    """
    tokens: list[str | int] = []
    text: list[str] = []
    sup: list[str] = []
    previous: Glyph | None = None

    def flush_sup() -> None:
        run = "".join(sup).strip().translate(_TO_DIGITS)
        sup.clear()
        if not run:
            return
        if _MARKER_RUN_RE.match(run):
            if text:
                tokens.append("".join(text))
                text.clear()
            tokens.extend(int(n) for n in re.split(r"[,;]\s*", run))
        else:
            text.append(run)

    for glyph in glyphs:
        gap = previous is not None and glyph.x0 - previous.x1 > 0.2 * min(glyph.size, previous.size)
        if _is_superscript(glyph, base, size) and glyph.text.strip():
            if gap and sup:
                flush_sup()
            sup.append(glyph.text)
            previous = glyph
            continue
        flush_sup()
        if glyph.text.isspace() or not glyph.text:
            if (text and not text[-1].endswith(" ")) or (not text and tokens):
                text.append(" ")
        else:
            if gap and text and not text[-1].endswith(" "):
                text.append(" ")
            elif gap and not text and tokens:
                text.append(" ")
            text.append(glyph.text)
        previous = glyph
    flush_sup()
    if text:
        tokens.append("".join(text))
    return tokens
