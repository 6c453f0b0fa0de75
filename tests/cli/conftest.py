"""Shared doubles of the command-line tests: the CLI run in-process (offline, or in network
mode against the local servers, whose names reach them only through the CITECHECK_RESOLVE
seam, so no DNS query leaves the machine), small motions, and a real pseudo-terminal."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from citecheck.cli import app
from citecheck.schema import load_schema
from server import NAMES, LocalServers

ROOT = Path(__file__).resolve().parents[2]


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


def motion_with_config(tmp_path: Path, config: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "citecheck.toml").write_text(config, encoding="utf-8")
    folder = tmp_path / "antraege"
    folder.mkdir()
    doc = folder / "leer.md"
    doc.write_text("Ein Satz ohne Quellen.\n", encoding="utf-8")
    return doc


def resolve_env() -> str:
    return ",".join(f"{name}={address}" for name, address in NAMES.items())


def invoke_net(*args: str):  # type: ignore[no-untyped-def]
    """Run the CLI in-process in network mode against the local servers."""
    runner = CliRunner(env={"NO_COLOR": "1", "CITECHECK_RESOLVE": resolve_env()})
    return runner.invoke(app, list(args), catch_exceptions=False)


def motion(tmp_path: Path, *urls: str, name: str = "antrag.md") -> Path:
    """A Markdown motion with one footnote per URL."""
    body = " ".join(f"Satz Nummer {i}.[^{i}]" for i in range(1, len(urls) + 1))
    notes = "\n".join(f"[^{i}]: Vgl. {url}" for i, url in enumerate(urls, start=1))
    path = tmp_path / name
    path.write_text(f"# Antrag\n\n{body}\n\n{notes}\n", encoding="utf-8")
    return path


def all_links(data: dict) -> list[dict]:  # type: ignore[type-arg]
    return [link for d in data["documents"] for f in d["footnotes"] for link in f["links"]]


def without_colour_settings() -> dict[str, str]:
    """This process's environment without NO_COLOR/FORCE_COLOR (nox sets NO_COLOR)."""
    return {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}


def run_on_a_terminal(args: list[str], env: dict[str, str], tty: str) -> tuple[str, str, int]:
    """Run citecheck with stdout or stderr (`tty`) on a pseudo-terminal; (stdout, stderr, rc)."""
    import pty  # POSIX only, like the terminals this checks

    master, slave = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, tty: slave}
    process = subprocess.Popen(
        [sys.executable, "-m", "citecheck", *args],
        env={**without_colour_settings(), "COLUMNS": "100", "LINES": "40", **env},
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


def wait_until_hanging(servers: LocalServers, tag: str) -> None:
    """Wait (at most 20 s) until the run under test has asked for its /ok page and is hanging on
    /hang, then a little longer for the /ok answer to arrive: the moment to send a signal."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        paths = [r.path for r in servers.requests_for(tag)]
        if any(p.startswith("/hang") for p in paths) and any(p.startswith("/ok") for p in paths):
            break
        time.sleep(0.05)
    time.sleep(0.3)  # let the /ok answer arrive
