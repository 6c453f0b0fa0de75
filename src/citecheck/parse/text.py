"""Plain-text input (stub; being written)."""

from __future__ import annotations

from typing import ClassVar

from citecheck.models import Document
from citecheck.parse.base import decode_text
from citecheck.parse.footnotes import build_document
from citecheck.parse.layout import Layout


class TextParser:
    """Plain text and PDF text layers."""

    name: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".txt",)

    def detect(self, data: bytes, path: str) -> bool:
        """Text by suffix."""
        return path.lower().endswith(self.suffixes)

    def parse(self, data: bytes, path: str) -> Document:
        """Parse a text document."""
        text = decode_text(data)
        return build_document(path, Layout("text", text, ((0, 1),), (), ()))
