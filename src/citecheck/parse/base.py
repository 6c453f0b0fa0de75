"""The Parser protocol every input format implements, and text decoding."""

from __future__ import annotations

import codecs
from typing import ClassVar, Protocol

from citecheck.errors import UnreadableDocument
from citecheck.models import Document


class Parser(Protocol):
    """An input format: recognises its documents and turns bytes into a `Document`."""

    name: ClassVar[str]
    """Format name used in the report (markdown, text, …)."""
    suffixes: ClassVar[tuple[str, ...]]
    """File suffixes that suggest this format (lower-case, with dot)."""

    def detect(self, data: bytes, path: str) -> bool:
        """True when `data` is a document of this format."""
        ...

    def parse(self, data: bytes, path: str) -> Document:
        """Parse a document; may raise `UnreadableDocument`, never anything else."""
        ...


#: Byte-order marks of the wider Unicode encodings (UTF-32 first: its LE mark starts with
#: UTF-16's).
_WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_like_pdf(data: bytes) -> bool:
    """A PDF by its magic bytes (%PDF- within the first KiB, as readers allow)."""
    return b"%PDF-" in data[:1024]


def looks_like_docx(data: bytes, suffix: str) -> bool:
    """A ZIP package holding a Word main part (by content; the suffix, lower-case with dot,
    is not enough: it only vouches for a ZIP package whose part names lie further in)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    # The local file headers name the parts; a Word package names word/ or its main part.
    return b"word/" in data[:200_000] or suffix in DOCX_SUFFIXES


#: The suffixes of Word documents (`docx.DocxParser`).
DOCX_SUFFIXES: tuple[str, ...] = (".docx", ".docm")


def transcode_bom(data: bytes) -> bytes:
    """UTF-16 or UTF-32 text that starts with a byte-order mark (what Windows editors save as
    "Unicode"), as UTF-8; any other bytes unchanged. Raises `UnreadableDocument` when the
    bytes after the mark are not text in that encoding."""
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).encode("utf-8")
            except UnicodeDecodeError as exc:
                name = codec.upper()
                raise UnreadableDocument(
                    f"starts with a {name} byte-order mark, but is not {name} text "
                    f"(byte {exc.start})"
                ) from exc
    return data


def decode_text(data: bytes) -> str:
    """Decode a text document: UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM
    (`transcode_bom`), else cp1252.

    German documents come in both. Raises `UnreadableDocument` for anything that is not text.
    """
    data = transcode_bom(data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UnreadableDocument(
                f"not a text document (binary content?): cannot decode it as UTF-8 or "
                f"Windows-1252 (byte {exc.start})"
            ) from exc
    if "\x00" in text:
        raise UnreadableDocument("looks like a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")
