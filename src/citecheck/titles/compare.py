"""Comparison of a footnote's cited title with a page's title candidates: exact, sub-part,
typo and fuzzy rules, a numbers veto, and the best candidate's verdict."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from citecheck.models import Problem, ProblemCode, Severity, TitleMatch, TitleVerdict
from citecheck.options import MATCH_THRESHOLD
from citecheck.titles.affixes import strip_site_affixes
from citecheck.titles.normalize import NUMBER, WORD, display_words, numbers, words

MIN_PART_WORDS = 3
"""A title contained in the other counts as the same work from this many words …"""
MIN_PART_SHARE = 0.5
"""… or when it has at least this share of the longer title's characters."""
TYPO_MAX_EDITS = 2
"""At most this many letter edits make a differing word a typo …"""
TYPO_MAX_SHARE = 0.25
"""… and at most this share of the longer spelling's length."""
_CACHED = 4096
"""Titles (and cited title × page candidates) whose comparison work is kept: a page cited by
several footnotes, and a cited title compared with each candidate, are worked out once."""


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
    """Is a contained title substantial enough to stand for the whole (`compare_titles`)?"""
    part_chars = len(" ".join(part_words))
    whole_chars = len(" ".join(whole_words))
    return len(part_words) >= MIN_PART_WORDS or part_chars >= MIN_PART_SHARE * whole_chars


def _is_typo(a: str, b: str) -> bool:
    """Two spellings of one word that differ by a small slip (never numbers)."""
    if NUMBER.search(a) or NUMBER.search(b):
        return False
    edits = Levenshtein.distance(a, b)
    return 0 < edits <= TYPO_MAX_EDITS and edits <= TYPO_MAX_SHARE * max(len(a), len(b))


@dataclass(frozen=True, slots=True)
class _Keyed:
    """A title's comparison form: its normalised words, their word key and its numbers."""

    words: tuple[str, ...]
    key: str
    numbers: frozenset[str]


@functools.lru_cache(maxsize=_CACHED)
def _keyed(title: str) -> _Keyed:
    """The comparison form of `title` (`normalize.words`), worked out once per title."""
    found = tuple(words(title))
    return _Keyed(found, " ".join(found), frozenset(numbers(found)))


def _find_typo(cited: str, candidate: str) -> tuple[str, str, str] | None:
    """If the titles differ only by one mistyped word: (cited spelling, page spelling, the
    candidate's matching run of normalised words)."""
    cw, pw = _keyed(cited).words, _keyed(candidate).words
    if not cw or len(cw) > len(pw) or not _covers(cw, pw):
        return None
    for start in range(len(pw) - len(cw) + 1):
        window = pw[start : start + len(cw)]
        diffs = [i for i, (a, b) in enumerate(zip(cw, window, strict=True)) if a != b]
        if len(diffs) == 1 and _is_typo(cw[diffs[0]], window[diffs[0]]):
            i, run = diffs[0], " ".join(window)
            shown_c, shown_p = display_words(cited), display_words(candidate)
            if len(shown_c) == len(cw) and len(shown_p) == len(pw):
                return shown_c[i], shown_p[start + i], run
            return cw[i], window[i], run
    return None


def _compare_one(cited: str, candidate: str, threshold: float = MATCH_THRESHOLD) -> _Comparison:
    """Compare the cited title with one candidate (the rules of `compare_titles`)."""
    cited_form, page_form = _keyed(cited), _keyed(candidate)
    cw, pw = cited_form.words, page_form.words
    ck, pk = cited_form.key, page_form.key
    if ck == pk:  # equal words carry equal numbers: the veto below never applies
        return _Comparison(_Kind.MATCH, 1.0, candidate)
    fuzzy = max(fuzz.ratio(ck, pk), fuzz.token_sort_ratio(ck, pk)) / 100
    cn, pn = cited_form.numbers, page_form.numbers
    if cn - pn and pn - cn:
        return _Comparison(_Kind.MISMATCH, fuzzy, candidate)
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

    Titles are compared as *word keys*: `normalize_title`, then runs of letters and digits.
    Rules per candidate, first hit wins (each tested on both sides in tests/titles/):

    * **Numbers veto.** If the cited title and a candidate each carry a number the other lacks
      ("Lagebericht 2023" vs "Lagebericht 2024"), that candidate is a mismatch whatever the
      score: a different number means a different edition, volume or year, never a typo.
    * **Exact**: equal word keys → match, score 1.0.
    * **Sub-part** (`MIN_PART_WORDS`, `MIN_PART_SHARE`): every word of the shorter title occurs
      in the longer one (rapidfuzz `token_set_ratio` == 100) and the shorter one has at least 3
      words or at least half the longer one's characters → match (a page title with a subtitle,
      or a cited title with a subtitle the page omits). Score: max(fuzzy score, `partial_ratio`).
    * **Typo** (`TYPO_MAX_EDITS`, `TYPO_MAX_SHARE`): the cited words equal a run of the
      candidate's words except for exactly one non-numeric word whose Levenshtein distance is at
      most 2 edits and at most 25 % of the longer spelling ("Zeitwende"/"Zeitenwende", 2 of 11,
      is a typo; "Japan"/"Jalta", 2 of 5, is not), and the run covers the candidate as the
      sub-part rule requires → match plus a `title-typo` info problem naming both spellings.
    * **Fuzzy** (`threshold`): max(`ratio`, `token_sort_ratio`) / 100 ≥ threshold → match (word
      order, punctuation, a dropped article); below → mismatch, a `title-mismatch` warning. The
      threshold moves only this rule; the others are structural.

    The best candidate wins: a clean match beats a typo match beats a mismatch; ties go to the
    higher score.
    """
    if cited is None or not WORD.search(cited):
        return TitleMatch(TitleVerdict.NOT_CITED, None), None
    raw = tuple(" ".join(c.split()) for c in candidates if WORD.search(c))
    if not raw:
        return TitleMatch(TitleVerdict.UNAVAILABLE, None), None
    return _verdict(cited, _best(cited, raw, threshold), line)


@functools.lru_cache(maxsize=_CACHED)
def _best(cited: str, raw: tuple[str, ...], threshold: float) -> _Comparison:
    """The best comparison of `cited` with the candidates (`compare_titles`' pool: stripped of
    site affixes, then the raw forms); kept, since a page is often cited more than once."""
    stripped = strip_site_affixes(list(raw))  # once: it compares every pair of candidates
    pool = stripped + [c for c in raw if c not in stripped]
    results: list[_Comparison] = []
    for candidate in pool:
        result = _compare_one(cited, candidate, threshold)
        if result.kind is _Kind.MATCH and result.score >= 1.0:
            return result  # nothing beats it, and the first of equals wins
        results.append(result)
    return max(results, key=lambda r: (r.kind, r.score))


def _verdict(cited: str, best: _Comparison, line: int | None) -> tuple[TitleMatch, Problem | None]:
    """The verdict of the best comparison, with its title-typo or title-mismatch problem."""
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
