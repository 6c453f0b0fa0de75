"""Title work in one place: what a page calls itself (HTML, PDF, charsets), the comparison form
of a title, site-affix stripping, and the comparison of a cited title with a page's candidates.
Pure: bytes and strings in, strings and verdicts out; imports no I/O module and never `verify`.
The comparison (`titles.compare`, with rapidfuzz) is imported at its first use (`__getattr__`):
a run reads pages' titles as they come in, before it compares any."""

from __future__ import annotations

from typing import TYPE_CHECKING

from citecheck.options import MATCH_THRESHOLD
from citecheck.titles.affixes import strip_site_affixes
from citecheck.titles.charset import codec_for, decode_body
from citecheck.titles.extract import extract_page
from citecheck.titles.html_page import extract_html
from citecheck.titles.normalize import NUMBER, WORD, normalize_title
from citecheck.titles.page import MAX_TITLE_CHARS, PageInfo, best_title
from citecheck.titles.pdf_page import extract_pdf, is_junk_pdf_title

if TYPE_CHECKING:
    from citecheck.titles.compare import (
        MIN_PART_SHARE,
        MIN_PART_WORDS,
        TYPO_MAX_EDITS,
        TYPO_MAX_SHARE,
        compare_titles,
    )

#: The names this package takes from `titles.compare`, imported at the first one's use.
_FROM_COMPARE = frozenset(
    {"MIN_PART_SHARE", "MIN_PART_WORDS", "TYPO_MAX_EDITS", "TYPO_MAX_SHARE", "compare_titles"}
)


def __getattr__(name: str) -> object:
    """A name of `titles.compare`, imported now (module attributes are looked up here only when
    they are missing: after the first look-up `compare`'s names are in the module)."""
    if name in _FROM_COMPARE:
        from citecheck.titles import compare

        for each in _FROM_COMPARE:
            globals()[each] = getattr(compare, each)
        return getattr(compare, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MATCH_THRESHOLD",
    "MAX_TITLE_CHARS",
    "MIN_PART_SHARE",
    "MIN_PART_WORDS",
    "NUMBER",
    "TYPO_MAX_EDITS",
    "TYPO_MAX_SHARE",
    "WORD",
    "PageInfo",
    "best_title",
    "codec_for",
    "compare_titles",
    "decode_body",
    "extract_html",
    "extract_page",
    "extract_pdf",
    "is_junk_pdf_title",
    "normalize_title",
    "strip_site_affixes",
]
