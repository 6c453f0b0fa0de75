"""The report's time is the run's wall time (issue 14): from the start of the command to the
report, the reading of the documents and the fetches included. Loose tests: the time shown is
at least a delay the test causes, never compared with an upper bound."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from server import LocalServers

from .conftest import invoke_net, motion

DOCUMENT = "# Antrag\n\nEin Satz.[^1]\n\n[^1]: Vgl. https://www.bundestag.de/a\n"


def test_the_time_includes_reading_the_documents() -> None:
    """Standard input that arrives late: the documents are read before any check starts, and
    the time still counts the wait (1.5 s after the process started; the interpreter's own
    start-up, before the command, is not counted, hence the margin)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "citecheck", "--offline", "-f", "sarif", "-"],
        env={**os.environ, "NO_COLOR": "1"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    stdout, stderr = process.communicate(DOCUMENT, timeout=60)
    assert process.returncode == 0, stderr
    assert json.loads(stdout)["runs"][0]["properties"]["elapsedMs"] >= 1000


def test_the_summary_time_includes_a_slow_server(servers: LocalServers, tmp_path: Path) -> None:
    doc = motion(tmp_path, servers.url("a.test", "/slow?delay=1.2&cli=walltime"))
    table = invoke_net("--allow-private", "--no-cache", str(doc)).stdout
    seconds = re.search(r"· (\d+\.\d) s\n", table.replace("\n ", " "))
    assert seconds is not None, table
    assert float(seconds.group(1)) >= 1.2
    markdown = invoke_net("--allow-private", "--no-cache", "-f", "markdown", str(doc)).stdout
    footer = re.search(r"<sub>citecheck \S+ · (\d+\.\d) s ·", markdown)
    assert footer is not None and float(footer.group(1)) >= 1.2
