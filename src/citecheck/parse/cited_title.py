"""The title of the work a footnote cites, read from the footnote's text.

Works are separated by "; "; the first work with a title gives it. Verification compares it
with the title of the page the footnote's link leads to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from citecheck.parse.markup import URL_LIKE_RE
from citecheck.sentences import normalise_space

_QUOTED_RE = re.compile(
    r"„(?P<a>[^„“”\"\n]{2,400}?)[“”\"]"
    r"|“(?P<b>[^“”\n]{2,400}?)”"
    r"|\"(?P<c>[^\"\n]{2,400}?)\""
    r"|»(?P<d>[^»«\n]{2,400}?)«"
)
_LEAD_RE = re.compile(
    r"^(?:(?:vgl|siehe|s|see|cf|quelle|zitiert nach|zit\. nach)\b\.?:?\s*)+", re.IGNORECASE
)
_WORD_DOCX_RE = re.compile(r"^Microsoft (?:Word|PowerPoint|Excel) - (?P<t>.+?)(?:\.\w{3,4})?$")
_AUTHOR_YEAR_RE = re.compile(
    r"^(?P<author>[^()]{2,160}?)\s*\((?P<when>[^()]{0,60}?\b(?:1[5-9]|20)\d\d\b[^()]{0,60})\)"
    r"\s*[.:,]?\s*(?P<rest>.*)$"
)
_MONTHS = r"(?:Jan|Feb|Mär|Maer|Mrz|Apr|Mai|May|Jun|Jul|Aug|Sep|Okt|Oct|Nov|Dez|Dec)[a-zä]*\.?"
_DATE_END_RE = re.compile(
    rf"(?:\b\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:19|20)?\d{{2}}"
    rf"|\b\d{{1,2}}\.\s?{_MONTHS}\s(?:19|20)\d{{2}}"
    rf"|\b{_MONTHS}\s\d{{1,2}},?\s(?:19|20)\d{{2}}"
    rf"|(?:^|\s)(?:19|20)\d{{2}})\)?$",
    re.IGNORECASE,
)
_PAGE_REF_END_RE = re.compile(r",\s*(?:S\.|p\.|pp\.|Seite)\s?\d+(?:\s?[-–]\s?\d+)?(?:\s?f+\.?)?$")
_NOT_A_TITLE_RE = re.compile(
    r"^(?:S\.|p\.|pp\.|Seite\b|Nr\.|No\.|Rn\.|Rz\.|Az\.|Art\.|Abs\.|§|Drucksache|Drs\.|BT-Drs"
    r"|Bundestagsdrucksache|zuletzt|abgerufen|aufgerufen|accessed|retrieved|online|\d+/\d+)",
    re.IGNORECASE,
)
_TITLE_PUBLISHER_RE = re.compile(r"^(?P<t>.{12,}?)\s[-–]\s(?P<p>[A-ZÄÖÜ][\w&.]{1,15})\.?$")
#: "; " between two works (not the "; " that leads to a work's URL).
_WORK_SEPARATOR_RE = re.compile(r";\s+(?!(?:https?://|www\.|doi:))", re.IGNORECASE)
#: The word before an opening quote; a lower-case word there means the quote is prose.
_WORD_BEFORE_QUOTE_RE = re.compile(r"([^\W\d_]+)\s*$")
#: Lower-case words that may introduce a quoted title.
_TITLE_LEAD_WORDS = frozenset(
    {"vgl", "siehe", "s", "see", "cf", "in", "aus", "laut", "zit", "titel", "titled", "entitled"}
)
#: "CRS Report R45281, Title, by …" / "coordinated by …".
_REPORT_RE = re.compile(
    r"^(?:CRS|GAO|CBO|WD)\s+(?:Report|In Focus|Insight)?\s*[A-Z]{0,3}[\d-]+,\s+(?P<t>.+?),"
    r"\s+(?:by|coordinated by)\s"
)
#: "March 10, 2026": an English date whose comma must not split segments.
_ENGLISH_DATE_RE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s\d{1,2},\s(?:19|20)\d\d"
)
_IN_SOURCE_RE = re.compile(r",?\s+in:\s", re.IGNORECASE)
_AUTHOR_COLON_RE = re.compile(r"^[^:,]{2,60}(?:,\s[^:,]{2,40})?:\s")


def _clean_title(candidate: str) -> str:
    """Whitespace-normalise and strip quotes and trailing punctuation."""
    return normalise_space(candidate).strip(' \t„“”"»«').rstrip(" ,;:.").strip()


def _is_title(candidate: str) -> bool:
    """Could this be the title of a work (and not a page, number, law or access date)?"""
    if len(candidate) < 3 or not re.search(r"[^\W\d_]{3}", candidate):
        return False
    if _NOT_A_TITLE_RE.match(candidate) or URL_LIKE_RE.match(candidate):
        return False
    return not _DATE_END_RE.fullmatch(candidate)


def _first_title(*candidates: str | None) -> str | None:
    """The first candidate that reads as a title, cleaned."""
    for candidate in candidates:
        if candidate is None:
            continue
        cleaned = _clean_title(candidate)
        if _is_title(cleaned):
            return cleaned
    return None


def extract_cited_title(
    text: str, url_starts: Sequence[int] = (), link_titles: Sequence[str] = ()
) -> str | None:
    """The title of the first titled work a footnote cites, or None.

    The text of a Markdown link that is not a URL (`link_titles`) comes first. Otherwise works
    are separated by "; " (a "; " right before a URL separates a title from its URL, not two
    works; a "; " inside a quoted title separates nothing); each work is read on its own, in
    order, by `_work_title`. Candidates that only name a page, a number, a Drucksache, a law or
    an access date are no title; a bare "Vgl. <url>" or a source name alone gives None.
    """
    if title := _first_title(*link_titles):
        return title
    quotes = [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)]
    work_start = 0
    for separator in _WORK_SEPARATOR_RE.finditer(text):
        if any(start < separator.start() < end for start, end in quotes):
            continue  # "…Nation; Activity Ranges…" inside one quoted title
        if title := _work_title(text, work_start, separator.start(), url_starts):
            return title
        work_start = separator.end()
    return _work_title(text, work_start, len(text), url_starts)


def _work_title(text: str, start: int, end: int, url_starts: Sequence[int]) -> str | None:
    """The title of the work written in text[start:end].

    A quoted title („…“, “…”, "…", »…«) wins, unless a lower-case word of running prose stands
    right before the quote ("is using “Secretary of War” as …"); else `_unquoted_title`.
    """
    work = text[start:end]
    for match in _QUOTED_RE.finditer(work):
        quoted = next(g for g in match.groups() if g is not None)
        if _is_prose_quote(work, match.start()):
            continue
        if title := _first_title(quoted):
            return title
    return _unquoted_title(work, [u - start for u in url_starts if start <= u < end])


def _is_prose_quote(work: str, quote_start: int) -> bool:
    """A quotation inside a running sentence ("is using „Secretary of War“ as …")."""
    before = _WORD_BEFORE_QUOTE_RE.search(work, max(0, quote_start - 30), quote_start)
    return (
        before is not None
        and before.group(1).islower()
        and before.group(1) not in _TITLE_LEAD_WORDS
    )


def _unquoted_title(text: str, url_starts: Sequence[int]) -> str | None:
    """The title of one work without a quoted title; the first rule that gives one wins:

    1. "Microsoft Word - Titel.docx" (PDF metadata pasted as a title) → "Titel"; "CRS Report
       R45281, Title, by …" (a report series number first) → Title;
    2. "Author (Jahr[, Datum]). Titel. URL" and the book style "Author, Titel (Verlag, Jahr)"
       (`_author_year_title`);
    3. "Titel, in: Quelle, …" → the part before ", in:" (an "Author:" prefix dropped);
    4. "Quelle, Datum, Titel[, …]" and "Author, Title, Month Day, Year" (`_dated_title`);
    5. "Titel[, S. 8]; URL" (a semicolon before the URL) → the text before it;
    6. without URL: "Titel - Herausgeber" ("… dringend erforderlich - BDL") → "Titel".
    """
    prefix = text[: url_starts[0]] if url_starts else text
    before_url = prefix.rstrip()
    semicolon = bool(url_starts) and before_url.endswith(";")
    prefix = _LEAD_RE.sub("", before_url).rstrip(" ,;:.")
    if not prefix:
        return None
    if word := _WORD_DOCX_RE.match(prefix):
        return _first_title(word.group("t"))
    if report := _REPORT_RE.match(prefix):
        return _first_title(report.group("t"))
    if title := _author_year_title(prefix):
        return title
    parts = _IN_SOURCE_RE.split(prefix, maxsplit=1)
    if len(parts) == 2:
        return _first_title(_AUTHOR_COLON_RE.sub("", parts[0]))
    if title := _dated_title(prefix):
        return title
    if semicolon:
        return _first_title(_PAGE_REF_END_RE.sub("", prefix))
    if not url_starts and (pair := _TITLE_PUBLISHER_RE.match(prefix)):
        return _first_title(pair.group("t"))
    return None


def _author_year_title(prefix: str) -> str | None:
    """Title of "Author (Jahr). Titel" or of the book style "Author, Titel (Verlag, Jahr)"."""
    match = _AUTHOR_YEAR_RE.match(prefix)
    if match is None:
        return None
    rest = re.split(r"\.\s+(?:In|in):\s", match.group("rest"), maxsplit=1)[0]
    if title := _first_title(rest):
        return title
    author = match.group("author")
    has_publisher = re.search(r"[^\W\d_]{2}", match.group("when")) is not None
    if has_publisher and ", " in author:
        return _first_title(author.split(", ", 1)[1])
    return None


def _dated_title(prefix: str) -> str | None:
    """Title of "Quelle, Datum, Titel, …" or of "Author, Title, Month Day, Year, …".

    German style puts the date or year at the end of the first or second comma segment
    ("Destatis, 15.04.2025, …", "C. Spengel 2021, …"), the title after it; English style
    ("Author[, Publisher], Title, March 10, 2026, …") puts the title before a date in the
    third or fourth segment.
    """
    segments = _ENGLISH_DATE_RE.sub(lambda m: m.group().replace(", ", ",\u00a0"), prefix).split(
        ", "
    )
    for index in (0, 1):
        if index + 1 < len(segments) and _DATE_END_RE.search(segments[index]):
            return _first_title(segments[index + 1])
    for index in (2, 3):
        if index < len(segments) and _DATE_END_RE.search(segments[index].replace("\u00a0", " ")):
            return _first_title(segments[index - 1])
    return None
