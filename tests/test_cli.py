"""The command line end to end (CliRunner; subprocesses for signals): formats, --output,
exit codes 0/1/2, input errors as one line without a traceback, standard input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from citecheck import __version__
from citecheck.cli import app, parse_resolve_table, run_options, write_atomically
from citecheck.config import KEYS, Config, HostLimits
from citecheck.errors import ConfigError
from citecheck.render import OutputFormat, get_renderer
from citecheck.schema import load_schema
from server import NAMES, LocalServers

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "fixtures" / "documents"
SEED_MD = DOCUMENTS / "antrag-japan-partnerschaft.md"
SEED_TXT = DOCUMENTS / "antrag-japan-partnerschaft.txt"
PRESS = DOCUMENTS / "pressemitteilung-wirtschaftssicherheit.txt"
VALIDATOR = jsonschema.Draft202012Validator(load_schema())


def invoke(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    """Run the CLI in-process with NO_COLOR, capturing stdout and stderr separately."""
    runner = CliRunner(env={"NO_COLOR": "1", "CITECHECK_RESOLVE": None})
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def assert_input_error(result, fragment: str) -> None:
    """Exit 2, one line on stderr starting "citecheck: error:", nothing on stdout."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("citecheck: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# --------------------------------------------------------------------------- basics


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"citecheck {__version__}\n"


def test_python_dash_m_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "citecheck", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (0, f"citecheck {__version__}\n")


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


# --------------------------------------------------------------------------- exit codes


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


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--format", "xml", "x.md"],
        ["--fail-on", "sometimes", "x.md"],
        ["--timeout", "0", "x.md"],
        ["--per-host", "0", "x.md"],
        ["--no-such-option", "x.md"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- input errors


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


# --------------------------------------------------------------------------- configuration


def _motion_with_config(tmp_path: Path, config: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "citecheck.toml").write_text(config, encoding="utf-8")
    folder = tmp_path / "antraege"
    folder.mkdir()
    doc = folder / "leer.md"
    doc.write_text("Ein Satz ohne Quellen.\n", encoding="utf-8")
    return doc


def test_config_file_found_upwards_and_flags_override(tmp_path: Path) -> None:
    doc = _motion_with_config(tmp_path, 'fail_on = "warning"\nformat = "json"\n')
    result = invoke("--offline", str(doc))
    assert result.exit_code == 1  # the nothing-found warning now fails the run
    VALIDATOR.validate(json.loads(result.stdout))  # format from the file
    overridden = invoke("--offline", "-f", "markdown", str(doc)).stdout
    assert overridden.startswith("#") and not overridden.startswith("{")  # the flag wins
    assert invoke("--offline", "--fail-on", "error", str(doc)).exit_code == 0
    assert invoke("--offline", "--isolated", str(doc)).exit_code == 0
    assert "Summary:" in invoke("--offline", "--isolated", str(doc)).stdout


def test_config_errors_name_key_and_file(tmp_path: Path) -> None:
    doc = _motion_with_config(tmp_path, "timeout = 20\nper_hots = 2\n")
    result = invoke("--offline", str(doc))
    assert_input_error(result, "per_hots")
    assert str(tmp_path / "citecheck.toml") in result.stderr
    doc = _motion_with_config(tmp_path / "b", 'timeout = "lang"\n')
    assert_input_error(invoke("--offline", str(doc)), "timeout")


def test_print_config_shows_sources(tmp_path: Path) -> None:
    doc = _motion_with_config(tmp_path, "per_host = 2\n")
    result = invoke("--print-config", "--timeout", "5", str(doc))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("per_host = 2") and "citecheck.toml" in line for line in lines)
    assert any(line.startswith("timeout = 5") and "command line" in line for line in lines)
    assert any(line.startswith("max_concurrency = 64") and "default" in line for line in lines)
    assert invoke("--print-config").exit_code == 0


# One non-default value per configuration key. `--print-config` lists exactly these keys, so
# each of them must change what a run does: `format` and `max_age` are checked through the
# command below, every other key through the options the command builds (`run_options`).
_NON_DEFAULT: dict[str, object] = {
    "exclude": ("^https://intranet",),
    "accept": (403,),
    "timeout": 3.0,
    "max_concurrency": 7,
    "per_host": 2,
    "hosts": (("www.bundestag.de", HostLimits(per_host=1)),),
    "fail_on": "never",
    "title_threshold": 0.95,
    "user_agent": "Büro-Bot/1.0",
    "max_age": 60.0,
    "format": "json",
}


