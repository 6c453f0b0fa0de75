"""CPU before a motion's first request: process CPU time at phase marks, and the regular
expressions compiled by then, of whole `citecheck` runs (the steadiest figure on a busy machine).

    python benchmarks/startup_cpu.py                    # the motion scenario, median of 10
    python benchmarks/startup_cpu.py --repeat 20 --scenario session --top 15

Starts the same loopback latency servers and motions as engine_vs_lychee.py and runs citecheck
in a child interpreter that records `time.process_time()` (CPU ms of the child, its own start
included) when the command line is imported, the documents are parsed, the fetch phase begins
and the first connection opens (none when worker processes connect), and the compile time and
count of the patterns `re` compiled before the first connect (else before the exit).
`--top N` lists the N source files whose patterns cost most (from the last run). Byte-code
caches must be writable (PYTHONDONTWRITEBYTECODE unset) for figures comparable to an installed
tool; the script warns otherwise. Run with the src to measure on the path (PYTHONPATH).
"""

from __future__ import annotations

import argparse
import ast
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from engine_vs_lychee import SCENARIOS, citecheck_cmd, make_urls, write_motions
from latency_server import LatencyServer

#: The child: CPU marks by wrapping citecheck's phases, timed `re` compiles, then its main().
CHILD = """
import sys, time, re._compiler as rc
cpu = time.process_time
compiles = []
real_compile = rc.compile
def timed_compile(pattern, flags=0):
    start = cpu()
    result = real_compile(pattern, flags)
    frame = sys._getframe(1)
    while frame is not None and "/re/" in frame.f_code.co_filename:
        frame = frame.f_back
    where = frame.f_code.co_filename.split("/src/")[-1] if frame else "?"
    compiles.append((cpu() - start, where))
    return result
rc.compile = timed_compile
marks = {}
def report():
    before = compiles[: marks.get("compiles", len(compiles))]
    by_file = {}
    for seconds, where in before:
        by_file[where] = by_file.get(where, 0.0) + seconds * 1000
    out = {name: ms for name, ms in marks.items() if name != "compiles"}
    out["regex ms"] = sum(seconds for seconds, _ in before) * 1000
    out["regex count"] = len(before)
    print(repr((out, by_file)), file=sys.stderr)
def mark(name):
    marks.setdefault(name, cpu() * 1000)
import asyncio.base_events as base_events
real_connect = base_events.BaseEventLoop.create_connection
async def create_connection(self, *args, **kwargs):
    if "first connect" not in marks:
        mark("first connect")
        marks["compiles"] = len(compiles)
        report()
    return await real_connect(self, *args, **kwargs)
base_events.BaseEventLoop.create_connection = create_connection
import citecheck.cli as cli
mark("cli imported")
real_documents = cli._documents
def documents(*args, **kwargs):
    result = real_documents(*args, **kwargs)
    mark("documents parsed")
    return result
cli._documents = documents
real_fetch = cli._fetch
def fetch(*args, **kwargs):
    mark("fetch phase")
    return real_fetch(*args, **kwargs)
cli._fetch = fetch
import atexit
atexit.register(lambda: "first connect" in marks or report())  # connects in worker processes
sys.argv = ["citecheck", *sys.argv[1:]]
cli.main()
"""


def main() -> None:
    """Run the scenario `--repeat` times and print the median CPU ms at each mark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--scenario", default="motion", choices=[s.name for s in SCENARIOS])
    parser.add_argument("--top", type=int, default=0, help="files with the costliest patterns")
    args = parser.parse_args()
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("warning: PYTHONDONTWRITEBYTECODE is set: every run compiles the sources")
    scenario = next(s for s in SCENARIOS if s.name == args.scenario)
    figures: dict[str, list[float]] = {}
    by_file: dict[str, float] = {}
    with (
        LatencyServer(scenario.hosts, scenario.latency) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        paths = write_motions(make_urls(server, scenario, 1), scenario.files, Path(tmp))
        cmd = citecheck_cmd(paths)
        child = [cmd[0], "-c", CHILD, *cmd[3:]]  # cmd: python -m citecheck FLAGS... PATHS...
        for _ in range(args.repeat):
            server.reset()
            done = subprocess.run(child, capture_output=True, text=True, check=False)
            line = next(ln for ln in done.stderr.splitlines() if ln.startswith("({"))
            marks, by_file = ast.literal_eval(line)
            for name, value in marks.items():
                figures.setdefault(name, []).append(float(value))
    print(f"median of {args.repeat} runs, CPU ms of the child process (start-up included):")
    for name, values in figures.items():
        print(f"  {name:<18} {statistics.median(values):7.1f}")
    for where, ms in sorted(by_file.items(), key=lambda item: -item[1])[: args.top]:
        print(f"    {ms:6.2f} ms  {where}")


if __name__ == "__main__":
    main()
