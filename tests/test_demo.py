"""`citecheck --demo` end to end, and issue 4's acceptance on the seed motion.

The demo serves the bundled replica pages on 127.0.0.1 and checks the bundled seed motion with
the real engine (`HttpFetcher` through `citecheck.demo.DemoFetcher`); these tests run it through
the command line and read the JSON report, validated against the shipped schema.
"""

from __future__ import annotations

import asyncio
import json
import re
import urllib.request
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from citecheck.cli import app
from citecheck.demo import (
    BANNER,
    DATA,
    PAGES,
    DemoFetcher,
    DemoPage,
    DemoServer,
    Manifest,
    document_path,
)
from citecheck.options import FetchOptions
from citecheck.render import OutputFormat
from citecheck.schema import load_schema

ROOT = Path(__file__).resolve().parent.parent
SEED_MD = ROOT / "fixtures" / "documents" / "antrag-japan-partnerschaft.md"
VALIDATOR = jsonschema.Draft202012Validator(load_schema())
DW_CITED = "https://www.dw.com/de/japan-versch%C3%A4rft-sein-asylrecht/a-57424728"
DW_FINAL = "https://www.dw.com/de/japan-verschaerft-sein-asylrecht/a-57424728"


def invoke(*args: str, env: dict[str, str | None] | None = None):  # type: ignore[no-untyped-def]
    """Run the CLI in-process, stdout and stderr captured separately."""
    runner = CliRunner(env={"NO_COLOR": "1", "CITECHECK_RESOLVE": None, **(env or {})})
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module", name="demo_json")
def _demo_json() -> dict[str, Any]:
    """The demo's JSON report (one run shared by the acceptance tests)."""
    result = invoke("--demo", "--format", "json")
    # the demo shows errors (dead link, soft 404) on purpose: it ran as designed, exit 0
    assert result.exit_code == 0, result.output
    assert result.stderr == BANNER.format(address="127.0.0.1")
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _footnotes(report: dict[str, Any]) -> dict[int, dict[str, Any]]:
    (document,) = report["documents"]
    return {f["number"]: f for f in document["footnotes"]}


def _codes(footnote: dict[str, Any]) -> list[str]:
    return [p["code"] for p in footnote["problems"]]


# --------------------------------------------------------------------------- issue 4, Done when


def test_demo_report_is_valid_contract_json(demo_json: dict[str, Any]) -> None:
    VALIDATOR.validate(demo_json)
    (document,) = demo_json["documents"]
    assert document["path"] == str(document_path())
    assert document["format"] == "markdown"
    assert demo_json["summary"]["footnotes"] == 15
    assert demo_json["summary"]["links"] == 14


def test_footnote_5_is_a_title_typo(demo_json: dict[str, Any]) -> None:
    footnote = _footnotes(demo_json)[5]
    assert footnote["cited_title"] == "Zeitwende in Japan"
    (link,) = footnote["links"]
    assert link["status"] == "ok"
    assert link["title_match"]["verdict"] == "match"
    assert 0.9 <= link["title_match"]["score"] < 1.0
    (typo,) = [p for p in footnote["problems"] if p["code"] == "title-typo"]
    assert typo["severity"] == "info"
    assert "Zeitwende" in typo["message"] and "Zeitenwende" in typo["message"]
    assert "title-mismatch" not in _codes(footnote)


def test_footnotes_7_and_8_figures_are_found_in_their_sources(demo_json: dict[str, Any]) -> None:
    footnotes = _footnotes(demo_json)
    assert {"value": "27 Prozent", "found": True} in footnotes[7]["figures"]
    assert {"value": "203 Milliarden Euro", "found": True} in footnotes[8]["figures"]
    for number in (7, 8):
        assert all(f["found"] for f in footnotes[number]["figures"])
        assert "figure-not-in-source" not in _codes(footnotes[number])


def test_footnote_12_has_a_year_note(demo_json: dict[str, Any]) -> None:
    footnote = _footnotes(demo_json)[12]
    (note,) = [p for p in footnote["problems"] if p["code"] == "year-mismatch"]
    assert note["severity"] == "info"
    assert "2023" in note["message"] and "2024" in note["message"]


def test_footnote_12_year_note_is_at_the_line_that_prints_the_year(
    demo_json: dict[str, Any],
) -> None:
    """Issue 14: the note names the line where the motion prints the other year ("German
    Business in Japan 2023", two paragraphs above), not the citing sentence's line."""
    footnote = _footnotes(demo_json)[12]
    (note,) = [p for p in footnote["problems"] if p["code"] == "year-mismatch"]
    lines = SEED_MD.read_text(encoding="utf-8").splitlines()
    assert "German Business in Japan 2023" in lines[note["line"] - 1]
    assert note["line"] != footnote["references"][0]["line"]
    assert "2023" not in lines[footnote["references"][0]["line"] - 1]


