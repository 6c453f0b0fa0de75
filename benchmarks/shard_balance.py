"""How a sharded run spreads its CPU: the main process's and each worker's, per scenario.

    python benchmarks/shard_balance.py --scenario bulk --repeat 3
    python benchmarks/shard_balance.py --scenario session --workers 1 --env CITECHECK_LOOP=asyncio

Starts the same loopback latency servers and motions as engine_vs_lychee.py and runs the same
citecheck command, sampling /proc every 20 ms for the CPU time (user + system) of the main
process and of each of its worker processes, the summed RSS of the tree and each process's
peak (the main process first). On two cores a sharded run's wall time follows its busiest
process, so the figures to compare are the main process's CPU, the workers' and the wall time
(median run by wall); on a shared machine the CPU figures are the steadier. Run with the src
to measure on the path (PYTHONPATH); extra variables for the run go in --env NAME=VALUE.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from engine_vs_lychee import SCENARIOS, _rss_mb, _tree, citecheck_cmd, make_urls, write_motions
from latency_server import LatencyServer

_TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float | None:
    """User + system CPU seconds of one process so far (None once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK


class Sampler(threading.Thread):
    """The last CPU figure seen of every process of a tree, and the tree's peak RSS."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.cpu: dict[int, float] = {}
        self.rss: dict[int, float] = {}
        self.peak_mb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.02):
            pids = _tree(self.pid)
            sizes = {pid: _rss_mb(pid) for pid in pids}
            self.peak_mb = max(self.peak_mb, sum(sizes.values()))
            for pid, size in sizes.items():
                self.rss[pid] = max(self.rss.get(pid, 0.0), size)
            for pid in pids:
                seen = _cpu(pid)
                if seen is not None:
                    self.cpu[pid] = seen

    def stop(self) -> None:
        self._done.set()
        self.join()


@dataclass(frozen=True)
class Sample:
    """One run: wall, the main process's CPU (exact, from wait4), the workers' (sampled)."""

    wall: float
    main_cpu: float
    worker_cpu: tuple[float, ...]
    rss_mb: float
    rss_each: tuple[float, ...]

    def row(self) -> str:
        workers = " + ".join(f"{c:.2f}" for c in self.worker_cpu) or "–"
        return (
            f"wall {self.wall:5.2f} s | main CPU {self.main_cpu:5.2f} s | "
            f"workers CPU {workers} s | peak RSS {self.rss_mb:.0f} MB "
            f"({' + '.join(f'{r:.0f}' for r in self.rss_each)})"
        )


def measure(cmd: list[str], env: dict[str, str]) -> Sample:
    """Run `cmd` once and sample its tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    sampler = Sampler(proc.pid)
    sampler.start()
    # The main process's own figure, without its reaped workers (RUSAGE_CHILDREN would add
    # them): its last sample, which falls within 20 ms of its end.
    os.waitpid(proc.pid, 0)
    wall = time.perf_counter() - start
    sampler.stop()
    main = sampler.cpu.pop(proc.pid, 0.0)
    each = (sampler.rss.pop(proc.pid, 0.0), *sampler.rss.values())
    return Sample(wall, main, tuple(sampler.cpu.values()), sampler.peak_mb, each)


def main() -> None:
    """Run a scenario --repeat times and print each run and the median by wall."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default="bulk", choices=[s.name for s in SCENARIOS])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", default="auto", help="CITECHECK_WORKERS for the run")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the run")
    args = parser.parse_args()
    scenario = next(s for s in SCENARIOS if s.name == args.scenario)
    env = {**os.environ, "CITECHECK_WORKERS": args.workers}
    env.update(item.split("=", 1) for item in args.env)
    with (
        LatencyServer(scenario.hosts, scenario.latency) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        paths = write_motions(make_urls(server, scenario, 1), scenario.files, Path(tmp))
        cmd = citecheck_cmd(paths)
        samples = []
        for _ in range(args.repeat):
            server.reset()
            samples.append(measure(cmd, env))
            print(samples[-1].row(), flush=True)
    middle = sorted(samples, key=lambda s: s.wall)[len(samples) // 2]
    print(f"median: {middle.row()}")
    print(f"median main CPU {statistics.median(s.main_cpu for s in samples):.2f} s")


if __name__ == "__main__":
    main()
