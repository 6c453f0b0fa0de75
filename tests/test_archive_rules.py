"""The pure rules of archived copies (citecheck.archive), their settings, and how every format
shows a copy next to its link."""

from __future__ import annotations

import json

import jsonschema
import pytest

from citecheck.archive import (
    Capture,
    Target,
    archive_copy,
    archive_note,
    capture_date,
    cdx_queries,
    parse_cdx,
    target_of,
    wants_archive,
)
from citecheck.config import Overrides, resolve
from citecheck.errors import ConfigError
from citecheck.models import (
    ArchiveCopy,
    Document,
    Fetched,
    Footnote,
    Link,
    LinkStatus,
    Problem,
    ProblemCode,
    Redirect,
    Reference,
    Report,
    Severity,
    TargetFrom,
    TitleMatch,
    TitleVerdict,
    summarize,
)
from citecheck.options import ArchiveMode, CheckOptions
from citecheck.render.github import GithubRenderer
from citecheck.render.json import report_to_dict
from citecheck.render.markdown import MarkdownRenderer
from citecheck.render.table import TableRenderer
from citecheck.schema import load_schema

ARCHIVE = "https://web.archive.org"
ORIGINAL = "https://example.org/bericht"


def test_cdx_queries_ask_before_then_after_the_target() -> None:
    before, after = cdx_queries(ARCHIVE, ORIGINAL, "2024-03-03")
    common = (
        "https://web.archive.org/cdx/search/cdx?url=https%3A%2F%2Fexample.org%2Fbericht"
        "&output=json&fl=timestamp,original,statuscode&filter=statuscode:200"
    )
    assert before == common + "&to=20240303&limit=-1"
    assert after == common + "&from=20240303&limit=1"
    assert cdx_queries(ARCHIVE + "/", ORIGINAL, None) == (common + "&limit=-1",)


@pytest.mark.parametrize(
    ("target", "day"), [("2024-02", "20240229"), ("2023-02", "20230228"), ("2024-12", "20241231")]
)
def test_a_month_target_is_its_last_day(target: str, day: str) -> None:
    assert f"to={day}" in cdx_queries(ARCHIVE, ORIGINAL, target)[0]


def test_cdx_answers() -> None:
    header = ["timestamp", "original", "statuscode"]
    rows = [
        ["20230101000000", ORIGINAL, "200"],
        ["20240101000000", ORIGINAL, "404"],
        ["20240201000000", ORIGINAL, "200"],
    ]
    text = json.dumps([header, *rows])
    assert parse_cdx(text, last=True) == Capture("20240201000000", ORIGINAL)
    assert parse_cdx(text, last=False) == Capture("20230101000000", ORIGINAL)
    only_404 = json.dumps([header, rows[1]])
    assert parse_cdx(only_404, last=True) is None  # filtered out
    for nothing in ("[]", "", "not json", '{"a": 1}', '[["x"], ["y"]]', '[["timestamp"]]'):
        assert parse_cdx(nothing, last=True) is None
    assert parse_cdx(json.dumps([header, ["2024", ORIGINAL, "200"]]), last=True) is None


def test_the_target_date() -> None:
    document = Document("a.md", "markdown", date="2024-11-14")
    dated = Footnote(1, 1, "x", accessed="2024-03")
    plain = Footnote(2, 2, "y")
    assert target_of(dated, document) == Target("2024-03", TargetFrom.ACCESSED)
    assert target_of(plain, document) == Target("2024-11-14", TargetFrom.DOCUMENT)
    assert target_of(None, document) == Target("2024-11-14", TargetFrom.DOCUMENT)
    undated = Document("a.md", "markdown")
    assert target_of(plain, undated) == Target(None, TargetFrom.NONE)


@pytest.mark.parametrize(
    ("status", "verdict", "missing", "mode", "wanted"),
    [
        (LinkStatus.DEAD, TitleVerdict.UNAVAILABLE, False, ArchiveMode.FAILING, True),
        (LinkStatus.SOFT_404, TitleVerdict.UNAVAILABLE, False, ArchiveMode.FAILING, True),
        (LinkStatus.ERROR, TitleVerdict.UNAVAILABLE, False, ArchiveMode.FAILING, True),
        (LinkStatus.BLOCKED, TitleVerdict.UNAVAILABLE, False, ArchiveMode.FAILING, True),
        (LinkStatus.TIMEOUT, TitleVerdict.UNAVAILABLE, False, ArchiveMode.FAILING, True),
        (LinkStatus.OK, TitleVerdict.MISMATCH, False, ArchiveMode.FAILING, True),
        (LinkStatus.OK, TitleVerdict.MATCH, True, ArchiveMode.FAILING, True),
        (LinkStatus.OK, TitleVerdict.MATCH, False, ArchiveMode.FAILING, False),
        (LinkStatus.REDIRECT, TitleVerdict.NOT_CITED, False, ArchiveMode.FAILING, False),
        (LinkStatus.OK, TitleVerdict.MATCH, False, ArchiveMode.ALL, True),
        (LinkStatus.SKIPPED, TitleVerdict.UNAVAILABLE, False, ArchiveMode.ALL, False),
        (LinkStatus.DEAD, TitleVerdict.UNAVAILABLE, False, ArchiveMode.NEVER, False),
    ],
)
def test_when_to_look(
    status: LinkStatus, verdict: TitleVerdict, missing: bool, mode: ArchiveMode, wanted: bool
) -> None:
    link = Link(ORIGINAL, status, title_match=TitleMatch(verdict))
    assert wants_archive(link, mode, figures_missing=missing) is wanted


