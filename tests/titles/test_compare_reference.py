"""`compare_titles` against its former form, kept here as the reference: the comparison form of
each title is now worked out once, the best comparison per cited title and candidates is kept,
equal word keys skip the fuzzy scores, and an exact match ends the search. Same verdicts, same
problems, on the corpus's cited titles against realistic page candidates."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from citecheck.models import Problem, TitleMatch, TitleVerdict
from citecheck.titles import compare as compare_module
from citecheck.titles.affixes import strip_site_affixes
from citecheck.titles.compare import (
    _Comparison,
    _covers,
    _find_typo,
    _Kind,
    _verdict,
    compare_titles,
)
from citecheck.titles.normalize import WORD, numbers, words

_TRUTH = Path(__file__).resolve().parents[2] / "fixtures" / "corpus" / "truth.json"


def _compare_one_before(cited: str, candidate: str, threshold: float) -> _Comparison:
    """`_compare_one` as it was (words worked out on every call, fuzzy scores first)."""
    cw, pw = words(cited), words(candidate)
    ck, pk = " ".join(cw), " ".join(pw)
    fuzzy = max(fuzz.ratio(ck, pk), fuzz.token_sort_ratio(ck, pk)) / 100
    cn, pn = numbers(cw), numbers(pw)
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
        return _Comparison(_Kind.TYPO, fuzz.ratio(ck, run) / 100, candidate, (wrong, right))
    if fuzzy >= threshold:
        return _Comparison(_Kind.MATCH, fuzzy, candidate)
    return _Comparison(_Kind.MISMATCH, fuzzy, candidate)


def _compare_titles_before(
    cited: str | None, candidates: Sequence[str], line: int | None, threshold: float
) -> tuple[TitleMatch, Problem | None]:
    """`compare_titles` as it was: every candidate compared, the best of all taken."""
    if cited is None or not WORD.search(cited):
        return TitleMatch(TitleVerdict.NOT_CITED, None), None
    raw = [" ".join(c.split()) for c in candidates if WORD.search(c)]
    if not raw:
        return TitleMatch(TitleVerdict.UNAVAILABLE, None), None
    stripped = strip_site_affixes(raw)
    pool = stripped + [c for c in raw if c not in stripped]
    results = [_compare_one_before(cited, c, threshold) for c in pool]
    return _verdict(cited, max(results, key=lambda r: (r.kind, r.score)), line)


def _cited_titles() -> list[str]:
    truth = json.loads(_TRUTH.read_text(encoding="utf-8"))
    found = [f["cited_title"] for d in truth["documents"] for f in d["footnotes"]]
    return list(dict.fromkeys(t for t in found if t))


def _typo(title: str) -> str:
    """The title with one letter of its longest word doubled (a slip the typo rule may see)."""
    longest = max(title.split(), key=len)
    return title.replace(longest, longest[:3] + longest[2:], 1)


def _pages(title: str, other: str) -> list[list[str]]:
    """Candidate lists a page of that work (or of another one) might give."""
    words_of = title.split()
    return [
        [title],
        [f"{title} | Bundesregierung", title],
        [f"{title} - Deutscher Bundestag | Startseite", f"  {title.upper()} "],
        [f"BMVg: {title}", f"{title} – DW – 12.05.2021"],
        [f"{title}: Ein Überblick", f"Startseite | {title}"],
        [" ".join(words_of[: max(1, len(words_of) // 2)]) + " | Site"],
        [_typo(title), f"{_typo(title)} | Site"],
        [title.replace("2023", "2024").replace("2021", "2022") + " 2025"],
        [f"„{title}“", title.replace("ä", "ae").replace("ü", "ue")],
        [other, f"{other} | Site"],
        [f"{other} – {title}"],
        ["Seite nicht gefunden", "404"],
        [],
    ]


@pytest.mark.parametrize("threshold", [0.85, 0.6])
def test_verdicts_as_before_on_corpus_titles(threshold: float) -> None:
    titles = _cited_titles()
    assert len(titles) > 30
    compared = 0
    for index, title in enumerate(titles):
        other = titles[(index + 7) % len(titles)]
        for candidates in _pages(title, other):
            for cited in (title, _typo(title), f"{title} (Kurzfassung)"):
                compare_module._best.cache_clear()
                expected = _compare_titles_before(cited, candidates, 9, threshold)
                assert compare_titles(cited, candidates, line=9, threshold=threshold) == expected
                # Again, from what was kept: the same answer.
                assert compare_titles(cited, candidates, line=9, threshold=threshold) == expected
                compared += 1
    assert compared > 1000
