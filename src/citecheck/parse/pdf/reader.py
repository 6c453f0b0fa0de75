"""Reading a PDF with pdfminer.six: every page's glyphs, thin rules and link annotations.

The only module that imports pdfminer (lazily, so text formats never load it); glyphs are
recorded as plain tuples instead of pdfminer's layout objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import Any

from citecheck.errors import UnreadableDocument, UnsupportedFormat
from citecheck.parse.pdf.geometry import Glyph, LinkBox, Page, Rule, group_lines
from citecheck.parse.pdf.interpreter import interpreter_class

INSTALL_HINT = "pip install 'citecheck[pdf]'"


def _pdfminer() -> Any:
    """The pdfminer modules, or `UnsupportedFormat` naming the extra to install."""
    try:
        from pdfminer import (
            converter,
            layout,
            pdfdocument,
            pdfinterp,
            pdfpage,
            pdfparser,
            pdftypes,
            psparser,
        )
    except ImportError as exc:
        raise UnsupportedFormat(f"reading PDF needs the pdf extra: {INSTALL_HINT}") from exc
    return converter, layout, pdfdocument, pdfinterp, pdfpage, pdfparser, pdftypes, psparser


class GlyphRecorder:
    """The text rendering of pdfminer's page aggregator, recording glyphs as plain tuples.

    pdfminer's own `LTChar` computes bounding boxes, descent and more per glyph; building it
    was a third of the time for a long document. Only origin, advance and size are needed
    here. Rules (lines, rectangles) still come from the aggregator's result. Vertical writing
    (CJK) is not read.
    """

    glyphs: list[Glyph]
    chars: dict[Any, dict[int, tuple[str, float]]]

    def render_string_horizontal(
        self,
        seq: Any,
        matrix: Any,
        pos: Any,
        font: Any,
        fontsize: float,
        scaling: float,
        charspace: float,
        wordspace: float,
        rise: float,
        dxscale: float,
        ncs: Any,
        graphicstate: Any,
    ) -> tuple[float, float]:
        """pdfminer's loop, inlined: one glyph tuple per character, no per-glyph matrix."""
        x, y = pos
        a, b, c, d, e, f = matrix
        # Rotated or mirrored text is margin furniture (the vertical watermark).
        upright = -1e-3 < b < 1e-3 and -1e-3 < c < 1e-3 and a > 0 and d > 0
        size = d * fontsize
        base = d * (y + rise) + f
        scale = fontsize * scaling
        cache = self.chars.setdefault(font, {})
        glyphs = self.glyphs
        # tuple.__new__ directly: the named tuple's own constructor is a Python function.
        new = tuple.__new__
        spaced = False
        for item in seq:
            if isinstance(item, (int, float)):
                x -= item * dxscale
                spaced = True
                continue
            if not isinstance(item, bytes):
                continue
            for cid in font.decode(item):
                if spaced:
                    x += charspace
                entry = cache.get(cid)
                if entry is None:
                    entry = cache[cid] = (self._char(font, cid), float(font.char_width(cid)))
                adv = entry[1] * scale
                if upright:
                    x0 = a * x + e
                    glyphs.append(new(Glyph, (entry[0], x0, x0 + a * adv, base, size)))
                x += adv
                if cid == 32 and wordspace:
                    x += wordspace
                spaced = True
        return (x, y)

    def _char(self, font: Any, cid: int) -> str:
        try:
            text: str = font.to_unichr(cid)
        except Exception:  # PDFUnicodeNotDefined, broken CMaps
            text = self.handle_undefined_char(font, cid)  # type: ignore[attr-defined]
        return text


_DEVICE: list[Any] = []


def _device_class(converter: Any) -> Any:
    """pdfminer's page aggregator with `GlyphRecorder`'s text rendering (built once)."""
    if not _DEVICE:

        class GlyphAggregator(GlyphRecorder, converter.PDFPageAggregator):  # type: ignore[misc]
            def begin_page(self, page: Any, ctm: Any) -> None:
                self.glyphs = []
                if not hasattr(self, "chars"):
                    self.chars = {}
                super().begin_page(page, ctm)

        _DEVICE.append(GlyphAggregator)
    return _DEVICE[0]


def read_pages(data: bytes) -> list[Page]:
    """Glyphs, rules and link annotations of every page. Raises `UnreadableDocument`."""
    converter, layout, pdfdocument, pdfinterp, pdfpage, pdfparser, pdftypes, psparser = _pdfminer()
    errors = (
        psparser.PSException,
        pdftypes.PDFException,
        pdfdocument.PDFException,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
    )
    try:
        document = pdfdocument.PDFDocument(pdfparser.PDFParser(BytesIO(data)))
        if not document.is_extractable:
            raise UnreadableDocument("the PDF forbids text extraction")
        manager = pdfinterp.PDFResourceManager(caching=True)
        device = _device_class(converter)(manager, laparams=None)
        interpreter = interpreter_class(pdfinterp, psparser, pdftypes)(manager, device)
        pages = []
        for number, page in enumerate(pdfpage.PDFPage.create_pages(document), 1):
            interpreter.process_page(page)
            result = device.get_result()
            pages.append(_page(number, page, result, device.glyphs, layout, pdftypes))
    except UnreadableDocument:
        raise
    except pdfdocument.PDFPasswordIncorrect as exc:
        raise UnreadableDocument("the PDF is encrypted with a password") from exc
    except errors as exc:
        raise UnreadableDocument(f"damaged PDF ({type(exc).__name__}: {exc})") from exc
    return pages


def _page(
    number: int, page: Any, result: Any, glyphs: list[Glyph], layout: Any, pdftypes: Any
) -> Page:
    """One page: its lines, its thin horizontal shapes (separator candidates), its links."""
    rules: list[Rule] = []
    stack = list(result)
    shapes = (layout.LTLine, layout.LTRect, layout.LTCurve)
    while stack:
        item = stack.pop()
        if isinstance(item, layout.LTFigure):
            stack.extend(item)
        elif isinstance(item, shapes):
            x0, y0, x1, y1 = item.bbox
            if y1 - y0 <= 1.5 and x1 - x0 >= 20:
                rules.append(Rule(x0, x1, (y0 + y1) / 2))
    x0, y0, x1, y1 = result.bbox
    links = list(_links(page, pdftypes))
    return Page(number, x1 - x0, y1 - y0, group_lines(number, glyphs), rules, links)


def _links(page: Any, pdftypes: Any) -> Iterable[LinkBox]:
    """The page's link annotations with a URI action."""
    annots = pdftypes.resolve1(page.annots) if page.annots else []
    for ref in annots or []:
        annot = pdftypes.resolve1(ref)
        if not isinstance(annot, dict):
            continue
        action = pdftypes.resolve1(annot.get("A"))
        rect = pdftypes.resolve1(annot.get("Rect"))
        if not isinstance(action, dict) or not isinstance(rect, list) or len(rect) != 4:
            continue
        uri = pdftypes.resolve1(action.get("URI"))
        if isinstance(uri, bytes):
            uri = uri.decode("utf-8", "replace")
        if not isinstance(uri, str) or not uri.strip():
            continue
        x0, y0, x1, y1 = (float(pdftypes.resolve1(v)) for v in rect)
        yield LinkBox(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), uri.strip())
