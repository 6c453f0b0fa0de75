"""The report options through the command line (issue 14): -q/--quiet, --lang (and the locale),
--suggest-titles (and its configuration key), and plain --help text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citecheck.cli import app
from server import LocalServers

from .conftest import invoke, invoke_net, motion, resolve_env


def _findings_motion(tmp_path: Path) -> Path:
    """A motion with one error (footnote 2 has no definition) and one warning (footnote 3 is
    never cited), checked offline."""
    path = tmp_path / "antrag.md"
    path.write_text(
        "# Antrag\n\nErster Satz.[^1] Zweiter Satz.[^2]\n\n"
        "[^1]: Vgl. https://example.org/a\n[^3]: Vgl. https://example.org/b\n",
        encoding="utf-8",
    )
    return path


def _invoke_in(environment: dict[str, str | None], *args: str):  # type: ignore[no-untyped-def]
    """The CLI in-process with these environment variables (None: unset)."""
    runner = CliRunner(env={"NO_COLOR": "1", "CITECHECK_RESOLVE": None, **environment})
    return runner.invoke(app, list(args), catch_exceptions=False)


GERMAN = {"LANG": "de_DE.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}


def test_quiet_prints_only_the_findings_that_fail_the_run(tmp_path: Path) -> None:
    doc = _findings_motion(tmp_path)
    full = invoke("--offline", str(doc))
    quiet = invoke("--offline", "-q", str(doc))
    assert full.exit_code == quiet.exit_code == 1
    assert "footnote missing" in full.stdout and "footnote never cited" in full.stdout
    assert "footnote missing" in quiet.stdout
    assert "footnote never cited" not in quiet.stdout and "Footnotes" not in quiet.stdout
    german = invoke("--offline", "-q", "--lang", "de", str(doc)).stdout
    assert "Fußnote fehlt" in german and "Fußnote nie zitiert" not in german
    warning = invoke("--offline", "--quiet", "--fail-on", "warning", str(doc))
    assert "footnote never cited" in warning.stdout
    markdown = invoke("--offline", "-q", "-f", "markdown", str(doc)).stdout
    assert "footnote missing" in markdown and "footnote never cited" not in markdown
    # The machine formats stay complete.
    data = json.loads(invoke("--offline", "-q", "-f", "json", str(doc)).stdout)
    document = data["documents"][0]
    codes = {p["code"] for f in document["footnotes"] for p in f["problems"]}
    codes |= {p["code"] for p in document["problems"]}
    assert {"missing-definition", "unused-definition"} <= codes


def test_quiet_and_verbose_exclude_each_other(tmp_path: Path) -> None:
    result = invoke("--offline", "-q", "-v", str(_findings_motion(tmp_path)))
    assert result.exit_code == 2
    assert "--quiet and --verbose exclude each other" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "markdown", "github"])
def test_lang_de_speaks_german_in_every_human_format(tmp_path: Path, fmt: str) -> None:
    doc = _findings_motion(tmp_path)
    english = invoke("--offline", "-f", fmt, str(doc)).stdout
    german = invoke("--offline", "-f", fmt, "--lang", "de", str(doc)).stdout
    assert "footnote missing" in english and "footnote" in english.lower()
    assert "Fußnote fehlt" in german and "Fußnote" in german
    assert "footnote missing" not in german


def test_the_locale_picks_german_and_lang_en_overrides_it(tmp_path: Path) -> None:
    doc = _findings_motion(tmp_path)
    german = _invoke_in(GERMAN, "--offline", str(doc))
    assert "Ergebnis: nicht bestanden" in german.stdout and "Fußnote fehlt" in german.stdout
    english = _invoke_in(GERMAN, "--offline", "--lang", "en", str(doc))
    assert "Result: fail" in english.stdout and "footnote missing" in english.stdout
    assert "Fußnote" not in english.stdout
    # And the configuration's lang, which --lang overrides in turn.
    (tmp_path / "citecheck.toml").write_text('lang = "de"\n', encoding="utf-8")
    assert "Ergebnis:" in invoke("--offline", str(doc)).stdout
    assert "Result:" in invoke("--offline", "--lang", "en", str(doc)).stdout


def test_a_bad_lang_is_a_usage_or_config_error(tmp_path: Path) -> None:
    doc = _findings_motion(tmp_path)
    assert invoke("--offline", "--lang", "fr", str(doc)).exit_code == 2
    (tmp_path / "citecheck.toml").write_text('lang = "fr"\nsuggest_titles = "yes"\n')
    result = invoke("--offline", str(doc))
    assert result.exit_code == 2
    assert "lang: expected one of en, de" in result.stderr
    assert "suggest_titles: expected true or false" in result.stderr


def test_title_suggestions_only_when_asked(servers: LocalServers, tmp_path: Path) -> None:
    doc = motion(tmp_path, servers.url("a.test", "/ok?cli=suggest"))
    args = ("--allow-private", "--no-cache", str(doc))
    assert "add title" not in invoke_net(*args).stdout
    asked = invoke_net("--suggest-titles", *args).stdout
    assert "add title: „OK page“" in asked
    markdown = invoke_net("--suggest-titles", "-f", "markdown", *args).stdout
    assert "add title: „OK page“" in markdown
    german = invoke_net("--suggest-titles", "--lang", "de", *args).stdout
    assert "Titel ergänzen: „OK page“" in german
    (tmp_path / "citecheck.toml").write_text("suggest_titles = true\n", encoding="utf-8")
    assert "add title: „OK page“" in invoke_net(*args).stdout
    assert resolve_env()  # the names reach the local servers only through the seam


def test_help_shows_no_internals() -> None:
    text = invoke("--help").stdout
    for internal in ("<list[str]>", "<", "x>=", "(table)", "(error)"):
        assert internal not in text, internal
    for option in ("-q, --quiet", "--lang [en|de]", "--suggest-titles", "--baseline REPORT"):
        assert option in text
    assert "[default: table]" in text
    flat = " ".join(text.split())
    for documented in ("[[tool.citecheck.ignore]]", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE"):
        assert documented in flat, documented


@pytest.mark.parametrize("fmt", ["table", "markdown", "github"])
def test_a_german_demo_has_no_english_sentences(fmt: str) -> None:
    result = invoke("--demo", "--lang", "de", "-f", fmt)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Der Antrag nennt „Economic Outlook – German Business in Japan 2023“" in text
    assert "hat einen Tippfehler" in text
    for english in ("The motion names", "Cited title", "from the citing sentence", "Footnote "):
        assert english not in text, english
