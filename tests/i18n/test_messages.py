"""The problem messages in German (issue 14: words in the reader's language): every message
shape the checks write has a template (`i18n.messages.TEMPLATES`) that the German reports
translate. The messages here are made by the checks themselves, so a changed message without
a changed template fails."""

from __future__ import annotations

import asyncio

import pytest

from citecheck.check import check
from citecheck.i18n import words
from citecheck.i18n.messages import TEMPLATES, _patterns, translate_message
from citecheck.models import Figure, Footnote, Problem, Reference
from citecheck.options import CheckOptions
from citecheck.parse import parse_bytes
from citecheck.parse.structure import footnote_problems, structure_problems
from citecheck.titles import compare_titles
from citecheck.verify.footnote import _figure_problems
from citecheck.verify.years import year_notes

GERMAN = words("de")


def _core_messages() -> list[Problem]:
    """One problem of every message shape, as the checks write them."""
    problems = list(structure_problems([2, 4, 3], [2, 4, 3, 9], [1, 2, 3, 4]))
    problems += structure_problems([3, 4], [3, 4], [1, 2])  # starts at 3
    problems += footnote_problems(4, 9, False, 2, False)  # twice, never cited, no URL
    motion = "# A\n\nDie Zahl stieg um 27 Prozent auf 400 Millionen Euro im Jahr.\n"
    document = parse_bytes(motion.encode(), "a.md")
    problems += document.problems  # an uncited figure
    nothing = parse_bytes(b"Nichts.\n", "b.md")
    empty = asyncio.run(check([nothing], None, CheckOptions(offline=True)))
    problems += empty.documents[0].problems  # nothing found
    for cited, page in (("Zeitwende in Japan", "Zeitenwende in Japan"), ("Brot", "Kuchen und Tee")):
        _, problem = compare_titles(cited, [page], line=1)
        assert problem is not None
        problems.append(problem)
    url = "https://example.org/umfrage-german-business-in-japan-2024"
    named = year_notes("Die Umfrage German Business in Japan 2023 zeigt es.", url, None, line=1)
    cited = "Lagebericht 2023"
    titled = year_notes(cited, "https://example.org/x", "Lagebericht 2024", is_title=True)
    by_url = year_notes(cited, "https://example.org/lagebericht-2024", None, is_title=True)
    by_title = year_notes(
        "Die Umfrage German Business in Japan 2023 zeigt es.",
        "https://example.org/x",
        "Umfrage German Business in Japan 2024",
        line=1,
    )
    problems += [p for p in (named, titled, by_url, by_title) if p is not None]
    footnote = Footnote(number=3, line=9, text="Vgl. x", references=(Reference(2, "27 %."),))
    problems += _figure_problems(footnote, None, (Figure("27 Prozent", False),))
    return problems


def test_every_message_the_checks_write_has_a_german_form() -> None:
    problems = _core_messages()
    for problem in problems:
        german = translate_message(problem.message, GERMAN)
        assert german != problem.message, problem.message
        assert "{" not in german
    # Each template is made here by the checks, so none can drift from its check unnoticed.
    messages = [p.message for p in problems]
    for pattern, template in _patterns():
        assert any(pattern.fullmatch(m) for m in messages), template


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_template_is_translated_and_english_stays_as_written(template: str) -> None:
    assert GERMAN(template) != template
    assert translate_message(template, words("en")) == template


def test_unknown_messages_stay_as_written() -> None:
    message = "antrag.txt: not UTF-8, Windows-1252 or UTF-16 text"
    assert translate_message(message, GERMAN) == message
