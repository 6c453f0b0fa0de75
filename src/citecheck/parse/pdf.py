"""PDF input: the layout of published Drucksachen and reports, from glyph geometry.

Built on pdfminer.six (MIT; an optional extra, `pip install 'citecheck[pdf]'`, imported lazily):
it gives every glyph with its font size and position, which is what footnotes need.

* Lines are glyphs grouped by baseline; a glyph smaller than its line's text and raised above
  its baseline is a superscript, so body markers come from size and rise, never from digits
  glued to words.
* The footnote area of a page is what lies below the footnote separator rule (a short thin
  horizontal line at the left margin, not an underline); without a rule, the bottom block of
  smaller-type lines that starts with a superscript number. A definition starts at a line that
  opens with a superscript number (or with the next expected number in plain type); other lines
  continue the previous definition, across pages too.
* Page furniture is left out: rotated text (the "Vorabfassung" watermark in the margin), the
  watermark line, page numbers and running heads/feet that repeat on several pages in the top or
  bottom band.
* Link annotations (URI actions) lying on a definition's lines are matched to it: where the
  URI's text wraps over lines, the line break (and a hyphen that only exists because of the
  break) is removed so that the URL stands whole on one line; a URI not shown in the text is
  appended as a line "<URI>". Other URLs keep their "\\n" for the shared rules to rejoin.

Speed: content streams are read by a regex lexer with pdfminer's token rules and run in one
operator loop (pdfminer's interpreter semantics, checked against it by differential tests), and
glyphs are recorded as plain tuples; pdfminer's per-character tokenizer and its LTChar objects
were most of the time of a long document.

Lines are numbered over the extracted text (body lines, then the page's footnote lines, page by
page, furniture not counted); each definition and marker also carries its 1-based physical page
(the page's index in the file, not its printed number). Imports: pdfminer (lazily),
parse.layout, parse._layout_common, parse.document, models, errors.
"""

from __future__ import annotations

import contextlib
import itertools
import operator
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from io import BytesIO
from typing import Any, ClassVar, NamedTuple
from urllib.parse import unquote

from citecheck.errors import UnreadableDocument, UnsupportedFormat
from citecheck.models import Document
from citecheck.parse._layout_common import UNIT_WORDS, WATERMARK_RE, BodyBuilder, is_terminal
from citecheck.parse.document import build_document
from citecheck.parse.layout import Layout, RawDefinition

INSTALL_HINT = "pip install 'citecheck[pdf]'"

