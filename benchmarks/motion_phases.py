"""Where a single motion's wall time goes: phase marks of whole `citecheck` runs.

    python benchmarks/motion_phases.py                  # the motion scenario, median of 10
    python benchmarks/motion_phases.py --repeat 20

Starts the same loopback latency servers and motion as engine_vs_lychee.py (40 URLs on 15
hosts at 100–300 ms, 128 in flight, 8 per host) and runs citecheck in a child interpreter that
marks, in ms since the child interpreter was up (its own start, ~15 ms, comes first): the
command line imported, the command started, `citecheck.check` imported (the configuration
read), the first document parsed (when the others are read while fetching), the fetch phase
begun (the event loop and the HTTP stack next), the first connection opened (asyncio's loop
only: uvloop's is not seen), all documents parsed, the last answer in (the archive step
next), the report rendered and the exit. Everything before
"first connect" is start-up; "first connect" to "render" is the network plus the answers'
processing; the rest is the report. Run with the src to measure on the path (PYTHONPATH).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from engine_vs_lychee import SCENARIOS, citecheck_cmd, make_urls, write_motions
from latency_server import LatencyServer

#: The child: marks around citecheck's phases (by wrapping its functions), then its main().
CHILD = """
import atexit, sys, time
T0 = time.perf_counter()
marks = []
def mark(name):
    marks.append((name, (time.perf_counter() - T0) * 1000))
def wrap(owner, attr, before=None, after=None):
    real = getattr(owner, attr)
    def wrapped(*args, **kwargs):
        if before: mark(before)
        result = real(*args, **kwargs)
        if after: mark(after)
        return result
    setattr(owner, attr, wrapped)
import asyncio.base_events as base_events
real_connect = base_events.BaseEventLoop.create_connection
async def create_connection(self, *args, **kwargs):
    if not any(name == "first connect" for name, _ in marks):
        mark("first connect")
    return await real_connect(self, *args, **kwargs)
base_events.BaseEventLoop.create_connection = create_connection
import citecheck.cli as cli
mark("cli imported")
wrap(cli, "_run", before="command")
def hook_check(*args, **kwargs):
    import citecheck.check as check  # imported by now (`_run` imports it first)
    if hasattr(check.CheckRun, "finish_reading"):  # documents read while fetching
        wrap(check.CheckRun, "finish_reading", after="all parsed")
        wrap(check.CheckRun, "_finish_reading_by_turns", before="all parsed")
    wrap(check.CheckRun, "_look_for_archives", before="fetches done")
    return real_configuration(*args, **kwargs)
real_configuration = cli._configuration
cli._configuration = hook_check
wrap(cli, "_configuration", before="check imported")
wrap(cli, "_documents", after="first parsed" if hasattr(cli, "_inputs") else "all parsed")
wrap(cli, "_fetch", before="fetch phase")
wrap(cli, "render", after="render")
atexit.register(lambda: (mark("exit"), print(repr(marks), file=sys.stderr)))
sys.argv = ["citecheck", *sys.argv[1:]]
cli.main()
"""


def main() -> None:
    """Run the motion `--repeat` times and print the median of each mark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--scenario", default="motion", choices=[s.name for s in SCENARIOS])
    args = parser.parse_args()
    scenario = next(s for s in SCENARIOS if s.name == args.scenario)
    marks: dict[str, list[float]] = {}
    with (
        LatencyServer(scenario.hosts, scenario.latency) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        paths = write_motions(make_urls(server, scenario, 1), scenario.files, Path(tmp))
        cmd = citecheck_cmd(paths)
        child = [cmd[0], "-c", CHILD, *cmd[3:]]  # cmd: python -m citecheck FLAGS... PATHS...
        for _ in range(args.repeat):
            server.reset()
            done = subprocess.run(
                child, capture_output=True, text=True, check=False, env=dict(os.environ)
            )
            found = re.findall(r"\('([a-z ]+)', ([0-9.]+)\)", done.stderr.splitlines()[-1])
            for name, ms in found:
                marks.setdefault(name, []).append(float(ms))
    print(f"median of {args.repeat} runs, ms since the child interpreter was up:")
    for name, values in marks.items():
        print(f"  {name:<18} {statistics.median(values):6.0f}")


if __name__ == "__main__":
    main()
