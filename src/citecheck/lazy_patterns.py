"""Regular expressions compiled at their first use: a pattern that a run may not need before
its first request, or at all (a rare footnote form), costs nothing at start-up, where each
compile costs 0.1–1 ms and a Markdown motion's parse needs only a third of them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

__all__ = ["lazy_pattern"]


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function that returns `re.compile(pattern, flags)`, compiled at its first call (later
    calls return the same object, at the cost of a cached call)."""

    @functools.cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled
