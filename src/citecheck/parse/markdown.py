"""Markdown input: the layout of Markdown motions.

Recognised footnote syntaxes: `[^N]` references with `[^N]: …` definitions (continuation lines
indented), `<sup>N</sup>` markers in the body and at the start of a definition paragraph (the
PDF-to-Markdown conversions of Bundestag motions), Unicode superscripts (¹²³) and endnote tables
or numbered lists under a "Footnotes" heading (`| 1. | … |`, congress.gov scrapes). Body text gets
light Markdown cleanup (headings, emphasis, links reduced to their text) so that citing sentences
read as prose. Imports: parse.layout, parse._layout_common, parse.base, parse.document, models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from citecheck.errors import UnreadableDocument
from citecheck.lazy_patterns import lazy_pattern
from citecheck.models import Document
from citecheck.parse._layout_common import (
    SUPERSCRIPT_CLASS,
    UNIT_WORDS,
    BodyBuilder,
    decode_layer,
    is_terminal,
    line_offsets_of,
    superscript_value,
    watermark_lines,
)
from citecheck.parse.document import build_document
from citecheck.parse.layout import Layout, RawDefinition

_FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")
_FN_DEF_RE = re.compile(r"^ {0,3}\[\^(\d{1,4})\]:[ \t]?(.*)$")
_SUP_DEF_RE = re.compile(r"^ {0,3}<sup>\s*(\d{1,4})\s*</sup>[ \t]*(.*)$", re.IGNORECASE)
_USUP_DEF_RE = re.compile(rf"^ {{0,3}}({SUPERSCRIPT_CLASS}+)[ \t]*(\S.*)$")
_TABLE_DEF_RE = lazy_pattern(r"^\s*\|\s*(\d{1,4})\.?\s*\|\s*(.*?)\s*\|?\s*$")
_LIST_DEF_RE = lazy_pattern(r"^ {0,3}(\d{1,4})[.)]\s+(\S.*)$")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_NOTES_HEADING_RE = re.compile(
    r"^\W*(?:foot ?notes?|end ?notes?|notes|fußnoten|fussnoten|endnoten|anmerkungen)\W*$",
    re.IGNORECASE,
)
_INDENTED_RE = lazy_pattern(r"^(?: {4}|\t)")

#: Inline syntax of a body line: markers to remove, markup to reduce to plain text.
_INLINE_RE = re.compile(
    # The leading look-ahead lets the scan skip plain characters without trying every branch.
    rf"(?=[<\[*\\!]|{SUPERSCRIPT_CLASS})"
    r"(?:(?P<sup><sup>\s*(?P<supnum>\d{1,4}(?:\s*,\s*\d{1,4})*)\s*</sup>)"
    r"|(?P<fnref>\[\^(?P<fnnum>\d{1,4})\])"
    rf"|(?P<usup>{SUPERSCRIPT_CLASS}+)"
    r"|(?P<image>!\[(?P<alt>[^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<link>\[(?P<ltext>[^\]\n]*)\]\((?P<lurl>[^)\s]*)(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<autolink><(?P<aurl>(?:https?|ftp)://[^>\s]+)>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>)"
    r"|(?P<strong>\*\*)"
    r"|(?P<escape>\\(?P<esc>[\\`*_{}\[\]()#+\-.!|<>])))",
    re.IGNORECASE,
)
_ESCAPE_RE = lazy_pattern(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_WORD_BEFORE_RE = lazy_pattern(r"([^\W\d_]+)$")

#: Content sniffing: strong signs (footnote syntax) and weak ones (headings, links).
_SNIFF_STRONG_RE = lazy_pattern(r"^ {0,3}\[\^\d+\]:|<sup>\s*\d+\s*</sup>", re.MULTILINE | re.I)
_SNIFF_HEADING_RE = lazy_pattern(r"^#{1,6} \S", re.MULTILINE)
_SNIFF_LINK_RE = lazy_pattern(r"\]\((?:https?://|/|#)|<https?://[^>\s]+>")


@dataclass(frozen=True, slots=True)
class _Def:
    """A definition found in the line pass: where it is and what it says."""

    number: int
    marker: str
    index: int
    lines: tuple[str, ...]
    last_index: int


def looks_like_markdown(text: str) -> bool:
    """True when text uses Markdown footnote syntax, or Markdown headings together with links."""
    sample = text[:200_000]
    if _SNIFF_STRONG_RE().search(sample):
        return True
    return bool(_SNIFF_HEADING_RE().search(sample) and _SNIFF_LINK_RE().search(sample))


def _match_definition(
    line: str, in_notes: bool, after_break: bool
) -> tuple[int, str, str, str] | None:
    """(number, marker, first text line, kind) when `line` starts a footnote definition."""
    if match := _FN_DEF_RE.match(line):
        return int(match.group(1)), match.group(1), match.group(2), "fn"
    # A <sup>/superscript definition starts a paragraph; mid-paragraph it is a wrapped marker.
    if after_break and (match := _SUP_DEF_RE.match(line)):
        return int(match.group(1)), match.group(1), match.group(2), "para"
    if after_break and (match := _USUP_DEF_RE.match(line)):
        return superscript_value(match.group(1)), match.group(1), match.group(2), "para"
    if in_notes:
        if match := _TABLE_DEF_RE().match(line):
            return int(match.group(1)), match.group(1), match.group(2), "row"
        if match := _LIST_DEF_RE().match(line):
            return int(match.group(1)), match.group(1), match.group(2), "list"
    return None


def _scan(lines: list[str], furniture: set[int]) -> tuple[list[_Def], list[bool]]:
    """Find definitions; returns them and a per-line flag "this line is body"."""
    is_body = [True] * len(lines)
    definitions: list[_Def] = []
    in_fence = False
    in_notes = False
    after_break = True
    i = 0
    count = len(lines)
    while i < count:
        line = lines[i]
        if i in furniture:
            is_body[i] = False
            after_break = True
            i += 1
            continue
        if _FENCE_RE.match(line):
            in_fence = not in_fence
        if in_fence or _FENCE_RE.match(line):
            after_break = False
            i += 1
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            in_notes = _NOTES_HEADING_RE.match(heading.group(2).replace("*", "")) is not None
            after_break = True
            i += 1
            continue
        if not line.strip():
            after_break = True
            i += 1
            continue
        found = _match_definition(line, in_notes, after_break)
        if found is None:
            after_break = False
            i += 1
            continue
        number, marker, first, kind = found
        parts = [first]
        j = i + 1
        if kind != "row":
            j = _continuation(lines, j, parts, kind, in_notes, furniture)
        for k in range(i, j):
            is_body[k] = False
        definitions.append(_Def(number, marker, i, tuple(parts), j - 1))
        after_break = True
        i = j
    return definitions, is_body


def _continuation(
    lines: list[str], j: int, parts: list[str], kind: str, in_notes: bool, furniture: set[int]
) -> int:
    """Collect the continuation lines of a definition into `parts`; returns the next index."""
    count = len(lines)
    while j < count:
        line = lines[j]
        if j in furniture or _HEADING_RE.match(line) or _FENCE_RE.match(line):
            break
        if not line.strip():
            # Only `[^N]:` definitions continue after a blank line, with an indented paragraph.
            k = j
            while k < count and not lines[k].strip():
                k += 1
            if kind == "fn" and k < count and _INDENTED_RE().match(lines[k]):
                parts.extend("" for _ in range(j, k))
                j = k
                continue
            break
        if _match_definition(line, in_notes, True) is not None:
            break
        parts.append(line.strip())
        j += 1
    # A trailing empty part would leave a dangling "\n".
    while parts and not parts[-1] and len(parts) > 1:
        parts.pop()
    return j


def _emit_inline(builder: BodyBuilder, line: str, known: frozenset[int]) -> None:
    """Append one body line: markers become `Marker`s, markup is reduced to its text."""
    position = 0
    for match in _INLINE_RE.finditer(line):
        kind = match.lastgroup
        if kind == "usup" and not _is_superscript_marker(line, match, known):
            continue
        builder.text(line[position : match.start()])
        position = match.end()
        if kind == "sup":
            for number in re.split(r"\s*,\s*", match.group("supnum")):
                builder.marker(int(number))
        elif kind == "fnref":
            builder.marker(int(match.group("fnnum")))
        elif kind == "usup":
            builder.marker(superscript_value(match.group("usup")))
        elif kind == "image":
            builder.text(_ESCAPE_RE().sub(r"\1", match.group("alt")))
        elif kind == "link":
            if target := match.group("lurl"):
                builder.link(_ESCAPE_RE().sub(r"\1", target))
            builder.text(_ESCAPE_RE().sub(r"\1", match.group("ltext").replace("**", "")))
        elif kind == "autolink":
            builder.text(match.group("aurl"))
        elif kind == "escape":
            builder.text(match.group("esc"))
        # tags and ** vanish
    builder.text(line[position:])


def _is_superscript_marker(line: str, match: re.Match[str], known: frozenset[int]) -> bool:
    """A Unicode superscript is a marker when a definition has its number and it is no unit."""
    if superscript_value(match.group("usup")) not in known:
        return False
    after = line[match.end() : match.end() + 1]
    if after.isalnum():
        return False
    word = _WORD_BEFORE_RE().search(line, max(0, match.start() - 40), match.start())
    return not (word and word.group(1) in UNIT_WORDS)


def _body_text_of(line: str) -> str:
    """The prose of a body line: heading hashes dropped."""
    heading = _HEADING_RE.match(line)
    if heading:
        return heading.group(2)
    return line


def markdown_layout(text: str, format_name: str = "markdown") -> Layout:
    """Split a Markdown document into body, markers and definitions."""
    lines = text.split("\n")
    furniture = watermark_lines(text, line_offsets_of(text))
    definitions, is_body = _scan(lines, furniture)
    known = frozenset(d.number for d in definitions)
    builder = BodyBuilder()
    previous: int | None = None
    for index, line in enumerate(lines):
        if not is_body[index] or not line.strip():
            continue
        content = _body_text_of(line).rstrip()
        head = content.lstrip()
        if previous is None:
            builder.start_line(index + 1, "")
        else:
            between = range(previous + 1, index)
            removed = any(not is_body[k] for k in between)
            blank_only = not removed and any(True for _ in between)
            if blank_only:
                builder.start_line(index + 1, "\n\n")
            elif not builder.join_hyphenated(index + 1, head, gap=removed):
                if removed and (is_terminal(builder.tail) or not head[:1].islower()):
                    builder.start_line(index + 1, "\n\n")
                else:
                    builder.start_line(index + 1, "\n")
        _emit_inline(builder, head, known)
        previous = index
    raw = tuple(
        RawDefinition(
            number=d.number,
            marker=d.marker,
            line=d.index + 1,
            text="\n".join(d.lines).strip(),
            markdown=True,
        )
        for d in definitions
    )
    return builder.build(format_name, raw)


class MarkdownParser:
    """Markdown motions: `[^n]` footnotes, `<sup>n</sup>` markers, superscripts, endnote tables."""

    name: ClassVar[str] = "markdown"
    suffixes: ClassVar[tuple[str, ...]] = (".md", ".markdown")

    def detect(self, data: bytes, path: str) -> bool:
        """Markdown by suffix; for other names (stdin, no suffix) by content.

        A `.txt` file stays text even when it holds Markdown: the text adapter reads such files
        with the Markdown layout rules but reports the format the user saved.
        """
        suffix = Path(path).suffix.lower()
        if suffix in self.suffixes:
            return True
        if suffix == ".txt":
            return False
        try:
            text = decode_layer(data[:400_000])
        except UnreadableDocument:
            return False
        return looks_like_markdown(text)

    def parse(self, data: bytes, path: str) -> Document:
        """Parse a Markdown document."""
        return build_document(path, markdown_layout(decode_layer(data)))
