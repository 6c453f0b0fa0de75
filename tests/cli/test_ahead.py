"""Work done ahead while the network is awaited (cli/ahead.py): it starts at the first finished
link, once, in a thread, passes every event on, and a failure in it stays silent (the main
thread meets it again); a networked run imports its renderer ahead."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from citecheck.check import LinkEvent
from citecheck.cli import ahead as ahead_module
from citecheck.cli.ahead import Ahead
from server import LocalServers

from .conftest import invoke_net, motion


def _event(finished: bool) -> LinkEvent:
    return LinkEvent("https://a.test/", "a.test", 0, 2, finished=finished)


def test_the_work_starts_at_the_first_finished_link_once() -> None:
    ran: list[str] = []
    seen: list[LinkEvent] = []
    ahead = Ahead(lambda: ran.append(threading.current_thread().name))
    on_link = ahead.on_link(seen.append)
    on_link(_event(finished=False))
    ahead.wait()
    assert ran == []  # a request going out is no answer yet
    on_link(_event(finished=True))
    on_link(_event(finished=True))
    ahead.wait()
    assert ran == ["citecheck-ahead"]
    assert [e.finished for e in seen] == [False, True, True]


def test_a_failure_ahead_is_silent(capsys: pytest.CaptureFixture[str]) -> None:
    def fail() -> None:
        raise ImportError("no such renderer")

    ahead = Ahead(fail)
    ahead.on_link(None)(_event(finished=True))
    ahead.wait()
    assert capsys.readouterr().err == ""


def test_waiting_for_work_never_started_returns() -> None:
    Ahead(lambda: None).wait()


def test_a_networked_run_builds_its_renderer_ahead(
    servers: LocalServers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    real = ahead_module.Ahead._quietly

    def recording(self: Ahead) -> None:
        real(self)
        threads.append(threading.current_thread().name)

    monkeypatch.setattr(ahead_module.Ahead, "_quietly", recording)
    monkeypatch.delitem(sys.modules, "citecheck.render.markdown", raising=False)
    doc = motion(tmp_path, servers.url("a.test", "/ok?cli=ahead"))
    result = invoke_net("--allow-private", "--no-cache", "-f", "markdown", str(doc))
    assert result.exit_code == 0
    assert threads == ["citecheck-ahead"]
    assert "citecheck.render.markdown" in sys.modules


def test_each_work_runs_in_order_and_a_failure_skips_none() -> None:
    ran: list[str] = []

    def fail() -> None:
        ran.append("fail")
        raise ImportError("no such module")

    ahead = Ahead(lambda: ran.append("first"), fail, lambda: ran.append("last"))
    ahead.on_link(None)(_event(finished=True))
    ahead.wait()
    assert ran == ["first", "fail", "last"]


def test_a_networked_run_imports_its_answer_side_steps_ahead(
    servers: LocalServers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citecheck import deferred

    imported: list[str] = []
    real = deferred.import_all

    def recording() -> None:
        real()
        imported.append(threading.current_thread().name)

    monkeypatch.setattr(deferred, "import_all", recording)
    doc = motion(tmp_path, servers.url("a.test", "/ok?cli=deferred"))
    result = invoke_net("--allow-private", "--no-cache", str(doc))
    assert result.exit_code == 0
    assert imported == ["citecheck-ahead"]
