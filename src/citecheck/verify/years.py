"""Year notes: when the motion names a source's edition with another year than the source's
own page title or URL (`year_notes`), as an info problem."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from citecheck.models import Problem, ProblemCode, Severity
from citecheck.titles import NUMBER, WORD, normalize_title

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)
_ANCHOR_WORDS = 3
"""A year's name is the up to 3 words right before it …"""
_ANCHOR_MIN_WORDS = 2
"""… of which there must be at least 2 …"""
_ANCHOR_MIN_LETTERS = 8
"""… with at least 8 letters together ("im Jahr 2022" names nothing)."""


@dataclass(frozen=True, slots=True)
class _Year:
    """One year as written, with the words that name what it is the year of."""

    year: str
    anchor: tuple[str, ...]
    offset: int


_ANCHOR_WINDOW = 400
"""Characters before a year that are searched for its anchor words (3 words never need more)."""


def _years_with_anchors(text: str) -> list[_Year]:
    """Every year in a text with its anchor (the normalised words right before it).

    Only a window of `_ANCHOR_WINDOW` characters before each year is normalised, so the cost is
    linear in the text (a whole motion body is scanned this way).
    """
    found: list[_Year] = []
    for match in _YEAR.finditer(text):
        start = max(0, match.start() - _ANCHOR_WINDOW)
        before = WORD.findall(normalize_title(text[start : match.start()]))
        if start > 0 and before:
            before.pop(0)  # the window may have cut its first word
        # Only words belong to a name, not numbers ("2+2-Gespräche 2023" has no anchor "2 2").
        anchor: list[str] = []
        for word in reversed(before):
            if NUMBER.fullmatch(word) or len(anchor) == _ANCHOR_WORDS:
                break
            anchor.insert(0, word)
        found.append(_Year(match.group(), tuple(anchor), match.start()))
    return found


@dataclass(frozen=True, slots=True)
class _TextYears:
    """The years of one motion text, with URLs blanked and an index by anchor tail."""

    text: str
    years: tuple[_Year, ...]
    by_tail: Mapping[tuple[str, ...], tuple[_Year, ...]]

    def same_name(self, anchor: tuple[str, ...]) -> list[_Year]:
        """The years whose anchor names the same thing as `anchor` (see `_same_name`)."""
        candidates = self.by_tail.get(anchor[-_ANCHOR_MIN_WORDS:], ())
        return [y for y in candidates if _same_name(y.anchor, anchor)]


@functools.lru_cache(maxsize=32)
def _text_years(text: str) -> _TextYears:
    """`_TextYears` for `text`, computed once per text.

    A document's body is looked at for every footnote; the cache keeps that linear overall
    (CPython caches a string's hash, so a hit on the same body costs nothing).
    """
    # URLs in the text (footnote definitions in a body) are the source's words, not the motion's:
    # blanked out, keeping offsets for line numbers.
    blanked = _URL_IN_TEXT.sub(lambda m: " " * len(m.group()), text)
    years = tuple(_years_with_anchors(blanked))
    index: dict[tuple[str, ...], list[_Year]] = {}
    for year in years:
        if len(year.anchor) >= _ANCHOR_MIN_WORDS:
            index.setdefault(year.anchor[-_ANCHOR_MIN_WORDS:], []).append(year)
    return _TextYears(blanked, years, {k: tuple(v) for k, v in index.items()})


def _is_name(anchor: tuple[str, ...]) -> bool:
    """Is an anchor specific enough to name a work?"""
    return len(anchor) >= _ANCHOR_MIN_WORDS and sum(map(len, anchor)) >= _ANCHOR_MIN_LETTERS


