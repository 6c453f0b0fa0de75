"""Signals on a real process (issue 14): a second SIGTERM or Ctrl-C while the first one's
partial report is being written still leaves that report, and a signal before anything was
checked says in one line that there is no report. Never a traceback, never silence."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from server import LocalServers

from .conftest import VALIDATOR, all_links, motion, resolve_env


def _start(args: list[str], **streams: int) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_COLOR": "1", "CITECHECK_RESOLVE": resolve_env()}
    return subprocess.Popen(
        [sys.executable, "-m", "citecheck", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **streams,  # type: ignore[arg-type]
    )


def _wait_for_requests(servers: LocalServers, tag: str, *prefixes: str) -> None:
    """Until the servers have seen a request for each path prefix (20 s at most), and a moment
    more for the quick answers to arrive."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        paths = [r.path for r in servers.requests_for(tag)]
        if all(any(p.startswith(prefix) for p in paths) for prefix in prefixes):
            break
        time.sleep(0.05)
    time.sleep(0.3)


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["term", "int"]
)
def test_two_signals_20_ms_apart_still_leave_the_partial_report(
    servers: LocalServers, tmp_path: Path, signum: signal.Signals, code: int
) -> None:
    tag = f"cli=twice{int(signum)}"
    ok, hang = servers.url("a.test", f"/ok?{tag}"), servers.url("b.test", f"/hang?{tag}")
    doc = motion(tmp_path, ok, hang)
    out = tmp_path / "report.json"
    args = ["--allow-private", "--no-cache", "--timeout", "25", "-f", "json", "-o", str(out)]
    process = _start([*args, str(doc)])
    try:
        _wait_for_requests(servers, tag, "/ok", "/hang")
        process.send_signal(signum)
        time.sleep(0.02)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    VALIDATOR.validate(data)
    assert data["interrupted"] is True and data["summary"]["verdict"] == "fail"
    assert [link["status"] for link in all_links(data)] == ["ok", "skipped"]
    lines = stderr.splitlines()
    assert lines[-1].startswith("citecheck: interrupted after 1 of 2 URLs")
    # The second signal, if it came before the report was out, said so in one line.
    assert set(lines[:-1]) <= {"citecheck: already stopping: writing the report first"}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_burst_of_signals_never_leaves_silence(servers: LocalServers, tmp_path: Path) -> None:
    """Five SIGTERMs 20 ms apart while the fetches hang: one partial report to stdout."""
    tag = "cli=burst"
    doc = motion(
        tmp_path, servers.url("a.test", f"/ok?{tag}"), servers.url("b.test", f"/hang?{tag}")
    )
    process = _start(["--allow-private", "--no-cache", "-f", "json", str(doc)])
    try:
        _wait_for_requests(servers, tag, "/ok", "/hang")
        for _ in range(5):
            process.send_signal(signal.SIGTERM)
            time.sleep(0.02)
        stdout, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 143, stderr
    assert json.loads(stdout)["interrupted"] is True
    assert stderr.count("already stopping") <= 1 and "Traceback" not in stderr


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_before_anything_was_checked_says_there_is_no_report(
    signum: signal.Signals, code: int
) -> None:
    """Standard input still open: the run is reading its document when the signals come."""
    process = _start(["--offline", "-"], stdin=subprocess.PIPE)
    try:
        time.sleep(1.5)  # the interpreter is up and waiting for standard input
        process.send_signal(signum)
        time.sleep(0.02)
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == code, stderr
    assert stdout == ""
    assert stderr.splitlines() == ["citecheck: interrupted before any link was checked; no report"]


def test_signals_while_the_report_is_written_do_not_cut_it(tmp_path: Path) -> None:
    """A complete offline run whose report (JSON, far more than a pipe holds) blocks on a
    standard output nobody reads yet: two SIGTERMs then must not cut it; the whole report
    arrives and the exit status says a signal came."""
    count = 400
    body = " ".join(f"Satz {i}.[^{i}]" for i in range(1, count + 1))
    notes = "\n".join(
        f"[^{i}]: Vgl. https://www.bundestag.de/dokumente/textarchive/2024/kw{i}-de-antrag-{i}"
        for i in range(1, count + 1)
    )
    doc = tmp_path / "lang.md"
    doc.write_text(f"# Antrag\n\n{body}\n\n{notes}\n", encoding="utf-8")
    process = _start(["--offline", "-f", "json", str(doc)])
    try:
        time.sleep(2.0)  # parsed, checked and blocked writing into the full pipe
        process.send_signal(signal.SIGTERM)
        time.sleep(0.02)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    data = json.loads(stdout)  # whole, not cut
    assert len(data["documents"][0]["footnotes"]) == count and len(stdout) > 200_000
    assert data["interrupted"] is False  # every link was checked (offline) before the signal
    assert process.returncode == 143, stderr
    assert stderr.splitlines()[-1] == "citecheck: stopped by a signal after the report was written"
    assert "Traceback" not in stderr
