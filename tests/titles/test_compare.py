"""The cited-title comparison (`titles.compare`): both sides of every threshold."""

from __future__ import annotations

import json

import pytest

from citecheck.models import (
    ProblemCode,
    Severity,
    TitleVerdict,
)
from citecheck.titles import compare_titles
from conftest import fixture_path

PAGES = fixture_path("pages")
TITLES_MANIFEST = json.loads((PAGES / "titles" / "manifest.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- compare_titles


def test_not_cited_and_unavailable() -> None:
    assert compare_titles(None, ["Zeitenwende in Japan"])[0].verdict is TitleVerdict.NOT_CITED
    assert compare_titles("  ", ["Zeitenwende in Japan"])[0].verdict is TitleVerdict.NOT_CITED
    match, problem = compare_titles("Zeitenwende in Japan", [])
    assert match.verdict is TitleVerdict.UNAVAILABLE and match.score is None and problem is None
    assert compare_titles("Zeitenwende", ["", " "])[0].verdict is TitleVerdict.UNAVAILABLE


def test_exact_match_after_normalisation() -> None:
    match, problem = compare_titles("„Zeitenwende in Japan“", ["ZEITENWENDE IN JAPAN"])
    assert match.verdict is TitleVerdict.MATCH and match.score == 1.0 and problem is None


def test_typo_is_a_match_with_info_naming_both_spellings() -> None:
    match, problem = compare_titles(
        "Zeitwende in Japan",
        ["Zeitenwende in Japan | Internationale Politik", "Zeitenwende in Japan"],
        line=27,
    )
    assert match.verdict is TitleVerdict.MATCH
    assert match.score is not None and 0.9 < match.score < 1.0
    assert problem is not None
    assert problem.code is ProblemCode.TITLE_TYPO and problem.severity is Severity.INFO
    assert problem.line == 27
    assert "„Zeitwende“" in problem.message and "„Zeitenwende“" in problem.message


def test_typo_inside_a_title_with_subtitle() -> None:
    match, problem = compare_titles(
        "Zeitwende in Japan", ["Zeitenwende in Japan: Tokios Abschied vom Pazifismus"]
    )
    assert match.verdict is TitleVerdict.MATCH
    assert problem is not None and problem.code is ProblemCode.TITLE_TYPO


def test_clean_candidate_beats_typo_candidate() -> None:
    match, problem = compare_titles(
        "Zeitwende in Japan", ["Zeitenwende in Japan", "Zeitwende in Japan"]
    )
    assert match.verdict is TitleVerdict.MATCH and match.score == 1.0 and problem is None


@pytest.mark.parametrize(
    ("cited", "page", "is_typo"),
    [
        ("Zeitwende in Japan", "Zeitenwende in Japan", True),  # 2 edits of 11 letters
        ("Sicherheitspolitk in Japan", "Sicherheitspolitik in Japan", True),  # 1 edit
        ("Japan heute", "Jalta heute", False),  # 2 edits of 5 letters: > 25 %
        ("Krise in Japan", "Kriege in Japan", False),  # 2 edits of 6 letters: > 25 %
        ("Zeitwende in Japann", "Zeitenwende in Japan", False),  # two words differ: no typo note
        # TYPO_MAX_SHARE = 0.25, exactly on the edge: 2 edits (swapped letters) of 8 letters
        ("Weltruam in Japan heute", "Weltraum in Japan heute", True),
        # … and just above it: 2 edits of 7 letters is 29 %
        ("Poltiik in Japan heute", "Politik in Japan heute", False),
        # TYPO_MAX_EDITS = 2: 3 edits are no typo even in a long word (3 of 20 letters, 15 %)
        ("Verteidgunspolitk in Japan", "Verteidigungspolitik in Japan", False),
    ],
)
def test_typo_threshold_both_sides(cited: str, page: str, is_typo: bool) -> None:
    _, problem = compare_titles(cited, [page])
    got = problem is not None and problem.code is ProblemCode.TITLE_TYPO
    assert got is is_typo


def test_number_difference_is_never_a_typo() -> None:
    match, problem = compare_titles("Lagebericht 2023", ["Lagebericht 2024"])
    assert match.verdict is TitleVerdict.MISMATCH
    assert problem is not None and problem.code is ProblemCode.TITLE_MISMATCH
    assert problem.severity is Severity.WARNING
    assert "„Lagebericht 2023“" in problem.message and "„Lagebericht 2024“" in problem.message
    # Even a long title that is otherwise identical (fuzzy score far above the threshold).
    match, _ = compare_titles(
        "Economic Outlook – German Business in Japan 2023",
        ["Economic Outlook – German Business in Japan 2024"],
    )
    assert match.verdict is TitleVerdict.MISMATCH
    assert match.score is not None and match.score > 0.9


def test_number_only_on_one_side_is_no_veto() -> None:
    assert compare_titles("Lagebericht 2023", ["Lagebericht"])[0].verdict is TitleVerdict.MATCH
    assert compare_titles("Lagebericht", ["Lagebericht 2023"])[0].verdict is TitleVerdict.MATCH


def test_genuinely_different_work_is_a_mismatch_warning() -> None:
    match, problem = compare_titles("Neue Wege in der Energiepolitik", ["Zeitenwende in Japan"])
    assert match.verdict is TitleVerdict.MISMATCH
    assert match.score is not None and match.score < 0.5
    assert problem is not None and problem.code is ProblemCode.TITLE_MISMATCH
    assert "Neue Wege in der Energiepolitik" in problem.message
    assert "Zeitenwende in Japan" in problem.message


@pytest.mark.parametrize(
    ("cited", "page", "verdict"),
    [
        # sub-part with >= 3 words: the page adds a subtitle
        ("Zeitenwende in Japan", "Zeitenwende in Japan: Tokios Abschied vom Pazifismus", "match"),
        # sub-part with 1 word and < 50 % of the characters: too weak
        ("Zeitenwende", "Zeitenwende in Japan: Tokios Abschied vom Pazifismus", "mismatch"),
        # sub-part with 1 word but >= 50 % of the characters (the page omits a subtitle)
        ("Wirtschaftsschutzbericht 2022", "Wirtschaftsschutzbericht", "match"),
        (
            "Japans sicherheitspolitische Neuausrichtung 2023",
            "Japans sicherheitspolitische Neuausrichtung 2023 | SWP",
            "match",
        ),
        # MIN_PART_WORDS = 3: 2 words with 9 of 42 characters are too weak
        ("Neue Wege", "Neue Wege in der Energiepolitik des Bundes", "mismatch"),
        # MIN_PART_SHARE = 0.5, exactly on the edge: 1 word, 15 of 30 characters
        ("Cybersicherheit", "Cybersicherheit in Deutschland", "match"),
        ("Cybersicherheit in Deutschland", "Cybersicherheit", "match"),  # either side shorter
        # … and just below it: 15 of 32 characters ("für" is compared as "fuer")
        ("Cybersicherheit", "Cybersicherheit für Deutschland", "mismatch"),
    ],
)
def test_sub_part_threshold_both_sides(cited: str, page: str, verdict: str) -> None:
    assert compare_titles(cited, [page])[0].verdict == verdict


@pytest.mark.parametrize(
    ("cited", "page", "verdict"),
    [
        # word order and punctuation: max(ratio, token_sort_ratio) = 1.0 >= 0.90
        (
            "Japan und Deutschland: ideale Partner im Vergleich",
            "Deutschland und Japan – ideale Partner im Vergleich",
            "match",
        ),
        ("Cybercrime Bundeslagebild 2022", "Bundeslagebild Cybercrime 2022", "match"),
        # a different policy paper sharing most letters: 0.84 < 0.90
        (
            "Japans sicherheitspolitische Neuausrichtung",
            "Japans außenpolitische Neuausrichtung",
            "mismatch",
        ),
        ("Digitalisierung in Japan", "Digitalstrategie in Japan", "mismatch"),
        # MATCH_THRESHOLD = 0.90, exactly on the edge (two words differ: no typo, no sub-part)
        (
            "Wirtschaftliche Sicherheit in Ostasien",
            "Wirtschaftliche Sicherheiten für Ostasien",
            "match",
        ),
        # … and just below it: 0.899
        ("Deutschland und Japan im Gespräch", "Deutschlands mit Japan im Gespräch", "mismatch"),
    ],
)
def test_fuzzy_threshold_both_sides(cited: str, page: str, verdict: str) -> None:
    assert compare_titles(cited, [page])[0].verdict == verdict


_NEAR = ("Die Sicherheitspolitik Japans im Wandel", "Sicherheitspolitik Japan im Wandel")  # 0.932
_FAR = (
    "Japans Sicherheitspolitik im Umbruch",
    "Japans Sicherheitspolitik im Wandel der Zeit",
)  # 0.75


@pytest.mark.parametrize(
    ("cited", "page", "threshold", "verdict"),
    [
        (*_NEAR, None, "match"),  # the default 0.90
        (*_NEAR, 0.95, "mismatch"),
        (*_FAR, None, "mismatch"),
        (*_FAR, 0.70, "match"),  # a user who lowers it
        # the threshold moves only the fuzzy rule: a number still vetoes, a typo stays a typo
        ("Lagebericht 2023", "Lagebericht 2024", 0.0, "mismatch"),
        ("Zeitwende in Japan", "Zeitenwende in Japan", 1.0, "match"),
    ],
)
def test_title_threshold_moves_the_fuzzy_rule(
    cited: str, page: str, threshold: float | None, verdict: str
) -> None:
    kwargs = {} if threshold is None else {"threshold": threshold}
    match, problem = compare_titles(cited, [page], **kwargs)
    assert match.verdict == verdict
    assert (problem is not None) is (verdict == "mismatch" or cited.startswith("Zeitwende"))


def test_best_candidate_wins() -> None:
    match, problem = compare_titles(
        "Japan verschärft sein Asylrecht",
        ["DW", "Nachrichten aus aller Welt", "Japan verschärft sein Asylrecht - DW - 12.05.2021"],
    )
    assert match.verdict is TitleVerdict.MATCH and match.score == 1.0 and problem is None


def test_hyphenated_cited_title_matches() -> None:
    assert (
        compare_titles("Sicherheits- politik in Japan", ["Sicherheitspolitik in Japan"])[0].verdict
        is TitleVerdict.MATCH
    )


def test_title_fixture_verdicts() -> None:
    by_file = {p["file"]: p["candidates"] for p in TITLES_MANIFEST["pages"]}
    cases = {
        "typo.html": ("Zeitwende in Japan", TitleVerdict.MATCH, ProblemCode.TITLE_TYPO),
        "mismatch.html": (
            "Zeitenwende in Japan",
            TitleVerdict.MISMATCH,
            ProblemCode.TITLE_MISMATCH,
        ),
        "edition.html": ("Lagebericht 2023", TitleVerdict.MISMATCH, ProblemCode.TITLE_MISMATCH),
        "site-suffix-swp.html": (
            "Japans sicherheitspolitische Neuausrichtung 2023",
            TitleVerdict.MATCH,
            None,
        ),
        "site-suffix-dw.html": ("Japan verschärft sein Asylrecht", TitleVerdict.MATCH, None),
        "no-title.html": ("Irgendein Titel", TitleVerdict.UNAVAILABLE, None),
    }
    for file, (cited, verdict, code) in cases.items():
        match, problem = compare_titles(cited, by_file[file])
        assert match.verdict is verdict, file
        assert (problem.code if problem else None) == code, file
