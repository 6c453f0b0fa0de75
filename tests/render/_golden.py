"""Golden-file comparison for rendered reports (fixtures/expected/).

Set CITECHECK_UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

EXPECTED = Path(__file__).resolve().parents[2] / "fixtures" / "expected"


def assert_golden(name: str, actual: str) -> None:
    """`actual` must equal fixtures/expected/`name` byte for byte."""
    path = EXPECTED / name
    if os.environ.get("CITECHECK_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="\n")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs; rerun with CITECHECK_UPDATE_GOLDEN=1 and review"
