"""Worker processes for large runs (`fetch.shard`) and the event loop (`fetch.loop`): the same
results as one process, hosts kept to one process, limits split, uvloop optional."""

from __future__ import annotations

import asyncio
import sys

import pytest

from citecheck.fetch import loop as event_loop
from citecheck.fetch import shard
from citecheck.fetch.http import HttpFetcher
from citecheck.fetch.shard import (
    MAX_WORKERS,
    SHARD_MIN_URLS,
    WORKERS_ENV,
    ShardedFetcher,
    network_fetcher,
    split_limit,
    worker_count,
)
from citecheck.models import Fetched
from citecheck.options import FetchOptions
from server import LocalServers, run


def test_split_limit_keeps_the_total_and_gives_each_process_one() -> None:
    assert split_limit(128, 2) == [64, 64]
    assert split_limit(7, 3) == [3, 2, 2]
    assert split_limit(1, 3) == [1, 1, 1]


def test_worker_count_by_size_and_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    assert worker_count(40) == 1  # one motion: one process
    assert worker_count(SHARD_MIN_URLS) >= 1
    monkeypatch.setenv(WORKERS_ENV, "3")
    assert worker_count(5) == 3
    monkeypatch.setenv(WORKERS_ENV, "1")
    assert worker_count(10 * SHARD_MIN_URLS) == 1
    monkeypatch.setenv(WORKERS_ENV, "many")
    assert worker_count(10 * SHARD_MIN_URLS) == 1


def test_worker_count_is_one_per_core_up_to_the_most(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    for cores, expected in ((1, 1), (2, 2), (3, 3), (16, MAX_WORKERS)):
        monkeypatch.setattr(shard.os, "sched_getaffinity", lambda _pid, n=cores: set(range(n)))
        assert worker_count(SHARD_MIN_URLS) == expected
        assert worker_count(SHARD_MIN_URLS - 1) == 1


def test_network_fetcher_is_one_process_for_a_small_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    assert isinstance(network_fetcher(FetchOptions(), None, 40), HttpFetcher)
    monkeypatch.setenv(WORKERS_ENV, "2")
    assert isinstance(network_fetcher(FetchOptions(), None, 40), ShardedFetcher)

    class Local:  # a resolver that cannot go to another process keeps the run in this one
        async def resolve(self, host: str) -> list[str]:
            return ["127.0.0.2"]

    assert isinstance(network_fetcher(FetchOptions(), Local(), 40), HttpFetcher)


def _urls(servers: LocalServers, group: str) -> list[str]:
    hosts = ("a.test", "b.test", "c.test", "d.test")
    urls = [
        servers.url(h, f"/slow?delay=0.2&group={group}-{h}&n={i}") for h in hosts for i in range(4)
    ]
    return [*urls, servers.url("a.test", "/status/404"), servers.url("c.test", "/chain/2")]


def _comparable(fetched: Fetched) -> tuple[object, ...]:
    """A result without its timing and its URLs' group tag."""
    return (
        fetched.url.split("group=")[0],
        fetched.http_status,
        tuple(hop.status for hop in fetched.redirects),
        fetched.content_type,
        fetched.page_title,
        fetched.title_candidates,
        fetched.text_excerpt,
        fetched.error_kind,
    )


def test_sharded_results_equal_one_process(servers: LocalServers) -> None:
    # Workers resolve through a copy of this process's resolver: the test names only.
    options = FetchOptions(allow_private=True, per_host=2, max_concurrency=8)

    async def both() -> tuple[list[Fetched], list[Fetched]]:
        urls = _urls(servers, "shard-one")
        async with HttpFetcher(options, servers.resolver()) as single:
            alone = await asyncio.gather(*(single.fetch(u) for u in urls))
        sharded = ShardedFetcher(options, servers.resolver(), 3)
        try:
            urls = _urls(servers, "shard-many")
            together = await asyncio.gather(*(sharded.fetch(u) for u in urls))
        finally:
            await sharded.aclose()
        return list(alone), list(together)

    alone, together = run(both())
    assert [_comparable(f) for f in together] == [_comparable(f) for f in alone]
    for host in ("a.test", "b.test", "c.test", "d.test"):
        # a host belongs to one process, so its limit holds as in one process
        assert servers.max_in_flight(f"group:shard-many-{host}") == 2


def test_the_urls_of_a_dead_worker_are_fetched_here(servers: LocalServers) -> None:
    async def go() -> Fetched:
        sharded = ShardedFetcher(FetchOptions(allow_private=True), servers.resolver(), 2)
        try:
            await sharded.fetch(servers.url("a.test", "/ok?shard=dead-a"))  # this process
            pending = asyncio.ensure_future(
                sharded.fetch(servers.url("b.test", "/slow?delay=2&shard=gone"))
            )
            await asyncio.sleep(0.5)
            worker = sharded._workers[0]
            assert worker is not None
            (await worker._started).kill()
            return await pending
        finally:
            await sharded.aclose()

    fetched = run(go())
    assert (fetched.http_status, fetched.error_kind) == (200, None)
    assert 1 <= len(servers.requests_for("shard=gone")) <= 2  # (the worker's and) this one


def test_a_worker_that_cannot_start_leaves_its_urls_here(
    servers: LocalServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")

    async def go() -> list[Fetched]:
        sharded = ShardedFetcher(FetchOptions(allow_private=True), servers.resolver(), 2)
        try:
            urls = [servers.url(h, "/ok?shard=nostart") for h in ("a.test", "b.test")]
            return list(await asyncio.gather(*(sharded.fetch(u) for u in urls)))
        finally:
            await sharded.aclose()

    assert [f.http_status for f in run(go())] == [200, 200]


def test_uvloop_for_large_runs_and_asyncio_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(event_loop.LOOP_ENV, raising=False)
    uvloop = pytest.importorskip("uvloop")
    large, small = event_loop.FAST_LOOP_MIN_URLS, 40
    assert event_loop.loop_factory(large) is uvloop.new_event_loop
    assert event_loop.run(_loop_name(), distinct=large) == "uvloop"
    assert event_loop.loop_factory(small) is None  # one motion: not worth the import
    assert event_loop.run(_loop_name(), distinct=small) == "asyncio"
    monkeypatch.setenv(event_loop.LOOP_ENV, "uvloop")
    assert event_loop.run(_loop_name(), distinct=small) == "uvloop"
    monkeypatch.setenv(event_loop.LOOP_ENV, "asyncio")
    assert event_loop.loop_factory(large) is None
    assert event_loop.run(_loop_name(), distinct=large) == "asyncio"


def test_asyncio_when_uvloop_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(event_loop.LOOP_ENV, "uvloop")
    monkeypatch.setitem(sys.modules, "uvloop", None)  # import uvloop → ImportError
    assert event_loop.loop_factory() is None
    assert event_loop.run(_loop_name()) == "asyncio"


async def _loop_name() -> str:
    return type(asyncio.get_running_loop()).__module__.split(".")[0]


def test_the_fetch_layer_loads_neither_trio_nor_uvloop() -> None:
    # Start-up pays only for what a run uses: httpcore would load trio (when installed) for a
    # loop citecheck never runs on, and uvloop is imported only once a large run starts.
    import json
    import subprocess

    code = (
        "import json, sys\n"
        "import citecheck.fetch.shard, citecheck.fetch.http, citecheck.fetch.loop\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'trio', 'uvloop'})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == []
