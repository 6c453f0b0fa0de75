"""The comparison form of a title: `normalize_title` and the words and numbers of a title."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_QUOTES = dict.fromkeys(map(ord, "„“”‟«»‚‘’‛‹›`´″"), '"') | {ord("'"): '"'}
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹘﹣－"), "-")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# The three tables in one pass: their keys are distinct and no table's output is another's key,
# so one replacement gives what quotes, then dashes, then umlauts give. A pattern finds the few
# characters to replace (`str.translate` looks every character up in the table: slower).
_UNIFY = {chr(code): str(to) for code, to in {**_QUOTES, **_DASHES, **_UMLAUTS}.items()}
_TO_UNIFY = re.compile("[" + re.escape("".join(_UNIFY)) + "]")
# "Sicherheits- und Verteidigungspolitik" is an elision hyphen (Ergänzungsstrich), not a line
# break: the word after it is a conjunction, so those are never joined.
_ELISION_WORDS = ("und", "oder", "bzw", "sowie", "als", "bis", "wie", "noch", "statt")
_LINEBREAK_HYPHEN = re.compile(
    r"(?<=\w)-\s+(?!(?:" + "|".join(_ELISION_WORDS) + r")\b)(?=[a-zäöüß])"
)
WORD = re.compile(r"\w+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def normalize_title(s: str) -> str:
    """A comparison form of a title: same work, same string, whatever the typography.

    Unicode NFKC, line-break hyphenation undone ("Sicherheits- politik" → "Sicherheitspolitik",
    only when a lowercase word that is not a conjunction follows), casefold, typographic quotes
    and dashes unified to '"' and '-', ä/ö/ü/ß transliterated to ae/oe/ue/ss, whitespace
    collapsed. Punctuation is kept; the comparison itself looks at words only.
    """
    text = unicodedata.normalize("NFKC", s)
    text = _LINEBREAK_HYPHEN.sub("", text)
    text = _TO_UNIFY.sub(_unified, text.casefold())
    return " ".join(text.split())


def _unified(match: re.Match[str]) -> str:
    """The replacement of one character `_TO_UNIFY` found."""
    return _UNIFY[match.group()]


def words(s: str) -> list[str]:
    """The normalised words (letter/digit runs) of a title."""
    return WORD.findall(normalize_title(s))


def display_words(s: str) -> list[str]:
    """The words of a title as written (NFKC, hyphenation undone), parallel to `words`."""
    text = _LINEBREAK_HYPHEN.sub("", unicodedata.normalize("NFKC", s))
    # Same tokenisation as `words`: transliteration never splits or joins a word.
    return WORD.findall(text)


def numbers(words: Sequence[str]) -> set[str]:
    """The numbers among the words of a title."""
    return {w for w in words if NUMBER.fullmatch(w)}
