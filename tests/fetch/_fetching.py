"""Helpers of the fetch tests: one URL or many through a fresh `HttpFetcher` that resolves
only the test names, and the verdict `classify` gives a result."""

from __future__ import annotations

import asyncio
from typing import Any

from citecheck.classify import classify
from citecheck.fetch.http import HttpFetcher
from citecheck.models import Fetched, LinkStatus, Reason
from citecheck.options import FetchOptions
from server import LocalServers, run


def fetch_one(servers: LocalServers, options: FetchOptions, url: str, **kwargs: Any) -> Fetched:
    """Fetch one URL with a fresh fetcher."""

    async def go() -> Fetched:
        async with HttpFetcher(options, servers.resolver(), **kwargs) as fetcher:
            return await fetcher.fetch(url)

    return run(go())


def fetch_all(servers: LocalServers, options: FetchOptions, urls: list[str]) -> list[Fetched]:
    """Fetch URLs concurrently with one fetcher."""

    async def go() -> list[Fetched]:
        async with HttpFetcher(options, servers.resolver()) as fetcher:
            return list(await asyncio.gather(*(fetcher.fetch(u) for u in urls)))

    return run(go())


def verdict(fetched: Fetched) -> tuple[LinkStatus, Reason | None]:
    """Status and reason of a fetch result (so each pair is exercised end to end)."""
    return classify(fetched)
