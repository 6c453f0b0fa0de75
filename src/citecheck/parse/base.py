"""The Parser protocol every input format implements, and text decoding."""

from __future__ import annotations

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


def decode_text(data: bytes) -> str:
    """Decode a text document: UTF-8 (with or without BOM), else cp1252.

    German documents come in both. Raises `UnreadableDocument` for anything that is not text.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UnreadableDocument(
                f"cannot decode as UTF-8 or Windows-1252 (byte {exc.start})"
            ) from exc
    if "\x00" in text:
        raise UnreadableDocument("looks like a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")