def test_demo_variants_dead_soft_404_redirect(demo_json: dict[str, Any]) -> None:
    footnotes = _footnotes(demo_json)
    (dead,) = footnotes[6]["links"]
    assert (dead["status"], dead["http_status"]) == ("dead", 404)
    assert "dead-link" in _codes(footnotes[6])
    (soft,) = footnotes[9]["links"]
    assert (soft["status"], soft["http_status"], soft["reason"]) == (
        "soft_404",
        200,
        "not_found_text",
    )
    (moved,) = footnotes[13]["links"]
    assert (moved["status"], moved["reason"]) == ("redirect", "permanent")
    assert moved["redirects"] == [{"url": DW_CITED, "status": 301}]
    assert moved["final_url"] == DW_FINAL
    assert moved["suggested_url"] == DW_FINAL
    assert "redirected-link" in _codes(footnotes[13])


def test_figure_not_in_source_and_suggested_titles(demo_json: dict[str, Any]) -> None:
    footnotes = _footnotes(demo_json)
    assert {"value": "69 Prozent", "found": False} in footnotes[11]["figures"]
    (missing,) = [p for p in footnotes[11]["problems"] if p["code"] == "figure-not-in-source"]
    assert missing["severity"] == "warning"
    assert footnotes[1]["suggested_title"] == "Japan und Deutschland: ideale Partner im Vergleich"
    # site prefix "BMVg: " stripped; the PDF's /Title used
    assert footnotes[2]["suggested_title"].startswith("Bundesregierung beschließt")
    assert footnotes[15]["suggested_title"].startswith("Übersicht: Künstliche Intelligenz")
    assert footnotes[15]["links"][0]["status"] == "ok"
    # a cited title is not overwritten by a suggestion
    assert "suggested_title" not in footnotes[5]


def test_demo_shows_every_verdict_the_manifest_promises(demo_json: dict[str, Any]) -> None:
    by_status = demo_json["summary"]["by_status"]
    assert by_status["ok"] == 11
    assert (by_status["redirect"], by_status["dead"], by_status["soft_404"]) == (1, 1, 1)
    assert by_status["error"] == by_status["blocked"] == by_status["timeout"] == 0
    codes = {c for f in _footnotes(demo_json).values() for c in _codes(f)}
    assert {
        "title-typo",
        "dead-link",
        "soft-404",
        "figure-not-in-source",
        "redirected-link",
    } <= codes


def test_report_speaks_of_the_cited_urls_only(demo_json: dict[str, Any]) -> None:
    # The local origin (http://host:PORT) is the demo's business; the report never shows it.
    text = json.dumps(demo_json)
    assert "127.0.0.1" not in text
    assert not re.search(r"https?://[^/\"]+:\d+", text)
    manifest_urls = {p.url for p in Manifest.load().pages}
    for footnote in _footnotes(demo_json).values():
        for link in footnote["links"]:
            assert link["url"] in manifest_urls
            assert link["final_url"] in manifest_urls


# --------------------------------------------------------------------------- the command


@pytest.mark.parametrize("fmt", [f.value for f in OutputFormat])
def test_every_format_works_in_demo_mode(fmt: str) -> None:
    result = invoke("--demo", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "demo: sources served locally" in result.stderr
    assert "Traceback" not in result.stderr
    assert "fastercapital.com" in result.stdout  # the dead link is reported in every format
    if fmt == "table":
        # footnotes with findings are listed (the ok ones collapse to a count without -v)
        assert "Zeitwende" in result.stdout and "69 Prozent" in result.stdout


def test_demo_takes_no_path() -> None:
    result = invoke("--demo", str(SEED_MD))
    assert result.exit_code == 2
    assert "--demo takes no PATH" in result.stderr
    assert result.stdout == ""


def test_demo_offline_checks_the_bundled_motion_without_serving() -> None:
    result = invoke("--demo", "--offline", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "demo:" not in result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["by_status"]["skipped"] == 14


def test_demo_ignores_config_files_and_cache(tmp_path: Path) -> None:
    config = tmp_path / "citecheck.toml"
    config.write_text('format = "sarif"\n', encoding="utf-8")
    cache = tmp_path / "cache"
    result = invoke("--demo", "--config", str(config), env={"XDG_CACHE_HOME": str(cache)})
    assert result.exit_code == 0, result.output
    assert "Summary:" in result.stdout  # table, the default, not the file's sarif
    assert not cache.exists()


# --------------------------------------------------------------------------- data and server


def test_bundled_motion_is_the_seed_fixture() -> None:
    # Two copies of the motion: fixtures/ for the tests, the package for the demo. Keep them equal.
    assert document_path().read_bytes() == SEED_MD.read_bytes()
    assert document_path().parent == DATA


def test_manifest_files_exist_and_hosts_have_one_scheme() -> None:
    manifest = Manifest.load()
    assert len(manifest.pages) == 15
    for page in manifest.pages:
        if page.redirect_to is None:
            assert page.file is not None and (PAGES / page.file).is_file()
        else:  # a redirect's target is served too
            assert page.redirect_to in {p.url for p in manifest.pages}
    assert set(manifest.schemes.values()) == {"https"}
    with pytest.raises(ValueError, match="two schemes"):
        Manifest(
            [DemoPage("https://a.example/x", 200, "f"), DemoPage("http://a.example/y", 200, "f")]
        )


def test_url_mapping_round_trips() -> None:
    with DemoServer() as server:
        local = server.local_url(DW_CITED)
        assert (
            local
            == f"http://www.dw.com:{server.port}/de/japan-versch%C3%A4rft-sein-asylrecht/a-57424728"
        )
        assert server.cited_url(local) == DW_CITED
        # hosts the demo does not serve, and other ports, stay as they are
        assert server.local_url("https://example.org/a") == "https://example.org/a"
        other = f"http://www.dw.com:{server.port + 1}/a"
        assert server.cited_url(other) == other


def test_server_answers_by_host_and_path() -> None:
    with DemoServer() as server:
        base = f"http://127.0.0.1:{server.port}"

        def get(host: str, path: str) -> tuple[int, dict[str, str], bytes]:
            request = urllib.request.Request(base + path, headers={"Host": host})
            opener = urllib.request.build_opener(_NoRedirect)
            try:
                with opener.open(request, timeout=5) as response:
                    return response.status, dict(response.headers), response.read()
            except urllib.error.HTTPError as error:
                return error.code, dict(error.headers), error.read()

        status, headers, body = get(
            "www.bka.de",
            "/DE/Presse/Listenseite_Pressemitteilungen/"
            "2023/Presse2023/230816_PM_BLB_Cybercrime.html",
        )
        assert status == 200 and b"203" in body
        status, headers, _ = get(
            "www.dw.com", "/de/japan-versch%C3%A4rft-sein-asylrecht/a-57424728"
        )
        assert status == 301
        assert headers["Location"] == server.local_url(DW_FINAL)
        assert (
            get(
                "fastercapital.com",
                "/de/inhalt/Mitversicherer-in-Katastrophensituationen--"
                "Staerkung-der-Widerstandsfahigkeit.html",
            )[0]
            == 404
        )
        assert get("www.bka.de", "/nothing-here")[0] == 404  # not in the manifest
        assert get("example.org", "/")[0] == 404


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        return None


def test_demo_fetcher_knows_only_the_demo_hosts() -> None:
    # No system resolver: a name outside the manifest "does not exist", nothing is looked up.
    async def go() -> tuple[Any, Any]:
        fetcher = DemoFetcher(FetchOptions(timeout=5, retries=0))
        try:
            unknown = await fetcher.fetch("https://example.org/")
            known = await fetcher.fetch(DW_CITED)
        finally:
            await fetcher.aclose()
        return unknown, known

    unknown, known = asyncio.run(go())
    assert unknown.error_kind == "dns"
    assert known.url == DW_CITED and known.final_url == DW_FINAL
    assert known.http_status == 200 and known.page_title == "Japan verschärft sein Asylrecht"


def test_demo_fetcher_keeps_the_address_guard() -> None:
    # --allow-private is not passed on: only loopback (where the demo serves) is admitted.
    fetcher = DemoFetcher(FetchOptions(allow_private=True))
    try:
        assert fetcher._inner.options.allow_private is False
    finally:
        asyncio.run(fetcher.aclose())


# --------------------------------------------------------------------------- issue 16


FASTERCAPITAL = (
    "https://fastercapital.com/de/inhalt/"
    "Mitversicherer-in-Katastrophensituationen--Staerkung-der-Widerstandsfahigkeit.html"
)


def test_the_dead_link_of_footnote_6_has_an_archived_copy(demo_json: dict[str, Any]) -> None:
    (link,) = _footnotes(demo_json)[6]["links"]
    assert link["status"] == "dead"
    assert link["archive"] == {
        "url": f"https://web.archive.org/web/20240912083015/{FASTERCAPITAL}",
        "timestamp": "20240912083015",
        "target": "2024-11-14",
        "target_from": "document",
        "verified": True,
    }
    assert demo_json["documents"][0]["date"] == "2024-11-14"
    assert (
        "archived copy of 12 Sep 2024 (verified)"
        in _footnotes(demo_json)[6]["problems"][0]["message"]
    )
    others = [f for n, f in _footnotes(demo_json).items() if n != 6]
    assert all(link["archive"] is None for f in others for link in f["links"])


def test_the_table_shows_the_archived_copy() -> None:
    result = invoke("--demo")
    assert result.exit_code == 0
    assert "archived copy of 12 Sep 2024 (verified):" in result.stdout


def test_the_demo_archive_answers_like_a_cdx_server() -> None:
    archive = DemoServer().archive
    header = ["timestamp", "original", "statuscode"]
    before = f"/cdx/search/cdx?url={FASTERCAPITAL}&output=json&to=20241114&limit=-1"
    status, body, media = archive.answer(before) or (0, b"", "")
    assert (status, media) == (200, "application/json")
    assert json.loads(body) == [header, ["20240912083015", FASTERCAPITAL, "200"]]
    too_early = f"/cdx/search/cdx?url={FASTERCAPITAL}&output=json&to=20240101&limit=-1"
    assert json.loads((archive.answer(too_early) or (0, b"", ""))[1]) == []
    replay = archive.answer(f"/web/20240912083015id_/{FASTERCAPITAL}")
    assert replay is not None and b"Mitversicherer" in replay[1]
    assert archive.answer("/web/20200101000000id_/https://example.org/") is None
