"""Worker processes for large runs (`fetch.shard`) and the event loop (`fetch.loop`): the same
results as one process, hosts kept to one process, limits split, uvloop optional."""

from __future__ import annotations

import asyncio
import sys
import time

import pytest

from citecheck.check import CheckOptions, CheckRun
from citecheck.fetch import loop as event_loop
from citecheck.fetch import shard, workers
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
from citecheck.figures import figure_index
from citecheck.models import Fetched, Figure
from citecheck.options import FetchOptions
from citecheck.page_figures import source_text, with_figures
from citecheck.parse import parse_bytes
from citecheck.verify import keep
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
        monkeypatch.setattr(workers.os, "sched_getaffinity", lambda _pid, n=cores: set(range(n)))
        assert worker_count(SHARD_MIN_URLS) == expected
        assert worker_count(SHARD_MIN_URLS - 1) == 1


def test_network_fetcher_is_one_process_for_a_small_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    assert isinstance(network_fetcher(FetchOptions(), None, 40), HttpFetcher)
    monkeypatch.setenv(WORKERS_ENV, "2")
    sharded = network_fetcher(FetchOptions(), None, 40)
    assert isinstance(sharded, ShardedFetcher)
    run(sharded.aclose())  # its worker started when it was built

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
            process = sharded._workers[0]._process
            assert process is not None
            process.kill()
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


def test_a_worker_makes_the_figure_index_of_the_pages_asked_for(servers: LocalServers) -> None:
    wanted = servers.url("b.test", "/page/article.html?shard=figures-wanted")
    plain = servers.url("b.test", "/page/article.html?shard=figures-plain")

    async def go() -> tuple[Fetched, Fetched, int]:
        sharded = ShardedFetcher(
            FetchOptions(allow_private=True),
            servers.resolver(),
            2,
            wants_figures={wanted}.__contains__,
            indexer=with_figures,
        )
        try:
            sharded._shard_of["b.test"] = 1  # the worker's host
            return await sharded.fetch(wanted), await sharded.fetch(plain), sharded._load[1]
        finally:
            await sharded.aclose()

    made, not_asked, load = run(go())
    assert load == 2
    assert made.text_excerpt and made.figures == figure_index(source_text(made))
    assert any(f.text == "27 Prozent" for f in made.figures)
    assert not_asked.figures is None and not_asked.text_excerpt == made.text_excerpt


def test_figures_made_by_workers_give_the_same_report(servers: LocalServers) -> None:
    # One page per footnote (its index made where it is fetched), two pages in one footnote
    # (text kept), a page no figure look-up reads, a figure the page lacks; a.test and b.test
    # go to this process and to a worker, as the load decides.
    lines, notes = [], []
    cited = [
        ("Der Anteil stieg auf 27 Prozent.", ["a.test"]),
        ("Der Anteil stieg auf 27 Prozent.", ["b.test"]),
        ("Der Anteil stieg auf 31 Prozent.", ["c.test"]),
        ("Der Anteil stieg auf 27 Prozent.", ["d.test", "e.test"]),
        ("Das Amt berichtet.", ["www.a.test"]),
    ]
    for number, (sentence, hosts) in enumerate(cited, 1):
        urls = " ".join(servers.url(h, f"/page/article.html?report={number}") for h in hosts)
        lines.append(f"{sentence}[^{number}]")
        notes.append(f"[^{number}]: Lagebericht Wirtschaftssicherheit 2024, {urls}")
    text = "# Antrag\n\n" + "\n\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"
    document = parse_bytes(text.encode(), "antrag.md")
    options = FetchOptions(allow_private=True)
    made_here: list[str] = []

    def counted(fetched: Fetched) -> object:
        made_here.append(fetched.url)
        return figure_index(source_text(fetched))

    async def report(workers: int) -> tuple[list[object], dict[str, int]]:
        checking = CheckRun([document], CheckOptions())
        fetcher = (
            HttpFetcher(options, servers.resolver())
            if workers == 1
            else ShardedFetcher(
                options,
                servers.resolver(),
                workers,
                wants_figures=checking.wants_figures,
                indexer=with_figures,
            )
        )
        try:
            await checking.fetch_all(fetcher)
        finally:
            await fetcher.aclose()
        shards = getattr(fetcher, "_shard_of", {})
        footnotes = checking.report().documents[0].footnotes
        return [
            (f.figures, f.problems, [(k.status, k.page_title) for k in f.links]) for f in footnotes
        ], shards

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keep, "_index", counted)
        one, _ = run(report(1))
        assert len(made_here) == 3  # footnotes 1–3: one page each
        made_here.clear()
        many, shards = run(report(3))
    assert many == one
    assert [figures for figures, _, _ in one][:3] == [
        (Figure("27 Prozent", True),),
        (Figure("27 Prozent", True),),
        (Figure("31 Prozent", False),),
    ]
    here = {h for h, shard in shards.items() if shard == 0}
    assert {u.split("/")[2].split(":")[0] for u in made_here} == here & {
        "a.test",
        "b.test",
        "c.test",
    }


