"""The flags' values coerced without pydantic (cli/coercion.py) against typer's own coercion
(the reference, which builds pydantic adapters): same value, or the same error, for every flag
and a spread of good and bad raw values; and a run of the command never imports pydantic.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter

from citecheck.cli import app
from citecheck.cli.coercion import LightRuntimeParam

_COMMAND = typer.main.get_command(app)

_VALUES: tuple[Any, ...] = (
    None,
    "",
    "-",
    "0",
    "1",
    "07",
    "8",
    "128",
    "-3",
    "+5",
    " 4",
    "1_000",
    "0.1",
    "0.05",
    "20",
    "2.5",
    "1e3",
    "nan",
    "inf",
    "99999999999999999999999",
    "json",
    "JSON",
    "table",
    "sarif",
    "error",
    "warning",
    "de",
    "en",
    "never",
    "failing",
    "all",
    "x.md",
    "README.md",
    "src",
    "1d",
    "30m",
    "Mozilla/5.0 (citecheck)",
    "ä",
    ("a.md",),
    ("a.md", "-", "b"),
    ["x"],
    (),
)


def _outcome(runtime: Any, param: _TyperParameter, ctx: Context, value: Any) -> tuple[str, Any]:
    """("value", result) or ("error", its class and message)."""
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return ("error", (type(exc).__name__, exc.format_message()))
    return ("value", (type(result).__name__, result))


def _parameters() -> list[_TyperParameter]:
    ctx = Context(_COMMAND)
    return [p for p in _COMMAND.get_params(ctx) if isinstance(p, _TyperParameter)]


@pytest.mark.parametrize("param", _parameters(), ids=lambda p: p.name or "?")
def test_light_coercion_matches_typers_own(
    param: _TyperParameter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    (tmp_path / "src").mkdir()
    monkeypatch.chdir(tmp_path)
    ctx = Context(_COMMAND)
    light = LightRuntimeParam.of(param.type_descriptor)
    reference = build_runtime_param(param.type_descriptor)
    for value in _VALUES:
        if (param.multiple or param.nargs == -1) != isinstance(value, tuple | list):
            continue  # click hands a multi-value parameter a tuple, a single one a string
        assert _outcome(light, param, ctx, value) == _outcome(reference, param, ctx, value), value


def test_the_parameters_use_the_light_coercion() -> None:
    ctx = Context(_COMMAND)
    runtimes = {p.name: p.get_runtime_param() for p in _parameters()}
    assert runtimes and all(isinstance(r, LightRuntimeParam) for r in runtimes.values()), ctx


def test_a_run_never_imports_pydantic(tmp_path: Path) -> None:
    motion = tmp_path / "antrag.md"
    motion.write_text("# Antrag\n\nText.[^1]\n\n[^1]: Vgl. <https://example.org/a>.\n")
    code = (
        "import sys\n"
        "from citecheck.cli import app\n"
        "try:\n"
        f"    app(['--offline', '--format', 'json', '--timeout', '5', '--per-host', '2',"
        f" '--lang', 'de', '--cache-dir', {str(tmp_path)!r}, {str(motion)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pydantic' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr
