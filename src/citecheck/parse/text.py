"""Plain-text input: the layout of PDF text layers (Bundestag DIP texts, Landtag scrapes).

A PDF text layer has no markup: markers are digits glued to words or punctuation, definitions
are lines "<n> text" at page bottoms, page furniture sits between paragraphs. Which lines are
definitions and which digits are markers is decided as a whole by `parse.text_structure` (a
global decoder, `parse.decoder`); this module joins the body lines and cuts the markers out.

A `.txt` file that holds Markdown footnote syntax (`<sup>N</sup>`, `[^N]:`) is read with the
Markdown layout rules but still reported as format "text".
"""

from __future__ import annotations

from typing import ClassVar

from citecheck.models import Document
from citecheck.parse._layout_common import (
    BodyBuilder,
    decode_layer,
    decodes_as_text,
    is_terminal,
)
from citecheck.parse.decoder import MarkerCandidate
from citecheck.parse.document import build_document
from citecheck.parse.layout import Layout
from citecheck.parse.markdown import looks_like_markdown, markdown_layout
from citecheck.parse.text_structure import decode_structure, page_furniture


def _percentile_width(lines: list[str]) -> int:
    """The typical full line width: the 75th percentile of non-blank line lengths."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if not lengths:
        return 80
    return max(lengths[(len(lengths) * 3) // 4], 40)


def _paragraph_separator(
    builder: BodyBuilder, previous: str, head: str, *, removed: bool, blank: bool, short: int
) -> str:
    """The separator between two body lines that are not joined by a hyphen rule."""
    starts_new = head[:1].isupper() or head[:1].isdigit()
    if removed:
        return "\n\n" if is_terminal(builder.tail) and starts_new else "\n"
    if blank:
        return "\n\n"
    prev = previous.rstrip()
    if len(prev) < short and not prev.endswith((",", "-", ";")) and starts_new:
        return "\n\n"
    return "\n"


def text_layout(text: str) -> Layout:
    """Split a PDF text layer into body, markers and definitions."""
    lines = text.split("\n")
    width = _percentile_width(lines)
    furniture = page_furniture(text, lines)
    structure = decode_structure(lines, furniture, width)
    by_line: dict[int, list[MarkerCandidate]] = {}
    for candidate in sorted(structure.markers, key=lambda m: (m.line, m.start)):
        by_line.setdefault(candidate.line, []).append(candidate)
    is_body = structure.is_body

    builder = BodyBuilder()
    previous: int | None = None
    for index, line in enumerate(lines):
        if not is_body[index] or not line.strip():
            continue
        head = line.strip()
        if previous is None:
            builder.start_line(index + 1, "")
        else:
            between = range(previous + 1, index)
            removed = bool(between) and any(not is_body[k] and lines[k].strip() for k in between)
            blank = bool(between) and any(not lines[k].strip() for k in between)
            if not builder.join_hyphenated(index + 1, head, gap=removed or blank):
                separator = _paragraph_separator(
                    builder,
                    lines[previous],
                    head,
                    removed=removed,
                    blank=blank,
                    short=int(width * 0.6),
                )
                builder.start_line(index + 1, separator)
        _emit_line(builder, line, by_line.get(index, []))
        previous = index
    return builder.build("text", structure.definitions)


def _emit_line(builder: BodyBuilder, line: str, chosen: list[MarkerCandidate]) -> None:
    """Append a body line with its markers cut out (and recorded)."""
    stripped = line.strip()
    offset = len(line) - len(line.lstrip())
    position = offset
    for candidate in chosen:
        builder.text(line[position : candidate.start])
        for number in candidate.numbers:
            builder.marker(number)
        position = candidate.end
    builder.text(line[position : offset + len(stripped)])


class TextParser:
    """Plain text and PDF text layers; the fallback for any decodable text."""

    name: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".txt",)

    def detect(self, data: bytes, path: str) -> bool:
        """Any document that decodes as text is plain text (the registry's last resort)."""
        return decodes_as_text(data)

    def parse(self, data: bytes, path: str) -> Document:
        """Parse a text document (Markdown-flavoured text uses the Markdown layout rules)."""
        text = decode_layer(data)
        if looks_like_markdown(text):
            return build_document(path, markdown_layout(text, "text"))
        return build_document(path, text_layout(text))
