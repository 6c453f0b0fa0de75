"""What a run fetches and how it tells its progress: each URL as written planned (its fetchable
form, or why it is skipped) and the event passed to the progress callback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from citecheck.errors import ConfigError
from citecheck.models import Reason
from citecheck.urls import fetchable, is_supported_scheme

__all__ = ["LinkEvent", "OnLink", "Plan", "compile_excludes", "plan_url"]


@dataclass(frozen=True, slots=True)
class LinkEvent:
    """Progress of a run, passed to the `on_link` callback when a URL starts and finishes."""

    url: str
    """The fetchable URL."""
    host: str
    """Its host (for "currently checking …")."""
    done: int
    """URLs finished so far."""
    total: int
    """Distinct URLs to fetch in this run."""
    finished: bool
    """False when the fetch starts, True when it has finished."""


OnLink = Callable[[LinkEvent], None]
"""Progress callback type."""


def compile_excludes(patterns: Sequence[str]) -> list[re.Pattern[str]]:
    """Compile --exclude patterns; a bad one is a configuration error naming it."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise ConfigError(f"invalid --exclude pattern {pattern!r}: {exc}") from exc
    return compiled


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do with one URL as written."""

    key: str
    """The fetchable form: the dedupe key and what the fetcher gets."""
    skip_reason: Reason | None
    """Why it is not fetched (offline, excluded, unsupported_scheme), or None."""


def plan_url(url: str, excludes: Sequence[re.Pattern[str]], *, offline: bool) -> Plan:
    """Decide whether and as what `url` is fetched."""
    key = fetchable(url)
    if not is_supported_scheme(key):
        return Plan(key, Reason.UNSUPPORTED_SCHEME)
    if any(p.search(url) or p.search(key) for p in excludes):
        return Plan(key, Reason.EXCLUDED)
    if offline:
        return Plan(key, Reason.OFFLINE)
    return Plan(key, None)
