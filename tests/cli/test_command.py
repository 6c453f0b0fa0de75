"""The command end to end (CliRunner): documents in, formats, exit codes 0/1/2, input errors as
one line without a traceback, standard input, configuration, goldens."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from citecheck.render import OutputFormat, get_renderer
from server import LocalServers

from .conftest import (
    PRESS,
    ROOT,
    SEED_MD,
    SEED_TXT,
    VALIDATOR,
    all_links,
    assert_input_error,
    invoke,
    invoke_net,
    motion,
    motion_with_config,
)


def test_every_output_format_has_a_renderer() -> None:
    for fmt in OutputFormat:
        assert callable(get_renderer(fmt).render)


def test_offline_table_on_seed_motion() -> None:
    result = invoke("--offline", str(SEED_MD))
    assert result.exit_code in (0, 1)
    assert str(SEED_MD) in result.stdout
    assert "Summary:" in result.stdout and "offline" in result.stdout
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize("path", [SEED_MD, SEED_TXT, PRESS])
def test_offline_json_validates_and_marks_links_offline(path: Path) -> None:
    result = invoke("--offline", "--format", "json", str(path))
    data = json.loads(result.stdout)
    VALIDATOR.validate(data)
    assert data["documents"][0]["path"] == str(path)
    links = [link for f in data["documents"][0]["footnotes"] for link in f["links"]]
    allowed = {("skipped", "offline"), ("skipped", "unsupported_scheme")}
    assert all((link["status"], link["reason"]) in allowed for link in links)
    assert data["summary"]["links"] == len(links)


def test_several_documents_and_a_directory_are_one_report(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Text.[^1]\n\n[^1]: Vgl. https://a.example/x\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Ein Satz ohne Fußnote.\n")
    (tmp_path / "ignored.csv").write_text("a,b\n")
    result = invoke("--offline", "-f", "json", str(tmp_path))
    data = json.loads(result.stdout)
    VALIDATOR.validate(data)
    paths = [d["path"] for d in data["documents"]]
    assert paths == [str(tmp_path / "a.md"), str(tmp_path / "sub" / "b.txt")]
    assert data["summary"]["documents"] == 2


def test_stdin_dash(tmp_path: Path) -> None:
    result = invoke("--offline", "-f", "json", "-", input=b"Ein Satz.\n")
    data = json.loads(result.stdout)
    VALIDATOR.validate(data)
    assert data["documents"][0]["path"] == "-"


def test_stdin_only_once() -> None:
    assert_input_error(invoke("--offline", "-", "-", input=b"x\n"), "only once")


def test_exit_codes_zero_one_by_fail_on(tmp_path: Path) -> None:
    """A document without footnotes has one warning (nothing-found): 0 by default, 1 with
    --fail-on warning, 0 with --fail-on never."""
    doc = tmp_path / "leer.md"
    doc.write_text("Nur ein Satz ohne Quellen.\n")
    assert invoke("--offline", str(doc)).exit_code == 0
    assert invoke("--offline", "--fail-on", "warning", str(doc)).exit_code == 1
    assert invoke("--offline", "--fail-on", "never", str(doc)).exit_code == 0
    result = invoke("--offline", "-f", "json", str(doc))
    codes = [p["code"] for p in json.loads(result.stdout)["documents"][0]["problems"]]
    assert "nothing-found" in codes


def test_missing_file() -> None:
    assert_input_error(invoke("--offline", "/nonexistent/antrag.md"), "no such file")


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "leer.md"
    empty.write_bytes(b"  \n\n")
    assert_input_error(invoke("--offline", str(empty)), "empty")


def test_binary_file(tmp_path: Path) -> None:
    png = tmp_path / "bild.md"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert_input_error(invoke("--offline", str(png)), "PNG")
    nul = tmp_path / "daten.txt"
    nul.write_bytes(b"abc\x00def\x00" * 10)
    assert_input_error(invoke("--offline", str(nul)), "binary")


def test_directory_without_documents(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("x\n")
    assert_input_error(invoke("--offline", str(tmp_path)), "no documents")


def test_undecodable_text(tmp_path: Path) -> None:
    # Invalid UTF-8, and 0x81/0x8D/0x8F/0x90 are undefined in Windows-1252.
    bad = tmp_path / "kaputt.md"
    bad.write_bytes(b"Antrag \x81\x8d\x8f\x90 Text\n")
    assert_input_error(invoke("--offline", str(bad)), "decode")


def test_cp1252_document_is_read(tmp_path: Path) -> None:
    doc = tmp_path / "alt.txt"
    doc.write_bytes("Die Fußnote fehlt, Straße.\n".encode("cp1252"))
    assert invoke("--offline", str(doc)).exit_code == 0


def test_unknown_format(tmp_path: Path) -> None:
    odd = tmp_path / "daten.xyz"
    odd.write_bytes(b"\x00\x01\x02\x03" * 50)
    assert_input_error(invoke("--offline", str(odd)), "unknown document format")


def test_bad_exclude_pattern(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text("Satz.\n")
    assert_input_error(
        invoke("--offline", "--exclude", "([", str(doc)), "exclude: invalid regular expression"
    )


def test_bad_max_age(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text("Satz.\n")
    assert_input_error(invoke("--offline", "--max-age", "soon", str(doc)), "duration")


def test_config_file_found_upwards_and_flags_override(tmp_path: Path) -> None:
    doc = motion_with_config(tmp_path, 'fail_on = "warning"\nformat = "json"\n')
    result = invoke("--offline", str(doc))
    assert result.exit_code == 1  # the nothing-found warning now fails the run
    VALIDATOR.validate(json.loads(result.stdout))  # format from the file
    overridden = invoke("--offline", "-f", "markdown", str(doc)).stdout
    assert overridden.startswith("#") and not overridden.startswith("{")  # the flag wins
    assert invoke("--offline", "--fail-on", "error", str(doc)).exit_code == 0
    assert invoke("--offline", "--isolated", str(doc)).exit_code == 0
    assert "Summary:" in invoke("--offline", "--isolated", str(doc)).stdout


def test_config_errors_name_key_and_file(tmp_path: Path) -> None:
    doc = motion_with_config(tmp_path, "timeout = 20\nper_hots = 2\n")
    result = invoke("--offline", str(doc))
    assert_input_error(result, "per_hots")
    assert str(tmp_path / "citecheck.toml") in result.stderr
    doc = motion_with_config(tmp_path / "b", 'timeout = "lang"\n')
    assert_input_error(invoke("--offline", str(doc)), "timeout")


def test_print_config_shows_sources(tmp_path: Path) -> None:
    doc = motion_with_config(tmp_path, "per_host = 2\n")
    result = invoke("--print-config", "--timeout", "5", str(doc))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("per_host = 2") and "citecheck.toml" in line for line in lines)
    assert any(line.startswith("timeout = 5") and "command line" in line for line in lines)
    assert any(line.startswith("max_concurrency = 64") and "default" in line for line in lines)
    assert invoke("--print-config").exit_code == 0


def test_explicit_config_file(tmp_path: Path) -> None:
    doc = motion_with_config(tmp_path, 'fail_on = "warning"\n')
    other = tmp_path / "other.toml"
    other.write_text('fail_on = "never"\n', encoding="utf-8")
    assert invoke("--offline", "--config", str(other), str(doc)).exit_code == 0
    assert invoke("--offline", str(doc)).exit_code == 1


def test_network_statuses_json_and_exit_code(servers: LocalServers, tmp_path: Path) -> None:
    urls = [
        servers.url("a.test", "/ok?cli=statuses"),
        servers.url("b.test", "/status/404?cli=statuses"),
        servers.url("c.test", "/status/403?cli=statuses"),
        servers.url("a.test", "/redirect?code=301&to=/page/not-there&cli=statuses"),
    ]
    doc = motion(tmp_path, *urls)
    result = invoke_net("--allow-private", "--no-cache", "-f", "json", "--timeout", "5", str(doc))
    data = json.loads(result.stdout)
    VALIDATOR.validate(data)
    links = all_links(data)
    assert [link["url"] for link in links] == urls
    assert [(link["status"], link["http_status"]) for link in links[:3]] == [
        ("ok", 200),
        ("dead", 404),
        ("blocked", 403),
    ]
    assert links[0]["page_title"] == "OK page" and links[0]["elapsed_ms"] >= 0
    assert links[3]["redirects"][0]["status"] == 301
    assert result.exit_code == 1  # the dead link is an error
    codes = {p["code"] for d in data["documents"] for f in d["footnotes"] for p in f["problems"]}
    assert {"dead-link", "blocked-link"} <= codes
    assert (
        invoke_net("--allow-private", "--no-cache", "--fail-on", "never", str(doc)).exit_code == 0
    )


def test_inline_urls_of_a_text_without_footnotes_are_checked(
    servers: LocalServers, tmp_path: Path
) -> None:
    """A Kleine Anfrage style text: its sources sit in the running text, no footnotes. The dead
    one fails the run and is reported at its line; no nothing-found warning."""
    ok = servers.url("a.test", "/ok?cli=inline")
    dead = servers.url("b.test", "/status/404?cli=inline")
    doc = tmp_path / "anfrage.txt"
    doc.write_text(
        "Kleine Anfrage\n"
        "\n"
        f"Die Zahlen stehen im Bericht (vgl. {ok}).\n"
        f"Eine zweite Quelle ist verschwunden (vgl. {dead}).\n"
        f"Der Bericht (vgl. {ok}) wird nur einmal abgerufen.\n",
        encoding="utf-8",
    )
    result = invoke_net("--allow-private", "--no-cache", "-f", "json", str(doc))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    VALIDATOR.validate(data)
    (document,) = data["documents"]
    assert document["footnotes"] == []
    sources = document["inline_sources"]
    assert [(s["line"], s["url"], s["links"][0]["status"]) for s in sources] == [
        (3, ok, "ok"),
        (4, dead, "dead"),
    ]
    assert sources[1]["context"] == f"Eine zweite Quelle ist verschwunden (vgl. {dead})."
    assert [(p["code"], p["severity"], p["line"]) for p in document["problems"]] == [
        ("dead-link", "error", 4)
    ]
    assert document["problems"][0]["message"].startswith(f"Dead link in the text: {dead}")
    assert data["summary"]["links"] == 2 and data["summary"]["by_status"]["dead"] == 1
    assert len(servers.requests_for("cli=inline")) == 2  # one fetch per distinct URL

    table = invoke_net("--allow-private", "--no-cache", str(doc))
    assert table.exit_code == 1
    assert "Links in the text" in table.stdout and "✗ dead" in table.stdout
    github = invoke_net("--allow-private", "--no-cache", "-f", "github", str(doc)).stdout
    assert f"::error file={doc},line=4,title=citecheck%3A dead link::" in github

    offline = invoke("--offline", "--fail-on", "warning", "-f", "json", str(doc))
    assert offline.exit_code == 0  # nothing fetched, nothing wrong, and URLs were found
    (document,) = json.loads(offline.stdout)["documents"]
    assert document["problems"] == []
    assert {s["links"][0]["reason"] for s in document["inline_sources"]} == {"offline"}


def test_network_warnings_only_exit_zero_unless_fail_on_warning(
    servers: LocalServers, tmp_path: Path
) -> None:
    doc = motion(tmp_path, servers.url("b.test", "/status/403?cli=warn"))
    base = ("--allow-private", "--no-cache", str(doc))
    assert invoke_net(*base).exit_code == 0
    assert invoke_net("--fail-on", "warning", *base).exit_code == 1


def test_config_title_threshold_reaches_the_comparison(
    servers: LocalServers, tmp_path: Path
) -> None:
    # The page is titled "Ideale Partner im Vergleich"; the cited title scores 0.915.
    url = servers.url("a.test", "/page/titles/title-tag.html?cli=threshold")
    doc = tmp_path / "antrag.md"
    doc.write_text(
        "# Antrag\n\nEin Satz.[^1]\n\n"
        f"[^1]: Vgl. Müller, Anna (2023): „Die idealen Partner im Vergleich“, {url}\n",
        encoding="utf-8",
    )
    args = ("--allow-private", "--no-cache", "-f", "json", str(doc))

    def verdict() -> str:
        (link,) = all_links(json.loads(invoke_net(*args).stdout))
        return str(link["title_match"]["verdict"])

    assert verdict() == "match"  # default 0.90
    (tmp_path / "citecheck.toml").write_text("title_threshold = 0.95\n", encoding="utf-8")
    assert verdict() == "mismatch"


def test_network_table_output(servers: LocalServers, tmp_path: Path) -> None:
    doc = motion(
        tmp_path,
        servers.url("a.test", "/ok?cli=table"),
        servers.url("a.test", "/status/410?cli=table"),
    )
    result = invoke_net("--allow-private", "--no-cache", str(doc))
    assert result.exit_code == 1
    assert "✓ ok" in result.stdout and "✗ dead" in result.stdout and "410" in result.stdout
    assert "\x1b[" not in result.stdout


def test_urls_deduplicated_across_documents(servers: LocalServers, tmp_path: Path) -> None:
    url = servers.url("d.test", "/ok?cli=dedupe")
    first = motion(tmp_path, url, url, name="a.md")
    second = motion(tmp_path, url, name="b.md")
    before = len(servers.requests_for("cli=dedupe"))
    result = invoke_net("--allow-private", "--no-cache", "-f", "json", str(first), str(second))
    assert result.exit_code == 0
    assert len(servers.requests_for("cli=dedupe")) - before == 1
    assert [link["status"] for link in all_links(json.loads(result.stdout))] == ["ok"] * 3


def test_network_unavailable_exits_2(tmp_path: Path) -> None:
    doc = motion(
        tmp_path, "http://x1.test/", "http://x2.test/", "http://x3.test/a", "http://x3.test/b"
    )
    result = invoke_net("--allow-private", "--no-cache", str(doc))
    assert_input_error(result, "network seems unavailable")


def test_network_unavailable_even_with_cached_links(servers: LocalServers, tmp_path: Path) -> None:
    cache = ("--allow-private", "--cache-dir", str(tmp_path / "cache"))
    cached = servers.url("c.test", "/ok?cli=netdown")
    assert invoke_net(*cache, str(motion(tmp_path, cached))).exit_code == 0
    doc = motion(tmp_path, cached, "http://x1.test/", "http://x2.test/", "http://x3.test/")
    assert_input_error(invoke_net(*cache, str(doc)), "network seems unavailable")


def _strip_elapsed(data: object) -> object:
    """The report without elapsed_ms (the one non-deterministic field)."""
    if isinstance(data, dict):
        return {k: _strip_elapsed(v) for k, v in data.items() if k != "elapsed_ms"}
    if isinstance(data, list):
        return [_strip_elapsed(v) for v in data]
    return data


@pytest.mark.parametrize(
    ("document", "golden"),
    [
        ("antrag-japan-partnerschaft.md", "seed.offline.json"),
        ("pressemitteilung-wirtschaftssicherheit.txt", "press-release.offline.json"),
    ],
)
def test_offline_json_golden(document: str, golden: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke("--offline", "-f", "json", f"fixtures/documents/{document}")
    data = _strip_elapsed(json.loads(result.stdout))
    path = ROOT / "fixtures" / "expected" / golden
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("CITECHECK_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{golden} differs"


@pytest.mark.parametrize("path", [SEED_MD, SEED_TXT])
def test_seed_motion_offline_facts(path: Path) -> None:
    """Issue 2's acceptance facts, through the whole CLI, for the .md and the .txt copy."""
    data = json.loads(invoke("--offline", "-f", "json", str(path)).stdout)
    footnotes = data["documents"][0]["footnotes"]
    assert [f["number"] for f in footnotes] == list(range(1, 16))
    by_number = {f["number"]: f for f in footnotes}
    assert by_number[4]["ibid_of"] == 3
    assert by_number[3]["cited_title"] == "Japans sicherheitspolitische Neuausrichtung 2023"
    assert by_number[5]["cited_title"] == "Zeitwende in Japan"
    urls = [link["url"] for f in footnotes for link in f["links"]]
    assert len(urls) == 14
    assert all("\\" not in url for url in urls)
    assert "_" in by_number[8]["links"][0]["url"] and "_" in by_number[15]["links"][0]["url"]
    assert all(
        r["context"].endswith((".", "?", "!", ":")) for f in footnotes for r in f["references"]
    )


def test_press_release_offline_facts() -> None:
    data = json.loads(invoke("--offline", "-f", "json", str(PRESS)).stdout)
    document = data["documents"][0]
    assert document["footnotes"] == []
    codes = [p["code"] for p in document["problems"]]
    assert "uncited-figure" in codes and "nothing-found" in codes


def test_no_cache_with_cache_dir_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("--no-cache", "--cache-dir", str(tmp_path / "cache"), str(SEED_MD))
    assert_input_error(result, "--no-cache and --cache-dir exclude each other")
    assert not (tmp_path / "cache").exists()
