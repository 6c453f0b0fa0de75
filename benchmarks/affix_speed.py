"""Time `strip_site_affixes` over the title candidates of every fixture page (issue 15).

    PYTHONPATH=src python benchmarks/affix_speed.py [passes]

Each pass strips every page's candidate list once. "cold" empties the `re` module's pattern
cache before each pass, as a large run does (thousands of pages overflow its 512 entries);
"warm" leaves it filled. Prints the median of 5 runs, in ms per pass and µs per page.
Before issue 15 (one compiled pattern per pair of candidates) and after, on the shared 2-core
build machine (ranges over 4 runs under varying load; 51 pages, 99 candidates):
cold 21–52 ms per pass → 0.8–2.3 ms; warm 1.3–2.8 ms → 0.8–2.4 ms. Last line, 2,000 made-up
pages with distinct titles in one pass, as a large run sees them: 2.1–4.1 s → 0.08–0.16 s.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

from citecheck.titles import extract_page, strip_site_affixes

ROOT = Path(__file__).resolve().parent.parent


def candidate_lists() -> list[list[str]]:
    """The raw title candidates of every HTML fixture page and of the titles manifest."""
    pages = sorted(
        p
        for folder in (ROOT / "fixtures" / "pages", ROOT / "src" / "citecheck" / "demo" / "pages")
        for p in folder.rglob("*.htm*")
        if p.is_file()
    )
    lists = [list(extract_page(p.read_bytes(), "text/html", None).candidates) for p in pages]
    manifest = json.loads((ROOT / "fixtures/pages/titles/manifest.json").read_text("utf-8"))
    lists += [entry["candidates"] for entry in manifest["pages"]]
    return [c for c in lists if c]


def timed(lists: list[list[str]], passes: int, *, cold: bool) -> float:
    """Seconds for `passes` passes over all lists."""
    started = time.perf_counter()
    for _ in range(passes):
        if cold:
            re.purge()
        for candidates in lists:
            strip_site_affixes(candidates)
    return time.perf_counter() - started


def synthetic_lists(pages: int = 2000) -> list[list[str]]:
    """Pages with distinct titles and a site suffix on <title>, as in a large run."""
    sites = ["Internationale Politik", "SWP", "DW", "Bundesministerium der Verteidigung", "taz"]
    lists = []
    for number in range(pages):
        title, site = f"Bericht Nummer {number} zur Lage in Japan", sites[number % len(sites)]
        lists.append([title, f"{title} | {site}", title, site])
    return lists


def main() -> None:
    passes = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    lists = candidate_lists()
    print(f"{len(lists)} pages, {sum(map(len, lists))} candidates, {passes} passes")
    for cold in (True, False):
        runs = [timed(lists, passes, cold=cold) for _ in range(5)]
        per_pass = statistics.median(runs) / passes
        label = "cold re cache" if cold else "warm re cache"
        per_page = per_pass / len(lists) * 1e6
        print(f"{label}: {per_pass * 1e3:.3f} ms per pass, {per_page:.1f} µs per page")
    synthetic = synthetic_lists()
    seconds = timed(synthetic, 1, cold=True)
    print(f"{len(synthetic)} made-up pages with distinct titles: {seconds * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
