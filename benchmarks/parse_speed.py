"""Time parsing of a ~5 MB motion (Markdown and PDF-text flavours) built from the seed motion.

The seed's 15 footnotes are renumbered in every copy (copy k uses 15k+1 … 15k+15) so that the
sequence-aware rules see one long, consistent motion. Run: `python benchmarks/parse_speed.py`
(optionally `--mb 5 --repeat 3`). Prints the best wall time per format; exits 1 when a format
takes longer than the 1 s target.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from citecheck.parse import parse_bytes
from citecheck.parse._layout_common import decode_layer
from citecheck.parse.layout import Layout
from citecheck.parse.markdown import markdown_layout
from citecheck.parse.text import text_layout

SEED = (
    Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "antrag-japan-partnerschaft.md"
)
_SUP = re.compile(r"<sup>(\d+)</sup>")
TARGET_SECONDS = 1.0


def _renumbered(template: str, copies_needed: int, count: int = 15) -> str:
    """`copies_needed` copies of `template`, footnote numbers shifted by `count` per copy."""
    parts: list[str] = []
    for copy in range(copies_needed):
        shift = copy * count
        parts.append(
            _SUP.sub(lambda m, shift=shift: f"<sup>{int(m.group(1)) + shift}</sup>", template)
        )
    return "\n\n".join(parts)


def _as_pdf_text(markdown: str) -> str:
    """The seed as a PDF text layer would give it: plain glued digits, bare URLs, no markup."""
    text = re.sub(r"^<sup>(\d+)</sup> ", r"\1 ", markdown, flags=re.MULTILINE)
    text = _SUP.sub(r"\1", text)
    text = re.sub(r"\[[^\]]*\]\(([^)]*)\)", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"^#+ ", "", text, flags=re.MULTILINE)
    return text.replace("**", "").replace("\n\n", "\n")


def _build(megabytes: float) -> dict[str, bytes]:
    seed = SEED.read_text(encoding="utf-8")
    copies = int(megabytes * 1_000_000 / len(seed.encode("utf-8"))) + 1
    markdown = _renumbered(seed, copies)
    return {
        "markdown": markdown.encode("utf-8"),
        "text": _as_pdf_text(markdown).encode("utf-8"),
    }


def _best(function: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    """Build the documents, time layout and full parse, print a table; 1 if over target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0, help="document size in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    args = parser.parse_args(argv)
    documents = _build(args.mb)
    layouts: dict[str, Callable[[str], Layout]] = {
        "markdown": markdown_layout,
        "text": text_layout,
    }
    suffix = {"markdown": "big.md", "text": "big.txt"}
    slow = False
    print(f"{'format':<10}{'size MB':>9}{'footnotes':>11}{'layout s':>10}{'parse s':>9}")
    for name, data in documents.items():
        text = decode_layer(data)
        layout_time = _best(lambda text=text, name=name: layouts[name](text), args.repeat)
        parse_time = _best(
            lambda data=data, name=name: parse_bytes(data, suffix[name]), args.repeat
        )
        footnotes = len(layouts[name](text).definitions)
        size = len(data) / 1e6
        print(f"{name:<10}{size:>9.2f}{footnotes:>11}{layout_time:>10.3f}{parse_time:>9.3f}")
        slow = slow or parse_time > TARGET_SECONDS
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
