"""Known findings through the command: `[[tool.citecheck.ignore]]` entries and `--baseline` turn
a failing run into a passing one for what they match, and only for that."""

from __future__ import annotations

import tomllib
from pathlib import Path

from citecheck.config import Config, format_config, resolve, validate
from server import LocalServers

from .conftest import assert_input_error, invoke, invoke_net, motion

# An error offline: footnote 2 is cited but never defined (missing-definition).
BROKEN = "# Antrag\n\nErster Satz.[^1] Zweiter Satz.[^2]\n\n[^1]: Vgl. https://www.bundestag.de/a\n"


def _folder(tmp_path: Path, text: str = BROKEN, name: str = "antrag.md") -> Path:
    folder = tmp_path / "antraege"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_ignore_by_code_passes_the_run(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert invoke("--offline", str(folder)).exit_code == 1
    (tmp_path / "pyproject.toml").write_text(
        '[tool.citecheck]\nfail_on = "error"\n\n'
        '[[tool.citecheck.ignore]]\ncode = "missing-definition"\ndocument = "antraege/*.md"\n',
        encoding="utf-8",
    )
    assert invoke("--offline", str(folder)).exit_code == 0
    (tmp_path / "pyproject.toml").write_text(
        '[tool.citecheck]\n\n[[tool.citecheck.ignore]]\ncode = "missing-definition"\n'
        'document = "entwuerfe/*.md"\n',
        encoding="utf-8",
    )
    assert invoke("--offline", str(folder)).exit_code == 1


def test_ignore_by_url_on_dead_links(servers: LocalServers, tmp_path: Path) -> None:
    dead, gone = servers.url("a.test", "/status/404?acc=1"), servers.url("b.test", "/status/410")
    doc = motion(tmp_path, dead, gone)
    args = ("--allow-private", "--no-cache", str(doc))
    assert invoke_net(*args).exit_code == 1
    (tmp_path / "citecheck.toml").write_text(
        f'[[ignore]]\ncode = "dead-link"\nurl = "^http://a\\\\.test:{servers.port}/"\n',
        encoding="utf-8",
    )
    assert invoke_net(*args).exit_code == 1  # b.test is still dead
    (tmp_path / "citecheck.toml").write_text(
        '[[ignore]]\ncode = "dead-link"\nurl = "/status/4"\n', encoding="utf-8"
    )
    assert invoke_net(*args).exit_code == 0


def test_baseline_accepts_what_an_earlier_report_had(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    baseline = tmp_path / "baseline.json"
    first = invoke("--offline", "-f", "json", "-o", str(baseline), str(folder))
    assert first.exit_code == 1
    assert invoke("--offline", "--baseline", str(baseline), str(folder)).exit_code == 0
    # the finding moved down three lines: still the same finding
    (folder / "antrag.md").write_text("\n\n\n" + BROKEN, encoding="utf-8")
    assert invoke("--offline", "--baseline", str(baseline), str(folder)).exit_code == 0
    # a new finding fails the run
    third = BROKEN.replace("Zweiter Satz.[^2]", "Zweiter Satz.[^2] Dritter Satz.[^3]")
    (folder / "antrag.md").write_text(third, encoding="utf-8")
    assert invoke("--offline", "--baseline", str(baseline), str(folder)).exit_code == 1


def test_a_baseline_that_is_no_report_is_an_input_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert_input_error(
        invoke("--offline", "--baseline", str(tmp_path / "fehlt.json"), str(folder)),
        "fehlt.json",
    )
    table = tmp_path / "bericht.txt"
    invoke("--offline", "-o", str(table), str(folder))
    assert_input_error(
        invoke("--offline", "--baseline", str(table), str(folder)),
        "not a citecheck JSON report (write one with --format json)",
    )
    (tmp_path / "other.json").write_text('{"documents": [{"pfad": 1}]}', encoding="utf-8")
    assert_input_error(
        invoke("--offline", "--baseline", str(tmp_path / "other.json"), str(folder)),
        "a document without a path",
    )


def test_an_unreadable_document_can_be_accepted(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "Ein Satz.[^1]\n\n[^1]: Vgl. https://www.bundestag.de/a\n")
    (folder / "kaputt.md").write_bytes(b"\x81\x8d\x8f" * 10)
    assert invoke("--offline", str(folder)).exit_code == 2
    (tmp_path / "citecheck.toml").write_text(
        '[[ignore]]\ncode = "unreadable-document"\ndocument = "kaputt.md"\n', encoding="utf-8"
    )
    result = invoke("--offline", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_print_config_writes_ignore_entries_as_toml(tmp_path: Path) -> None:
    (tmp_path / "citecheck.toml").write_text(
        '[[ignore]]\ncode = "dead-link"\nurl = "^https://intranet\\\\."\n\n'
        '[[ignore]]\ndocument = "alt/*.md"\nfootnote = 3\n',
        encoding="utf-8",
    )
    effective = resolve(start=tmp_path)
    text = format_config(effective)
    assert Config(**validate(tomllib.loads(text), "printed")) == effective.config  # type: ignore[arg-type]
    assert "ignore = [{ code = " in text
