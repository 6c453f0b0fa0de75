"""Configuration mistakes, all at once: every bad key and value of the file and of the command
line in one message (exit 2), and a warning for a misspelt `[tool.citecheck]` table."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.config import Overrides, near_misses, resolve
from citecheck.errors import ConfigError

from .conftest import invoke, motion


def test_every_error_of_a_file_at_once(tmp_path: Path) -> None:
    path = tmp_path / "citecheck.toml"
    path.write_text(
        "timout = 5\nper_host = 0\nfail_on = 'info'\n"
        "ignore = [{ code = 'dead-links' }, { footnote = 'x' }]\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        resolve(start=tmp_path, overrides=Overrides(timeout=-1))
    messages = info.value.messages
    assert [m.split(": ")[1] for m in messages] == [
        "unknown key 'timout' (did you mean 'timeout'?)",
        "per_host",
        "fail_on",
        "ignore[0].code",
        "ignore[1].footnote",
        "timeout",
    ]
    assert messages[-1].startswith("command line: ")
    assert str(info.value).startswith("6 configuration errors:\n  ")


def test_the_command_lists_all_errors_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "citecheck.toml").write_text("timout = 5\nper_host = 0\n", encoding="utf-8")
    result = invoke("--offline", str(motion(tmp_path, "https://www.bundestag.de/a")))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "citecheck: error: 2 configuration errors:"
    assert "unknown key 'timout'" in lines[1] and "per_host" in lines[2]
    assert len(lines) == 3 and "Traceback" not in result.stderr


def test_one_error_stays_one_line(tmp_path: Path) -> None:
    (tmp_path / "citecheck.toml").write_text("per_host = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        resolve(start=tmp_path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "table"),
    [
        ("[tool.citechek]\ntimeout = 5\n", "[tool.citechek]"),
        ("[tool.cite-check]\ntimeout = 5\n", "[tool.cite-check]"),
        ("[tool.CiteCheck]\ntimeout = 5\n", "[tool.CiteCheck]"),
        ("[citecheck]\ntimeout = 5\n", "[citecheck]"),
    ],
)
def test_a_misspelt_table_is_a_warning(tmp_path: Path, text: str, table: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text + "[tool.ruff]\nline-length = 99\n", encoding="utf-8")
    effective = resolve(start=tmp_path)
    assert effective.file is None  # not read
    assert effective.warnings == (f"{path}: {table} is not read: did you mean [tool.citecheck]?",)
    result = invoke("--offline", str(motion(tmp_path, "https://www.bundestag.de/a")))
    assert f"citecheck: warning: {path}: {table} is not read" in result.stderr


def test_no_warning_for_other_tools_or_the_right_table(tmp_path: Path) -> None:
    data = {"tool": {"ruff": {}, "check": {}, "coverage": {}, "citecheck": {}}}
    assert near_misses(tmp_path / "pyproject.toml", data) == []
    assert near_misses(tmp_path / "citecheck.toml", {"citechek": 1}) == []
