"""What a document prints, as evidence for the line-end hyphens of its URLs.

`WrapEvidence` answers whether a word, or a hyphenated pair, occurs in the document and where:
in prose or inside a URL of which host. `parse.wrap_hyphen` weighs the answers.
"""

from __future__ import annotations

import re

from citecheck.lazy_patterns import lazy_pattern

__all__ = ["WrapEvidence", "fold_word", "url_host"]

_GERMAN_RE = lazy_pattern(r"\b(?:der|die|das|und|nicht|mit|fuer|von|ist)\b")
_ENGLISH_RE = lazy_pattern(r"\b(?:the|and|of|is|for|with|that|to)\b")


def fold_word(word: str) -> str:
    """Lower-case a word and spell umlauts and ß as URLs do (ä → ae, ß → ss)."""
    lowered = word.lower()
    if lowered.isascii():
        return lowered
    return lowered.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


class WrapEvidence:
    """What a document says about its own words, used to judge hyphens in URLs.

    Lookups are lazy and memoised (a plain class rather than a dataclass for that reason): a
    megabyte document whose URLs never wrap pays nothing, one that does pays one lower-casing
    pass plus a substring search per distinct question. Each occurrence is placed: in prose,
    or inside a URL of some host (`places`), since a URL's spelling speaks for its own host.
    """

    __slots__ = ("_english", "_lower", "_memo", "_text")

    def __init__(self, text: str = "") -> None:
        """Evidence from a document's whole text (body and footnotes)."""
        self._text = text
        self._lower: str | None = None
        self._english: bool | None = None
        self._memo: dict[str, frozenset[str]] = {}

    @property
    def english(self) -> bool:
        """True when the document is written in English (function words counted)."""
        if self._english is None:
            sample = self._text[:200_000].lower()
            english = len(_ENGLISH_RE().findall(sample))
            # A handful of words says nothing ("to" is also in German URLs).
            self._english = english >= 5 and english > len(_GERMAN_RE().findall(sample))
        return self._english

    def has_word(self, word: str, *, standalone: bool = False) -> bool:
        """Does `word` occur as a whole word in the document (case and umlauts folded)?

        With `standalone`, occurrences inside a hyphen compound ("uni-mann-heim") do not count.
        """
        return bool(self._occurs(fold_word(word), standalone))

    def has_pair(self, first: str, second: str) -> bool:
        """Does "first-second" occur in the document as a hyphenated pair of whole words?"""
        return bool(self.pair_places(first, second))

    def places(self, word: str) -> frozenset[str]:
        """Where `word` occurs as a whole word: "" for prose, a host for a URL of that host,
        "?" for the rest of a URL wrapped over lines (a path of a host not known here)."""
        return self._occurs(fold_word(word), False)

    def pair_places(self, first: str, second: str) -> frozenset[str]:
        """Where "first-second" occurs as a hyphenated pair of whole words (as `places`)."""
        return self._occurs(f"{fold_word(first)}-{fold_word(second)}", False)

    def _occurs(self, folded: str, standalone: bool) -> frozenset[str]:
        """Memoised whole-word search of a folded string and its umlaut spellings."""
        if not folded:
            return frozenset()
        key = f"{folded}\x00" if standalone else folded
        known = self._memo.get(key)
        if known is not None:
            return known
        if self._lower is None:
            self._lower = self._text.lower()
        umlauts = folded.replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")
        variants = {folded, umlauts, umlauts.replace("ss", "ß")}
        found = frozenset().union(*(_whole_word_in(self._lower, v, standalone) for v in variants))
        self._memo[key] = found
        return found


#: Where a URL's host starts in a blank-free token: after a scheme, or at "www.".
_HOST_START_RE = lazy_pattern(r"[a-z][a-z0-9+.-]*://|(?=www\d{0,3}\.)")
#: A scheme-less token that reads as host and path ("bmleh.de/social-media").
_BARE_URL_RE = lazy_pattern(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/")


#: What only a URL's path or query holds ("dossier-rechtsextremismus/500766/", "?id=3").
_PATH_RE = lazy_pattern(r"[/=_?&]")


def url_host(url: str) -> str:
    """The host of a URL as written (lower-cased, without "www."), "" when there is none."""
    lowered = url.lower()
    start = _HOST_START_RE().search(lowered)
    if start is not None:
        rest = lowered[start.end() :]
    elif _BARE_URL_RE().match(lowered):
        rest = lowered
    else:
        return ""
    host = re.split(r"[/?#:]", rest, maxsplit=1)[0]
    return host[4:] if host.startswith("www.") else host


def _whole_word_in(text: str, word: str, standalone: bool) -> frozenset[str]:
    """The places (`WrapEvidence.places`) where `word` occurs in `text` not preceded or
    followed by a letter (or a hyphen); the first 1,000 occurrences are looked at."""
    places: set[str] = set()
    index = text.find(word)
    checked = 0
    while index >= 0 and checked < 1000:
        end = index + len(word)
        before = text[index - 1] if index > 0 else " "
        after = text[end] if end < len(text) else " "
        if _is_boundary(before, standalone) and _is_boundary(after, standalone):
            places.add(_place(text, index, end))
        index = text.find(word, index + 1)
        checked += 1
    return frozenset(places)


def _is_boundary(char: str, standalone: bool) -> bool:
    """A character that may border a whole word."""
    return not char.isalpha() and not (standalone and char == "-")


#: How far from a word its token (a URL) may reach.
_TOKEN_WINDOW = 2000
_BLANKS_RE = lazy_pattern(r"\s+")


def _place(text: str, start: int, end: int) -> str:
    """The host of the URL token around text[start:end], or "" for a word of prose."""
    # A token is looked for within a window: a megabyte without blanks is no URL to place.
    low = max(0, start - _TOKEN_WINDOW)
    before = _BLANKS_RE().split(text[low:start])
    after = _BLANKS_RE().split(text[end : end + _TOKEN_WINDOW], maxsplit=1)
    token = (before[-1] + text[start:end] + after[0]).lstrip("([{<„“\"'")
    host = url_host(token)
    # A path without a host: the rest of a URL wrapped over lines, of a host not known here.
    return host or ("?" if _PATH_RE().search(token) else "")
