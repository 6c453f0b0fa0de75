"""Both cores for large runs: the distinct URLs sharded by host over worker processes, each
with its own `HttpFetcher`; results come back as pickled `Fetched`. Small runs use one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import pickle
import struct
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace

from citecheck.fetch import workers as ahead
from citecheck.fetch.base import Fetcher
from citecheck.fetch.http import HttpFetcher
from citecheck.fetch.resolve import Resolver
from citecheck.fetch.workers import MAX_WORKERS as MAX_WORKERS
from citecheck.fetch.workers import SHARD_MIN_URLS as SHARD_MIN_URLS
from citecheck.fetch.workers import WORKERS_ENV as WORKERS_ENV
from citecheck.fetch.workers import worker_count as worker_count
from citecheck.models import ErrorKind, Fetched
from citecheck.options import FetchOptions
from citecheck.urls import host_of

logger = logging.getLogger(__name__)

WantsFigures = Callable[[str], bool]
"""Whether the page of a URL (as the caller fetches it) needs its figure index."""

Indexer = Callable[[Fetched], Fetched]
"""A page with its figure index added (the run's `page_figures.with_figures`): a module-level
function, because it travels to the workers by name (fetching judges nothing itself)."""

_LENGTH = struct.Struct(">I")
_BUFFERED = 2 << 20
"""Results a worker holds for a busy parent (beyond the pipe's `_PIPE_SIZE`) before it
starts no further fetch: ~200 pages of the benchmark's size."""


def network_fetcher(
    options: FetchOptions,
    resolver: Resolver | None,
    distinct: int,
    wants_figures: WantsFigures | None = None,
    indexer: Indexer | None = None,
) -> Fetcher:
    """The fetcher for a run of `distinct` URLs: `HttpFetcher`, or `ShardedFetcher` when
    `worker_count` says more than one process. Workers get a copy of `resolver` (None: the
    system's); one that cannot be copied to another process keeps the run in this one.
    `wants_figures` names the URLs whose page a worker gives to `indexer` (one process: the
    caller makes the figure index itself, as `verify.TextUse.kept` does)."""
    workers = worker_count(distinct)
    if workers > 1 and not _picklable(resolver):
        workers = 1
    if workers <= 1:
        return HttpFetcher(options, resolver=resolver)
    return ShardedFetcher(options, resolver, workers, wants_figures=wants_figures, indexer=indexer)


def _picklable(value: object) -> bool:
    """Whether `value` can go to a worker process."""
    try:
        pickle.dumps(value)
    except (pickle.PicklingError, TypeError, AttributeError):
        return False
    return True


def split_limit(total: int, parts: int) -> list[int]:
    """`total` requests in flight split over `parts` processes (each at least one)."""
    return [max(1, total // parts + (1 if i < total % parts else 0)) for i in range(parts)]


class ShardedFetcher:
    """Fetches in this process and `workers - 1` worker processes; implements `Fetcher`.

    A host belongs to exactly one process (the least loaded one when the host is first seen),
    so the per-host limit holds as in one process; the global limit is split between them
    (`split_limit`). This process takes an equal share although it also judges every page:
    with the figure index made where a page is fetched, the processes then finish their pages
    together (`benchmarks/shard_balance.py`). A redirect to another host is followed by the
    process that fetched the chain's first URL. Workers start when the fetcher is built (their
    start-up overlaps whatever the caller does before its first URL), ignore SIGINT (Ctrl-C
    reaches the whole process group; this process decides) and are ended by `aclose`. A page
    a worker fetches for a URL `wants_figures` names comes through `indexer` (with its figure
    index, `Fetched.figures`, text kept). The URLs of a worker that cannot start or dies are
    fetched here instead.
    """

    def __init__(
        self,
        options: FetchOptions,
        resolver: Resolver | None,
        workers: int,
        *,
        wants_figures: WantsFigures | None = None,
        indexer: Indexer | None = None,
    ) -> None:
        limits = split_limit(options.max_concurrency, workers)
        self._options = [replace(options, max_concurrency=limit) for limit in limits]
        self._local = HttpFetcher(self._options[0], resolver=resolver)
        if not _picklable(indexer):  # a lambda, say: the pages get their index here
            indexer = None
        self._wants_figures = wants_figures if indexer is not None else None
        self._workers = [_Worker(o, resolver, indexer) for o in self._options[1:]]
        self._shard_of: dict[str, int] = {}
        self._load = [0] * workers

    def _shard(self, url: str) -> int:
        """The process fetching `url`'s host (chosen at the host's first URL)."""
        host = host_of(url).lower()
        shard = self._shard_of.get(host)
        if shard is None:
            shard = self._shard_of[host] = self._load.index(min(self._load))
        self._load[shard] += 1
        return shard

    async def fetch(self, url: str) -> Fetched:
        """Fetch `url` in the process its host belongs to."""
        shard = self._shard(url)
        if shard == 0:
            return await self._local.fetch(url)
        figures = self._wants_figures is not None and self._wants_figures(url)
        try:
            return await self._workers[shard - 1].fetch(url, figures=figures)
        except _WorkerGone as exc:  # a run must not lose URLs to a lost process
            logger.warning("fetching %s here: %s", url, exc)
            return await self._local.fetch(url)

    async def aclose(self) -> None:
        """End the workers and close this process's connections."""
        workers, self._workers = self._workers, []
        await asyncio.gather(*(worker.aclose() for worker in workers))
        await self._local.aclose()


class _WorkerGone(Exception):
    """The worker process could not start or has ended."""


class _Worker:
    """One worker process: (flag, URL) frames go down its stdin, (url, Fetched) frames come
    up its stdout. The process is one started ahead (`fetch.workers.start_ahead`) or starts
    at once (no event loop needed); its pipes join the running loop at the first URL."""

    def __init__(
        self, options: FetchOptions, resolver: Resolver | None, indexer: Indexer | None = None
    ) -> None:
        self._pending: dict[str, asyncio.Future[Fetched]] = {}
        self._writer: asyncio.WriteTransport | None = None
        self._results: asyncio.ReadTransport | None = None
        self._attached: asyncio.Task[None] | None = None
        self._reader: asyncio.Task[None] | None = None
        self._gone: str | None = None
        self._process: subprocess.Popen[bytes] | None = None
        try:
            self._process = ahead.take() or ahead.spawn()  # one started ahead if any
            assert self._process.stdin is not None
            self._process.stdin.write(_frame(pickle.dumps((options, resolver, indexer))))
            self._process.stdin.flush()
        except (OSError, ValueError) as exc:
            self._gone = f"the fetch worker did not start: {exc!r}"

    async def _attach(self) -> None:
        """Join the worker's pipes to the running loop (once)."""
        assert self._process is not None and self._process.stdout is not None
        loop = asyncio.get_running_loop()
        self._writer, _ = await loop.connect_write_pipe(asyncio.Protocol, self._process.stdin)
        stdout = asyncio.StreamReader()
        self._results, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(stdout), self._process.stdout
        )
        self._reader = asyncio.ensure_future(self._read(stdout))

    async def fetch(self, url: str, *, figures: bool = False) -> Fetched:
        """Send `url` to the worker (`figures`: its page through the indexer) and wait for
        its `Fetched`."""
        future = self._pending.get(url)
        if future is None:
            if self._gone is not None:
                raise _WorkerGone(self._gone)
            future = self._pending[url] = asyncio.get_running_loop().create_future()
            # Retrieved even when every waiter was cancelled (an interrupted run): no warning.
            future.add_done_callback(lambda done: done.cancelled() or done.exception())
            if self._attached is None:
                self._attached = asyncio.ensure_future(self._attach())
            try:
                await self._attached
            except (OSError, ValueError) as exc:
                future.set_exception(_WorkerGone(f"the fetch worker is unreachable: {exc!r}"))
                return await future
            assert self._writer is not None
            flag = _FIGURES if figures else _PLAIN
            self._writer.write(_frame(flag + url.encode("utf-8", "surrogatepass")))
        return await asyncio.shield(future)

    async def _read(self, stdout: asyncio.StreamReader) -> None:
        """Resolve pending URLs as their results arrive; fail the rest when the worker ends."""
        try:
            while True:
                size = _LENGTH.unpack(await stdout.readexactly(_LENGTH.size))[0]
                url, fetched = pickle.loads(await stdout.readexactly(size))
                future = self._pending.pop(url, None)
                if future is not None and not future.done():
                    future.set_result(fetched)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        self._gone = "the fetch worker process ended"
        for future in self._pending.values():
            if not future.done():
                future.set_exception(_WorkerGone(self._gone))
        self._pending.clear()

    async def aclose(self) -> None:
        """End the worker (in-flight URLs are abandoned: the run is over or interrupted)."""
        self._gone = self._gone or "the fetch worker was closed"
        if self._process is None:
            return  # never started
        if self._attached is not None:
            with contextlib.suppress(OSError, ValueError):
                await self._attached  # joined (or failed to) before it is undone
        with contextlib.suppress(ProcessLookupError):
            self._process.kill()
        self._process.wait()  # at once: it was killed
        for transport in (self._writer, self._results):
            if transport is not None:
                transport.close()
        if self._reader is not None:
            await self._reader
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                pipe.close()


_PLAIN = b"\x00"
_FIGURES = b"\x01"
"""The first byte of a URL frame: whether the page goes through the worker's indexer."""


def _frame(payload: bytes) -> bytes:
    """A length-prefixed frame."""
    return _LENGTH.pack(len(payload)) + payload


def worker_main() -> None:
    """A worker process: read options and resolver, then URLs, from stdin; write (url, Fetched)
    frames to stdout until stdin ends. SIGINT is the parent's business: the interpreter's
    command (`fetch.workers.spawn`) ignores it before any import."""
    from citecheck.fetch.loop import run

    run(_serve(), distinct=SHARD_MIN_URLS)  # a worker serves a large run


async def _serve() -> None:
    """The worker's loop: one task per URL, results written as they finish."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    # Written without blocking: a result waits in this process's buffer, not the loop on the
    # pipe, while the parent is busy (a blocking write stalled every fetch of the worker).
    out, sent = await loop.connect_write_pipe(_Sent, sys.stdout.buffer)
    out.set_write_buffer_limits(high=_BUFFERED)

    async def frame() -> bytes:
        size = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))[0]
        return await reader.readexactly(size)

    try:  # started ahead, a worker may be ended unused: then before its options
        first = await frame()
    except asyncio.IncompleteReadError:
        return
    # The indexer arrives by name: unpickling it imports its module, before the first URL.
    options, resolver, index = pickle.loads(first)
    tasks: set[asyncio.Task[None]] = set()
    async with HttpFetcher(options, resolver=resolver) as fetcher:
        _warm_up(fetcher)

        async def one(url: str, figures: bool) -> None:
            await sent.room()  # no new page while the parent lags: memory stays bounded
            try:
                fetched = await fetcher.fetch(url)
                if figures and index is not None:
                    fetched = index(fetched)
                payload = pickle.dumps((url, fetched), pickle.HIGHEST_PROTOCOL)
            except Exception:  # as `check` records a fetcher that broke its promise
                logger.exception("fetcher raised for %s", url)
                broken = Fetched(url=url, error_kind=ErrorKind.INTERNAL)
                payload = pickle.dumps((url, broken), pickle.HIGHEST_PROTOCOL)
            out.write(_frame(payload))  # every URL is answered: the parent waits for it

        with contextlib.suppress(asyncio.IncompleteReadError):
            while True:
                data = await frame()
                url = data[1:].decode("utf-8", "surrogatepass")
                task = asyncio.ensure_future(one(url, data[:1] == _FIGURES))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.gather(*tasks)
    out.close()  # after what is buffered is written
    await sent.closed


class _Sent(asyncio.Protocol):
    """The worker's end of its results pipe: `room` while the results not yet written stay
    under the transport's high-water mark, `closed` once the pipe is."""

    def __init__(self) -> None:
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._room = asyncio.Event()
        self._room.set()

    def pause_writing(self) -> None:
        self._room.clear()

    def resume_writing(self) -> None:
        self._room.set()

    async def room(self) -> None:
        """Until the parent has read enough of what is buffered."""
        await self._room.wait()

    def connection_lost(self, exc: Exception | None) -> None:
        self._room.set()
        if not self.closed.done():
            self.closed.set_result(None)


def _warm_up(fetcher: HttpFetcher) -> None:
    """Before the first URL: build the HTTP client (its TLS context) and load the page reader,
    which a one-process run leaves to its first page; a worker starts while its parent parses,
    so its first answer then costs one fetch (`benchmarks/worker_start.py`: 52 → 3–7 ms)."""
    fetcher._client  # noqa: B018  (a property that builds the client once)
    import citecheck.titles.html_page  # noqa: F401  (`fetch.body.extract` imports it at a first page)
