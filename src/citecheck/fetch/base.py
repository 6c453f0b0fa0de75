"""The Fetcher protocol: what `check` needs from the network (tests pass fakes, production
`CachedFetcher(HttpFetcher(...))`). `FetchOptions` and `HostOverride` are re-exported from
`citecheck.options`, their home."""

from __future__ import annotations

from typing import Protocol

from citecheck.models import Fetched
from citecheck.options import FetchOptions, HostOverride

__all__ = ["FetchOptions", "Fetcher", "HostOverride"]


class Fetcher(Protocol):
    """Fetches one URL and reports what happened; never raises for a broken link."""

    async def fetch(self, url: str) -> Fetched:
        """Fetch `url` (retries, redirects and caps included) and describe the outcome."""
        ...

    async def aclose(self) -> None:
        """Release connections and files."""
        ...
