"""The Fetcher protocol: what `check` needs from the network (tests pass fakes, production
`CachedFetcher(HttpFetcher(...))`); how to fetch is `citecheck.options.FetchOptions`."""

from __future__ import annotations

from typing import Protocol

from citecheck.models import Fetched

__all__ = ["Fetcher"]


class Fetcher(Protocol):
    """Fetches one URL and reports what happened; never raises for a broken link."""

    async def fetch(self, url: str) -> Fetched:
        """Fetch `url` (retries, redirects and caps included) and describe the outcome."""
        ...

    async def aclose(self) -> None:
        """Release connections and files."""
        ...
