"""Page regions of a PDF: the furniture to leave out and the footnote area of each page.

Marks each `Line.kind` as body, note or furniture; nothing else is decided here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from citecheck.parse._layout_common import WATERMARK_RE
from citecheck.parse.pdf.geometry import Line, Page

_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:seite|page)\s+)?\d{1,4}(?:\s*(?:von|of|/)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_DRUCKSACHE_RE = re.compile(r"Drucksache\s+\d+\s*/\s*\d+")
_DIGITS_RE = re.compile(r"\d+")
LEADING_NUMBER_RE = re.compile(r"^(\d{1,4})\s+(?=\S)")
#: Lines from the top of each page that decide the body size.
_TOP_LINES = 3


def body_size(pages: Sequence[Page]) -> float:
    """The font size of the body text: the size most glyphs have in the top lines of each page
    (furniture left out; call after `mark_furniture`).

    Counting only the top of each page keeps a page dense with footnotes, whose notes outweigh
    its few body lines, from passing the notes' size off as the body's.
    """
    counts: Counter[float] = Counter()
    for page in pages:
        content = [line for line in page.lines if line.kind != "furniture"]
        for line in sorted(content, key=lambda ln: -ln.base)[:_TOP_LINES]:
            counts[line.size] += len(line.glyphs)
    return counts.most_common(1)[0][0] if counts else 10.0


def mark_furniture(pages: Sequence[Page]) -> None:
    """Mark page furniture: the watermark line, and in the top or bottom band page numbers,
    "Drucksache 21/123" and running heads or feet that repeat on several pages.

    (Rotated text, the "Vorabfassung" watermark in the margin, never becomes a glyph.)
    """
    bands: Counter[str] = Counter()
    keys: dict[int, str] = {}
    for page in pages:
        for line in page.lines:
            if _in_band(line, page):
                key = _DIGITS_RE.sub("#", line.text)
                keys[id(line)] = key
                bands[key] += 1
    repeated = 2 if len(pages) >= 2 else 10**9
    for page in pages:
        for line in page.lines:
            text = line.text
            if WATERMARK_RE.search(text) and len(text) < 80:
                line.kind = "furniture"
            elif id(line) in keys and (
                _PAGE_NUMBER_RE.match(text)
                or bands[keys[id(line)]] >= repeated
                or _DRUCKSACHE_RE.search(text)
            ):
                line.kind = "furniture"


def _in_band(line: Line, page: Page) -> bool:
    return line.base > page.height * 0.88 or line.base < page.height * 0.09


def _separator(page: Page, size: float) -> float | None:
    """The y of the footnote separator rule, if the page has one.

    A separator is a short thin horizontal line at the left margin in the lower three quarters
    of the page, with space above it (an underline hugs the text above) and below it a line of
    smaller type that starts with a number.
    """
    content = [line for line in page.lines if line.kind != "furniture"]
    if not content:
        return None
    left = min(line.x0 for line in content)
    candidates = []
    for rule in page.rules:
        if abs(rule.x0 - left) > 6 or rule.x1 - rule.x0 > 0.5 * page.width:
            continue
        if rule.y > page.height * 0.75:
            continue
        above = [ln for ln in content if 0 < ln.base - rule.y < 0.6 * ln.size]
        below = [ln for ln in content if ln.base < rule.y]
        if above or not below:
            continue
        first = max(below, key=lambda ln: ln.base)
        if first.size > size * 0.95 or not _starts_with_number(first):
            continue
        candidates.append(rule.y)
    return max(candidates) if candidates else None


def _starts_with_number(line: Line) -> bool:
    first = line.first_token()
    if isinstance(first, int):
        return True
    return isinstance(first, str) and LEADING_NUMBER_RE.match(first.lstrip()) is not None


def mark_notes(page: Page, size: float) -> None:
    """Mark the lines of the page's footnote area.

    The area is what lies below the footnote separator rule; on a page without one, the bottom
    block of smaller-type lines that starts with a superscript number.
    """
    rule = _separator(page, size)
    content = [line for line in page.lines if line.kind != "furniture"]
    if rule is not None:
        for line in content:
            if line.base < rule:
                line.kind = "note"
        return
    block: list[Line] = []
    for line in reversed(content):
        if line.size > size * 0.92:
            break
        block.append(line)
    while block and not (block[-1].tokens and isinstance(block[-1].first_token(), int)):
        block.pop()
    for line in block:
        line.kind = "note"
