"""Year notes (`verify.years`): the named-edition and cited-title rules, both sides."""

from __future__ import annotations

import pytest

from citecheck.models import (
    ProblemCode,
    Severity,
)
from citecheck.verify import year_notes

from ._support import SEED, TITLE12, URL12


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
    import citecheck.verify.years as verify

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
