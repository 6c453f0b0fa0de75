"""Plain-text input: the layout of PDF text layers (Bundestag DIP texts, Landtag scrapes).

A PDF text layer has no markup: footnote markers are plain digits glued to the word or
punctuation they follow ("sind1.", "SGB II11", "werden.3,4"), sometimes detached by a space
("mehr). 10 Die") or printed as Unicode superscripts; definitions are lines "<n> text" at page
bottoms, between body paragraphs, with page furniture (watermark, running heads, page numbers,
printer footers) around them. The rules here are sequence-aware: a definition line must continue
the numbering, and a marker must name a definition and (mostly) continue the marker sequence.
Each decision is a named, documented rule so that a wrong reading can be explained.

A `.txt` file that holds Markdown footnote syntax (`<sup>N</sup>`, `[^N]:`) is read with the
Markdown layout rules but still reported as format "text". Imports: parse.layout,
parse._layout_common, parse.markdown, parse.base, parse.footnotes, models.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import ClassVar

from citecheck.errors import UnreadableDocument
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
from citecheck.parse.markdown import looks_like_markdown, markdown_layout

# --- definition lines -------------------------------------------------------------------------

#: "<n> text", "<n>  text" or "<n>Text" (DIP sometimes loses the space: "6Bericht"). A dot or a
#: bracket after the number makes a list item ("1. Personen", "a)"), never a definition.
_DEF_RE = re.compile(r"^[ \t]{0,3}(\d{1,4})(?:[ \t\u00a0]+|(?=[A-ZÄÖÜ][a-zäöüß]))([^\s%‰°€$–-].*)$")
_SUPER_DEF_RE = re.compile(rf"^[ \t]{{0,3}}({SUPERSCRIPT_CLASS}+)[ \t\u00a0]*(\S.*)$")
_LIST_ITEM_RE = re.compile(r"^\s*(?:\d{1,3}\.|[a-z]\)|[ivxIVX]{1,5}\.)\s")
#: Words that make a line a source reference (used to tell a definition from body text).
_SIGNAL_RE = re.compile(
    r"(?i)(?:\b(?:vgl|ebd|ebenda|siehe|ibid|quelle|abgerufen)\b|\bs\.\s*fn\b|a\.\s*a\.\s*o\."
    r"|https?://|www\.)"
)
#: The first token of a line that continues a URL wrapped at the end of the previous line.
_URLISH_TOKEN_RE = re.compile(r"^\S*[/.%=_#&?~:]\S*")
_URL_TAIL_RE = re.compile(r"(?:https?://|www\.)\S*$|\S*[/%=_#&?~]\S*$")
#: How many lines ahead a definition numbering run is looked for.
_RUN_LOOKAHEAD = 12
#: A definition number may skip this many numbers (a definition lost in extraction).
_MAX_SKIP = 2

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

# --- body markers -----------------------------------------------------------------------------

#: Digits glued to the letter or punctuation before them and not followed by more of a word,
#: a percent sign, a slash, a hyphen or a decimal part: "sind1.", "II11", ").1", "Euro5,",
#: "werden.3,4". The surroundings are checked in `_glued_candidate`; the pattern itself starts
#: with a digit so that the scan jumps from digit to digit.
_GLUED_RE = re.compile(r"\d{1,4}(?:,\d{1,4})*")
_GLUE_BEFORE = frozenset(".,;:!?)]“”\"'’%»«")
_NOT_AFTER_RE = re.compile(r"[\w%/°‰-]|[.,]\d")
#: A number standing alone after a closing bracket or full stop: "mehr). 10 Die".
_DETACHED_RE = re.compile(r"[.)]([ \t]+)(\d{1,4})(?=[ \t]+\S|[ \t]*$)")
_SUPER_RE = re.compile(rf"{SUPERSCRIPT_CLASS}+")
#: Abbreviations followed by a number that is a reference, not a marker ("Abs.2", "Nr. 1").
_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "abs", "nr", "nrn", "s", "art", "rz", "rn", "ziff", "bd", "kap", "tz", "az", "anm", "fn",
        "abb", "tab", "sp", "bl", "lit", "buchst", "vol", "no", "nos", "p", "pp", "jg", "h",
        "aufl", "ausg", "drs", "ds", "satz", "vgl", "ca", "rdnr", "randnr", "gl", "bzw",
    }
)  # fmt: skip
#: Letter tokens that carry a number of their own (CO2, G7, Niveau C1) rather than a marker.
_NUMBERED_WORDS: frozenset[str] = frozenset(
    {"CO", "NO", "SO", "CH", "PM", "NOx", "H", "O", "N", "C", "G", "A", "B", "E", "K", "U", "F"}
)
_CLOSERS = frozenset(")]“”\"'’»«")
_WORD_BEFORE_RE = re.compile(r"([^\W\d_]+)$")
_ROMAN_RE = re.compile(r"^[IVXL]+$")
_DIGITISH_RE = re.compile(rf"[0-9]|{SUPERSCRIPT_CLASS}")


def _word_before(line: str, end: int) -> re.Match[str] | None:
    """The letters right before `end` (searched in a short window: lines can be long)."""
    return _WORD_BEFORE_RE.search(line, max(0, end - 40), end)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A possible body marker: where it sits and which footnote numbers it names."""

    line: int
    start: int
    end: int
    numbers: tuple[int, ...]
    kind: str  # "glued", "detached" or "super"
    may_repeat: bool  # shape strong enough to cite an earlier footnote again


