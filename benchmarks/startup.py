"""Time how fast the `citecheck` command starts: `--version` and `--help` vs `python -c pass`.

Each command runs `--repeat` times (after one warm-up run); the median wall time is reported in
ms together with its ratio to a bare interpreter start, and the time above that baseline, which
is what citecheck's own imports cost. Run: `python benchmarks/startup.py` (optionally
`--repeat 20 --target-ms 150`). Exits 1 when `--version` or `--help` takes longer than the target.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_MS = 150.0


def _citecheck() -> list[str]:
    """The installed console script next to this interpreter, else `python -m citecheck`."""
    script = Path(sys.executable).with_name("citecheck")
    if script.exists():
        return [str(script)]
    found = shutil.which("citecheck")
    return [found] if found else [sys.executable, "-m", "citecheck"]


def _median_ms(argv: list[str], repeat: int) -> float:
    """Median wall time of running `argv` to completion, in milliseconds."""
    subprocess.run(argv, check=True, capture_output=True)  # warm the OS file cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    """Measure, print a small table, and return 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs per command (default 15)")
    parser.add_argument("--target-ms", type=float, default=TARGET_MS, help="target per command")
    args = parser.parse_args()

    command = _citecheck()
    baseline = _median_ms([sys.executable, "-c", "pass"], args.repeat)
    print(f"{'command':<28} {'median ms':>10} {'ratio':>7} {'over baseline':>14}")
    print(f"{'python -c pass':<28} {baseline:>10.1f} {1.0:>7.2f} {0.0:>11.1f} ms", flush=True)
    missed = False
    for flag in ("--version", "--help"):
        try:
            ms = _median_ms([*command, flag], args.repeat)
        except subprocess.CalledProcessError as exc:
            print(f"{' '.join(exc.cmd)} failed (exit {exc.returncode}):\n{exc.stderr.decode()}")
            return 2
        label = f"citecheck {flag}"
        print(
            f"{label:<28} {ms:>10.1f} {ms / baseline:>7.2f} {ms - baseline:>11.1f} ms", flush=True
        )
        missed |= ms > args.target_ms
    print(f"target: each under {args.target_ms:.0f} ms -> {'MISSED' if missed else 'met'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
