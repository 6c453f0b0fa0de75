"""What a fetched page says about itself (`PageInfo`) and the choice of its title."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from citecheck.titles.affixes import strip_site_affixes

MAX_TITLE_CHARS = 500
"""A longer "title" is markup gone wrong; candidates are cut to this length."""

INVISIBLE_TAGS = (
    "script",
    "style",
    "noscript",
    "noembed",
    "noframes",
    "template",
    "svg",
    "nav",
    "head",
    "title",
    "iframe",
    "object",
)
"""Elements whose text a reader does not see as an HTML page's content: code, styling,
fallbacks a browser does not show (noscript with scripts on, noembed, noframes), and the
navigation/boilerplate around it (menus would otherwise swamp short soft-404 pages)."""
META_TITLE_KEYS = ("citation_title", "dc.title", "og:title", "twitter:title")
"""The `<meta>` names (or properties) whose content is a title candidate, best first."""


class PageInfo(NamedTuple):
    """What a page says about itself (a named tuple: `candidates, title, text = ...`)."""

    candidates: tuple[str, ...]
    """Every distinct title candidate, best first (citation_title, og:title, <title>, h1)."""
    title: str | None
    """The best candidate with site-name affixes stripped (`best_title`), or None."""
    text: str
    """Visible text, whitespace-normalised (empty for PDFs without text and other media)."""


def best_title(candidates: Sequence[str]) -> str | None:
    """The page's title: the best candidate (the first, candidates are ranked by evidence)
    without its site-name affixes ("… | SWP", "BMVg: …", "… – DW – 12.05.2021").

    This is the one place `page_title` is chosen; the stripping itself is
    `strip_site_affixes`, which compares the candidates with each other. The raw candidates
    stay in `PageInfo.candidates` for matching.
    """
    stripped = strip_site_affixes(list(candidates))
    return stripped[0] if stripped else None


def distinct_candidates(found: Sequence[str]) -> tuple[str, ...]:
    """Raw title candidates (in the order of evidence) as `PageInfo.candidates`: each
    whitespace-collapsed and cut to `MAX_TITLE_CHARS`; empty ones and one equal to an earlier
    one but for case dropped."""
    candidates: list[str] = []
    seen: set[str] = set()
    for raw in found:
        cleaned = collapse_space(raw)[:MAX_TITLE_CHARS]
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            candidates.append(cleaned)
    return tuple(candidates)


def collapse_space(text: str) -> str:
    """Collapse whitespace (including non-breaking spaces) and strip. (`str.split` splits on
    exactly the characters `\\s` matches, and is several times faster on page-sized text.)"""
    return " ".join(text.split())