@dataclass(frozen=True, slots=True)
class _Definition:
    """A definition found in the line pass (0-based line indexes)."""

    number: int
    marker: str
    first: int
    last: int
    text: str


def _percentile_width(lines: list[str]) -> int:
    """The typical full line width: the 75th percentile of non-blank line lengths."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if not lengths:
        return 80
    return max(lengths[(len(lengths) * 3) // 4], 40)


def _furniture(text: str, lines: list[str]) -> set[int]:
    """Lines that are page furniture: watermark, running heads, page numbers, printer footer."""
    found = watermark_lines(text, line_offsets_of(text))
    for index, line in enumerate(lines):
        if _LONE_NUMBER_RE.match(line) or _FOOTER_RE.match(line):
            found.add(index)
        elif len(line) < 140 and _RUNNING_HEAD_RE.match(line):
            found.add(index)
    return found


def _definition_start(line: str) -> tuple[int, str, str] | None:
    """(number, marker as printed, text) when the line has the shape of a definition."""
    if match := _DEF_RE.match(line):
        return int(match.group(1)), match.group(1), match.group(2)
    if match := _SUPER_DEF_RE.match(line):
        return superscript_value(match.group(1)), match.group(1), match.group(2)
    return None


def _continues_run(lines: list[str], start: int, number: int, furniture: set[int]) -> bool:
    """True when a later definition-shaped line within reach carries `number + 1`."""
    for index in range(start + 1, min(start + 1 + _RUN_LOOKAHEAD, len(lines))):
        if index in furniture or not lines[index].strip():
            continue
        found = _definition_start(lines[index])
        if found is not None:
            return found[0] == number + 1
    return False


def _accept_definition(
    lines: list[str],
    index: int,
    found: tuple[int, str, str],
    expected: int,
    previous_body: str | None,
    furniture: set[int],
) -> bool:
    """Whether a definition-shaped line really starts a footnote definition.

    Rules, in order: the number continues the definition numbering (n = last + 1); a number
    that restarts or repeats (a duplicate definition) or skips up to two numbers is accepted
    only when the next definition-shaped line continues from it (a run of two); a Unicode
    superscript at line start is accepted within the same window without a run. A body line
    that merely starts with the right number ("… mindestens" / "15 Wochenstunden") is refused
    when it starts lower-case, the line before is unfinished body text and it names no source.
    """
    number, marker, text = found
    is_super = not marker.isdigit()
    if number == expected:
        if (
            previous_body is not None
            and text[:1].islower()
            and not is_terminal(previous_body)
            and not previous_body.rstrip().endswith((";", ","))
            and _SIGNAL_RE.search(text) is None
        ):
            return False
        return True
    if number < 1 or number > expected + _MAX_SKIP:
        return False
    if is_super:
        return True
    return _continues_run(lines, index, number, furniture)


def _is_continuation(previous: str, line: str, long_line: int) -> bool:
    """Whether `line` continues the definition whose last line is `previous`.

    A definition goes on while its line breaks are mid-text: the previous line ends in a
    hyphen (a wrapped URL or word), the new line is a URL, the previous line ends inside a URL
    and the new line goes on with URL characters, or the previous line ran to the full width.
    A numbered list item ("5. die Bundesregierung …") is body resuming after the footnotes.
    """
    if _LIST_ITEM_RE.match(line):
        return False
    prev = previous.rstrip()
    head = line.lstrip()
    if prev.endswith("-") or head.startswith(("http://", "https://", "www.")):
        return True
    if _URL_TAIL_RE.search(prev) and not is_terminal(prev) and _URLISH_TOKEN_RE.match(head):
        return True
    return len(prev) >= long_line


def _scan_definitions(
    lines: list[str], furniture: set[int], long_line: int
) -> tuple[list[_Definition], list[bool]]:
    """Find definitions and their continuation lines; returns them and a body flag per line."""
    is_body = [True] * len(lines)
    for index in furniture:
        is_body[index] = False
    definitions: list[_Definition] = []
    last_number = 0
    previous_body: str | None = None
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        if index in furniture:
            index += 1
            continue
        if not line.strip():
            previous_body = None
            index += 1
            continue
        found = _definition_start(line)
        if found is None or not _accept_definition(
            lines, index, found, last_number + 1, previous_body, furniture
        ):
            previous_body = line
            index += 1
            continue
        number, marker, first_text = found
        parts = [first_text.rstrip()]
        end = index + 1
        while end < count and end not in furniture and lines[end].strip():
            candidate = _definition_start(lines[end])
            if candidate is not None and _accept_definition(
                lines, end, candidate, number + 1, None, furniture
            ):
                break
            if not _is_continuation(lines[end - 1], lines[end], long_line):
                break
            parts.append(lines[end].strip())
            end += 1
        for k in range(index, end):
            is_body[k] = False
        definitions.append(_Definition(number, marker, index, end - 1, "\n".join(parts)))
        last_number = number
        previous_body = None
        index = end
    return definitions, is_body


def _glued_candidate(line: str, match: re.Match[str], index: int) -> _Candidate | None:
    """A glued-digits candidate, unless its surroundings show it is part of a number or name."""
    start = match.start()
    if start == 0:
        return None
    before = line[start - 1]
    if not (before in _GLUE_BEFORE or before.isalpha()):
        return None
    if _NOT_AFTER_RE.match(line, match.end()):
        return None
    if before in ".,:" and start >= 2 and line[start - 2].isdigit():
        return None  # "2.000", "1,5", "12:30"
    if before == ".":
        word = _word_before(line, start - 1)
        if word and (word.group(1).lower() in _ABBREVIATIONS or _ROMAN_RE.match(word.group(1))):
            return None  # "Abs.2", "Nr.4", "Zu II.1:"
    if before.isalpha():
        word = _word_before(line, start)
        if word and word.group(1) in _NUMBERED_WORDS:
            return None  # "CO2", "G7", "C1"
    numbers = tuple(int(part) for part in match.group(0).split(","))
    if any(b != a + 1 for a, b in itertools.pairwise(numbers)):
        return None  # a list of markers counts up by one: "12,13,14"
    return _Candidate(index, start, match.end(), numbers, "glued", before in _CLOSERS)


def _candidates(lines: list[str], is_body: list[bool], known: frozenset[int]) -> list[_Candidate]:
    """Every possible marker in the body lines, in reading order."""
    found: list[_Candidate] = []
    for index, line in enumerate(lines):
        if not is_body[index] or _DIGITISH_RE.search(line) is None:
            continue
        per_line: list[_Candidate] = []
        for match in _GLUED_RE.finditer(line):
            candidate = _glued_candidate(line, match, index)
            if candidate is not None and all(n in known for n in candidate.numbers):
                per_line.append(candidate)
        for match in _DETACHED_RE.finditer(line):
            number = int(match.group(2))
            if number not in known:
                continue
            if line[match.start()] == ".":
                word = _word_before(line, match.start())
                if word and word.group(1).lower() in _ABBREVIATIONS:
                    continue
                if match.start() >= 1 and line[match.start() - 1].isdigit():
                    continue  # "am 20. 3 …"
            per_line.append(
                _Candidate(index, match.start(1), match.end(2), (number,), "detached", False)
            )
        for match in _SUPER_RE.finditer(line):
            number = superscript_value(match.group(0))
            if number not in known or line[match.end() : match.end() + 1].isalnum():
                continue
            word = _word_before(line, match.start())
            if word and word.group(1) in UNIT_WORDS:
                continue  # "m²"
            per_line.append(_Candidate(index, match.start(), match.end(), (number,), "super", True))
        per_line.sort(key=lambda c: c.start)
        found.extend(per_line)
    return found


def _select_markers(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the candidates that fit the marker sequence.

    A candidate is a marker when its (first) number is the next one expected; when it skips
    ahead by at most two and no candidate for the skipped numbers comes later (their markers
    were lost); when it is a Unicode superscript; or when it repeats an earlier number in a
    shape that cites ("(vgl. Rz. 22)1."). Detached numbers must be exactly the next one.
    """
    last_seen: dict[int, int] = {}
    for position, candidate in enumerate(candidates):
        last_seen[candidate.numbers[0]] = position
    chosen: list[_Candidate] = []
    highest = 0
    for position, candidate in enumerate(candidates):
        first = candidate.numbers[0]
        accept = False
        if candidate.kind == "super" or first == highest + 1:
            accept = True
        elif candidate.kind == "glued" and highest + 1 < first <= highest + 1 + _MAX_SKIP:
            accept = all(last_seen.get(m, -1) < position for m in range(highest + 1, first))
        elif candidate.kind == "glued" and first <= highest:
            accept = candidate.may_repeat
        if accept:
            chosen.append(candidate)
            highest = max(highest, candidate.numbers[-1])
    return chosen


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
    furniture = _furniture(text, lines)
    definitions, is_body = _scan_definitions(lines, furniture, int(width * 0.7))
    known = frozenset(d.number for d in definitions)
    markers = _select_markers(_candidates(lines, is_body, known)) if known else []
    by_line: dict[int, list[_Candidate]] = {}
    for candidate in markers:
        by_line.setdefault(candidate.line, []).append(candidate)

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
            removed = any(not is_body[k] and lines[k].strip() for k in between)
            blank = any(not lines[k].strip() for k in between)
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

    raw = tuple(
        RawDefinition(number=d.number, marker=d.marker, line=d.first + 1, text=d.text)
        for d in definitions
    )
    return builder.build("text", raw)


def _emit_line(builder: BodyBuilder, line: str, chosen: list[_Candidate]) -> None:
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
        try:
            decode_layer(data[:65_536])
        except UnreadableDocument:
            return False
        return True

    def parse(self, data: bytes, path: str) -> Document:
        """Parse a text document (Markdown-flavoured text uses the Markdown layout rules)."""
        text = decode_layer(data)
        if looks_like_markdown(text):
            return build_document(path, markdown_layout(text, "text"))
        return build_document(path, text_layout(text))