def test_every_config_key_has_an_effect() -> None:
    assert set(_NON_DEFAULT) == set(KEYS)  # a new key needs a decision here
    default = run_options(Config())
    for key in set(KEYS) - {"format", "max_age"}:
        assert run_options(Config(**{key: _NON_DEFAULT[key]})) != default, key  # type: ignore[arg-type]
    assert run_options(Config(), offline=True, allow_private=True)[1].allow_private


def test_config_max_age_decides_cache_reuse(servers: LocalServers, tmp_path: Path) -> None:
    doc = _motion(tmp_path, servers.url("d.test", "/ok?cli=max-age"))
    args = ("--allow-private", "--cache-dir", str(tmp_path / "cache"), str(doc))
    assert invoke_net(*args).exit_code == 0
    assert invoke_net(*args).exit_code == 0
    assert len(servers.requests_for("cli=max-age")) == 1  # default 1 d: the cache answers
    (tmp_path / "citecheck.toml").write_text("max_age = 0\n", encoding="utf-8")
    assert invoke_net(*args).exit_code == 0
    assert len(servers.requests_for("cli=max-age")) == 2  # nothing cached is young enough


def test_explicit_config_file(tmp_path: Path) -> None:
    doc = _motion_with_config(tmp_path, 'fail_on = "warning"\n')
    other = tmp_path / "other.toml"
    other.write_text('fail_on = "never"\n', encoding="utf-8")
    assert invoke("--offline", "--config", str(other), str(doc)).exit_code == 0
    assert invoke("--offline", str(doc)).exit_code == 1


# --------------------------------------------------------------------------- --output


