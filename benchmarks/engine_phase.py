"""Time citecheck's phases on one document: parse, then check with the real engine.

    python benchmarks/engine_phase.py MOTION.md [--per-host 4] [--max-concurrency 64]

Prints one JSON line: {"parse_s": …, "check_s": …, "urls": …}. Used by links_vs_lychee.py to
separate what the engine controls (the check phase) from interpreter start-up and parsing.
Private addresses are allowed: the benchmark servers are on 127.0.0.0/8.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

from citecheck.check import check
from citecheck.fetch.http import HttpFetcher
from citecheck.models import Report
from citecheck.options import CheckOptions, FetchOptions
from citecheck.parse import load_document


def main() -> None:
    """Parse and check one document, timing each phase."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--max-concurrency", type=int, default=64)
    args = parser.parse_args()
    options = FetchOptions(
        allow_private=True, per_host=args.per_host, max_concurrency=args.max_concurrency
    )

    start = time.perf_counter()
    document = load_document(args.path)
    parsed = time.perf_counter()

    async def run() -> Report:
        async with HttpFetcher(options) as fetcher:
            return await check([document], fetcher, CheckOptions())

    report = asyncio.run(run())
    checked = time.perf_counter()
    print(
        json.dumps(
            {
                "parse_s": parsed - start,
                "check_s": checked - parsed,
                "urls": report.summary.links,
                "ok": report.summary.by_status["ok"],
            }
        )
    )


if __name__ == "__main__":
    main()
