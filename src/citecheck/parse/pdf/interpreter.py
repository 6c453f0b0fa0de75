"""The content-stream interpreter: pdfminer's operator semantics over `lexer`'s tokens.

Same operators, operands and order as pdfminer's `execute` (differential tests hold it to that),
without its per-character tokenizer, per-token logging and per-operator method lookup.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from citecheck.parse.pdf.lexer import (
    CONTENT_TOKEN_RE,
    ContentEnd,
    hex_string,
    inline_data,
    literal_string,
    name_bytes,
)

_INLINE_IMAGE_OPERATORS = frozenset((b"BI", b"ID"))
_OPENING = {b"[": "a", b"<<": "d", b"{": "p"}
_CLOSING = {b"]": "a", b">>": "d", b"}": "p"}

#: Open arrays, dictionaries, procedures, inline image dictionaries: (kind, items); at the top
#: level operands go to the interpreter's stack.
_Context = list[tuple[str, list[Any]]]
#: Operator name → its bound `do_…` method and operand count (None: no such operator).
_Operators = dict[bytes, tuple[Any, int] | None]
_CONSTANTS = {b"true": True, b"false": False}


@dataclass(frozen=True, slots=True)
class _Pdfminer:
    """The pdfminer names the interpreter uses (pdfminer is imported lazily)."""

    psparser: Any
    pdftypes: Any
    log: Any
    ascii85: Any
    bi_keyword: Any
    ei_keyword: Any


class FastExecution:
    """The `execute` of pdfminer's `PDFPageInterpreter`, reading streams with the regex lexer.

    Mixed into pdfminer's class by `interpreter_class`, which sets `pdfminer`.
    """

    pdfminer: ClassVar[_Pdfminer]
    argstack: list[Any]
    stream_ids: set[int]
    parent_stream_ids: set[int]

    def execute(self, streams: Sequence[object]) -> None:
        """Run the content streams (pdfminer's entry point)."""
        miner = self.pdfminer
        valid: list[Any] = []
        self.stream_ids.clear()
        for obj in streams:
            stream = miner.pdftypes.stream_value(obj)
            if stream.objid is None:
                miner.log.warning(
                    "Execute called on non-indirect object (inline image?) %r", stream
                )
                continue
            if stream.objid in self.parent_stream_ids:
                miner.log.warning(
                    "Refusing to execute circular reference to content stream %d", stream.objid
                )
            else:
                valid.append(stream)
                self.stream_ids.add(stream.objid)
        if valid:
            # pdfminer ends a token cut by a stream boundary as if by a newline.
            data = b"\n".join(stream.get_data() for stream in valid)
            with contextlib.suppress(ContentEnd):
                self._run(data)

    def _run(self, data: bytes) -> None:
        """Run one joined content stream.

        One pass of finditer per stretch of plain tokens (every byte is matched, so it never
        skips anything); a string with escapes or inline image data moves the position past
        what the regex cannot read, and the scan restarts there.
        """
        operators: _Operators = {}
        context: _Context = []
        position = 0
        while position >= 0:
            position = self._scan(data, position, context, operators)

    def _scan(self, data: bytes, position: int, context: _Context, operators: _Operators) -> int:
        """Run tokens from `position`; where to restart the scan, or -1 at the end.

        The hot loop of a PDF: one branch per token kind, numbers and operators handled inline
        (no call per token); rare tokens go to helpers.
        """
        literal = self.pdfminer.psparser.LIT
        for match in CONTENT_TOKEN_RE.finditer(data, position):
            group = match.lastindex or 0  # every alternative is one group: never 0
            value: Any
            if group == 3:
                text = match.group(3)
                try:
                    value = float(text) if b"." in text else int(text)
                except ValueError:
                    continue
            elif group == 4 and (name := match.group(4)) in _CONSTANTS:
                value = _CONSTANTS[name]
            elif group == 4 and not context and name not in _INLINE_IMAGE_OPERATORS:
                entry = operators[name] if name in operators else self._cached(operators, name)
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
                value = _literal(literal, name_bytes(match.group(2)))
            elif group == 8:
                if match.end() >= len(data):
                    return -1  # unterminated at the end: pdfminer drops it
                value = hex_string(match.group(8))
            elif group == 6:
                string, restart = literal_string(data, match.end())
                if string is not None:
                    self._emit(string, context)
                return restart if string is not None else -1
            elif group in (1, 10):
                continue
            else:  # structure: [ ] << >> { } BI ID, and operators inside a structure
                restart = self._structure(match.group(group), context, data, match.start(group))
                if restart >= 0:
                    return restart
                continue
            if context:
                context[-1][1].append(value)
            else:
                self.argstack.append(value)
        return -1

    def _cached(self, operators: _Operators, name: bytes) -> tuple[Any, int] | None:
        entry = operators[name] = self._operator(name)
        return entry

    def _operator(self, name: bytes) -> tuple[Any, int] | None:
        """The bound `do_…` method for an operator and its operand count, as pdfminer."""
        text = str(name, "utf-8", "ignore")
        attribute = "do_" + text.replace("*", "_a").replace('"', "_w").replace("'", "_q")
        method = getattr(self, attribute, None)
        if method is None:
            return None
        return method, method.__code__.co_argcount - 1

    def _emit(self, value: Any, context: _Context) -> None:
        """Pass a value on: into the open structure, to its operator, or onto the stack."""
        if context:
            context[-1][1].append(value)
        elif isinstance(value, self.pdfminer.psparser.PSKeyword):
            entry = self._operator(value.name)
            if entry is not None:
                method, count = entry
                if count:
                    args = self.pop(count)  # type: ignore[attr-defined]
                    if len(args) == count:
                        method(*args)
                else:
                    method()
        else:
            self.argstack.append(value)

    def _structure(self, name: bytes, context: _Context, data: bytes, start: int) -> int:
        """Handle a structure keyword or inline image at `start`; where to restart, or -1."""
        result = self._keyword(self.pdfminer.psparser.KWD(name), context, data, start)
        if isinstance(result, int):
            return result
        if result is not None:
            self._emit(result, context)
        return -1

    def _keyword(self, token: Any, context: _Context, data: bytes, start: int) -> Any:
        """Structure keywords and inline images, as pdfminer's stack parser treats them.

        Returns a value to emit, None for nothing, or an int: where to read on (after
        inline image data, whose stream and EI have been emitted).
        """
        name = token.name
        opening = _OPENING.get(name)
        if opening is not None:
            context.append((opening, []))
            return None
        closing = _CLOSING.get(name)
        if closing is not None:
            if not context or context[-1][0] != closing:
                return None  # pdfminer ignores the mismatch
            items = context.pop()[1]
            if closing != "d":
                return items
            if len(items) % 2:
                raise self.pdfminer.psparser.PSSyntaxError(
                    f"Invalid dictionary construct: {items!r}"
                )
            literal_name = self.pdfminer.psparser.literal_name
            pairs = zip(items[::2], items[1::2], strict=True)
            return {literal_name(k): v for k, v in pairs if v is not None}
        if token is self.pdfminer.bi_keyword:
            context.append(("inline", []))
            return None
        if name == b"ID" and context and context[-1][0] == "inline":
            return self._inline_image(context, data, start)
        if name == b"ID":
            return None  # no open inline image: pdfminer ignores it
        return token

    def _inline_image(self, context: _Context, data: bytes, start: int) -> int | None:
        """Emit the inline image whose "ID" is at `start` (and its EI); where to read on."""
        miner = self.pdfminer
        items = context.pop()[1]
        if len(items) % 2:
            return None  # pdfminer ignores it
        literal_name = miner.psparser.literal_name
        pairs = zip(items[::2], items[1::2], strict=True)
        spec = {literal_name(k): miner.pdftypes.resolve1(v) for k, v in pairs}
        end = b"EI"
        filters = spec.get("F")
        if filters is not None:
            if isinstance(filters, miner.psparser.PSLiteral):
                filters = [filters]
            if filters[0] in miner.ascii85:
                end = b"~>"
        payload, position = inline_data(data, start + len(b"ID "), end)
        if end != b"EI":
            payload += end
        self._emit(miner.pdftypes.PDFStream(spec, payload), context)
        if end == b"EI":
            self._emit(miner.ei_keyword, context)
        return position


def _literal(literal: Any, raw: bytes) -> Any:
    """A name token as pdfminer's literal: its UTF-8 text, or its bytes."""
    try:
        return literal(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return literal(raw)


_INTERPRETER: list[Any] = []


def interpreter_class(pdfinterp: Any, psparser: Any, pdftypes: Any) -> Any:
    """pdfminer's page interpreter with `FastExecution`'s `execute` (built once)."""
    if not _INTERPRETER:

        class FastInterpreter(FastExecution, pdfinterp.PDFPageInterpreter):  # type: ignore[misc]
            pdfminer = _Pdfminer(
                psparser,
                pdftypes,
                pdfinterp.log,
                pdfinterp.LITERALS_ASCII85_DECODE,
                psparser.KWD(b"BI"),
                psparser.KWD(b"EI"),
            )

        _INTERPRETER.append(FastInterpreter)
    return _INTERPRETER[0]
