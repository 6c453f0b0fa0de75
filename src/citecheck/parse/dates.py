"""Dates the parser reads: a footnote's access date ("abgerufen am 3. März 2024", "accessed
March 3, 2024") and a document's own date (the Drucksache head line, the closing "Berlin, den
…", DOCX/PDF metadata). Pure: strings and bytes in, ISO dates ("2024-03-03", "2024-03") out.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator

from citecheck.lazy_patterns import lazy_pattern

__all__ = ["access_date", "document_date", "docx_metadata_date", "pdf_metadata_date"]

_MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "january": 1,
    "februar": 2, "feber": 2, "feb": 2, "february": 2,
    "märz": 3, "maerz": 3, "mär": 3, "mrz": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"

#: Date spellings, most specific first; each is tried where an access or document date stands.
_DATE_FORM_SOURCES = (
    r"(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)",  # 2024-03-03
    _DAY + r"\.\s?(?P<month>[01]?\d)\.\s?(?P<year>(?:19|20)?\d\d)(?![\d.]\d)",  # 3.3.2024
    _DAY + r"/(?P<month>[01]?\d)/" + _YEAR,  # 03/03/2024 (day first; US order: see below)
    _DAY + r"(?:\.|st|nd|rd|th)?\s*" + _MONTH + r",?\s*" + _YEAR,  # 3. März 2024, 3 March 2024
    _MONTH + r"\s+" + _DAY + r"(?:st|nd|rd|th)?,?\s+" + _YEAR,  # March 3, 2024
    _MONTH + r"\s+" + _YEAR,  # März 2024 (a month)
    r"(?P<month>[01]?\d)[./]" + _YEAR,  # 03/2024, 3.2024 (a month)
)


@functools.cache
def _date_forms() -> tuple[re.Pattern[str], ...]:
    """`_DATE_FORM_SOURCES` compiled (case-insensitive) at the first call: a motion whose
    footnotes name no access date and that has no head or closing date line needs none."""
    return tuple(re.compile(form, re.IGNORECASE) for form in _DATE_FORM_SOURCES)


_US_SLASH = lazy_pattern(r"(?P<month>[01]?\d)/(?P<day>[0-3]?\d)/" + _YEAR)

# What introduces an access date: German and English, with their usual particles.
_ACCESS_DE = (
    r"(?:(?:zuletzt|letztmal(?:ig)?|letztmals)\s+)?"
    r"(?:abgerufen|aufgerufen|zugegriffen|eingesehen|besucht|geprüft)"
    r"|(?:letzte[rsn]?\s+|zuletzt\s+)?(?:Zugriff|Abruf)(?:sdatum|datum)?"
    r"|Abrufdatum|Zugriffsdatum"
)
_ACCESS_EN = (
    r"(?:last\s+|date\s+)?(?:accessed|retrieved|visited|viewed|consulted|checked)"
    r"|(?:last\s+)?access(?:\s+date)?|date\s+of\s+access"
)
_PARTICLES = r"(?:[\s,(]*(?:am\b|vom\b|jeweils\b|on\b|at\b|:))*[\s:,(]*"
_ACCESS = lazy_pattern(
    rf"(?:\b(?P<de>{_ACCESS_DE})\b|\b(?P<en>{_ACCESS_EN})\b|(?<![\w-])(?P<stand>Stand)\b)",
    re.IGNORECASE,
)
#: A part of every `_ACCESS` keyword: a text without one, in any case, has no access date
#: (`_may_name_access`). "geprüft" is the only keyword with a letter outside ASCII.
_ACCESS_HINTS = (
    "ruf", "zug", "einges", "besuch", "acces", "retriev", "visit", "view", "consult", "check",
    "stand", "geprüft",
)  # fmt: skip
#: Letters `re` matches to an ASCII letter, ignoring case, that `str.lower` does not turn into
#: that letter alone ("İ" lowers to two characters; "ı" and "ſ" match "i" and "s"; the Kelvin
#: sign lowers to "k" and needs no entry): with one of them, the hints are not tested.
_ODD_CASE = ("\u0130", "\u0131", "\u017f")
#: Any of `_ACCESS_HINTS` (one search in C instead of a test per hint).
_ACCESS_HINT_RE = re.compile("|".join(_ACCESS_HINTS))
_PARTICLE_RE = lazy_pattern(_PARTICLES, re.IGNORECASE)
# "abgerufen unter: <URL> am 3.3.2024": the date follows the URL.
_UNDER = lazy_pattern(r"\s*(?:unter|über|from|at)\b[:\s]*\S+?[\s,;]+(?:zuletzt\s+)?(?:am|on)\s+")


def _iso(year: int, month: int, day: int | None) -> str | None:
    """An ISO date ("2024-03-03", or "2024-03" without a day), None if it does not exist."""
    try:
        datetime.date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")


def _month_number(text: str) -> int | None:
    """1..12 for a month name or number as written ("März", "Sept", "03")."""
    if text.isdigit():
        return int(text)
    return _MONTHS.get(text.lower().rstrip("."))


def _year_number(text: str) -> int:
    """A four-digit year; two digits are read in this century ("24" → 2024)."""
    year = int(text)
    return year + 2000 if year < 100 else year


def read_date(text: str, *, us_order: bool = False) -> str | None:
    """The date at the very start of `text` in any of the spellings above, as ISO ("2024-03-03",
    or "2024-03" for a month alone), or None. `us_order` reads "3/4/2024" month first (after an
    English keyword) instead of day first. A date that does not exist is None."""
    if us_order:
        match = _US_SLASH().match(text)
        if match is not None:
            return _iso(int(match["year"]), int(match["month"]), int(match["day"]))
    for form in _date_forms():
        match = form.match(text)
        if match is None:
            continue
        month = _month_number(match["month"])
        if month is None:
            continue
        day = int(match["day"]) if "day" in match.groupdict() else None
        return _iso(_year_number(match["year"]), month, day)
    return None


def _access_dates(text: str) -> Iterator[str]:
    """Every access date written in `text`: a date right after an access keyword (and its
    particles "am", "vom", "on", ":"), or, after "abgerufen unter <URL>", after its "am"."""
    for match in _ACCESS().finditer(text):
        if match["stand"] is not None and match["stand"] != "Stand":
            continue  # "stand" (stood) is a verb; the noun "Stand" (as of) is capitalised
        rest = text[match.end() :]
        start = _PARTICLE_RE().match(rest)
        after = rest[start.end() if start else 0 :]
        found = read_date(after, us_order=match["en"] is not None)
        if found is None and match["stand"] is None:
            under = _UNDER().match(rest)
            if under is not None:
                found = read_date(rest[under.end() :], us_order=match["en"] is not None)
        if found is not None:
            yield found


def _may_name_access(text: str) -> bool:
    """False when `text` surely holds no `_ACCESS` keyword: none of `_ACCESS_HINTS` in its
    lower case, and none of the `_ODD_CASE` letters (without them, `re`'s ignoring of case is
    `str.lower`). A cheap test first, as `_ACCESS` with its leading word boundary is tried at
    every position."""
    if any(odd in text for odd in _ODD_CASE):
        return True
    return _ACCESS_HINT_RE.search(text.lower()) is not None


def access_date(text: str) -> str | None:
    """The access date a footnote prints: "abgerufen am 3. März 2024", "Zugriff am
    03.03.2024", "letzter Zugriff: 3.3.2024", "zuletzt aufgerufen am 3.3.24", "Abruf:
    2024-03-03", "Stand: März 2024" (→ "2024-03"), "accessed March 3, 2024", "retrieved 3 March
    2024", "last visited 03/03/2024" (month first after an English keyword), … as ISO.

    Only a date introduced by such a word counts: "Pressemitteilung vom 3. März 2024" or
    "zuletzt geändert durch Gesetz vom 24. Oktober 2024" is no access date (None), nor is a
    year alone ("Stand: 2025"). With several, the latest one (a footnote citing two pages read
    on different days was complete on the later day)."""
    if not _may_name_access(text):
        return None
    found = list(_access_dates(text))
    return max(found) if found else None


_HEADS = (
    re.compile(r"\b\d{1,2}\.\s*Wahlperiode\s{1,12}(?=\d)"),
    re.compile(r"\bDrucksache\s+\d+(?:\s*/\s*\d+)+\s{1,12}(?=\d)"),
)
_CLOSING = re.compile(
    r"^[\s*_]*[A-ZÄÖÜ][\w.\-/ äöüß]{1,40}?,\s+(?P<den>den\s+)?(?=\d)", re.MULTILINE
)
_LINE_END = lazy_pattern(r"[\s*_]*$", re.MULTILINE)


def document_date(body: str) -> str | None:
    """The document's own date from its text: the Drucksache head line ("21. Wahlperiode
    07.10.2025"; the Bundesrat's "Drucksache 206/25" followed by "12.05.25") near the start,
    else the last closing line ("Berlin, den 14. November 2024",
    or a line of just "Hannover, 12.03.2024"). Only full dates count; None when neither is
    there (then the metadata may tell, see `docx_metadata_date`, `pdf_metadata_date`)."""
    for pattern in _HEADS:
        head = pattern.search(body[:4000])
        found = read_date(body[head.end() :]) if head is not None else None
        if found is not None and len(found) == 10:
            return found
    closing: str | None = None
    for match in _CLOSING.finditer(body):
        rest = _line_window(body, match.end())
        date = read_date(rest)
        if date is None or len(date) != 10:
            continue
        if match["den"] is None and not _ends_line(rest):
            continue  # "Bild, 26.02.2025, S. 3" in running text: no closing line
        closing = date
    return closing


def _line_window(text: str, start: int, reach: int = 100) -> str:
    """`text` from `start` to the end of the line that holds `start + reach`: enough for any
    date and the rest of its line (so `$` still means the line's end), without copying the
    rest of a long body for every candidate line."""
    end = text.find("\n", min(start + reach, len(text)))
    return text[start : end if end >= 0 else len(text)]


def _ends_line(rest: str) -> bool:
    """Is the date at the start of `rest` all that is left of its line?"""
    for form in _date_forms():
        match = form.match(rest)
        if match is not None:
            return _LINE_END().match(rest, match.end()) is not None
    return False


_DOCX_DATES = (
    re.compile(r"<dcterms:modified\b[^>]*>\s*(\d{4}-\d\d-\d\d)"),
    re.compile(r"<dcterms:created\b[^>]*>\s*(\d{4}-\d\d-\d\d)"),
)
_PDF_DATES = (
    re.compile(rb"/CreationDate\s*\(D:(\d{4})(\d\d)(\d\d)"),
    re.compile(rb"<xmp:CreateDate>\s*(\d{4})-(\d\d)-(\d\d)"),
    re.compile(rb"/ModDate\s*\(D:(\d{4})(\d\d)(\d\d)"),
)


def docx_metadata_date(core_xml: str) -> str | None:
    """The date of a Word document's core properties (docProps/core.xml): last modified, else
    created (the date of the version at hand); None when neither is readable."""
    for pattern in _DOCX_DATES:
        match = pattern.search(core_xml)
        if match is not None:
            year, month, day = (int(part) for part in match[1].split("-"))
            found = _iso(year, month, day)
            if found is not None:
                return found
    return None


def pdf_metadata_date(data: bytes) -> str | None:
    """The creation date in a PDF's metadata (the Info dictionary's /CreationDate, the XMP
    CreateDate, else /ModDate), read from the raw bytes: a PDF whose metadata sits in a
    compressed object stream has none here (None)."""
    for pattern in _PDF_DATES:
        match = pattern.search(data)
        if match is not None:
            found = _iso(int(match[1]), int(match[2]), int(match[3]))
            if found is not None:
                return found
    return None
