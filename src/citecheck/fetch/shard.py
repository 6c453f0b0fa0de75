"""Both cores for large runs: the distinct URLs sharded by host over worker processes, each
with its own `HttpFetcher`; results come back as pickled `Fetched`. Small runs use one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import signal
import struct
import sys
from dataclasses import replace
from pathlib import Path

from citecheck.fetch.base import Fetcher
from citecheck.fetch.http import HttpFetcher
from citecheck.fetch.resolve import Resolver
from citecheck.models import ErrorKind, Fetched
from citecheck.options import FetchOptions
from citecheck.urls import host_of

logger = logging.getLogger(__name__)

WORKERS_ENV = "CITECHECK_WORKERS"
"""Processes that fetch: unset or "auto" decides by the run's size (`worker_count`); a number
forces that many (1: one process), whatever the size (tests use it)."""

SHARD_MIN_URLS = 1000
"""Distinct URLs from which a run is CPU-bound enough to pay for a second interpreter (one
motion's 40 URLs never are; a session's 1,400 are)."""

MAX_WORKERS = 4
"""Most processes `worker_count` chooses by itself (each adds an interpreter, ~25 MB)."""

_LENGTH = struct.Struct(">I")


def worker_count(distinct: int) -> int:
    """Processes to fetch `distinct` URLs with: `CITECHECK_WORKERS` if it is a number, else
    one per usable core (at most `MAX_WORKERS`) once the run has `SHARD_MIN_URLS`, else one.
    Measured on this project's 2-core machine once a page cost ~1 ms of CPU (docs/engine.md):
    two processes beat one (session 2.3 vs 3.0 s, bulk 7.3 vs 9.1 s) when the cores are free;
    on two cores that other jobs keep busy they lose (`CITECHECK_WORKERS=1` then)."""
    asked = os.environ.get(WORKERS_ENV, "auto").strip().lower()
    if asked not in ("", "auto"):
        try:
            return max(1, int(asked))
        except ValueError:
            logger.warning("%s=%r is not a number; using one process", WORKERS_ENV, asked)
            return 1
    if distinct < SHARD_MIN_URLS or os.name != "posix":  # workers talk over POSIX pipes
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(MAX_WORKERS, cores or 1))


def network_fetcher(options: FetchOptions, resolver: Resolver | None, distinct: int) -> Fetcher:
    """The fetcher for a run of `distinct` URLs: `HttpFetcher`, or `ShardedFetcher` when
    `worker_count` says more than one process. Workers get a copy of `resolver` (None: the
    system's); one that cannot be copied to another process keeps the run in this one."""
    workers = worker_count(distinct)
    if workers > 1:
        try:
            pickle.dumps(resolver)
        except (pickle.PicklingError, TypeError, AttributeError):
            workers = 1
    if workers <= 1:
        return HttpFetcher(options, resolver=resolver)
    return ShardedFetcher(options, resolver, workers)


def split_limit(total: int, parts: int) -> list[int]:
    """`total` requests in flight split over `parts` processes (each at least one)."""
    return [max(1, total // parts + (1 if i < total % parts else 0)) for i in range(parts)]


class ShardedFetcher:
    """Fetches in this process and `workers - 1` worker processes; implements `Fetcher`.

    A host belongs to exactly one process (the least loaded one when the host is first seen),
    so the per-host limit holds as in one process; the global limit is split between them
    (`split_limit`). A redirect to another host is followed by the process that fetched the
    chain's first URL. Workers start on first use, ignore SIGINT (Ctrl-C reaches the whole
    process group; this process decides) and are ended by `aclose`. The URLs of a worker that
    cannot start or dies are fetched in this process instead.
    """

    def __init__(self, options: FetchOptions, resolver: Resolver | None, workers: int) -> None:
        limits = split_limit(options.max_concurrency, workers)
        self._options = [replace(options, max_concurrency=limit) for limit in limits]
        self._local = HttpFetcher(self._options[0], resolver=resolver)
        self._resolver = resolver
        self._workers: list[_Worker | None] = [None] * (workers - 1)
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
        worker = self._workers[shard - 1]
        if worker is None:
            worker = self._workers[shard - 1] = _Worker(self._options[shard], self._resolver)
        try:
            return await worker.fetch(url)
        except _WorkerGone as exc:  # a run must not lose URLs to a lost process
            logger.warning("fetching %s here: %s", url, exc)
            return await self._local.fetch(url)

    async def aclose(self) -> None:
        """End the workers and close this process's connections."""
        workers, self._workers = [w for w in self._workers if w is not None], []
        await asyncio.gather(*(worker.aclose() for worker in workers))
        await self._local.aclose()


class _WorkerGone(Exception):
    """The worker process could not start or has ended."""


class _Worker:
    """One worker process: URLs go down its stdin, (url, Fetched) frames come up its stdout."""

    def __init__(self, options: FetchOptions, resolver: Resolver | None) -> None:
        self._setup = pickle.dumps((options, resolver))
        self._pending: dict[str, asyncio.Future[Fetched]] = {}
        self._started: asyncio.Task[asyncio.subprocess.Process] = asyncio.ensure_future(
            self._start()
        )
        self._reader: asyncio.Task[None] | None = None

    async def _start(self) -> asyncio.subprocess.Process:
        """Spawn the worker and send it its options and resolver."""
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (package_root, path)))}
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "from citecheck.fetch.shard import worker_main; worker_main()",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=env,
        )
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(_frame(self._setup))
        self._reader = asyncio.ensure_future(self._read(process.stdout))
        return process

    async def fetch(self, url: str) -> Fetched:
        """Send `url` to the worker and wait for its `Fetched`."""
        future = self._pending.get(url)
        if future is None:
            future = self._pending[url] = asyncio.get_running_loop().create_future()
            # Retrieved even when every waiter was cancelled (an interrupted run): no warning.
            future.add_done_callback(lambda done: done.cancelled() or done.exception())
            try:
                process = await self._started
            except (OSError, ValueError) as exc:
                future.set_exception(_WorkerGone(f"the fetch worker did not start: {exc!r}"))
            else:
                assert process.stdin is not None
                process.stdin.write(_frame(url.encode("utf-8", "surrogatepass")))
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
        for future in self._pending.values():
            if not future.done():
                future.set_exception(_WorkerGone("the fetch worker process ended"))
        self._pending.clear()

    async def aclose(self) -> None:
        """End the worker (in-flight URLs are abandoned: the run is over or interrupted)."""
        try:
            process = await self._started
        except (OSError, ValueError):
            return  # never started
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        if self._reader is not None:
            await self._reader


