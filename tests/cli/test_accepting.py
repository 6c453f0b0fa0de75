"""Known findings through the command: `[[tool.citecheck.ignore]]` entries and `--baseline` turn
a failing run into a passing one for what they match, and only for that."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from citecheck.config import Config, format_config, resolve, validate
from server import LocalServers

from .conftest import VALIDATOR, assert_input_error, invoke, invoke_net, motion

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


# ---------------------------------------------------------------- known findings in every format


def _known_run(tmp_path: Path, fmt: str, *extra: str) -> str:
    """A folder run offline whose one error (a missing definition) is in the baseline and
    whose one warning (a gap in the numbering) is accepted by an ignore entry."""
    folder = _folder(tmp_path, BROKEN + "[^4]: Vgl. https://www.bundestag.de/b\n")
    baseline = tmp_path / "baseline.json"
    if not baseline.exists():
        invoke("--offline", "-f", "json", "-o", str(baseline), str(folder))
        baseline_data = json.loads(baseline.read_text(encoding="utf-8"))
        # Keep only the missing definition in the baseline: the others are accepted otherwise.
        for document in baseline_data["documents"]:
            document["problems"] = [
                p for p in document["problems"] if p["code"] == "missing-definition"
            ]
            for footnote in document["footnotes"]:
                footnote["problems"] = []
        baseline.write_text(json.dumps(baseline_data), encoding="utf-8")
        (tmp_path / "citecheck.toml").write_text(
            '[[ignore]]\ncode = "numbering-gap"\n\n[[ignore]]\nfootnote = 4\n', encoding="utf-8"
        )
    result = invoke("--offline", "-f", fmt, "--baseline", str(baseline), *extra, str(folder))
    assert result.exit_code == 0, result.output  # known findings never fail the run
    return result.stdout


def test_known_findings_in_json_carry_why_they_are_accepted(tmp_path: Path) -> None:
    data = json.loads(_known_run(tmp_path, "json"))
    VALIDATOR.validate(data)
    document = data["documents"][0]
    problems = document["problems"] + [p for f in document["footnotes"] for p in f["problems"]]
    accepted = {p["code"]: p.get("accepted") for p in problems}
    assert accepted == {
        "missing-definition": "baseline",
        "numbering-gap": "ignore",
        "unused-definition": "ignore",
    }
    assert data["summary"]["verdict"] == "pass"
    assert data["summary"]["by_severity"] == {"error": 0, "warning": 0, "info": 0}
    bad = json.loads(json.dumps(data))
    bad["documents"][0]["problems"][0]["accepted"] = "yes"
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(bad)


def test_known_findings_in_the_table_are_apart_and_not_failures(tmp_path: Path) -> None:
    table = _known_run(tmp_path, "table")
    assert "Problems" not in table  # nothing new
    known = table.split("Known findings (accepted, not failing the run)")[1]
    assert "✓ known   line 3 · footnote missing · in the baseline" in known
    assert "footnote never cited · accepted by an ignore entry" in known
    assert "✗ error" not in table and "⚠ warning" not in table
    assert "— 3 known findings" in table
    assert "0 errors, 0 warnings, 0 notes, 3 known findings" in " ".join(table.split())
    assert "Result: pass" in table
    german = _known_run(tmp_path, "table", "--lang", "de")
    assert "Bekannte Befunde" in german and "in der Baseline" in german
    # --quiet shows what fails the run: nothing.
    assert "known" not in _known_run(tmp_path, "table", "-q").split("Summary")[0]


def test_known_findings_in_markdown_and_github(tmp_path: Path) -> None:
    markdown = _known_run(tmp_path, "markdown")
    assert markdown.startswith("## ✅ citecheck: 3 known findings\n")
    assert "<summary>3 known findings (accepted, not failing the run)</summary>" in markdown
    assert "☑️ error (known: in the baseline)" in markdown
    assert "| ❌ error |" not in markdown
    github = _known_run(tmp_path, "github").splitlines()
    # Three findings as notices marked known, the offline note, the summary line.
    assert [line.split()[0] for line in github[:-1]] == ["::notice"] * 4
    assert sum("title=known%3A citecheck%3A " in line for line in github) == 3
    assert "known (in the baseline): " in next(g for g in github if "has no definition" in g)
    assert github[-1].endswith(
        "3 known findings (1 document, 2 footnotes, 2 links) — pass (fail on: error)"
        " · offline: links were not fetched"
    )


def test_known_findings_in_sarif_are_suppressed(tmp_path: Path) -> None:
    log = json.loads(_known_run(tmp_path, "sarif"))
    schema = json.loads(
        (Path(__file__).resolve().parents[1] / "schemas" / "sarif-2.1.0.json").read_text("utf-8")
    )
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    results = log["runs"][0]["results"]
    assert len(results) == 3
    assert all(r["suppressions"][0]["kind"] == "external" for r in results)
    by_rule = {r["ruleId"]: r["suppressions"][0]["justification"] for r in results}
    assert "baseline" in by_rule["missing-definition"]
    assert "ignore entry" in by_rule["numbering-gap"]
