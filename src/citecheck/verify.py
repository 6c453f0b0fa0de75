"""Source verification: is the page behind a footnote the cited work, and has it the figure?

Pure functions over the domain model and strings (no I/O): title normalisation, site-affix
stripping, the cited-title comparison, figures of the citing sentence looked up in the source
text, year consistency notes, and suggestions for editors. Imports: stdlib, rapidfuzz, models,
figures (figure extraction and "equivalent spelling" containment).

`verify_footnote(footnote, source=…, body=…)` is the one call the pipeline makes
per footnote; the other functions are its parts. Figures: plain years are never looked up (they
date events in a motion); a figure not found is a `figure-not-in-source` warning, never an error.

Thresholds (each is tested on both sides in tests/test_verify.py):

* Titles are compared as *word keys*: `normalize_title` (NFKC, casefold, quotes and dashes
  unified, ä→ae/ö→oe/ü→ue/ß→ss, line-break hyphenation undone), then split into runs of letters
  and digits.
* **Numbers veto.** If the cited title and a candidate each carry a number the other lacks
  ("Lagebericht 2023" vs "Lagebericht 2024"), that candidate is a mismatch whatever the score:
  a different number means a different edition, volume or year, never a typo.
* **Exact**: equal word keys → match, score 1.0.
* **Sub-part** (`MIN_PART_WORDS`, `MIN_PART_SHARE`): every word of the shorter title occurs in
  the longer one (rapidfuzz `token_set_ratio` == 100) and the shorter one has at least 3 words or
  at least half the longer one's characters → match (page title with a subtitle, or a cited
  title with a subtitle the page omits). Score: max(fuzzy score below, `partial_ratio`).
* **Typo** (`TYPO_MAX_EDITS`, `TYPO_MAX_SHARE`): the cited words equal a run of the candidate's
  words except for exactly one word, non-numeric, whose Levenshtein distance is at most 2 edits and
  at most 25 % of the longer spelling (so "Zeitwende"/"Zeitenwende", 2 of 11, is a typo; "Japan"/
  "Jalta", 2 of 5, is not), and the run covers the candidate as the sub-part rule requires →
  match plus a `title-typo` info problem naming both spellings.
* **Fuzzy** (`MATCH_THRESHOLD`): max(`ratio`, `token_sort_ratio`) / 100 ≥ 0.90 → match (word
  order, punctuation, a dropped article); below → mismatch with a `title-mismatch` warning.
  The configuration key `title_threshold` replaces 0.90 (`compare_titles(threshold=…)`); it moves
  only this rule — the numbers veto, exact, sub-part and typo rules are structural.
* The best candidate wins: a clean match beats a typo match beats a mismatch; ties go to the higher
  score.

Years: a year is a standalone 19xx/20xx digit run. See `year_notes` for the two rules.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from citecheck.figures import FigureMention, contains_figure, find_figures
from citecheck.models import (
    Figure,
    Footnote,
    Link,
    LinkStatus,
    Problem,
    ProblemCode,
    Severity,
    TitleMatch,
    TitleVerdict,
)
from citecheck.options import MATCH_THRESHOLD

__all__ = [
    "MATCH_THRESHOLD",
    "MIN_PART_SHARE",
    "MIN_PART_WORDS",
    "TYPO_MAX_EDITS",
    "TYPO_MAX_SHARE",
    "check_figures",
    "compare_titles",
    "normalize_title",
    "strip_site_affixes",
    "suggested_url",
    "suggestions",
    "verify_footnote",
    "year_notes",
]

MIN_PART_WORDS = 3
"""A title contained in the other counts as the same work from this many words …"""
MIN_PART_SHARE = 0.5
"""… or when it has at least this share of the longer title's characters."""
TYPO_MAX_EDITS = 2
"""At most this many letter edits make a differing word a typo …"""
TYPO_MAX_SHARE = 0.25
"""… and at most this share of the longer spelling's length."""

# --------------------------------------------------------------------------- normalisation

_QUOTES = dict.fromkeys(map(ord, "„“”‟«»‚‘’‛‹›`´″"), '"') | {ord("'"): '"'}
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹘﹣－"), "-")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# "Sicherheits- und Verteidigungspolitik" is an elision hyphen (Ergänzungsstrich), not a line
# break: the word after it is a conjunction, so those are never joined.
_ELISION_WORDS = ("und", "oder", "bzw", "sowie", "als", "bis", "wie", "noch", "statt")
_LINEBREAK_HYPHEN = re.compile(
    r"(?<=\w)-\s+(?!(?:" + "|".join(_ELISION_WORDS) + r")\b)(?=[a-zäöüß])"
)
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def normalize_title(s: str) -> str:
    """A comparison form of a title: same work, same string, whatever the typography.

    Unicode NFKC, line-break hyphenation undone ("Sicherheits- politik" → "Sicherheitspolitik",
    only when a lowercase word that is not a conjunction follows), casefold, typographic quotes
    and dashes unified to '"' and '-', ä/ö/ü/ß transliterated to ae/oe/ue/ss, whitespace
    collapsed. Punctuation is kept; the comparison itself looks at words only.
    """
    text = unicodedata.normalize("NFKC", s)
    text = _LINEBREAK_HYPHEN.sub("", text)
    text = text.casefold().translate(_QUOTES).translate(_DASHES).translate(_UMLAUTS)
    return " ".join(text.split())


def _words(s: str) -> list[str]:
    """The normalised words (letter/digit runs) of a title."""
    return _WORD.findall(normalize_title(s))


def _display_words(s: str) -> list[str]:
    """The words of a title as written (NFKC, hyphenation undone), parallel to `_words`."""
    text = _LINEBREAK_HYPHEN.sub("", unicodedata.normalize("NFKC", s))
    # Same tokenisation as `_words`: transliteration never splits or joins a word.
    return _WORD.findall(text)


def _numbers(words: Sequence[str]) -> set[str]:
    """The numbers among the words of a title."""
    return {w for w in words if _NUMBER.fullmatch(w)}


# --------------------------------------------------------------------------- site affixes

_SEPARATORS = (" | ", " || ", " - ", " – ", " — ", " · ", " • ", " :: ", " » ", ": ")
_SEP_CLASS = r"(?:\s*[|·•»]+\s*|\s+[-–—]+\s+|\s*::\s*|:\s+)"
_DATE = re.compile(r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}")
# An abbreviated site name: no space, at most 6 characters, at least two capitals ("SWP", "DW",
# "BMVg", "taz" does not qualify and is rare enough to leave to the comparison).
_ABBREV = re.compile(r"[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,5}")
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)


def _is_siteish(segment: str) -> bool:
    """A segment that names a site or a date rather than a work."""
    seg = segment.strip()
    if _DATE.fullmatch(seg) or _DOMAIN.fullmatch(seg):
        return True
    return bool(_ABBREV.fullmatch(seg)) and sum(c.isupper() for c in seg) >= 2


def _core_by_comparison(title: str, others: Sequence[str]) -> str | None:
    """The part of `title` that another candidate repeats, when the rest is separated off.

    "Zeitenwende in Japan | IP" with "Zeitenwende in Japan" among the others gives the latter.
    When several others fit, the one repeated by most candidates wins (the work's title is in
    og:title, twitter:title and <h1>; a site name usually only in <title>), then the one at the
    start ("Title | Site" is far more common than "Site | Title"), then the longest.
    """
    found: list[tuple[int, bool, int, str]] = []
    for other in others:
        core = " ".join(other.split())
        if len(core) < 2 or core.casefold() == title.casefold():
            continue
        pattern = re.compile(
            r"^(?:.*?" + _SEP_CLASS + r")?(" + re.escape(core) + r")(?:" + _SEP_CLASS + r".*)?$",
            re.IGNORECASE | re.DOTALL,
        )
        match = pattern.match(title)
        if match is None:
            continue
        support = sum(core.casefold() in o.casefold() for o in others)
        at_start = match.start(1) == 0
        found.append((support, at_start, len(core), str(match.group(1))))
    if not found:
        return None
    return max(found)[3]


def _strip_fallback(title: str) -> str:
    """Drop date, domain and abbreviation segments at either end ("… - DW - 12.05.2021")."""
    current = title
    changed = True
    while changed:
        changed = False
        for sep in _SEPARATORS:
            head, found, tail = current.rpartition(sep)
            if found and head.strip() and sep != ": " and _is_siteish(tail):
                current, changed = head.rstrip(), True
                break
            # A pipe almost never belongs to a work's title: "Title | Any Site Name" loses its
            # last segment when at least two words remain.
            if found and sep == " | " and len(_WORD.findall(head)) >= 2:
                current, changed = head.rstrip(), True
                break
            tail2, found2, rest = current.partition(sep)
            if found2 and rest.strip() and _is_siteish(tail2):
                current, changed = rest.lstrip(), True
                break
    return current


