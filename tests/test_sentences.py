"""Sentence splitting of German motion bodies and where a marker's sentence is."""

from __future__ import annotations

import pytest

from citecheck.sentences import normalise_space, sentence_index, split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_plain_sentence_ends() -> None:
    assert sentences("Erster Satz. Zweiter Satz! Dritter Satz? Vierter") == [
        "Erster Satz.",
        "Zweiter Satz!",
        "Dritter Satz?",
        "Vierter",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In Japan gibt es Diskussionen, z.B. ob zwei Prozent des BIP ausreichen.",
        "Das regeln u.a. die Länder bzw. der Bund nach § 7 Abs. 4 Nr. 2 SGB II.",
        "Siehe S. 4 und Dr. Müller sowie ggf. v.a. die Anlage, vgl. Nr. 5.",
        "Es waren ca. 300 Fälle und 1,5 Mio. Euro bzw. 2 Mrd. Euro Schaden.",
        "Berlin, den 14. November 2024 trat der 121. Deutsche Ärztetag am 1. April zusammen.",
        "Die Frist endet am 1. Januar und gilt ab dem 21. Lebensjahr.",
        "Bericht von C. Spengel und J. R. Smith, Universität Mannheim.",
        "Das gilt ebenso für die „Economic Outlook“-Umfrage. kleine Schreibung folgt.",
    ],
)
def test_abbreviations_ordinals_and_initials_do_not_split(text: str) -> None:
    assert sentences(text) == [text]


def test_years_and_closing_quotes_end_sentences() -> None:
    assert sentences("Das war 2022. Dann kam 2023. „Zitat.“ Danach (so ist es.) Ende") == [
        "Das war 2022.",
        "Dann kam 2023.",
        "„Zitat.“",
        "Danach (so ist es.)",
        "Ende",
    ]


def test_paragraph_breaks_and_list_items_always_end_a_sentence() -> None:
    text = "Überschrift ohne Punkt\n\nText des Absatzes\n1. erste Forderung;\n2. zweite Forderung"
    assert sentences(text) == [
        "Überschrift ohne Punkt",
        "Text des Absatzes",
        "1. erste Forderung;",
        "2. zweite Forderung",
    ]


def test_a_single_line_break_inside_a_sentence_does_not_split() -> None:
    assert sentences("Ein Satz über\nzwei Zeilen. Noch einer.") == [
        "Ein Satz über\nzwei Zeilen.",
        "Noch einer.",
    ]


def test_marker_offsets_belong_to_the_sentence_they_follow() -> None:
    # The adapter removed the markers of "ausgeschrieben1." and "mehr). 10 Die".
    body = "Die Stelle wurde ausgeschrieben. Sie blieb frei (27 % und mehr).  Die Zahl sank."
    spans = split_sentences(body)
    starts = [start for start, _ in spans]
    before_dot = body.index(".")
    assert sentence_index(starts, before_dot) == 0
    assert sentence_index(starts, before_dot + 1) == 0
    detached = body.index(").") + 3
    assert sentence_index(starts, detached) == 1
    assert sentence_index(starts, body.index("Die Zahl")) == 1
    assert sentence_index(starts, len(body)) == 2
    assert sentence_index([], 5) == 0


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \n") == []
    assert split_sentences("...") == [(0, 3)]


def test_normalise_space() -> None:
    assert normalise_space("  a\n b\t\tc  ") == "a b c"
