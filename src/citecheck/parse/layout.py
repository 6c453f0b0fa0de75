"""What a format adapter hands to the shared footnote rules (`parse.document`).

Adapters only decide layout: which text is body, where markers sit, which lines are footnote
definitions, what is page furniture; everything about language is shared by every format.
"""

from __future__ import annotations

import bisect
import sys
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Marker:
    """A footnote marker found in the body."""

    number: int
    """The footnote number it points to."""
    offset: int
    """Offset in `Layout.body` where the marker stood (the marker itself is removed)."""
    page: int | None = None
    """1-based physical page the marker stood on, for paged formats (PDF); None elsewhere."""


@dataclass(frozen=True, slots=True)
class RawDefinition:
    """A footnote definition as the adapter found it."""

    number: int
    """The footnote number."""
    marker: str
    """The marker as printed ("3" or "³")."""
    line: int
    """1-based source line where the definition starts."""
    text: str
    """Definition text without its marker; source line breaks kept as "\\n" so that URLs
    wrapped over lines can be rejoined; Markdown syntax kept for Markdown input."""
    markdown: bool = False
    """True when `text` is Markdown (links, autolinks, escapes)."""
    page: int | None = None
    """1-based physical page of the definition's first line, for paged formats (PDF); None
    elsewhere."""


@dataclass(frozen=True, slots=True)
class BodyLink:
    """A hyperlink of the body whose URL is not in the body text (a Markdown `[text](url)`)."""

    offset: int
    """Offset in `Layout.body` where the link's text starts."""
    url: str
    """The link target as written (escapes removed)."""


@dataclass(frozen=True, slots=True)
class Layout:
    """A document split into body and footnote definitions."""

    format: str
    """Format name (markdown, text, pdf, docx, html)."""
    body: str
    """Body text with markers removed and page furniture dropped; paragraphs separated by
    a blank line ("\\n\\n"); a word hyphenated across a page break is joined."""
    line_starts: tuple[tuple[int, int], ...]
    """(offset in body, 1-based source line) pairs, ascending by offset."""
    markers: tuple[Marker, ...]
    """Body markers in order of appearance."""
    definitions: tuple[RawDefinition, ...]
    """Definitions in document order (duplicates kept)."""
    links: tuple[BodyLink, ...] = ()
    """Body hyperlinks whose target is not part of the body text, in order."""
    line_pages: tuple[tuple[int, int], ...] = ()
    """(1-based source line, 1-based physical page) of each body line, for paged formats (PDF);
    empty elsewhere."""
    metadata_date: str | None = None
    """The date in the file's metadata ("YYYY-MM-DD"; DOCX core properties, PDF Info), the
    document date's last resort; None for formats without metadata."""

    def line_at(self, offset: int) -> int:
        """The source line of a body offset (1 if the body is empty)."""
        if not self.line_starts:
            return 1
        # Pairs compare by offset first; (offset, maxsize) sorts after every pair at `offset`.
        index = bisect.bisect_right(self.line_starts, (offset, sys.maxsize)) - 1
        return self.line_starts[max(index, 0)][1]


class BodyLines:
    """Body offset → source line, with the offsets list built once (bisect per lookup)."""

    def __init__(self, layout: Layout) -> None:
        self._offsets = [start for start, _ in layout.line_starts]
        self._lines = [line for _, line in layout.line_starts]

    def at(self, offset: int) -> int:
        """The 1-based source line of a body offset (1 if the body is empty)."""
        if not self._offsets:
            return 1
        index = bisect.bisect_right(self._offsets, offset) - 1
        return self._lines[max(index, 0)]