def test_output_file_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old report")
    result = invoke("--offline", "-f", "json", "-o", str(out), str(SEED_MD))
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    VALIDATOR.validate(data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temp left
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not the temp file's 0600
    fresh = tmp_path / "neu.txt"
    assert invoke("--offline", "-o", str(fresh), str(SEED_MD)).exit_code in (0, 1)
    assert "Summary:" in fresh.read_text(encoding="utf-8")
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    doc = tmp_path / "antrag.md"
    doc.write_text("Satz.\n")
    result = invoke("--offline", "-o", str(doc), str(doc))
    assert_input_error(result, "input document")
    assert doc.read_text() == "Satz.\n"
    # Also when the input comes from a folder argument, or through a relative spelling.
    result = invoke("--offline", "-o", str(tmp_path / "." / "antrag.md"), str(tmp_path))
    assert_input_error(result, "input document")
    assert doc.read_text() == "Satz.\n"


def test_output_into_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = invoke("--offline", "-o", str(tmp_path / "nope" / "r.json"), str(SEED_MD))
    assert_input_error(result, "cannot write")
    assert not (tmp_path / "nope").exists()


def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r.txt"
    out.write_text("old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        write_atomically(out, "new report")
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


# --------------------------------------------------------------------------- helpers


def test_parse_resolve_table() -> None:
    assert parse_resolve_table("a.test=127.0.0.2, b.test=127.0.0.3,") == {
        "a.test": "127.0.0.2",
        "b.test": "127.0.0.3",
    }
    with pytest.raises(ConfigError, match="CITECHECK_RESOLVE"):
        parse_resolve_table("a.test")


# --------------------------------------------------------------------------- network mode
# Real local servers (tests/server.py); host names reach them only through the
# CITECHECK_RESOLVE seam, so no DNS query leaves the machine.


def _resolve_env() -> str:
    return ",".join(f"{name}={address}" for name, address in NAMES.items())


def invoke_net(*args: str):  # type: ignore[no-untyped-def]
    """Run the CLI in-process in network mode against the local servers."""
    runner = CliRunner(env={"NO_COLOR": "1", "CITECHECK_RESOLVE": _resolve_env()})
    return runner.invoke(app, list(args), catch_exceptions=False)


def _motion(tmp_path: Path, *urls: str, name: str = "antrag.md") -> Path:
    """A Markdown motion with one footnote per URL."""
    body = " ".join(f"Satz Nummer {i}.[^{i}]" for i in range(1, len(urls) + 1))
    notes = "\n".join(f"[^{i}]: Vgl. {url}" for i, url in enumerate(urls, start=1))
    path = tmp_path / name
    path.write_text(f"# Antrag\n\n{body}\n\n{notes}\n", encoding="utf-8")
    return path


def _links(data: dict) -> list[dict]:  # type: ignore[type-arg]
    return [link for d in data["documents"] for f in d["footnotes"] for link in f["links"]]


def test_network_statuses_json_and_exit_code(servers: LocalServers, tmp_path: Path) -> None:
    urls = [
        servers.url("a.test", "/ok?cli=statuses"),
        servers.url("b.test", "/status/404?cli=statuses"),
        servers.url("c.test", "/status/403?cli=statuses"),
        servers.url("a.test", "/redirect?code=301&to=/page/not-there&cli=statuses"),
    ]
    doc = _motion(tmp_path, *urls)
    result = invoke_net("--allow-private", "--no-cache", "-f", "json", "--timeout", "5", str(doc))
    data = json.loads(result.stdout)
    VALIDATOR.validate(data)
    links = _links(data)
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
    doc = _motion(tmp_path, servers.url("b.test", "/status/403?cli=warn"))
    base = ("--allow-private", "--no-cache", str(doc))
    assert invoke_net(*base).exit_code == 0
    assert invoke_net("--fail-on", "warning", *base).exit_code == 1


def test_config_host_override_reaches_the_fetcher(servers: LocalServers, tmp_path: Path) -> None:
    # The configured per-host timeout (0.5 s) ends b.test's slow page long before the global 5 s,
    # and its per_host = 1 serialises b.test's requests.
    (tmp_path / "citecheck.toml").write_text(
        'hosts = { "b.test" = { timeout = 0.5 }, "c.test" = { per_host = 1 } }\n',
        encoding="utf-8",
    )
    slow = servers.url("b.test", "/slow?delay=3&cli=hosts")
    serial = [servers.url("c.test", f"/slow?delay=0.1&group=cli-hosts&n={i}") for i in range(3)]
    doc = _motion(tmp_path, slow, *serial)
    args = ("--allow-private", "--no-cache", "-f", "json", "--timeout", "5", str(doc))
    result = invoke_net(*args)
    links = _links(json.loads(result.stdout))
    assert (links[0]["status"], links[0]["reason"]) == ("timeout", "timeout")
    assert links[0]["elapsed_ms"] < 2000
    assert [link["status"] for link in links[1:]] == ["ok"] * 3
    assert servers.max_in_flight("group:cli-hosts") == 1
    printed = invoke("--print-config", str(doc)).stdout
    assert re.search(
        r'^hosts = \{ "b.test" = \{ timeout = 0.5 \}, .*citecheck.toml$', printed, re.M
    )


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
        (link,) = _links(json.loads(invoke_net(*args).stdout))
        return str(link["title_match"]["verdict"])

    assert verdict() == "match"  # default 0.90
    (tmp_path / "citecheck.toml").write_text("title_threshold = 0.95\n", encoding="utf-8")
    assert verdict() == "mismatch"


def test_network_table_output(servers: LocalServers, tmp_path: Path) -> None:
    doc = _motion(
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
    first = _motion(tmp_path, url, url, name="a.md")
    second = _motion(tmp_path, url, name="b.md")
    before = len(servers.requests_for("cli=dedupe"))
    result = invoke_net("--allow-private", "--no-cache", "-f", "json", str(first), str(second))
    assert result.exit_code == 0
    assert len(servers.requests_for("cli=dedupe")) - before == 1
    assert [link["status"] for link in _links(json.loads(result.stdout))] == ["ok"] * 3


def test_private_addresses_refused_without_allow_private(
    servers: LocalServers, tmp_path: Path
) -> None:
    doc = _motion(tmp_path, servers.url("a.test", "/ok?cli=private"))
    result = invoke_net("--no-cache", "-f", "json", str(doc))
    assert result.exit_code == 0
    links = _links(json.loads(result.stdout))
    assert [(link["status"], link["reason"]) for link in links] == [("skipped", "private_address")]
    assert servers.requests_for("cli=private") == []


def test_network_unavailable_exits_2(tmp_path: Path) -> None:
    doc = _motion(
        tmp_path, "http://x1.test/", "http://x2.test/", "http://x3.test/a", "http://x3.test/b"
    )
    result = invoke_net("--allow-private", "--no-cache", str(doc))
    assert_input_error(result, "network seems unavailable")


def test_network_unavailable_even_with_cached_links(servers: LocalServers, tmp_path: Path) -> None:
    cache = ("--allow-private", "--cache-dir", str(tmp_path / "cache"))
    cached = servers.url("c.test", "/ok?cli=netdown")
    assert invoke_net(*cache, str(_motion(tmp_path, cached))).exit_code == 0
    doc = _motion(tmp_path, cached, "http://x1.test/", "http://x2.test/", "http://x3.test/")
    assert_input_error(invoke_net(*cache, str(doc)), "network seems unavailable")


def test_cache_dir_serves_the_second_run(servers: LocalServers, tmp_path: Path) -> None:
    doc = _motion(tmp_path, servers.url("c.test", "/ok?cli=cache"))
    cache = tmp_path / "cache"
    args = ("--allow-private", "--cache-dir", str(cache), "-f", "json", str(doc))
    first = invoke_net(*args)
    second = invoke_net(*args)
    assert first.exit_code == second.exit_code == 0
    assert len(servers.requests_for("cli=cache")) == 1
    assert _links(json.loads(second.stdout))[0]["status"] == "ok"
    assert any(cache.iterdir())
    invoke_net("--allow-private", "--no-cache", str(doc))
    assert len(servers.requests_for("cli=cache")) == 2


@pytest.mark.parametrize(("signum", "code"), [(2, 130), (15, 143)])
def test_signal_mid_run_writes_partial_report(
    servers, tmp_path: Path, signum: int, code: int
) -> None:
    """SIGINT/SIGTERM while a URL hangs: the report of what was done is still written."""
    import signal
    import time

    tag = f"cli=signal{signum}"
    ok, hang = servers.url("a.test", f"/ok?{tag}"), servers.url("b.test", f"/hang?{tag}")
    doc = _motion(tmp_path, ok, hang)
    out = tmp_path / "report.json"
    env = {**os.environ, "NO_COLOR": "1", "CITECHECK_RESOLVE": _resolve_env()}
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
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            paths = [r.path for r in servers.requests_for(tag)]
            if any(p.startswith("/hang") for p in paths) and any(
                p.startswith("/ok") for p in paths
            ):
                break
            time.sleep(0.05)
        time.sleep(0.3)  # let the /ok answer arrive
        process.send_signal(signal.Signals(signum))
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr and stderr.count("\n") == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    VALIDATOR.validate(data)
    links = _links(data)
    assert [(link["status"], link["reason"]) for link in links] == [
        ("ok", None),
        ("skipped", "interrupted"),
    ]
    assert data["interrupted"] is True and data["summary"]["verdict"] == "fail"  # issue 14
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --------------------------------------------------------------------------- seed goldens


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


# --------------------------------------------------------------------------- real terminals


def _without_colour_settings() -> dict[str, str]:
    """This process's environment without NO_COLOR/FORCE_COLOR (nox sets NO_COLOR)."""
    return {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}


def _run_on_a_terminal(args: list[str], env: dict[str, str], tty: str) -> tuple[str, str, int]:
    """Run citecheck with stdout or stderr (`tty`) on a pseudo-terminal; (stdout, stderr, rc)."""
    import pty  # POSIX only, like the terminals this checks

    master, slave = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, tty: slave}
    process = subprocess.Popen(
        [sys.executable, "-m", "citecheck", *args],
        env={**_without_colour_settings(), "COLUMNS": "100", "LINES": "40", **env},
        stdin=subprocess.DEVNULL,
        **streams,  # type: ignore[arg-type]
    )
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    piped_out, piped_err = process.communicate(timeout=60)
    on_tty = b"".join(chunks).decode("utf-8", "replace")
    out = on_tty if tty == "stdout" else piped_out.decode()
    err = on_tty if tty == "stderr" else piped_err.decode()
    return out, err, process.returncode


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize(
    ("env", "coloured"),
    [({"TERM": "xterm-256color"}, True), ({"TERM": "xterm-256color", "NO_COLOR": "1"}, False)],
)
def test_table_colour_on_a_terminal_and_no_color(env: dict[str, str], coloured: bool) -> None:
    doc = str(SEED_MD)
    out, err, code = _run_on_a_terminal(["--offline", doc], env, "stdout")
    assert code == 0, err
    assert "skipped" in out  # the table itself, status words readable with or without colour
    assert ("\x1b[" in out) is coloured


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pseudo-terminal")
def test_progress_only_when_stderr_is_a_terminal(servers, tmp_path: Path) -> None:
    doc = _motion(tmp_path, servers.url("a.test", "/ok?cli=tty1"), servers.url("b.test", "/ok"))
    args = ["--allow-private", "--no-cache", "-f", "json", str(doc)]
    env = {"CITECHECK_RESOLVE": _resolve_env(), "TERM": "xterm-256color"}
    out, err, code = _run_on_a_terminal(args, env, "stderr")
    assert code == 0 and json.loads(out)["summary"]["links"] == 2
    assert "2/2" in err  # rich's done/total column
    piped = subprocess.run(
        [sys.executable, "-m", "citecheck", *args],
        env={**_without_colour_settings(), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert piped.returncode == 0 and piped.stderr == ""


def test_shell_completion_script_and_answers() -> None:
    script = subprocess.run(
        [sys.executable, "-m", "citecheck", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert script.returncode == 0 and "_CITECHECK_COMPLETE=complete_bash" in script.stdout
    # What bash asks when the user types `citecheck --fo<TAB>`.
    env = {**os.environ, "_CITECHECK_COMPLETE": "complete_bash", "COMP_WORDS": "citecheck --fo"}
    answer = subprocess.run(
        [sys.executable, "-m", "citecheck"],
        env={**env, "COMP_CWORD": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert answer.stdout.split() == ["--format"]
