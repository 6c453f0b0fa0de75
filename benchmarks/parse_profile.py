"""Parse CPU per footnote of the engine benchmark's motions (no servers, no network).

    python benchmarks/parse_profile.py --scenario session     # 50 motions, 2,000 footnotes
    python benchmarks/parse_profile.py --scenario bulk --profile 25

Writes the scenario's Markdown motions as engine_vs_lychee.py does (with made-up loopback
addresses), parses each with `parse.load_document` in this process after one warm-up pass
(so imports and pattern compiles are not counted), and prints the best CPU time of `--repeat`
passes and the µs per footnote. `--profile N` prints the N costliest functions of one pass
(cProfile, by internal time).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).parent))
from engine_vs_lychee import SCENARIOS, Scenario, make_urls, write_motions

from citecheck.parse import load_document


def _urls(scenario: Scenario) -> list[str]:
    """`engine_vs_lychee.make_urls` without a server: hosts 127.0.0.(10+i), port 8080."""

    server = SimpleNamespace(
        addresses=[f"127.0.0.{10 + i}" for i in range(scenario.hosts)], port=8080
    )
    return make_urls(server, scenario, 1)  # type: ignore[arg-type]


def _parse_all(paths: list[Path]) -> int:
    """Parse every motion; the number of footnotes read."""
    return sum(len(load_document(path).footnotes) for path in paths)


def main() -> None:
    """Write the motions, parse them `--repeat` times, print the best CPU time."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default="session", choices=[s.name for s in SCENARIOS])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, help="top N functions of one pass")
    args = parser.parse_args()
    scenario = next(s for s in SCENARIOS if s.name == args.scenario)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_motions(_urls(scenario), scenario.files, Path(tmp))
        footnotes = _parse_all(paths)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.process_time()
            _parse_all(paths)
            best = min(best, time.process_time() - start)
        print(
            f"{args.scenario}: {len(paths)} documents, {footnotes} footnotes: "
            f"{best * 1000:.0f} ms CPU, {best / footnotes * 1e6:.0f} µs per footnote"
        )
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(_parse_all, paths)
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
