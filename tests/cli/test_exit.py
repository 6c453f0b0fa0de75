"""The quick exit of `python -m citecheck` (cli.main: exit handlers, flush, `os._exit`): the
same status and the same complete output as Python's ordinary exit through `app`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import SEED_MD

_ORDINARY = "import sys; from citecheck.cli import app; app(sys.argv[1:], prog_name='citecheck')"


def _both(*args: str) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """The command through `main` (quick exit) and through `app` (ordinary exit)."""
    runs = (
        [sys.executable, "-m", "citecheck", *args],
        [sys.executable, "-c", _ORDINARY, *args],
    )
    quick, ordinary = (
        subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        for cmd in runs
    )
    return quick, ordinary


@pytest.mark.parametrize(
    "args",
    [
        ("--offline", "--format", "json", str(SEED_MD)),
        ("--offline", "--format", "markdown", "--lang", "de", str(SEED_MD)),
        ("--offline", "--fail-on", "bogus", str(SEED_MD)),
        ("--version",),
        ("--offline",),
    ],
    ids=["json", "markdown", "usage-error", "version", "no-path"],
)
def test_quick_exit_matches_the_ordinary_one(args: tuple[str, ...]) -> None:
    quick, ordinary = _both(*args)
    assert quick.returncode == ordinary.returncode
    assert quick.stdout == ordinary.stdout
    if "json" in args:
        assert json.loads(quick.stdout)["summary"]["links"] > 0
    assert quick.stderr == ordinary.stderr
