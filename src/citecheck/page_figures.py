"""The figures of a fetched page: the text they are looked for in (`source_text`) and the page
with its figure index (`with_figures`), made by whichever process fetched it. Pure, and light
for a fetch worker to import (the `verify` package it serves is not)."""

from __future__ import annotations

import dataclasses

from citecheck.figures import FigureMention, figure_index
from citecheck.models import Fetched


def source_text(fetched: Fetched) -> str:
    """The text figures are looked for in: the page's title candidates and visible text."""
    return "\n".join([*fetched.title_candidates, fetched.text_excerpt])


def page_index(fetched: Fetched) -> tuple[FigureMention, ...]:
    """The figure index of a page's title candidates and text (`figures.figure_index`)."""
    return figure_index(source_text(fetched))


def with_figures(fetched: Fetched) -> Fetched:
    """`fetched` with its figure index added (text kept, for the cache), where it has text:
    made by the process that fetched the page, so `verify.TextUse.kept` need not make it."""
    if not fetched.text_excerpt:
        return fetched
    return dataclasses.replace(fetched, figures=page_index(fetched))
