"""The answer-side steps (`citecheck.deferred`): a run plans its fetches and sends its first
requests without importing them, imports them at the first answer (or ahead, in a thread),
and every step is the module's own."""

from __future__ import annotations

import json
import subprocess
import sys

from citecheck import deferred


def _loaded_after(code: str) -> list[str]:
    """The `deferred.MODULES` loaded after running `code` in a fresh interpreter."""
    probe = (
        f"{code}\n"
        "import json, sys\n"
        "from citecheck.deferred import MODULES\n"
        "print(json.dumps([m for m in MODULES if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    found: list[str] = json.loads(done.stdout)
    return found


PLAN = """
from citecheck.check import CheckRun
from citecheck.options import CheckOptions
from citecheck.parse import parse_bytes
motion = "Ein Satz.[^1]\\n\\n[^1]: Quelle, https://example.org/a (abgerufen am 1.2.2024).\\n"
run = CheckRun([parse_bytes(motion.encode(), "motion.md")], CheckOptions())
assert run.total == 1
"""


def test_planning_a_run_imports_no_answer_side_step() -> None:
    assert _loaded_after(PLAN) == []


def test_its_report_imports_them() -> None:
    assert _loaded_after(PLAN + "run.report()\n") == list(deferred.MODULES)


def test_import_all_imports_them() -> None:
    code = "from citecheck.deferred import import_all\nimport_all()"
    assert _loaded_after(code) == list(deferred.MODULES)


def test_the_steps_are_the_modules_own() -> None:
    from citecheck import archive, classify, link_problems, verify
    from citecheck.models import Document, Fetched, Link, LinkStatus, Reason
    from citecheck.verify import footnote

    fetched = Fetched(url="https://e.org/", http_status=404)
    assert deferred.classify(fetched) == classify.classify(fetched)
    document = Document("motion.md", "markdown")
    assert deferred.target_of(None, document) == archive.target_of(None, document)
    assert footnote.verify_cited.__name__ == deferred.verify_cited.__name__
    link = Link(
        "https://e.org/", LinkStatus.REDIRECT, Reason.PERMANENT, final_url="https://e.org/b"
    )
    assert deferred.suggested_url(link) == verify.suggested_url(link) == "https://e.org/b"
    dead = Link("https://e.org/", LinkStatus.DEAD)
    mine = list(deferred.link_problems([dead], 3, in_text=True))
    assert mine == list(link_problems.link_problems([dead], 3, in_text=True)) and mine
