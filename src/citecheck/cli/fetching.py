"""The fetch phase of a command-line run: the fetcher (cache, demo, resolver seam), the progress
bar, and SIGINT/SIGTERM turned into a partial report. httpx and rich are imported lazily.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from citecheck.errors import ConfigError

if TYPE_CHECKING:
    from citecheck.check import CheckRun, OnLink
    from citecheck.cli.ahead import Ahead
    from citecheck.cli.signals import Stopper
    from citecheck.fetch.base import Fetcher
    from citecheck.fetch.resolve import Resolver
    from citecheck.models import Document, Fetched
    from citecheck.options import FetchOptions

__all__ = ["RESOLVE_ENV", "build_fetcher", "fetch", "parse_resolve_table"]

RESOLVE_ENV = "CITECHECK_RESOLVE"
"""Environment variable of the resolver test seam (see `resolver_from_env`)."""


def parse_resolve_table(text: str) -> dict[str, str]:
    """The `CITECHECK_RESOLVE` table: "name=address,name=address". Raises `ConfigError`."""
    table: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, address = item.partition("=")
        if not sep or not name.strip() or not address.strip():
            raise ConfigError(f"{RESOLVE_ENV}: expected name=address, got {item!r}")
        table[name.strip()] = address.strip()
    return table


def resolver_from_env() -> Resolver | None:
    """The test/debug seam: `CITECHECK_RESOLVE="name=127.0.0.2,other=127.0.0.3"` makes the
    fetcher resolve host names through that fixed table only (any other name does not exist),
    so the test suite sends no DNS query. None: the system resolver."""
    text = os.environ.get(RESOLVE_ENV)
    if text is None:
        return None
    from citecheck.fetch.resolve import StaticResolver

    return StaticResolver(parse_resolve_table(text))


def build_fetcher(
    options: FetchOptions,
    *,
    demo: bool,
    cache: bool,
    cache_dir: Path | None,
    max_age: float,
    distinct: int = 0,
    wants_figures: Callable[[str], bool] | None = None,
) -> Fetcher:
    """The demo's fetcher, or the network's (`fetch.shard.network_fetcher`: worker processes
    when the run's `distinct` URLs are many) wrapped in the on-disk cache unless `cache` is
    False; behind the cache, the network's is built at the first URL the cache cannot answer
    (`_BuiltOnFirstUse`: a run the cache answers whole never imports the HTTP stack). Results
    of `--allow-private` runs are cached apart from the others."""
    if demo:
        from citecheck.demo import DemoFetcher

        return DemoFetcher(options)
    resolver = resolver_from_env()  # here: a malformed table is a usage error, not a link's
    if not cache:
        return _network_fetcher(options, resolver, distinct, wants_figures)
    from citecheck.fetch.cache import CachedFetcher, default_cache_path

    path = cache_dir / default_cache_path().name if cache_dir is not None else None
    namespace = "allow-private:" if options.allow_private else ""
    make = functools.partial(_network_fetcher, options, resolver, distinct, wants_figures)
    network = _BuiltOnFirstUse(make)
    return CachedFetcher(network, path, max_age, namespace=namespace)


def _network_fetcher(
    options: FetchOptions,
    resolver: Resolver | None,
    distinct: int,
    wants_figures: Callable[[str], bool] | None = None,
) -> Fetcher:
    """`fetch.shard.network_fetcher`, imported (with httpx) only now; its workers, if any,
    make the figure index of the pages `wants_figures` names (`page_figures.with_figures`).
    It takes the workers started ahead (`fetch.workers.start_ahead`); the rest end now."""
    from citecheck.fetch import workers
    from citecheck.fetch.shard import network_fetcher  # workers: large runs

    try:
        if wants_figures is None or workers.worker_count(distinct) <= 1:  # one motion: no more
            return network_fetcher(options, resolver, distinct)
        from citecheck.page_figures import with_figures

        return network_fetcher(options, resolver, distinct, wants_figures, with_figures)
    finally:
        workers.discard()  # those started ahead that the fetcher did not take


class _BuiltOnFirstUse:
    """A fetcher built by `make` at its first `fetch`; implements `Fetcher`."""

    def __init__(self, make: Callable[[], Fetcher]) -> None:
        self._make = make
        self._built: Fetcher | None = None

    async def fetch(self, url: str) -> Fetched:
        """Fetch `url` with the fetcher, built now if this is the first URL."""
        if self._built is None:
            self._built = self._make()
        return await self._built.fetch(url)

    async def aclose(self) -> None:
        """Close the fetcher if it was built."""
        if self._built is not None:
            await self._built.aclose()


async def _fetch_interruptibly(
    run: CheckRun,
    make_fetcher: Callable[..., Fetcher],
    on_link: OnLink | None,
    stopper: Stopper,
    more: Iterable[Document],
    expected: int,
) -> int | None:
    """Run the fetches (reading the documents `more` meanwhile: `CheckRun.fetch_all`) with a
    fetcher built first, for `expected` distinct URLs; the first SIGINT/SIGTERM cancels them
    (`Stopper.cancels`). Returns the signal number, or None."""
    import asyncio

    loop = asyncio.get_running_loop()
    fetcher = make_fetcher(distinct=expected, wants_figures=run.wants_figures)
    task = asyncio.ensure_future(run.fetch_all(fetcher, on_link, more))

    def stop() -> None:
        run.stop_reading()  # at once: a document being read keeps the loop from the cancel
        loop.call_soon_threadsafe(task.cancel)

    try:
        with stopper.cancels(stop):
            await task
    except asyncio.CancelledError:
        if stopper.signum is None:
            raise
    finally:
        await fetcher.aclose()
    return stopper.signum


def fetch(
    run: CheckRun,
    make_fetcher: Callable[..., Fetcher],
    *,
    progress: bool,
    stopper: Stopper,
    ahead: Ahead | None = None,
    more: Iterable[Document] = (),
    expected: int | None = None,
) -> int | None:
    """Fetch every URL of `run`, with a progress bar on stderr if `progress` (its total grows
    as the documents `more` are read); `ahead` starts its work when the first link is done.
    `expected`: the distinct URLs the run is expected to fetch (default: those planned), for
    the fetcher and the event loop.

    Returns the number of the signal that stopped the fetches (SIGINT, SIGTERM; `stopper`
    handles them), or None when all were done; the run keeps what finished, so its report is
    partial but true.
    """
    from citecheck.fetch.loop import run as run_loop  # uvloop for large runs

    distinct = run.total if expected is None else expected
    if not progress:
        on_link = ahead.on_link(None) if ahead is not None else None
        return run_loop(
            _fetch_interruptibly(run, make_fetcher, on_link, stopper, more, distinct),
            distinct=distinct,
        )
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from citecheck.check import LinkEvent

    with Progress(
        TextColumn("[bold]checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", style="dim"),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task_id = bar.add_task("", total=run.total)

        def on_link(event: LinkEvent) -> None:
            bar.update(task_id, completed=event.done, total=event.total, description=event.host)

        callback = ahead.on_link(on_link) if ahead is not None else on_link
        return run_loop(
            _fetch_interruptibly(run, make_fetcher, callback, stopper, more, distinct),
            distinct=distinct,
        )