_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:seite|page)\s+)?\d{1,4}(?:\s*(?:von|of|/)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_DRUCKSACHE_RE = re.compile(r"Drucksache\s+\d+\s*/\s*\d+")
_DIGITS_RE = re.compile(r"\d+")
_MARKER_RUN_RE = re.compile(r"^\d{1,4}(?:[,;]\s*\d{1,4})*$")
_LEADING_NUMBER_RE = re.compile(r"^(\d{1,4})\s+(?=\S)")
_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_X0 = operator.attrgetter("x0")


class _Glyph(NamedTuple):
    """One character with its geometry (PDF user space, y grows upwards).

    A named tuple, not a frozen dataclass: a long document has hundreds of thousands.
    """

    text: str
    x0: float
    x1: float
    base: float
    size: float


@dataclass(frozen=True, slots=True)
class _Rule:
    """A thin horizontal shape: a footnote separator candidate (or an underline)."""

    x0: float
    x1: float
    y: float


@dataclass(frozen=True, slots=True)
class _Link:
    """A link annotation with a URI."""

    x0: float
    y0: float
    x1: float
    y1: float
    uri: str


@dataclass(slots=True)
class _Line:
    """Glyphs on one baseline, with the tokens read from them."""

    page: int
    glyphs: list[_Glyph]
    base: float = 0.0
    size: float = 0.0
    tokens: list[str | int] = field(default_factory=list)
    """Text pieces and superscript numbers (possible markers) in reading order."""
    kind: str = "body"
    """body, note or furniture."""

    @property
    def x0(self) -> float:
        """Left edge of the line."""
        return self.glyphs[0].x0

    @property
    def text(self) -> str:
        """The line's text with superscripts written as plain digits."""
        return "".join(t if isinstance(t, str) else str(t) for t in self.tokens).strip()


@dataclass(slots=True)
class _Page:
    """What one page holds."""

    number: int
    width: float
    height: float
    lines: list[_Line]
    rules: list[_Rule]
    links: list[_Link]


# ---------------------------------------------------------------------------------------------
# Reading the PDF (the only place that touches pdfminer)


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


_DEVICE: list[Any] = []


def _device_class(converter: Any) -> Any:
    """A page aggregator that records glyphs as plain tuples instead of layout objects.

    pdfminer's own `LTChar` computes bounding boxes, descent and more per glyph; building it is
    a third of the time for a long document. Only origin, advance and size are needed here.
    Rules (lines, rectangles) still come from the aggregator's result. Vertical writing (CJK)
    is not read.
    """
    if _DEVICE:
        return _DEVICE[0]

    class GlyphAggregator(converter.PDFPageAggregator):  # type: ignore[misc]
        glyphs: list[_Glyph]
        chars: dict[Any, dict[int, tuple[str, float]]]

        def begin_page(self, page: Any, ctm: Any) -> None:
            self.glyphs = []
            if not hasattr(self, "chars"):
                self.chars = {}
            super().begin_page(page, ctm)

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
            # pdfminer's loop, inlined: one glyph tuple per character, no per-glyph matrix.
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
                        try:
                            text = font.to_unichr(cid)
                        except Exception:  # PDFUnicodeNotDefined, broken CMaps
                            text = self.handle_undefined_char(font, cid)
                        entry = cache[cid] = (text, float(font.char_width(cid)))
                    adv = entry[1] * scale
                    if upright:
                        x0 = a * x + e
                        glyphs.append(new(_Glyph, (entry[0], x0, x0 + a * adv, base, size)))
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    spaced = True
            return (x, y)

    _DEVICE.append(GlyphAggregator)
    return GlyphAggregator


# A content-stream lexer with pdfminer's token rules, one regex match per token (pdfminer's own
# tokenizer walks a state machine per character and is most of the time for a long document).
_CONTENT_TOKEN_RE = re.compile(
    rb"[\s\x00]*(?:"
    rb"(%[^\r\n]*)"  # 1 comment
    rb"|/([^/%\[\]()<>{}\s]*)"  # 2 name, "#xx" escapes decoded afterwards
    rb"|([-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*)"  # 3 number
    rb"|([A-Za-z][^#/%\[\]()<>{}\s]*)"  # 4 operator, true, false
    rb"|\(([^()\\]*)\)"  # 5 string without escapes or nested parentheses
    rb"|(\()"  # 6 any other string
    rb"|(<<)"  # 7
    rb"|<([0-9A-Fa-f\s]*)"  # 8 hex string; its ">" is read next, as group 10
    rb"|(>>)"  # 9
    rb"|(>)"  # 10
    rb"|(.)"  # 11 a one-byte operator: [ ] { } ' " …
    rb")",
    re.DOTALL,
)
_NAME_ESCAPE_RE = re.compile(rb"#([0-9a-fA-F]{0,2})")
_STRING_STOP_RE = re.compile(rb"[()\\]")
_STRING_ESCAPES = {ord(k): v for k, v in zip("btnfr()\\", b"\b\t\n\f\r()\\", strict=True)}
_OCTAL = frozenset(b"01234567")
_WHITESPACE = frozenset(b" \t\n\r\x0b\x0c")
_TRAILING_EOL_RE = re.compile(rb"(\x0d\x0a|[\x0d\x0a])$")
_INLINE_IMAGE_OPERATORS = frozenset((b"BI", b"ID"))


class _ContentEnd(Exception):
    """The content ends inside inline image data (pdfminer drops the rest of the page)."""


def _name_byte(match: re.Match[bytes]) -> bytes:
    return bytes((int(match.group(1), 16),)) if match.group(1) else b""


def _string(data: bytes, start: int) -> tuple[bytes | None, int]:
    """A literal string from after its "(": its bytes (None if unterminated) and the end.

    pdfminer's rules: balanced parentheses nest, an unknown escape drops the character, a
    backslash before an end of line joins the lines.
    """
    out = bytearray()
    depth = 1
    index = start
    size = len(data)
    while True:
        match = _STRING_STOP_RE.search(data, index)
        if match is None:
            return None, size
        stop = match.start()
        out += data[index:stop]
        char = data[stop]
        index = stop + 1
        if char == 0x28:  # (
            depth += 1
            out.append(char)
        elif char == 0x29:  # )
            depth -= 1
            if not depth:
                return bytes(out), index
            out.append(char)
        else:  # backslash
            end = index
            while end < size and end - index < 3 and data[end] in _OCTAL:
                end += 1
            if end > index:
                # pdfminer asserts < 256 and fails the whole page; keep the low byte instead.
                out.append(int(data[index:end], 8) & 0xFF)
                index = end
            elif index < size:
                escape = _STRING_ESCAPES.get(data[index])
                if escape is not None:
                    out.append(escape)
                elif data[index : index + 2] == b"\r\n":
                    index += 1
                index += 1


def _inline_data(data: bytes, start: int, target: bytes) -> tuple[bytes, int]:
    """Inline image bytes from `start` up to `target` and one whitespace; and where to go on.

    pdfminer's `get_inline_data`, quirks included. Raises `_ContentEnd` without an end.
    """
    matched = 0
    index = start
    size = len(data)
    first = target[0]
    while matched <= len(target):
        if matched:
            if index >= size:
                raise _ContentEnd
            char = data[index]
            index += 1
            if (matched >= len(target) and char in _WHITESPACE) or (
                matched < len(target) and char == target[matched]
            ):
                matched += 1
            else:
                matched = 0
        else:
            found = data.find(first, index)
            if found < 0:
                raise _ContentEnd
            index = found + 1
            matched = 1
    payload = data[start : index - (len(target) + 1)]
    return _TRAILING_EOL_RE.sub(b"", payload), index


_INTERPRETER: list[Any] = []


def _interpreter_class(pdfinterp: Any, psparser: Any, pdftypes: Any) -> Any:
    """A page interpreter that reads content streams with `_CONTENT_TOKEN_RE`.

    It runs the operators exactly as pdfminer's `execute` does (same operands, same order,
    arrays, dictionaries and inline images built the same way), without pdfminer's
    per-character tokenizer, per-token debug logging and per-operator method lookup.
    """
    if _INTERPRETER:
        return _INTERPRETER[0]
    literal = psparser.LIT
    keyword = psparser.KWD
    literal_name = psparser.literal_name
    resolve1 = pdftypes.resolve1
    stream_class = pdftypes.PDFStream
    ascii85 = pdfinterp.LITERALS_ASCII85_DECODE
    bi_keyword, ei_keyword = keyword(b"BI"), keyword(b"EI")
    log = pdfinterp.log

    class FastInterpreter(pdfinterp.PDFPageInterpreter):  # type: ignore[misc]
        def execute(self, streams: Sequence[object]) -> None:
            valid: list[Any] = []
            self.stream_ids.clear()
            for obj in streams:
                stream = pdftypes.stream_value(obj)
                if stream.objid is None:
                    log.warning("Execute called on non-indirect object (inline image?) %r", stream)
                    continue
                if stream.objid in self.parent_stream_ids:
                    log.warning(
                        "Refusing to execute circular reference to content stream %d",
                        stream.objid,
                    )
                else:
                    valid.append(stream)
                    self.stream_ids.add(stream.objid)
            if valid:
                # pdfminer ends a token cut by a stream boundary as if by a newline.
                data = b"\n".join(stream.get_data() for stream in valid)
                with contextlib.suppress(_ContentEnd):
                    self._run(data)

        def _run(self, data: bytes) -> None:
            operators: dict[bytes, tuple[Any, int] | None] = {}
            # Open arrays, dictionaries, procedures, inline image dictionaries:
            # (kind, items); at the top level operands go to the interpreter's stack.
            context: list[tuple[str, list[Any]]] = []
            scan = _CONTENT_TOKEN_RE.finditer
            size = len(data)
            position = 0
            # One pass of finditer per stretch of plain tokens (every byte is matched, so it
            # never skips anything); a string with escapes or inline image data moves
            # `position` past what the regex cannot read, and the scan restarts there.
            while True:
                for match in scan(data, position):
                    group = match.lastindex or 0  # every alternative is one group: never 0
                    value: Any
                    if group == 3:
                        text = match.group(3)
                        try:
                            value = float(text) if b"." in text else int(text)
                        except ValueError:
                            continue
                    elif group == 4:
                        name = match.group(4)
                        if name == b"true":
                            value = True
                        elif name == b"false":
                            value = False
                        elif context or name in _INLINE_IMAGE_OPERATORS:
                            token = keyword(name)
                            result = self._keyword(token, context, data, match.start(4))
                            if isinstance(result, int):
                                position = result
                                break
                            if result is not None:
                                self._emit(result, context)
                            continue
                        else:
                            if name in operators:
                                entry = operators[name]
                            else:
                                entry = operators[name] = self._operator(name)
                            if entry is not None:
                                method, count = entry
                                if count:
                                    stack = self.argstack
                                    args = stack[-count:]
                                    del stack[-count:]
                                    if len(args) == count:
                                        method(*args)
                                else:
                                    method()
                            continue
                    elif group == 5:
                        value = match.group(5)
                    elif group == 2:
                        raw = match.group(2)
                        if b"#" in raw:
                            raw = _NAME_ESCAPE_RE.sub(_name_byte, raw)
                        try:
                            value = literal(raw.decode("utf-8"))
                        except UnicodeDecodeError:
                            value = literal(raw)
                    elif group == 8:
                        if match.end() >= size:
                            return  # unterminated at the end: pdfminer drops it
                        digits = match.group(8).translate(None, b" \t\n\r\x0b\x0c")
                        value = bytes.fromhex(digits[: len(digits) // 2 * 2].decode())
                        if len(digits) % 2:
                            value += bytes((int(digits[-1:], 16),))
                    elif group == 6:
                        value, position = _string(data, match.end())
                        if value is None:
                            return
                        self._emit(value, context)
                        break
                    elif group in (1, 10):
                        continue
                    else:
                        token = keyword(match.group(group))
                        result = self._keyword(token, context, data, match.start(group))
                        if isinstance(result, int):
                            position = result
                            break
                        if result is not None:
                            self._emit(result, context)
                        continue
                    if context:
                        context[-1][1].append(value)
                    else:
                        self.argstack.append(value)
                else:
                    return

        def _operator(self, name: bytes) -> tuple[Any, int] | None:
            """The bound `do_…` method for an operator and its operand count, as pdfminer."""
            text = str(name, "utf-8", "ignore")
            attribute = "do_" + text.replace("*", "_a").replace('"', "_w").replace("'", "_q")
            method = getattr(self, attribute, None)
            if method is None:
                return None
            return method, method.__code__.co_argcount - 1

        def _emit(self, value: Any, context: list[tuple[str, list[Any]]]) -> None:
            if context:
                context[-1][1].append(value)
            elif isinstance(value, psparser.PSKeyword):
                entry = self._operator(value.name)
                if entry is not None:
                    method, count = entry
                    if count:
                        args = self.pop(count)
                        if len(args) == count:
                            method(*args)
                    else:
                        method()
            else:
                self.argstack.append(value)

        def _keyword(
            self, token: Any, context: list[tuple[str, list[Any]]], data: bytes, start: int
        ) -> Any:
            """Structure keywords and inline images, as pdfminer's stack parser treats them.

            Returns a value to emit, None for nothing, or an int: where to read on (after
            inline image data, whose stream and EI have been emitted).
            """
            name = token.name
            opening = {b"[": "a", b"<<": "d", b"{": "p"}.get(name)
            if opening is not None:
                context.append((opening, []))
                return None
            closing = {b"]": "a", b">>": "d", b"}": "p"}.get(name)
            if closing is not None:
                if not context or context[-1][0] != closing:
                    return None  # pdfminer ignores the mismatch
                items = context.pop()[1]
                if closing != "d":
                    return items
                if len(items) % 2:
                    raise psparser.PSSyntaxError(f"Invalid dictionary construct: {items!r}")
                pairs = zip(items[::2], items[1::2], strict=True)
                return {literal_name(k): v for k, v in pairs if v is not None}
            if token is bi_keyword:
                context.append(("inline", []))
                return None
            if name == b"ID" and context and context[-1][0] == "inline":
                items = context.pop()[1]
                if len(items) % 2:
                    return None  # pdfminer ignores it
                pairs = zip(items[::2], items[1::2], strict=True)
                spec = {literal_name(k): resolve1(v) for k, v in pairs}
                end = b"EI"
                filters = spec.get("F")
                if filters is not None:
                    if isinstance(filters, psparser.PSLiteral):
                        filters = [filters]
                    if filters[0] in ascii85:
                        end = b"~>"
                payload, position = _inline_data(data, start + len(b"ID "), end)
                if end != b"EI":
                    payload += end
                self._emit(stream_class(spec, payload), context)
                if end == b"EI":
                    self._emit(ei_keyword, context)
                return position
            if name == b"ID":
                return None  # no open inline image: pdfminer ignores it
            return token

    _INTERPRETER.append(FastInterpreter)
    return FastInterpreter


def _read_pages(data: bytes) -> list[_Page]:
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
        interpreter = _interpreter_class(pdfinterp, psparser, pdftypes)(manager, device)
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
    number: int, page: Any, result: Any, glyphs: list[_Glyph], layout: Any, pdftypes: Any
) -> _Page:
    rules: list[_Rule] = []
    stack = list(result)
    shapes = (layout.LTLine, layout.LTRect, layout.LTCurve)
    while stack:
        item = stack.pop()
        if isinstance(item, layout.LTFigure):
            stack.extend(item)
        elif isinstance(item, shapes):
            x0, y0, x1, y1 = item.bbox
            if y1 - y0 <= 1.5 and x1 - x0 >= 20:
                rules.append(_Rule(x0, x1, (y0 + y1) / 2))
    x0, y0, x1, y1 = result.bbox
    links = list(_links(page, pdftypes))
    return _Page(number, x1 - x0, y1 - y0, _group_lines(number, glyphs), rules, links)


def _links(page: Any, pdftypes: Any) -> Iterable[_Link]:
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
        yield _Link(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), uri.strip())


# ---------------------------------------------------------------------------------------------
# Lines and superscripts


def _group_lines(page: int, glyphs: list[_Glyph]) -> list[_Line]:
    """Group glyphs into lines by baseline; a raised smaller glyph joins the line below it."""
    ordered = sorted(glyphs, key=lambda g: (-round(g.base, 1), g.x0))
    lines: list[_Line] = []
    current: list[_Glyph] = []
    anchor_base = anchor_size = 0.0
    for glyph in ordered:
        if current and abs(anchor_base - glyph.base) <= 0.55 * max(anchor_size, glyph.size):
            current.append(glyph)
            if glyph.size > anchor_size:
                anchor_base, anchor_size = glyph.base, glyph.size
            continue
        if current:
            lines.append(_make_line(page, current))
        current = [glyph]
        anchor_base, anchor_size = glyph.base, glyph.size
    if current:
        lines.append(_make_line(page, current))
    return [line for line in lines if line.text]


def _make_line(page: int, glyphs: list[_Glyph]) -> _Line:
    glyphs.sort(key=_X0)
    visible = [g for g in glyphs if g.text.strip()] or glyphs
    size = Counter(round(g.size, 1) for g in visible).most_common(1)[0][0]
    base = statistics.median(g.base for g in visible if round(g.size, 1) == size)
    line = _Line(page, glyphs, base, size)
    line.tokens = _tokens(glyphs, base, size)
    return line


def _is_superscript(glyph: _Glyph, base: float, size: float) -> bool:
    return glyph.size <= 0.85 * size and glyph.base - base >= 0.12 * size


def _tokens(glyphs: list[_Glyph], base: float, size: float) -> list[str | int]:
    """Text with spaces from gaps, and runs of superscript digits as numbers."""
    tokens: list[str | int] = []
    text: list[str] = []
    sup: list[str] = []
    previous: _Glyph | None = None

    def flush_sup() -> None:
        run = "".join(sup).strip()
        sup.clear()
        if not run:
            return
        if _MARKER_RUN_RE.match(run):
            if text:
                tokens.append("".join(text))
                text.clear()
            tokens.extend(int(n) for n in re.split(r"[,;]\s*", run))
        else:
            text.append(run)

    for glyph in glyphs:
        gap = previous is not None and glyph.x0 - previous.x1 > 0.2 * min(glyph.size, previous.size)
        if _is_superscript(glyph, base, size) and glyph.text.strip():
            if gap and sup:
                flush_sup()
            sup.append(glyph.text)
            previous = glyph
            continue
        flush_sup()
        if glyph.text.isspace() or not glyph.text:
            if text and not text[-1].endswith(" "):
                text.append(" ")
        else:
            if gap and text and not text[-1].endswith(" "):
                text.append(" ")
            elif gap and not text and tokens:
                text.append(" ")
            text.append(glyph.text)
        previous = glyph
    flush_sup()
    if text:
        tokens.append("".join(text))
    return tokens


# ---------------------------------------------------------------------------------------------
# Furniture and footnote areas


def _body_size(pages: Sequence[_Page]) -> float:
    counts: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            counts[line.size] += len(line.glyphs)
    return counts.most_common(1)[0][0] if counts else 10.0


def _mark_furniture(pages: Sequence[_Page]) -> None:
    """Page numbers, running heads and feet, watermark lines."""
    bands: Counter[str] = Counter()
    keys: dict[int, str] = {}
    for page in pages:
        for line in page.lines:
            if _in_band(line, page):
                key = _DIGITS_RE.sub("#", line.text)
                keys[id(line)] = key
                bands[key] += 1
    repeated = 2 if len(pages) >= 2 else 10**9
    for page in pages:
        for line in page.lines:
            text = line.text
            if WATERMARK_RE.search(text) and len(text) < 80:
                line.kind = "furniture"
            elif id(line) in keys and (
                _PAGE_NUMBER_RE.match(text)
                or bands[keys[id(line)]] >= repeated
                or _DRUCKSACHE_RE.search(text)
            ):
                line.kind = "furniture"


def _in_band(line: _Line, page: _Page) -> bool:
    return line.base > page.height * 0.88 or line.base < page.height * 0.09


def _separator(page: _Page, body_size: float) -> float | None:
    """The y of the footnote separator rule, if the page has one."""
    content = [line for line in page.lines if line.kind != "furniture"]
    if not content:
        return None
    left = min(line.x0 for line in content)
    candidates = []
    for rule in page.rules:
        if abs(rule.x0 - left) > 6 or rule.x1 - rule.x0 > 0.5 * page.width:
            continue
        if rule.y > page.height * 0.75:
            continue
        # An underline hugs the text above it; a separator has space above and notes below.
        above = [ln for ln in content if 0 < ln.base - rule.y < 0.6 * ln.size]
        below = [ln for ln in content if ln.base < rule.y]
        if above or not below:
            continue
        first = max(below, key=lambda ln: ln.base)
        if first.size > body_size * 0.95 or not _starts_with_number(first):
            continue
        candidates.append(rule.y)
    return max(candidates) if candidates else None


def _starts_with_number(line: _Line) -> bool:
    first = next((t for t in line.tokens if not (isinstance(t, str) and not t.strip())), None)
    if isinstance(first, int):
        return True
    return isinstance(first, str) and _LEADING_NUMBER_RE.match(first.lstrip()) is not None


def _mark_notes(page: _Page, body_size: float) -> None:
    """Mark the lines of the page's footnote area."""
    rule = _separator(page, body_size)
    content = [line for line in page.lines if line.kind != "furniture"]
    if rule is not None:
        for line in content:
            if line.base < rule:
                line.kind = "note"
        return
    # No rule: the bottom block of smaller type that starts with a superscript number.
    block: list[_Line] = []
    for line in reversed(content):
        if line.size > body_size * 0.92:
            break
        block.append(line)
    while block and not (block[-1].tokens and isinstance(_first_token(block[-1]), int)):
        block.pop()
    for line in block:
        line.kind = "note"


def _first_token(line: _Line) -> str | int | None:
    return next((t for t in line.tokens if not (isinstance(t, str) and not t.strip())), None)


# ---------------------------------------------------------------------------------------------
# Definitions and body


@dataclass(slots=True)
class _Note:
    number: int
    line: int
    parts: list[str]
    places: list[_Line]


def _notes(pages: Sequence[_Page], numbering: dict[int, int]) -> list[_Note]:
    """Definitions from the footnote areas, in order; continuation lines joined with "\\n"."""
    notes: list[_Note] = []
    for page in pages:
        for line in page.lines:
            if line.kind != "note":
                continue
            number, rest = _definition_start(line, notes[-1].number if notes else 0)
            if number is not None:
                notes.append(_Note(number, numbering[id(line)], [rest], [line]))
            elif notes:
                notes[-1].parts.append(line.text)
                notes[-1].places.append(line)
    return notes


def _definition_start(line: _Line, last: int) -> tuple[int | None, str]:
    tokens = [t for t in line.tokens if not (isinstance(t, str) and not t.strip())]
    if tokens and isinstance(tokens[0], int):
        rest = "".join(t if isinstance(t, str) else str(t) for t in tokens[1:])
        return tokens[0], rest.strip()
    text = line.text
    match = _LEADING_NUMBER_RE.match(text)
    if match and int(match.group(1)) == last + 1:
        return int(match.group(1)), text[match.end() :].strip()
    return None, text


def _apply_links(note: _Note, links: Sequence[_Link], text: str) -> str:
    """Make each annotated URI whole in the text, or append it as "<URI>"."""
    uris: list[str] = []
    for link in links:
        for line in note.places:
            if _link_on_line(link, line) and link.uri not in uris:
                uris.append(link.uri)
    for uri in uris:
        if not uri.lower().startswith(("http://", "https://", "ftp://", "www.")):
            continue
        fixed = _join_uri(text, uri)
        if fixed is not None:
            text = fixed
        elif _ALNUM_RE.sub("", _bare(uri).lower()) not in _ALNUM_RE.sub("", text.lower()):
            text = f"{text}\n<{uri}>"
    return text


def _link_on_line(link: _Link, line: _Line) -> bool:
    top = line.base + line.size * 0.8
    bottom = line.base - line.size * 0.2
    overlap_y = min(link.y1, top) - max(link.y0, bottom)
    overlap_x = min(link.x1, line.glyphs[-1].x1) - max(link.x0, line.glyphs[0].x0)
    return overlap_y > 0.3 * line.size and overlap_x > 0


def _bare(uri: str) -> str:
    return _SCHEME_RE.sub("", uri).rstrip("/")


def _join_uri(text: str, uri: str) -> str | None:
    """`text` with the line breaks inside the URI's wrapped occurrence removed, else None."""
    for candidate in dict.fromkeys((_bare(uri), _bare(unquote(uri)))):
        if not candidate:
            continue
        if candidate in text:
            return text
        pattern = r"(?:-?\n)?".join(re.escape(ch) for ch in candidate)
        match = re.search(pattern, text)
        if match:
            whole = match.group(0)
            # Keep hyphens the URI has; drop those the line break added.
            repaired = _strip_breaks(whole, candidate)
            return text[: match.start()] + repaired + text[match.end() :]
    return None


def _strip_breaks(found: str, uri: str) -> str:
    out: list[str] = []
    position = 0
    index = 0
    while index < len(found):
        char = found[index]
        if char == "\n":
            index += 1
            continue
        if (
            char == "-"
            and found[index + 1 : index + 2] == "\n"
            and uri[position : position + 1] != "-"
        ):
            index += 1
            continue
        out.append(char)
        position += 1
        index += 1
    return "".join(out)


def pdf_layout(data: bytes) -> Layout:
    """Split a PDF into body, markers and footnote definitions.

    Raises `UnreadableDocument` (damaged, encrypted, no text layer) or `UnsupportedFormat`
    (the pdf extra is not installed).
    """
    pages = _read_pages(data)
    if not any(page.lines for page in pages):
        raise UnreadableDocument("no text layer (scanned PDF?)")
    body_size = _body_size(pages)
    _mark_furniture(pages)
    for page in pages:
        _mark_notes(page, body_size)
    # Line numbers over the extracted text: body lines, then note lines, page by page.
    numbering: dict[int, int] = {}
    ordered: list[_Line] = []
    for page in pages:
        for kind in ("body", "note"):
            for line in page.lines:
                if line.kind == kind:
                    ordered.append(line)
                    numbering[id(line)] = len(ordered)
    notes = _notes(pages, numbering)
    links = {page.number: page.links for page in pages}
    definitions = []
    for note in notes:
        text = "\n".join(part for part in note.parts if part)
        page_links = [link for p in {ln.page for ln in note.places} for link in links[p]]
        text = _apply_links(note, page_links, text)
        definitions.append(
            RawDefinition(note.number, str(note.number), note.line, text, page=note.places[0].page)
        )
    known = frozenset(note.number for note in notes)
    marker_pages: list[int] = []
    builder = _body(pages, numbering, known, body_size, marker_pages)
    layout = builder.build("pdf", definitions)
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


def _body(
    pages: Sequence[_Page],
    numbering: dict[int, int],
    known: frozenset[int],
    body_size: float,
    marker_pages: list[int],
) -> BodyBuilder:
    """The body text of every page; appends the page of each marker to `marker_pages`."""
    builder = BodyBuilder()
    previous: _Line | None = None
    pitch = _pitch(pages, body_size)
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
                heading = line.size > body_size * 1.15 or previous.size > body_size * 1.15
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


def _pitch(pages: Sequence[_Page], body_size: float) -> float:
    gaps: list[float] = []
    for page in pages:
        body = [ln for ln in page.lines if ln.kind == "body" and ln.size == body_size]
        gaps.extend(a.base - b.base for a, b in itertools.pairwise(body) if a.base > b.base)
    return statistics.median(gaps) if gaps else body_size * 1.2


def _emit(
    builder: BodyBuilder, line: _Line, known: frozenset[int], marker_pages: list[int]
) -> None:
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
        """A PDF by its magic bytes (%PDF- within the first KiB, as readers allow)."""
        return b"%PDF-" in data[:1024]

    def parse(self, data: bytes, path: str) -> Document:
        """Parse a PDF document."""
        return build_document(path, pdf_layout(data))
