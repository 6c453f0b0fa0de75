"""Where figures stand in a text: the vocabulary and patterns of `figures` and one fast pass.

`figure_matches` finds what `figures.find_figures` reads, with the work kept proportional to
the figures: one scan jumps from digit to digit in C, and spelled-out numbers are looked for
only near a unit word that has a number word in it. The rules are in `figures`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from citecheck.lazy_patterns import lazy_pattern

#: Number words a careful writer spells out (German and English, up to twelve).
NUMBER_WORDS: dict[str, int] = {
    "ein": 1,
    "eins": 1,
    "eine": 1,
    "einer": 1,
    "einem": 1,
    "einen": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "fuenf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "zwoelf": 12,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

#: Units of measurement, one row per unit: (dimension, base unit, factor to the base unit,
#: symbols, word pattern). Symbols are matched case-sensitively ("MW", "t"); the word pattern is a
#: case-insensitive regex of the German and English spellings with their inflected forms. Rows
#: are tried in order: "Kilometer pro Stunde" (speed) before "Kilometer" (length).
UNITS: tuple[tuple[str, str, float, tuple[str, ...], str], ...] = (
    (
        "speed",
        "km/h",
        1.0,
        ("km/h",),
        r"stundenkilometern?|kilomet(?:ern?|ers|res?) (?:pro|per) (?:stunde|hour)",
    ),
    ("energy", "Wh", 1.0, ("Wh",), r"wattstunden?|watt[- ]hours?"),
    ("energy", "Wh", 1e3, ("kWh",), r"kilowattstunden?|kilowatt[- ]hours?"),
    ("energy", "Wh", 1e6, ("MWh",), r"megawattstunden?|megawatt[- ]hours?"),
    ("energy", "Wh", 1e9, ("GWh",), r"gigawattstunden?|gigawatt[- ]hours?"),
    ("energy", "Wh", 1e12, ("TWh",), r"terawattstunden?|terawatt[- ]hours?"),
    ("power", "W", 1.0, ("W",), r"watt"),
    ("power", "W", 1e3, ("kW",), r"kilowatt"),
    ("power", "W", 1e6, ("MW",), r"megawatt"),
    ("power", "W", 1e9, ("GW",), r"gigawatt"),
    ("power", "W", 1e12, ("TW",), r"terawatt"),
    ("area", "m²", 1.0, ("m²", "m2", "qm"), r"quadratmetern?|square met(?:er|re)s?"),
    ("area", "m²", 1e4, ("ha",), r"hektar|hectares?"),
    ("area", "m²", 1e6, ("km²", "km2", "qkm"), r"quadratkilometern?|square kilomet(?:er|re)s?"),
    ("volume", "l", 1.0, ("l",), r"litern?|lit(?:er|re)s?"),
    ("volume", "l", 100.0, ("hl",), r"hektolitern?|hectolit(?:er|re)s?"),
    ("volume", "l", 1e3, ("m³", "m3"), r"kubikmetern?|cubic met(?:er|re)s?"),
    ("volume", "l", 158.987294928, (), r"barrels?"),
    ("length", "m", 1e-3, ("mm",), r"millimetern?|millimet(?:er|re)s?"),
    ("length", "m", 1e-2, ("cm",), r"zentimetern?|centimet(?:er|re)s?"),
    ("length", "m", 1.0, ("m",), r"metern?|met(?:er|re)s?"),
    ("length", "m", 1e3, ("km",), r"kilometern?|kilomet(?:er|re)s?"),
    ("length", "m", 1852.0, ("sm",), r"seemeilen?|nautical miles?"),
    ("length", "m", 1609.344, (), r"meilen|miles?"),
    ("mass", "kg", 1e-3, ("g",), r"gramm|grams?"),
    ("mass", "kg", 1.0, ("kg",), r"kilogramm|kilograms?"),
    ("mass", "kg", 1e3, ("t",), r"tonnen|tonnes?|tons?"),
    ("mass", "kg", 1e9, ("Mt",), r"megatonnen|megatonnes?"),
    ("mass", "kg", 1e12, ("Gt",), r"gigatonnen|gigatonnes?"),
    ("temperature", "°C", 1.0, ("°C",), r"grad celsius|degrees? celsius|grad"),
)
SYMBOLS: dict[str, tuple[str, str, float]] = {
    symbol: (dimension, base, factor)
    for dimension, base, factor, symbols, _ in UNITS
    for symbol in symbols
}


@functools.cache
def unit_words() -> tuple[tuple[re.Pattern[str], str, str, float], ...]:
    """Each unit's word pattern (case-insensitive) with its dimension, base unit and factor,
    in the order of `UNITS`; compiled at the first call (a unit written as a word is rare)."""
    return tuple(
        (re.compile(words, re.IGNORECASE), dimension, base, factor)
        for dimension, base, factor, _, words in UNITS
    )


#: Longest symbol first: "km/h" before "km" ("/" ends a word, so order matters).
_BY_LENGTH = sorted(SYMBOLS, key=len, reverse=True)
_UNIT = (
    "(?-i:" + "|".join(map(re.escape, _BY_LENGTH)) + ")|" + "|".join(words for *_, words in UNITS)
)
#: Symbols that may follow a number without a space ("500km", "1,2GW"): not one letter.
_UNIT_COMPACT = "|".join(re.escape(symbol) for symbol in _BY_LENGTH if len(symbol) > 1)
#: A number right after these is a paragraph, article or page number ("§ 7 g", "Abs. 2 t").
LEGAL_BEFORE = lazy_pattern(
    r"(?:§§?|\b(?:Art|Abs|Nr|Ziff|Buchst|Rn|Rz|Tz|S|Kap|Anl)\.|\b(?:Artikel|Absatz|Nummer|Satz"
    r"|Ziffer|Buchstabe|Kapitel|Anlage|Anhang|Abschnitt|Teil|Seite))\s*$"
)

_NUM = r"\d{1,3}(?:[.,\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_WORDNUM = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_SCALE = (
    r"Tsd\.|Tausend|thousand|Mio\.|Millionen|Million|million|mn|Mrd\.|Milliarden|Milliarde"
    r"|billion|bn|Bio\.|Billionen|trillion"
)
_CURRENCY_AFTER = r"Euros?|EUR|€|US-Dollar|Dollars?|USD|Pfund|GBP|£|Franken|CHF|Yen|JPY"
_CURRENCY_BEFORE = r"€|US\$|\$|£|EUR|USD"
_PERCENT = r"%|Prozentpunkte[n]?|Prozent|v\.\s?H\.|percentage points|percent|per cent"


def _figure_pattern(guarded: bool) -> str:
    """The figure pattern (case-insensitive but for unit symbols); `guarded` for a pass that
    starts only on digits or a currency sign: no number word can start there (its branch is
    switched off), and a number's tail must start with a letter or a sign ("27 %", "5 Mio."),
    which rejects years and list numbers ("2022)", "12.") without trying the tails."""
    words = rf"(?!){_WORDNUM}" if guarded else _WORDNUM
    guard = r"(?=\s?(?:[^\W\d_]|[%€£°]))" if guarded else ""
    return (
        rf"(?:(?P<pre>{_CURRENCY_BEFORE})\s?(?P<n1>{_NUM})(?![\d])(?:\s?(?P<s1>{_SCALE})(?!\w))?)"
        rf"|(?:(?<![\w.,])(?:(?P<n2>{_NUM})|(?P<w2>{words}))(?![\w]){guard}"
        rf"(?:\s?(?P<pct>{_PERCENT})"
        rf"|\s(?P<s2>{_SCALE})(?:\s?(?P<c2>{_CURRENCY_AFTER})|\s(?P<u2>{_UNIT}))?"
        rf"|\s?(?P<c3>{_CURRENCY_AFTER})"
        rf"|\s(?P<u3>{_UNIT}))(?![\w-]))"
        rf"|(?:(?<![\w.,%/=&+-])(?P<n4>{_NUM})(?P<u4>(?-i:{_UNIT_COMPACT}))(?![\w-]))"
    )


#: The source of `FIGURE_RE`: a figure starting at a position (spelled-out numbers included).
#: The big patterns are compiled at first use (~7 ms each, `__getattr__`): a run parses its
#: documents, and sends its requests, before it reads a spelled-out figure.
_FIGURE = _figure_pattern(guarded=False)
#: Where a figure written with digits can start: a digit, a currency sign, "EUR" or "USD".
_DIGIT_START = r"(?=[0-9€$£]|EUR|USD)"
#: `DIGIT_FIGURE_RE`: the same pattern for figures written with digits, with a cheap
#: first-character test: most positions of a long text are rejected without trying the
#: alternatives. (The case-insensitive part is scoped: a case-insensitive first-character test
#: is slow.) The tests' reference for `_DIGIT_SCAN`.
_DIGIT_FIGURE = _DIGIT_START + "(?i:" + _FIGURE + ")"
_LAZY_PATTERNS = {"FIGURE_RE": (_FIGURE, re.IGNORECASE), "DIGIT_FIGURE_RE": (_DIGIT_FIGURE, 0)}


@functools.cache
def _compiled(name: str) -> re.Pattern[str]:
    """One of `_LAZY_PATTERNS`, compiled at the first call."""
    return re.compile(*_LAZY_PATTERNS[name])


def __getattr__(name: str) -> re.Pattern[str]:
    """`FIGURE_RE` and `DIGIT_FIGURE_RE` (`_compiled`)."""
    if name not in _LAZY_PATTERNS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _compiled(name)


if TYPE_CHECKING:
    FIGURE_RE: re.Pattern[str]
    DIGIT_FIGURE_RE: re.Pattern[str]
#: `DIGIT_FIGURE_RE` as one pass that `re` runs fast: a pattern starting with a character set
#: is searched for that set in C, and only there is the rest tried. The set is a digit, a sign,
#: "E" or "U"; the figure is then matched by a look-ahead inside a one-character look-behind,
#: so the match is that one character and the figure is group 1, the pattern's groups after it.
#: Two cheap tests come first: a digit after a letter, digit, "." or "," starts no figure (the
#: pattern's look-behinds), and a number not followed by a letter or a sign ("%", "€", "£",
#: "°"), at most one space away, is none either ("2022)", "Nr. 12."): its tail must start so.
#: Figures found this way may overlap (one starts inside another); `figure_matches` keeps the
#: first of overlapping ones, as a search would.
_DIGIT_SCAN_SOURCE = (
    r"[0-9€$£EU](?<![\w.,][0-9])(?<=(?=[€$£]|EUR|USD|[\d.,\u00a0\u202f]*\s?(?:[^\W\d_]|[%€£°]))"
    r"(?=(?P<figure>" + _DIGIT_START + "(?i:" + _figure_pattern(guarded=True) + r")))[\s\S])"
)
#: `_DIGIT_SCAN_SOURCE`, compiled at the first scan (~5 ms): a document whose sentences without
#: a marker hold no figure is parsed without it (`may_hold_figures`).
_DIGIT_SCAN = lazy_pattern(_DIGIT_SCAN_SOURCE)
#: The names of the figure pattern's groups, in order (every group is named, so a match's
#: groups map by name, and they are numbered in the order they open); `_DIGIT_SCAN`'s are the
#: same after its `figure`.
GROUP_NAMES = tuple(re.findall(r"\(\?P<(\w+)>", _DIGIT_SCAN_SOURCE))[1:]
#: What every figure with digits holds from its start on: a sign, "EUR" or "USD", or a digit
#: and the rest of its number, at most one blank and a letter or sign (`_DIGIT_SCAN`'s test
#: at its start, which the figure's own characters pass; `may_hold_figures`).
_DIGIT_FIGURE_HINT = re.compile(r"[€$£]|EUR|USD|[0-9][\d.,\u00a0\u202f]*\s?(?:[^\W\d_]|[%€£°])")
#: Unit words after which a spelled-out number may stand ("neun Prozent", "drei Milliarden").
WORD_UNITS = ("prozent", "percent", "per cent", "milliard", "million", "mio.", "mrd.", "billion")
#: Unit words found by a search for a part they share, with the part's offset in each.
_SHARED_UNITS: tuple[tuple[bytes, tuple[tuple[str, bytes, int], ...]], ...] = (
    (b"cent", (("percent", b"percent", 3), ("per cent", b"per cent", 4))),
    (
        b"illi",
        (("milliard", b"milliard", 1), ("million", b"million", 1), ("billion", b"billion", 1)),
    ),
)
_ALONE_UNITS = tuple(
    (unit, unit.encode("ascii"))
    for unit in WORD_UNITS
    if all(unit != shared for _, units in _SHARED_UNITS for shared, _, _ in units)
)
#: The bytes a number word is made of, in the Latin-1 text with ASCII letters lower-cased.
_WORD_BYTES = bytes(range(ord("a"), ord("z") + 1)) + "üöÜÖ".encode("latin-1")
_SEPARATE = bytes(b if b in _WORD_BYTES else ord(" ") for b in range(256))
#: Each number word as it may stand there ("fünf", "fÜnf").
_NUMBER_WORD_BYTES = frozenset(
    variant.encode("latin-1")
    for word in NUMBER_WORDS
    for variant in {word, word.replace("ü", "Ü").replace("ö", "Ö")}
)
_WORD_WINDOW = 16
BARE_NUMBER_RE = lazy_pattern(rf"(?<![\w.,])(?:{_NUM})(?![\d])")
#: Where a spelled-out number starts (the start of the pattern's `w2` branch).
WORD_START_RE = lazy_pattern(rf"(?<![\w.,])(?:{_WORDNUM})(?![\w])", re.IGNORECASE)
#: Letters whose lower case is not what `re` matches case-insensitively ("İ" lowers to two
#: characters; "ı" and "ſ" match "i" and "s"): with one of them, no window is skipped.
_ODD_CASE = ("\u0130", "\u0131", "\u017f")


class Found(NamedTuple):
    """A figure found in a text: where it stands and the pattern's groups (`FIGURE_RE`'s)."""

    start: int
    end: int
    groups: tuple[str | None, ...]

    def span(self) -> tuple[int, int]:
        """(start, end), as a match's."""
        return self.start, self.end


