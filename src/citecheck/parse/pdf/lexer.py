"""The content-stream lexer: pdfminer's token rules, one regex match per token.

pdfminer's own tokenizer walks a state machine per character and was most of the time of a
long document; `interpreter` runs the tokens read here.
"""

from __future__ import annotations

import re

CONTENT_TOKEN_RE = re.compile(
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
"""One token per match; every alternative is one group, so `match.lastindex` says which."""

_NAME_ESCAPE_RE = re.compile(rb"#([0-9a-fA-F]{0,2})")
_STRING_STOP_RE = re.compile(rb"[()\\]")
_STRING_ESCAPES = {ord(k): v for k, v in zip("btnfr()\\", b"\b\t\n\f\r()\\", strict=True)}
_OCTAL = frozenset(b"01234567")
_WHITESPACE = frozenset(b" \t\n\r\x0b\x0c")
_TRAILING_EOL_RE = re.compile(rb"(\x0d\x0a|[\x0d\x0a])$")


class ContentEnd(Exception):
    """The content ends inside inline image data (pdfminer drops the rest of the page)."""


def _name_byte(match: re.Match[bytes]) -> bytes:
    return bytes((int(match.group(1), 16),)) if match.group(1) else b""


def name_bytes(raw: bytes) -> bytes:
    """A name token's bytes with its "#xx" escapes decoded (an invalid escape drops)."""
    return _NAME_ESCAPE_RE.sub(_name_byte, raw) if b"#" in raw else raw


def hex_string(digits: bytes) -> bytes:
    """The bytes of a hex string's digits; an odd last digit is its own byte, as pdfminer."""
    digits = digits.translate(None, b" \t\n\r\x0b\x0c")
    value = bytes.fromhex(digits[: len(digits) // 2 * 2].decode())
    if len(digits) % 2:
        value += bytes((int(digits[-1:], 16),))
    return value


def literal_string(data: bytes, start: int) -> tuple[bytes | None, int]:
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
        else:
            index = _escape(data, index, out)


def _escape(data: bytes, index: int, out: bytearray) -> int:
    """Read the escape after a backslash at `index - 1` into `out`; where to read on."""
    size = len(data)
    end = index
    while end < size and end - index < 3 and data[end] in _OCTAL:
        end += 1
    if end > index:
        # pdfminer asserts < 256 and fails the whole page; keep the low byte instead.
        out.append(int(data[index:end], 8) & 0xFF)
        return end
    if index < size:
        escape = _STRING_ESCAPES.get(data[index])
        if escape is not None:
            out.append(escape)
        elif data[index : index + 2] == b"\r\n":
            index += 1
        index += 1
    return index


def inline_data(data: bytes, start: int, target: bytes) -> tuple[bytes, int]:
    """Inline image bytes from `start` up to `target` and one whitespace; and where to go on.

    pdfminer's `get_inline_data`, quirks included. Raises `ContentEnd` without an end.
    """
    matched = 0
    index = start
    size = len(data)
    first = target[0]
    while matched <= len(target):
        if matched:
            if index >= size:
                raise ContentEnd
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
                raise ContentEnd
            index = found + 1
            matched = 1
    payload = data[start : index - (len(target) + 1)]
    return _TRAILING_EOL_RE.sub(b"", payload), index
