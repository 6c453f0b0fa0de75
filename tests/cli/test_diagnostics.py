"""No tracebacks, ever: malformed URLs are `error`/`invalid_url` without a DNS query (through
`check()` and a real process), internal errors are one line (details with --debug), and a run
in which the network failed gets one hint line; the proxy variables are in --help."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.check import CheckRun, check
from citecheck.cli.diagnostics import describe
from citecheck.fetch.http import HttpFetcher
from citecheck.fetch.resolve import NoSuchHost
from citecheck.models import Document, Footnote, LinkStatus, Reason
from citecheck.options import CheckOptions, FetchOptions
from citecheck.urls import url_defect
from server import LocalServers

from .conftest import all_links, invoke, invoke_net, motion

MALFORMED = [
    "https://xn--zz.de/a",  # punycode that does not decode
    "https://xn--a.de/",  # decodes to U+0080, a control character
    "https://example.org:99999/x",  # port out of range
    "https://example.org:0/x",
    "https://example.org:abc/x",
    "https://a..example.org/",
    "https://exa%41mple.org/",
    "https:///nohost",
    "https://" + "a" * 64 + ".de/",
    "http://[fe80::1/x",
]


class NoLookups:
    """A resolver that records every name it is asked for and knows none."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def resolve(self, host: str) -> list[str]:
        self.asked.append(host)
        raise NoSuchHost(host, "no such host")


@pytest.mark.parametrize("url", MALFORMED)
def test_malformed_urls_are_named(url: str) -> None:
    assert url_defect(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.bundestag.de/x",
        "www.bundestag.de/x",
        "https://xn--bcher-kva.example/",
        "https://bücher.example/",
        "https://DIP.Bundestag.DE./a?b=1#c",
        "https://user:pw@host.example:8443/",
        "http://[::1]:8080/",
        "http://127.0.0.1:8/",
        "https://x_y.example/",
        "https://example.org:/",
    ],
)
def test_well_formed_urls_pass(url: str) -> None:
    assert url_defect(url) is None


def test_malformed_urls_through_check_send_no_lookup() -> None:
    urls = tuple(MALFORMED)
    document = Document("a.md", "markdown", (Footnote(1, 3, "x", urls=urls),))
    resolver = NoLookups()

    async def go():  # type: ignore[no-untyped-def]
        async with HttpFetcher(FetchOptions(retries=0), resolver) as fetcher:
            return await check([document], fetcher, CheckOptions())

    report = asyncio.run(go())
    links = report.documents[0].footnotes[0].links
    assert [(link.status, link.reason) for link in links] == [
        (LinkStatus.ERROR, Reason.INVALID_URL)
    ] * len(urls)
    assert resolver.asked == []


def test_malformed_urls_through_a_real_process(tmp_path: Path) -> None:
    """The issue's two tracebacks: a 25-line one (IDNA) and an 81-line ExceptionGroup (port)."""
    doc = motion(
        tmp_path, "https://xn--zz.de/a", "https://xn--a.de/", "https://example.org:99999/x"
    )
    done = subprocess.run(
        [sys.executable, "-m", "citecheck", "--no-cache", "-f", "json", str(doc)],
        env={**os.environ, "NO_COLOR": "1", "CITECHECK_RESOLVE": ""},  # knows no name at all
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    data = json.loads(done.stdout)
    links = all_links(data)
    assert {(link["status"], link["reason"]) for link in links} == {("error", "invalid_url")}
    messages = [p["message"] for f in data["documents"][0]["footnotes"] for p in f["problems"]]
    assert messages == [
        "Link could not be fetched: https://xn--zz.de/a (malformed URL: the URL has an invalid "
        "international (IDNA) label: 'xn--zz')",
        "Link could not be fetched: https://xn--a.de/ (malformed URL: the URL has an invalid "
        "international (IDNA) label: 'xn--a')",
        "Link could not be fetched: https://example.org:99999/x (malformed URL: the URL has port "
        "99999, which is out of range (1–65535))",
    ]


def test_an_internal_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: CheckRun) -> None:
        raise RuntimeError("the report\nbroke")

    monkeypatch.setattr(CheckRun, "report", broken)
    doc = motion(tmp_path, "https://www.bundestag.de/a")
    result = invoke("--offline", str(doc))
    assert result.exit_code == 2
    assert result.stderr == (
        "citecheck: internal error: RuntimeError: the report broke "
        "(run again with --debug for the traceback)\n"
    )
    debug = invoke("--offline", "--debug", str(doc))
    assert debug.exit_code == 2
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.endswith("citecheck: internal error: RuntimeError: the report broke\n")


def test_a_fetcher_that_raises_is_one_line_per_link(
    servers: LocalServers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: HttpFetcher, url: str) -> None:
        raise ValueError("odd")

    monkeypatch.setattr(HttpFetcher, "fetch", broken)
    doc = motion(tmp_path, servers.url("a.test", "/ok?diag=1"))
    result = invoke_net("--allow-private", "--no-cache", "-f", "json", str(doc))
    assert result.exit_code == 1
    assert [(link["status"], link["reason"]) for link in all_links(json.loads(result.stdout))] == [
        ("error", "internal_error")
    ]
    assert result.stderr.splitlines() == [
        f"citecheck: fetcher raised for {servers.url('a.test', '/ok?diag=1')}: ValueError: odd "
        "(--debug shows the details)"
    ]


def test_describe_unwraps_exception_groups() -> None:
    group = ExceptionGroup(
        "unhandled errors in a TaskGroup", [OverflowError("port must be 0-65535")]
    )
    assert describe(group) == "OverflowError: port must be 0-65535"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_dead_proxy_gets_one_hint(tmp_path: Path) -> None:
    doc = motion(tmp_path, "https://a.test/x", "https://b.test/y", "http://c.test/z")
    proxy = f"http://user:secret@127.0.0.1:{_closed_port()}"
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(NO_COLOR="1", CITECHECK_RESOLVE="", HTTPS_PROXY=proxy, HTTP_PROXY=proxy)
    done = subprocess.run(
        [sys.executable, "-m", "citecheck", "--no-cache", "--timeout", "2", "-f", "json", str(doc)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    links = all_links(json.loads(done.stdout))
    assert {link["reason"] for link in links} == {"connection"}
    (hint,) = done.stderr.splitlines()
    assert hint.startswith("citecheck: hint: every connection failed or was refused (3 links)")
    assert "127.0.0.1" in hint and "secret" not in hint and "HTTPS_PROXY" in hint


def test_every_link_timing_out_gets_one_hint(servers: LocalServers, tmp_path: Path) -> None:
    doc = motion(
        tmp_path, servers.url("a.test", "/hang?diag=t1"), servers.url("b.test", "/hang?diag=t2")
    )
    result = invoke_net("--allow-private", "--no-cache", "--timeout", "0.5", str(doc))
    assert result.exit_code == 0  # timeouts are warnings
    (hint,) = result.stderr.splitlines()
    assert hint.startswith("citecheck: hint: every link timed out (2 links)")


def test_no_hint_when_some_links_answer(servers: LocalServers, tmp_path: Path) -> None:
    doc = motion(
        tmp_path, servers.url("a.test", "/ok?diag=h"), servers.url("b.test", "/hang?diag=h")
    )
    result = invoke_net("--allow-private", "--no-cache", "--timeout", "0.5", str(doc))
    assert "hint" not in result.stderr


def test_help_documents_the_network_variables() -> None:
    text = " ".join(invoke("--help").stdout.split())
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "SSL_CERT_FILE", "--debug"):
        assert name in text
