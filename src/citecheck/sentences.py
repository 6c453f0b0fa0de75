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

_CANDIDATE_RE = re.compile(
    r"[.!?]+[\"'“”»«)\]]*(?=\s|$)"
    r"|\n[ \t]*\n\s*"
    r"|\n(?=[ \t]*(?:\d{1,3}[.)]|[a-zA-Z][.)]|[-–•*])[ \t])"
)
_TOKEN_BEFORE_RE = re.compile(r"(\S+)$")
_NEXT_WORD_RE = re.compile(r"\s*(\S)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of `text`, in order, blanks between them excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE_RE.finditer(text):
        if match.group()[0] in ".!?":
            if not _ends_sentence(text, match):
                continue
            end = match.end()
            next_start = end
        else:
            end = match.start()
            next_start = match.end()
        _add(text, spans, start, end)
        start = next_start
    _add(text, spans, start, len(text))
    return spans


def _add(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    """Append the span with surrounding blanks removed, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Decide whether the punctuation at `match` ends a sentence."""
    punctuation = match.group()
    if "!" in punctuation or "?" in punctuation:
        return True
    after = _NEXT_WORD_RE.match(text, match.end())
    next_char = after.group(1) if after else ""
    if next_char.islower():
        return False
    # Only a dot directly after the word can belong to an abbreviation or ordinal.
    if not punctuation.startswith("."):
        return True
    token_match = _TOKEN_BEFORE_RE.search(text, max(0, match.start() - 40), match.start())
    if token_match is None:
        return True
    token = token_match.group(1).lstrip("(„“\"'[").lower()
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
