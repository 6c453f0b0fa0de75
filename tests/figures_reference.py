"""The figure finder as it was before `figure_scan` (kept verbatim below the docstring, from
src/citecheck/figures.py at commit c6c987c): the reference of the differential test
(tests/test_figures_differential.py). Not used by citecheck itself.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from dataclasses import dataclass

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

#: Scale words and their factor ("Mrd." and the English "billion" are both 10⁹).
_SCALES: dict[str, float] = {
    "tsd": 1e3,
    "tausend": 1e3,
    "thousand": 1e3,
    "mio": 1e6,
    "million": 1e6,
    "millionen": 1e6,
    "mn": 1e6,
    "mrd": 1e9,
    "milliarde": 1e9,
    "milliarden": 1e9,
    "billion": 1e9,
    "bn": 1e9,
    "bio": 1e12,
    "billionen": 1e12,
    "trillion": 1e12,
}
_SCALE_CANONICAL = {"billion": 1e9}

_CURRENCIES: dict[str, str] = {
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "€": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "us-dollar": "USD",
    "usd": "USD",
    "$": "USD",
    "us$": "USD",
    "pfund": "GBP",
    "gbp": "GBP",
    "£": "GBP",
    "franken": "CHF",
    "chf": "CHF",
    "yen": "JPY",
    "jpy": "JPY",
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
_SYMBOLS: dict[str, tuple[str, str, float]] = {
    symbol: (dimension, base, factor)
    for dimension, base, factor, symbols, _ in UNITS
    for symbol in symbols
}
_UNIT_WORDS: tuple[tuple[re.Pattern[str], str, str, float], ...] = tuple(
    (re.compile(words, re.IGNORECASE), dimension, base, factor)
    for dimension, base, factor, _, words in UNITS
)
#: Longest symbol first: "km/h" before "km" ("/" ends a word, so order matters).
_BY_LENGTH = sorted(_SYMBOLS, key=len, reverse=True)
_UNIT = (
    "(?-i:" + "|".join(map(re.escape, _BY_LENGTH)) + ")|" + "|".join(words for *_, words in UNITS)
)
#: Symbols that may follow a number without a space ("500km", "1,2GW"): not one letter.
_UNIT_COMPACT = "|".join(re.escape(symbol) for symbol in _BY_LENGTH if len(symbol) > 1)
#: A number right after these is a paragraph, article or page number ("§ 7 g", "Abs. 2 t").
_LEGAL_BEFORE = re.compile(
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

_FIGURE_RE = re.compile(
    rf"(?:(?P<pre>{_CURRENCY_BEFORE})\s?(?P<n1>{_NUM})(?![\d])(?:\s?(?P<s1>{_SCALE})(?!\w))?)"
    rf"|(?:(?<![\w.,])(?:(?P<n2>{_NUM})|(?P<w2>{_WORDNUM}))(?![\w])"
    rf"(?:\s?(?P<pct>{_PERCENT})"
    rf"|\s(?P<s2>{_SCALE})(?:\s?(?P<c2>{_CURRENCY_AFTER})|\s(?P<u2>{_UNIT}))?"
    rf"|\s?(?P<c3>{_CURRENCY_AFTER})"
    rf"|\s(?P<u3>{_UNIT}))(?![\w-]))"
    rf"|(?:(?<![\w.,%/=&+-])(?P<n4>{_NUM})(?P<u4>(?-i:{_UNIT_COMPACT}))(?![\w-]))",
    re.IGNORECASE,
)
#: The same pattern for figures written with digits, with a cheap first-character test: most
#: positions of a long text are rejected without trying the alternatives.
#: (The case-insensitive part is scoped: a case-insensitive first-character test is slow.)
_DIGIT_FIGURE_RE = re.compile(r"(?=[0-9€$£]|EUR|USD)(?i:" + _FIGURE_RE.pattern + ")")
#: Unit words after which a spelled-out number may stand ("neun Prozent", "drei Milliarden").
_WORD_UNITS = ("prozent", "percent", "per cent", "milliard", "million", "mio.", "mrd.", "billion")
_WORD_WINDOW = 16
_BARE_NUMBER_RE = re.compile(rf"(?<![\w.,])(?:{_NUM})(?![\d])")
#: Where a spelled-out number starts (the start of the pattern's `w2` branch).
_WORD_START_RE = re.compile(rf"(?<![\w.,])(?:{_WORDNUM})(?![\w])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FigureMention:
    """One figure found in a text."""

    text: str
    """The figure as written ("44,2 Mrd. Euro")."""
    value: float
    """Its numeric value, scale applied, German reading preferred (44.2e9); a measurement's in
    its base unit (`unit`)."""
    kind: str
    """"percent", "currency" (a currency is named), "quantity" (number with a scale) or the
    dimension of a measurement ("length", "area", "volume", "mass", "power", "energy", "speed",
    "temperature")."""
    currency: str | None
    """ISO code of the currency named, if any."""
    start: int
    """Offset of the figure in the searched text."""
    end: int
    """Offset just after it."""
    readings: tuple[float, ...]
    """Every value the number can mean (ambiguous separators read both ways)."""
    unit: str | None = None
    """For a measurement, the base unit its value is in ("m" for "500 km": value 500000.0)."""


def number_readings(number: str) -> tuple[float, ...]:
    """The values a written number can have; German reading first ("1.500" → 1500.0, 1.5)."""
    cleaned = number.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if cleaned.lower() in NUMBER_WORDS:
        return (float(NUMBER_WORDS[cleaned.lower()]),)
    has_dot, has_comma = "." in cleaned, "," in cleaned
    try:
        if has_dot and has_comma:
            decimal = "." if cleaned.rfind(".") > cleaned.rfind(",") else ","
            thousands = "," if decimal == "." else "."
            return (float(cleaned.replace(thousands, "").replace(decimal, ".")),)
        if has_comma or has_dot:
            separator = "," if has_comma else "."
            groups = cleaned.split(separator)
            grouped = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
            as_thousands = float(cleaned.replace(separator, ""))
            if grouped and len(groups) > 2:
                return (as_thousands,)
            if len(groups) > 2:
                return ()
            as_decimal = float(cleaned.replace(separator, "."))
            if not grouped:
                return (as_decimal,)
            # "1.500" is German for 1500, "1,500" English; either may be a 3-digit decimal.
            return (as_thousands, as_decimal) if has_dot else (as_decimal, as_thousands)
        return (float(cleaned),)
    except ValueError:
        return ()


def _scale_of(word: str | None) -> float:
    """Factor of a scale word (1 when there is none)."""
    if not word:
        return 1.0
    key = word.lower().rstrip(".")
    return _SCALE_CANONICAL.get(key, _SCALES.get(key, 1.0))


def find_figures(text: str) -> list[FigureMention]:
    """Every percentage, amount and measurement in `text`, in order (see the module rules)."""
    mentions: list[FigureMention] = []
    for match in _figure_matches(text):
        meaning = _meaning(match.groups())
        if meaning is None:
            continue
        kind, currency, unit, readings, measured = meaning
        start = match.start()
        if measured and _LEGAL_BEFORE.search(text, max(0, start - 16), start):
            continue  # "§ 7 g", "Abs. 2 t": a paragraph number
        mentions.append(
            FigureMention(
                text=match.group().strip(),
                value=readings[0],
                kind=kind,
                currency=currency,
                start=start,
                end=match.end(),
                readings=readings,
                unit=unit,
            )
        )
    return mentions


_Meaning = tuple[str, str | None, str | None, tuple[float, ...], bool]
"""What a match says: kind, currency, base unit, readings, and whether it is a measurement."""
_GROUP_NAMES = tuple(sorted(_FIGURE_RE.groupindex, key=_FIGURE_RE.groupindex.__getitem__))
assert len(_GROUP_NAMES) == _FIGURE_RE.groups  # every group named, so groups() maps by name
assert _DIGIT_FIGURE_RE.groupindex == _FIGURE_RE.groupindex


@functools.lru_cache(maxsize=4096)
def _meaning(groups: tuple[str | None, ...]) -> _Meaning | None:
    """The meaning of a match, from its groups (the same figure written the same way recurs
    on a page, so this is worked out once); None when it is no figure by the module rules."""
    group = dict(zip(_GROUP_NAMES, groups, strict=True))
    number = group["n1"] or group["n2"] or group["n4"] or group["w2"]
    base = number_readings(number or "")
    if not base:
        return None
    scale_word = group["s1"] or group["s2"]
    scale = _scale_of(scale_word)
    currency_word = group["pre"] or group["c2"] or group["c3"]
    currency = _CURRENCIES.get(currency_word.lower()) if currency_word else None
    unit_word = group["u2"] or group["u3"] or group["u4"]
    unit: str | None = None
    if unit_word:
        if group["w2"] and not scale_word:
            return None  # "zwei Meter": spelled-out numbers only with a scale word
        kind, unit, factor = _unit_of(unit_word)
        scale *= factor
    elif group["pct"]:
        kind = "percent"
    elif currency is not None:
        kind = "currency"
    else:
        kind = "quantity"
    return kind, currency, unit, tuple(value * scale for value in base), bool(unit_word)


def _unit_of(written: str) -> tuple[str, str, float]:
    """(dimension, base unit, factor to the base unit) of a unit as matched."""
    spelled = " ".join(written.split())
    if spelled in _SYMBOLS:
        return _SYMBOLS[spelled]
    for pattern, dimension, base, factor in _UNIT_WORDS:
        if pattern.fullmatch(spelled):
            return dimension, base, factor
    raise ValueError(f"not a unit: {written!r}")  # unreachable: the regex only matches units


def _figure_matches(text: str) -> list[re.Match[str]]:
    """Matches of the figure pattern, in order, without overlaps.

    Digit figures come from one regex pass; spelled-out numbers only stand before a few unit
    words, which are found with `str.find`: in a small window before each, the number words are
    found with a small pattern and the figure pattern is tried only where one starts (what a
    search of the whole pattern over the window would find: no other figure can contain a
    number word). This keeps a megabyte text well under a tenth of a second.
    """
    matches = list(_DIGIT_FIGURE_RE.finditer(text))
    lowered: str | None = None
    for unit in _WORD_UNITS:
        if unit[0] not in text and unit[0].upper() not in text:
            continue
        if lowered is None:
            lowered = text.lower()
        index = lowered.find(unit)
        while index >= 0:
            low = max(0, index - _WORD_WINDOW)
            high = index + len(unit) + _WORD_WINDOW
            for word in _WORD_START_RE.finditer(text, low, high):
                match = _FIGURE_RE.match(text, word.start(), high)
                if match is not None and match.group("w2") is not None:
                    matches.append(match)
            index = lowered.find(unit, index + len(unit))
    if lowered is None:
        return matches
    matches.sort(key=lambda m: m.start())
    unique: list[re.Match[str]] = []
    last_end = -1
    for match in matches:
        if match.start() >= last_end:
            unique.append(match)
            last_end = match.end()
    return unique


def _same_value(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """True when any reading of `a` equals any reading of `b`."""
    return any(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9) for x in a for y in b)


def _equivalent(wanted: FigureMention, found: FigureMention) -> bool:
    """Same figure in another spelling: same kind family, same value, compatible currency, and
    for a measurement the same dimension (values are in its base unit)."""
    if (wanted.kind == "percent") != (found.kind == "percent"):
        return False
    if wanted.unit != found.unit:
        return False
    if wanted.currency and found.currency and wanted.currency != found.currency:
        return False
    return _same_value(wanted.readings, found.readings)


def contains_figure(text: str, figure: FigureMention | str) -> bool:
    """True when `text` states `figure` in any equivalent spelling.

    `figure` may be a mention or a written figure ("27 Prozent"). A string that is no figure
    by the module rules ("44,2") is looked up as a plain number by value.
    """
    if isinstance(figure, str):
        mentions = find_figures(figure)
        if not mentions:
            wanted = number_readings(figure.strip())
            if not wanted:
                return False
            return any(
                _same_value(wanted, number_readings(m.group()))
                for m in _BARE_NUMBER_RE.finditer(text)
            )
        figure = mentions[0]
    return any(_equivalent(figure, found) for found in figures_in(text))


def figure_index(text: str) -> tuple[FigureMention, ...]:
    """The figures of `text` that `contains_figure` tells apart: one mention per kind
    (percent or not), unit, currency and readings, the first found. `index_contains` on it
    answers as `contains_figure` on the text would, for a mention."""
    kept: dict[tuple[bool, str | None, str | None, tuple[float, ...]], FigureMention] = {}
    for found in figures_in(text):
        key = (found.kind == "percent", found.unit, found.currency, found.readings)
        kept.setdefault(key, found)
    return tuple(kept.values())


def index_contains(index: tuple[FigureMention, ...], figure: FigureMention) -> bool:
    """`contains_figure(text, figure)` for a text whose `figure_index` is `index`."""
    return any(_equivalent(figure, found) for found in index)


_INDEX_SIZE = 512
_INDEX: dict[bytes, tuple[FigureMention, ...]] = {}


def figures_in(text: str) -> tuple[FigureMention, ...]:
    """`find_figures(text)`, found once per distinct text: a source text is looked up by every
    figure of every footnote citing it, and scanned only the first time. The most recent
    texts' figures are kept, by a digest of the text (not the text itself)."""
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    found = _INDEX.pop(key, None)
    if found is None:
        found = tuple(find_figures(text))
        if len(_INDEX) >= _INDEX_SIZE:
            del _INDEX[next(iter(_INDEX))]
    _INDEX[key] = found
    return found
