"""Problems of a document's footnote structure: missing, unused and duplicate definitions,
numbering gaps, footnotes without a source, and figures stated without a footnote.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence

from citecheck.figures import FigureMention, find_figures, may_hold_figures
from citecheck.lazy_patterns import lazy_pattern
from citecheck.models import Problem, ProblemCode, Severity
from citecheck.parse.layout import BodyLines
from citecheck.sentences import normalise_space

#: A sentence that names its own source ("Laut …", "… zufolge", "(vgl. www…)").
_INLINE_SOURCE_RE = lazy_pattern(
    r"\b(?:laut|zufolge|gemäß|demnach|nach\s+Angaben|nach\s+Auskunft|Quelle|according\s+to"
    r"|vgl\.|siehe)(?!\w)|www\.|https?://",
    re.IGNORECASE,
)
#: A hypothetical, normative or reported statement (subjunctive, modal verb, "ob" clause).
_NOT_A_CLAIM_RE = lazy_pattern(
    r"\b(?:würden?|wären?|hätten?|könnten?|sollten?|müssten?|dürften?|kämen?|bestehe|ob|kann"
    r"|können|muss|müssen|soll|sollen|darf|dürfen|would|could|should|might|must|shall|whether)\b",
    re.IGNORECASE,
)
#: A list item of the motion's demands ("a) …", "1. …", "i. …", "- …").
_LIST_ITEM_RE = lazy_pattern(r"^(?:\d{1,3}[.)]|[a-z]{1,4}[.)]|[-–•*])\s")
#: Words before a figure that make it a threshold ("ab 26 Mio. Euro", "bis zu 89,9 %").
_THRESHOLD_RE = lazy_pattern(
    r"\b(?:ab|über|unter|bis\s+zu|oberhalb|unterhalb|above|below|up\s+to|over)\s+$",
    re.IGNORECASE,
)
#: A rate set by law ("Abgeltungsteuer in Höhe von 25 %", "Körperschaftsteuer von 15 %").
_LEGAL_RATE_RE = lazy_pattern(
    r"(?:steuer|satz|sätze|abgabe|gebühr)\w*\s+(?:in\s+Höhe\s+)?von\s+$", re.IGNORECASE
)


def _figure_key(kind: str, value: float) -> tuple[str, float]:
    """What makes two figures the same for coverage: kind family and value."""
    return ("percent" if kind == "percent" else "amount", round(value, 6))


def uncited_figures(
    body: str,
    spans: Sequence[tuple[int, int]],
    cited: set[int],
    lines: BodyLines | None = None,
) -> list[Problem]:
    """An uncited-figure warning for each figure in a sentence that carries no marker.

    `spans` are the body's sentences, `cited` the indexes of sentences with a marker. The check
    is conservative: sentences that claim no fact are left alone (`_states_a_fact`), and so are
    thresholds, legal rates and a figure that a sentence with a marker states too (its source
    is given there; `_uncited`). When no sentence without a marker can hold a figure
    (`figures.may_hold_figures`), the body is not scanned.
    """
    uncited = [span for index, span in enumerate(spans) if index not in cited]
    if not may_hold_figures(body, uncited):
        return []
    # One pass over the whole body; each figure is then placed in its sentence.
    starts = [start for start, _ in spans]
    by_sentence: dict[int, list[FigureMention]] = defaultdict(list)
    for figure in find_figures(body):
        index = bisect.bisect_right(starts, figure.start) - 1
        if index >= 0 and figure.end <= spans[index][1]:
            by_sentence[index].append(figure)
    covered = {_figure_key(f.kind, f.value) for index in cited for f in by_sentence.get(index, ())}
    problems: list[Problem] = []
    for index, figures in sorted(by_sentence.items()):
        start, end = spans[index]
        if index in cited or not _states_a_fact(body[start:end]):
            continue
        problems.extend(
            Problem(
                ProblemCode.UNCITED_FIGURE,
                Severity.WARNING,
                lines.at(figure.start) if lines else None,
                f"figure „{normalise_space(figure.text)}“ stated without a footnote",
            )
            for figure in _uncited(body, start, figures, covered)
        )
    return problems


def _states_a_fact(sentence: str) -> bool:
    """False for sentences that claim no fact needing a footnote.

    Those are questions, "ob" clauses and hypothetical or normative statements (subjunctive or
    modal verb: "würde", "wäre", "kann", "muss", "soll" …); sentences that name their source
    inline ("Laut …", "… zufolge", "demnach", "(vgl. …)"); list items (the motion's demands,
    "a) …", "1. …").
    """
    if sentence.rstrip("\"'“”»«)] ").endswith("?"):
        return False
    return not (
        _INLINE_SOURCE_RE().search(sentence)
        or _NOT_A_CLAIM_RE().search(sentence)
        or _LIST_ITEM_RE().match(sentence)
    )


def _uncited(
    body: str, start: int, figures: Sequence[FigureMention], covered: set[tuple[str, float]]
) -> list[FigureMention]:
    """The figures of a sentence starting at `start` that need a source, each written once.

    Left alone: a figure a cited sentence states too (`covered`), thresholds ("ab 26 Mio.
    Euro", "über", "bis zu") and legal rates ("Abgeltungsteuer in Höhe von 25 %"): parameters
    of a rule, not statistics.
    """
    seen: set[str] = set()
    found: list[FigureMention] = []
    for figure in figures:
        written = normalise_space(figure.text)
        before = body[max(start, figure.start - 60) : figure.start]
        if (
            written in seen
            or _figure_key(figure.kind, figure.value) in covered
            or _THRESHOLD_RE().search(before)
            or (figure.kind == "percent" and _LEGAL_RATE_RE().search(before))
        ):
            continue
        seen.add(written)
        found.append(figure)
    return found


def structure_problems(
    numbers: Sequence[int], marker_numbers: Sequence[int], marker_lines: Sequence[int]
) -> list[Problem]:
    """Document-level structure problems: missing definitions and numbering gaps or order.

    `numbers` are the definition numbers in document order, `marker_numbers` the body markers
    in order with their lines in `marker_lines`.
    """
    problems: list[Problem] = []
    defined = set(numbers)
    reported: set[int] = set()
    for number, line in zip(marker_numbers, marker_lines, strict=True):
        if number not in defined and number not in reported:
            reported.add(number)
            problems.append(
                Problem(
                    ProblemCode.MISSING_DEFINITION,
                    Severity.ERROR,
                    line,
                    f"marker {number} has no definition",
                )
            )
    seen: set[int] = set()
    previous: int | None = None
    for number in numbers:
        if number in seen:
            continue
        seen.add(number)
        if previous is None and number != 1:
            problems.append(
                Problem(
                    ProblemCode.NUMBERING_GAP,
                    Severity.WARNING,
                    None,
                    f"footnote numbering starts at {number}, not 1",
                )
            )
        elif previous is not None and number > previous + 1:
            problems.append(
                Problem(
                    ProblemCode.NUMBERING_GAP,
                    Severity.WARNING,
                    None,
                    f"footnote {number} follows {previous}",
                )
            )
        elif previous is not None and number < previous:
            problems.append(
                Problem(
                    ProblemCode.NUMBERING_ORDER,
                    Severity.WARNING,
                    None,
                    f"footnote {number} comes after footnote {previous}",
                )
            )
        previous = number
    return problems


def footnote_problems(
    number: int, line: int, referenced: bool, duplicate_of: int | None, sourced: bool
) -> tuple[Problem, ...]:
    """Problems of one footnote: duplicate-definition (error), unused-definition (warning: no
    marker cites it) and no-source (info: no URL and no ibid, also for a law or Drucksache cited
    without URL)."""
    problems: list[Problem] = []
    if duplicate_of is not None:
        problems.append(
            Problem(
                ProblemCode.DUPLICATE_DEFINITION,
                Severity.ERROR,
                line,
                f"footnote {number} is defined twice (first on line {duplicate_of})",
            )
        )
    if not referenced:
        problems.append(
            Problem(
                ProblemCode.UNUSED_DEFINITION,
                Severity.WARNING,
                line,
                f"footnote {number} is never cited in the body",
            )
        )
    if not sourced:
        problems.append(
            Problem(
                ProblemCode.NO_SOURCE,
                Severity.INFO,
                line,
                f"footnote {number} gives no URL to check",
            )
        )
    return tuple(problems)
