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


def test_measurements() -> None:
    figures = find_figures(
        "Die Trasse ist 500 Kilometer lang, davon 500 km neu und 12 Seemeilen vor der Küste; "
        "20 Mio. t CO2 auf 3,5 ha, 1,2 GW Leistung, 4 TWh Strom, 100 km/h, 1,5 Grad, 50 m², "
        "10 Liter und 500km zu Fuß."
    )
    assert [(f.text, f.kind, f.unit) for f in figures] == [
        ("500 Kilometer", "length", "m"),
        ("500 km", "length", "m"),
        ("12 Seemeilen", "length", "m"),
        ("20 Mio. t", "mass", "kg"),
        ("3,5 ha", "area", "m²"),
        ("1,2 GW", "power", "W"),
        ("4 TWh", "energy", "Wh"),
        ("100 km/h", "speed", "km/h"),
        ("1,5 Grad", "temperature", "°C"),
        ("50 m²", "area", "m²"),
        ("10 Liter", "volume", "l"),
        ("500km", "length", "m"),
    ]
    # Values are in the dimension's base unit.
    assert [f.value for f in figures] == [
        500e3,
        500e3,
        12 * 1852.0,
        20e9,
        35e3,
        1.2e9,
        4e12,
        100.0,
        1.5,
        50.0,
        10.0,
        500e3,
    ]
    assert all(f.currency is None for f in figures)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("eine Strecke von 500 Kilometern", "m"),
        ("a distance of 500 kilometres", "m"),
        ("in 300 m Höhe", "m"),
        ("auf 40 Metern Länge", "m"),
        ("3 t Stahl", "kg"),
        ("12.000 Tonnen Getreide", "kg"),
        ("25 kg pro Kopf", "kg"),
        ("eine Anlage mit 800 MW", "W"),
        ("2.000 Megawatt", "W"),
        ("350 kWh im Jahr", "Wh"),
        ("12 Terawattstunden", "Wh"),
        ("200 Hektar Wald", "m²"),
        ("80 Quadratmeter", "m²"),
        ("5.000 Liter Wasser", "l"),
        ("eine Million Tonnen", "kg"),  # a spelled-out number with a scale word
        ("15 °C im Mittel", "°C"),
    ],
)
def test_measurement_units_found(text: str, unit: str) -> None:
    (figure,) = find_figures(text)
    assert figure.unit == unit


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
        # counts of people or things: no unit (the rule of "70 Passagiere")
        "mit 12.000 Soldaten und 300 Schiffen",
        # legal references with letter suffixes are no measurements
        "nach § 7 g EStG, § 312 g BGB und Art. 5 m sowie Abs. 2 t",
        "Drucksache 20/1234 vom 13.04.2022",
        # unit symbols are case-sensitive; one-letter symbols need a space
        "5 mw, 5 KM, 5G-Netz, 5m Menschen",
        # spelled-out numbers only with a scale word ("eine Million Tonnen")
        "zwei Meter und drei Tonnen",
        # a unit inside a URL-encoded query is no figure
        "https://example.org/?q=strecke%20500km",
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
        ("Die Strecke ist 500 Kilometer lang.", "500 km"),
        ("Die Strecke ist 500 km lang.", "500 Kilometer"),
        ("a range of 500 kilometres", "500 km"),
        ("eine Strecke von 500km", "500 Kilometer"),
        ("genau 500.000 m", "500 km"),
        ("3,5 Hektar Fläche", "3,5 ha"),
        ("20 Millionen Tonnen CO2", "20 Mio. t"),
        ("4 Terawattstunden", "4 TWh"),
        ("1.2 GW of capacity", "1,2 Gigawatt"),
        ("eine Erwärmung um 1,5 °C", "1,5 Grad"),
        ("mit 100 Kilometern pro Stunde", "100 km/h"),
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
        ("Die Strecke ist 50 km lang.", "500 km"),
        ("Die Strecke ist 500 m lang.", "500 km"),
        ("500 Meilen", "500 km"),
        ("500 t Ladung", "500 km"),
        ("500 Euro pro Kopf", "500 km"),
        ("500 Prozent", "500 km"),
        ("1,2 GWh", "1,2 GW"),  # energy is not power
        ("4 GWh", "4 TWh"),
        ("500 km", "500 Kilometer pro Stunde"),
    ],
)
def test_does_not_contain_other_figures(source: str, figure: str) -> None:
    assert not contains_figure(source, figure)


def test_contains_accepts_a_mention() -> None:
    (mention,) = find_figures("um 27 Prozent")
    assert contains_figure("a rise of 27 %", mention)
    assert not contains_figure("a rise of 72 %", mention)


def _windowed_reference(text: str) -> list[tuple[int, int]]:
    """Spelled-out figures as the whole pattern finds them in each window (the old search)."""
    from citecheck import figure_scan

    found = [m.span() for m in figure_scan.DIGIT_FIGURE_RE.finditer(text)]
    lowered = text.lower()
    for unit in figure_scan.WORD_UNITS:
        index = lowered.find(unit)
        while index >= 0:
            low, high = max(0, index - 16), index + len(unit) + 16
            found += [
                m.span()
                for m in figure_scan.FIGURE_RE.finditer(text, low, high)
                if m.group("w2") is not None
            ]
            index = lowered.find(unit, index + len(unit))
    spans, last_end = [], -1
    for start, end in sorted(found):
        if start >= last_end:
            spans.append((start, end))
            last_end = end
    return spans


@pytest.mark.parametrize(
    "text",
    [
        "neun Prozent, zwei Euro und fünf Prozent; drei Milliarden Euro, 4 Mio. und eine Million",
        "Eins Prozent.zwei Prozent,drei Prozent-vier Prozent zehn-Prozent elf %",
        "rund zwölf Prozentpunkte und ZWEI PROZENT, dann 1,5 Prozent und sieben Millionen Tonnen",
        "one per cent, two percent, twelve billion dollars and ten million and a half",
        "§ 7 zwei Prozent; Abs. 2 drei Mio. Euro; ein ein Prozent; eineinhalb Prozent",
    ],
)
def test_word_figures_are_those_the_whole_pattern_finds(text: str) -> None:
    from citecheck.figure_scan import figure_matches

    assert [m.span() for m in figure_matches(text)] == _windowed_reference(text)


def test_figures_of_a_text_are_found_once_and_are_find_figures() -> None:
    from citecheck.figures import figures_in

    text = "Der Anteil stieg auf 27 Prozent, die Kosten auf 3 Mrd. Euro."
    first = figures_in(text)
    assert first == tuple(find_figures(text))
    assert figures_in(text) is first  # the second look-up is not a second scan
