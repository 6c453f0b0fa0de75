"""Label-free sweep of the reader over a tree of real DIP texts, split into a tune and a check half.

Usage: python benchmarks/dip_sweep.py CORPUS [--cmd "python -m citecheck"] [--half tune|check|both]
[-v]. CORPUS holds one folder per document type (as ../shared/corpus/dip/ does). Each file goes
to the tune half or the check half by a fixed hash of its name (SHA-256, even first byte: tune),
so rules are tuned on one half and judged on the other. Per half and type it runs
`CMD --offline --format json` once and prints footnotes, unused definitions (`unused-definition`:
in a published Drucksache nearly every footnote is cited, so they count invented footnotes and
lost markers), duplicates, numbering gaps, failed documents and time. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any


def half_of(name: str) -> str:
    """The half a file belongs to, by a fixed hash of its name."""
    return "tune" if hashlib.sha256(name.encode("utf-8")).digest()[0] % 2 == 0 else "check"


def _run(cmd: list[str], files: list[Path]) -> tuple[dict[str, Any] | None, float, str]:
    """Run the reader over `files` (linked into one folder); its JSON report, time and errors."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for path in files:
            (folder / path.name).symlink_to(path.resolve())
        out = Path(tmp) / "out.json"
        started = time.perf_counter()
        done = subprocess.run(
            [*cmd, "--offline", "--format", "json", "--output", str(out), str(folder)],
            capture_output=True,
            text=True,
            timeout=1800,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        wall = time.perf_counter() - started
        if not out.exists():
            return None, wall, f"rc={done.returncode}: {done.stderr.strip()[-300:]}"
        error = "traceback on stderr" if "Traceback" in done.stderr else ""
        report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return report, wall, error


def _codes(items: list[dict[str, Any]], code: str) -> int:
    return sum(1 for item in items for p in item.get("problems", []) if p["code"] == code)


def _count(report: dict[str, Any]) -> tuple[Counter[str], list[tuple[int, int, str]]]:
    """Totals of one report and its documents with unused definitions (unused, footnotes, name)."""
    counts: Counter[str] = Counter()
    worst: list[tuple[int, int, str]] = []
    for doc in report["documents"]:
        footnotes = doc.get("footnotes", [])
        unused = _codes(footnotes, "unused-definition")
        counts["docs"] += 1
        counts["footnotes"] += len(footnotes)
        counts["unused"] += unused
        counts["dup"] += _codes([doc], "duplicate-definition") + _codes(
            footnotes, "duplicate-definition"
        )
        counts["gaps"] += _codes([doc], "numbering-gap")
        counts["missing"] += _codes([doc], "missing-definition")
        if unused:
            worst.append((unused, len(footnotes), Path(doc["path"]).name))
    return counts, worst


def _line(name: str, counts: Counter[str], wall: float) -> str:
    rate = 100.0 * counts["unused"] / counts["footnotes"] if counts["footnotes"] else 0.0
    return (
        f"{name}: docs {counts['docs']}, footnotes {counts['footnotes']}, unused {counts['unused']}"
        f" ({rate:.1f} %), dup {counts['dup']}, gaps {counts['gaps']}, missing"
        f" {counts['missing']}, failed {counts['failed']}, {wall:.1f} s"
    )


def sweep_half(root: Path, half: str, cmd: list[str], verbose: bool) -> Counter[str]:
    """Sweep one half of the corpus, type by type; print and return its totals."""
    total: Counter[str] = Counter()
    wall_total = 0.0
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(p for p in folder.glob("*.txt") if half_of(p.name) == half)
        if not files:
            continue
        report, wall, error = _run(cmd, files)
        wall_total += wall
        if report is None:
            print(f"  {half}/{folder.name}: FAILED {error}")
            total["failed"] += len(files)
            continue
        counts, worst = _count(report)
        counts["failed"] += len(files) - counts["docs"] + (1 if error else 0)
        total.update(counts)
        print("  " + _line(f"{half}/{folder.name}", counts, wall))
        if verbose:
            for unused, footnotes, name in sorted(worst, reverse=True)[:6]:
                print(f"      {name}: {unused} of {footnotes} footnotes unused")
    print(_line(f"{half} (all types)", total, wall_total))
    return total


def main() -> int:
    """Parse arguments and sweep the chosen halves."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cmd", default=f"{sys.executable} -m citecheck")
    parser.add_argument("--half", choices=("tune", "check", "both"), default="both")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    halves = ("tune", "check") if args.half == "both" else (args.half,)
    for half in halves:
        sweep_half(args.corpus, half, shlex.split(args.cmd), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
