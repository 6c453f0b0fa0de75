"""Score the parsers end to end against the corpus ground truth (fixtures/corpus/truth.json).

Every document of the truth file – text, Markdown and the real PDFs of fixtures/corpus/pdf – is
parsed with the full parser (`citecheck.parse.load_document`: the format adapter plus the shared
footnote rules). The parsed footnotes are aligned with the truth footnotes (by number and
occurrence) and counted as exact when number, URLs, cited title and ibid all match; URLs, titles
and ibids are also counted on their own. URLs compare as the truth's `conventions` say: a tool
may add a scheme to a scheme-less "www." URL, and `url_alternatives` lists other accepted
readings. A document without footnotes in the truth (BW 17/273) scores 0 everywhere; any
footnote the parser finds there is a miss.

Run `python benchmarks/corpus_score.py` for the README table (`--markdown` for a Markdown
table). `tests/parse/test_corpus.py` imports `score_corpus` from here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citecheck.models import Document, Footnote
from citecheck.parse import load_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TRUTH = FIXTURES / "corpus" / "truth.json"
#: The formats of truth.json that are scored, in the truth file's order.
FORMATS: tuple[str, ...] = ("text", "markdown", "pdf")


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """Exact-match counts for one document (`total` = footnotes in the truth)."""

    name: str
    total: int
    found: int
    footnotes: int
    urls: int
    titles: int
    ibids: int
    misses: tuple[str, ...]


def fixture_path(truth_path: str) -> Path:
    """Map a truth path (shared/seeds/…, shared/corpus/docs/…, …/pdf/…) onto the fixtures folder."""
    name = Path(truth_path).name
    if "/seeds/" in truth_path:
        return FIXTURES / "documents" / name
    if "/corpus/pdf/" in truth_path:
        return FIXTURES / "corpus" / "pdf" / name
    return FIXTURES / "corpus" / name


def _strip_scheme(url: str) -> str:
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return url[len(scheme) :]
    return url


def _url_matches(got: str, expected: str, alternatives: dict[str, list[str]]) -> bool:
    readings = [expected, *alternatives.get(expected, [])]
    for reading in readings:
        if got == reading:
            return True
        if not reading.startswith(("http://", "https://")) and _strip_scheme(got) == reading:
            return True
    return False


def _urls_match(footnote: Footnote, truth: dict[str, Any]) -> bool:
    expected: list[str] = truth["urls"]
    if len(footnote.urls) != len(expected):
        return False
    alternatives: dict[str, list[str]] = truth.get("url_alternatives", {})
    pairs = zip(footnote.urls, expected, strict=True)
    return all(_url_matches(got, want, alternatives) for got, want in pairs)


def _normalise(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def _aligned(document: Document, truths: list[dict[str, Any]]) -> list[Footnote | None]:
    """The parsed footnote for each truth footnote (same number, same occurrence), or None."""
    by_key: dict[tuple[int, int], Footnote] = {}
    seen: Counter[int] = Counter()
    for footnote in document.footnotes:
        seen[footnote.number] += 1
        by_key[(footnote.number, seen[footnote.number])] = footnote
    return [by_key.get((t["number"], t.get("occurrence", 1))) for t in truths]


def score_document(name: str, document: Document, truths: list[dict[str, Any]]) -> DocumentScore:
    """Count exact matches of one parsed document against its truth footnotes."""
    counts = Counter[str]()
    misses: list[str] = []
    for truth, footnote in zip(truths, _aligned(document, truths), strict=True):
        label = f"{name} fn {truth['number']}"
        if footnote is None:
            misses.append(f"{label}: not found")
            continue
        counts["found"] += 1
        urls = _urls_match(footnote, truth)
        title = _normalise(footnote.cited_title) == _normalise(truth["cited_title"])
        ibid = footnote.ibid_of == truth["ibid_of"]
        counts["urls"] += urls
        counts["titles"] += title
        counts["ibids"] += ibid
        counts["footnotes"] += urls and title and ibid
        if not urls:
            misses.append(f"{label}: urls {list(footnote.urls)} != {truth['urls']}")
        if not title:
            misses.append(f"{label}: title {footnote.cited_title!r} != {truth['cited_title']!r}")
        if not ibid:
            misses.append(f"{label}: ibid {footnote.ibid_of} != {truth['ibid_of']}")
    extra = len(document.footnotes) - counts["found"]
    if extra > 0:
        misses.append(f"{name}: {extra} footnote(s) not in the truth")
    return DocumentScore(
        name,
        len(truths),
        counts["found"],
        counts["footnotes"],
        counts["urls"],
        counts["titles"],
        counts["ibids"],
        tuple(misses),
    )


def truth_documents(formats: Iterable[str] = FORMATS) -> list[dict[str, Any]]:
    """The truth entries of the documents in `formats` (all scored formats by default)."""
    wanted = frozenset(formats)
    data: dict[str, Any] = json.loads(TRUTH.read_text(encoding="utf-8"))
    return [d for d in data["documents"] if d["format"] in wanted]


def score_corpus(formats: Iterable[str] = FORMATS) -> list[DocumentScore]:
    """Parse every document of the truth file in `formats` with the full parser and score it."""
    scores = []
    for entry in truth_documents(formats):
        path = fixture_path(entry["path"])
        document = load_document(str(path))
        scores.append(score_document(path.name, document, entry["footnotes"]))
    return scores


def main(argv: list[str] | None = None) -> int:
    """Print the score table (and with --misses every miss)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    scores = score_corpus()
    rows = [(s.name, s.total, s.found, s.footnotes, s.urls, s.titles, s.ibids) for s in scores]
    totals = tuple(sum(r[i] for r in rows) for i in range(1, 7))
    header = ("document", "truth", "found", "exact", "urls", "titles", "ibids")
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in [*rows, ("**total**", *totals)]:
            print("| " + " | ".join(str(c) for c in row) + " |")
    else:
        print(f"{header[0]:<72}" + "".join(f"{h:>7}" for h in header[1:]))
        for row in [*rows, ("total", *totals)]:
            print(f"{row[0]:<72}" + "".join(f"{c:>7}" for c in row[1:]))
    if args.misses:
        for score in scores:
            for miss in score.misses:
                print(miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
