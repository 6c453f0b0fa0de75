"""Indented JSON text, written as `json.dumps(value, ensure_ascii=False, indent=…)` writes it,
in a fraction of its time (the standard library indents in pure Python, through a generator
per nesting level), and gathered as UTF-8 so a large report's text is held once."""

from __future__ import annotations

from json.encoder import encode_basestring  # the C function where there is one
from typing import Any

__all__ = ["dumps_indented", "dumps_indented_utf8"]

_FLUSH_AT = 4096
"""Pieces gathered before they are joined and encoded (bounds the list of small strings)."""


def _float(value: float) -> str:
    """A float as `json` writes it (`allow_nan`: NaN and the infinities as JavaScript names)."""
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


class _Writer:
    """The text of one value: pieces gathered in `parts`, flushed as UTF-8 into `out`."""

    def __init__(self, indent: str) -> None:
        self.indent = indent
        self.parts: list[str] = []
        self.out = bytearray()
        # String keys as written, `"key": ` (a report repeats a few dozen keys many times).
        self.keys: dict[str, str] = {}

    def flush(self) -> None:
        """Move the gathered pieces into `out` (lone surrogates kept, as `json` keeps them)."""
        self.out += "".join(self.parts).encode("utf-8", "surrogatepass")
        self.parts.clear()

    def value(self, value: Any, pad: str) -> None:
        """Write `value`; `pad` is the newline and indentation of its own level."""
        append = self.parts.append
        if isinstance(value, str):
            append(encode_basestring(value))
        elif value is None:
            append("null")
        elif value is True:
            append("true")
        elif value is False:
            append("false")
        elif isinstance(value, int):
            append(int.__repr__(value))
        elif isinstance(value, float):
            append(_float(value))
        elif isinstance(value, (list, tuple)):
            self.array(value, pad)
        elif isinstance(value, dict):
            self.object(value, pad)
        else:
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    def array(self, items: list[Any] | tuple[Any, ...], pad: str) -> None:
        """A list: `[]` when empty, else one item a line, one level deeper."""
        if not items:
            self.parts.append("[]")
            return
        inner = pad + self.indent
        separator = "[" + inner
        for item in items:
            self.parts.append(separator)
            self.value(item, inner)
            separator = "," + inner
            if len(self.parts) > _FLUSH_AT:
                self.flush()
        self.parts.append(pad + "]")

    def object(self, mapping: dict[Any, Any], pad: str) -> None:
        """A dict: `{}` when empty, else one `"key": value` a line, one level deeper."""
        if not mapping:
            self.parts.append("{}")
            return
        inner = pad + self.indent
        separator = "{" + inner
        append, value, keys = self.parts.append, self.value, self.keys
        for key, item in mapping.items():
            written = keys.get(key) if type(key) is str else None
            if written is None:
                written = _key(key) + ": "
                if type(key) is str:
                    keys[key] = written
            append(separator + written)
            # The common leaves inline: the call per value is most of the time otherwise.
            kind = type(item)
            if kind is str:
                append(encode_basestring(item))
            elif item is None:
                append("null")
            elif kind is int:
                append(int.__repr__(item))
            elif item is True:
                append("true")
            elif item is False:
                append("false")
            else:
                value(item, inner)
            separator = "," + inner
        append(pad + "}")


def _key(key: Any) -> str:
    """A dict key as `json` writes it: strings as they are, numbers, booleans and None named."""
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True or key is False or key is None:
        return encode_basestring({True: "true", False: "false", None: "null"}[key])
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def dumps_indented(value: Any, indent: int | str, end: str = "") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=indent) + end`, the same text: no
    `default`, no key sorting, NaN allowed, no check for circular data (contract data has
    none). Lists are read once, in order (`render.json._Lazy` makes its items as read)."""
    return dumps_indented_utf8(value, indent, end).decode("utf-8", "surrogatepass")


def dumps_indented_utf8(value: Any, indent: int | str, end: str = "") -> bytearray:
    """`dumps_indented(value, indent, end)` encoded as UTF-8 (lone surrogates as
    "surrogatepass" writes them), without ever holding it as a `str`: a report with a
    character beyond Latin-1 is held as 2 bytes a character as text, ~1 as UTF-8."""
    step = " " * indent if isinstance(indent, int) else indent
    writer = _Writer(step)
    writer.value(value, "\n")
    writer.parts.append(end)
    writer.flush()
    return writer.out