def _frame(payload: bytes) -> bytes:
    """A length-prefixed frame."""
    return _LENGTH.pack(len(payload)) + payload


def worker_main() -> None:
    """A worker process: read options and resolver, then URLs, from stdin; write (url, Fetched)
    frames to stdout until stdin ends. SIGINT is the parent's business and ignored here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from citecheck.fetch.loop import run

    run(_serve(), distinct=SHARD_MIN_URLS)  # a worker serves a large run


async def _serve() -> None:
    """The worker's loop: one task per URL, results written as they finish."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    out = sys.stdout.buffer

    async def frame() -> bytes:
        size = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))[0]
        return await reader.readexactly(size)

    setup: tuple[FetchOptions, Resolver | None] = pickle.loads(await frame())
    tasks: set[asyncio.Task[None]] = set()
    async with HttpFetcher(*setup) as fetcher:

        async def one(url: str) -> None:
            try:
                fetched = await fetcher.fetch(url)
            except Exception:  # as `check` records a fetcher that broke its promise
                logger.exception("fetcher raised for %s", url)
                fetched = Fetched(url=url, error_kind=ErrorKind.INTERNAL)
            out.write(_frame(pickle.dumps((url, fetched), pickle.HIGHEST_PROTOCOL)))
            out.flush()

        with contextlib.suppress(asyncio.IncompleteReadError):
            while True:
                url = (await frame()).decode("utf-8", "surrogatepass")
                task = asyncio.ensure_future(one(url))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.gather(*tasks)
