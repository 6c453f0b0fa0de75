"""Profile one whole citecheck process on a benchmark scenario (cProfile, sorted by own time).

    python benchmarks/profile_run.py                    # the session scenario, top 25 lines
    python benchmarks/profile_run.py --scenario bulk --top 40 --sort cumulative

Starts the same loopback latency servers and motions as engine_vs_lychee.py and runs
`python -m cProfile -m citecheck …` with the same limits, so start-up, imports, parsing,
fetching, verification and rendering are all in the profile. The README keeps the top lines
of this output before and after each engine change. cProfile sees one process, so the run is
kept in one (CITECHECK_WORKERS=1) unless --workers says otherwise.
"""

from __future__ import annotations

import argparse
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from engine_vs_lychee import SCENARIOS, citecheck_cmd, make_urls, write_motions
from latency_server import LatencyServer


def main() -> None:
    """Run the profiled process and print its top lines."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default="session", choices=[s.name for s in SCENARIOS])
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--keep", default="", help="also copy the raw profile to this path")
    parser.add_argument("--workers", default="1", help="CITECHECK_WORKERS for the run")
    args = parser.parse_args()
    scenario = next(s for s in SCENARIOS if s.name == args.scenario)
    with (
        LatencyServer(scenario.hosts, scenario.latency) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        paths = write_motions(make_urls(server, scenario, 1), scenario.files, Path(tmp))
        out = Path(tmp) / "run.prof"
        cmd = citecheck_cmd(paths)
        profiled = [cmd[0], "-m", "cProfile", "-o", str(out), *cmd[1:]]
        env = {**os.environ, "CITECHECK_WORKERS": args.workers}
        subprocess.run(profiled, stdout=subprocess.DEVNULL, check=False, env=env)
        if args.keep:
            Path(args.keep).write_bytes(out.read_bytes())
        stats = pstats.Stats(str(out))
        total = stats.total_tt  # type: ignore[attr-defined]
        print(f"total {total:.2f} s of CPU in the main thread")
        stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
