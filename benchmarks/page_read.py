"""CPU per page of reading a fetched HTML page: title candidates and visible text
(`titles.extract_html`) and the bot-wall markers (`challenge.challenge_vendor`).

    python benchmarks/page_read.py                   # the latency server's realistic pages
    python benchmarks/page_read.py --corpus DIR      # also every *.html under DIR

Pages are given as bytes with their HTTP charset, as the fetcher has them; each figure is the
best of --repeat rounds of process CPU time (the machine is shared, the minimum is steadiest).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from latency_server import page_for

from citecheck.challenge import HEAD_CHARS, challenge_vendor
from citecheck.titles import best_title, extract_html

HEADERS = [("server", "nginx"), ("content-language", "de")]


def per_page(read: Callable[[bytes], object], pages: list[bytes], repeat: int) -> float:
    """Best-of-`repeat` process CPU milliseconds per page for `read`."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for page in pages:
            read(page)
        best = min(best, (time.process_time() - start) / len(pages) * 1e3)
    return best


def report(label: str, pages: list[bytes], charset: str | None, repeat: int) -> None:
    """Print the figures for one set of pages."""
    extract = per_page(lambda page: extract_html(page, charset), pages, repeat)
    candidates = [extract_html(page, charset).candidates for page in pages]
    start = time.process_time()
    for found in candidates:
        best_title(found)
    affixes = (time.process_time() - start) / len(pages) * 1e3
    vendor = per_page(lambda page: challenge_vendor(page[:HEAD_CHARS], HEADERS), pages, repeat)
    size = sum(map(len, pages)) // len(pages) // 1024
    print(
        f"{label} ({len(pages)} pages, {size} KB on average): extract_html {extract:.3f} ms "
        f"(of which affix stripping {affixes:.3f} ms), challenge_vendor {vendor:.3f} ms"
    )


def main() -> None:
    """Measure the latency server's pages, and a corpus directory if given."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", type=Path, help="a directory of saved HTML pages")
    args = parser.parse_args()
    pages = [page_for(f"/host{i % 20}/page/{i}").html for i in range(args.pages)]
    report("latency server pages", pages, "utf-8", args.repeat)
    if args.corpus is not None:
        saved = [p.read_bytes() for p in sorted(args.corpus.rglob("*.html"))]
        report(f"pages under {args.corpus}", saved, None, max(1, args.repeat // 2))


if __name__ == "__main__":
    main()
