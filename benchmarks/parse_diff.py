"""Differential check of the parsers: the same documents must parse to the same result.

`python benchmarks/parse_diff.py save digest.json` parses every document under the given roots
(by default the DIP corpus in /work/shared/corpus/dip and fixtures/corpus, fixtures/documents)
and writes a digest per document (footnotes, their references and URLs, inline sources,
problems, the body text); `python benchmarks/parse_diff.py compare digest.json` parses again
and lists every document whose digest differs. Exit status 1 on a difference. Not a test: it
reads material outside the repository.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from citecheck.errors import InputError
from citecheck.models import Document
from citecheck.parse import DOCUMENT_SUFFIXES, load_document

REPO = Path(__file__).resolve().parents[1]
DEFAULT_ROOTS = (
    Path("/work/shared/corpus/dip"),
    REPO / "fixtures" / "corpus",
    REPO / "fixtures" / "documents",
)


def _documents(roots: list[Path]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(
                p for p in sorted(root.rglob("*")) if p.is_file() and p.suffix in DOCUMENT_SUFFIXES
            )
    return found


def _digest(document: Document) -> dict[str, Any]:
    """What must stay the same: footnotes (with references, URLs, problems), inline sources,
    problems, the body and its line table."""
    parts = {
        "footnotes": [dataclasses.asdict(f) for f in document.footnotes],
        "inline_sources": [dataclasses.asdict(s) for s in document.inline_sources],
        "problems": [dataclasses.asdict(p) for p in document.problems],
        "body_lines": list(document.body_lines),
    }
    text = json.dumps(parts, default=str, sort_keys=True, ensure_ascii=False)
    return {
        "footnotes": len(document.footnotes),
        "urls": sum(len(f.urls) for f in document.footnotes),
        "problems": len(document.problems),
        "hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "body": hashlib.sha256(document.body.encode("utf-8")).hexdigest(),
    }


def _parse_all(paths: list[Path]) -> tuple[dict[str, dict[str, Any]], float]:
    digests: dict[str, dict[str, Any]] = {}
    start = time.perf_counter()
    for path in paths:
        try:
            digests[str(path)] = _digest(load_document(str(path)))
        except InputError as exc:
            digests[str(path)] = {"error": f"{type(exc).__name__}: {exc}"}
    return digests, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Save or compare digests; 1 when a document's digest differs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("save", "compare"))
    parser.add_argument("digest", type=Path)
    parser.add_argument("roots", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = _documents(args.roots or list(DEFAULT_ROOTS))
    digests, seconds = _parse_all(paths)
    print(f"{len(paths)} documents parsed in {seconds:.1f} s", file=sys.stderr)
    if args.mode == "save":
        args.digest.write_text(json.dumps(digests, indent=1, sort_keys=True), encoding="utf-8")
        return 0
    saved: dict[str, dict[str, Any]] = json.loads(args.digest.read_text(encoding="utf-8"))
    differ = sorted(p for p in saved.keys() | digests.keys() if saved.get(p) != digests.get(p))
    for path in differ:
        print(f"DIFF {path}: {saved.get(path)} -> {digests.get(path)}")
    print(f"{len(differ)} of {len(digests)} documents differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
