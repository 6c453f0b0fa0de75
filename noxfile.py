"""nox: the single entry point for checks (`nox -s tests lint typecheck`)."""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.default_venv_backend = "venv"

os.environ.update({"NO_COLOR": "1", "TERM": "dumb"})


def _install(session: nox.Session, *args: str) -> None:
    """Install with a pip new enough for PEP 735 dependency groups (pip >= 25.1)."""
    session.install("--upgrade", "pip>=25.1")
    session.install(*args)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against an installed citecheck."""
    _install(session, "--group", "tests", "-e", ".")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    _install(session, "--group", "lint")
    session.run("ruff", "check", "src", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "benchmarks", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on src."""
    _install(session, "--group", "typing", "-e", ".")
    session.run("mypy", "--strict", "src")
