"""The title of the work a footnote cites, read from the footnote's text.

Works are separated by "; "; the first work with a title gives it. Verification compares it
with the title of the page the footnote's link leads to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from citecheck.lazy_patterns import lazy_pattern
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
_WORD_DOCX_RE = lazy_pattern(r"^Microsoft (?:Word|PowerPoint|Excel) - (?P<t>.+?)(?:\.\w{3,4})?$")
_AUTHOR_YEAR_RE = lazy_pattern(
    r"^(?P<author>[^()\[\]]{2,160}?)\s*[(\[]"
    r"(?P<when>[^()\[\]]{0,60}?\b(?:1[5-9]|20)\d\d\b[^()\[\]]{0,60})[)\]]"
    r"\s*[.:,]?\s*(?P<rest>.*)$"
)
#: Where a title ends inside the text after "Author (Jahr)": ". In: …", ", in: …", a book's
#: ". Ort: Verlag" and a descriptor (", Vortrag am …", ", Universität …", ", ISBN …").
_TITLE_END_RE = lazy_pattern(
    r"\.\s+(?:In|in):\s|,?\s+in:\s|\.\s+[A-ZÄÖÜ][a-zäöüß]+(?:\s[A-ZÄÖÜ][a-zäöüß]+)?:\s"
    r"|,\s+(?:Vortrag|Rede|Working Paper|Diskussionspapier|Universität|University|Hochschule"
    r"|Verlag|Hrsg\.|ISBN|Edition|Auflage)\b"
)
_MONTHS = r"(?:Jan|Feb|Mär|Maer|Mrz|Apr|Mai|May|Jun|Jul|Aug|Sep|Okt|Oct|Nov|Dez|Dec)[a-zä]*\.?"
_DATE_END_RE = re.compile(
    rf"(?:\b\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:19|20)?\d{{2}}"
    rf"|\b\d{{1,2}}\.\s?{_MONTHS}\s(?:19|20)\d{{2}}"
    rf"|\b{_MONTHS}\s\d{{1,2}},?\s(?:19|20)\d{{2}}"
    rf"|(?:^|\s)(?:19|20)\d{{2}})\)?$",
    re.IGNORECASE,
)
#: "Quelle vom 5. Juli 2023: Titel" (the press style of many Anträge).
_SOURCE_OF_DATE_RE = lazy_pattern(
    rf"^[^:;]{{2,80}}?\s+vom\s+\d{{1,2}}\.\s?(?:\d{{1,2}}\.\s?(?:19|20)?\d{{2}}|{_MONTHS}\s(?:19|20)\d{{2}})"
    r"\s*:\s+(?P<t>.+)$",
    re.IGNORECASE,
)
_PAGE_REF_END_RE = lazy_pattern(r",\s*(?:S\.|p\.|pp\.|Seite)\s?\d+(?:\s?[-–]\s?\d+)?(?:\s?f+\.?)?$")
_NOT_A_TITLE_RE = re.compile(
    r"^(?:S\.|p\.|pp\.|Seiten?\b|Nr\.|No\.|Rn\.|Rz\.|Az\.|Art\.|Abs\.|§|Drucksache|Drs\.|BT-Drs"
    r"|Bundestagsdrucksache|zuletzt|abgerufen|aufgerufen|accessed|retrieved|online|\d+/\d+"
    r"|Tabelle\b|Tab\.|Abbildung\b|Abb\.|Zeilen?\b|\d+\s?[-–]\s?\d+\b)",
    re.IGNORECASE,
)
#: A reference into a work: a page, table, figure, line, chapter or margin number.
_PLACE_RE = lazy_pattern(
    r"^(?:S\.|Seiten?|p\.|pp\.|Tabelle|Tab\.|Abbildung|Abb\.|Zeilen?|Kapitel|Kap\.|Rn\.|Rz\."
    r"|Ziff\.|Punkt)\s*[\dA-Z]"
)
#: A series or document number ("hib 313/2024", "WD 4 - 3000 - 073/22", "Nr. 30/2025").
_SERIES_RE = lazy_pattern(r"(?:^[A-Z]{1,4}[\d\s/–-]+$|\b\d+/\d{2,4}\s*$)")
#: A section number before a section title ("2.3.5.2 Erträge aus dem Mining").
_SECTION_RE = lazy_pattern(r"^\d+(?:\.\d+)+\s")
#: "… vom 9. April 2025" at the end of a title.
_DATED_BY_VOM_RE = lazy_pattern(r"\s+vom\s+\S.*$")
#: A publisher or organisation named before the title: an acronym ("FAZ"), a domain
#: ("Haufe.de"), a one-word name ("Statista"), or a name with an institution word.
_PUBLISHER_RE = lazy_pattern(
    r"^(?:[A-ZÄÖÜ]{2,6}|[\w-]+(?:\.[\w-]+)*\.(?:de|com|org|net|eu|info|io)|[A-ZÄÖÜ][a-zäöüß]+"
    r"|(?:\S+\s){0,3}?(?:Bundes\w+|\w*ministerium|\w*[Aa]mt|\w*[Aa]gentur|Institut\w*|Dienste?"
    r"|\w*[Bb]ank|Kommission|Stiftung|\w*[Vv]erband|Universität|Rechnungshof|\w*[Ll]exikon)"
    r"(?:\s\S+){0,4})$"
)
#: A quoted term followed by a date is the publication ("„Merkur“ vom 22.05.2024, …").
_DATE_AFTER_QUOTE_RE = re.compile(r"\s*(?:vom\s+)?\d{1,2}\.\s?(?:\d{1,2}\.|[A-ZÄÖÜ])")
#: A quotation that opens a footnote ("„Geld, das … wird.“ Quelle …"): a sentence, no title.
_QUOTATION_RE = re.compile(r"[„“”\"»][^\n]*?[.…][“”\"«]\s+(?=\S)")
_TITLE_PUBLISHER_RE = lazy_pattern(r"^(?P<t>.{12,}?)\s[-–]\s(?P<p>[A-ZÄÖÜ][\w&.]{1,15})\.?$")
#: "; " between two works (not the "; " that leads to a work's URL).
_WORK_SEPARATOR_RE = re.compile(r";\s+(?!(?:https?://|www\.|doi:))", re.IGNORECASE)
#: Lower-case words that may introduce a quoted title.
_TITLE_LEAD_WORDS = frozenset(
    {"vgl", "siehe", "s", "see", "cf", "in", "aus", "laut", "zit", "titel", "titled", "entitled"}
)
#: "CRS Report R45281, Title, by …" / "coordinated by …".
_REPORT_RE = lazy_pattern(
    r"^(?:CRS|GAO|CBO|WD)\s+(?:Report|In Focus|Insight)?\s*[A-Z]{0,3}[\d-]+,\s+(?P<t>.+?),"
    r"\s+(?:by|coordinated by)\s"
)
#: "March 10, 2026": an English date whose comma must not split segments.
_ENGLISH_DATE_RE = lazy_pattern(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s\d{1,2},\s(?:19|20)\d\d"
)
_IN_SOURCE_RE = lazy_pattern(r",?\s+in:\s", re.IGNORECASE)
_AUTHOR_COLON_RE = lazy_pattern(r"^[^:,]{2,60}(?:,\s[^:,]{2,40})?:\s")


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
    order, by `_work_title`. A quoted sentence that opens the footnote is an explanatory
    quotation and is left out first. Candidates that only name a page, a number, a Drucksache,
    a law or an access date are no title; a bare "Vgl. <url>" or a source name alone gives
    None.
    """
    if title := _first_title(*link_titles):
        return title
    lead = _LEAD_RE.match(text)
    at = lead.end() if lead else 0
    quotation = _QUOTATION_RE.match(text, at)
    if quotation and len(quotation.group().split()) >= 6:
        # An explanatory quotation opening the footnote ("„Geld, das … wird.“ Gabler, …").
        cut = quotation.end() - at
        text = text[:at] + text[quotation.end() :]
        url_starts = [u - cut for u in url_starts if u >= quotation.end()]
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
    right before the quote ("is using “Secretary of War” as …"), a date follows it (the
    publication: „Merkur“ vom …) or it is a quoted passage (ten words or more ending in a
    period); else `_unquoted_title`.
    """
    work = text[start:end]
    for match in _QUOTED_RE.finditer(work):
        quoted = next(g for g in match.groups() if g is not None)
        if _is_prose_quote(work, match.start()) or _DATE_AFTER_QUOTE_RE.match(work, match.end()):
            continue
        if quoted.rstrip()[-1:] in ".…" and len(quoted.split()) >= 10:
            continue  # a quoted passage ("Seite 2: „Gleichwohl legt … verteilt wurde.“")
        if title := _first_title(quoted):
            return title
    return _unquoted_title(work, [u - start for u in url_starts if start <= u < end])


def _is_prose_quote(work: str, quote_start: int) -> bool:
    """A quotation inside a running sentence ("is using „Secretary of War“ as …", "… nennen
    („Hyle“ bedeutet Stoff)"); a quoted publication before its date („Merkur“ vom …) is
    skipped by the caller. The word before the quote is `_word_before`'s."""
    before = _word_before(work, max(0, quote_start - 30), quote_start)
    return before is not None and before.islower() and before not in _TITLE_LEAD_WORDS


def _word_before(text: str, low: int, high: int) -> str | None:
    r"""The word before an opening quote, as a search for `([^\W\d_]+)[\s(]*$` in
    `text[low:high]` finds it (its group; the pattern is the tests' reference), with string
    operations instead of a search tried at every position: the letters that end the window
    but for white space and "(", None when none do."""
    end = high
    while end > low and (text[end - 1].isspace() or text[end - 1] == "("):
        end -= 1
    start = end
    while start > low and _is_letter(text[start - 1]):
        start -= 1
    return text[start:end] if start < end else None


def _is_letter(char: str) -> bool:
    r"""Does `re`'s `[^\W\d_]` match `char`: a letter, or a numeric character that is no
    decimal digit ("²", "½")?"""
    return char.isalnum() and not char.isdecimal()


def _unquoted_title(text: str, url_starts: Sequence[int]) -> str | None:
    """The title of one work without a quoted title; the first rule that gives one wins:

    1. "Microsoft Word - Titel.docx" (PDF metadata pasted as a title) → "Titel"; "CRS Report
       R45281, Title, by …" (a report series number first) → Title; "Quelle vom 5. Juli 2023:
       Titel" → Titel;
    2. "Author (Jahr[, Datum]). Titel. URL", "Author [Jahr]. Titel. Ort: Verlag", "Author:
       Titel (Zeitschrift Jahr, Seite)" and the book style "Author, Titel (Verlag, Jahr)"
       (`_author_year_title`);
    3. "[Author:] Titel, in: Quelle, …" → the part before ", in:";
    4. "Quelle, Datum, Titel[, …]" and "Author, Title, Month Day, Year" (`_dated_title`);
    5. "[Quelle, ]Titel[, S. 8]; URL" (a semicolon before the URL; `_semicolon_title`);
    6. "[Organisation, ]Titel[ vom Datum], S. 8|Tabelle 1|Zeile 30, URL" (`_placed_title`);
    7. without URL: "Titel - Herausgeber" ("… dringend erforderlich - BDL") → "Titel".
    """
    prefix = text[: url_starts[0]] if url_starts else text
    before_url = prefix.rstrip()
    prefix = _LEAD_RE.sub("", before_url).rstrip(" ,;:.")
    if not prefix:
        return None
    if word := _WORD_DOCX_RE().match(prefix):
        return _first_title(word.group("t"))
    if report := _REPORT_RE().match(prefix):
        return _first_title(report.group("t"))
    if dated := _SOURCE_OF_DATE_RE().match(prefix):
        return _first_title(dated.group("t"))
    if title := _author_year_title(prefix):
        return title
    parts = _IN_SOURCE_RE().split(prefix, maxsplit=1)
    if len(parts) == 2:
        return _first_title(_AUTHOR_COLON_RE().sub("", parts[0]))
    if title := _dated_title(prefix):
        return title
    if url_starts and before_url.endswith(";"):
        return _semicolon_title(prefix)
    if url_starts:
        return _placed_title(prefix)
    if pair := _TITLE_PUBLISHER_RE().match(prefix):
        return _first_title(pair.group("t"))
    return None


def _semicolon_title(prefix: str) -> str | None:
    """Title of "[Quelle, ][Nummer, ]Titel[, 2.3 Abschnitt][, S. 8]; URL".

    A publisher first ("Statista, …", "FAZ, …", "Haufe.de, …", "Wissenschaftliche Dienste des
    Bundestages, WD 4 - 3000 - 073/22, …") and a section or page at the end are not part of
    the title.
    """
    segments = _PAGE_REF_END_RE().sub("", prefix).split(", ")
    if len(segments) > 1 and _PUBLISHER_RE().match(segments[0]):
        segments = segments[1:]
        while len(segments) > 1 and _SERIES_RE().search(segments[0]):
            segments = segments[1:]
    while len(segments) > 1 and _SECTION_RE().match(segments[-1]):
        segments = segments[:-1]
    candidate = ", ".join(segments)
    return None if _PUBLISHER_RE().match(candidate) else _first_title(candidate)


def _placed_title(prefix: str) -> str | None:
    """Title of "[Organisation, ]Titel[ vom Datum], S. 8, URL": the work a page, table or line
    reference points into ("Koalitionsvertrag zwischen CDU, CSU und SPD vom 9. April 2025,
    Zeile 3099 ff."). A series number ("DIW Wochenbericht 29/2020, S. 511") is no title."""
    segments = prefix.split(", ")
    if len(segments) < 2 or not _PLACE_RE().match(segments[-1]):
        return None
    while segments and _PLACE_RE().match(segments[-1]):
        segments = segments[:-1]
    if len(segments) > 1 and _PUBLISHER_RE().match(segments[0]):
        segments = segments[1:]
    candidate = _DATED_BY_VOM_RE().sub("", ", ".join(segments))
    if not segments or _SERIES_RE().search(candidate) or _PUBLISHER_RE().match(candidate):
        return None  # "UNCTAD, p. 7": a source alone
    return _first_title(candidate)


def _author_year_title(prefix: str) -> str | None:
    """Title of "Author (Jahr). Titel", "Author: Titel (Zeitschrift Jahr)" or of the book
    style "Author, Titel (Verlag, Jahr)"; the title ends before ", in: …", ". Ort: Verlag"
    or a descriptor (", Vortrag am …")."""
    match = _AUTHOR_YEAR_RE().match(prefix)
    if match is None:
        return None
    rest = _TITLE_END_RE().split(match.group("rest"), maxsplit=1)[0]
    if title := _first_title(rest):
        return title
    author = match.group("author")
    has_publisher = re.search(r"[^\W\d_]{2}", match.group("when")) is not None
    if has_publisher and ", " in author:
        return _first_title(author.split(", ", 1)[1])
    if has_publisher and ": " in author:  # "Author: Titel (Zeitschrift Jahr, Seite)"
        return _first_title(author.split(": ", 1)[1])
    return None


def _dated_title(prefix: str) -> str | None:
    """Title of "Quelle, Datum, Titel, …" or of "Author, Title, Month Day, Year, …".

    German style puts the date or year at the end of the first or second comma segment
    ("Destatis, 15.04.2025, …", "C. Spengel 2021, …"; a series number after the date is
    skipped), the title after it; a long segment ending in a year is itself a title ("Anzahl
    … von 1991 bis 2023"), no source and date. English style
    ("Author[, Publisher], Title, March 10, 2026, …") puts the title before a date in the
    third or fourth segment.
    """
    segments = (
        _ENGLISH_DATE_RE().sub(lambda m: m.group().replace(", ", ",\u00a0"), prefix).split(", ")
    )
    for index in (0, 1):
        if index + 1 < len(segments) and _is_source_and_date(segments[index]):
            after = segments[index + 1 :]
            if len(after) > 1 and _SERIES_RE().search(after[0]):
                after = after[1:]  # "hib 313/2024"
            return _first_title(after[0])
    for index in (2, 3):
        if index < len(segments) and _DATE_END_RE.search(segments[index].replace("\u00a0", " ")):
            return _first_title(segments[index - 1])
    return None


def _is_source_and_date(segment: str) -> bool:
    """A source and its date ("Destatis, 15.04.2025", "Pressemitteilung Nr. 166 vom 13. April
    2022"): it ends in a date or year and has at most five words before it."""
    match = _DATE_END_RE.search(segment)
    return match is not None and len(segment[: match.start()].split()) <= 5
