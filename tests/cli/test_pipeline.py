"""Documents read while the first ones' URLs are fetched, through the command line and its
fetch phase: the report keeps the documents' order, the progress total grows as they are read,
a document that cannot be read still fails the run before anything is written, and a signal
while reading leaves the report of what was read."""

from __future__ import annotations

import functools
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.check import CheckRun
from citecheck.cli import _expected_urls
from citecheck.cli.fetching import build_fetcher, fetch
from citecheck.cli.signals import Stopper
from citecheck.models import Document
from citecheck.options import CheckOptions, FetchOptions
from citecheck.parse import Input, load_input
from server import LocalServers

from .conftest import VALIDATOR, all_links, invoke_net, motion, resolve_env, run_on_a_terminal


def _motions(servers: LocalServers, tmp_path: Path, tag: str) -> list[Path]:
    """Three motions: one URL, none, two (one shared with the first)."""
    ok = [servers.url(host, f"/ok?{tag}") for host in ("a.test", "b.test")]
    return [
        motion(tmp_path, ok[0], name="eins.md"),
        motion(tmp_path, name="zwei.md"),
        motion(tmp_path, ok[1], ok[0], name="drei.md"),
    ]


def test_the_report_keeps_the_documents_order(servers: LocalServers, tmp_path: Path) -> None:
    paths = _motions(servers, tmp_path, "cli=order")
    result = invoke_net("--allow-private", "--no-cache", "-f", "json", *map(str, paths))
    data = json.loads(result.stdout)
    VALIDATOR.validate(data)
    assert [Path(d["path"]).name for d in data["documents"]] == ["eins.md", "zwei.md", "drei.md"]
    assert [link["status"] for link in all_links(data)] == ["ok", "ok", "ok"]
    assert len(servers.requests_for("cli=order")) == 2  # each distinct URL once
    assert data["interrupted"] is False


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pseudo-terminal")
def test_the_progress_total_grows_as_documents_are_read(
    servers: LocalServers, tmp_path: Path
) -> None:
    paths = _motions(servers, tmp_path, "cli=grows")
    args = ["--allow-private", "--no-cache", "-f", "json", *map(str, paths)]
    env = {"CITECHECK_RESOLVE": resolve_env(), "TERM": "xterm-256color"}  # CI may have no TERM
    out, err, code = run_on_a_terminal(args, env, "stderr")
    assert code == 0 and json.loads(out)["summary"]["links"] == 3
    assert "2/2" in err  # rich's done/total column: both distinct URLs, the last one read later


def test_an_unreadable_named_document_fails_before_anything_is_written(
    servers: LocalServers, tmp_path: Path
) -> None:
    """As before reading overlapped the fetches: a named document that cannot be read is an
    input error (exit 2) with no report, even when it comes after a document with URLs."""
    first = motion(tmp_path, servers.url("a.test", "/ok?cli=unreadable"), name="eins.md")
    broken = tmp_path / "kaputt.docx"
    broken.write_text("kein Word-Dokument", encoding="utf-8")
    out = tmp_path / "report.json"
    result = invoke_net("--allow-private", "--no-cache", "-o", str(out), str(first), str(broken))
    assert result.exit_code == 2
    assert "kaputt.docx" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and result.stdout == ""


def test_a_signal_while_reading_reports_what_was_read(
    servers: LocalServers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first SIGINT while the later documents are read: the fetches and the reading stop,
    the run is interrupted and its report has the documents read so far, in order."""
    paths = _motions(servers, tmp_path, "cli=stop-reading")
    documents = [load_input(Input(str(p))) for p in paths]
    stopper = Stopper()
    run = CheckRun(documents[:1], CheckOptions(), reading=True)

    def reading() -> Iterator[Document]:
        yield documents[1]
        stopper._handle(signal.SIGINT, None)  # as the handler does when Ctrl-C comes now
        yield documents[2]
        raise AssertionError("read on after the signal")  # `CheckRun.stop_reading`

    monkeypatch.setenv("CITECHECK_RESOLVE", resolve_env())
    options = FetchOptions(allow_private=True, timeout=5.0)
    make_fetcher = functools.partial(
        build_fetcher, options, demo=False, cache=False, cache_dir=None, max_age=0
    )
    stopped = fetch(run, make_fetcher, progress=False, stopper=stopper, more=reading())
    assert stopped == signal.SIGINT
    report = run.report()
    assert report.interrupted and run.reading
    assert [Path(d.path).name for d in report.documents] == ["eins.md", "zwei.md", "drei.md"]


def test_the_expected_size_scales_the_documents_read_by_the_bytes_left(tmp_path: Path) -> None:
    """The fetcher is built before the run is read whole: for the URLs read so far, scaled by
    the bytes still to read (by the documents' count when a size is unknown)."""
    urls = [f"https://h{i}.example/x" for i in range(10)]
    paths = [motion(tmp_path, *urls, name=f"m{i}.md") for i in range(4)]
    inputs = [Input(str(p)) for p in paths]
    run = CheckRun([load_input(inputs[0])], CheckOptions(), reading=True)
    assert _expected_urls(run, inputs) == 40  # 10 URLs in a quarter of the bytes
    assert _expected_urls(run, [*inputs[:3], Input("-")]) == 40  # 10 in one of four documents
    run.finish_reading()
    assert _expected_urls(run, inputs) == 10  # read whole: what it has


@pytest.mark.parametrize(
    ("names", "offline", "left"),
    [
        (["eins.md", "zwei.md", "drei.md"], False, 2),  # the rest is read while fetching
        (["zwei.md", "eins.md", "drei.md"], False, 1),  # read until a document has a URL
        (["eins.md", "zwei.md", "drei.md"], True, 0),  # offline: nothing to overlap
        (["eins.md", "-", "drei.md"], False, 0),  # standard input: never while fetching
        (["eins.md"], False, 0),  # nothing left
    ],
)
def test_what_is_read_before_the_fetches(
    servers: LocalServers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    names: list[str],
    offline: bool,
    left: int,
) -> None:
    import io

    from citecheck.cli import _documents

    paths = {p.name: str(p) for p in _motions(servers, tmp_path, "cli=first")}
    stdin = io.TextIOWrapper(io.BytesIO(Path(paths["zwei.md"]).read_bytes()))
    monkeypatch.setattr("sys.stdin", stdin)
    inputs = [Input(paths.get(name, name)) for name in names]
    run = CheckRun([], CheckOptions(offline=offline), reading=True)
    rest = list(_documents(run, inputs, offline=offline))
    assert len(rest) == left and run.documents_read == len(names) - left
    assert run.reading is bool(left)


def test_an_interrupted_reading_says_how_many_documents_the_report_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from citecheck.cli import _exit_status
    from citecheck.models import FailOn

    paths = [motion(tmp_path, f"https://h{i}.example/x", name=f"m{i}.md") for i in range(2)]
    run = CheckRun([load_input(Input(str(paths[0])))], CheckOptions(), reading=True)
    assert _exit_status(run, run.report(), FailOn.ERROR, signal.SIGINT, 2) == 130
    assert capsys.readouterr().err == (
        "citecheck: interrupted after reading 1 of 2 documents (the report has those) and 0 of"
        " 1 URLs; the report is partial (unchecked links: skipped, interrupted)\n"
    )
    run.add(load_input(Input(str(paths[1]))))
    run.finish_reading()
    assert _exit_status(run, run.report(), FailOn.ERROR, signal.SIGTERM, 2) == 143
    assert capsys.readouterr().err.startswith("citecheck: interrupted after 0 of 2 URLs;")
