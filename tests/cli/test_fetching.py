"""The fetch phase through the CLI: real local servers, the resolver seam, the cache, per-host
overrides, private addresses, signals (subprocesses) and the progress bar."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.cli.fetching import parse_resolve_table
from citecheck.errors import ConfigError
from server import LocalServers

from .conftest import (
    VALIDATOR,
    all_links,
    invoke,
    invoke_net,
    motion,
    resolve_env,
    run_on_a_terminal,
    wait_until_hanging,
    without_colour_settings,
)


def test_parse_resolve_table() -> None:
    assert parse_resolve_table("a.test=127.0.0.2, b.test=127.0.0.3,") == {
        "a.test": "127.0.0.2",
        "b.test": "127.0.0.3",
    }
    with pytest.raises(ConfigError, match="CITECHECK_RESOLVE"):
        parse_resolve_table("a.test")


def test_config_max_age_decides_cache_reuse(servers: LocalServers, tmp_path: Path) -> None:
    doc = motion(tmp_path, servers.url("d.test", "/ok?cli=max-age"))
    args = ("--allow-private", "--cache-dir", str(tmp_path / "cache"), str(doc))
    assert invoke_net(*args).exit_code == 0
    assert invoke_net(*args).exit_code == 0
    assert len(servers.requests_for("cli=max-age")) == 1  # default 1 d: the cache answers
    (tmp_path / "citecheck.toml").write_text("max_age = 0\n", encoding="utf-8")
    assert invoke_net(*args).exit_code == 0
    assert len(servers.requests_for("cli=max-age")) == 2  # nothing cached is young enough


def test_config_host_override_reaches_the_fetcher(servers: LocalServers, tmp_path: Path) -> None:
    # The configured per-host timeout (0.5 s) ends b.test's slow page long before the global 5 s,
    # and its per_host = 1 serialises b.test's requests.
    (tmp_path / "citecheck.toml").write_text(
        'hosts = { "b.test" = { timeout = 0.5 }, "c.test" = { per_host = 1 } }\n',
        encoding="utf-8",
    )
    slow = servers.url("b.test", "/slow?delay=3&cli=hosts")
    serial = [servers.url("c.test", f"/slow?delay=0.1&group=cli-hosts&n={i}") for i in range(3)]
    doc = motion(tmp_path, slow, *serial)
    args = ("--allow-private", "--no-cache", "-f", "json", "--timeout", "5", str(doc))
    result = invoke_net(*args)
    links = all_links(json.loads(result.stdout))
    assert (links[0]["status"], links[0]["reason"]) == ("timeout", "timeout")
    assert links[0]["elapsed_ms"] < 2000
    assert [link["status"] for link in links[1:]] == ["ok"] * 3
    assert servers.max_in_flight("group:cli-hosts") == 1
    printed = invoke("--print-config", str(doc)).stdout
    assert re.search(
        r'^hosts = \{ "b.test" = \{ timeout = 0.5 \}, .*citecheck.toml$', printed, re.M
    )


def test_private_addresses_refused_without_allow_private(
    servers: LocalServers, tmp_path: Path
) -> None:
    doc = motion(tmp_path, servers.url("a.test", "/ok?cli=private"))
    result = invoke_net("--no-cache", "-f", "json", str(doc))
    assert result.exit_code == 0
    links = all_links(json.loads(result.stdout))
    assert [(link["status"], link["reason"]) for link in links] == [("skipped", "private_address")]
    assert servers.requests_for("cli=private") == []


def test_cache_dir_serves_the_second_run(servers: LocalServers, tmp_path: Path) -> None:
    doc = motion(tmp_path, servers.url("c.test", "/ok?cli=cache"))
    cache = tmp_path / "cache"
    args = ("--allow-private", "--cache-dir", str(cache), "-f", "json", str(doc))
    first = invoke_net(*args)
    second = invoke_net(*args)
    assert first.exit_code == second.exit_code == 0
    assert len(servers.requests_for("cli=cache")) == 1
    assert all_links(json.loads(second.stdout))[0]["status"] == "ok"
    assert any(cache.iterdir())
    invoke_net("--allow-private", "--no-cache", str(doc))
    assert len(servers.requests_for("cli=cache")) == 2


@pytest.mark.parametrize(("signum", "code"), [(2, 130), (15, 143)])
def test_signal_mid_run_writes_partial_report(
    servers, tmp_path: Path, signum: int, code: int
) -> None:
    """SIGINT/SIGTERM while a URL hangs: the report of what was done is still written."""
    import signal

    tag = f"cli=signal{signum}"
    ok, hang = servers.url("a.test", f"/ok?{tag}"), servers.url("b.test", f"/hang?{tag}")
    doc = motion(tmp_path, ok, hang)
    out = tmp_path / "report.json"
    env = {**os.environ, "NO_COLOR": "1", "CITECHECK_RESOLVE": resolve_env()}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "citecheck",
            "--allow-private",
            "--no-cache",
            "--timeout",
            "25",
            "-f",
            "json",
            "-o",
            str(out),
            str(doc),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_hanging(servers, tag)
        process.send_signal(signal.Signals(signum))
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr and stderr.count("\n") == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    VALIDATOR.validate(data)
    links = all_links(data)
    assert [(link["status"], link["reason"]) for link in links] == [
        ("ok", None),
        ("skipped", "interrupted"),
    ]
    assert data["interrupted"] is True and data["summary"]["verdict"] == "fail"  # issue 14
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pseudo-terminal")
def test_progress_only_when_stderr_is_a_terminal(servers, tmp_path: Path) -> None:
    doc = motion(tmp_path, servers.url("a.test", "/ok?cli=tty1"), servers.url("b.test", "/ok"))
    args = ["--allow-private", "--no-cache", "-f", "json", str(doc)]
    env = {"CITECHECK_RESOLVE": resolve_env(), "TERM": "xterm-256color"}
    out, err, code = run_on_a_terminal(args, env, "stderr")
    assert code == 0 and json.loads(out)["summary"]["links"] == 2
    assert "2/2" in err  # rich's done/total column
    piped = subprocess.run(
        [sys.executable, "-m", "citecheck", *args],
        env={**without_colour_settings(), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert piped.returncode == 0 and piped.stderr == ""
