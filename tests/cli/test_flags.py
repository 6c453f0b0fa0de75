"""The flags: typer fills `Flags`, usage errors exit 2, -h/--help, --version, completion."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from citecheck import __version__

from .conftest import invoke


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
