"""The body of a document as the HTML report shows it: paragraphs of sentences, with each
footnote marker put back where it stood and each inline URL marked where it is written. Pure:
text and offsets in, a tree of plain pieces out (the template escapes every piece).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from citecheck.sentences import normalise_space, sentence_index, split_sentences

__all__ = ["Anchor", "Paragraph", "Piece", "Sentence", "layout_body"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LIST_START = re.compile(r"\n(?=[ \t]*(?:\d{1,3}[.)]|[a-zA-Z][.)]|[-–•*])[ \t])")


@dataclass(frozen=True, slots=True)
class Anchor:
    """Something to mark in the body: a footnote marker (zero width) or an inline URL."""

    key: int
    """Index of the marker or URL in the caller's list (the piece refers back to it)."""
    offset: int | None
    """Where it stands in the body; None: unknown (then `context` places it)."""
    context: str = ""
    """The sentence it belongs to (whitespace-normalised), for an anchor without an offset."""
    text: str = ""
    """For a URL: the URL as read, found in the body from `offset` (wraps allowed)."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of body text, a marker (`marker` set) or a marked URL (`url` set, `text` its
    body text; a URL whose text is not in the body is a marked spot with empty text)."""

    text: str = ""
    marker: int | None = None
    url: int | None = None
    line_break: bool = False
    """A forced line break before this piece (a list item starts)."""


@dataclass(slots=True)
class Sentence:
    """One sentence of the body and what is marked in it."""

    pieces: list[Piece] = field(default_factory=list)
    cites: bool = False
    """True when a marker or URL stands in it (the report highlights it on hover and focus)."""


@dataclass(slots=True)
class Paragraph:
    """A paragraph: sentences and the blanks between them (a blank is a `Piece`)."""

    items: list[Sentence | Piece] = field(default_factory=list)


def _url_end(body: str, start: int, url: str) -> int | None:
    """Where `url` ends when the body spells it from `start`, line breaks and a hyphen at a
    break allowed inside it; None when the body has other text there."""
    position = start
    for char in url:
        while position < len(body) and body[position] != char and body[position].isspace():
            position += 1
        if position < len(body) and body[position] == char:
            position += 1
            continue
        if body.startswith("-", position) and body[position + 1 : position + 2].isspace():
            position += 1
            while position < len(body) and body[position].isspace():
                position += 1
            if position < len(body) and body[position] == char:
                position += 1
                continue
        return None
    return position


def _place(body: str, spans: list[tuple[int, int]], anchor: Anchor) -> tuple[int, int, int] | None:
    """(sentence index, start, end) of an anchor: its offset when known, else the end of the
    sentence its context names; None when it cannot be placed."""
    starts = [start for start, _ in spans]
    if anchor.offset is not None and 0 <= anchor.offset <= len(body):
        end = _url_end(body, anchor.offset, anchor.text) if anchor.text else None
        if anchor.text and end is not None:
            index = max(sentence_index(starts, anchor.offset + 1), 0)
            return index, anchor.offset, end
        return sentence_index(starts, anchor.offset), anchor.offset, anchor.offset
    wanted = normalise_space(anchor.context)
    for index, (start, end) in enumerate(spans):
        if wanted and normalise_space(body[start:end]) == wanted:
            return index, end, end
    return None


def layout_body(
    body: str, markers: Sequence[Anchor], urls: Sequence[Anchor]
) -> tuple[list[Paragraph], list[int], list[int]]:
    """The body as paragraphs of sentences with `markers` and `urls` in place, and the keys
    of the markers and URLs that could not be placed (the report lists them without a place
    in the text). Every character of the body appears once, in order."""
    spans = split_sentences(body)
    if not spans:
        return [], [a.key for a in markers], [a.key for a in urls]
    placed: dict[int, list[tuple[int, int, int, Anchor, bool]]] = {}
    lost: tuple[list[int], list[int]] = ([], [])
    for is_url, group in ((False, markers), (True, urls)):
        for anchor in group:
            where = _place(body, spans, anchor)
            if where is None:
                lost[is_url].append(anchor.key)
                continue
            index, start, end = where
            placed.setdefault(index, []).append((start, end, anchor.key, anchor, is_url))
    paragraphs: list[Paragraph] = [Paragraph()]
    for index, (start, end) in enumerate(spans):
        previous_end = spans[index - 1][1] if index else 0
        start = max(start, previous_end)
        gap = body[previous_end:start]
        anchors = sorted(placed.get(index, []), key=lambda item: (item[0], item[4], item[2]))
        end = max([end, *(item[1] for item in anchors)])
        if index and _PARAGRAPH_BREAK.search(gap):
            paragraphs.append(Paragraph())
        elif index and gap:
            paragraphs[-1].items.append(Piece(" ", line_break=_is_list(body, gap, start)))
        paragraphs[-1].items.append(_sentence(body, start, end, anchors))
        spans[index] = (start, end)
    return [p for p in paragraphs if p.items], lost[0], lost[1]


def _is_list(body: str, gap: str, start: int) -> bool:
    """True when `gap` ends a line and the line after it starts a list item."""
    return "\n" in gap and bool(_LIST_START.match("\n" + body[start : start + 8]))


def _sentence(
    body: str, start: int, end: int, anchors: list[tuple[int, int, int, Anchor, bool]]
) -> Sentence:
    """One sentence body[start:end] cut at its anchors (a URL overlapping an earlier one is
    marked as a spot after it)."""
    sentence = Sentence(cites=bool(anchors))
    position = start
    for anchor_start, anchor_end, _, anchor, is_url in anchors:
        begin = max(anchor_start, position)
        _text(sentence, body[position:begin])
        if is_url:
            stop = anchor_end if anchor_start >= position else begin
            sentence.pieces.append(Piece(body[begin:stop], url=anchor.key))
            position = stop
        else:
            sentence.pieces.append(Piece(marker=anchor.key))
            position = begin
    _text(sentence, body[position:end])
    return sentence


def _text(sentence: Sentence, text: str) -> None:
    """Append body text, a line break before each line that starts a list item."""
    if not text:
        return
    parts = _LIST_START.split(text)
    for number, part in enumerate(parts):
        if part:
            sentence.pieces.append(Piece(part, line_break=number > 0))