def _same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Do two anchors name the same thing (their common tail length is a name)?"""
    size = min(len(a), len(b))
    return size >= _ANCHOR_MIN_WORDS and a[-size:] == b[-size:] and _is_name(a[-size:])


_OPENING_QUOTES = '„“‚‘"«»‹›'
"""Characters that open a quotation when they stand before a word („…“, “…”, »…«, "…")."""
_QUOTE_CHARS = _OPENING_QUOTES + "”’"
_PHRASE_MAX_WORDS = 12
"""A quotation that opens at most this many words …"""
_PHRASE_MAX_CHARS = 120
"""… and at most this many characters before a year is quoted whole in a message."""


def _opening_quote_before(text: str, offset: int) -> int | None:
    """Offset just after the quotation mark that opens the name ending at `offset`, if any.

    The last quotation mark in the window before `offset` (`_PHRASE_MAX_WORDS` words,
    `_PHRASE_MAX_CHARS` characters) that stands before a word, after a space or at the start
    ("„Economic Outlook – German Business in Japan 2023“"). A quotation closed earlier, with
    other words between it and `offset` („Titel“ der Kammer 2023), opens nothing here.
    """
    low = max(0, offset - _PHRASE_MAX_CHARS)
    for index in range(offset - 1, low - 1, -1):
        char = text[index]
        if char not in _QUOTE_CHARS:
            continue
        after = text[index + 1 : index + 2]
        opens = (
            char in _OPENING_QUOTES
            and (index == 0 or text[index - 1].isspace() or text[index - 1] in "([")
            and after != ""
            and not after.isspace()
        )
        if not opens:
            # A closing mark: the name quoted before it ends at `offset` only when nothing but
            # spaces follow it („German Business in Japan“ 2023); otherwise it is another quote.
            if text[index + 1 : offset].strip():
                return None
            continue
        if len(WORD.findall(text, index + 1, offset)) > _PHRASE_MAX_WORDS:
            return None
        return index + 1
    return None


def _phrase_before(text: str, offset: int, words: int = 5) -> str:
    """The name before `offset`, as written (for messages).

    When a quotation opens shortly before `offset` (see `_opening_quote_before`), everything from
    just after the opening mark ("Economic Outlook – German Business in Japan"); otherwise the
    last `words` words, from the start of the first one as written. Quotation marks around the
    phrase are left out.
    """
    start = _opening_quote_before(text, offset)
    if start is None:
        starts = [m.start() for m in WORD.finditer(text, 0, offset)][-words:]
        if not starts:
            return ""
        start = starts[0]
        # Never start inside a written word ("Japan's" is one word here, not "s").
        while start > 0 and not text[start - 1].isspace() and starts[0] - start < 40:
            start -= 1
    return " ".join(text[start:offset].split()).strip(_QUOTE_CHARS).strip()


@functools.lru_cache(maxsize=4096)
def _source_years(source: str) -> tuple[_Year, ...]:
    """`_years_with_anchors` of a source's page title or URL words, worked out once: a link is
    looked at with its cited title, each citing sentence and the body."""
    return tuple(_years_with_anchors(source))


@functools.lru_cache(maxsize=4096)
def _url_words_text(url: str) -> tuple[str, str]:
    """(the URL's decoded path as text, its last non-empty path segment) for year lookups;
    worked out once per URL."""
    path = unquote(urlsplit(url).path)
    segments = [s for s in path.split("/") if s]
    spaced = re.sub(r"[-_./]+", " ", path)
    last = re.sub(r"[-_.]+", " ", segments[-1]) if segments else ""
    return spaced, last


def year_notes(
    text: str | None,
    url: str,
    page_title: str | None,
    *,
    line: int | None = None,
    is_title: bool = False,
    line_at: Callable[[int], int | None] | None = None,
) -> Problem | None:
    """An info note when the motion's year for a source differs from the source's own year.

    `text` is what the motion says: the cited title (`is_title=True`), a citing sentence, or a
    longer stretch of body text such as the whole document (`line` is the line of its first
    character, or `line_at` maps an offset of `text` to the line it is printed on; the note
    gets the line of the year it found). Two rules, first hit wins:

    1. **Named edition** (any text): the source names a year right after some words — in its
       page title or URL path ("…/geschaeftsklimaumfrage-german-business-in-japan-2024") — and
       the text has the same words with another year ("German Business in Japan 2023"). "Same
       words" means the last 2–3 normalised words before the year agree and have at least
       8 letters, so a bare "im Jahr 2022" never names anything; when the text also names the
       source's year with those words, the motion knows both editions and nothing is said.
       Seed footnote 12: its citing sentence ("Laut Umfrage sehen 82 Prozent …") has no year,
       but the paragraph two above names the survey „Economic Outlook – German Business in
       Japan 2023“, and the cited URL ends "-german-business-in-japan-2024"; passing the body
       text (or the citing paragraph with the ones before it) lets this rule find it. The note
       quotes the motion's name from just after its opening quotation mark when one opens at
       most 12 words / 120 characters before the year („Economic Outlook – German Business in
       Japan 2023“), else the last five words.
    2. **Cited title** (`is_title=True` only): the cited title carries years, the page title or
       the URL's last path segment carry years, and they share none ("Lagebericht 2023" cited
       for a page "Lagebericht 2024"). Citing sentences are left out of this rule: their years
       are usually those of events ("Im Jahr 2022 stieg …"), not of the source.
    """
    if not text:
        return None
    url_path, url_last = _url_words_text(url)
    motion = _text_years(text)
    sources = (("page title", page_title or ""), ("URL", url_path))
    if line_at is None and line is not None:
        first = line

        def line_at(offset: int) -> int | None:
            return first + motion.text.count("\n", 0, offset)

    note = _named_edition_note(motion, sources, line_at)
    if note is None and is_title:
        note = _cited_title_note(motion, page_title, url_last, line)
    return note


def _named_edition_note(
    motion: _TextYears,
    sources: Sequence[tuple[str, str]],
    line_at: Callable[[int], int | None] | None,
) -> Problem | None:
    """Rule 1 of `year_notes`: a name the source gives one year, the motion another."""
    for label, source in sources:
        for named in _source_years(source):
            if not _is_name(named.anchor):
                continue
            same = motion.same_name(named.anchor)
            if any(y.year == named.year for y in same):
                continue
            for said in same:
                where = None if line_at is None else line_at(said.offset)
                name = _phrase_before(motion.text, said.offset)
                message = (
                    f"The motion names „{name} {said.year}“, but the source's {label} names "
                    f"the {named.year} edition."
                )
                return Problem(ProblemCode.YEAR_MISMATCH, Severity.INFO, where, message)
    return None


def _cited_title_note(
    motion: _TextYears, page_title: str | None, url_last: str, line: int | None
) -> Problem | None:
    """Rule 2 of `year_notes`: the cited title's years and the source's share none."""
    cited = {y.year for y in motion.years}
    title_years = {y.year for y in _source_years(page_title or "")}
    source_years = title_years | {y.year for y in _source_years(url_last)}
    if not cited or not source_years or cited & source_years:
        return None
    label = "page title" if title_years else "URL"
    message = (
        f"The cited title „{' '.join(motion.text.split())}“ says {', '.join(sorted(cited))}, "
        f"but the source's {label} says {', '.join(sorted(source_years))}."
    )
    return Problem(ProblemCode.YEAR_MISMATCH, Severity.INFO, line, message)
