"""DOCX input: the layout of Word drafts, read with the standard library only.

A .docx file is a ZIP package of XML parts; the body, the footnotes and endnotes and the
hyperlink targets come from their parts, body markers from the note reference elements.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import ClassVar
from xml.etree import ElementTree

from citecheck.errors import UnreadableDocument
from citecheck.models import Document
from citecheck.parse._layout_common import BodyBuilder
from citecheck.parse.base import DOCX_SUFFIXES, looks_like_docx
from citecheck.parse.dates import docx_metadata_date
from citecheck.parse.document import build_document
from citecheck.parse.layout import Layout, RawDefinition

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

#: Elements whose content is not part of the accepted text.
_SKIPPED: frozenset[str] = frozenset(
    {
        f"{_W}del",  # tracked deletion
        f"{_W}moveFrom",  # tracked move: the old place
        f"{_W}delText",
        f"{_W}delInstrText",
        f"{_W}instrText",  # field code, handled by the field state
        f"{_W}rPr",
        f"{_W}pPr",
        f"{_W}sectPr",
        f"{_W}txbxContent",  # text boxes: figures and callouts, not motion prose
        f"{_W}commentReference",
        f"{_MC}Fallback",  # the Choice branch holds the same content
    }
)

_HYPERLINK_FIELD_RE = re.compile(r'^\s*HYPERLINK\s+"([^"]+)"', re.IGNORECASE)
_SCHEME_RE = re.compile(r"^(?:https?://|ftp://)", re.IGNORECASE)
_MAIN_PART_RE = re.compile(r'PartName="/?([^"]+)"\s+ContentType="[^"]*document\.main\+xml"')


@dataclass(frozen=True, slots=True)
class _Reference:
    """A note reference in the body: footnote or endnote and its part id."""

    kind: str
    note_id: str


@dataclass(frozen=True, slots=True)
class _Link:
    """A hyperlink: its target and the text shown for it."""

    target: str
    text: str


_Token = str | _Reference | _Link


@dataclass(slots=True)
class _Walker:
    """Turns one paragraph into tokens: text, note references and hyperlinks.

    Tracked changes are read as the accepted text: insertions kept, deletions and moved-away
    text skipped (`_SKIPPED`).

    Complex fields (`w:fldChar` begin/separate/end) span runs, so the walker carries their
    state across the paragraph: code text is skipped, the displayed result is kept, and a
    HYPERLINK field's result becomes a link.
    """

    rels: dict[str, str]
    tokens: list[_Token] = field(default_factory=list)
    _field_code: list[str] = field(default_factory=list)
    _field_stack: list[str] = field(default_factory=list)
    _link_start: list[int] = field(default_factory=list)

    def paragraph(self, element: ElementTree.Element) -> list[_Token]:
        """The tokens of one paragraph (field state does not cross paragraphs)."""
        self.tokens = []
        self._field_stack = []
        self._link_start = []
        self._walk(element)
        return self.tokens

    def _walk(self, element: ElementTree.Element) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED:
                if tag == f"{_W}instrText" and self._field_stack:
                    self._field_code.append(child.text or "")
                continue
            if tag == f"{_W}t":
                self.tokens.append(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}ptab"):
                self.tokens.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                self.tokens.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                self.tokens.append("-")
            elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
                kind = "footnote" if tag == f"{_W}footnoteReference" else "endnote"
                self.tokens.append(_Reference(kind, child.get(f"{_W}id", "")))
            elif tag == f"{_W}fldChar":
                self._field_char(child.get(f"{_W}fldCharType", ""))
            elif tag == f"{_W}hyperlink":
                self._hyperlink(child)
            elif tag == f"{_W}fldSimple":
                self._simple_field(child)
            elif tag == f"{_W}p":
                continue  # a paragraph nested in a paragraph (text box): not body prose
            else:
                self._walk(child)

    def _hyperlink(self, element: ElementTree.Element) -> None:
        target = self.rels.get(element.get(f"{_R}id", ""), "")
        start = len(self.tokens)
        self._walk(element)
        if target:
            self._close_link(start, target)

    def _simple_field(self, element: ElementTree.Element) -> None:
        match = _HYPERLINK_FIELD_RE.match(element.get(f"{_W}instr", ""))
        start = len(self.tokens)
        self._walk(element)
        if match:
            self._close_link(start, match.group(1))

    def _field_char(self, kind: str) -> None:
        if kind == "begin":
            self._field_stack.append("")
            self._field_code = []
        elif kind == "separate" and self._field_stack:
            self._field_stack[-1] = "".join(self._field_code)
            self._link_start.append(len(self.tokens))
        elif kind == "end" and self._field_stack:
            code = self._field_stack.pop()
            start = self._link_start.pop() if self._link_start else len(self.tokens)
            match = _HYPERLINK_FIELD_RE.match(code)
            if match:
                self._close_link(start, match.group(1))

    def _close_link(self, start: int, target: str) -> None:
        """Record a link over the tokens from `start`, keeping its text in place."""
        text = "".join(t for t in self.tokens[start:] if isinstance(t, str))
        self.tokens.append(_Link(target, text))


@dataclass(frozen=True, slots=True)
class _Package:
    """The XML parts of a DOCX that the layout needs."""

    document: ElementTree.Element
    document_rels: dict[str, str]
    notes: dict[str, dict[str, ElementTree.Element]]
    note_rels: dict[str, dict[str, str]]


def _parse_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        data = archive.read(name)
    except KeyError:
        return None
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise UnreadableDocument(f"{name} is not well-formed XML ({exc})") from exc


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """External hyperlink targets of a part by relationship id."""
    folder, _, name = part.rpartition("/")
    root = _parse_xml(archive, f"{folder}/_rels/{name}.rels")
    if root is None:
        return {}
    return {
        rel.get("Id", ""): rel.get("Target", "")
        for rel in root.iter(f"{_PKG_RELS}Relationship")
        if rel.get("Type", "").endswith("/hyperlink")
    }


def _main_part(archive: zipfile.ZipFile) -> str:
    """The main document part's name (word/document.xml unless the package says otherwise)."""
    if "word/document.xml" in archive.namelist():
        return "word/document.xml"
    try:
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except KeyError:
        types = ""
    match = _MAIN_PART_RE.search(types)
    if match is None:
        raise UnreadableDocument("not a Word document (no word/document.xml in the package)")
    return match.group(1)


