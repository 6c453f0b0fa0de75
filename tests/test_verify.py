"""Tests for citecheck.verify: pure source-verification rules, both sides of every threshold."""

from __future__ import annotations

import pytest

from citecheck.models import (
    Footnote,
    Link,
    LinkStatus,
    ProblemCode,
    Severity,
    TitleVerdict,
)
from citecheck.verify import (
    compare_titles,
    normalize_title,
    strip_site_affixes,
    suggestions,
)

# --------------------------------------------------------------------------- normalize_title


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zeitenwende  in\nJapan", "zeitenwende in japan"),
        ("„Größe“ – Übermaß", '"groesse" - uebermass'),
        ("ÄÖÜ äöü ß", "aeoeue aeoeue ss"),
        ("Sicherheits- politik", "sicherheitspolitik"),
        ("Sicherheits-\npolitik", "sicherheitspolitik"),
        ("ﬁnanzen", "finanzen"),  # NFKC ligature
        ("‚single‘ “double” «guillemets»", '"single" "double" "guillemets"'),
        ("A—B‑C", "a-b-c"),
    ],
)
def test_normalize_title(raw: str, expected: str) -> None:
    assert normalize_title(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Sicherheits- und Verteidigungspolitik",  # elision hyphen before a conjunction
        "Sicherheits- oder Verteidigungspolitik",
        "Bundes- Länder",  # capital letter after the hyphen: a real hyphen, not a break
    ],
)
def test_normalize_title_keeps_real_hyphens(raw: str) -> None:
    assert "- " in normalize_title(raw)


# --------------------------------------------------------------------------- strip_site_affixes


def test_strip_by_comparison_keeps_common_core() -> None:
    got = strip_site_affixes(
        ["Zeitenwende in Japan | Internationale Politik", "Zeitenwende in Japan"]
    )
    assert got == ["Zeitenwende in Japan"]


def test_strip_by_comparison_prefers_the_title_over_a_site_name_candidate() -> None:
    # The <h1> holds the site's logo text; the work's title is still what survives.
    got = strip_site_affixes(
        [
            "Zeitenwende in Japan | Internationale Politik",
            "Zeitenwende in Japan",
            "Internationale Politik",
        ]
    )
    assert got[0] == "Zeitenwende in Japan"


def test_strip_by_comparison_prefix_affix_with_long_site_name() -> None:
    got = strip_site_affixes(
        [
            "Bundesministerium der Verteidigung: Erste Nationale Sicherheitsstrategie",
            "Erste Nationale Sicherheitsstrategie",
        ]
    )
    assert got == ["Erste Nationale Sicherheitsstrategie"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Japans sicherheitspolitische Neuausrichtung | SWP",
            "Japans sicherheitspolitische Neuausrichtung",
        ),
        ("Japan verschärft sein Asylrecht - DW - 12.05.2021", "Japan verschärft sein Asylrecht"),
        ("BMVg: Erste Nationale Sicherheitsstrategie", "Erste Nationale Sicherheitsstrategie"),
        ("Cyberangriffe 2022 – infopoint-security.de", "Cyberangriffe 2022"),
        ("Rückblick auf 2022 | Infopoint Security Magazin", "Rückblick auf 2022"),
    ],
)
def test_strip_fallback_separators(title: str, expected: str) -> None:
    assert strip_site_affixes([title]) == [expected]


@pytest.mark.parametrize(
    "title",
    [
        "Krieg und Frieden: Eine Analyse",  # a colon subtitle is part of the work
        "Asylrecht | Stiftung Wissenschaft und Politik",  # too little left after the pipe
        "Japan - Deutschland",  # neither side is a site name
        "SWP",  # never strip the whole title
    ],
)
def test_strip_fallback_leaves_titles_alone(title: str) -> None:
    assert strip_site_affixes([title]) == [title]


def test_strip_never_empties_and_drops_blank_candidates() -> None:
    assert strip_site_affixes(["", "   ", "SWP | DW"]) == ["SWP"]
    assert strip_site_affixes(["Titel", "Titel"]) == ["Titel"]


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
    ],
)
def test_fuzzy_threshold_both_sides(cited: str, page: str, verdict: str) -> None:
    assert compare_titles(cited, [page])[0].verdict == verdict


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


# --------------------------------------------------------------------------- suggestions


def _footnote(cited: str | None = None, ibid_of: int | None = None) -> Footnote:
    return Footnote(
        number=1, line=3, text="Vgl. https://example.org/a", cited_title=cited, ibid_of=ibid_of
    )


def test_bare_url_footnote_gets_page_title() -> None:
    link = Link(url="https://example.org/a", status=LinkStatus.OK, page_title="Ideale  Partner")
    assert suggestions(_footnote(), link) == ("Ideale Partner", None)


@pytest.mark.parametrize(
    ("footnote", "link"),
    [
        (_footnote(cited="Schon zitiert"), Link(url="u", status=LinkStatus.OK, page_title="T")),
        (_footnote(ibid_of=3), Link(url="u", status=LinkStatus.OK, page_title="T")),
        (_footnote(), Link(url="u", status=LinkStatus.OK, page_title=None)),
        (_footnote(), Link(url="u", status=LinkStatus.SOFT_404, page_title="Seite nicht gefunden")),
        (_footnote(), Link(url="u", status=LinkStatus.DEAD, page_title="404")),
    ],
)
def test_no_title_suggestion(footnote: Footnote, link: Link) -> None:
    assert suggestions(footnote, link)[0] is None


def test_permanent_redirect_suggests_final_url() -> None:
    link = Link(
        url="http://example.org/a",
        status=LinkStatus.REDIRECT,
        reason="permanent",
        final_url="https://example.org/b",
        page_title="T",
    )
    assert suggestions(_footnote(cited="T"), link) == (None, "https://example.org/b")


@pytest.mark.parametrize("reason", ["temporary", None])
def test_temporary_redirect_suggests_no_url(reason: str | None) -> None:
    link = Link(url="u", status=LinkStatus.REDIRECT, reason=reason, final_url="https://e.org/b")
    assert suggestions(_footnote(cited="T"), link)[1] is None
