"""The titles package stands below verification: importing it loads no `verify`, `check`,
`classify` or `fetch` module (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys


def test_titles_imports_no_verify_check_classify_or_fetch() -> None:
    code = (
        "import json, sys\n"
        "import citecheck.titles\n"
        "import citecheck.titles.compare\n"  # imported at first use (the package's __getattr__)
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('citecheck.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = json.loads(done.stdout)
    assert "citecheck.titles.compare" in loaded  # the check sees the package's modules
    forbidden = ("citecheck.verify", "citecheck.check", "citecheck.classify", "citecheck.fetch")
    assert [m for m in loaded if m.startswith(forbidden)] == []
