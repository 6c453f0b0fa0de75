"""Structure problems and uncited figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.models import ProblemCode, Severity
from citecheck.parse import load_document
from citecheck.parse.document import build_document
from citecheck.parse.structure import structure_problems

from ._layouts import layout

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# --- structure problems ------------------------------------------------------------------------


def test_structure_problems() -> None:
    problems = structure_problems([1, 2, 4, 3, 3], [1, 2, 9, 9], [1, 2, 3, 4])
    assert [(p.code, p.severity, p.line, p.message) for p in problems] == [
        (ProblemCode.MISSING_DEFINITION, Severity.ERROR, 3, "marker 9 has no definition"),
        (ProblemCode.NUMBERING_GAP, Severity.WARNING, None, "footnote 4 follows 2"),
        (ProblemCode.NUMBERING_ORDER, Severity.WARNING, None, "footnote 3 comes after footnote 4"),
    ]
    assert structure_problems([2, 3], [2, 3], [1, 1])[0].code is ProblemCode.NUMBERING_GAP
    assert structure_problems([1, 2, 3], [1, 2, 3], [1, 1, 1]) == []


def test_footnote_problems_unused_and_no_source() -> None:
    document = build_document(
        "x",
        layout("Ein Satz.", [], [(1, 2, "Antwort der Bundesregierung, Drucksache 20/14693")]),
    )
    codes = {(p.code, p.severity) for p in document.footnotes[0].problems}
    assert codes == {
        (ProblemCode.UNUSED_DEFINITION, Severity.WARNING),
        (ProblemCode.NO_SOURCE, Severity.INFO),
    }


def test_an_ibid_is_a_source() -> None:
    body = "Satz eins. Satz zwei."
    document = build_document(
        "x",
        layout(body, [(1, 9), (2, 20)], [(1, 3, "https://a.de/x"), (2, 4, "Ebd., S. 4")]),
    )
    assert document.footnotes[1].ibid_of == 1
    assert document.footnotes[1].problems == ()


# --- uncited figures ----------------------------------------------------------------------------


def test_press_release_reports_its_uncited_figure() -> None:
    document = load_document(
        str(FIXTURES / "documents" / "pressemitteilung-wirtschaftssicherheit.txt")
    )
    assert document.footnotes == ()
    assert [(p.code, p.severity, p.line, p.message) for p in document.problems] == [
        (
            ProblemCode.UNCITED_FIGURE,
            Severity.WARNING,
            7,
            "figure „44,2 Mrd. Euro“ stated without a footnote",
        )
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Laut Umfrage nutzen Unternehmen um neun Prozent mehr Zulieferer.",
        "Der Studie zufolge stiegen die Einnahmen um 108 Prozent.",
        "Es ist offen, ob zwei Prozent des BIP ausreichen.",
        "So würde die Steuer ab einer Übernahme von 10% anfallen.",
        "Wie viele Betriebe zahlen mehr als 5 %?",
        "a) die Schäden von 28,5 Mrd. Euro zurückzufordern;",
        "Der Steuererlass gilt für Vermögen ab 26 Mio. Euro vollständig.",
        "Dort greift die Abgeltungsteuer in Höhe von 25% ohne Frist.",
        "Im Jahr 2022 stieg die Zahl der Fälle um 2021 Stück.",
    ],
)
def test_figures_that_are_no_uncited_claims(sentence: str) -> None:
    assert build_document("x", layout(sentence, [], [])).problems == ()


def test_figure_cited_elsewhere_is_covered_and_uncited_one_is_reported() -> None:
    body = (
        "Der Schaden beträgt 28,5 Mrd. Euro. Die 28,5 Mrd. Euro fehlen.\n\n"
        "Die Zahl der Angriffe stieg um 27 Prozent."
    )
    marker = body.index("Euro.") + 4
    document = build_document("x", layout(body, [(1, marker)], [(1, 9, "https://a.de")]))
    assert [p.message for p in document.problems] == [
        "figure „27 Prozent“ stated without a footnote"
    ]
    assert document.problems[0].line == 3
