"""nox: the single entry point for checks (`nox -s tests lint typecheck`)."""

from __future__ import annotations

import os
from pathlib import Path

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


@nox.session
def validate(session: nox.Session) -> None:
    """Real validators on the CI artefacts: SARIF Multitool (npx), check-jsonschema, pre-commit.

    Needs Node.js/npx for the Multitool (npm package @microsoft/sarif-multitool).
    """
    _install(session, "-e", ".", "check-jsonschema", "pre-commit")
    sarif = Path(session.create_tmp()) / "citecheck.sarif"
    session.run(
        "citecheck",
        "--offline",
        "--format",
        "sarif",
        "--output",
        str(sarif),
        "fixtures/documents/antrag-japan-partnerschaft.md",
        "fixtures/documents/pressemitteilung-wirtschaftssicherheit.txt",
        success_codes=[0, 1],
    )
    # The Multitool exits 0 even when it reports errors: the wrapper reads its log and fails.
    session.run(
        "python",
        "scripts/validate_sarif.py",
        "--strict",
        str(sarif),
        "fixtures/expected/report.sarif",
    )
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-actions", "action.yml")
    session.run(
        "check-jsonschema", "--builtin-schema", "vendor.github-workflows", "examples/workflow.yml"
    )
    session.run("pre-commit", "validate-manifest", ".pre-commit-hooks.yaml")
