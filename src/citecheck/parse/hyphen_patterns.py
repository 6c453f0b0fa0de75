"""Hyphenation points from pyphen's pattern files, each pattern read at its first look-up:
pyphen parses all of a language's patterns when it loads them (~0.5 s for German's 66,000),
while the URL-wrap rules ask about a handful of words (`wrap_hyphen.legal_break`).
"""

from __future__ import annotations

import re
from typing import Protocol

#: What pyphen skips in a pattern file (its `ignored`), and how it reads a line.
_IGNORED = (
    "%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN",
)  # fmt: skip
_HEX = re.compile(r"\^{2}([0-9a-f]{2})")
_PAIRS = re.compile(r"(\d?)(\D?)")
_DIGIT = re.compile(r"\d")
_DIGITS = b"0123456789"
_NOT_DIGITS = bytes(set(range(256)) - set(_DIGITS))


class _PatternFile(Protocol):
    """A pyphen dictionary file (a `Path` or an `importlib.resources` traversable)."""

    def open(self, mode: str) -> _Binary: ...

    def read_text(self, encoding: str) -> str: ...


class _Binary(Protocol):
    def readline(self) -> bytes: ...

    def __enter__(self) -> _Binary: ...

    def __exit__(self, *args: object) -> None: ...


class LazyHyphenator:
    """`pyphen.Pyphen(filename, left=left, right=right).positions`, with the patterns kept as
    written and each parsed at its first look-up (by pyphen's rules; the tests compare)."""

    def __init__(self, path: _PatternFile, left: int = 2, right: int = 2) -> None:
        """Read the file at `path`: each pattern under its letters, as pyphen keys it."""
        self.left, self.right = left, right
        with path.open("rb") as head:
            encoding = head.readline().decode()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        self._lines: dict[str, str] = {}
        self._parsed: dict[str, tuple[int, tuple[int, ...]] | None] = {}
        for raw in path.read_text(encoding).split("\n")[1:]:
            line = raw.strip()
            if not line or line.startswith(_IGNORED):
                continue
            if "^^" in line:
                line = _HEX.sub(lambda match: chr(int(match.group(1), 16)), line)
            if "/" in line and "=" in line:
                line = line.split("/", 1)[0]  # a nonstandard alternative: its points only
            key = _letters(line)
            if key is None:
                continue  # only zeros: pyphen keeps no such pattern
            self._lines[key] = line
        self._maxlen = max(map(len, self._lines))
        self._cache: dict[str, list[int]] = {}

    def _pattern(self, key: str) -> tuple[int, tuple[int, ...]] | None:
        """The (offset, values) of the pattern with the letters `key`, None when none."""
        if key in self._parsed:
            return self._parsed[key]
        line = self._lines.get(key)
        parsed = None if line is None else _parse(line)
        self._parsed[key] = parsed
        return parsed

    def positions(self, word: str) -> list[int]:
        """Where `word` may be hyphenated, `left` and `right` characters kept at its ends."""
        right = len(word) - self.right
        return [i for i in self._points(word) if self.left <= i <= right]

    def _points(self, word: str) -> list[int]:
        """pyphen's `HyphDict.positions` (Liang's algorithm), as integers."""
        word = word.lower()
        points = self._cache.get(word)
        if points is None:
            pointed = f".{word}."
            references = [0] * (len(pointed) + 1)
            for i in range(len(pointed) - 1):
                stop = min(i + self._maxlen, len(pointed)) + 1
                for j in range(i + 1, stop):
                    pattern = self._pattern(pointed[i:j])
                    if not pattern:
                        continue
                    offset, values = pattern
                    part = slice(i + offset, i + offset + len(values))
                    references[part] = map(max, values, references[part])
            points = [i - 1 for i, reference in enumerate(references) if reference % 2]
            self._cache[word] = points
        return points


def _letters(line: str) -> str | None:
    """The letters of a pattern line, its key (what pyphen joins from its `_PAIRS`), None when
    all its values are zero; in bytes, where dropping ASCII digits is one C call (a UTF-8
    sequence holds none). A line with another script's digits is parsed as pyphen does."""
    encoded = line.encode()
    key = encoded.translate(None, _DIGITS).decode()
    if not key.isascii() and _DIGIT.search(key):
        return None if _parse(line) is None else _DIGIT.sub("", line)
    return key if encoded.translate(None, _NOT_DIGITS).strip(b"0") else None


def _parse(line: str) -> tuple[int, tuple[int, ...]] | None:
    """A pattern line's (offset of its first non-zero value, values from there to its last
    non-zero one), as pyphen stores it; None when all are zero (pyphen skips it)."""
    values = tuple(int(digit or "0") for digit, _ in _PAIRS.findall(line))
    if max(values) == 0:
        return None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, values[start:end]
