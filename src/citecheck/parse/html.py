"""HTML input: the layout of a motion saved as a web page.

Detection and decoding live here; the tree work (bs4, about 60 ms to import) lives in
`parse._html_tree`, loaded only when an HTML document is parsed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from citecheck.models import Document
from citecheck.parse._layout_common import decode_layer
from citecheck.parse.document import build_document

if TYPE_CHECKING:
    from citecheck.parse.layout import Layout

_SNIFF_RE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def html_layout(text: str) -> Layout:
    """Split an HTML page into body, markers and definitions (see `parse._html_tree`)."""
    from citecheck.parse._html_tree import html_layout as tree_layout  # bs4: only when needed

    return tree_layout(text)


class HtmlParser:
    """Motions saved as web pages: footnote links and lists, `<sup>` markers."""

    name: ClassVar[str] = "html"
    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm", ".xhtml")

    def detect(self, data: bytes, path: str) -> bool:
        """HTML by suffix, or by a leading doctype/`<html>`/`<head>`/`<body>` tag."""
        if Path(path).suffix.lower() in self.suffixes:
            return True
        head = data[:4096].lstrip(b"\xef\xbb\xbf")
        return _SNIFF_RE.match(head) is not None

    def parse(self, data: bytes, path: str) -> Document:
        """Parse an HTML document (UTF-8 or Windows-1252)."""
        return build_document(path, html_layout(decode_layer(data)))
