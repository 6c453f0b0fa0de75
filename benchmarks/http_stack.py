"""Micro-benchmark of the HTTP stack alone: N GETs through httpx's client to local hosts.

    python benchmarks/http_stack.py                      # every stack, 4,000 GETs, 20 hosts
    python benchmarks/http_stack.py --stack fast --requests 8000 --loop uvloop

The server (benchmarks/latency_server.py, zero latency, realistic pages) runs in this process;
each stack runs in a child process that reads every body as `HttpFetcher._attempt` does
(`build_request`, `send(stream=True)`, `read_capped`, `aclose`) with the fetcher's limits
(8 per host, 128 in flight), and reports its own CPU time for the requests alone (imports and
start-up excluded), so the figures are the client's CPU per request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from latency_server import LatencyServer

STACKS = ("httpcore", "fast")
"""httpcore: httpx over httpcore/h11 (the former stack, still used for HTTP/2 and proxies);
fast: httpx over fetch/fastpath.py (asyncio Protocols and httptools' parser)."""


async def _client(stack: str, urls: list[str], per_host: int, in_flight: int) -> dict[str, float]:
    """Fetch every URL through `stack`; CPU and wall seconds of the fetching alone."""
    from citecheck.fetch.body import read_capped
    from citecheck.fetch.resolve import StaticResolver
    from citecheck.fetch.transport import build_client
    from citecheck.options import FetchOptions

    options = FetchOptions(allow_private=True, max_concurrency=in_flight, per_host=per_host)
    extra = {} if stack == "fast" else {"fastpath": False}
    client = build_client(options, StaticResolver({}), lambda _address: True, **extra)
    hosts: dict[str, asyncio.Semaphore] = {}
    overall = asyncio.Semaphore(in_flight)
    failures = 0

    async def one(url: str) -> None:
        nonlocal failures
        host = url.split("/")[2]
        slot = hosts.setdefault(host, asyncio.Semaphore(per_host))
        async with slot, overall:
            request = client.build_request("GET", url)
            response = await client.send(request, stream=True)
            try:
                body, truncated = await read_capped(response, 5_000_000)
                if response.status_code != 200 or truncated or not body:
                    failures += 1
            finally:
                await response.aclose()

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(one(url) for url in urls))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    await client.aclose()
    return {"cpu": cpu, "wall": wall, "failures": failures}


def child(args: argparse.Namespace) -> None:
    """The child process: run one stack and print its figures as JSON."""
    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    urls = [f"http://{hosts[i % len(hosts)]}:{args.port}/page/{i}" for i in range(args.requests)]
    factory = None
    if args.loop == "uvloop":
        import uvloop

        factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        result = runner.run(_client(args.stack, urls, args.per_host, args.in_flight))
    print(json.dumps(result))


def main() -> None:
    """Start the server, run each stack `--repeat` times in a child, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stack", choices=[*STACKS, "all"], default="all")
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--per-host", type=int, default=8)
    parser.add_argument("--in-flight", type=int, default=128)
    parser.add_argument("--loop", choices=["uvloop", "asyncio"], default="uvloop")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    stacks = STACKS if args.stack == "all" else (args.stack,)
    with LatencyServer(args.hosts, 0.0) as server:
        results: dict[str, list[dict[str, float]]] = {s: [] for s in stacks}
        for _ in range(args.repeat):
            for stack in stacks:  # alternate, so machine noise spreads over both
                cmd = [sys.executable, __file__, "--child", "--stack", stack]
                cmd += ["--port", str(server.port), "--requests", str(args.requests)]
                cmd += ["--hosts", str(args.hosts), "--per-host", str(args.per_host)]
                cmd += ["--in-flight", str(args.in_flight), "--loop", args.loop]
                out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                results[stack].append(json.loads(out.strip().splitlines()[-1]))
    print(f"{args.requests} GETs, {args.hosts} hosts, zero latency, {args.loop} loop")
    print(f"{'stack':10} {'req/s':>8} {'CPU ms/req':>11} {'failures':>9}")
    for stack, runs in results.items():
        wall = statistics.median(r["wall"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        failures = max(r["failures"] for r in runs)
        per_request = cpu / args.requests * 1000
        print(f"{stack:10} {args.requests / wall:8.0f} {per_request:11.3f} {failures:9.0f}")


if __name__ == "__main__":
    main()