def _replay(status: int, title: str, text: str = "", **kwargs: object) -> Fetched:
    url = f"{ARCHIVE}/web/20240301000000id_/{ORIGINAL}"
    return Fetched(
        url=url,
        final_url=str(kwargs.get("final_url", url)),
        http_status=status,
        page_title=title,
        title_candidates=(title,),
        text_excerpt=text,
        redirects=tuple(kwargs.get("redirects", ())),  # type: ignore[arg-type]
    )


def _copy(fetched: Fetched, cited: str | None = None) -> ArchiveCopy:
    capture = Capture("20240301000000", ORIGINAL)
    target = Target("2024-03-03", TargetFrom.ACCESSED)
    return archive_copy(capture, fetched, target, archive_url=ARCHIVE, cited_title=cited)


def test_verifying_a_capture() -> None:
    good = _copy(_replay(200, "Bericht zur Lage", "Ein langer Text."), "Bericht zur Lage")
    assert good.verified and good.url == f"{ARCHIVE}/web/20240301000000/{ORIGINAL}"
    assert not _copy(_replay(200, "Seite nicht gefunden")).verified
    assert not _copy(_replay(404, "Not found")).verified
    assert not _copy(_replay(200, "Etwas ganz anderes", "Text."), "Bericht zur Lage").verified
    # a capture that forwards to the archived site's home page is a soft 404
    home = f"{ARCHIVE}/web/20240301000000id_/https://example.org/"
    hop = Redirect(f"{ARCHIVE}/web/20240301000000id_/{ORIGINAL}", 302)
    forwarded = _replay(200, "Startseite", "Willkommen.", final_url=home, redirects=(hop,))
    assert not _copy(forwarded).verified


def test_capture_dates_and_notes() -> None:
    assert capture_date("20230816120000") == "16 Aug 2023"
    assert archive_note(Link(ORIGINAL)) is None
    copy = _copy(_replay(200, "Bericht", "Text."))
    note = archive_note(Link(ORIGINAL, LinkStatus.DEAD, archive=copy))
    assert (
        note == f"archived copy of 1 Mar 2024 (verified): {ARCHIVE}/web/20240301000000/{ORIGINAL}"
    )


def test_settings() -> None:
    assert resolve(use_files=False).config.archive is ArchiveMode.FAILING  # the default
    assert resolve(use_files=False).config.archive_url == ARCHIVE
    assert CheckOptions().archive is ArchiveMode.NEVER  # a program calling check() opts in
    given = resolve(use_files=False, overrides=Overrides(archive=ArchiveMode.ALL))
    assert given.config.check_options().archive is ArchiveMode.ALL


def test_configuration_file(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    path = folder / "citecheck.toml"
    path.write_text('archive = "never"\narchive_url = "https://wayback.example.org/"\n')
    config = resolve(config_file=path).config
    assert config.archive is ArchiveMode.NEVER
    assert config.check_options().archive_url == "https://wayback.example.org"
    path.write_text('archive = "sometimes"\narchive_url = "ftp://x"\n')
    with pytest.raises(ConfigError) as error:
        resolve(config_file=path)
    assert "archive: expected one of failing, all, never" in str(error.value)
    assert "archive_url: expected an http(s) URL" in str(error.value)


def _report() -> Report:
    copy = _copy(_replay(200, "Bericht", "Text."))
    link = Link(ORIGINAL, LinkStatus.DEAD, http_status=404, archive=copy)
    message = (
        f"Dead link: {ORIGINAL} (HTTP 404, not found); archived copy of 1 Mar 2024 "
        f"(verified): {copy.url}"
    )
    problem = Problem(ProblemCode.DEAD_LINK, Severity.ERROR, 5, message, url=ORIGINAL)
    footnote = Footnote(
        1,
        5,
        f"Vgl. {ORIGINAL}",
        urls=(ORIGINAL,),
        links=(link,),
        problems=(problem,),
        references=(Reference(3, "Satz."),),
        accessed="2024-03-03",
    )
    documents = (Document("a.md", "markdown", footnotes=(footnote,), date="2024-11-14"),)
    return Report(documents, summarize(documents), "0.1.0")


def test_every_format_shows_the_copy() -> None:
    report = _report()
    url = f"{ARCHIVE}/web/20240301000000/{ORIGINAL}"
    table = TableRenderer(width=200).render(report)
    assert f"archived copy of 1 Mar 2024 (verified): {url}" in table
    german = TableRenderer(width=200, lang="de").render(report)
    assert f"archivierte Kopie vom 1.3.2024 (geprüft): {url}" in german
    markdown = MarkdownRenderer().render(report)
    assert f"[archived copy of 1 Mar 2024 (verified)]({url})" in markdown
    assert "archived copy of 1 Mar 2024 (verified)" in GithubRenderer().render(report)
    data = report_to_dict(report)
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    (footnote,) = data["documents"][0]["footnotes"]
    assert footnote["accessed"] == "2024-03-03"
    assert data["documents"][0]["date"] == "2024-11-14"
    assert footnote["links"][0]["archive"] == {
        "url": url,
        "timestamp": "20240301000000",
        "target": "2024-03-03",
        "target_from": "accessed",
        "verified": True,
    }