def strip_site_affixes(candidates: list[str]) -> list[str]:
    """The title candidates with site-name affixes removed, in order, without duplicates.

    First by comparing candidates with each other: when one candidate is another one plus a
    separated extra part ("Zeitenwende in Japan | Internationale Politik" next to og:title
    "Zeitenwende in Japan"), the shared core is the title and the extra part is the affix. Then a
    small fallback removes end segments that are dates, domains or abbreviations behind a
    separator ("… - DW - 12.05.2021", "BMVg: …", "… | SWP"). A candidate is never stripped to
    nothing; blank candidates are dropped.
    """
    cleaned = [" ".join(c.split()) for c in candidates]
    cleaned = [c for c in cleaned if _WORD.search(c)]
    result: list[str] = []
    for title in cleaned:
        core = _core_by_comparison(title, [c for c in cleaned if c is not title]) or title
        core = _strip_fallback(core)
        if not _WORD.search(core):
            core = title
        if core not in result:
            result.append(core)
    return result


# --------------------------------------------------------------------------- title comparison


class _Kind(IntEnum):
    """How one candidate compares; higher is better."""

    MISMATCH = 0
    TYPO = 1
    MATCH = 2


@dataclass(frozen=True, slots=True)
class _Comparison:
    """The outcome against one candidate."""

    kind: _Kind
    score: float
    candidate: str
    typo: tuple[str, str] | None = None


def _covers(part_words: Sequence[str], whole_words: Sequence[str]) -> bool:
    """Is a contained title substantial enough to stand for the whole (see module docstring)?"""
    part_chars = len(" ".join(part_words))
    whole_chars = len(" ".join(whole_words))
    return len(part_words) >= MIN_PART_WORDS or part_chars >= MIN_PART_SHARE * whole_chars


def _is_typo(a: str, b: str) -> bool:
    """Two spellings of one word that differ by a small slip (never numbers)."""
    if _NUMBER.search(a) or _NUMBER.search(b):
        return False
    edits = Levenshtein.distance(a, b)
    return 0 < edits <= TYPO_MAX_EDITS and edits <= TYPO_MAX_SHARE * max(len(a), len(b))


def _find_typo(cited: str, candidate: str) -> tuple[str, str, str] | None:
    """If the titles differ only by one mistyped word: (cited spelling, page spelling, the
    candidate's matching run of normalised words)."""
    cw, pw = _words(cited), _words(candidate)
    if not cw or len(cw) > len(pw) or not _covers(cw, pw):
        return None
    for start in range(len(pw) - len(cw) + 1):
        window = pw[start : start + len(cw)]
        diffs = [i for i, (a, b) in enumerate(zip(cw, window, strict=True)) if a != b]
        if len(diffs) == 1 and _is_typo(cw[diffs[0]], window[diffs[0]]):
            i, run = diffs[0], " ".join(window)
            shown_c, shown_p = _display_words(cited), _display_words(candidate)
            if len(shown_c) == len(cw) and len(shown_p) == len(pw):
                return shown_c[i], shown_p[start + i], run
            return cw[i], window[i], run
    return None


def _compare_one(cited: str, candidate: str, threshold: float = MATCH_THRESHOLD) -> _Comparison:
    """Compare the cited title with one candidate (rules in the module docstring)."""
    cw, pw = _words(cited), _words(candidate)
    ck, pk = " ".join(cw), " ".join(pw)
    fuzzy = max(fuzz.ratio(ck, pk), fuzz.token_sort_ratio(ck, pk)) / 100
    cn, pn = _numbers(cw), _numbers(pw)
    if cn - pn and pn - cn:
        return _Comparison(_Kind.MISMATCH, fuzzy, candidate)
    if ck == pk:
        return _Comparison(_Kind.MATCH, 1.0, candidate)
    if fuzz.token_set_ratio(ck, pk) >= 100:
        part, whole = (cw, pw) if len(ck) <= len(pk) else (pw, cw)
        if _covers(part, whole):
            score = max(fuzzy, fuzz.partial_ratio(ck, pk) / 100)
            return _Comparison(_Kind.MATCH, score, candidate)
    typo = _find_typo(cited, candidate)
    if typo is not None:
        wrong, right, run = typo
        # Scored against the matching run of words, not the whole candidate with its subtitle.
        score = fuzz.ratio(ck, run) / 100
        return _Comparison(_Kind.TYPO, score, candidate, (wrong, right))
    if fuzzy >= threshold:
        return _Comparison(_Kind.MATCH, fuzzy, candidate)
    return _Comparison(_Kind.MISMATCH, fuzzy, candidate)


