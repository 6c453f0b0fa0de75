"""Figures of citing sentences looked up in the source (`verify.figures`)."""

from __future__ import annotations

from citecheck.models import (
    Figure,
)
from citecheck.verify import check_figures

from ._support import _contains, _find


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
