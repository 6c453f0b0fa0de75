"""Input formats: the parser registry and the one place that reads input files.

`load_document(path)` reads bytes, picks a parser by content (then by suffix) and parses; the
PDF, Word and plain-text parsers are imported only when a document of theirs is parsed.
`collect_inputs(args)` expands folders (`parse.scan`). Imports: parse.*, models, errors.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from citecheck.errors import InputError, UnreadableDocument, UnsupportedFormat
from citecheck.models import Document, Problem, ProblemCode, Severity
from citecheck.parse._layout_common import decodes_as_text
from citecheck.parse.base import (
    DOCX_SUFFIXES,
    Parser,
    looks_like_docx,
    looks_like_pdf,
    transcode_bom,
)
from citecheck.parse.html import HtmlParser
from citecheck.parse.markdown import MarkdownParser


class PdfEntry:
    """The registry's PDF entry: `pdf.PdfParser`'s detection, its parser imported at the first
    PDF (~15 ms, which a Markdown motion does not pay)."""

    name: ClassVar[str] = "pdf"
    suffixes: ClassVar[tuple[str, ...]] = (".pdf",)

    def detect(self, data: bytes, path: str) -> bool:
        """`base.looks_like_pdf`."""
        return looks_like_pdf(data)

    def parse(self, data: bytes, path: str) -> Document:
        """`pdf.PdfParser.parse`."""
        from citecheck.parse.pdf import PdfParser

        return PdfParser().parse(data, path)


class DocxEntry:
    """The registry's Word entry: `docx.DocxParser`'s detection, its parser imported at the
    first Word document."""

    name: ClassVar[str] = "docx"
    suffixes: ClassVar[tuple[str, ...]] = DOCX_SUFFIXES

    def detect(self, data: bytes, path: str) -> bool:
        """`base.looks_like_docx`."""
        return looks_like_docx(data, Path(path).suffix.lower())

    def parse(self, data: bytes, path: str) -> Document:
        """`docx.DocxParser.parse`."""
        from citecheck.parse.docx import DocxParser

        return DocxParser().parse(data, path)


class TextEntry:
    """The registry's plain-text entry (the fallback): `text.TextParser`'s detection, its
    parser imported at the first text document."""

    name: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".txt",)

    def detect(self, data: bytes, path: str) -> bool:
        """`_layout_common.decodes_as_text`."""
        return decodes_as_text(data)

    def parse(self, data: bytes, path: str) -> Document:
        """`text.TextParser.parse`."""
        from citecheck.parse.text import TextParser

        return TextParser().parse(data, path)


#: Tried in order; the first whose `detect` says yes wins. Plain text is the fallback.
PARSERS: tuple[Parser, ...] = (
    PdfEntry(),
    DocxEntry(),
    HtmlParser(),
    MarkdownParser(),
    TextEntry(),
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


@dataclass(frozen=True, slots=True)
class Input:
    """One document a run reads."""

    path: str
    """The path as given, or as found below a folder given ("-": standard input)."""
    in_folder: bool = False
    """Found by a folder scan: if it cannot be read, the report says so and the run goes on
    (a file named on the command line that cannot be read stops the run)."""


def collect_inputs(args: Sequence[str], exclude: Sequence[str] = ()) -> list[Input]:
    """The documents named by `args`, folders expanded (`scan.scan_folder`: sorted,
    recursive, without hidden entries, what .gitignore ignores, `exclude` globs and
    citecheck's own reports). Files named directly are always read, whatever their name.

    Raises `InputError` for a missing path or a folder with no documents.
    """
    inputs: list[Input] = []
    for arg in args:
        if arg == "-":
            inputs.append(Input(arg))
            continue
        path = Path(arg)
        if path.is_dir():
            from citecheck.parse.scan import scan_folder

            scan = scan_folder(path, DOCUMENT_SUFFIXES, exclude)
            if not scan.found:
                suffixes = ", ".join(sorted(DOCUMENT_SUFFIXES))
                skipped = scan.skipped()
                raise InputError(
                    f"{arg}: directory contains no documents ({suffixes})"
                    + (f"; skipped: {skipped}" if skipped else "")
                )
            inputs.extend(Input(str(p), in_folder=True) for p in scan.found)
        elif path.exists():
            inputs.append(Input(arg))
        else:
            raise InputError(f"{arg}: no such file or directory")
    if sum(1 for i in inputs if i.path == "-") > 1:
        raise InputError("standard input (-) can be read only once")
    return inputs


def collect_paths(args: Sequence[str], exclude: Sequence[str] = ()) -> list[str]:
    """The paths of `collect_inputs`."""
    return [i.path for i in collect_inputs(args, exclude)]


def read_input(path: str) -> bytes:
    """Read a document's bytes ("-" is standard input). Raises `InputError`."""
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def detect_parser(data: bytes, path: str) -> Parser:
    """The parser for a document, by content first, then by suffix; a content that
    contradicts a known suffix is refused (`_agrees`)."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            # Binary formats are recognised by content only; the text parsers never see them.
            for parser in PARSERS:
                if parser.name in _BINARY_FORMATS and parser.detect(data, path):
                    return _agrees(parser, path)
            raise UnsupportedFormat(f"{path}: {kind} documents are not supported")
    suffix = Path(path).suffix.lower()
    for parser in PARSERS:
        if parser.detect(data, path):
            return _agrees(parser, path)
    for parser in PARSERS:
        if suffix in parser.suffixes:
            return _agrees(parser, path)
    raise UnsupportedFormat(f"{path}: unknown document format")


#: How the refusals of `_agrees` name a binary format.
_FORMAT_NAMES = {"pdf": "PDF", "docx": "Word (DOCX)"}


def _agrees(parser: Parser, path: str) -> Parser:
    """`parser`, unless the content it was chosen for contradicts the file's suffix: a PDF or
    Word document named like a text format (.md, .txt, .html), the other binary format's
    suffix, or text named .pdf/.docx. Raises `UnsupportedFormat` with what to rename it to.
    Standard input and names without a known suffix go by content alone."""
    suffix = Path(path).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES or suffix in parser.suffixes:
        return parser
    if parser.name in _BINARY_FORMATS:
        kind = _FORMAT_NAMES.get(parser.name, parser.name)
        raise UnsupportedFormat(
            f"{path}: the content is a {kind} document, but the name ends in {suffix}: "
            f"rename it to {Path(path).stem}{parser.suffixes[0]}"
        )
    claimed = next((p.name for p in PARSERS if suffix in p.suffixes), "")
    if claimed in _BINARY_FORMATS:
        raise UnsupportedFormat(
            f"{path}: the name ends in {suffix}, but the content is not a "
            f"{_FORMAT_NAMES.get(claimed, claimed)} document (it looks like {parser.name})"
        )
    return parser


def parse_bytes(data: bytes, path: str) -> Document:
    """Parse an in-memory document (no I/O); UTF-16/32 text with a BOM is read as UTF-8.
    Raises `InputError` subclasses."""
    try:
        data = transcode_bom(data)
    except UnreadableDocument as exc:
        raise UnreadableDocument(f"{path}: {exc}") from exc
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


def load_input(item: Input) -> Document:
    """Read and parse one input. A document found in a folder that cannot be read or parsed
    becomes a `Document` whose one problem, `unreadable-document` (an error), says why;
    anything else raises `InputError` subclasses."""
    try:
        return load_document(item.path)
    except InputError as exc:
        if not item.in_folder:
            raise
        message = str(exc).removeprefix(f"{item.path}: ")
        problem = Problem(ProblemCode.UNREADABLE_DOCUMENT, Severity.ERROR, None, message)
        return Document(item.path, _format_by_name(item.path), problems=(problem,))


def _format_by_name(path: str) -> str:
    """The format a file's suffix names (plain text when none does)."""
    suffix = Path(path).suffix.lower()
    return next((p.name for p in PARSERS if suffix in p.suffixes), TextEntry.name)


def load_documents(args: Iterable[str], exclude: Sequence[str] = ()) -> list[Document]:
    """Load every document named by the arguments (`collect_inputs`; "-", standard input, at
    most once). Raises `InputError` subclasses."""
    return [load_input(item) for item in collect_inputs(list(args), exclude)]


__all__ = [
    "DOCUMENT_SUFFIXES",
    "PARSERS",
    "Input",
    "collect_inputs",
    "collect_paths",
    "detect_parser",
    "load_document",
    "load_documents",
    "load_input",
    "parse_bytes",
    "read_input",
]
