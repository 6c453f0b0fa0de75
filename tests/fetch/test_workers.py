"""Worker processes started ahead of the fetcher (fetch.workers): how many, taken by the
sharded fetcher, and the unused ones ended without a zombie, a leak or a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.cli import _bytes_under
from citecheck.cli.fetching import _network_fetcher
from citecheck.fetch import workers
from citecheck.fetch.http import HttpFetcher
from citecheck.fetch.shard import ShardedFetcher
from citecheck.fetch.workers import BYTES_PER_URL, SHARD_MIN_URLS, WORKERS_ENV, start_ahead
from citecheck.models import Fetched
from citecheck.options import FetchOptions
from server import LocalServers, run


@pytest.fixture(autouse=True)
def _none_left() -> Iterator[None]:
    yield
    workers.discard()


def _ended(process: subprocess.Popen[bytes]) -> bool:
    """Ended and waited for (reaped: no zombie), its pipes closed."""
    pipes = [p for p in (process.stdin, process.stdout) if p is not None]
    return (
        process.returncode is not None
        and not os.path.exists(f"/proc/{process.pid}")
        and all(p.closed for p in pipes)
    )


def test_workers_start_ahead_by_the_input_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda _pid: {0, 1})
    assert start_ahead(SHARD_MIN_URLS * BYTES_PER_URL - 1) == 0  # one motion's bytes: none
    assert start_ahead(SHARD_MIN_URLS * BYTES_PER_URL) == 1  # two cores: one worker
    assert start_ahead(SHARD_MIN_URLS * BYTES_PER_URL) == 1  # not twice
    process = workers.take()
    assert process is not None and process.poll() is None and workers.take() is None
    workers._ahead.append(process)
    monkeypatch.setenv(WORKERS_ENV, "1")
    workers.discard()
    assert start_ahead(10**9) == 0 and _ended(process)


def test_unused_workers_end_with_the_discard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_ENV, "3")
    assert start_ahead(0) == 2
    started = list(workers._ahead)
    workers.discard()
    assert workers._ahead == [] and all(_ended(p) for p in started)


def test_a_worker_ended_before_its_options_exits_quietly(
    capfd: pytest.CaptureFixture[str],
) -> None:
    process = workers.spawn()
    assert process.stdin is not None and process.stdout is not None
    process.stdin.close()  # no options: the run needed no worker
    assert process.wait(timeout=60) == 0
    process.stdout.close()
    assert capfd.readouterr().err == ""


def test_the_sharded_fetcher_takes_the_worker_started_ahead(
    servers: LocalServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKERS_ENV, "2")
    assert start_ahead(0) == 1
    ahead = workers._ahead[0]

    async def go() -> Fetched:
        sharded = ShardedFetcher(FetchOptions(allow_private=True), servers.resolver(), 2)
        process = sharded._workers[0]._process
        assert process is ahead and workers.take() is None
        try:
            sharded._shard_of["b.test"] = 1  # the worker's host
            return await sharded.fetch(servers.url("b.test", "/ok?ahead=taken"))
        finally:
            await sharded.aclose()

    assert run(go()).http_status == 200
    assert servers.requests_for("ahead=taken") and _ended(ahead)


def test_a_run_that_turns_out_small_ends_the_worker_started_ahead(
    servers: LocalServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKERS_ENV, "2")
    assert start_ahead(0) == 1
    ahead = workers._ahead[0]
    monkeypatch.setenv(WORKERS_ENV, "auto")  # the estimate after reading: 40 URLs
    fetcher = _network_fetcher(FetchOptions(allow_private=True), servers.resolver(), 40)
    assert isinstance(fetcher, HttpFetcher) and _ended(ahead) and workers.take() is None
    run(fetcher.aclose())


def test_a_worker_started_ahead_ignores_ctrl_c_while_it_imports(
    capfd: pytest.CaptureFixture[str],
) -> None:
    process = workers.spawn()
    assert process.stdin is not None and process.stdout is not None
    time.sleep(0.05)  # importing (a Ctrl-C reaches the whole process group)
    process.send_signal(signal.SIGINT)
    time.sleep(0.3)
    assert process.poll() is None
    process.stdin.close()
    assert process.wait(timeout=60) == 0
    process.stdout.close()
    assert capfd.readouterr().err == ""


def test_the_bytes_of_the_paths_skip_hidden_entries(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"x" * 100)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_bytes(b"x" * 20)
    (tmp_path / ".hidden.md").write_bytes(b"x" * 1000)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "pack").write_bytes(b"x" * 5000)
    assert _bytes_under(str(tmp_path)) == 120
    assert _bytes_under(str(tmp_path / "a.md")) == 100
    assert _bytes_under("-") == _bytes_under(str(tmp_path / "missing.md")) == 0
