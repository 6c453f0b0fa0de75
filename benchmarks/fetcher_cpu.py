"""CPU per URL of `HttpFetcher.fetch` alone: N URLs on local zero-latency hosts, whole `Fetched`
(request, body, bot-wall markers, titles and text) as the check phase gets it.

    python benchmarks/fetcher_cpu.py                       # 8,000 URLs, 20 hosts, uvloop
    python benchmarks/fetcher_cpu.py --profile 25          # and cProfile's top lines (tottime)

The server (benchmarks/latency_server.py, realistic pages) runs in this process; the fetcher
runs in a child process with the bulk scenario's limits (8 per host, 128 in flight) and reports
its own CPU time for the fetching alone (imports and start-up excluded). Each figure is the
minimum of --repeat children (the machine is shared: the minimum is the steadiest).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from latency_server import LatencyServer

# The child's script: this one (an experiment may name a wrapper that patches first).
_CHILD = os.environ.get("FETCHER_CPU_CHILD", __file__)


async def _fetch_all(urls: list[str], per_host: int, in_flight: int) -> dict[str, float]:
    """Fetch every URL with one `HttpFetcher`; CPU and wall seconds of the fetching alone."""
    from citecheck.fetch.http import HttpFetcher
    from citecheck.options import FetchOptions

    options = FetchOptions(allow_private=True, max_concurrency=in_flight, per_host=per_host)
    async with HttpFetcher(options) as fetcher:
        cpu, wall = time.process_time(), time.perf_counter()
        results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    failures = sum(1 for r in results if r.http_status != 200 or not r.page_title)
    return {"cpu": cpu, "wall": wall, "failures": failures}


def child(args: argparse.Namespace) -> None:
    """The child process: fetch, print the figures as JSON (and the profile, if asked)."""
    import uvloop

    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    urls = [f"http://{hosts[i % len(hosts)]}:{args.port}/page/{i}" for i in range(args.requests)]
    profile = cProfile.Profile() if args.profile else None
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        if profile is not None:
            profile.enable()
        result = runner.run(_fetch_all(urls, args.per_host, args.in_flight))
        if profile is not None:
            profile.disable()
    if profile is not None:
        if args.keep:
            profile.dump_stats(args.keep)
        stats = pstats.Stats(profile, stream=sys.stderr)
        stats.sort_stats(args.sort).print_stats(args.profile)
    print(json.dumps(result))


def main() -> None:
    """Start the server, run the fetcher `--repeat` times in a child, print the best."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=8000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--per-host", type=int, default=8)
    parser.add_argument("--in-flight", type=int, default=128)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, help="print this many profile lines")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--keep", default="", help="with --profile: also save the raw profile")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    runs = []
    with LatencyServer(args.hosts, 0.0) as server:
        for _ in range(1 if args.profile else args.repeat):
            cmd = [sys.executable, _CHILD, "--child", "--port", str(server.port)]
            cmd += ["--requests", str(args.requests), "--hosts", str(args.hosts)]
            cmd += ["--per-host", str(args.per_host), "--in-flight", str(args.in_flight)]
            cmd += ["--profile", str(args.profile), "--sort", args.sort, "--keep", args.keep]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            sys.stderr.write(done.stderr)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    cpu = min(r["cpu"] for r in runs)
    failures = max(r["failures"] for r in runs)
    print(
        f"{args.requests} URLs, {args.hosts} hosts: fetcher CPU {cpu / args.requests * 1000:.3f}"
        f" ms/URL (best of {len(runs)}), failures {failures:.0f}"
    )


if __name__ == "__main__":
    main()
