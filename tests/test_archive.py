"""Archived copies against a local archive the tests start (CDX endpoint and replay, HTTP and
HTTPS; tests/archive_server.py), never the real Wayback Machine: which capture is taken, when a
copy is looked for, verification, drift (`source-changed`), politeness and the cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_server import ArchiveServer, Snapshot, page
from citecheck.check import check, exit_code
from citecheck.fetch.cache import CachedFetcher
from citecheck.fetch.http import HttpFetcher
from citecheck.models import FailOn, Footnote, LinkStatus, ProblemCode, Report, TargetFrom
from citecheck.options import ArchiveMode, CheckOptions, FetchOptions
from citecheck.parse import parse_bytes
from server import LocalServers, run

GONE = "/gone"  # the live host answers 404 for every path not set


@pytest.fixture(scope="module")
def archive(servers: LocalServers) -> Iterator[ArchiveServer]:
    with ArchiveServer(servers.ca) as server:
        yield server


@pytest.fixture
def web(archive: ArchiveServer) -> ArchiveServer:
    """The archive, emptied for one test."""
    archive.reset()
    return archive


def _fetch_options(ca_file: str) -> FetchOptions:
    return FetchOptions(
        timeout=5.0, allow_private=True, ca_file=ca_file, backoff=0.05, max_retry_after=2.0
    )


def _check(
    web: ArchiveServer,
    ca_file: str,
    text: str,
    *,
    mode: ArchiveMode = ArchiveMode.FAILING,
    archive_url: str | None = None,
    cache: Path | None = None,
) -> Report:
    """Check a Markdown motion against the live host and the archive."""
    document = parse_bytes(text.encode(), "antrag.md")
    options = CheckOptions(archive=mode, archive_url=archive_url or web.url)

    async def go() -> Report:
        fetcher = HttpFetcher(_fetch_options(ca_file), resolver=web.resolver())
        used = CachedFetcher(fetcher, cache) if cache is not None else fetcher
        try:
            return await check([document], used, options)
        finally:
            await used.aclose()

    return run(go())


def _motion(url: str, note: str = "", sentence: str = "Ein Satz", closing: str = "") -> str:
    return (
        f"# Antrag\n\n{sentence}.[^1]\n\n{closing}\n\n[^1]: Vgl. Bericht, {url}{note}\n"
        if closing
        else f"# Antrag\n\n{sentence}.[^1]\n\n[^1]: Vgl. Bericht, {url}{note}\n"
    )


def _footnote(report: Report) -> Footnote:
    return report.documents[0].footnotes[0]


def _codes(footnote: Footnote) -> list[ProblemCode]:
    return [p.code for p in footnote.problems]


def test_the_last_capture_before_the_access_date_wins(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url(GONE)
    web.state.captures += [
        Snapshot("20230101120000", url, page("Bericht", "alt")),
        Snapshot("20240301080000", url, page("Bericht", "richtig")),
        Snapshot("20240401080000", url, page("Bericht", "neuer")),
    ]
    report = _check(web, ca_file, _motion(url, ", abgerufen am 3. März 2024."))
    link = _footnote(report).links[0]
    assert link.status is LinkStatus.DEAD
    assert link.archive is not None
    assert link.archive.timestamp == "20240301080000"
    assert link.archive.url == f"{web.url}/web/20240301080000/{url}"
    assert (link.archive.target, link.archive.target_from) == ("2024-03-03", TargetFrom.ACCESSED)
    assert link.archive.verified
    assert "to=20240303" in web.state.queries[0] and "limit=-1" in web.state.queries[0]
    assert len(web.state.queries) == 1  # found on or before: no second query
    assert "archived copy of 1 Mar 2024 (verified)" in _footnote(report).problems[0].message


def test_only_captures_after_the_date_give_the_first_after(
    web: ArchiveServer, ca_file: str
) -> None:
    url = web.live_url(GONE)
    web.state.captures += [
        Snapshot("20240601000000", url, page("Bericht", "erste danach")),
        Snapshot("20240901000000", url, page("Bericht", "zweite danach")),
    ]
    link = _footnote(_check(web, ca_file, _motion(url, ", Zugriff am 03.03.2024"))).links[0]
    assert link.archive is not None and link.archive.timestamp == "20240601000000"
    assert "from=20240303" in web.state.queries[1] and "limit=1" in web.state.queries[1]


def test_no_capture_is_null(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url(GONE)
    report = _check(web, ca_file, _motion(url, ", abgerufen am 3. März 2024."))
    assert _footnote(report).links[0].archive is None
    assert len(web.state.queries) == 2  # to, then from


@pytest.mark.parametrize(
    "body",
    [
        page("Seite nicht gefunden", "Die angeforderte Seite konnte nicht gefunden werden."),
        page("Error 404", "Page not found"),
        page("Ganz etwas anderes", "Ein anderer Text."),  # the cited title is a mismatch
    ],
)
def test_archived_error_pages_are_not_verified(
    web: ArchiveServer, ca_file: str, body: bytes
) -> None:
    url = web.live_url(GONE)
    web.state.captures.append(Snapshot("20240301000000", url, body))
    text = f"# Antrag\n\nSatz.[^1]\n\n[^1]: Vgl. „Bericht zur Lage der Dinge“, {url}\n"
    link = _footnote(_check(web, ca_file, text)).links[0]
    assert link.archive is not None and not link.archive.verified
    assert "(not verified)" in _footnote(_check(web, ca_file, text)).problems[0].message


def test_a_cdx_row_whose_statuscode_is_not_200_is_filtered_out(
    web: ArchiveServer, ca_file: str
) -> None:
    url = web.live_url(GONE)
    web.state.honor_filter = False  # the server returns archived 404s: the client drops them
    web.state.captures.append(Snapshot("20240301000000", url, page("404", "weg"), "404"))
    link = _footnote(_check(web, ca_file, _motion(url, ", abgerufen am 3. März 2024."))).links[0]
    assert link.archive is None
    assert all("filter=statuscode:200" in q for q in web.state.queries)


def test_the_document_date_is_the_target_when_the_footnote_has_none(
    web: ArchiveServer, ca_file: str
) -> None:
    url = web.live_url(GONE)
    web.state.captures += [
        Snapshot("20241101000000", url, page("Bericht", "vorher")),
        Snapshot("20241201000000", url, page("Bericht", "nachher")),
    ]
    text = _motion(url, closing="Berlin, den 14. November 2024")
    link = _footnote(_check(web, ca_file, text)).links[0]
    assert link.archive is not None and link.archive.timestamp == "20241101000000"
    assert (link.archive.target, link.archive.target_from) == ("2024-11-14", TargetFrom.DOCUMENT)


def test_without_any_date_the_latest_capture(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url(GONE)
    web.state.captures += [
        Snapshot("20200101000000", url, page("Bericht", "alt")),
        Snapshot("20250101000000", url, page("Bericht", "neu")),
    ]
    link = _footnote(_check(web, ca_file, _motion(url))).links[0]
    assert link.archive is not None and link.archive.timestamp == "20250101000000"
    assert (link.archive.target, link.archive.target_from) == (None, TargetFrom.NONE)
    assert "to=" not in web.state.queries[0] and "limit=-1" in web.state.queries[0]


def test_a_month_target_means_its_last_day(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url(GONE)
    _check(web, ca_file, _motion(url, ", Stand: Februar 2024"))
    assert "to=20240229" in web.state.queries[0]


def test_a_figure_gone_from_the_live_page_is_source_changed(
    web: ArchiveServer, ca_file: str
) -> None:
    url = web.live_url("/zahlen")
    web.state.live["/zahlen"] = (200, page("Bericht", "Die Angriffe stiegen deutlich."))
    web.state.captures.append(
        Snapshot("20230816000000", url, page("Bericht", "Die Angriffe stiegen um 27 Prozent."))
    )
    text = _motion(url, ", abgerufen am 20.08.2023", sentence="Die Angriffe stiegen um 27 Prozent")
    footnote = _footnote(_check(web, ca_file, text))
    assert footnote.figures[0].value == "27 Prozent" and not footnote.figures[0].found
    assert ProblemCode.FIGURE_NOT_IN_SOURCE not in _codes(footnote)
    (changed,) = [p for p in footnote.problems if p.code is ProblemCode.SOURCE_CHANGED]
    assert changed.severity.value == "warning"
    assert changed.message.startswith(
        "„27 Prozent“ is in the archived copy of 16 Aug 2023 but no longer on the live page"
    )
    assert footnote.links[0].status is LinkStatus.OK  # the copy never changes the status


def test_a_figure_in_neither_keeps_its_problem(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url("/zahlen")
    web.state.live["/zahlen"] = (200, page("Bericht", "Die Angriffe stiegen deutlich."))
    web.state.captures.append(Snapshot("20230816000000", url, page("Bericht", "Auch hier nicht.")))
    text = _motion(url, ", abgerufen am 20.08.2023", sentence="Die Angriffe stiegen um 27 Prozent")
    footnote = _footnote(_check(web, ca_file, text))
    assert ProblemCode.FIGURE_NOT_IN_SOURCE in _codes(footnote)
    assert ProblemCode.SOURCE_CHANGED not in _codes(footnote)
    assert footnote.links[0].archive is not None  # looked for, found, but it lacks the figure


def test_a_changed_title_is_source_changed(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url("/artikel")
    web.state.live["/artikel"] = (200, page("Ein völlig neuer Artikel über Wetter", "Text."))
    web.state.captures.append(
        Snapshot("20240301000000", url, page("Cyberangriffe auf Deutschland nehmen zu", "Text."))
    )
    text = (
        "# Antrag\n\nSatz.[^1]\n\n[^1]: Vgl. „Cyberangriffe auf Deutschland nehmen zu“, "
        f"{url}, abgerufen am 3. März 2024.\n"
    )
    footnote = _footnote(_check(web, ca_file, text))
    assert ProblemCode.TITLE_MISMATCH not in _codes(footnote)
    (changed,) = [p for p in footnote.problems if p.code is ProblemCode.SOURCE_CHANGED]
    assert "is in the archived copy of 1 Mar 2024" in changed.message
    assert footnote.links[0].archive is not None and footnote.links[0].archive.verified


def test_a_live_page_with_its_figures_is_not_looked_up(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url("/zahlen")
    web.state.live["/zahlen"] = (200, page("Bericht", "Die Angriffe stiegen um 27 %."))
    text = _motion(url, sentence="Die Angriffe stiegen um 27 Prozent")
    footnote = _footnote(_check(web, ca_file, text))
    assert footnote.figures[0].found
    assert footnote.links[0].archive is None
    assert web.state.queries == []


def test_all_looks_up_every_link_and_never_none(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url("/da")
    web.state.live["/da"] = (200, page("Bericht", "Text."))
    web.state.captures.append(Snapshot("20240301000000", url, page("Bericht", "Text.")))
    ok = _footnote(_check(web, ca_file, _motion(url), mode=ArchiveMode.ALL)).links[0]
    assert ok.archive is not None and ok.archive.verified
    web.state.queries.clear()
    gone = web.live_url(GONE)
    never = _footnote(_check(web, ca_file, _motion(gone), mode=ArchiveMode.NEVER)).links[0]
    assert never.archive is None and web.state.queries == []


def test_a_rate_limited_archive_is_asked_again(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url(GONE)
    web.state.captures.append(Snapshot("20240301000000", url, page("Bericht", "Text.")))
    web.state.rate_limited = 1  # 429 with Retry-After: 1, then the answer
    link = _footnote(_check(web, ca_file, _motion(url, ", abgerufen am 3.3.2024"))).links[0]
    assert web.state.refused == 1
    assert link.archive is not None and link.archive.timestamp == "20240301000000"


def test_an_https_archive(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url(GONE)
    web.state.captures.append(Snapshot("20240301000000", url, page("Bericht", "Text.")))
    text = _motion(url, ", abgerufen am 3.3.2024")
    link = _footnote(_check(web, ca_file, text, archive_url=web.tls_url)).links[0]
    assert link.archive is not None and link.archive.verified
    assert link.archive.url.startswith(web.tls_url + "/web/20240301000000/")


def test_cdx_answers_are_cached(web: ArchiveServer, ca_file: str, tmp_path: Path) -> None:
    url = web.live_url(GONE)
    web.state.captures.append(Snapshot("20240301000000", url, page("Bericht", "Text.")))
    text = _motion(url, ", abgerufen am 3.3.2024")
    cache = tmp_path / "links.sqlite3"
    first = _footnote(_check(web, ca_file, text, cache=cache)).links[0]
    asked = len(web.state.queries)
    second = _footnote(_check(web, ca_file, text, cache=cache)).links[0]
    assert asked == 1 and len(web.state.queries) == asked  # the second run asked nothing
    assert first.archive == second.archive


def test_a_copy_changes_neither_status_nor_exit_code(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url(GONE)
    text = _motion(url, ", abgerufen am 3.3.2024")
    without = _check(web, ca_file, text)
    web.state.captures.append(Snapshot("20240301000000", url, page("Bericht", "Text.")))
    with_copy = _check(web, ca_file, text)
    assert _footnote(with_copy).links[0].archive is not None
    for report in (without, with_copy):
        assert _footnote(report).links[0].status is LinkStatus.DEAD
    assert exit_code(without, FailOn.ERROR) == exit_code(with_copy, FailOn.ERROR) == 1
    assert without.summary == with_copy.summary


def test_offline_looks_for_nothing(web: ArchiveServer) -> None:
    document = parse_bytes(_motion(web.live_url(GONE)).encode(), "antrag.md")
    report = run(check([document], None, CheckOptions(offline=True, archive_url=web.url)))
    assert _footnote(report).links[0].archive is None
    assert web.state.queries == []


def test_the_command_line_flag_and_configuration(web: ArchiveServer, tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from citecheck.cli import app

    url = web.live_url(GONE)
    web.state.captures.append(Snapshot("20240301000000", url, page("Bericht", "Text.")))
    doc = tmp_path / "antrag.md"
    doc.write_text(_motion(url, ", abgerufen am 3.3.2024"), encoding="utf-8")
    config = tmp_path / "citecheck.toml"
    config.write_text(f'archive_url = "{web.url}"\n', encoding="utf-8")
    resolve = "archive.test=127.0.0.1,live.test=127.0.0.1"
    runner = CliRunner(env={"NO_COLOR": "1", "CITECHECK_RESOLVE": resolve})
    base = ["--allow-private", "--no-cache", "--config", str(config), "-f", "json", str(doc)]

    found = runner.invoke(app, base, catch_exceptions=False)
    (link,) = json.loads(found.stdout)["documents"][0]["footnotes"][0]["links"]
    assert link["archive"]["url"] == f"{web.url}/web/20240301000000/{url}"
    assert found.exit_code == 1  # the dead link fails the run, copy or not

    web.state.queries.clear()
    never = runner.invoke(app, ["--archive", "never", *base], catch_exceptions=False)
    (link,) = json.loads(never.stdout)["documents"][0]["footnotes"][0]["links"]
    assert link["archive"] is None and web.state.queries == []
    assert never.exit_code == 1


def test_an_ibid_footnote_looks_in_the_copy_of_its_source(web: ArchiveServer, ca_file: str) -> None:
    url = web.live_url("/bericht")
    web.state.live["/bericht"] = (200, page("Bericht", "Die Lage ist ernst."))
    web.state.captures.append(
        Snapshot("20230816000000", url, page("Bericht", "Die Angriffe stiegen um 27 Prozent."))
    )
    text = (
        "# Antrag\n\nDie Lage ist ernst.[^1] Die Angriffe stiegen um 27 Prozent.[^2]\n\n"
        f"[^1]: Vgl. Bericht, {url}, abgerufen am 20.08.2023\n[^2]: Ebd.\n"
    )
    first, second = _check(web, ca_file, text).documents[0].footnotes
    assert second.ibid_of == 1
    assert first.links[0].archive is not None and first.links[0].archive.verified
    assert ProblemCode.SOURCE_CHANGED in _codes(second)
    assert ProblemCode.FIGURE_NOT_IN_SOURCE not in _codes(second)
