"""The flags: typer fills `Flags`, usage errors exit 2, -h/--help, --version, completion."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from citecheck import __version__
from citecheck.cli.flags import Flags, typed_command
from citecheck.config import Config, Overrides
from citecheck.models import FailOn
from citecheck.render import OutputFormat

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


def test_short_help_is_help() -> None:
    short, long = invoke("-h"), invoke("--help")
    assert short.exit_code == long.exit_code == 0
    assert short.stdout == long.stdout
    assert "Usage: citecheck" in short.stdout and "-h, --help" in short.stdout


def test_help_shows_the_configured_defaults() -> None:
    """The defaults shown are `Config`'s (none is restated in the flags)."""
    text = " ".join(invoke("--help").stdout.split())
    config = Config()
    for shown in (
        f"[default: {config.format.value}]",
        f"[default: {config.fail_on.value}]",
        f"[default: {config.timeout:g}]",
        f"[default: {config.max_concurrency}]",
        f"[default: {config.per_host}]",
        "[default: 1d]",
    ):
        assert shown in text, shown


def test_typed_command_hands_the_command_one_typed_object() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Small:
        count: Annotated[int, typer.Option("--count", min=1)] = 2
        loud: Annotated[bool, typer.Option("--loud")] = False

    received: list[Small] = []
    small = typer.Typer()

    @small.command()
    @typed_command(Small)
    def run(flags: Small) -> None:
        """Say something."""
        received.append(flags)

    runner = CliRunner()
    assert runner.invoke(small, ["--count", "5", "--loud"]).exit_code == 0
    assert runner.invoke(small, []).exit_code == 0
    assert received == [Small(count=5, loud=True), Small()]
    assert "Say something." in runner.invoke(small, ["--help"]).stdout
    assert runner.invoke(small, ["--count", "0"]).exit_code == 2  # typer's checks still apply


def test_flags_give_the_command_line_layer_of_the_configuration() -> None:
    assert Flags().overrides() == Overrides()
    flags = Flags(
        exclude=["^a", "^b"], timeout=3.0, fail_on=FailOn.NEVER, output_format=OutputFormat.JSON
    )
    assert flags.overrides() == Overrides(
        exclude=("^a", "^b"), timeout=3.0, fail_on=FailOn.NEVER, format=OutputFormat.JSON
    )
