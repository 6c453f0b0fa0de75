"""CachedFetcher (fetch/cache.py): what is stored (`Fetched.is_definitive`), freshness,
concurrent runs, corrupt files, and one pass through a real HttpFetcher against the local
server. The inner fetcher is the shared `FakeFetcher`; no httpx object is mocked.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from citecheck.classify import classify
from citecheck.fetch.cache import CachedFetcher, default_cache_path
from citecheck.fetch.http import HttpFetcher
from citecheck.models import ErrorKind, Fetched, LinkStatus, Reason, Redirect
from citecheck.options import FetchOptions
from conftest import FakeFetcher
from server import LocalServers, run

URL = "https://example.test/bericht"

RICH = Fetched(
    url=URL,
    final_url="https://example.test/archiv/bericht",
    http_status=200,
    redirects=(Redirect(URL, 301), Redirect("https://example.test/zwischen", 302)),
    content_type="text/html",
    headers=(("server", "nginx"), ("content-language", "de")),
    challenge="cloudflare",
    page_title="Lagebericht 2024",
    title_candidates=("Lagebericht 2024", "Lagebericht 2024 | Amt"),
    text_excerpt="Im Jahr 2024 stiegen die Investitionen um 27 Prozent. Größe ✓",
    retried=1,
    elapsed_ms=321,
)


def fetch_through(
    path: Path, inner: FakeFetcher, urls: list[str], max_age: float = 3600, namespace: str = ""
) -> list[Fetched]:
    async def go() -> list[Fetched]:
        cached = CachedFetcher(inner, path, max_age, namespace=namespace)
        try:
            return [await cached.fetch(url) for url in urls]
        finally:
            await cached.aclose()

    return run(go())


def test_definitive_result_is_stored_and_reused_with_every_field(tmp_path):
    path = tmp_path / "cache.sqlite3"
    first = FakeFetcher({URL: RICH})
    assert RICH.is_definitive
    assert fetch_through(path, first, [URL]) == [RICH]
    assert first.closed
    second = FakeFetcher()
    # Every field comes back, marked as an answer from the cache, with the time it was stored.
    (got,) = fetch_through(path, second, [URL])
    assert got.checked_at is not None and abs(time.time() - got.checked_at) < 60
    assert got == replace(RICH, from_cache=True, checked_at=got.checked_at)
    assert second.calls == []


def test_namespaces_do_not_share_entries(tmp_path):
    # A page fetched by an --allow-private run is not served to a run that refuses private
    # addresses (the CLI gives such runs their own namespace), and the other way round.
    path = tmp_path / "cache.sqlite3"
    assert fetch_through(path, FakeFetcher({URL: RICH}), [URL], namespace="allow-private:")
    refusing = FakeFetcher({URL: RICH})
    fetch_through(path, refusing, [URL])
    assert refusing.calls == [URL]
    again = FakeFetcher()
    assert fetch_through(path, again, [URL], namespace="allow-private:")[0].from_cache
    assert again.calls == []


@pytest.mark.parametrize(
    ("fetched", "cacheable"),
    [
        (Fetched(URL, URL, 200), True),
        (Fetched(URL, URL, 404), True),
        (Fetched(URL, URL, 410), True),
        (Fetched(URL, URL, 403), True),
        (Fetched(URL, URL, 200, page_title="Seite nicht gefunden",
                 title_candidates=("Seite nicht gefunden",)), True),
        (Fetched(URL, "https://example.test/neu", 200, redirects=(Redirect(URL, 301),)), True),
        (Fetched(URL, URL, 429), False),
        (Fetched(URL, URL, 500), False),
        (Fetched(URL, URL, 503), False),
        (Fetched(URL, error_kind="timeout"), False),
        (Fetched(URL, error_kind="refused"), False),
        (Fetched(URL, error_kind="tls"), False),
        (Fetched(URL, error_kind="dns"), False),
        (Fetched(URL, error_kind="private_address"), False),
        (Fetched(URL, error_kind="internal"), False),
        (Fetched(URL, error_kind="truncated"), False),
    ],
)  # fmt: skip
def test_only_definitive_results_are_cached(tmp_path, fetched, cacheable):
    assert fetched.is_definitive is cacheable
    path = tmp_path / "cache.sqlite3"
    fetch_through(path, FakeFetcher({URL: fetched}), [URL])
    again = FakeFetcher({URL: fetched})
    fetch_through(path, again, [URL])
    assert again.calls == ([] if cacheable else [URL])


def _cached_before_is_definitive(fetched: Fetched) -> bool:
    """The cache's rule before `Fetched.is_definitive`: what classifies as ok, redirect, soft
    404, dead (but not "no such host") or blocked (but not rate limited)."""
    status, reason = classify(fetched)
    if status in (LinkStatus.OK, LinkStatus.REDIRECT, LinkStatus.SOFT_404):
        return True
    if status is LinkStatus.DEAD:
        return reason != Reason.NO_SUCH_HOST
    if status is LinkStatus.BLOCKED:
        return reason != Reason.RATE_LIMITED
    return False


_WALL = "Just a moment..."
_STATUSES = (200, 204, 301, 400, 401, 403, 404, 405, 410, 429, 451, 500, 503, 600, 999, None)


@pytest.mark.parametrize("status", _STATUSES)
@pytest.mark.parametrize(
    "evidence",
    [
        {},
        {"challenge": "akamai"},
        {"headers": (("cf-mitigated", "challenge"),)},
        {"title_candidates": (_WALL,)},
        {"text_excerpt": f"{_WALL} Checking your browser before accessing example.test"},
        {"title_candidates": ("Seite nicht gefunden",)},
        {"redirects": (Redirect(URL, 302),), "final_url": "https://example.test/"},
    ],
    ids=["plain", "vendor", "cf-mitigated", "wall-title", "wall-text", "soft-404", "home"],
)
def test_is_definitive_decides_as_the_classification_did(status, evidence):
    # Both sides of the property, over every status class and every kind of evidence.
    fetched = replace(Fetched(URL, URL, status), **evidence)
    assert fetched.is_definitive is _cached_before_is_definitive(fetched)


@pytest.mark.parametrize("kind", list(ErrorKind))
def test_no_transport_failure_is_definitive(kind):
    fetched = Fetched(URL, URL, 200, error_kind=kind)
    assert fetched.is_definitive is _cached_before_is_definitive(fetched) is False


def test_stale_entries_are_fetched_again(tmp_path):
    path = tmp_path / "cache.sqlite3"
    fetch_through(path, FakeFetcher(), [URL])
    time.sleep(0.05)
    stale = FakeFetcher()
    fetch_through(path, stale, [URL], max_age=0.01)
    assert stale.calls == [URL]
    never = FakeFetcher()
    fetch_through(path, never, [URL], max_age=0)
    assert never.calls == [URL]


def test_default_path_is_in_the_user_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_path() == tmp_path / "xdg" / "citecheck" / "links.sqlite3"

    async def go() -> None:
        cached = CachedFetcher(FakeFetcher())
        await cached.fetch(URL)
        await cached.aclose()

    run(go())
    assert default_cache_path().is_file()


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"this is not a database\n" * 100),
        lambda p: p.write_bytes(p.read_bytes()[:100]),  # header cut short
        lambda p: p.write_bytes(p.read_bytes()[:2048] + b"\xff" * 8192),  # pages overwritten
    ],
    ids=["garbage", "truncated", "overwritten"],
)
def test_corrupt_file_is_rebuilt_with_one_warning(tmp_path, caplog, damage):
    path = tmp_path / "cache.sqlite3"
    fetch_through(path, FakeFetcher(), [f"{URL}/{i}" for i in range(50)])
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    damage(path)
    with caplog.at_level(logging.WARNING, logger="citecheck.fetch.cache"):
        refetch = FakeFetcher()
        fetch_through(path, refetch, [URL])
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "\n" not in warnings[0].getMessage()
    assert refetch.calls == [URL]
    # The rebuilt cache works.
    after = FakeFetcher()
    fetch_through(path, after, [URL])
    assert after.calls == []


def test_locked_database_is_waited_for_not_rebuilt(tmp_path, caplog):
    path = tmp_path / "cache.sqlite3"
    fetch_through(path, FakeFetcher(), [URL])
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    timer = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    timer.start()
    try:
        with caplog.at_level(logging.WARNING, logger="citecheck.fetch.cache"):
            again = FakeFetcher()
            fetch_through(path, again, [URL])
    finally:
        timer.join()
        holder.close()
    assert again.calls == []
    assert not caplog.records


def test_two_concurrent_runs_in_threads(tmp_path, caplog):
    path = tmp_path / "cache.sqlite3"
    urls = [f"{URL}/{i}" for i in range(150)]
    errors: list[BaseException] = []

    def one_run(offset: int) -> None:
        async def go() -> None:
            cached = CachedFetcher(FakeFetcher(delay=0.001), path)
            try:
                await asyncio.gather(*(cached.fetch(u) for u in urls[offset:] + urls[:offset]))
            finally:
                await cached.aclose()

        try:
            run(go())
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    with caplog.at_level(logging.WARNING, logger="citecheck.fetch.cache"):
        threads = [threading.Thread(target=one_run, args=(n,)) for n in (0, 75)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert not caplog.records
    third = FakeFetcher()
    fetch_through(path, third, urls)
    assert third.calls == []


_WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from citecheck.fetch.cache import CachedFetcher
    from citecheck.models import Fetched

    class Inner:
        async def fetch(self, url):
            await asyncio.sleep(0)
            return Fetched(url=url, final_url=url, http_status=200, page_title=sys.argv[2])
        async def aclose(self):
            pass

    async def main():
        cached = CachedFetcher(Inner(), Path(sys.argv[1]))
        for i in range(300):
            await cached.fetch(f"https://example.test/{sys.argv[2]}/{i}")
        await cached.aclose()

    asyncio.run(main())
    """
)


