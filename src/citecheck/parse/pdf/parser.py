"""The PDF parser: pages read, regions marked and notes gathered, turned into a `Layout`.

Lines are numbered over the extracted text (body lines, then the page's footnote lines, page
by page, furniture not counted); definitions and markers carry their 1-based physical page.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

from citecheck.errors import UnreadableDocument
from citecheck.models import Document
from citecheck.parse._layout_common import UNIT_WORDS, BodyBuilder, is_terminal
from citecheck.parse.base import looks_like_pdf
from citecheck.parse.dates import pdf_metadata_date
from citecheck.parse.document import build_document
from citecheck.parse.layout import Layout, RawDefinition
from citecheck.parse.pdf.geometry import Line, Page
from citecheck.parse.pdf.notes import Note, apply_links, note_text, read_notes
from citecheck.parse.pdf.reader import read_pages
from citecheck.parse.pdf.regions import body_size, mark_furniture, mark_notes


def pdf_layout(data: bytes) -> Layout:
    """Split a PDF into body, markers and footnote definitions.

    Raises `UnreadableDocument` (damaged, encrypted, no text layer) or `UnsupportedFormat`
    (the pdf extra is not installed).
    """
    pages = read_pages(data)
    if not any(page.lines for page in pages):
        raise UnreadableDocument("no text layer (scanned PDF?)")
    mark_furniture(pages)
    size = body_size(pages)
    for page in pages:
        mark_notes(page, size)
    numbering = _number_lines(pages)
    notes = read_notes(pages, numbering)
    definitions = _definitions(notes, pages)
    known = frozenset(note.number for note in notes)
    marker_pages: list[int] = []
    layout = _body(pages, numbering, known, size, marker_pages).build("pdf", definitions)
    # The builder knows offsets only; each marker's page was noted as it was emitted.
    markers = tuple(
        replace(marker, page=page)
        for marker, page in zip(layout.markers, marker_pages, strict=True)
    )
    line_pages = tuple(
        (numbering[id(line)], line.page)
        for page in pages
        for line in page.lines
        if line.kind == "body"
    )
    return replace(layout, markers=markers, line_pages=line_pages)


def _number_lines(pages: Sequence[Page]) -> dict[int, int]:
    """`id(line)` → line number over the extracted text: body lines, then note lines, page
    by page."""
    numbering: dict[int, int] = {}
    for page in pages:
        for kind in ("body", "note"):
            for line in page.lines:
                if line.kind == kind:
                    numbering[id(line)] = len(numbering) + 1
    return numbering


def _definitions(notes: Sequence[Note], pages: Sequence[Page]) -> list[RawDefinition]:
    """The raw definitions of the notes, link annotations applied to their text."""
    links = {page.number: page.links for page in pages}
    soft_breaks = any(line.text.endswith("\xad") for page in pages for line in page.lines)
    definitions = []
    for note in notes:
        text = note_text(note, soft_breaks=soft_breaks)
        page_links = [link for p in {ln.page for ln in note.places} for link in links[p]]
        text = apply_links(note, page_links, text)
        definitions.append(
            RawDefinition(note.number, str(note.number), note.line, text, page=note.places[0].page)
        )
    return definitions


def _body(
    pages: Sequence[Page],
    numbering: dict[int, int],
    known: frozenset[int],
    size: float,
    marker_pages: list[int],
) -> BodyBuilder:
    """The body text of every page; appends the page of each marker to `marker_pages`.

    A wide gap or a heading starts a paragraph; a page break starts one after a finished
    sentence and a capital; line-break hyphenation is undone by the builder.
    """
    builder = BodyBuilder()
    previous: Line | None = None
    pitch = _pitch(pages, size)
    for page in pages:
        for line in page.lines:
            if line.kind != "body":
                continue
            head = line.text
            number = numbering[id(line)]
            if previous is None:
                builder.start_line(number, "")
            else:
                new_page = previous.page != line.page
                gap = previous.base - line.base
                heading = line.size > size * 1.15 or previous.size > size * 1.15
                if not new_page and (gap > pitch * 1.3 or heading):
                    builder.start_line(number, "\n\n")
                elif not builder.join_hyphenated(number, head, gap=new_page):
                    if new_page and is_terminal(builder.tail) and head[:1].isupper():
                        builder.start_line(number, "\n\n")
                    else:
                        builder.start_line(number, "\n")
            _emit(builder, line, known, marker_pages)
            previous = line
    return builder


def _pitch(pages: Sequence[Page], size: float) -> float:
    """The usual distance between body lines."""
    gaps: list[float] = []
    for page in pages:
        body = [ln for ln in page.lines if ln.kind == "body" and ln.size == size]
        gaps.extend(a.base - b.base for a, b in itertools.pairwise(body) if a.base > b.base)
    return statistics.median(gaps) if gaps else size * 1.2


def _emit(builder: BodyBuilder, line: Line, known: frozenset[int], marker_pages: list[int]) -> None:
    """A body line's tokens: a superscript number is a marker when a definition has that
    number and the word before is no unit (the "m" of "m²")."""
    first = True
    for token in line.tokens:
        if isinstance(token, str):
            builder.text(token.lstrip() if first else token)
            first = False
            continue
        word = builder.tail.rstrip().rsplit(" ", 1)[-1] if builder.tail else ""
        if token in known and word not in UNIT_WORDS:
            builder.marker(token)
            marker_pages.append(line.page)
        else:
            builder.text(str(token))
            first = False


class PdfParser:
    """PDF documents: superscript markers, footnote areas, link annotations."""

    name: ClassVar[str] = "pdf"
    suffixes: ClassVar[tuple[str, ...]] = (".pdf",)

    def detect(self, data: bytes, path: str) -> bool:
        """A PDF by its magic bytes (`base.looks_like_pdf`)."""
        return looks_like_pdf(data)

    def parse(self, data: bytes, path: str) -> Document:
        """Parse a PDF document (its metadata date: `dates.pdf_metadata_date`)."""
        layout = replace(pdf_layout(data), metadata_date=pdf_metadata_date(data))
        return build_document(path, layout)