def figure_matches(text: str) -> list[Found]:
    """Matches of the figure pattern, in order, without overlaps: what `FIGURE_RE.finditer`
    finds where a figure is written with digits, and spelled-out numbers near a unit word.

    Digit figures come from one pass (`_DIGIT_SCAN`); spelled-out numbers only stand before a
    few unit words, which are found with `str.find`: in a small window around each, the number
    words are found with a small pattern and the figure pattern is tried only where one starts
    (what a search of the whole pattern over the window would find: no other figure can contain
    a number word). Windows without a number word are skipped (`_may_hold_word`).
    """
    found = _digit_matches(text)
    words = _word_matches(text)
    if not words:
        return found
    found.extend(words)
    found.sort(key=lambda f: f.start)
    unique: list[Found] = []
    last_end = -1
    for figure in found:
        if figure.start >= last_end:
            unique.append(figure)
            last_end = figure.end
    return unique


def may_hold_figures(text: str, spans: Iterable[tuple[int, int]]) -> bool:
    """False when no figure of `figure_matches(text)` lies inside any of `spans` ((start, end)
    offsets into `text`), found without the scan: no figure with digits can start in one (its
    start and what follows up to its unit are `_DIGIT_FIGURE_HINT`'s, inside the figure), and
    the text has no spelled-out figure at all (`_word_matches`, cheap). True when one may."""
    if any(_DIGIT_FIGURE_HINT.search(text, start, end) for start, end in spans):
        return True
    return bool(_word_matches(text))


