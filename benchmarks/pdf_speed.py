"""How long the PDF adapter takes for a 50-page document (target: under 3 s).

Builds two long PDFs in memory by repeating fixture pages with pypdf (needed only here):

* seed ×13 – the LibreOffice rendering of the seed motion (4 pages, 15 footnotes, link
  annotations), 52 pages: the shape of a German Drucksache;
* crs ×7 – the CRS report R48903 (8 pages, 40 footnotes), 56 pages: a producer that writes one
  text operator per glyph, the slow case.

Run `python benchmarks/pdf_speed.py` (needs the pdf extra and pypdf); prints the best of three
runs of `pdf_layout` per document, and seconds per page.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from citecheck.parse.pdf import pdf_layout

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SOURCES = {
    "seed": (FIXTURES / "documents" / "antrag-japan-partnerschaft.pdf", 13),
    "crs": (
        FIXTURES / "corpus" / "pdf" / "us-crs-R48903v3-strait-of-hormuz-non-oil-shipments.pdf",
        7,
    ),
}
TARGET_SECONDS = 3.0


def repeated(path: Path, times: int) -> tuple[bytes, int]:
    """The PDF's pages `times` over, as one document; returns bytes and page count."""
    writer = PdfWriter()
    for _ in range(times):
        writer.append(PdfReader(path))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages)


def main() -> int:
    """Print timings; exit 1 if the seed-shaped document misses the target."""
    status = 0
    for name, (path, times) in SOURCES.items():
        data, pages = repeated(path, times)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            layout = pdf_layout(data)
            best = min(best, time.perf_counter() - start)
        print(
            f"{name:<5} {pages:>3} pages  {len(layout.definitions):>4} footnotes  "
            f"{best:6.2f} s  ({best / pages * 1000:.0f} ms/page)"
        )
        if name == "seed" and best >= TARGET_SECONDS:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