def compare_titles(
    cited: str | None,
    candidates: Sequence[str],
    *,
    line: int | None = None,
    threshold: float = MATCH_THRESHOLD,
) -> tuple[TitleMatch, Problem | None]:
    """Compare the footnote's cited title with every title candidate of the page; best wins.

    `candidates` are the page's title candidates as extracted (meta tags, <title>, <h1>, PDF
    metadata); site affixes are stripped here, and the raw forms are compared too. Returns the
    verdict with a 0..1 score and, for a typo, a `title-typo` info problem naming both spellings,
    or for a mismatch a `title-mismatch` warning showing both titles. `line` is the footnote's
    line, used for the problem. `threshold` is the fuzzy rule's score from which titles match
    (0..1, default `MATCH_THRESHOLD`; the `title_threshold` setting).
    """
    if cited is None or not _WORD.search(cited):
        return TitleMatch(TitleVerdict.NOT_CITED, None), None
    raw = [" ".join(c.split()) for c in candidates if _WORD.search(c)]
    if not raw:
        return TitleMatch(TitleVerdict.UNAVAILABLE, None), None
    pool = strip_site_affixes(raw) + [c for c in raw if c not in strip_site_affixes(raw)]
    results = [_compare_one(cited, c, threshold) for c in pool]
    best = max(results, key=lambda r: (r.kind, r.score))
    score = round(best.score, 3)
    shown_cited = " ".join(cited.split())
    if best.kind is _Kind.MATCH:
        return TitleMatch(TitleVerdict.MATCH, score), None
    if best.kind is _Kind.TYPO and best.typo is not None:
        wrong, right = best.typo
        message = (
            f"Cited title „{shown_cited}“ has a typo: „{wrong}“ where the page says "
            f"„{right}“ (page title „{best.candidate}“)."
        )
        return TitleMatch(TitleVerdict.MATCH, score), Problem(
            ProblemCode.TITLE_TYPO, Severity.INFO, line, message
        )
    message = (
        f"Cited title „{shown_cited}“ does not match the page title „{best.candidate}“ "
        f"(similarity {score:.2f})."
    )
    return TitleMatch(TitleVerdict.MISMATCH, score), Problem(
        ProblemCode.TITLE_MISMATCH, Severity.WARNING, line, message
    )


# --------------------------------------------------------------------------- suggestions


def suggestions(footnote: Footnote, link: Link) -> tuple[str | None, str | None]:
    """What an editor could write instead: (suggested_title, suggested_url).

    A footnote that gives only a URL (no cited title, not an ibid) gets the page title as a title
    to add, when the link reached its page (ok or redirect). A permanent redirect (status
    redirect, reason "permanent") gets its final URL as the URL to cite instead.
    """
    title: str | None = None
    if (
        footnote.cited_title is None
        and footnote.ibid_of is None
        and link.status in (LinkStatus.OK, LinkStatus.REDIRECT)
        and link.page_title
        and _WORD.search(link.page_title)
    ):
        title = " ".join(link.page_title.split())
    return title, suggested_url(link)


def suggested_url(link: Link) -> str | None:
    """The URL to cite instead: a permanent redirect's final URL, else None."""
    if (
        link.status is LinkStatus.REDIRECT
        and link.reason == "permanent"
        and link.final_url
        and link.final_url != link.url
    ):
        return link.final_url
    return None


# --------------------------------------------------------------------------- years

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
        before = _WORD.findall(normalize_title(text[start : match.start()]))
        if start > 0 and before:
            before.pop(0)  # the window may have cut its first word
        # Only words belong to a name, not numbers ("2+2-Gespräche 2023" has no anchor "2 2").
        anchor: list[str] = []
        for word in reversed(before):
            if _NUMBER.fullmatch(word) or len(anchor) == _ANCHOR_WORDS:
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
        if len(_WORD.findall(text, index + 1, offset)) > _PHRASE_MAX_WORDS:
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
        starts = [m.start() for m in _WORD.finditer(text, 0, offset)][-words:]
        if not starts:
            return ""
        start = starts[0]
        # Never start inside a written word ("Japan's" is one word here, not "s").
        while start > 0 and not text[start - 1].isspace() and starts[0] - start < 40:
            start -= 1
    return " ".join(text[start:offset].split()).strip(_QUOTE_CHARS).strip()


