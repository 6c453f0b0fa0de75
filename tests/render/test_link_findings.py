"""A footnote with two dead links gives two findings, each naming only its own URL, in every
format: through `check()` with the real fetcher and through the command line, against the local
servers (tests/server.py) with both links really dead."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from citecheck.check import check
from citecheck.cli import app
from citecheck.fetch.http import HttpFetcher
from citecheck.models import Document, ProblemCode, Report
from citecheck.options import CheckOptions, FetchOptions
from citecheck.parse import load_document
from citecheck.render import OutputFormat, get_renderer
from server import NAMES, LocalServers, run

MOTION = "# Antrag\n\nDie Quellen sind verschwunden.[^1]\n\n[^1]: Vgl. {first} und {second}\n"


def _dead_urls(servers: LocalServers, case: str) -> tuple[str, str]:
    """Two URLs on two hosts that answer 404 and 410."""
    return (
        servers.url("a.test", f"/status/404?two-dead={case}"),
        servers.url("b.test", f"/status/410?two-dead={case}"),
    )


def _motion(tmp_path: Path, urls: tuple[str, str]) -> Path:
    path = tmp_path / "antrag.md"
    path.write_text(MOTION.format(first=urls[0], second=urls[1]), encoding="utf-8")
    return path


def _names_only(text: str, own: str, urls: tuple[str, str]) -> bool:
    """`text` names `own` and no other of `urls`."""
    return own in text and not any(url in text for url in urls if url != own)


def _assert_each_finding_names_its_own_url(
    fmt: OutputFormat, text: str, urls: tuple[str, str]
) -> None:
    """Two dead-link findings in `text`, the first naming only urls[0], the second urls[1]."""
    match fmt:
        case OutputFormat.JSON:
            (footnote,) = json.loads(text)["documents"][0]["footnotes"]
            dead = [p for p in footnote["problems"] if p["code"] == "dead-link"]
            assert [p["url"] for p in dead] == list(urls)
            findings = [p["message"] for p in dead]
        case OutputFormat.SARIF:
            results = json.loads(text)["runs"][0]["results"]
            dead = [r for r in results if r["ruleId"] == "dead-link"]
            assert [[link["url"] for link in r["properties"]["links"]] for r in dead] == [
                [urls[0]],
                [urls[1]],
            ]
            findings = [r["message"]["text"] for r in dead]
        case OutputFormat.TABLE:
            # A finding is a block: its heading line, then its indented details.
            problems = text.split("Problems", 1)[1].split("Footnotes", 1)[0]
            blocks = re.split(r"\n(?=  \S)", problems.strip("\n"))
            findings = [block for block in blocks if "dead link" in block.splitlines()[0]]
        case OutputFormat.MARKDOWN | OutputFormat.GITHUB:
            findings = [line for line in text.splitlines() if "dead link" in line]
        case OutputFormat.HTML:
            items = BeautifulSoup(text, "html.parser").select("ul.problems li")
            findings = [li.get_text() for li in items if "dead link" in li.get_text()]
    assert len(findings) == 2, text
    for finding, own in zip(findings, urls, strict=True):
        assert _names_only(finding, own, urls), finding


def _check(servers: LocalServers, options: FetchOptions, path: Path) -> Report:
    async def go() -> Report:
        async with HttpFetcher(options, servers.resolver()) as fetcher:
            return await check([load_document(str(path))], fetcher, CheckOptions())

    return run(go())


def test_two_dead_links_are_two_findings_through_check(
    servers: LocalServers, options: FetchOptions, tmp_path: Path
) -> None:
    urls = _dead_urls(servers, "check")
    report = _check(servers, options, _motion(tmp_path, urls))
    (document,) = report.documents
    _assert_own_urls_on_the_model(document, urls)
    for fmt in OutputFormat:
        text = get_renderer(fmt, width=250).render(report)
        _assert_each_finding_names_its_own_url(fmt, text, urls)


def _assert_own_urls_on_the_model(document: Document, urls: tuple[str, str]) -> None:
    (footnote,) = document.footnotes
    assert [(link.status.value, link.http_status) for link in footnote.links] == [
        ("dead", 404),
        ("dead", 410),
    ]
    dead = [p for p in footnote.problems if p.code is ProblemCode.DEAD_LINK]
    assert [p.url for p in dead] == list(urls)
    for problem, own in zip(dead, urls, strict=True):
        assert _names_only(problem.message, own, urls)


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_two_dead_links_are_two_findings_through_the_cli(
    servers: LocalServers, tmp_path: Path, fmt: OutputFormat
) -> None:
    urls = _dead_urls(servers, f"cli-{fmt.value}")
    resolve = ",".join(f"{name}={address}" for name, address in NAMES.items())
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "250", "CITECHECK_RESOLVE": resolve})
    args = ["--allow-private", "--no-cache", "--timeout", "5", "-f", fmt.value]
    result = runner.invoke(app, [*args, str(_motion(tmp_path, urls))], catch_exceptions=False)
    assert result.exit_code == 1, result.stderr  # dead links are errors
    _assert_each_finding_names_its_own_url(fmt, result.stdout, urls)
