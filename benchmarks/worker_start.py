"""How long a fetch worker process takes to answer its first URL, and how much of that a caller
hides by building the fetcher early (`fetch.shard`: workers start when it is built).

    python benchmarks/worker_start.py --repeat 10

Builds one worker (`_Worker`, as `ShardedFetcher` does), waits `--head-start` seconds (what a
caller does before its first URL: parse the documents), then sends one URL of a zero-latency
loopback server and times its answer from the moment it was sent. With no head start that time
is the worker's whole start (interpreter, imports, HTTP client) plus one fetch; with enough, one
fetch. Run with the src to measure on the path (PYTHONPATH).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from latency_server import LatencyServer

from citecheck.fetch.shard import _Worker
from citecheck.options import FetchOptions
from citecheck.page_figures import with_figures


async def first_answer(url: str, head_start: float) -> float:
    """Seconds from sending `url` to its answer, the worker built `head_start` s before."""
    worker = _Worker(FetchOptions(allow_private=True), None, with_figures)
    try:
        time.sleep(head_start)  # the caller's own work (it holds the loop, as parsing does)
        start = time.perf_counter()
        fetched = await worker.fetch(url, figures=True)
        assert fetched.http_status == 200, fetched
        return time.perf_counter() - start
    finally:
        await worker.aclose()


def main() -> None:
    """Print the median first-answer time with and without a head start."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--head-start", type=float, default=0.4)
    args = parser.parse_args()
    with LatencyServer(1, (0.0,)) as server:
        url = f"http://{server.addresses[0]}:{server.port}/page/1"
        for head_start in (0.0, args.head_start):
            times = [asyncio.run(first_answer(url, head_start)) for _ in range(args.repeat)]
            print(
                f"head start {head_start:.2f} s: first answer after "
                f"{statistics.median(times) * 1000:.0f} ms (median of {args.repeat}; "
                f"min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"
            )


if __name__ == "__main__":
    main()
