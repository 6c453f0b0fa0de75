"""PDF input: the layout of published Drucksachen and reports, from glyph geometry.

Modules in reading order: reader (pdfminer, lazily), lexer and interpreter (content streams),
geometry (lines and superscripts), regions (furniture, notes areas), notes, parser.
"""

from __future__ import annotations

from citecheck.parse.pdf.parser import PdfParser, pdf_layout
from citecheck.parse.pdf.reader import INSTALL_HINT

__all__ = ["INSTALL_HINT", "PdfParser", "pdf_layout"]
