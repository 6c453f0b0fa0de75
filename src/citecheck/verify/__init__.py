"""Source verification: is the page behind a footnote the cited work, and has it the figures?
Pure functions over the domain model; `verify_footnote` is the one call the pipeline makes."""

from __future__ import annotations

from citecheck.titles import MATCH_THRESHOLD
from citecheck.verify.figures import ContainsFigure, FindFigures, check_figures
from citecheck.verify.footnote import verify_footnote
from citecheck.verify.keep import TextUse, source_text
from citecheck.verify.suggestions import suggested_url, suggestions
from citecheck.verify.years import year_notes

__all__ = [
    "MATCH_THRESHOLD",
    "ContainsFigure",
    "FindFigures",
    "TextUse",
    "check_figures",
    "source_text",
    "suggested_url",
    "suggestions",
    "verify_footnote",
    "year_notes",
]
