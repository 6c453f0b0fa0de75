"""Tests for citecheck.verify: pure source-verification rules, both sides of every threshold."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from citecheck.demo import PAGES as SEED_PAGES  # the seed replicas ship for `citecheck --demo`
from citecheck.models import (
    Fetched,
    Figure,
    Footnote,
    Link,
    LinkStatus,
    ProblemCode,
    Reference,
    Severity,
    TitleMatch,
    TitleVerdict,
)
from citecheck.verify import (
    check_figures,
    compare_titles,
    normalize_title,
    strip_site_affixes,
    suggestions,
    verify_footnote,
    year_notes,
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


def test_verify_footnote_passes_the_title_threshold() -> None:
    url = "https://example.org/near"
    footnote = Footnote(
        number=1,
        line=3,
        text="t",
        cited_title="Die Sicherheitspolitik Japans im Wandel",
        urls=(url,),
        links=(Link(url, LinkStatus.OK, http_status=200),),
    )
    page = _fetched(url, ("Sicherheitspolitik Japan im Wandel",))
    assert verify_footnote(_seen(footnote, {url: page})).links[0].title_match == TitleMatch(
        TitleVerdict.MATCH, 0.932
    )
    strict = verify_footnote(_seen(footnote, {url: page}), title_threshold=0.95)
    assert strict.links[0].title_match is not None
    assert strict.links[0].title_match.verdict is TitleVerdict.MISMATCH
    assert [p.code for p in strict.problems] == [ProblemCode.TITLE_MISMATCH]


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


# --------------------------------------------------------------------------- year_notes

SEED = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "documents"
    / "antrag-japan-partnerschaft.md"
)
URL12 = (
    "https://japan.ahk.de/infothek/aktuelles/aktuelles-details/"
    "geschaeftsklimaumfrage-german-business-in-japan-2024"
)
TITLE12 = "Economic Outlook – German Business in Japan 2024"


def test_seed_footnote_12_gets_a_year_note_from_the_body() -> None:
    body = SEED.read_text(encoding="utf-8")
    problem = year_notes(body, URL12, TITLE12, line=1)
    assert problem is not None
    assert problem.code is ProblemCode.YEAR_MISMATCH and problem.severity is Severity.INFO
    assert "German Business in Japan 2023" in problem.message and "2024" in problem.message
    # The survey's full name, from just after its opening quotation mark: not "Outlook – …".
    assert "„Economic Outlook – German Business in Japan 2023“" in problem.message
    assert problem.message.startswith(
        "The motion names „Economic Outlook – German Business in Japan 2023“, but"
    )
    # The line of the sentence that names the 2023 survey.
    assert problem.line is not None
    assert "German Business in Japan 2023" in body.splitlines()[problem.line - 1]
    # The URL alone is enough evidence (page title missing).
    assert year_notes(body, URL12, None, line=1) is not None


def test_citing_sentence_of_footnote_12_alone_has_no_year() -> None:
    sentence = (
        "Laut Umfrage sehen 82 Prozent der deutschen Unternehmen in Japan hier ein "
        "signifikantes Problem."
    )
    assert year_notes(sentence, URL12, TITLE12) is None


def test_named_edition_rule_in_a_sentence() -> None:
    sentence = "Laut „German Business in Japan 2023“ nutzen Unternehmen mehr Lieferanten."
    problem = year_notes(sentence, URL12, None, line=40)
    assert problem is not None and problem.line == 40


@pytest.mark.parametrize(
    "text",
    [
        # the motion names both editions: it knows what it cites
        "German Business in Japan 2023 und German Business in Japan 2024 zeigen …",
        # same year
        "Laut German Business in Japan 2024 …",
        # too short a name: "in Japan 2023" (2 words, 7 letters) names nothing
        "Die Lage in Japan 2023 war angespannt.",
        # years inside URLs of the text are not what the motion says
        "Vgl. https://example.org/german-business-in-japan-2023",
        "",
    ],
)
def test_named_edition_rule_stays_quiet(text: str) -> None:
    assert year_notes(text, URL12, TITLE12) is None


def test_event_years_in_a_sentence_are_no_edition() -> None:
    # Seed footnote 7: the sentence has 2022 and 2021, the URL 2022; nothing names an edition.
    sentence = "Im Jahr 2022 stieg die Zahl der Cyberangriffe im Vergleich zu 2021 um 27 Prozent."
    url = "https://www.infopoint-security.de/rueckblick-auf-2022-27-anstieg-bei-cyberangriffen-auf-deutschland/a33093/"
    assert year_notes(sentence, url, "Rückblick auf 2022: 27 % mehr Cyberangriffe") is None
    # Seed footnote 3: an event year (2022) cited to a 2023 paper is no note for a sentence.
    sentence3 = (
        "In der neuen Sicherheits- und Verteidigungspolitik 2022 erhöht Japan seinen Haushalt."
    )
    title3 = "Japans sicherheitspolitische Neuausrichtung 2023"
    assert year_notes(sentence3, "https://www.swp-berlin.org/10.18449/2023A13/", title3) is None


def test_year_scan_of_a_long_body_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: every year normalised the whole text before it, and every footnote rescanned
    # the body, so a 2,000-footnote motion ("Satz Nummer 1999 …") took minutes.
    import citecheck.verify as verify

    sentences = [f"Satz Nummer {i} belegt eine Aussage." for i in range(1900, 2100)]
    body = " ".join(sentences) + " Laut German Business in Japan 2023 planen Firmen mehr."
    seen: list[int] = []
    real = verify.normalize_title

    def spy(text: str) -> str:
        seen.append(len(text))
        return real(text)

    monkeypatch.setattr(verify, "normalize_title", spy)
    verify._text_years.cache_clear()
    first = year_notes(body, URL12, TITLE12, line=1)
    # Each year looks at a bounded window before it, not at the whole prefix.
    assert seen and max(seen) <= verify._ANCHOR_WINDOW
    assert first is not None and "German Business in Japan 2023" in first.message
    # The same body for the next footnote is not scanned again.
    calls = len(seen)
    assert year_notes(body, URL12, TITLE12, line=1) == first
    assert len(seen) - calls < 10


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # a quotation opening shortly before the year is quoted whole, in any quotation style
        (
            "Laut der Umfrage „Economic Outlook – German Business in Japan 2023“ der AHK",
            "Economic Outlook – German Business in Japan 2023",
        ),
        (
            "Laut “Economic Outlook – German Business in Japan 2023” der AHK",
            "Economic Outlook – German Business in Japan 2023",
        ),
        (
            'Laut "Economic Outlook – German Business in Japan 2023" der AHK',
            "Economic Outlook – German Business in Japan 2023",
        ),
        (
            "Laut »Economic Outlook – German Business in Japan 2023« der AHK",
            "Economic Outlook – German Business in Japan 2023",
        ),
        (
            "Laut «Economic Outlook – German Business in Japan 2023» der AHK",
            "Economic Outlook – German Business in Japan 2023",
        ),
        ("Laut ‚German Business in Japan 2023‘ der AHK", "German Business in Japan 2023"),
        # the year right after the closing mark still belongs to the quoted name
        ("Die Umfrage „German Business in Japan“ 2023 zeigt", "German Business in Japan 2023"),
        # exactly 12 words after the opening mark: still quoted whole
        (
            "Laut „Eins Zwei Drei Vier Fünf Sechs Sieben Acht German Business in Japan 2023“",
            "Eins Zwei Drei Vier Fünf Sechs Sieben Acht German Business in Japan 2023",
        ),
        # no quotation: the last five words
        (
            "Laut der Umfrage German Business in Japan 2023 nutzen",
            "Umfrage German Business in Japan 2023",
        ),
        # a quotation opened 13 words before: too far, the last five words
        (
            "Laut „Eins Zwei Drei Vier Fünf Sechs Sieben Acht Neun German Business in Japan 2023“",
            "Neun German Business in Japan 2023",
        ),
        # a quotation opened more than 120 characters before: too far
        (
            "Laut „Wirtschaftsbeziehungsentwicklungsperspektiven Unternehmensstandortbewertungen "
            "Beschaffungsmarktanalyse German Business in Japan 2023“",
            "Beschaffungsmarktanalyse German Business in Japan 2023",
        ),
        # a quotation closed earlier, with other words after it: not the year's name
        (
            "Die „Umfrage“ der Kammer German Business in Japan 2023 zeigt",
            "Kammer German Business in Japan 2023",
        ),
    ],
)
def test_year_note_quotes_the_name_from_its_opening_quotation_mark(text: str, named: str) -> None:
    problem = year_notes(text, URL12, TITLE12, line=1)
    assert problem is not None
    assert f"The motion names „{named}“, but" in problem.message


def test_year_anchor_is_the_same_far_into_a_text() -> None:
    # The window that bounds the anchor search never changes which words are found.
    sentence = "Laut „German Business in Japan 2023“ nutzen Unternehmen mehr Lieferanten."
    near = year_notes(sentence, URL12, TITLE12, line=1)
    far = year_notes("Füllwort " * 500 + sentence, URL12, TITLE12, line=1)
    assert near is not None and far is not None and near.message == far.message


@pytest.mark.parametrize(
    ("cited", "url", "page_title", "noted"),
    [
        ("Lagebericht 2023", "https://x.example/lagebericht", "Lagebericht 2024", True),
        ("Lagebericht 2023", "https://x.example/lagebericht-2024", None, True),
        ("Lagebericht 2023", "https://x.example/lagebericht", "Lagebericht 2023 | BSI", False),
        # a year only in an archive folder of the URL is the upload date, not the edition
        ("Lagebericht 2023", "https://x.example/2024/05/lagebericht.pdf", "Lagebericht", False),
        # seed footnote 3: the DOI suffix "2023A13" carries the same year
        (
            "Japans sicherheitspolitische Neuausrichtung 2023",
            "https://www.swp-berlin.org/10.18449/2023A13/",
            "Japans sicherheitspolitische Neuausrichtung",
            False,
        ),
        ("Lagebericht", "https://x.example/lagebericht-2024", "Lagebericht 2024", False),
    ],
)
def test_cited_title_year_rule(cited: str, url: str, page_title: str | None, noted: bool) -> None:
    problem = year_notes(cited, url, page_title, line=9, is_title=True)
    assert (problem is not None) is noted
    if problem is not None:
        assert problem.line == 9 and "2023" in problem.message and "2024" in problem.message


def test_cited_title_rule_only_for_titles() -> None:
    assert year_notes("Lagebericht 2023", "https://x.example/a", "Lagebericht 2024") is None


# --------------------------------------------------------------------------- fixture pages

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
TITLES_MANIFEST = json.loads((PAGES / "titles" / "manifest.json").read_text(encoding="utf-8"))
SEED_MANIFEST = json.loads((SEED_PAGES / "manifest.json").read_text(encoding="utf-8"))
TRUTH = json.loads((PAGES.parent / "corpus" / "truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", TITLES_MANIFEST["pages"], ids=lambda p: p["file"])
def test_title_fixture_candidates_strip_to_the_expected_title(page: dict[str, Any]) -> None:
    assert (PAGES / "titles" / page["file"]).is_file()
    stripped = strip_site_affixes(page["candidates"])
    assert (stripped[0] if stripped else None) == page["title"]


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


def test_windows_1252_fixture_is_really_cp1252() -> None:
    raw = (PAGES / "titles" / "windows-1252-meta.html").read_bytes()
    assert b"\x84Zeitenwende\x93" in raw and b"\x96" in raw  # „ “ – in cp1252
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b'http-equiv="Content-Type" content="text/html; charset=windows-1252"' in raw


def _seed_entry(url: str) -> dict[str, Any]:
    (entry,) = [p for p in SEED_MANIFEST["pages"] if p["url"] == url]
    return entry


def _html_candidates(html_text: str) -> list[str]:
    """Just enough extraction for these fixtures (titles.py does the real job)."""
    found = re.findall(r'<meta (?:property|name)="[^"]*title" content="([^"]*)"', html_text)
    found += re.findall(r"<title>(.*?)</title>", html_text, re.DOTALL)
    return [html.unescape(c) for c in found]


def test_seed_manifest_covers_every_seed_url() -> None:
    seed = TRUTH["documents"][0]
    assert seed["id"] == "seed-bt-antrag-japan-partnerschaft"
    urls = [u for f in seed["footnotes"] for u in f["urls"]]
    assert len(urls) == 14
    for footnote in seed["footnotes"]:
        for url in footnote["urls"]:
            entry = _seed_entry(url)
            assert footnote["number"] in entry["footnotes"]
            if "redirect_to" in entry:
                assert entry["status"] in (301, 308)
                entry = _seed_entry(entry["redirect_to"])
            assert (SEED_PAGES / entry["file"]).is_file()
            assert entry["content_type"]


def test_seed_replicas_reproduce_the_sources() -> None:
    seed = {f["number"]: f for f in TRUTH["documents"][0]["footnotes"]}

    def text(number: int) -> str:
        entry = _seed_entry(seed[number]["urls"][0])
        return (SEED_PAGES / entry["file"]).read_text(encoding="utf-8")

    match, problem = compare_titles(seed[5]["cited_title"], _html_candidates(text(5)))
    assert match.verdict is TitleVerdict.MATCH
    assert problem is not None and problem.code is ProblemCode.TITLE_TYPO
    match, problem = compare_titles(seed[3]["cited_title"], _html_candidates(text(3)))
    assert match.verdict is TitleVerdict.MATCH and problem is None
    assert "27 Prozent" in text(7)
    assert "203 Milliarden Euro" in text(8)
    assert "German Business in Japan 2024" in _html_candidates(text(12))[0]
    assert _seed_entry(seed[6]["urls"][0])["status"] == 404
    assert "Seite nicht gefunden" in text(9)
    assert _seed_entry(seed[13]["urls"][0])["status"] == 301
    pdf = _seed_entry(seed[15]["urls"][0])
    assert pdf["content_type"] == "application/pdf"
    assert (SEED_PAGES / pdf["file"]).read_bytes().startswith(b"%PDF-")


def test_pdf_fixtures_with_and_without_title() -> None:
    from pypdf import PdfReader

    with_title = PdfReader(PAGES / "pdf" / "with-title.pdf")
    assert with_title.metadata is not None
    assert with_title.metadata.title == "Lagebild Cybercrime 2022"
    without = PdfReader(PAGES / "pdf" / "without-title.pdf")
    assert without.metadata is None or without.metadata.title is None
    assert "Lagebild Cybercrime 2022" in without.pages[0].extract_text()
    junk = PdfReader(PAGES / "pdf" / "junk-title.pdf")
    assert junk.metadata is not None and junk.metadata.title.startswith("Microsoft Word - ")


# --------------------------------------------------------------------------- check_figures

# Stand-ins for figures.py (its own tests cover extraction and equivalence): enough to test
# what verify does with the figures — years skipped, duplicates merged, found/not found.
_FIGURE = re.compile(r"\d+(?:,\d+)? (?:Prozent|Milliarden Euro)|(?:19|20)\d\d")


def _find(sentence: str) -> list[str]:
    return _FIGURE.findall(sentence)


def _contains(text: str, figure: object) -> bool:
    value = str(figure)
    variants = {
        value,
        value.replace(" Prozent", " %"),
        value.replace(" Milliarden Euro", " Mrd. €"),
    }
    return any(v in text for v in variants)


def test_check_figures_found_and_not_found() -> None:
    figures = check_figures(
        ["Die Zahl stieg um 27 Prozent, die Schäden betrugen 203 Milliarden Euro."],
        "Anstieg um 27 % im Jahr 2022.",
        find=_find,
        contains=_contains,
    )
    assert figures == (Figure("27 Prozent", True), Figure("203 Milliarden Euro", False))


def test_check_figures_skips_plain_years_and_duplicates() -> None:
    figures = check_figures(
        ["Im Jahr 2022 stieg die Zahl im Vergleich zu 2021 um 27 Prozent.", "Wieder 27 Prozent."],
        "nichts",
        find=_find,
        contains=_contains,
    )
    assert figures == (Figure("27 Prozent", False),)


def test_check_figures_with_figures_py() -> None:
    # The defaults: figures.find_figures and figures.contains_figure (equivalent spellings).
    figures = check_figures(
        [
            "Im Jahr 2022 stieg die Zahl im Vergleich zu 2021 um 27 Prozent.",
            "Die Schäden beliefen sich auf 203 Milliarden Euro.",
            "Sie nutzen Lieferanten um neun Prozent mehr, 69 Prozent sind beteiligt.",
        ],
        "Plus 27 % seit 2021; Schäden 203 Mrd. €; ein Zuwachs von 9 %.",
    )
    assert figures == (
        Figure("27 Prozent", True),
        Figure("203 Milliarden Euro", True),
        Figure("neun Prozent", True),
        Figure("69 Prozent", False),
    )


def test_check_figures_measurements_with_figures_py() -> None:
    # A unit in another spelling is found; a count of people is no figure to look up.
    figures = check_figures(
        ["Die Leitung ist 500 km lang, 12.000 Soldaten sichern 3,5 ha und 1,2 GW."],
        "Die Leitung misst 500 Kilometer auf 3,5 Hektar; Leistung 1,2 GWh.",
    )
    assert figures == (
        Figure("500 km", True),
        Figure("3,5 ha", True),
        Figure("1,2 GW", False),  # GWh is energy, not power
    )


def test_check_figures_accepts_figure_objects() -> None:
    class Found:
        def __init__(self, value: str) -> None:
            self.value = value

        def __str__(self) -> str:
            return self.value

    figures = check_figures(
        ["x"], "82 % der Firmen", find=lambda s: [Found("82  Prozent")], contains=_contains
    )
    assert figures == (
        Figure("82 Prozent", False),
    )  # value whitespace-normalised; lookup is figures.py's


# --------------------------------------------------------------------------- verify_footnote


def _reference(line: int, context: str) -> Reference:
    return Reference(line=line, context=context)


def _seen(footnote: Footnote, pages: dict[str, Fetched]) -> Footnote:
    """The footnote with each link carrying what was fetched for its URL (`Link.fetched`)."""
    links = tuple(dataclasses.replace(k, fetched=pages.get(k.url)) for k in footnote.links)
    return dataclasses.replace(footnote, links=links)


def _fetched(url: str, candidates: tuple[str, ...], text: str = "") -> Fetched:
    return Fetched(
        url=url,
        final_url=url,
        http_status=200,
        content_type="text/html",
        page_title=candidates[0] if candidates else None,
        title_candidates=candidates,
        text_excerpt=text,
    )


def test_verify_footnote_typo_and_figures() -> None:
    url = "https://internationalepolitik.de/de/zeitenwende-japan"
    footnote = Footnote(
        number=5,
        line=26,
        text="Vgl. Lill, Felix (2024, 02. Jan.) Zeitwende in Japan. <url>",
        cited_title="Zeitwende in Japan",
        references=(_reference(24, "Die Streitkräfte haben um 30 Prozent weniger Rekruten."),),
        urls=(url,),
        links=(Link(url, LinkStatus.OK, http_status=200, page_title="Zeitenwende in Japan"),),
    )
    page = _fetched(url, ("Zeitenwende in Japan", "Zeitenwende in Japan | IP"), "Rekruten fehlen.")
    got = verify_footnote(_seen(footnote, {url: page}), find=_find, contains=_contains)
    assert got.links[0].title_match.verdict is TitleVerdict.MATCH
    assert got.suggested_title is None  # it has a cited title
    codes = [(p.code, p.severity, p.line) for p in got.problems]
    assert (ProblemCode.TITLE_TYPO, Severity.INFO, 26) in codes
    assert (ProblemCode.FIGURE_NOT_IN_SOURCE, Severity.WARNING, 24) in codes
    assert got.figures == (Figure("30 Prozent", False),)


def test_verify_footnote_bare_url_redirect_and_unreached() -> None:
    old, new = "https://www.dw.com/de/a-1", "https://www.dw.com/de/neu/a-1"
    dead = "https://example.org/weg"
    footnote = Footnote(
        number=13,
        line=60,
        text="Vgl. <urls>",
        references=(_reference(55, "Japan hat ein restriktives Asylsystem."),),
        urls=(old, dead),
        links=(
            # page_title as the fetcher reports it: the best candidate, affixes stripped
            Link(
                old,
                LinkStatus.REDIRECT,
                "permanent",
                200,
                new,
                page_title="Japan verschärft sein Asylrecht",
            ),
            Link(dead, LinkStatus.DEAD, None, 404, dead, page_title="404"),
        ),
    )
    pages = {
        old: _fetched(new, ("Japan verschärft sein Asylrecht – DW – 12.05.2021",), "Asyl."),
        dead: _fetched(dead, ("404",), "Seite nicht gefunden"),
    }
    got = verify_footnote(_seen(footnote, pages), find=_find, contains=_contains)
    assert got.suggested_title == "Japan verschärft sein Asylrecht"  # the page title
    assert got.links[0].suggested_url == new
    assert got.links[0].title_match.verdict is TitleVerdict.NOT_CITED
    assert got.links[1].suggested_url is None
    assert got.links[1].title_match.verdict is TitleVerdict.NOT_CITED
    assert got.figures == () and got.problems == ()


def test_verify_footnote_unreached_cited_title_is_unavailable_and_no_figures() -> None:
    url = "https://example.org/weg"
    footnote = Footnote(
        number=1,
        line=3,
        text="t",
        cited_title="Ein Titel",
        references=(_reference(1, "Es sind 27 Prozent."),),
        urls=(url,),
        links=(Link(url, LinkStatus.SOFT_404, "not_found_text", 200, url),),
    )
    got = verify_footnote(
        _seen(footnote, {url: _fetched(url, ("Seite nicht gefunden",))}),
        find=_find,
        contains=_contains,
    )
    assert got.links[0].title_match.verdict is TitleVerdict.UNAVAILABLE
    assert got.figures == () and got.problems == ()


def test_verify_footnote_ibid_uses_the_source_footnote() -> None:
    url = "https://www.swp-berlin.org/10.18449/2023A13/"
    source = Footnote(
        number=3,
        line=20,
        text="t",
        urls=(url,),
        links=(Link(url, LinkStatus.OK, None, 200, url, page_title="Neuausrichtung"),),
    )
    ibid = Footnote(
        number=4,
        line=22,
        text="Ebd.",
        ibid_of=3,
        references=(_reference(12, "Der Haushalt steigt um 2 Prozent und 9 Prozent."),),
    )
    page = _fetched(url, ("Neuausrichtung",), "Ausgaben: 2 % des BIP.")
    got = verify_footnote(ibid, source=_seen(source, {url: page}), find=_find, contains=_contains)
    assert got.figures == (Figure("2 Prozent", True), Figure("9 Prozent", False))
    (problem,) = got.problems
    assert problem.code is ProblemCode.FIGURE_NOT_IN_SOURCE and "footnote 3" in problem.message
    assert got.suggested_title is None  # ibid footnotes get no title suggestion


def test_verify_footnote_seed_12_year_note_needs_the_body() -> None:
    footnote = Footnote(
        number=12,
        line=70,
        text=f"Vgl. <{URL12}>",
        references=(_reference(50, "Laut Umfrage sehen 82 Prozent der Unternehmen ein Problem."),),
        urls=(URL12,),
        links=(Link(URL12, LinkStatus.OK, None, 200, URL12, page_title=TITLE12),),
    )
    pages = {URL12: _fetched(URL12, (TITLE12,), "82 % der Unternehmen sehen ein Problem.")}
    without_body = verify_footnote(_seen(footnote, pages), find=_find, contains=_contains)
    assert not [p for p in without_body.problems if p.code is ProblemCode.YEAR_MISMATCH]
    assert without_body.figures == (Figure("82 Prozent", True),)
    assert without_body.suggested_title == TITLE12
    body = SEED.read_text(encoding="utf-8")
    with_body = verify_footnote(_seen(footnote, pages), body=body, find=_find, contains=_contains)
    (note,) = [p for p in with_body.problems if p.code is ProblemCode.YEAR_MISMATCH]
    assert note.severity is Severity.INFO and "2023" in note.message and "2024" in note.message


# --------------------------------------------------------------------------- end to end

# The fixture pages fetched by the real HttpFetcher from the local server (tests/server.py
# serves fixtures/pages/<file> under /page/), then verified. The server sends every HTML page
# as UTF-8, so the windows-1252 pages are left to the pure tests above.


def _fetch(servers: Any, options: Any, path: str) -> Fetched:
    from citecheck.fetch.http import HttpFetcher
    from server import run  # tests/server.py, on sys.path via conftest

    async def go() -> Fetched:
        async with HttpFetcher(options, servers.resolver()) as fetcher:
            return await fetcher.fetch(servers.url("a.test", path))

    return run(go())


@pytest.mark.parametrize(
    ("file", "cited", "verdict", "code"),
    [
        ("typo.html", "Zeitwende in Japan", TitleVerdict.MATCH, ProblemCode.TITLE_TYPO),
        (
            "mismatch.html",
            "Zeitenwende in Japan",
            TitleVerdict.MISMATCH,
            ProblemCode.TITLE_MISMATCH,
        ),
        ("edition.html", "Lagebericht 2023", TitleVerdict.MISMATCH, ProblemCode.TITLE_MISMATCH),
        (
            "site-suffix-swp.html",
            "Japans sicherheitspolitische Neuausrichtung",
            TitleVerdict.MATCH,
            None,
        ),
        ("site-suffix-dw.html", "Japan verschärft sein Asylrecht", TitleVerdict.MATCH, None),
        (
            "entities.html",
            "„Zeitenwende“ in Japan – Tokios & Berlins Kurs",
            TitleVerdict.MATCH,
            None,
        ),
        ("no-title.html", "Irgendein Titel", TitleVerdict.UNAVAILABLE, None),
    ],
)
def test_served_title_pages(servers, options, file, cited, verdict, code) -> None:
    fetched = _fetch(servers, options, f"/page/titles/{file}")
    assert fetched.http_status == 200
    match, problem = compare_titles(cited, fetched.title_candidates, line=1)
    assert match.verdict is verdict
    assert (problem.code if problem else None) == code


def test_served_seed_pages_figures_and_year(servers, options) -> None:
    seed = {f["number"]: f for f in TRUTH["documents"][0]["footnotes"]}
    sentences = {
        7: "Im Jahr 2022 stieg die Zahl der Cyberangriffe im Vergleich zu 2021 um 27 Prozent.",
        8: "Die errechneten Schäden durch Cyberkriminalität in Deutschland beliefen sich laut "
        "Wirtschaftsschutzbericht 2022 auf 203 Milliarden Euro und sind damit etwas doppelt so "
        "hoch wie 2019.",
        12: "Laut Umfrage sehen 82 Prozent der deutschen Unternehmen in Japan hier ein "
        "signifikantes Problem.",
        11: "Von den japanischen Niederlassungen deutscher Unternehmen sind 69 Prozent an "
        "Projekten und Aktivitäten in Drittstaaten beteiligt.",
    }
    body = SEED.read_text(encoding="utf-8")
    for number, sentence in sentences.items():
        url = seed[number]["urls"][0]
        fetched = _fetch(servers, options, "/page/seed/" + _seed_entry(url)["file"])
        link = Link(url, LinkStatus.OK, None, 200, url, page_title=fetched.page_title)
        footnote = Footnote(
            number=number,
            line=60 + number,
            text=f"Vgl. <{url}>",
            references=(_reference(40 + number, sentence),),
            urls=(url,),
            links=(link,),
        )
        got = verify_footnote(_seen(footnote, {url: fetched}), body=body)  # real figures.py
        # The footnote 11 replica says "zwei Drittel", not 69 Prozent (a demo of the warning).
        assert all(f.found is (number != 11) for f in got.figures), (number, got.figures)
        missing = [p for p in got.problems if p.code is ProblemCode.FIGURE_NOT_IN_SOURCE]
        assert bool(missing) is (number == 11)
        assert got.figures, number
        assert got.suggested_title, number
        years = [p for p in got.problems if p.code is ProblemCode.YEAR_MISMATCH]
        assert bool(years) is (number == 12), (number, got.problems)
