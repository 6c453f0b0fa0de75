"""The GitHub Action attaches the HTML report: scripts/action.sh writes it when asked (run for
real, offline, on fixtures) and action.yml has the input and the upload-artifact step."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
SEED = "fixtures/documents/antrag-japan-partnerschaft.md"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_action_script_writes_the_html_report(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CITECHECK", "GITHUB_"))}
    report = tmp_path / "citecheck.html"
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        NO_COLOR="1",
        GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
        CITECHECK_ARGS="--offline",
        CITECHECK_PATHS=SEED,
        CITECHECK_HTML=str(report),
    )
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "action.sh")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text() for a in soup.select("nav.contents li a")] == [SEED]
    assert "offline" in soup.get_text()


def test_action_yml_attaches_the_report_as_an_artifact() -> None:
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert re.search(r"^  html-report:\n    description: .+\n", text, re.MULTILINE)
    assert "CITECHECK_HTML: ${{ inputs.html-report }}" in text
    step = text.split("- name: Attach the HTML report", 1)[1]
    assert "uses: actions/upload-artifact@v4" in step
    assert "path: ${{ inputs.html-report }}" in step
    assert "if: ${{ !cancelled() && inputs.html-report != '' }}" in step
