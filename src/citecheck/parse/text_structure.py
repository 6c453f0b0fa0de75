"""Footnote structure of a PDF text layer: candidate definitions and markers, decoded together.

Lines are classified (page furniture, definition-shaped, continuation), grouped into footnote
blocks and priced; with every marker reading (`parse.text_markers`) they go to the decoder
(`parse.decoder`), and the chain it chooses becomes definitions with their continuation lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from citecheck.parse._layout_common import (
    SUPERSCRIPT_CLASS,
    is_terminal,
    line_offsets_of,
    superscript_value,
    watermark_lines,
)
from citecheck.parse.decoder import DefinitionCandidate, Footnote, MarkerCandidate, decode
from citecheck.parse.layout import RawDefinition
from citecheck.parse.text_markers import line_readings, may_repeat

# --- definition lines -------------------------------------------------------------------------

#: "<n> text", "<n>  text" or "<n>Text" (DIP sometimes loses the space: "6Bericht"). A dot or a
#: bracket after the number makes a list item ("1. Personen", "a)"), never a definition.
_DEF_RE = re.compile(r"^[ \t]{0,3}(\d{1,4})(?:[ \t\u00a0]+|(?=[A-ZÄÖÜ][a-zäöüß]))([^\s%‰°€$–-].*)$")
_SUPER_DEF_RE = re.compile(rf"^[ \t]{{0,3}}({SUPERSCRIPT_CLASS}+)[ \t\u00a0]*(\S.*)$")
_LIST_ITEM_RE = re.compile(r"^\s*(?:\d{1,3}\.|[a-z]\)|[ivxIVX]{1,5}\.)\s")
#: The first token of a line that continues a URL wrapped at the end of the previous line.
_URLISH_TOKEN_RE = re.compile(r"^\S*[/.%=_#&?~:]\S*")
_URL_TAIL_RE = re.compile(r"(?:https?://|www\.)\S*$|\S*[/%=_#&?~]\S*$")
_DIGITISH_RE = re.compile(rf"[0-9]|{SUPERSCRIPT_CLASS}")

# --- page furniture ---------------------------------------------------------------------------

_LONE_NUMBER_RE = re.compile(r"^\s*[-–]?\s*\d{1,4}\s*[-–]?\s*$")
_RUNNING_HEAD_RE = re.compile(
    r"^\s*(?:Deutscher\s+Bundestag|Bundesrat|[\wÄÖÜäöüß.-]+\s+Landtag|Landtag\b[^–]*"
    r"|Drucksache\s+\d+/\d+)\s*[–-].*(?:Wahlperiode|Drucksache)"
)
_FOOTER_RE = re.compile(
    r"^\s*(?:Gesamtherstellung:|Vertrieb:|Satz:|Druck:|Herstellung:|ISSN\s+\d{4}-\d{3}[\dX]"
    r"|\(verteilt am [^)]*\)\s*$)"
)


def page_furniture(text: str, lines: list[str]) -> set[int]:
    """Lines that are page furniture: watermark, running heads, page numbers, printer footer."""
    found = watermark_lines(text, line_offsets_of(text))
    for index, line in enumerate(lines):
        if _LONE_NUMBER_RE.match(line) or _FOOTER_RE.match(line):
            found.add(index)
        elif len(line) < 140 and _RUNNING_HEAD_RE.match(line):
            found.add(index)
    return found


def _definition_start(line: str) -> tuple[int, str, str] | None:
    """(number, marker as printed, text) when the line has the shape of a definition: a number
    and text with some letters ("1 000", "453 256" are numbers, not definitions)."""
    match = _DEF_RE.match(line) or _SUPER_DEF_RE.match(line)
    if match is None:
        return None
    text = match.group(2)
    first = _LETTERS_RE.search(text)  # two letters at least
    if first is None or _LETTERS_RE.search(text, first.end()) is None:
        return None
    number = match.group(1)
    value = superscript_value(number) if match.re is _SUPER_DEF_RE else int(number)
    return value, number, text


def _is_continuation(previous: str, line: str, long_line: int) -> bool:
    """Whether `line` continues the definition whose last line is `previous`.

    A definition goes on while its line breaks are mid-text: the previous line ends in a
    hyphen (a wrapped word; a wrapped URL only when the new line goes on with URL characters or
    in lower case, since a URL cut at the page end is followed by the next page's body), the
    new line is a URL, the previous line ends inside a URL and the new line goes on with URL
    characters, or the previous line ran to the full width. A numbered list item ("5. die
    Bundesregierung …") is body resuming after the footnotes.
    """
    if _LIST_ITEM_RE.match(line):
        return False
    prev = previous.rstrip()
    head = line.lstrip()
    if head.startswith(("http://", "https://", "www.")):
        return True
    if prev.endswith("-"):
        in_url = _URL_TAIL_RE.search(prev) is not None
        return not in_url or head[:1].islower() or _URLISH_TOKEN_RE.match(head) is not None
    if _URL_TAIL_RE.search(prev) and not is_terminal(prev) and _URLISH_TOKEN_RE.match(head):
        return True
    return len(prev) >= long_line


#: The first word of a numbered line that makes it an amount or a count, not a definition.
_AMOUNT_RE = re.compile(
    r"(?:Prozent|%|Euro|EUR|Mio|Mrd|Millionen|Milliarden|Tsd|Tausend|Jahre?n?|Monate?n?|Tage?n?"
    r"|Wochen|Stunden|Minuten|Personen|Menschen|Mal|mal|Stück|km|kg|Prozentpunkte|bis|und|oder"
    r"|von|vom|x|Abs|Nr|Satz|Cent|Kinder|Fälle|Plätze|Stellen|Betten|Artikel|Art)\b"
)
#: A number in a table cell (years do not count: "COM(2025) 47 final." is a definition).
_NUMBER_TOKEN_RE = re.compile(r"(?<![\w.,])(?!(?:19|20)\d\d\b)\d[\d.,]*(?![\w])")
#: Table columns: a run of spaces or typographic spaces between cells.
_COLUMNS_RE = re.compile(r"[ \t]{4,}|[\u2002\u2003\u2007]")
_WORD_TOKEN_RE = re.compile(r"[^\W\d_]{3,}")
_SOURCE_RE = re.compile(
    r"(?i)(?:\b(?:vgl|ebd|ebenda|siehe|ibid|quelle|abgerufen|abrufbar|online|drucksache|drs"
    r"|pressemitteilung|bericht|studie|urteil|hrsg|aaO|see|available)\b|\bs\.\s*\d|https?://"
    r"|www\.|\bin:|\b(?:19|20)\d\d\b)"
)
_LETTERS_RE = re.compile(r"[^\W\d_]")
_URL_START_RE = re.compile(r"https?://|www\.")
#: How many body lines after its footnote block a marker may still stand.
_LATE_LINES = 60
#: How far past the page width a line must run to be footnote-sized (smaller type, more chars).
_WIDE = 1.08


@dataclass(frozen=True, slots=True)
class Structure:
    """What the decoder decided: definitions, the body markers, and which lines are body."""

    definitions: tuple[RawDefinition, ...]
    markers: tuple[MarkerCandidate, ...]
    is_body: list[bool]


@dataclass(frozen=True, slots=True)
class _Page:
    """The line facts every rule reads."""

    lines: list[str]
    furniture: set[int]
    shapes: dict[int, tuple[int, str, str]]
    long_line: int
    wide: int

    def is_break(self, index: int) -> bool:
        """A line that ends a paragraph run: past the end, blank, furniture or definition-shaped."""
        return (
            index >= len(self.lines)
            or not self.lines[index].strip()
            or index in self.furniture
            or index in self.shapes
        )

    def continues(self, previous: int, index: int) -> bool:
        """Whether line `index` continues a definition whose last line is `previous`.

        A definition goes on while its line breaks are mid-text (`_is_continuation`); a line
        after a full-width line continues only if it is itself footnote-sized (wider than the
        body's lines) or is the last line before a break, since a body line that resumes after a
        footnote block is as wide as the body and followed by more body.
        """
        prev, line = self.lines[previous], self.lines[index]
        if _LIST_ITEM_RE.match(line):
            return False
        if _is_continuation(prev, line, 10**6):
            return True
        if len(prev.rstrip()) < self.long_line:
            return False
        if len(line.rstrip()) > self.wide or _URL_START_RE.search(line):
            return True
        return self._reaches_break(index)

    def _reaches_break(self, index: int) -> bool:
        """Whether the lines from `index` run into a break through footnote-like line ends only
        (wrapped URLs, hyphens, footnote-sized lines): then they are a definition's last lines."""
        for k in range(index, min(index + 8, len(self.lines))):
            if self.is_break(k + 1):
                return True
            following = self.lines[k + 1]
            if self.is_break(k + 2) and len(following.rstrip()) < self.long_line:
                return True  # line k + 1 is the definition's short last line
            if not (
                _is_continuation(self.lines[k], following, 10**6)
                or len(following.rstrip()) > self.wide
            ):
                return False
        return False


def _wide_line(lines: list[str], shapes: dict[int, tuple[int, str, str]]) -> int:
    """The length past which a line is footnote-sized: a little over the median body line
    (footnotes are set in smaller type, so more characters fit on a line)."""
    lengths = sorted(
        len(line.rstrip())
        for index, line in enumerate(lines)
        if line.strip() and index not in shapes
    )
    if not lengths:
        return 80
    return int(max(lengths[len(lengths) // 2], 40) * _WIDE)


def _blocks(page: _Page) -> tuple[dict[int, int], dict[int, int]]:
    """A block id for each definition-shaped line (lines of one run of footnote text share it),
    and for each block the first body line after it.

    A run starts at a definition-shaped line and goes on over further definition-shaped lines,
    continuation lines, blank lines and furniture; any other line is body and ends it.
    """
    ids: dict[int, int] = {}
    resumes: dict[int, int] = {}
    block = 0
    last: int | None = None
    for index, line in enumerate(page.lines):
        if index in page.furniture or not line.strip():
            continue
        if index in page.shapes:
            if last is None:
                block += 1
            ids[index] = block
            last = index
        elif last is not None and page.continues(last, index):
            last = index
        else:
            if last is not None:
                resumes[block] = index
            last = None
    return ids, resumes


def _quality(page: _Page, index: int, text: str, sourced: bool) -> float:
    """How much a definition-shaped line looks like a definition (added to its score);
    `sourced`: the text names a source (`_SOURCE_RE`).

    Set apart from the body (after a blank line, furniture or another numbered line): +0.5. An
    amount or count ("5 Prozent", "250 Euro im Jahr"): -8. A table row (two numbers or more and
    no more words, three numbers and no source, or columns of spaces): -4. Lower-case text that
    names no source: -1.
    """
    quality = 0.0
    if index == 0 or page.is_break(index - 1):
        quality += 0.5
    if _AMOUNT_RE.match(text):
        quality -= 8.0
    numbers = len(_NUMBER_TOKEN_RE.findall(text))
    if (
        (numbers >= 2 and len(_WORD_TOKEN_RE.findall(text)) <= numbers)
        or (numbers >= 3 and not sourced)
        or _COLUMNS_RE.search(text.strip()) is not None
    ):
        quality -= 4.0
    if text[:1].islower() and not sourced:
        quality -= 1.0
    return quality


def _candidates(page: _Page) -> list[DefinitionCandidate]:
    """Every definition-shaped line as a candidate, priced by `_quality`.

    A marker may follow its definition (`late_until`) in the body after the definition's block,
    up to `_LATE_LINES` lines and never past the next block: a table or a sentence printed on
    the page after its footnote.
    """
    blocks, resumes = _blocks(page)
    firsts: dict[int, int] = {}
    for index in sorted(blocks):
        firsts.setdefault(blocks[index], index)
    return [
        DefinitionCandidate(
            line=index,
            number=number,
            quality=_quality(page, index, text, sourced),
            block=blocks[index],
            signal=sourced,
            late_until=_late_until(blocks[index], resumes, firsts, len(page.lines)),
        )
        for index, (number, _, text) in page.shapes.items()
        for sourced in (_SOURCE_RE.search(text) is not None,)
    ]


def _late_until(block: int, resumes: dict[int, int], firsts: dict[int, int], end: int) -> int:
    """The line before which a marker printed after its block's definitions may stand."""
    if block not in resumes:
        return 0
    return min(resumes[block] + _LATE_LINES, firsts.get(block + 1, end))


def _extents(page: _Page, chain: Sequence[Footnote]) -> dict[int, tuple[int, int]]:
    """Definition first line → (number, last line) for the chain and duplicates found in blocks.

    A definition runs over its continuation lines (`_Page.continues`) up to the next chosen
    definition, a break, or a body line holding a chosen marker. A definition-shaped line for
    the same or the next number met on the way starts a duplicate definition (reported as such).
    """
    starts = {f.definition.line: f.number for f in chain}
    marker_lines = {f.marker.line for f in chain if f.marker is not None}
    found: dict[int, tuple[int, int]] = {}
    pending = sorted(starts.items())
    while pending:
        first, number = pending.pop(0)
        end = first + 1
        while end < len(page.lines) and end not in starts:
            if end in page.furniture or not page.lines[end].strip():
                break
            shape = page.shapes.get(end)
            if shape is not None and shape[0] in (number, number + 1) and _is_duplicate(page, end):
                pending.insert(0, (end, shape[0]))
                break
            if end in marker_lines:
                break
            if not page.continues(end - 1, end):
                break
            end += 1
        found[first] = (number, end - 1)
    return found


def _carried_over(
    page: _Page, extents: dict[int, tuple[int, int]], marker_lines: set[int]
) -> dict[int, list[int]]:
    """Lines that finish a definition at the top of the next page's footnote block.

    A definition cut at the page end (its last line ends in a hyphen, a slash or inside a URL)
    goes on in the next block: one or two lines set apart from the body by a blank line, right
    before the block's first definition, that continue a URL or start in lower case
    ("Fakten/Werte-der-Rentenversicherung/….html").
    """
    carried: dict[int, list[int]] = {}
    starts = sorted(extents)
    for previous, first in itertools.pairwise(starts):
        last = extents[previous][1]
        above = first - 1
        lines: list[int] = []
        while above > last and len(lines) < 3 and not page.is_break(above):
            lines.insert(0, above)
            above -= 1
        if not lines or len(lines) > 2 or above <= last or not page.is_break(above):
            continue
        if not _unfinished(page.lines[last]) or any(k in marker_lines for k in lines):
            continue
        heads = [page.lines[k].strip() for k in lines]
        if all(_URLISH_TOKEN_RE.match(h) or h[:1].islower() for h in heads):
            carried[previous] = lines
    return carried


def _unfinished(line: str) -> bool:
    """Whether a definition line stops mid-text: a hyphen, a slash or inside a URL."""
    text = line.rstrip()
    if text.endswith(("-", "/")):
        return True
    return _URL_TAIL_RE.search(text) is not None and not is_terminal(text)


def _is_duplicate(page: _Page, index: int) -> bool:
    """Whether a definition-shaped line inside a definition starts a second definition: it names
    a source and is no amount or table row."""
    text = page.shapes[index][2]
    return _SOURCE_RE.search(text) is not None and _quality(page, index, text, True) > -1.0


def _repeats(
    page: _Page, readings: Sequence[MarkerCandidate], chain: Sequence[Footnote], body: list[bool]
) -> list[MarkerCandidate]:
    """Markers that cite an earlier footnote again ("(vgl. Rz. 22)1."): superscripts and digits
    glued to a closing bracket or quote, after the footnote's first marker, in body lines."""
    first: dict[int, int] = {}
    taken: dict[int, list[MarkerCandidate]] = {}
    for footnote in chain:
        if footnote.marker is not None:
            first.setdefault(footnote.number, footnote.marker.position)
            taken.setdefault(footnote.marker.line, []).append(footnote.marker)
    repeats: list[MarkerCandidate] = []
    for reading in readings:
        number = reading.numbers[0]
        if len(reading.numbers) > 1 or number not in first or reading.position <= first[number]:
            continue
        if not body[reading.line] or not may_repeat(page.lines[reading.line], reading):
            continue
        others = taken.setdefault(reading.line, [])
        if all(reading.end <= m.start or reading.start >= m.end for m in others):
            others.append(reading)
            repeats.append(reading)
    return repeats


def decode_structure(lines: list[str], furniture: set[int], width: int) -> Structure:
    """Decide definitions, markers and body lines of a text layer as one consistent whole.

    Candidate definitions and marker readings go to `decode`; a chosen marker that falls inside
    a chosen definition's lines is taken back and the chain decoded again (a few rounds).
    """
    shapes = {
        index: found
        for index, line in enumerate(lines)
        if index not in furniture and (found := _definition_start(line)) is not None
    }
    page = _Page(lines, furniture, shapes, int(width * 0.7), _wide_line(lines, shapes))
    candidates = _candidates(page)
    known = frozenset(c.number for c in candidates)
    # A marker stands before its definition (or on the first body line after its block).
    last = max((max(c.line, c.late_until) for c in candidates), default=0)
    readings = [
        reading
        for index, line in enumerate(lines[:last])
        if index not in furniture and _DIGITISH_RE.search(line)
        for reading in line_readings(line, index, known)
    ]
    chain: list[Footnote] = []
    extents: dict[int, tuple[int, int]] = {}
    for _ in range(4):
        chain = decode(candidates, readings) if candidates else []
        extents = _extents(page, chain)
        inside = {k for first, (_, last) in extents.items() for k in range(first, last + 1)}
        if not any(f.marker is not None and f.marker.line in inside for f in chain):
            break
        readings = [r for r in readings if r.line not in inside]
    body = [index not in furniture for index in range(len(lines))]
    carried = _carried_over(page, extents, {f.marker.line for f in chain if f.marker})
    definitions = []
    for first, (number, last) in sorted(extents.items()):
        _, marker, text = shapes[first]
        own = [*range(first + 1, last + 1), *carried.get(first, ())]
        parts = [text.rstrip()] + [lines[k].strip() for k in own]
        definitions.append(RawDefinition(number, marker, first + 1, "\n".join(parts)))
        for k in (first, *own):
            body[k] = False
    chosen = list({id(f.marker): f.marker for f in chain if f.marker is not None}.values())
    markers = chosen + _repeats(page, readings, chain, body)
    return Structure(tuple(definitions), tuple(markers), body)
