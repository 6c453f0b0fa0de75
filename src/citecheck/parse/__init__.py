"""Input formats: the parser registry and the one place that reads input files.

`load_document(path)` reads bytes, picks a parser by content (then by suffix) and parses.
`collect_paths(args)` expands directories.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from citecheck.errors import InputError, UnreadableDocument, UnsupportedFormat
from citecheck.models import Document
from citecheck.parse.base import Parser
from citecheck.parse.docx import DocxParser
from citecheck.parse.html import HtmlParser
from citecheck.parse.markdown import MarkdownParser
from citecheck.parse.pdf import PdfParser
from citecheck.parse.text import TextParser

#: Tried in order; the first whose `detect` says yes wins. Plain text is the fallback.
PARSERS: tuple[Parser, ...] = (
    PdfParser(),
    DocxParser(),
    HtmlParser(),
    MarkdownParser(),
    TextParser(),
)

#: Suffixes a directory scan picks up.
DOCUMENT_SUFFIXES: frozenset[str] = frozenset(s for p in PARSERS for s in p.suffixes)

#: Formats whose parsers read binary files (asked only when magic bytes say "binary").
_BINARY_FORMATS: frozenset[str] = frozenset({"docx", "pdf"})

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP (not a Word document)"),
    (b"\xd0\xcf\x11\xe0", "OLE (old Word)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
)


def collect_paths(args: Sequence[str]) -> list[str]:
    """Expand directory arguments to the documents inside them (sorted, recursive).

    Raises `InputError` for a missing path or a directory with no documents.
    """
    paths: list[str] = []
    for arg in args:
        if arg == "-":
            paths.append(arg)
            continue
        path = Path(arg)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
            )
            if not found:
                suffixes = ", ".join(sorted(DOCUMENT_SUFFIXES))
                raise InputError(f"{arg}: directory contains no documents ({suffixes})")
            paths.extend(found)
        elif path.exists():
            paths.append(arg)
        else:
            raise InputError(f"{arg}: no such file or directory")
    return paths


def read_input(path: str) -> bytes:
    """Read a document's bytes ("-" is standard input). Raises `InputError`."""
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def detect_parser(data: bytes, path: str) -> Parser:
    """The parser for a document, by content first, then by suffix."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            # Binary formats are recognised by content only; the text parsers never see them.
            for parser in PARSERS:
                if parser.name in _BINARY_FORMATS and parser.detect(data, path):
                    return parser
            raise UnsupportedFormat(f"{path}: {kind} documents are not supported")
    suffix = Path(path).suffix.lower()
    for parser in PARSERS:
        if parser.detect(data, path):
            return parser
    for parser in PARSERS:
        if suffix in parser.suffixes:
            return parser
    raise UnsupportedFormat(f"{path}: unknown document format")


def parse_bytes(data: bytes, path: str) -> Document:
    """Parse an in-memory document (no I/O). Raises `InputError` subclasses."""
    if not data.strip():
        raise UnreadableDocument(f"{path}: the document is empty")
    parser = detect_parser(data, path)
    try:
        return parser.parse(data, path)
    except UnreadableDocument as exc:
        raise UnreadableDocument(f"{path}: {exc}") from exc


def load_document(path: str) -> Document:
    """Read and parse one document. Raises `InputError` subclasses."""
    return parse_bytes(read_input(path), path)


def load_documents(args: Iterable[str]) -> list[Document]:
    """Load every document named by the arguments (directories expanded; "-", standard input,
    at most once). Raises `InputError` subclasses."""
    paths = collect_paths(list(args))
    if paths.count("-") > 1:
        raise InputError("standard input (-) can be read only once")
    return [load_document(p) for p in paths]


__all__ = [
    "DOCUMENT_SUFFIXES",
    "PARSERS",
    "collect_paths",
    "detect_parser",
    "load_document",
    "load_documents",
    "parse_bytes",
    "read_input",
]
