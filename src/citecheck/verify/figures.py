"""The figures of citing sentences looked up in a source's text (`check_figures`); plain
years are never looked up."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from citecheck.figures import FigureMention, contains_figure, find_figures, index_contains
from citecheck.models import Figure

FindFigures = Callable[[str], Sequence[object]]
"""Figures quoted in one sentence (figures.find_figures: `FigureMention`s, or plain strings)."""
ContainsFigure = Callable[[str, object], bool]
"""Does a source text contain an equivalent spelling of a figure (figures.py)?"""

# Plain years are dates, not claims ("Im Jahr 2022 stieg …", "bis 2027"): a year alone is not
# looked up in the source. A year inside a larger figure ("2022: 27 Prozent") is the figure's
# business, not ours.
_PLAIN_YEAR = re.compile(r"(?:19|20)\d\d")


def _figure_value(figure: object) -> str:
    """The figure as written in the motion (`FigureMention.text`, or the string itself)."""
    value = figure.text if isinstance(figure, FigureMention) else figure
    return " ".join(str(value).split())


def _contains(text: str, figure: object) -> bool:
    """`figures.contains_figure` for what `find_figures` returned."""
    return contains_figure(text, figure if isinstance(figure, FigureMention) else str(figure))


def check_figures(
    sentences: Sequence[str],
    source_text: str,
    *,
    find: FindFigures | None = None,
    contains: ContainsFigure | None = None,
    index: tuple[FigureMention, ...] | None = None,
) -> tuple[Figure, ...]:
    """The figures quoted in the citing sentences and whether the source text has each.

    Figures come from `figures.find_figures` (percentages, amounts with Mrd./Milliarden/Mio./
    Tsd., numbers with units); equivalence ("27 Prozent" = "27 %", "203 Milliarden Euro" =
    "203 Mrd. €", "neun Prozent" = "9 %") is `figures.contains_figure`. `find`/`contains`
    replace them (tests, other languages); with `index` (the source text's
    `figures.figure_index`) figures are looked up there, not in `source_text`. A plain year
    on its own is skipped: in a motion it dates an event rather than stating a claim the
    source must hold. The same figure quoted twice is reported once, in order of first
    appearance.
    """
    find = find or find_figures
    if index is not None:
        found = index

        def contains(_: str, figure: object) -> bool:
            return isinstance(figure, FigureMention) and index_contains(found, figure)

    contains = contains or _contains
    result: list[Figure] = []
    seen: set[str] = set()
    for sentence in sentences:
        for figure in find(sentence):
            value = _figure_value(figure)
            if not value or value in seen or _PLAIN_YEAR.fullmatch(value):
                continue
            seen.add(value)
            result.append(Figure(value, bool(contains(source_text, figure))))
    return tuple(result)
