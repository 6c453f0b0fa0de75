"""Start-up and exit of the command: the quick exit of `python -m citecheck` (cli.main: exit
handlers, flush, `os._exit`) has the same status and complete output as Python's ordinary exit
through `app`; the TLS context is built ahead (fetch.tls) only for a run that may fetch, and a
networked run takes it; a run the cache answers whole never imports the HTTP stack."""

from __future__ import annotations

import json
import os
import re
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.fetch import tls
from server import LocalServers

from .conftest import SEED_MD, invoke, invoke_net, motion, resolve_env

_ORDINARY = "import sys; from citecheck.cli import app; app(sys.argv[1:], prog_name='citecheck')"


def _both(*args: str) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """The command through `main` (quick exit) and through `app` (ordinary exit)."""
    runs = (
        [sys.executable, "-m", "citecheck", *args],
        [sys.executable, "-c", _ORDINARY, *args],
    )
    quick, ordinary = (
        subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        for cmd in runs
    )
    return quick, ordinary


@pytest.mark.parametrize(
    "args",
    [
        ("--offline", "--format", "json", str(SEED_MD)),
        ("--offline", "--format", "markdown", "--lang", "de", str(SEED_MD)),
        ("--offline", "--fail-on", "bogus", str(SEED_MD)),
        ("--version",),
        ("--offline",),
    ],
    ids=["json", "markdown", "usage-error", "version", "no-path"],
)
def test_quick_exit_matches_the_ordinary_one(args: tuple[str, ...]) -> None:
    quick, ordinary = _both(*args)
    assert quick.returncode == ordinary.returncode
    assert _timeless(quick.stdout) == _timeless(ordinary.stdout)
    if "json" in args:
        assert json.loads(quick.stdout)["summary"]["links"] > 0
    assert quick.stderr == ordinary.stderr


def _timeless(report: str) -> str:
    """A report without the run's wall time ("· 0.3 s ·" in Markdown)."""
    return re.sub(r"· [0-9.]+ s ·", "· … ·", report)


def _count_tls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts of `tls.prepare` and of contexts built, from here on."""
    counts = {"prepare": 0, "build": 0}
    prepare, build = tls.prepare, tls.build

    def counted_prepare(ca_file: str | None = None) -> None:
        counts["prepare"] += 1
        prepare(ca_file)

    def counted_build(ca_file: str | None) -> ssl.SSLContext:
        counts["build"] += 1
        return build(ca_file)

    monkeypatch.setattr(tls, "prepare", counted_prepare)
    monkeypatch.setattr(tls, "build", counted_build)
    return counts


def test_a_networked_run_takes_the_context_built_ahead(
    servers: LocalServers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = _count_tls(monkeypatch)
    doc = motion(tmp_path, servers.url("a.test", "/ok?cli=tls-ahead"))
    assert invoke_net("--allow-private", "--no-cache", str(doc)).exit_code == 0
    assert counts == {"prepare": 1, "build": 1}  # built once, in the thread, and taken


@pytest.mark.parametrize("flag", ["--offline", "--print-config"])
def test_a_run_that_cannot_fetch_builds_no_context(
    flag: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = _count_tls(monkeypatch)
    invoke(flag, str(SEED_MD))
    assert counts == {"prepare": 0, "build": 0}


def test_a_run_the_cache_answers_imports_no_http_stack(
    servers: LocalServers, tmp_path: Path
) -> None:
    doc = motion(tmp_path, servers.url("a.test", "/ok?cli=cached-start"))
    args = ["--allow-private", "--cache-dir", str(tmp_path / "cache"), "-f", "json", str(doc)]
    code = (
        "import sys\n"
        "from citecheck.cli import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit as done:\n"
        "    print(done.code, 'httpx' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "NO_COLOR": "1", "CITECHECK_RESOLVE": resolve_env()}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
        )
        for _ in range(2)
    ]
    assert [r.stderr.splitlines()[-1] for r in runs] == ["0 True", "0 False"]
    assert len(servers.requests_for("cli=cached-start")) == 1
    first, second = (json.loads(r.stdout)["documents"][0]["footnotes"][0]["links"] for r in runs)
    assert [link["status"] for link in first + second] == ["ok", "ok"]
    assert second[0]["cached"]