def _url_words_text(url: str) -> tuple[str, str]:
    """(the URL's decoded path as text, its last non-empty path segment) for year lookups."""
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
) -> Problem | None:
    """An info note when the motion's year for a source differs from the source's own year.

    `text` is what the motion says: the cited title (`is_title=True`), a citing sentence, or a
    longer stretch of body text such as the whole document (`line` is the line of its first
    character; the note gets the line of the year it found). Two rules, first hit wins:

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
    sources = [("page title", page_title or ""), ("URL", url_path)]
    motion = _text_years(text)
    text, text_years = motion.text, motion.years
    for label, source in sources:
        for named in _years_with_anchors(source):
            if not _is_name(named.anchor):
                continue
            same = motion.same_name(named.anchor)
            if any(y.year == named.year for y in same):
                continue
            for said in same:
                where = None if line is None else line + text.count("\n", 0, said.offset)
                name = _phrase_before(text, said.offset)
                message = (
                    f"The motion names „{name} {said.year}“, but the source's {label} names "
                    f"the {named.year} edition."
                )
                return Problem(ProblemCode.YEAR_MISMATCH, Severity.INFO, where, message)
    if is_title:
        cited = {y.year for y in text_years}
        title_years = {y.year for y in _years_with_anchors(page_title or "")}
        source_years = title_years | {y.year for y in _years_with_anchors(url_last)}
        if cited and source_years and not cited & source_years:
            label = "page title" if title_years else "URL"
            message = (
                f"The cited title „{' '.join(text.split())}“ says {', '.join(sorted(cited))}, "
                f"but the source's {label} says {', '.join(sorted(source_years))}."
            )
            return Problem(ProblemCode.YEAR_MISMATCH, Severity.INFO, line, message)
    return None


# --------------------------------------------------------------------------- figures

FindFigures = Callable[[str], Sequence[object]]
"""Figures quoted in one sentence (figures.find_figures: `FigureMention`s, or plain strings)."""
ContainsFigure = Callable[[str, object], bool]
"""Does a source text contain an equivalent spelling of a figure (figures.py)?"""

# Plain years are dates, not claims ("Im Jahr 2022 stieg …", "bis 2027"): a year alone is not
# looked up in the source. A year inside a larger figure ("2022: 27 Prozent") is the figure's
# business, not ours.
_PLAIN_YEAR = re.compile(r"(?:19|20)\d\d")


def _figure_value(figure: object) -> str:
    """The figure as written in the motion (`FigureMention.text`, or the string itself)."""
    value = figure.text if isinstance(figure, FigureMention) else figure
    return " ".join(str(value).split())


def _contains(text: str, figure: object) -> bool:
    """`figures.contains_figure` for what `find_figures` returned."""
    return contains_figure(text, figure if isinstance(figure, FigureMention) else str(figure))


def check_figures(
    sentences: Sequence[str],
    source_text: str,
    *,
    find: FindFigures | None = None,
    contains: ContainsFigure | None = None,
) -> tuple[Figure, ...]:
    """The figures quoted in the citing sentences and whether the source text has each.

    Figures come from `figures.find_figures` (percentages, amounts with Mrd./Milliarden/Mio./
    Tsd., numbers with units); equivalence ("27 Prozent" = "27 %", "203 Milliarden Euro" =
    "203 Mrd. €", "neun Prozent" = "9 %") is `figures.contains_figure`. `find`/`contains`
    replace them (tests, other languages). A plain year on its own
    is skipped: in a motion it dates an event rather than stating a claim the source must hold.
    The same figure quoted twice is reported once, in order of first appearance.
    """
    find = find or find_figures
    contains = contains or _contains
    result: list[Figure] = []
    seen: set[str] = set()
    for sentence in sentences:
        for figure in find(sentence):
            value = _figure_value(figure)
            if not value or value in seen or _PLAIN_YEAR.fullmatch(value):
                continue
            seen.add(value)
            result.append(Figure(value, bool(contains(source_text, figure))))
    return tuple(result)


# --------------------------------------------------------------------------- one footnote


def _reached(link: Link) -> bool:
    """Did the link lead to a page whose title and text describe the source?"""
    return link.status in (LinkStatus.OK, LinkStatus.REDIRECT)


def verify_footnote(
    footnote: Footnote,
    *,
    source: Footnote | None = None,
    body: str | None = None,
    find: FindFigures | None = None,
    contains: ContainsFigure | None = None,
    title_threshold: float = MATCH_THRESHOLD,
) -> Footnote:
    """The footnote with source verification filled in: the one call `check` needs.

    `footnote` already has its `links` (status, page_title …), each with what was fetched for
    it (`Link.fetched`: title candidates, visible text). `source` is, for an ibid
    footnote, the footnote it resolves to (with links): figures are then looked up in that
    source. `body` is the document's text, for the named-edition year rule (see `year_notes`);
    without it only the cited title and the citing sentences are looked at. Adds to each reached
    link its `title_match` (and `suggested_url` for a permanent redirect), to the footnote its
    `figures` and `suggested_title`, and the problems: title-typo, title-mismatch,
    figure-not-in-source, year-mismatch. Links that did not reach their page keep a title
    verdict of not_cited/unavailable and contribute no text. `title_threshold` is passed to
    `compare_titles`.
    """
    problems = list(footnote.problems)
    links: list[Link] = []
    suggested_title = footnote.suggested_title
    year_note: Problem | None = None
    for link in footnote.links:
        seen = link.fetched
        if not _reached(link) or seen is None:
            verdict, _ = compare_titles(footnote.cited_title, [])
            links.append(dataclasses.replace(link, title_match=verdict))
            continue
        candidates = list(seen.title_candidates) or ([link.page_title] if link.page_title else [])
        match, problem = compare_titles(
            footnote.cited_title, candidates, line=footnote.line, threshold=title_threshold
        )
        if problem is not None:
            problems.append(problem)
        title, url = suggestions(footnote, link)
        if title is not None and suggested_title is None:
            # page_title is already the best candidate without site affixes (titles.best_title).
            suggested_title = title
        links.append(dataclasses.replace(link, title_match=match, suggested_url=url))
        if year_note is None:
            year_note = _year_note(footnote, link, body)
    if year_note is not None:
        problems.append(year_note)
    figures = _footnote_figures(footnote, source or footnote, find, contains)
    where = footnote.references[0].line if footnote.references else footnote.line
    whose = f"footnote {footnote.number}" if source is None else f"footnote {source.number}"
    problems.extend(
        Problem(
            ProblemCode.FIGURE_NOT_IN_SOURCE,
            Severity.WARNING,
            where,
            f"„{figure.value}“ from the citing sentence was not found in the source of {whose}.",
        )
        for figure in figures
        if not figure.found
    )
    return dataclasses.replace(
        footnote,
        links=tuple(links),
        figures=figures,
        suggested_title=suggested_title,
        problems=tuple(problems),
    )


def _year_note(footnote: Footnote, link: Link, body: str | None) -> Problem | None:
    """The first year note for one reached link: cited title, citing sentences, then body."""
    url = link.final_url or link.url
    note = year_notes(footnote.cited_title, url, link.page_title, line=footnote.line, is_title=True)
    for reference in footnote.references:
        note = note or year_notes(reference.context, url, link.page_title, line=reference.line)
    if note is None and body is not None:
        # Body offsets do not map to input lines (definitions and furniture are cut out of the
        # body), so a note found there points at the footnote's first citing sentence.
        note = year_notes(body, url, link.page_title)
        if note is not None:
            where = footnote.references[0].line if footnote.references else footnote.line
            note = dataclasses.replace(note, line=where)
    if note is None and link.final_url and link.final_url != link.url:
        # The URL as cited may carry the year that the redirect target no longer shows.
        return _year_note(footnote, dataclasses.replace(link, final_url=None), body)
    return note


def _footnote_figures(
    footnote: Footnote,
    source: Footnote,
    find: FindFigures | None,
    contains: ContainsFigure | None,
) -> tuple[Figure, ...]:
    """Figures of the footnote's citing sentences, looked up in the source's reached pages."""
    texts = []
    for link in source.links:
        seen = link.fetched
        if _reached(link) and seen is not None:
            texts.extend([*seen.title_candidates, seen.text_excerpt])
    if not texts or not footnote.references:
        return ()
    sentences = [r.context for r in footnote.references]
    return check_figures(sentences, "\n".join(texts), find=find, contains=contains)
