"""A run over worker processes (CITECHECK_WORKERS) through the CLI: the same report as one
process, on either event loop, and an interrupt (to the process or its whole group, as Ctrl-C
sends it) still writes the partial report and leaves no worker behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from server import LocalServers

from .conftest import VALIDATOR, all_links, invoke_net, motion, resolve_env, wait_until_hanging

CITECHECK = (sys.executable, "-m", "citecheck", "-f", "json")


def _report(doc: Path, env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "citecheck",
            "--allow-private",
            "--no-cache",
            "-f",
            "json",
            str(doc),
        ],
        env={**os.environ, "NO_COLOR": "1", "CITECHECK_RESOLVE": resolve_env(), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stderr == ""
    data: dict = json.loads(done.stdout)  # type: ignore[type-arg]
    for link in all_links(data):
        link.pop("elapsed_ms", None)
        link.pop("checked_at", None)  # when each verdict was obtained: differs run to run
    data.pop("elapsed_ms", None)
    data["summary"].pop("elapsed_ms", None)
    return data


def test_workers_and_loops_give_the_same_report(servers: LocalServers, tmp_path: Path) -> None:
    urls = [
        servers.url("a.test", "/ok?workers=1"),
        servers.url("b.test", "/status/404?workers=2"),
        servers.url("c.test", "/chain/2?workers=3"),
        servers.url("d.test", "/page/soft404-de.html?workers=4"),
        servers.url("www.a.test", "/redirect?to=/page/article.html&code=301&workers=5"),
        servers.url("e.test", "/ok?workers=6"),
    ]
    doc = motion(tmp_path, *urls)
    one = _report(doc, {"CITECHECK_WORKERS": "1", "CITECHECK_LOOP": "asyncio"})
    assert one == _report(doc, {"CITECHECK_WORKERS": "1", "CITECHECK_LOOP": "uvloop"})
    assert one == _report(doc, {"CITECHECK_WORKERS": "3", "CITECHECK_LOOP": "uvloop"})
    assert one == _report(doc, {"CITECHECK_WORKERS": "2", "CITECHECK_LOOP": "asyncio"})
    assert [link["status"] for link in all_links(one)] == [
        "ok",
        "dead",
        "redirect",
        "soft_404",
        "redirect",
        "dead",  # no such host
    ]


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("whole_group", [False, True], ids=["process", "group"])
def test_interrupt_with_workers_writes_the_partial_report(
    servers: LocalServers, tmp_path: Path, signum: int, code: int, whole_group: bool
) -> None:
    tag = f"workers=signal{signum}{whole_group}"
    ok, hang = servers.url("a.test", f"/ok?{tag}"), servers.url("b.test", f"/hang?{tag}")
    doc = motion(tmp_path, ok, hang)
    out = tmp_path / "report.json"
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "CITECHECK_RESOLVE": resolve_env(),
        "CITECHECK_WORKERS": "2",  # a.test in this process, b.test in the worker
    }
    process = subprocess.Popen(
        [*CITECHECK, "--allow-private", "--no-cache", "--timeout", "25", "-o", str(out), str(doc)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_until_hanging(servers, tag)
        if whole_group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr and stderr.count("\n") == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    VALIDATOR.validate(data)
    assert [(link["status"], link["reason"]) for link in all_links(data)] == [
        ("ok", None),
        ("skipped", "interrupted"),
    ]
    with pytest.raises(ProcessLookupError):  # the worker is gone with its parent
        os.killpg(process.pid, 0)


@pytest.mark.parametrize("cache", [False, True], ids=["no-cache", "cache"])
def test_the_cli_asks_its_workers_for_the_figure_index(
    servers: LocalServers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: bool
) -> None:
    # The run tells the sharded fetcher which pages keep their figure index (footnote 1: one
    # page, its sentence names a figure), so workers make it where they fetch.
    from citecheck.fetch.shard import ShardedFetcher
    from citecheck.page_figures import with_figures
    from citecheck.urls import fetchable

    asked: list[object] = []
    built = ShardedFetcher.__init__

    def spy(self: ShardedFetcher, *args: object, **kwargs: object) -> None:
        asked.append((kwargs.get("wants_figures"), kwargs.get("indexer")))
        built(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ShardedFetcher, "__init__", spy)
    monkeypatch.setenv("CITECHECK_WORKERS", "2")
    monkeypatch.setenv("CITECHECK_RESOLVE", resolve_env())
    one = servers.url("a.test", f"/page/article.html?workers=figures-{cache}")
    other = servers.url("b.test", f"/ok?workers=figures-{cache}")
    doc = tmp_path / "antrag.md"
    doc.write_text(
        "# Antrag\n\nDer Anteil stieg auf 27 Prozent.[^1] Das Amt berichtet.[^2]\n\n"
        f"[^1]: Vgl. {one}\n[^2]: Vgl. {other}\n",
        encoding="utf-8",
    )
    flags = ["--cache-dir", str(tmp_path / "cache")] if cache else ["--no-cache"]
    done = invoke_net("--allow-private", *flags, "-f", "json", str(doc))
    assert done.exit_code in (0, 1), done.output
    assert len(asked) == 1
    wants, indexer = asked[0]
    assert indexer is with_figures and callable(wants)
    assert wants(fetchable(one)) and not wants(fetchable(other))
    data = json.loads(done.stdout)
    figures = [f.get("figures") for d in data["documents"] for f in d["footnotes"]]
    assert figures == [[{"value": "27 Prozent", "found": True}], None]