def test_a_worker_fetches_on_while_this_process_is_busy(servers: LocalServers) -> None:
    # Its results wait in the worker's buffer, not its loop on a full pipe: each page here is
    # ~2 MB of text (the body cap), more than a pipe holds, and one request at a time.
    urls = [servers.url("b.test", f"/endless?shard=busy-{i}") for i in range(6)]

    async def go() -> tuple[int, list[Fetched]]:
        options = FetchOptions(allow_private=True, per_host=1)
        sharded = ShardedFetcher(options, servers.resolver(), 2)
        try:
            sharded._shard_of["b.test"] = 1  # the worker's host
            pending = asyncio.gather(*(sharded.fetch(url) for url in urls))
            while not servers.requests_for("shard=busy-"):  # the URLs are sent
                await asyncio.sleep(0.002)
            deadline = time.monotonic() + 20
            while len(servers.requests_for("shard=busy-")) < len(urls):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.1)  # this process busy: its loop reads no result meanwhile
            seen = len(servers.requests_for("shard=busy-"))
            return seen, list(await pending)
        finally:
            await sharded.aclose()

    seen, results = run(go())
    assert seen == len(urls)
    assert all(f.http_status == 200 and len(f.text_excerpt) > 1_000_000 for f in results)


def test_workers_start_when_the_fetcher_is_built(servers: LocalServers) -> None:
    # Built outside any event loop (a caller that builds it before parsing): the worker is
    # already starting; its pipes join the loop that later fetches.
    sharded = ShardedFetcher(FetchOptions(allow_private=True), servers.resolver(), 2)
    process = sharded._workers[0]._process
    assert process is not None and process.poll() is None

    async def go() -> Fetched:
        try:
            sharded._shard_of["b.test"] = 1  # the worker's host
            return await sharded.fetch(servers.url("b.test", "/ok?shard=early"))
        finally:
            await sharded.aclose()

    assert run(go()).http_status == 200
    assert process.poll() is not None  # ended by aclose


def test_a_worker_starts_no_fetch_while_its_parent_lags(
    servers: LocalServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The parent reads nothing: two ~2 MB pages fill the pipe and the worker's buffer past its
    # high-water mark, so a URL sent after them waits in the worker (memory stays bounded).
    async def no_reading(self: shard._Worker, stdout: asyncio.StreamReader) -> None:
        while self._process is not None and self._process.poll() is None:
            await asyncio.sleep(0.05)

    monkeypatch.setattr(shard._Worker, "_read", no_reading)

    async def go() -> int:
        options = FetchOptions(allow_private=True, per_host=1)
        sharded = ShardedFetcher(options, servers.resolver(), 2)
        sharded._shard_of["b.test"] = 1  # the worker's host
        big = [servers.url("b.test", f"/endless?shard=held-{i}") for i in range(2)]
        waiting = [asyncio.ensure_future(sharded.fetch(url)) for url in big]
        try:
            deadline = time.monotonic() + 20
            while len(servers.requests_for("shard=held-")) < 2 and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            await asyncio.sleep(1.0)  # the second page read and buffered
            later = servers.url("b.test", "/ok?shard=held-later")
            waiting.append(asyncio.ensure_future(sharded.fetch(later)))
            await asyncio.sleep(1.0)
            return len(servers.requests_for("shard=held-later"))
        finally:
            for future in waiting:
                future.cancel()
            await sharded.aclose()

    assert run(go()) == 0


def test_an_indexer_that_cannot_travel_leaves_the_index_to_this_process(
    servers: LocalServers,
) -> None:
    url = servers.url("b.test", "/page/article.html?shard=lambda")

    async def go() -> Fetched:
        sharded = ShardedFetcher(
            FetchOptions(allow_private=True),
            servers.resolver(),
            2,
            wants_figures=lambda _url: True,
            indexer=lambda fetched: with_figures(fetched),  # not picklable: not sent
        )
        try:
            sharded._shard_of["b.test"] = 1  # the worker's host
            return await sharded.fetch(url)
        finally:
            await sharded.aclose()

    fetched = run(go())
    assert fetched.http_status == 200 and fetched.text_excerpt and fetched.figures is None
