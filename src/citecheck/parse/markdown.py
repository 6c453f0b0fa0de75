"""Markdown input (stub; being written)."""

from __future__ import annotations

from typing import ClassVar

from citecheck.models import Document
from citecheck.parse.base import decode_text
from citecheck.parse.footnotes import build_document
from citecheck.parse.layout import Layout


class MarkdownParser:
    """Markdown motions: `[^n]` footnotes and `<sup>n</sup>` markers."""

    name: ClassVar[str] = "markdown"
    suffixes: ClassVar[tuple[str, ...]] = (".md", ".markdown")

    def detect(self, data: bytes, path: str) -> bool:
        """Markdown by suffix."""
        return path.lower().endswith(self.suffixes)

    def parse(self, data: bytes, path: str) -> Document:
        """Parse a Markdown document."""
        text = decode_text(data)
        return build_document(path, Layout("markdown", text, ((0, 1),), (), ()))
