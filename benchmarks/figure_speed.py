"""Figure finding per page: the current finder beside the one it replaced.

    python benchmarks/figure_speed.py            # PYTHONPATH=src

Times `figures.figure_index` (what a run does once per page whose footnote quotes a figure)
and `figures.find_figures` on the latency server's pages (benchmarks/latency_server.py, as
the engine benchmarks fetch them) and on the fixtures' motions, for the current code and for
the reference kept by the differential test (tests/figures_reference.py). CPU time, best of
five, per text.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from latency_server import page_for

import figures_reference as reference
from citecheck import figures
from citecheck.titles.html_page import extract_html

ROOT = Path(__file__).resolve().parent.parent


def _pages(count: int) -> list[str]:
    """The text figures are looked for in, of `count` latency-server pages."""
    texts = []
    for i in range(count):
        info = extract_html(page_for(f"/h{i % 100}/doc{i}").html)
        texts.append("\n".join([*info.candidates, info.text]))
    return texts


def _motions() -> list[str]:
    """The fixtures' motions and answers (plain text)."""
    paths = sorted((ROOT / "fixtures" / "corpus").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def _per_text(work: Callable[[str], object], texts: Sequence[str]) -> float:
    """CPU microseconds per text, best of five rounds."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for text in texts:
            work(text)
        best = min(best, time.process_time() - start)
    return best / len(texts) * 1e6


def _old_index(text: str) -> object:
    reference._INDEX.clear()  # a page is indexed once: no memo hit
    return reference.figure_index(text)


def main() -> None:
    """Print the table."""
    for name, texts in (("latency-server pages", _pages(300)), ("fixture motions", _motions())):
        chars = sum(map(len, texts)) / len(texts)
        print(f"{name}: {len(texts)} texts, {chars:,.0f} characters on average")
        for label, old, new in (
            ("figure_index", _old_index, figures.figure_index),
            ("find_figures", reference.find_figures, figures.find_figures),
        ):
            before, after = _per_text(old, texts), _per_text(new, texts)
            ratio = before / after
            print(f"  {label:13} before {before:6.0f} µs  after {after:6.0f} µs  {ratio:4.1f}×")


if __name__ == "__main__":
    main()
