"""The footnote definitions of a PDF: lines of the notes areas read as numbered definitions,
with their link annotations made whole in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from citecheck.parse.pdf.geometry import Line, LinkBox, Page
from citecheck.parse.pdf.regions import LEADING_NUMBER_RE

_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_ALNUM_RE = re.compile(r"[^0-9a-z]+")
#: A line that ends inside a URL.
_URL_TAIL_RE = re.compile(r"(?:https?://|www\.)\S*$", re.IGNORECASE)


@dataclass(slots=True)
class Note:
    """One definition as read from the notes areas."""

    number: int
    line: int
    parts: list[str]
    places: list[Line]


def read_notes(pages: Sequence[Page], numbering: dict[int, int]) -> list[Note]:
    """Definitions from the footnote areas, in order; continuation lines joined with "\\n".

    A definition starts at a line that opens with a superscript number (or with the next
    expected number in plain type); other lines continue the previous definition, across
    pages too. `numbering` maps `id(line)` to the line's number in the extracted text.
    """
    notes: list[Note] = []
    for page in pages:
        for line in page.lines:
            if line.kind != "note":
                continue
            number, rest = _definition_start(line, notes[-1].number if notes else 0)
            if number is not None:
                notes.append(Note(number, numbering[id(line)], [rest], [line]))
            elif notes:
                notes[-1].parts.append(line.text)
                notes[-1].places.append(line)
    return notes


def note_text(note: Note, *, soft_breaks: bool) -> str:
    """The note's lines joined with "\\n", line breaks the text layer explains joined.

    A line that ends in a soft hyphen (U+00AD: the text layer marks the typesetter's
    hyphenation point) joins the next line directly, without the hyphen. In a document that
    marks its breaks that way (`soft_breaks`), a plain hyphen at a line end is printed text:
    inside a URL ("…/japan-" / "und-deutschland") the URL continues with the hyphen kept.
    Other line breaks are left for the shared URL rules; stray soft hyphens vanish.
    """
    parts = [part for part in note.parts if part]
    out: list[str] = []
    for index, part in enumerate(parts):
        out.append(part.removesuffix("\xad"))
        if index + 1 == len(parts):
            break
        glued = part.endswith("\xad") or (
            soft_breaks and part.endswith("-") and _URL_TAIL_RE.search(part) is not None
        )
        if not glued:
            out.append("\n")
    return "".join(out).replace("\xad", "")


def _definition_start(line: Line, last: int) -> tuple[int | None, str]:
    tokens = [t for t in line.tokens if not (isinstance(t, str) and not t.strip())]
    if tokens and isinstance(tokens[0], int):
        rest = "".join(t if isinstance(t, str) else str(t) for t in tokens[1:])
        return tokens[0], rest.strip()
    text = line.text
    match = LEADING_NUMBER_RE.match(text)
    if match and int(match.group(1)) == last + 1:
        return int(match.group(1)), text[match.end() :].strip()
    return None, text


def apply_links(note: Note, links: Sequence[LinkBox], text: str) -> str:
    """Make each annotated URI lying on the note's lines whole in the text.

    Where the URI's text wraps over lines, the line break (and a hyphen that only exists
    because of the break) is removed so that the URL stands whole on one line; a URI not shown
    in the text is appended as a line "<URI>". Other URLs keep their "\\n" for the shared rules
    to rejoin.
    """
    uris: list[str] = []
    for link in links:
        for line in note.places:
            if _link_on_line(link, line) and link.uri not in uris:
                uris.append(link.uri)
    for uri in uris:
        if not uri.lower().startswith(("http://", "https://", "ftp://", "www.")):
            continue
        fixed = join_uri(text, uri)
        if fixed is not None:
            text = fixed
        elif _ALNUM_RE.sub("", _bare(uri).lower()) not in _ALNUM_RE.sub("", text.lower()):
            text = f"{text}\n<{uri}>"
    return text


def _link_on_line(link: LinkBox, line: Line) -> bool:
    top = line.base + line.size * 0.8
    bottom = line.base - line.size * 0.2
    overlap_y = min(link.y1, top) - max(link.y0, bottom)
    overlap_x = min(link.x1, line.glyphs[-1].x1) - max(link.x0, line.glyphs[0].x0)
    return overlap_y > 0.3 * line.size and overlap_x > 0


def _bare(uri: str) -> str:
    return _SCHEME_RE.sub("", uri).rstrip("/")


def join_uri(text: str, uri: str) -> str | None:
    """`text` with the line breaks inside the URI's wrapped occurrence removed, else None."""
    for candidate in dict.fromkeys((_bare(uri), _bare(unquote(uri)))):
        if not candidate:
            continue
        if candidate in text:
            return text
        pattern = r"(?:-?\n)?".join(re.escape(ch) for ch in candidate)
        match = re.search(pattern, text)
        if match:
            repaired = _strip_breaks(match.group(0), candidate)
            return text[: match.start()] + repaired + text[match.end() :]
    return None


def _strip_breaks(found: str, uri: str) -> str:
    """`found` without line breaks, keeping the hyphens the URI has and dropping those the
    line break added."""
    out: list[str] = []
    position = 0
    index = 0
    while index < len(found):
        char = found[index]
        if char == "\n":
            index += 1
            continue
        if (
            char == "-"
            and found[index + 1 : index + 2] == "\n"
            and uri[position : position + 1] != "-"
        ):
            index += 1
            continue
        out.append(char)
        position += 1
        index += 1
    return "".join(out)