def _digit_matches(text: str) -> list[Found]:
    """What `DIGIT_FIGURE_RE.finditer(text)` finds, from one `_DIGIT_SCAN` pass."""
    found: list[Found] = []
    last_end = -1
    for match in _DIGIT_SCAN().finditer(text):
        start = match.start()
        if start >= last_end:
            last_end = match.end(1)
            found.append(Found(start, last_end, match.groups()[1:]))
    return found


def _word_matches(text: str) -> list[Found]:
    """Figures with a spelled-out number, from the windows around the unit words."""
    found: list[Found] = []
    for low, high in _windows_with_words(text, *_unit_windows(text)):
        for word in WORD_START_RE().finditer(text, low, high):
            match = _compiled("FIGURE_RE").match(text, word.start(), high)
            if match is not None and match.group("w2") is not None:
                found.append(Found(match.start(), match.end(), match.groups()))
    return found


def _unit_windows(text: str) -> tuple[bytes, list[tuple[int, int]]]:
    """The window around each place where `text.lower()` has a unit word, unit by unit, and
    the bytes they were found in.

    The unit words are found in bytes: the text encoded as Latin-1 with "?" for each other
    character, ASCII letters lower-cased. That is where `text.lower()` has them: no other
    character lowers to a letter of a unit word, and each keeps its offset ("İ", which lowers
    to two characters, is lowered first, so the offsets are those of `text.lower()`). Unit
    words that share a part are found by one search for it (`_SHARED_UNITS`).
    """
    lowered = text.lower() if "\u0130" in text else text
    haystack = lowered.encode("latin-1", "replace").lower()
    places: dict[str, list[int]] = {}
    for unit, needle in _ALONE_UNITS:
        places[unit] = _occurrences(haystack, needle)
    for part, units in _SHARED_UNITS:
        for at in _occurrences(haystack, part):
            for unit, needle, offset in units:
                if at >= offset and haystack.startswith(needle, at - offset):
                    places.setdefault(unit, []).append(at - offset)
    windows = [
        (max(0, index - _WORD_WINDOW), index + len(unit) + _WORD_WINDOW)
        for unit in WORD_UNITS
        for index in places.get(unit, ())
    ]
    return haystack, windows


def _windows_with_words(
    text: str, haystack: bytes, windows: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The windows, in order, but those in which no number word can start.

    Where `WORD_START_RE` matches, a number word stands between two characters that are no
    letters: in `haystack` (`_unit_windows`), where ASCII letters are lower-cased, it is a
    whole run of the bytes `_WORD_BYTES` (the others made spaces: `_SEPARATE`), one of
    `_NUMBER_WORD_BYTES`. (Lower-casing is what case-insensitive matching does, but for the
    letters of `_ODD_CASE`: with one of them in the text, every window is kept.) All windows
    are tried at once first: most hold no number word at all.
    """
    if not windows or any(odd in text for odd in _ODD_CASE):
        return windows
    letters = haystack.translate(_SEPARATE)
    slices = [letters[low:high] for low, high in windows]
    if _NUMBER_WORD_BYTES.isdisjoint(b" ".join(slices).split()):
        return []
    return [
        window
        for window, piece in zip(windows, slices, strict=True)
        if not _NUMBER_WORD_BYTES.isdisjoint(piece.split())
    ]


def _occurrences(text: bytes, part: bytes) -> list[int]:
    """Where `part` stands in `text` (overlapping occurrences too)."""
    found: list[int] = []
    at = text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found
