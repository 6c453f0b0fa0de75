"""Two settings of one environment variable, alternating, on an engine benchmark scenario:
citecheck's whole-process CPU (its worker processes included), wall time and peak RSS.

    python benchmarks/env_ab.py bulk 3 CITECHECK_WORKERS 1 2
    python benchmarks/env_ab.py session 5 CITECHECK_LOOP asyncio uvloop CITECHECK_WORKERS=1

Arguments: scenario, runs per setting, variable, setting A, setting B, then NAME=VALUE pairs set
for both. The runs use bytecode caches (PYTHONDONTWRITEBYTECODE is dropped for them), the same
latency servers and motions as engine_vs_lychee.py, and alternate A, B, A, B, … so both see the
same machine load. CPU is the steadier figure on a shared machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from engine_vs_lychee import SCENARIOS, citecheck_cmd, make_urls, write_motions
from latency_server import LatencyServer


def _one(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(CPU s, wall s, peak RSS MB of the main process) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> None:
    """Run both settings alternately and print their medians."""
    name, repeat, variable, first, second = sys.argv[1:6]
    fixed = dict(pair.split("=", 1) for pair in sys.argv[6:])
    scenario = next(s for s in SCENARIOS if s.name == name)
    runs: dict[str, list[tuple[float, float, float]]] = {first: [], second: []}
    with (
        LatencyServer(scenario.hosts, scenario.latency) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        paths = write_motions(make_urls(server, scenario, 1), scenario.files, Path(tmp))
        cmd = citecheck_cmd(paths)
        for _ in range(int(repeat)):
            for value in (first, second):
                server.reset()
                env = {**os.environ, variable: value, **fixed}
                env.pop("PYTHONDONTWRITEBYTECODE", None)
                runs[value].append(_one(cmd, env))
    for value, results in runs.items():
        cpu = statistics.median(r[0] for r in results)
        wall = statistics.median(r[1] for r in results)
        rss = max(r[2] for r in results)
        print(f"{variable}={value}: CPU {cpu:.2f} s, wall {wall:.2f} s, main RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
