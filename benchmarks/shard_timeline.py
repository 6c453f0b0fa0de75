"""When each process of a sharded run gets its pages done: per-process timelines of one run.

    python benchmarks/shard_timeline.py --scenario bulk
    python benchmarks/shard_timeline.py --scenario session --workers 2

Starts the same loopback latency servers and motions as engine_vs_lychee.py and runs citecheck
in a child interpreter that wraps `ShardedFetcher.fetch` (when each URL was sent, to which
process, when its page came back) and marks, in ms since the child was up with its CPU ms
beside, the documents parsed, the fetch phase begun, the fetcher closed (after the
verification the archive look-ups need), and the report rendered; just before the close it
reads each worker's CPU from /proc. Per process it prints the 10/50/90 % and last completion
and the mean wait of a page: the processes of a balanced run finish together. Run with the
src to measure on the path (PYTHONPATH).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from engine_vs_lychee import SCENARIOS, citecheck_cmd, make_urls, write_motions
from latency_server import LatencyServer

#: The child: the wrapped fetcher and phase marks, then citecheck's main().
CHILD = r"""
import atexit, json, os, sys, time
T0 = time.perf_counter()
marks, events = [], []
def mark(name):
    marks.append((name, (time.perf_counter() - T0) * 1000, time.process_time() * 1000))
import citecheck.fetch.shard as shard
real_fetch, real_close = shard.ShardedFetcher.fetch, shard.ShardedFetcher.aclose
async def fetch(self, url):
    sent = (time.perf_counter() - T0) * 1000
    fetched = await real_fetch(self, url)
    process = self._shard_of[shard.host_of(url).lower()]
    events.append((process, sent, (time.perf_counter() - T0) * 1000))
    return fetched
async def aclose(self):
    tick = os.sysconf("SC_CLK_TCK")
    for worker in self._workers:
        fields = open(f"/proc/{worker._process.pid}/stat").read().rsplit(")", 1)[1].split()
        marks.append(("worker CPU", 0.0, (int(fields[11]) + int(fields[12])) / tick * 1000))
    mark("close")
    await real_close(self)
shard.ShardedFetcher.fetch, shard.ShardedFetcher.aclose = fetch, aclose
import citecheck.fetch.workers as workers
real_spawn = workers.spawn
def spawn():
    mark("spawn")
    return real_spawn()
workers.spawn = spawn
import citecheck.check as check
real_finish = check.CheckRun._finish_reading_by_turns
async def finish(self):
    mark("read")
    await real_finish(self)
check.CheckRun._finish_reading_by_turns = finish
import citecheck.cli as cli
def wrap(attr, before=None, after=None):
    real = getattr(cli, attr)
    def wrapped(*args, **kwargs):
        if before: mark(before)
        result = real(*args, **kwargs)
        if after: mark(after)
        return result
    setattr(cli, attr, wrapped)
wrap("_documents", after="parsed")
wrap("_fetch", before="fetch")
wrap("render", after="render")
atexit.register(lambda: print(json.dumps({"marks": marks, "events": events}), file=sys.stderr))
sys.argv = ["citecheck", *sys.argv[1:]]
cli.main()
"""


def _quantile(values: list[float], share: float) -> float:
    return values[int(share * (len(values) - 1))]


def main() -> None:
    """Run the scenario once and print the marks and each process's timeline."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default="bulk", choices=[s.name for s in SCENARIOS])
    parser.add_argument("--workers", default="2", help="CITECHECK_WORKERS for the run (≥ 2)")
    args = parser.parse_args()
    scenario = next(s for s in SCENARIOS if s.name == args.scenario)
    with (
        LatencyServer(scenario.hosts, scenario.latency) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        paths = write_motions(make_urls(server, scenario, 1), scenario.files, Path(tmp))
        cmd = citecheck_cmd(paths)
        env = {**os.environ, "CITECHECK_WORKERS": args.workers}
        child = [cmd[0], "-c", CHILD, *cmd[3:]]  # cmd: python -m citecheck FLAGS... PATHS...
        done = subprocess.run(child, capture_output=True, text=True, check=False, env=env)
    data = json.loads(done.stderr.strip().splitlines()[-1])
    shown = [
        f"worker CPU {cpu:.0f} ms" if name == "worker CPU" else f"{name} {at:.0f} (CPU {cpu:.0f})"
        for name, at, cpu in data["marks"]
    ]
    print("  ".join(shown))
    events = data["events"]
    for process in sorted({e[0] for e in events}):
        mine = [e for e in events if e[0] == process]
        ends = sorted(e[2] for e in mine)
        wait = sum(e[2] - e[1] for e in mine) / len(mine)
        early = sum(end < 500 for end in ends)
        print(
            f"process {process}: {len(mine)} pages; first sent {min(e[1] for e in mine):.0f}, "
            f"first done {ends[0]:.0f}, done by 500 ms {early}; "
            f"done 10 % {_quantile(ends, 0.1):.0f}, "
            f"50 % {_quantile(ends, 0.5):.0f}, 90 % {_quantile(ends, 0.9):.0f}, "
            f"last {ends[-1]:.0f} ms; mean wait {wait:.0f} ms"
        )


if __name__ == "__main__":
    main()
