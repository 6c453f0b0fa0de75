"""Figures quoted in prose: percentages and amounts, found and compared across spellings.

`find_figures` finds what a reader would call a figure:

- percentages: a number or a number word up to twelve followed by "%", "Prozent",
  "Prozentpunkte", "v. H.", "percent" ("27 %", "27%", "neun Prozent", "1,5 Prozentpunkte");
- currency amounts: a number with an optional scale word and a currency before or after
  ("44,2 Mrd. Euro", "203 Milliarden Euro", "€ 5 Mio.", "$3.5 billion", "20.000 Euro");
- amounts with a scale but no currency ("1,5 Mio.", "150 Millionen");
- measurements: a number written with digits, optionally with a scale word, followed by a unit
  of length, area, volume, mass, power, energy, speed or temperature ("500 km", "500 Kilometer",
  "12 Seemeilen", "3,5 ha", "20 Mio. t", "1,2 GW", "4 TWh", "1,5 Grad"; see `UNITS`). A unit
  symbol is matched case-sensitively ("MW", not "mw"); a one-letter symbol ("m", "t", "l", "g",
  "W") needs a space after the number, other symbols may follow it directly ("500km").

Bare numbers, years, dates, paragraph numbers and list numbers are not figures, and neither are
counts of people or things ("70 Passagiere", "12.000 Soldaten"): a count names no unit by which
its spelling could vary, and motions are full of them. A number after a legal reference ("§ 7 g",
"Art. 5 m", "Abs. 2 t") is a paragraph number, never a measurement.

`contains_figure` says whether a text (a fetched source) states the same figure in any common
spelling: "27 Prozent" = "27 %" = "27%" = "27 percent"; "203 Milliarden Euro" = "203 Mrd. €" =
"€203 billion"; "44,2" = "44.2"; "neun Prozent" = "9 %"; "500 km" = "500 Kilometer" =
"500 kilometres" = "500.000 m"; "4 TWh" = "4 Terawattstunden"; "3,5 ha" = "3,5 Hektar". Numbers
are compared by value (a measurement in its dimension's base unit: m, m², l, kg, W, Wh, km/h,
°C); a number whose separators are ambiguous ("1.500", "1,500") is read both ways.

Where figures stand is found by `figure_scan` (its patterns and one fast pass). Imports:
stdlib only.
"""

from __future__ import annotations

import functools
import hashlib
import math
from dataclasses import dataclass

from citecheck.figure_scan import (
    BARE_NUMBER_RE,
    GROUP_NAMES,
    LEGAL_BEFORE,
    NUMBER_WORDS,
    SYMBOLS,
    UNITS,
    Found,
    figure_matches,
    may_hold_figures,
    unit_words,
)

__all__ = [
    "NUMBER_WORDS",
    "UNITS",
    "FigureMention",
    "contains_figure",
    "figure_index",
    "figures_in",
    "find_figures",
    "index_contains",
    "may_hold_figures",
    "number_readings",
]

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
    if len(text) <= _SHORT:
        return list(_short_figures(text))
    return _scan_figures(text)


#: A text this short (a citing sentence) has its figures kept: the same sentence is read when
#: the pages to keep are chosen (`verify.TextUse`) and again when its footnote is verified
#: (twice). The most recent 2,048 are kept (a session's citations; about 1 kB each).
_SHORT = 1000


@functools.lru_cache(maxsize=2048)
def _short_figures(text: str) -> tuple[FigureMention, ...]:
    """`find_figures` of a short text, worked out once."""
    return tuple(_scan_figures(text))


def _scan_figures(text: str) -> list[FigureMention]:
    """`find_figures`, from a scan of `text`."""
    mentions: list[FigureMention] = []
    for found in figure_matches(text):
        meaning = _meaning(found.groups)
        if meaning is not None and not _legal_number(text, found, meaning):
            mentions.append(_mention(text, found, meaning))
    return mentions


def _legal_number(text: str, found: Found, meaning: _Meaning) -> bool:
    """A measurement right after a legal reference is a paragraph number ("§ 7 g", "Abs. 2 t")."""
    start = found.start
    return meaning[4] and LEGAL_BEFORE().search(text, max(0, start - 16), start) is not None


def _mention(text: str, found: Found, meaning: _Meaning) -> FigureMention:
    """The mention of a figure found in `text`."""
    kind, currency, unit, readings, _ = meaning
    return FigureMention(
        text=text[found.start : found.end].strip(),
        value=readings[0],
        kind=kind,
        currency=currency,
        start=found.start,
        end=found.end,
        readings=readings,
        unit=unit,
    )


_Meaning = tuple[str, str | None, str | None, tuple[float, ...], bool]
"""What a match says: kind, currency, base unit, readings, and whether it is a measurement."""


@functools.lru_cache(maxsize=4096)
def _meaning(groups: tuple[str | None, ...]) -> _Meaning | None:
    """The meaning of a match, from its groups (the same figure written the same way recurs
    on a page, so this is worked out once); None when it is no figure by the module rules."""
    group = dict(zip(GROUP_NAMES, groups, strict=True))
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
    if spelled in SYMBOLS:
        return SYMBOLS[spelled]
    for pattern, dimension, base, factor in unit_words():
        if pattern.fullmatch(spelled):
            return dimension, base, factor
    raise ValueError(f"not a unit: {written!r}")  # unreachable: the regex only matches units


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
                for m in BARE_NUMBER_RE().finditer(text)
            )
        figure = mentions[0]
    return any(_equivalent(figure, found) for found in figures_in(text))


def figure_index(text: str) -> tuple[FigureMention, ...]:
    """The figures of `text` that `contains_figure` tells apart: one mention per kind
    (percent or not), unit, currency and readings, the first found. `index_contains` on it
    answers as `contains_figure` on the text would, for a mention.

    A page's index is made once, when its text is dropped (`verify.TextUse`): the text is
    scanned without the `figures_in` memo, and a mention is made only for the first figure of
    each kind."""
    kept: dict[tuple[bool, str | None, str | None, tuple[float, ...]], FigureMention] = {}
    for found in figure_matches(text):
        meaning = _meaning(found.groups)
        if meaning is None:
            continue
        kind, currency, unit, readings, _ = meaning
        key = (kind == "percent", unit, currency, readings)
        if key not in kept and not _legal_number(text, found, meaning):
            kept[key] = _mention(text, found, meaning)
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