def test_two_concurrent_runs_as_processes(tmp_path):
    path = tmp_path / "cache.sqlite3"
    procs = [
        subprocess.Popen(
            [sys.executable, "-W", "error", "-c", _WRITER, str(path), name],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("one", "two")
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert err == ""
    urls = [f"https://example.test/{name}/{i}" for name in ("one", "two") for i in range(300)]
    reader = FakeFetcher()
    results = fetch_through(path, reader, urls)
    assert reader.calls == []
    assert {r.page_title for r in results} == {"one", "two"}


def test_cache_in_front_of_the_real_fetcher(servers: LocalServers, options: FetchOptions, tmp_path):
    path = tmp_path / "cache.sqlite3"
    url = servers.url("a.test", "/page/article.html?cache=1")

    async def once() -> Fetched:
        cached = CachedFetcher(HttpFetcher(options, servers.resolver()), path)
        try:
            return await cached.fetch(url)
        finally:
            await cached.aclose()

    first = run(once())
    second = run(once())
    assert second.checked_at is not None  # restored: when the cached answer was obtained
    assert replace(first, from_cache=True, checked_at=second.checked_at) == second
    assert not first.from_cache
    assert second.page_title == "Lagebericht zur Wirtschaftssicherheit 2024"
    assert len(servers.requests_for("/page/article.html?cache=1")) == 1
