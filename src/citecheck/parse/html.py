"""HTML input: the layout of a motion saved as a web page.

Footnote references are links to an anchor in the same page whose text is a number
(`<a href="#fn1"><sup>1</sup></a>`, Word's `[1]`, LibreOffice's `sdfootnote` anchors) and whose
target comes later in the document; the definition is the block holding the target (pandoc's
`<li id="fn1">`, Word's `<div id="ftn1">`, LibreOffice's `<div id="sdfootnote1">`). Without such
links, `<sup>N</sup>` markers are matched with numbered lists in a footnotes container
(`<ol class="footnotes">`, a "Fußnoten" heading) or paragraphs that start with `<sup>N</sup>`.

Definitions lose their back-links (↩, Word's `[1]`); a link whose text does not show its target
gets the target appended on a line of its own as "<URL>", so that the shared rules extract it.
Whitespace is collapsed as a browser does; paragraphs are separated by a blank line. Lines are
source lines of the HTML (the line where the block starts). LibreOffice's running head and
footer (`<div title="header">`), scripts, styles and navigation are left out.
The tree work lives in `parse._html_tree` (bs4, imported on first use).
Imports: parse._html_tree (lazily), parse._layout_common, parse.document, models.
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
