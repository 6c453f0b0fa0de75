"""Layout helpers shared by the format adapters: the body builder (body text, line map and
marker offsets in one linear pass), the line-joining rules, superscript digits, decoding and
the "Vorabfassung" watermark every German parliamentary text carries.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from citecheck.errors import UnreadableDocument
from citecheck.lazy_patterns import lazy_pattern
from citecheck.parse.base import decode_text
from citecheck.parse.layout import BodyLink, Layout, Marker, RawDefinition
from citecheck.parse.url_finder import ends_inside_url

#: Unicode superscript digits and their values.
SUPERSCRIPT_DIGITS: dict[str, str] = {
    "⁰": "0",
    "¹": "1",
    "²": "2",
    "³": "3",
    "⁴": "4",
    "⁵": "5",
    "⁶": "6",
    "⁷": "7",
    "⁸": "8",
    "⁹": "9",
}
SUPERSCRIPT_CLASS = "[⁰¹²³⁴⁵⁶⁷⁸⁹]"

#: Words after which a superscript is a unit exponent (m², km³), not a footnote marker.
UNIT_WORDS: frozenset[str] = frozenset(
    {"m", "cm", "mm", "dm", "km", "qm", "ft", "in", "yd", "mi", "s", "kg", "µm", "nm"}
)

#: The Bundestag's "Vorabfassung" watermark; DIP text splits it over three lines
#: ("V" / "orabfassung – w" / "ird durch …"), so newlines may sit anywhere in it.
WATERMARK_RE = re.compile(
    r"V[ \t]*\n?[ \t]*orabfassung[ \t]*[–-][ \t]*\n?[ \t]*w[ \t]*\n?[ \t]*ird[ \t]+durch[ \t]+die"
    r"[ \t]+lektorierte[ \t]+Fassung[ \t]+ersetzt\.?"
)

#: Words that follow a line-end hyphen without joining it ("Hin- und Rückflug").
_CONJUNCTIONS: frozenset[str] = frozenset(
    {"und", "oder", "bzw", "sowie", "als", "noch", "wie", "bis", "and", "or", "to"}
)
_TERMINAL_RE = lazy_pattern(r"[.!?:][\"'“”»«)\]]*$")


_NUL_RE = re.compile(rb"\x00[ \t]*")


def decodes_as_text(data: bytes) -> bool:
    """Does the start of `data` (64 KiB) decode as text (`decode_layer`)?"""
    try:
        decode_layer(data[:65_536])
    except UnreadableDocument:
        return False
    return True


def decode_layer(data: bytes) -> str:
    """Decode a text document, tolerating the odd NUL byte of a PDF text layer.

    A PDF text layer writes a glyph it cannot map as NUL; DIP texts have one where a word was
    split ("Luftverkehr\\x00 steuer"). A few such bytes do not make a file binary: they are
    dropped with the blanks after them, which rejoins the word. More than one NUL per thousand
    bytes (UTF-16, images) is left for `decode_text` to refuse. Raises `UnreadableDocument`.
    """
    if b"\x00" in data and data.count(b"\x00") * 1000 < len(data):
        data = _NUL_RE.sub(b"", data)
    return decode_text(data)


def superscript_value(text: str) -> int:
    """The integer written in Unicode superscript digits ("¹²" → 12)."""
    return int("".join(SUPERSCRIPT_DIGITS[c] for c in text))


def watermark_lines(text: str, line_offsets: list[int]) -> set[int]:
    """0-based indexes of lines that hold nothing but the Vorabfassung watermark."""
    found: set[int] = set()
    for match in WATERMARK_RE.finditer(text):
        first = bisect.bisect_right(line_offsets, match.start()) - 1
        last = bisect.bisect_right(line_offsets, max(match.end() - 1, match.start())) - 1
        # Only whole lines are furniture: the watermark may not share a line with body text.
        before = text[line_offsets[first] : match.start()]
        end_of_last = text.find("\n", match.end())
        after = text[match.end() : end_of_last if end_of_last >= 0 else len(text)]
        if before.strip() or after.strip():
            continue
        found.update(range(first, last + 1))
    return found


def line_offsets_of(text: str) -> list[int]:
    """Offsets where each line of `text` starts (line i starts at result[i])."""
    offsets = [0]
    offsets.extend(m.end() for m in re.finditer("\n", text))
    return offsets


def is_terminal(text: str) -> bool:
    """True when `text` ends a sentence (., !, ?, : possibly followed by quotes/brackets)."""
    return _TERMINAL_RE().search(text.rstrip()) is not None


def _first_word(text: str) -> str:
    match = re.match(r"[^\W\d_]+", text)
    return match.group(0) if match else ""


def join_rule(prev: str, head: str) -> tuple[bool, str] | None:
    """How a line-end hyphen in `prev` meets the next body text `head`.

    Returns (drop_hyphen, separator) when `prev` ends in a word hyphen, else None:
    "Gesetzgebungs-" + "verfahrens" joins to one word (the hyphen only marks the line break);
    "Sachsen-" + "Anhalt" keeps the hyphen of a compound; "Hin-" + "und" keeps a space.
    """
    stripped = prev.rstrip()
    if len(stripped) < 2 or stripped[-1] != "-" or not stripped[-2].isalpha():
        return None
    head = head.lstrip()
    if not head or ends_inside_url(stripped):  # a URL's hyphen is the URL finder's to judge
        return None
    if head[0].islower():
        if _first_word(head).lower() in _CONJUNCTIONS:
            return (False, " ")
        return (True, "")
    if head[0].isupper():
        return (False, "")
    return None


class BodyBuilder:
    """Accumulates body text, its line map and marker offsets without quadratic copying."""

    __slots__ = ("_length", "_line_starts", "_links", "_markers", "_parts", "_tail")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._line_starts: list[tuple[int, int]] = []
        self._markers: list[Marker] = []
        self._links: list[BodyLink] = []
        self._tail = ""

    @property
    def tail(self) -> str:
        """The last line of text added (for deciding how the next line joins)."""
        return self._tail

    @property
    def is_empty(self) -> bool:
        """True before any text was added."""
        return self._length == 0

    def start_line(self, line: int, separator: str) -> None:
        """Begin a source line: add `separator` (unless the body is empty) and map the line."""
        if self._length and separator:
            self._append(separator)
        if self._line_starts and self._line_starts[-1][0] == self._length:
            self._line_starts[-1] = (self._length, line)
        else:
            self._line_starts.append((self._length, line))
        self._tail = ""

    def join_hyphenated(self, line: int, head: str, *, gap: bool) -> bool:
        """Join the next line onto a line-end hyphen if `join_rule` says so; True if joined.

        `gap` says removed material (footnotes, furniture) lies between the two lines.
        """
        rule = join_rule(self._tail, head)
        if rule is None:
            return False
        drop, separator = rule
        if gap and separator == " ":
            separator = "\n"
        self._strip_trailing_space()
        if drop:
            self._drop_last_char()
        self.start_line(line, separator)
        return True

    def text(self, chunk: str) -> None:
        """Append body text to the current line."""
        if chunk:
            self._append(chunk)
            self._tail += chunk

    def marker(self, number: int) -> None:
        """Record a marker at the current end of the body."""
        self._markers.append(Marker(number, self._length))

    def link(self, url: str) -> None:
        """Record a hyperlink target (not part of the body text) at the current end."""
        self._links.append(BodyLink(self._length, url))

    def _append(self, chunk: str) -> None:
        self._parts.append(chunk)
        self._length += len(chunk)

    def _strip_trailing_space(self) -> None:
        while self._parts and self._parts[-1][-1:] in (" ", "\t"):
            last = self._parts[-1]
            kept = last.rstrip(" \t")
            self._length -= len(last) - len(kept)
            if kept:
                self._parts[-1] = kept
            else:
                self._parts.pop()

    def _drop_last_char(self) -> None:
        if not self._parts:
            return
        last = self._parts[-1]
        self._length -= 1
        if len(last) > 1:
            self._parts[-1] = last[:-1]
        else:
            self._parts.pop()

    def build(self, format_name: str, definitions: Iterable[RawDefinition]) -> Layout:
        """The finished `Layout` (marker offsets clamped to the body)."""
        body = "".join(self._parts)
        markers = tuple(
            m if m.offset <= len(body) else Marker(m.number, len(body)) for m in self._markers
        )
        return Layout(
            format=format_name,
            body=body,
            line_starts=tuple(self._line_starts),
            markers=markers,
            definitions=tuple(definitions),
            links=tuple(
                link if link.offset <= len(body) else BodyLink(len(body), link.url)
                for link in self._links
            ),
        )