def _read_package(data: bytes) -> _Package:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnreadableDocument(f"not a readable DOCX/ZIP file ({exc})") from exc
    with archive:
        try:
            main = _main_part(archive)
            document = _parse_xml(archive, main)
            if document is None:
                raise UnreadableDocument(f"the package lacks its main part {main}")
            folder = main.rpartition("/")[0]
            notes: dict[str, dict[str, ElementTree.Element]] = {}
            note_rels: dict[str, dict[str, str]] = {}
            for kind in ("footnote", "endnote"):
                part = f"{folder}/{kind}s.xml"
                root = _parse_xml(archive, part)
                notes[kind] = {}
                if root is not None:
                    for element in root.iter(f"{_W}{kind}"):
                        # Separator and continuation notes are layout, not content.
                        if element.get(f"{_W}type", "normal") == "normal":
                            notes[kind][element.get(f"{_W}id", "")] = element
                note_rels[kind] = _relationships(archive, part)
            return _Package(document, _relationships(archive, main), notes, note_rels)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            # Damaged members, encrypted entries, truncated archives.
            raise UnreadableDocument(f"damaged DOCX package ({exc})") from exc


def _body_paragraphs(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """Body paragraphs in document order, table cells and content controls included."""
    for child in element:
        if child.tag == f"{_W}p":
            yield child
        elif child.tag not in _SKIPPED:
            yield from _body_paragraphs(child)


def _same_url(target: str, text: str) -> bool:
    """True when the visible text already shows the link target (scheme and slash aside)."""

    def bare(url: str) -> str:
        return _SCHEME_RE.sub("", url.strip()).rstrip("/").lower()

    return bool(bare(target)) and bare(target) in bare(text)


def _definition_text(walker: _Walker, element: ElementTree.Element) -> str:
    """A note's text: paragraphs joined by "\\n".

    A hyperlink whose visible text does not contain its target (a linked title, "hier") gets
    the target appended on a line of its own as "<URL>", so that the shared rules extract it
    like any written URL.
    """
    lines: list[str] = []
    extra: list[str] = []
    for para in _body_paragraphs(element):
        tokens = walker.paragraph(para)
        lines.append("".join(t for t in tokens if isinstance(t, str)).replace("\t", " "))
        for token in tokens:
            if isinstance(token, _Link) and _SCHEME_RE.match(token.target):
                if not _same_url(token.target, token.text) and f"<{token.target}>" not in extra:
                    extra.append(f"<{token.target}>")
    text = "\n".join(line.strip() for line in lines if line.strip())
    return "\n".join([text, *extra]) if extra else text


def docx_layout(data: bytes) -> Layout:
    """Split a Word document into body, markers and definitions.

    The body "line" of a DOCX is its paragraph number (1-based, counting paragraphs that hold
    text, table cells included); a definition's line is the paragraph of its first reference.
    Markers are the `w:footnoteReference`/`w:endnoteReference` elements, never digits.
    Footnotes are numbered in order of their first reference, as Word prints them; endnotes
    continue after the last footnote. Headers, footers, comments and text boxes are not read.
    Raises `UnreadableDocument` for a package that is not a readable Word document.
    """
    package = _read_package(data)
    body_element = package.document.find(f"{_W}body")
    if body_element is None:
        raise UnreadableDocument("word/document.xml has no body")
    walker = _Walker(package.document_rels)
    paragraphs: list[list[_Token]] = []
    for para in _body_paragraphs(body_element):
        tokens = walker.paragraph(para)
        if any(isinstance(t, _Reference) or (isinstance(t, str) and t.strip()) for t in tokens):
            paragraphs.append(tokens)
    # Word numbers footnotes by first reference; endnotes (own sequence in Word) follow here
    # so that one document has one number space.
    numbers: dict[_Reference, int] = {}
    first_line: dict[_Reference, int] = {}
    for kind in ("footnote", "endnote"):
        for index, tokens in enumerate(paragraphs, 1):
            for token in tokens:
                if isinstance(token, _Reference) and token.kind == kind and token not in numbers:
                    numbers[token] = len(numbers) + 1
                    first_line[token] = index
    builder = BodyBuilder()
    for index, tokens in enumerate(paragraphs, 1):
        builder.start_line(index, "\n\n")
        for token in tokens:
            if isinstance(token, str):
                builder.text(token.replace("\t", " "))
            elif isinstance(token, _Reference):
                builder.marker(numbers[token])
    deleted = _deleted_references(body_element)
    definitions = _definitions(package, numbers, first_line, len(paragraphs), deleted)
    return builder.build("docx", definitions)


def _deleted_references(body: ElementTree.Element) -> set[tuple[str, str]]:
    """(kind, note id) of the note references that sit in a tracked deletion or move-away.

    A draft with tracked changes is read as its accepted text: a footnote whose reference was
    deleted is deleted with it and is not read at all (not even as an unused definition).
    """
    deleted: set[tuple[str, str]] = set()
    for tag in (f"{_W}del", f"{_W}moveFrom"):
        for removed in body.iter(tag):
            for kind in ("footnote", "endnote"):
                for reference in removed.iter(f"{_W}{kind}Reference"):
                    deleted.add((kind, reference.get(f"{_W}id", "")))
    return deleted


def _definitions(
    package: _Package,
    numbers: dict[_Reference, int],
    first_line: dict[_Reference, int],
    last_paragraph: int,
    deleted: set[tuple[str, str]],
) -> tuple[RawDefinition, ...]:
    """Footnote definitions first, then endnotes, each in number order; unreferenced last
    (a note referenced only from a tracked deletion is left out)."""
    found: list[RawDefinition] = []
    unreferenced: list[tuple[str, str, ElementTree.Element]] = []
    for kind in ("footnote", "endnote"):
        walker = _Walker(package.note_rels.get(kind, {}))
        keyed = {ref.note_id: ref for ref in numbers if ref.kind == kind}
        for note_id, element in package.notes[kind].items():
            ref = keyed.get(note_id)
            if ref is None:
                if (kind, note_id) not in deleted:
                    unreferenced.append((kind, note_id, element))
                continue
            number = numbers[ref]
            text = _definition_text(walker, element)
            found.append(RawDefinition(number, str(number), first_line[ref], text))
    found.sort(key=lambda d: d.number)
    next_number = max((d.number for d in found), default=0)
    for kind, _, element in unreferenced:
        walker = _Walker(package.note_rels.get(kind, {}))
        next_number += 1
        text = _definition_text(walker, element)
        found.append(RawDefinition(next_number, str(next_number), last_paragraph + 1, text))
    return tuple(found)


class DocxParser:
    """Word documents (.docx): real footnotes and endnotes, hyperlinks, tracked changes."""

    name: ClassVar[str] = "docx"
    suffixes: ClassVar[tuple[str, ...]] = DOCX_SUFFIXES

    def detect(self, data: bytes, path: str) -> bool:
        """A ZIP package holding a Word main part (`base.looks_like_docx`)."""
        return looks_like_docx(data, Path(path).suffix.lower())

    def parse(self, data: bytes, path: str) -> Document:
        """Parse a Word document (its metadata date: `core_date`)."""
        layout = dataclasses.replace(docx_layout(data), metadata_date=core_date(data))
        return build_document(path, layout)


def core_date(data: bytes) -> str | None:
    """The date of the package's core properties (docProps/core.xml), if readable."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError):
        return None
    return docx_metadata_date(core)
