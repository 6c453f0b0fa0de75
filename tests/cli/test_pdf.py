"""The command line on PDFs end to end: a real PDF without footnotes gives the nothing-found
warning, a scanned PDF without a text layer is one line on stderr and exit 2 (no traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pdfminer")

from conftest import minimal_pdf

from .conftest import ROOT, VALIDATOR, invoke

BW_NO_FOOTNOTES = (
    ROOT / "fixtures" / "corpus" / "pdf" / "bw-17-0273-gesetzentwurf-spd-wahlalter16.pdf"
)


@pytest.fixture(name="scan")
def _scan(tmp_path: Path) -> Path:
    """A "scanned" PDF: one page of vector drawing, no text layer."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(minimal_pdf(b"0 0 m 100 100 l S"))
    return path


def test_german_pdf_without_footnotes_warns_nothing_found() -> None:
    result = invoke("--offline", "--format", "json", str(BW_NO_FOOTNOTES))
    assert result.exit_code == 0, result.output  # a warning does not fail the run by default
    data = json.loads(result.stdout)
    VALIDATOR.validate(data)
    (document,) = data["documents"]
    assert (document["path"], document["format"]) == (str(BW_NO_FOOTNOTES), "pdf")
    assert document["footnotes"] == []
    assert [(p["code"], p["severity"]) for p in document["problems"]] == [
        ("nothing-found", "warning")
    ]
    assert data["summary"]["footnotes"] == data["summary"]["links"] == 0
    strict = invoke("--offline", "--fail-on", "warning", str(BW_NO_FOOTNOTES))
    assert strict.exit_code == 1


def test_scanned_pdf_is_one_error_line_and_exit_2(scan: Path) -> None:
    result = invoke("--offline", str(scan))
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines == [f"citecheck: error: {scan}: no text layer (scanned PDF?)"]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_scanned_pdf_in_a_subprocess_has_no_traceback(scan: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "citecheck", "--offline", "--format", "json", str(scan)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [f"citecheck: error: {scan}: no text layer (scanned PDF?)"]
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
