"""Sentence splitting for German (and English) motion bodies, in one linear pass.

A sentence ends at ``.``, ``!`` or ``?`` (with closing quotes or brackets after it) followed by
a blank, at a paragraph break (``\\n\\n``, always) and before a line that starts a list item
("1. ", "a) ", "- "). A dot does not end a sentence

- after a known abbreviation ("z.B.", "u.a.", "bzw.", "Abs.", "Nr.", "S.", "Dr.", "ggf.",
  "v.a.", "vgl.", "ca.", "Mio.", "Mrd.", month abbreviations …) or a single letter (initials);
- after a number of up to three digits: a German ordinal ("1. April", "14. November 2024",
  "121. Deutscher Ärztetag", "21. Legislaturperiode");
- when the next word starts in lower case ("ca. drei", an abbreviation we do not know).

Imports: stdlib only.
"""

from __future__ import annotations

import bisect
import re

#: Abbreviations (lower case, without the final dot) after which a dot is not a sentence end.
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    z.b zb u.a ua bzw abs nr s dr ggf v.a va vgl ca mio mrd tsd bio art ziff kap bspw usw etc
    d.h dh i.d.r idr prof st jh jhd mr mrs ms e.v ev co inc ltd no nos vs ff f bd hrsg aufl lit
    tz rn rz az drs bt-drs hr fr gem insb inkl zzgl evtl max min bzgl sog u.ä o.ä u.u uu z.t
    zt i.s.d i.v.m ivm i.h.v ihv a.a.o ebd ders dies vol pp p cf e.g i.e jan feb febr mrz apr
    jun jul aug sep sept okt nov dez orig anm abb tab fn kl kapt ref mdb mdl sen gez tel ggü
    """.split()
)

#: Characters where a sentence may end; everything else is skipped at C speed.
_CANDIDATE_RE = re.compile(r"[.!?\n]")
#: After a line break: a list item starts ("1. ", "a) ", "- ").
_LIST_START_RE = re.compile(r"[ \t]*(?:\d{1,3}[.)]|[a-zA-Z][.)]|[-–•*])[ \t]")
_CLOSING = "\"'“”»«)]"
_PUNCTUATION = ".!?"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of `text`, in order, blanks between them excluded."""
    spans: list[tuple[int, int]] = []
    length = len(text)
    start = 0
    skip_to = 0
    for match in _CANDIDATE_RE.finditer(text):
        index = match.start()
        if index < skip_to:
            continue
        if text[index] == "\n":
            after = index + 1
            while after < length and text[after] in " \t":
                after += 1
            if after < length and text[after] == "\n":
                _add(text, spans, start, index)
                start = after
            elif _LIST_START_RE.match(text, index + 1):
                _add(text, spans, start, index)
                start = index + 1
            continue
        end = index
        while end < length and text[end] in _PUNCTUATION:
            end += 1
        while end < length and text[end] in _CLOSING:
            end += 1
        skip_to = end
        if end < length and not text[end].isspace():
            continue
        if _ends_sentence(text, index, end):
            _add(text, spans, start, end)
            start = end
    _add(text, spans, start, length)
    return spans


def _add(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    """Append the span with surrounding blanks removed, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _ends_sentence(text: str, index: int, end: int) -> bool:
    """Decide whether the punctuation run text[index:end] ends a sentence."""
    punctuation = text[index:end]
    if "!" in punctuation or "?" in punctuation:
        return True
    after = end
    limit = min(len(text), end + 20)
    while after < limit and text[after].isspace():
        after += 1
    if after < len(text) and text[after].islower():
        return False
    # Only a dot directly after a word can belong to an abbreviation or ordinal.
    low = max(0, index - 40)
    blank = max(text.rfind(" ", low, index), text.rfind("\n", low, index))
    if blank < 0 and low > 0:
        return True
    token = text[blank + 1 : index].lstrip("(„“\"'[").lower()
    if not token:
        return True
    if token in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():
        return False
    return not (token.isdigit() and len(token) <= 3)


def sentence_index(starts: list[int], offset: int) -> int:
    """Index of the sentence a marker at `offset` belongs to.

    `starts` are the sentence starts in order. A marker in the blank between two sentences, or
    at the very start of one, belongs to the sentence before it (markers follow what they cite).
    """
    return max(bisect.bisect_left(starts, offset) - 1, 0)


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace into one blank and strip the ends."""
    return " ".join(text.split())
