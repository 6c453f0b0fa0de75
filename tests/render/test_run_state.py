"""Issue 14, the report side: the run state (interrupted, offline) in every format, cache
evidence and its age, severities and the verdict for tool authors, quiet mode, locations a person
can find (PDF page, DOCX paragraph), a typo shown as a typo, title suggestions only when asked,
and the words in English and German. Runs go through `CheckRun`/`check` with fetchers that
answer from tables (no network)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.check import CheckRun, check, exit_code
from citecheck.fetch.cache import CachedFetcher
from citecheck.models import (
    Document,
    FailOn,
    Fetched,
    Footnote,
    Redirect,
    Reference,
    Report,
)
from citecheck.options import CheckOptions
from citecheck.render import OutputFormat, get_renderer
from citecheck.render.github import GithubRenderer
from citecheck.render.json import iso_time, report_to_dict
from citecheck.render.markdown import MarkdownRenderer
from citecheck.render.sarif import SarifRenderer
from citecheck.render.table import TableRenderer
from citecheck.schema import load_schema

from ._reports import sample_report

OK = "https://a.example/ok"
GONE = "https://b.example/gone"
STALL = "https://c.example/stall"
MOVED = "https://d.example/alt"
NOW = 1_800_000_000.0
SARIF_SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "schemas" / "sarif-2.1.0.json").read_text("utf-8")
)


class TableFetcher:
    """Answers from a table; a URL missing from it never answers (the run must be stopped)."""

    def __init__(self, answers: dict[str, Fetched]) -> None:
        self.answers = answers

    async def fetch(self, url: str) -> Fetched:
        if url in self.answers:
            return self.answers[url]
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        pass


def _page(url: str, status: int = 200, **kwargs: Any) -> Fetched:
    return Fetched(url=url, final_url=url, http_status=status, page_title="Seite", **kwargs)


def _document(*urls: str, fmt: str = "markdown") -> Document:
    footnotes = tuple(
        Footnote(
            number=n,
            line=20 + n,
            text=f"Vgl. {url}",
            urls=(url,),
            references=(Reference(line=n, context=f"Satz {n}."),),
        )
        for n, url in enumerate(urls, start=1)
    )
    return Document("antrag.md", fmt, footnotes)


def _interrupted(*urls: str, answers: dict[str, Fetched]) -> Report:
    """A run stopped once every answerable URL is in (the others never answer)."""

    async def go() -> Report:
        run = CheckRun([_document(*urls)], CheckOptions())
        task = asyncio.ensure_future(run.fetch_all(TableFetcher(answers)))
        while run.done < len(answers):
            await asyncio.sleep(0.005)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return run.report()

    return asyncio.run(go())


def _checked(*urls: str, answers: dict[str, Fetched], **options: Any) -> Report:
    return asyncio.run(check([_document(*urls)], TableFetcher(answers), CheckOptions(**options)))


def _validate_json(report: Report) -> dict[str, Any]:
    data = report_to_dict(report)
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    return data


def _sarif(report: Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(SarifRenderer().render(report))
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    assert not list(validator.iter_errors(log))
    return log


# ---------------------------------------------------------------- run state


def test_an_interrupted_run_says_so_in_every_format_and_never_passes() -> None:
    # One link checked and fine, one never answered: no finding, yet no green verdict.
    report = _interrupted(OK, STALL, answers={OK: _page(OK)})
    assert report.interrupted and report.summary.verdict == "fail"
    state = "interrupted: 1 of 2 links checked"

    data = _validate_json(report)
    assert data["interrupted"] is True and data["offline"] is False
    assert data["summary"]["verdict"] == "fail"
    links = [f["links"][0] for f in data["documents"][0]["footnotes"]]
    assert [(link["status"], link["reason"]) for link in links] == [
        ("ok", None),
        ("skipped", "interrupted"),
    ]

    markdown = MarkdownRenderer().render(report)
    assert markdown.startswith(f"## ⏸️ citecheck: {state}\n")
    assert "✅ citecheck" not in markdown and "pass" not in markdown
    assert f"**Result:** {state} · no findings" in markdown

    github = GithubRenderer().render(report).splitlines()
    assert github[0] == f"::error title=citecheck%3A interrupted::{state}"
    assert github[-1].endswith(f"— {state}") and "pass" not in github[-1]

    (run,) = _sarif(report)["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note == {"level": "error", "message": {"text": f"{state}."}}
    assert run["properties"]["interrupted"] is True

    table = TableRenderer(width=80).render(report)
    assert table.rstrip().endswith(f"Result: {state}") and "pass" not in table


def test_an_interrupted_run_with_findings_keeps_them() -> None:
    report = _interrupted(GONE, STALL, answers={GONE: _page(GONE, 404)})
    assert report.summary.by_severity == {"error": 1, "warning": 0, "info": 0}
    markdown = MarkdownRenderer().render(report)
    assert markdown.startswith("## ⏸️ citecheck: interrupted: 1 of 2 links checked\n")
    assert "· 1 error" in markdown and "[dead link](" in markdown


def test_a_complete_run_is_not_interrupted() -> None:
    report = _checked(OK, answers={OK: _page(OK)})
    assert not report.interrupted and report.summary.verdict == "pass"
    assert _validate_json(report)["interrupted"] is False
    (invocation,) = _sarif(report)["runs"][0]["invocations"]
    assert invocation == {"executionSuccessful": True}
    assert "Result: pass (fail on: error)" in TableRenderer(width=80).render(report)


def test_an_offline_run_says_so_in_every_format() -> None:
    report = CheckRun([_document(OK, GONE)], CheckOptions(offline=True)).report()
    assert report.offline and not report.interrupted
    state = "offline: links were not fetched"
    data = _validate_json(report)
    assert data["offline"] is True and data["interrupted"] is False
    assert data["summary"]["verdict"] == "pass"
    assert state in MarkdownRenderer().render(report)
    github = GithubRenderer().render(report).splitlines()
    assert github[-2] == f"::notice title=citecheck%3A offline::{state}"
    assert github[-1].endswith(state)
    (run,) = _sarif(report)["runs"]
    assert run["properties"]["offline"] is True
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"][0]["level"] == "note"
    assert state in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert f"Result: pass (fail on: error) · {state}" in TableRenderer(width=80).render(report)


# ---------------------------------------------------------------- cache


def test_cached_verdicts_carry_their_age_in_json_table_and_markdown() -> None:
    obtained = NOW - 3 * 3600 - 120
    answers = {
        GONE: _page(GONE, 404, from_cache=True, checked_at=obtained),
        OK: _page(OK),
    }
    before = time.time()
    report = _checked(GONE, OK, answers=answers)
    data = _validate_json(report)
    gone, fresh = (f["links"][0] for f in data["documents"][0]["footnotes"])
    assert (gone["cached"], gone["checked_at"]) == (True, iso_time(obtained))
    assert gone["checked_at"] == "2027-01-15T04:58:00Z"
    assert fresh["cached"] is False
    stamped = fresh["checked_at"]
    assert stamped is not None and stamped.endswith("Z")
    fetched = report.documents[0].footnotes[1].links[0].fetched
    assert fetched is not None and fetched.checked_at is not None
    assert abs(fetched.checked_at - before) < 60

    table = TableRenderer(width=80, now=NOW, verbose=True).render(report)
    assert "not found · HTTP 404 · cached, 3 h ago" in table
    assert table.count("cached") == 2  # the finding and the footnote; the fresh link is not
    markdown = MarkdownRenderer(now=NOW).render(report)
    assert "❌ dead (not found, cached, 3 h ago)" in markdown
    assert "(not found, HTTP 404, cached, 3 h ago)" in markdown
    german = TableRenderer(width=80, now=NOW, lang="de").render(report)
    assert "aus dem Cache, vor 3 h" in german


@pytest.mark.parametrize(
    ("age", "words"),
    [(30, "30 s ago"), (600, "10 min ago"), (7200, "2 h ago"), (3 * 86400, "3 d ago")],
)
def test_cache_ages_in_words(age: float, words: str) -> None:
    answers = {GONE: _page(GONE, 404, from_cache=True, checked_at=NOW - age)}
    report = _checked(GONE, answers=answers)
    assert f"cached, {words}" in TableRenderer(width=80, now=NOW).render(report)


def test_the_cache_keeps_when_a_verdict_was_obtained(tmp_path: Path) -> None:
    # Through the real on-disk cache: the second run is answered from it, with the first's time.
    path = tmp_path / "links.sqlite3"

    def run_once() -> Report:
        fetcher = CachedFetcher(TableFetcher({OK: _page(OK)}), path)

        async def go() -> Report:
            try:
                return await check([_document(OK)], fetcher, CheckOptions())
            finally:
                await fetcher.aclose()

        return asyncio.run(go())

    first = report_to_dict(run_once())["documents"][0]["footnotes"][0]["links"][0]
    time.sleep(1.1)
    second = report_to_dict(run_once())["documents"][0]["footnotes"][0]["links"][0]
    assert (first["cached"], second["cached"]) == (False, True)
    assert first["checked_at"] is not None
    assert abs(_epoch(second["checked_at"]) - _epoch(first["checked_at"])) <= 1


def _epoch(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


# ---------------------------------------------------------------- verdict and severities


@pytest.mark.parametrize(
    ("fail_on", "verdict"),
    [(FailOn.ERROR, "pass"), (FailOn.WARNING, "fail"), (FailOn.NEVER, "pass")],
)
def test_verdict_is_the_exit_codes_decision(fail_on: FailOn, verdict: str) -> None:
    # A permanent redirect: one warning, no error.
    moved = Fetched(
        url=MOVED,
        final_url="https://d.example/neu",
        http_status=200,
        redirects=(Redirect(MOVED, 301),),
        page_title="Neu",
    )
    report = _checked(MOVED, answers={MOVED: moved}, fail_on=fail_on)
    assert report.fail_on is fail_on
    assert report.summary.by_severity == {"error": 0, "warning": 1, "info": 0}
    assert report.summary.verdict == verdict
    assert exit_code(report, fail_on) == (1 if verdict == "fail" else 0)
    data = _validate_json(report)
    assert data["summary"]["verdict"] == verdict
    assert data["summary"]["fail_on"] == fail_on.value
    assert data["summary"]["by_severity"] == {"error": 0, "warning": 1, "info": 0}
    # The redirect shows its own 301, also in the problem's message (no raw reason code).
    (problem,) = data["documents"][0]["footnotes"][0]["problems"]
    assert problem["message"] == (
        f"Link redirects: {MOVED} (HTTP 301, moved permanently) → https://d.example/neu"
    )


def test_schema_rejects_a_bad_verdict_or_cache_field() -> None:
    good = report_to_dict(sample_report())
    for path, value in (
        (("summary", "verdict"), "maybe"),
        (("summary", "by_severity"), {"error": 1}),
        (("interrupted",), "no"),
    ):
        broken = json.loads(json.dumps(good))
        target = broken if len(path) == 1 else broken[path[0]]
        target[path[-1]] = value
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft202012Validator(load_schema()).validate(broken)
    broken = json.loads(json.dumps(good))
    broken["documents"][0]["footnotes"][0]["links"][0]["cached"] = "yes"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(load_schema()).validate(broken)


# ---------------------------------------------------------------- quiet


def test_quiet_shows_only_findings_at_or_above_fail_on() -> None:
    report = sample_report()  # fail_on error: 4 errors, 8 warnings, 3 notes
    table = TableRenderer(width=100, quiet=True).render(report)
    heads = [line.split()[1] for line in table.splitlines() if line.startswith("  ✗ ")]
    assert heads == ["error"] * 4
    assert "⚠ warning" not in table and "i note" not in table
    assert "Footnotes" not in table and "clean.md" not in table
    assert table.rstrip().endswith("Result: fail (fail on: error)")

    warning = dataclasses.replace(report, fail_on=FailOn.WARNING)
    text = TableRenderer(width=100, quiet=True).render(warning)
    assert "⚠ warning" in text and "i note" not in text
    never = TableRenderer(width=100, quiet=True).render(
        dataclasses.replace(report, fail_on=FailOn.NEVER)
    )
    assert "Problems" not in never and "Summary:" in never

    markdown = MarkdownRenderer(quiet=True).render(report)
    assert "<details>" not in markdown and "⚠️ warning |" not in markdown
    assert markdown.count("| ❌ error |") == 4
    github = GithubRenderer(quiet=True).render(report).splitlines()
    assert [line.split()[0] for line in github[:-1]] == ["::error"] * 4
    # get_renderer passes the option on; the machine formats stay complete.
    for fmt in (OutputFormat.TABLE, OutputFormat.MARKDOWN, OutputFormat.GITHUB):
        assert "⚠" not in get_renderer(fmt, quiet=True).render(report).split("Summary")[0]
    assert "warning" in get_renderer(OutputFormat.JSON, quiet=True).render(report)


# ---------------------------------------------------------------- locations, titles


def test_docx_locations_name_the_paragraph() -> None:
    report = sample_report()
    docx = dataclasses.replace(report.documents[0], format="docx", path="antrag.docx")
    report = dataclasses.replace(report, documents=(docx,))
    table = TableRenderer(width=100).render(report)
    assert "✗ error   paragraph 32 · footnote 3 · dead link" in table
    assert "line 32" not in table
    markdown = MarkdownRenderer().render(report)
    assert "| paragraph 32 | 3 | ❌ error | [dead link](" in markdown
    german = TableRenderer(width=100, lang="de").render(report)
    assert "Absatz 32 · Fußnote 3 · toter Link" in german


def test_a_typo_is_a_typo_in_markdown_too() -> None:
    markdown = MarkdownRenderer().render(sample_report())
    assert "| ✏️ typo: Zeitwende in Japan<br>page: Zeitenwende in Japan |" in markdown
    assert "✅ Zeitenwende in Japan" not in markdown


def test_title_suggestions_only_when_asked_in_markdown() -> None:
    report = sample_report()
    document = report.documents[0]
    bare = dataclasses.replace(
        document.footnotes[1], cited_title=None, suggested_title="Neue Seite – Überblick"
    )
    document = dataclasses.replace(
        document, footnotes=(document.footnotes[0], bare, *document.footnotes[2:])
    )
    report = dataclasses.replace(report, documents=(document,))
    assert "add title" not in MarkdownRenderer().render(report)
    asked = MarkdownRenderer(suggest_titles=True).render(report)
    assert "add title: „Neue Seite – Überblick“" in asked
    via = get_renderer(OutputFormat.TABLE, suggest_titles=True, width=100).render(report)
    assert "add title: „Neue Seite – Überblick“" in via


# ---------------------------------------------------------------- language


def test_the_table_in_german_has_no_raw_codes() -> None:
    text = TableRenderer(width=100, lang="de").render(sample_report())
    assert "Probleme" in text and "Fußnoten" in text
    assert "✗ Fehler  Zeile 32 · Fußnote 3 · toter Link" in text
    assert "Der Server meldet, dass es die Seite nicht gibt (HTTP 404)." in text
    assert "✗ tot · nicht gefunden · HTTP 404" in text
    assert "Titel ~ Tippfehler (0.97)" in text
    assert "Ergebnis: nicht bestanden (scheitert ab: Fehler)" in text
    for raw in ("dead-link", "not_found", "bot_protection", "soft-404", "title-typo"):
        assert raw not in text


def test_markdown_and_github_in_german() -> None:
    markdown = MarkdownRenderer(lang="de").render(sample_report())
    assert markdown.startswith("## ❌ citecheck: 4 Fehler, 8 Warnungen, 3 Hinweise\n")
    assert "| Stelle | Fn. | Schwere | Problem | Befund |" in markdown
    docs = "https://github.com/citecheck/citecheck/blob/main/docs/codes.md"
    assert f"[toter Link]({docs}#dead-link)" in markdown
    github = GithubRenderer(lang="de").render(sample_report())
    assert "4 Fehler, 8 Warnungen, 3 Hinweise (3 Dokumente, 12 Fußnoten, 11 Links)" in github


def test_the_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert "Zeile 32 · Fußnote 3 · toter Link" in TableRenderer(width=100).render(sample_report())
    assert "Zeile 32" not in TableRenderer(width=100, lang="en").render(sample_report())
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert "line 32 · footnote 3 · dead link" in TableRenderer(width=100).render(sample_report())


def test_the_cli_verdict_matches_its_exit_code(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from citecheck.cli import app

    motion = tmp_path / "antrag.md"
    # Footnote 2 is never cited: one warning.
    motion.write_text("Satz.[^1]\n\n[^1]: Vgl. https://a.example/\n[^2]: Vgl. https://b.example/\n")
    runner = CliRunner()
    for fail_on, code in (("error", 0), ("warning", 1)):
        args = ["--offline", "--isolated", "-f", "json", "--fail-on", fail_on, str(motion)]
        result = runner.invoke(app, args)
        assert result.exit_code == code, result.output
        summary = json.loads(result.stdout)["summary"]
        assert summary["fail_on"] == fail_on
        assert summary["verdict"] == ("fail" if code else "pass")
        assert summary["by_severity"]["warning"] >= 1


def test_a_home_page_redirect_is_described_as_such() -> None:
    deep = "https://e.example/politik/bericht-2021.html"
    home = Fetched(
        url=deep,
        final_url="https://e.example/",
        http_status=200,
        redirects=(Redirect(deep, 301),),
        page_title="Startseite",
    )
    report = _checked(deep, answers={deep: home})
    (link,) = report.documents[0].footnotes[0].links
    assert (link.status.value, link.reason) == ("soft_404", "homepage_redirect")
    (problem,) = [p for p in report.documents[0].footnotes[0].problems if p.url == deep]
    assert problem.message == (
        f"Link forwards to the site's home page (soft 404): {deep} "
        "(HTTP 301, forwards to the home page) → https://e.example/"
    )
    assert "does not exist" not in problem.message
    table = TableRenderer(width=100).render(report)
    assert "✗ soft 404 · forwards to the home page · HTTP 301" in table
    assert "The address now forwards to the site's home page: the cited page is gone." in table
    assert "says the document does not exist" not in table
    markdown = MarkdownRenderer().render(report)
    assert "👻 soft 404 (forwards to the home page) | 301 |" in markdown


def test_a_finding_about_the_whole_document_says_so() -> None:
    table = TableRenderer(width=100).render(sample_report())
    assert "  ⚠ warning whole document · nothing found" in table
    german = TableRenderer(width=100, lang="de").render(sample_report())
    assert "  ⚠ Warnung ganzes Dokument · nichts gefunden" in german


@given(
    st.floats(min_value=-1e9, max_value=4e9, allow_nan=False)
    | st.integers(min_value=0, max_value=4_000_000_000).flatmap(
        lambda s: st.sampled_from([s, s + 0.5, s + 0.998999, s + 0.999, s + 0.9999995, s - 1e-7])
    )
)
@settings(max_examples=500)
def test_iso_time_by_the_second_is_datetime_s(epoch: float) -> None:
    """`iso_time` writes each second once (kept): the text `datetime` writes for any epoch,
    also where rounding to microseconds carries into the next second."""
    moment = datetime.fromtimestamp(epoch, UTC).replace(microsecond=0)
    assert iso_time(epoch) == moment.isoformat().replace("+00:00", "Z")
