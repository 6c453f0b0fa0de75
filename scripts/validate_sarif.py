"""Validate SARIF files with Microsoft's SARIF Multitool and fail on any error it reports.

The Multitool (npm `@microsoft/sarif-multitool`, run through `npx`) exits 0 even when it finds
errors, so this script reads its output log instead: exit 1 when any result is an error (with
`--strict`, also a warning). Needs node/npx and the npm registry (or an npx cache).
Run: `python scripts/validate_sarif.py FILE.sarif...`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

MULTITOOL = "@microsoft/sarif-multitool"


def validate(path: Path, *, strict: bool) -> int:
    """Run the Multitool on `path`; print its findings; return how many count as failures."""
    npx = shutil.which("npx")
    if npx is None:
        sys.exit("validate_sarif: npx not found (install Node.js)")
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "validation.sarif"
        subprocess.run(
            [npx, "--yes", MULTITOOL, "validate", "--output", str(log), str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        results = [r for run in json.loads(log.read_text("utf-8"))["runs"] for r in run["results"]]
    failing = {"error", "warning"} if strict else {"error"}
    bad = 0
    for result in results:
        # SARIF's default level is "warning" when a result does not say.
        level = result.get("level", "warning")
        bad += level in failing
        message = result["message"]
        # The Multitool writes templated messages (id + arguments) rather than plain text.
        text = message.get("text") or " | ".join(message.get("arguments", []))
        print(f"{path}: {level} {result.get('ruleId')}: {text}")
    print(f"{path}: {len(results)} Multitool findings, {bad} failing")
    return bad


def main() -> int:
    """Validate every file given; exit 1 if any has a failing finding."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    args = parser.parse_args()
    failures = sum(validate(path, strict=args.strict) for path in args.files)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
