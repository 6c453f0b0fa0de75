"""Figures in prose and their equivalent spellings, tested both ways."""

from __future__ import annotations

import pytest

from citecheck.figures import contains_figure, find_figures, number_readings


def written(text: str) -> list[str]:
    return [figure.text for figure in find_figures(text)]


def test_percentages() -> None:
    text = "um 27 Prozent, 88 Prozent, 27 %, 27%, 1,5 Prozentpunkte, neun Prozent, 5 v. H."
    assert written(text) == [
        "27 Prozent",
        "88 Prozent",
        "27 %",
        "27%",
        "1,5 Prozentpunkte",
        "neun Prozent",
        "5 v. H.",
    ]
    assert {f.kind for f in find_figures(text)} == {"percent"}
    assert [f.value for f in find_figures("neun Prozent und 1,5 %")] == [9.0, 1.5]


def test_amounts() -> None:
    figures = find_figures(
        "auf 44,2 Mrd. Euro, 203 Milliarden Euro, 1,5 Mio., € 5 Mio., $3.5 billion und "
        "20.000 Euro sowie eine Milliarde Euro"
    )
    assert [(f.text, f.kind, f.currency) for f in figures] == [
        ("44,2 Mrd. Euro", "currency", "EUR"),
        ("203 Milliarden Euro", "currency", "EUR"),
        ("1,5 Mio.", "quantity", None),
        ("€ 5 Mio.", "currency", "EUR"),
        ("$3.5 billion", "currency", "USD"),
        ("20.000 Euro", "currency", "EUR"),
        ("eine Milliarde Euro", "currency", "EUR"),
    ]
    assert [f.value for f in figures] == [44.2e9, 203e9, 1.5e6, 5e6, 3.5e9, 20000.0, 1e9]


@pytest.mark.parametrize(
    "text",
    [
        "Im Jahr 2022 stieg die Zahl gegenüber 2021.",
        "nach § 27 Abs. 1 SGB XII und Art. 38 GG",
        "am 14. November 2024 und am 13.04.2022",
        "1. den Austausch; 2. Strategien",
        "im Rahmen der 2+2 Gespräche",
        "CO2-Preise und 70 Passagiere",
        "Europa und die Europäische Union",
    ],
)
def test_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_offsets_point_at_the_figure() -> None:
    text = "Das Handelsvolumen belief sich auf 44,2 Mrd. Euro bei Bilanz."
    (figure,) = find_figures(text)
    assert text[figure.start : figure.end] == "44,2 Mrd. Euro"


@pytest.mark.parametrize(
    ("number", "readings"),
    [
        ("44,2", (44.2,)),
        ("44.2", (44.2,)),
        ("1.500", (1500.0, 1.5)),
        ("1,500", (1.5, 1500.0)),
        ("1.500.000", (1500000.0,)),
        ("1.234,5", (1234.5,)),
        ("1,234.5", (1234.5,)),
        ("neun", (9.0,)),
        ("1.2.3", ()),
    ],
)
def test_number_readings(number: str, readings: tuple[float, ...]) -> None:
    assert number_readings(number) == readings


@pytest.mark.parametrize(
    ("source", "figure"),
    [
        ("Die Zahl stieg um 27 % gegenüber dem Vorjahr.", "27 Prozent"),
        ("Die Zahl stieg um 27% gegenüber dem Vorjahr.", "27 Prozent"),
        ("Attacks rose by 27 percent.", "27 Prozent"),
        ("Die Zahl stieg um 27 Prozent.", "27 %"),
        ("Schäden von 203 Mrd. € im Jahr 2022", "203 Milliarden Euro"),
        ("Schäden von 203 Mrd. Euro im Jahr 2022", "203 Milliarden Euro"),
        ("damage of €203 billion", "203 Milliarden Euro"),
        ("Schäden von 203 Milliarden Euro", "203 Mrd. €"),
        ("trade volume of 44.2 billion euros", "44,2 Mrd. Euro"),
        ("ein Plus von 9 % bei den Käufen", "neun Prozent"),
        ("ein Plus von neun Prozent", "9 %"),
        ("Handelsvolumen 44.2", "44,2"),
        ("Handelsvolumen 44,2", "44.2"),
    ],
)
def test_contains_equivalent_spellings(source: str, figure: str) -> None:
    assert contains_figure(source, figure)


@pytest.mark.parametrize(
    ("source", "figure"),
    [
        ("Die Zahl stieg um 26 % gegenüber dem Vorjahr.", "27 Prozent"),
        ("Im Jahr 2027 sollen es 2 % sein.", "27 Prozent"),
        ("Schäden von 203 Millionen Euro", "203 Milliarden Euro"),
        ("Schäden von 203 Mrd. Dollar", "203 Milliarden Euro"),
        ("27 Euro pro Kopf", "27 Prozent"),
        ("ein Plus von zehn Prozent", "9 %"),
        ("Handelsvolumen 44,3", "44,2"),
        ("irgendein Text", "kein Wert"),
    ],
)
def test_does_not_contain_other_figures(source: str, figure: str) -> None:
    assert not contains_figure(source, figure)


def test_contains_accepts_a_mention() -> None:
    (mention,) = find_figures("um 27 Prozent")
    assert contains_figure("a rise of 27 %", mention)
    assert not contains_figure("a rise of 72 %", mention)
