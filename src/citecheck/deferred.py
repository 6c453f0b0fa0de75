"""The answer-side steps of a run (classify, verify, archive, link problems), imported at first
use: a check loads them (~100 ms of imports and pattern compilation) once its requests are out,
not before; `import_all` loads them ahead, in a thread while the answers are awaited.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from citecheck.archive import Target
    from citecheck.models import Document, Fetched, Footnote, Link, LinkStatus, Problem, Reason

__all__ = [
    "MODULES",
    "classify",
    "import_all",
    "link_problems",
    "suggested_url",
    "target_of",
    "verify_cited",
]

#: What the steps import (each with what it needs): loaded by `import_all`.
MODULES = (
    "citecheck.classify",
    "citecheck.verify",
    "citecheck.verify.footnote",
    "citecheck.archive",
    "citecheck.archive_lookup",
    "citecheck.link_problems",
)


def import_all() -> None:
    """Import `MODULES` (a second call, or the first use after it, costs nothing)."""
    for name in MODULES:
        importlib.import_module(name)


def classify(fetched: Fetched) -> tuple[LinkStatus, Reason | None]:
    """`classify.classify`."""
    from citecheck.classify import classify as step

    return step(fetched)


def verify_cited(
    footnote: Footnote,
    by_number: dict[int, Footnote],
    body: str | None,
    body_line: Callable[[int], int | None] | None,
    title_threshold: float,
) -> Footnote:
    """`verify.footnote.verify_cited`."""
    from citecheck.verify.footnote import verify_cited as step

    return step(footnote, by_number, body, body_line, title_threshold)


def target_of(footnote: Footnote | None, document: Document) -> Target:
    """`archive.target_of`."""
    from citecheck.archive import target_of as step

    return step(footnote, document)


def suggested_url(link: Link) -> str | None:
    """`verify.suggested_url`."""
    from citecheck.verify import suggested_url as step

    return step(link)


def link_problems(
    links: Sequence[Link], line: int | None, *, in_text: bool = False
) -> Iterator[Problem]:
    """`link_problems.link_problems`."""
    from citecheck.link_problems import link_problems as step

    return step(links, line, in_text=in_text)
