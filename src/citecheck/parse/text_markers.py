"""Candidate footnote markers in a PDF text layer: every reading of digits that could be one.

Readings are generous and priced by shape (`MarkerCandidate.cost`); the decoder in
`parse.decoder` keeps the ones the footnote sequence supports. Imports: parse.decoder,
parse._layout_common, stdlib.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from citecheck.parse._layout_common import SUPERSCRIPT_CLASS, UNIT_WORDS, superscript_value
from citecheck.parse.decoder import MarkerCandidate

_RUN_RE = re.compile(r"\d+")
_SUPER_RUN_RE = re.compile(rf"{SUPERSCRIPT_CLASS}+")
_SUPER_CHAR_RE = re.compile(SUPERSCRIPT_CLASS)
#: Consecutive markers printed as a list: "1, 2", "3,4", "29, 30", "17 18".
_LIST_RE = re.compile(r"\d{1,4}(?:(?:,[ \u00a0]?|[ \u00a0/])\d{1,4})+")
#: A hyphen and a capitalised word (or the line end) after the digits: a marker inside a
#: compound ("SED1-Opfer", "TCTF12-" / "Regelung").
_IN_COMPOUND_RE = re.compile(r"-(?:[A-ZÄÖÜ][a-zäöüß]|\s*$)")
_GLUE_BEFORE = frozenset(".,;:!?)]“”\"'’»«")
_SENTENCE_END = frozenset('.!?)“”"»')
_CLOSERS = frozenset(")]“”\"'’»«")
_STOP_AFTER = frozenset("%‰°/-–§")
_ROMAN_RE = re.compile(r"^[IVXL]+$")
_SLASH_MIN = 6
_YEAR_SLASH_RE = re.compile(r"(?<!\d)(?:19|20)\d\d/$")
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
_CENTURIES = ("19", "20")
#: A year or a number with thousands groups right before ".<digits>": "2025.3", "7.803.6".
_NUMBER_DOT_RE = re.compile(r"(?<![\d.,])(?:(?:19|20)\d\d|\d{1,3}(?:\.\d{3})+)\.$")
#: Abbreviations followed by a number that is a reference, not a marker ("Abs.2", "Nr. 1").
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "abs", "nr", "nrn", "s", "art", "rz", "rn", "ziff", "bd", "kap", "tz", "az", "anm", "fn",
        "abb", "tab", "sp", "bl", "lit", "buchst", "vol", "no", "nos", "p", "pp", "jg", "h",
        "aufl", "ausg", "drs", "ds", "satz", "vgl", "ca", "rdnr", "randnr", "gl", "bzw",
    }
)  # fmt: skip
#: Words after which a number set apart by a space is a quantity or a reference, not a marker.
_QUANTITY_WORDS: frozenset[str] = ABBREVIATIONS | frozenset(
    {
        "artikel", "paragraph", "absatz", "nummer", "seite", "kapitel", "anlage", "tabelle",
        "abbildung", "anhang", "teil", "titel", "band", "heft", "randnummer",
        "ziffer", "buchstabe", "punkt", "stufe", "gruppe", "klasse", "januar", "februar", "märz",
        "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember",
        "jahr", "jahre", "jahren", "rund", "etwa", "circa", "über", "unter", "bis", "von", "mit",
        "und", "oder", "um", "auf", "am", "im", "zum", "vom", "ab", "seit", "für", "nur", "fast",
        "knapp", "mehr", "weniger", "als", "mindestens", "höchstens", "insgesamt", "sgb", "gg",
    }
)  # fmt: skip
#: Letter tokens that carry a number of their own (CO2, G7, Niveau C1) rather than a marker;
#: none longer than three letters (`_glue_ok` reads four).
_NUMBERED_WORDS: frozenset[str] = frozenset(
    {"CO", "NO", "SO", "CH", "PM", "NOx", "H", "O", "N", "C", "G", "A", "B", "E", "K", "U", "F"}
)

#: Costs of the shapes, cheapest first.
GLUED = 0.0
LIST = 0.5
CONCATENATED = 1.5
YEAR_SUFFIX = 2.0
FORWARD = 3.0
DETACHED = 3.0
NUMBER_SUFFIX = 4.0
LOOSE = 5.0


def _word_before(line: str, end: int, limit: int = 40) -> str:
    """The letters right before `end`, at most `limit` ("" when none): word characters that are
    no digit and no underscore."""
    low = max(0, end - limit)
    start = end
    while start > low and line[start - 1].isalnum() and not line[start - 1].isdecimal():
        start -= 1
    return line[start:end]


def _in_number(line: str, start: int, end: int) -> bool:
    """Whether digits [start, end) are part of a larger number ("2.000", "1,5", "12:30")."""
    if start >= 2 and line[start - 1] in ".,:" and line[start - 2].isdigit():
        return True
    return end + 1 < len(line) and line[end] in ".," and line[end + 1].isdigit()


def _glue_ok(line: str, start: int) -> bool:
    """Whether digits starting at `start` are glued to a word or punctuation that takes markers."""
    if start == 0:
        return False
    before = line[start - 1]
    if before.isalpha():  # four letters tell: no numbered word is longer than three
        return _word_before(line, start, 4) not in _NUMBERED_WORDS
    if before not in _GLUE_BEFORE:
        return False
    if before == ".":
        word = _word_before(line, start - 1)
        if word.lower() in ABBREVIATIONS or _ROMAN_RE.match(word) or len(word) == 1:
            return False  # "Abs.2", "Nr.4", "Zu II.1:", "E.1 Erfüllungsaufwand"
    return True


def _ends_cleanly(line: str, end: int) -> bool:
    """Whether nothing glued follows a marker ending at `end` (no word, %, slash or hyphen)."""
    if end >= len(line):
        return True
    after = line[end]
    return not (after.isalnum() or after in _STOP_AFTER or after == "_")


def _glued_on(line: str, end: int) -> bool:
    """Whether the next sentence starts right after `end` ("bei.789Dass es", "5 6Addiert")."""
    return line[end : end + 2].istitle() and line[end : end + 2].isalpha()


def _consecutive(numbers: list[int]) -> bool:
    return all(b == a + 1 for a, b in itertools.pairwise(numbers))


def _concatenations(digits: str) -> Iterator[tuple[int, ...]]:
    """Ways to read a digit run as consecutive numbers written together ("789", "1011")."""
    for width in (1, 2, 3):
        first = digits[:width]
        if not first or first[0] == "0":
            continue
        numbers = [int(first)]
        rest = digits[width:]
        while rest:
            following = str(numbers[-1] + 1)
            if not rest.startswith(following):
                break
            numbers.append(numbers[-1] + 1)
            rest = rest[len(following) :]
        if not rest and len(numbers) > 1:
            yield tuple(numbers)


def _run_readings(
    line: str, index: int, start: int, end: int, known: frozenset[int]
) -> list[MarkerCandidate]:
    """Readings of one digit run, each with the cost of its shape.

    Glued to a word or punctuation and ending cleanly or at the next sentence ("sind1.",
    "II11", ").789Dass"): 0, or read as consecutive numbers written together (1.5). After a
    year or a thousands-grouped number and a full stop ("Mai 2025.3", "7.803.6"): 2. Inside a
    compound ("SED1-Opfer"): 2. Glued to a year or a long number (`_suffix_readings`): 2 or 4.
    Glued to the number after it ("höchsten.2715 bis 20 Prozent"): 4. Set apart by a space
    (`_detached_readings`): 3 to 5.
    """
    digits = line[start:end]
    found: list[MarkerCandidate] = []
    before = line[start - 1] if start > 0 else ""
    glued_on = before in _SENTENCE_END and _glued_on(line, end)
    clean_end = glued_on or _ends_cleanly(line, end)
    if _in_number(line, start, end):
        if clean_end and len(digits) <= 3 and _NUMBER_DOT_RE.search(line, 0, start):
            found.append(MarkerCandidate(index, start, end, (int(digits),), YEAR_SUFFIX, "suffix"))
        return found
    glue = (before.isalpha() or before in _GLUE_BEFORE) and _glue_ok(line, start)
    if clean_end and glue:
        if len(digits) <= 4:
            found.append(MarkerCandidate(index, start, end, (int(digits),), GLUED))
        if len(digits) > 1:  # one digit reads as one number only
            found.extend(
                MarkerCandidate(index, start, end, numbers, CONCATENATED, "concat")
                for numbers in _concatenations(digits)
            )
    elif glue and len(digits) <= 3 and _IN_COMPOUND_RE.match(line, end):
        # Inside a compound: "die SED1-Opferbeauftragte".
        found.append(MarkerCandidate(index, start, end, (int(digits),), YEAR_SUFFIX, "compound"))
    if clean_end and len(digits) >= 4 and not (len(digits) == 4 and digits[:2] in _CENTURIES):
        found.extend(_suffix_readings(line, index, start, end))  # none in years or 3 digits
    if len(digits) >= 3 and glue and line[end : end + 1] in ("", " "):
        for width in (1, 2):  # "höchsten.2715 bis 20 Prozent": marker 27, then "15 bis 20"
            if digits[width] != "0":
                number = (int(digits[:width]),)
                found.append(
                    MarkerCandidate(index, start, start + width, number, NUMBER_SUFFIX, "prefix")
                )
    if before == " " and start >= 2 and len(digits) <= 3 and int(digits) in known:
        found.extend(_detached_readings(line, index, start, end, clean_end))
    return found


def _suffix_readings(line: str, index: int, start: int, end: int) -> Iterator[MarkerCandidate]:
    """A marker glued to a year or number: "202520" = 2025 + 20, "1250022" = 12500 + 22.

    Not in a run that is a year itself ("2024"), after a full stop ("1.234"), or in a
    Drucksache number of usual length ("21/1352"): after a slash the run must be longer than
    any Drucksache number (six digits or more), or than an EU act's number after its year
    ("2018/20012" = Richtlinie 2018/2001 + marker 2).
    """
    digits = line[start:end]
    before = line[start - 1] if start > 0 else ""
    if _YEAR_RE.match(digits) or before == "." or (before == "/" and len(digits) < _SLASH_MIN):
        if not (before == "/" and len(digits) == 5 and _YEAR_SLASH_RE.search(line, 0, start)):
            return
    for width in (1, 2, 3):
        head, tail = digits[:-width], digits[-width:]
        if len(head) < 3 or tail[0] == "0":
            continue
        cost = YEAR_SUFFIX if _YEAR_RE.match(head) else NUMBER_SUFFIX
        yield MarkerCandidate(index, start + len(head), end, (int(tail),), cost, "suffix")


def _detached_readings(
    line: str, index: int, start: int, end: int, clean_end: bool
) -> Iterator[MarkerCandidate]:
    """A number set apart by a space: "mehr). 10 Die", "kommen 13,", "(2024) 15und"; not an
    ordinal or date ("dem 1. Januar") and not after a quantity word ("etwa 48 Prozent")."""
    before = line[start - 2]
    word = _word_before(line, start - 1)
    if word.lower() in _QUANTITY_WORDS or before.isdigit() or before in "§€$-–/":
        return
    if before == "." and _word_before(line, start - 2).lower() in ABBREVIATIONS:
        return  # "lfd. Nr. 3", "S. 14"
    if before == "." and start >= 3 and line[start - 3].isdigit():
        return  # "am 20. 3 Personen"
    after = line[end : end + 2]
    number = (int(line[start:end]),)
    # A full stop after the number makes an ordinal ("dem 1. Januar") unless a closing quote or
    # bracket stands before it: "„Hinausschiebensvereinbarungen“ 18. Es".
    ends = ("", " ", ",", ";", ".") if before in _CLOSERS else ("", " ", ",", ";")
    if clean_end and after[:1] in ends and not after[1:2].isdigit():
        cost = DETACHED if before in '.)“”"»' else LOOSE
        yield MarkerCandidate(index, start - 1, end, number, cost, "detached")
    elif end < len(line) and line[end].isalpha() and before in '.)“”"»':
        yield MarkerCandidate(index, start, end, number, FORWARD, "forward")


def _list_readings(line: str, index: int) -> Iterator[MarkerCandidate]:
    """Consecutive markers printed as a list ("1, 2", "6, 7, 8", "17 18", "(SBZ)2/3")."""
    for match in _LIST_RE.finditer(line):
        start, end = match.span()
        glued_on = _glued_on(line, end)
        if not (_ends_cleanly(line, end) or glued_on) or _in_number(line, start, end):
            continue
        parts = re.split(r"[, \u00a0/]+", match.group(0))
        if any(p.startswith("0") for p in parts):
            continue
        numbers = [int(p) for p in parts]
        if not _consecutive(numbers):
            continue
        spaced_only = "," not in match.group(0)  # "17 18" or "2/3": weaker than "1, 2"
        if "/" in match.group(0) and line[start - 1 : start] not in _CLOSERS:
            continue  # "2/3" is a fraction unless glued to a closing bracket or quote
        extra = 1.0 if glued_on else 0.0
        if _glue_ok(line, start):
            cost = (CONCATENATED if spaced_only else LIST) + extra
            yield MarkerCandidate(index, start, end, tuple(numbers), cost, "list")
        elif start >= 2 and line[start - 1] == " " and line[start - 2] in '.)“”"»':
            cut = start if glued_on else start - 1  # "Bereich. 5 6Addiert": keep one space
            yield MarkerCandidate(index, cut, end, tuple(numbers), DETACHED + extra, "list")


def _super_readings(line: str, index: int) -> Iterator[MarkerCandidate]:
    """Unicode superscript digits (not a unit exponent such as "m²")."""
    for match in _SUPER_RUN_RE.finditer(line):
        start, end = match.span()
        if not line[:start].strip() or line[end : end + 1].isalnum():
            continue  # a definition's own number, or part of a word
        if _word_before(line, start) in UNIT_WORDS:
            continue
        number = superscript_value(match.group(0))
        yield MarkerCandidate(index, start, end, (number,), GLUED, "super")


def _could_name(digits: str, known: frozenset[int]) -> bool:
    """Whether some reading of a digit run (whole, a prefix or a suffix) is a known number."""
    if len(digits) <= 4 and int(digits) in known:
        return True
    for width in (1, 2, 3):
        if width < len(digits) and (int(digits[:width]) in known or int(digits[-width:]) in known):
            return True
    return False


#: What may stand between two numbers of a list (`_LIST_RE`).
_LIST_SEPARATORS = frozenset({",", ", ", ",\u00a0", " ", "\u00a0", "/"})


def line_readings(line: str, index: int, known: frozenset[int]) -> list[MarkerCandidate]:
    """Every marker reading of one line that names a `known` number first, in reading order.

    Lists are looked for only where two digit runs stand apart by a list separator, and
    superscript readings only in lines with a superscript digit."""
    found: list[MarkerCandidate] = []
    listed = False
    last = -1
    for match in _RUN_RE.finditer(line):
        start, end = match.span()
        if last >= 0 and not listed and line[last:start] in _LIST_SEPARATORS:
            listed = True
        last = end
        digits = line[start:end]
        if digits[0] == "0" or (start == 0 and len(digits) <= 3):
            continue  # no reading (a short number opening the line has nothing to glue to)
        if (len(digits) <= 4 and int(digits) in known) or _could_name(digits, known):
            found.extend(_run_readings(line, index, start, end, known))
    if listed:
        found.extend(_list_readings(line, index))
    if not line.isascii() and _SUPER_CHAR_RE.search(line):
        found.extend(_super_readings(line, index))
    if not found:
        return found
    found = [m for m in found if m.numbers[0] in known]
    found.sort(key=_start)
    return found


def _start(marker: MarkerCandidate) -> int:
    return marker.start


def may_repeat(line: str, marker: MarkerCandidate) -> bool:
    """Whether a reading cites an earlier footnote again: a superscript, or glued to a closer."""
    if marker.kind == "super":
        return True
    return marker.kind == "glued" and marker.start > 0 and line[marker.start - 1] in _CLOSERS
