"""Host names written without scheme or "www." ("bundesfinanzministerium.de/Content/…").

Whether a name ends in a real top-level domain is the Public Suffix List's word (the
publicsuffixlist package ships it; ICANN section only, loaded on first use); whether a line's
last word is prose or a host's beginning, wordfreq's.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Protocol

from citecheck.lazy_patterns import lazy_pattern
from citecheck.parse.wrap_hyphen import is_word

#: Where a scheme-less URL's host ends: a dot, a top-level-domain-like label and a path.
_TLD_SLASH_RE = re.compile(r"\.[A-Za-z]{2,24}(?=/[\w%~-])")
#: A host name of two or more labels (the last letters only).
_HOST_RE = lazy_pattern(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
#: What may not stand right before a host: a word, an e-mail address, a path, another URL.
_NOT_BEFORE = frozenset("@/%:_.-")


class _SuffixList(Protocol):
    def publicsuffix(self, domain: str, accept_unknown: bool | None = None) -> str | None: ...


@cache
def _suffixes() -> _SuffixList:
    """The Public Suffix List's ICANN section (~70 ms to load)."""
    from publicsuffixlist import PublicSuffixList

    suffixes: _SuffixList = PublicSuffixList(only_icann=True, accept_unknown=False)
    return suffixes


def is_tld(label: str) -> bool:
    """True when `label` ("de", "info", "gov") is a top-level domain in use."""
    if not label.isascii() or not label.isalpha():
        return False
    return _suffixes().publicsuffix(f"x.{label.lower()}", accept_unknown=False) is not None


def find_bare_host(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the first scheme-less URL's host in `text[start:end]`: a host with a
    real TLD, a registrable name of at least two characters with a letter, and a path after
    it; not inside a word, an e-mail address, a path or another URL.

    Rejected: abbreviations ("z.B./…" has no real TLD), numbers ("Nr. 3.2/4": the last label
    has digits), file names ("bericht.pdf" has no path), e-mail addresses (after "@").
    """
    for match in _TLD_SLASH_RE.finditer(text, start, end):
        host_end = match.end()
        host_start = match.start()
        while host_start > start and text[host_start - 1] in _HOST_CHARS:
            host_start -= 1
        before = text[host_start - 1] if host_start > 0 else " "
        if before.isalnum() or before in _NOT_BEFORE:
            continue
        host = text[host_start:host_end].lstrip(".-")
        host_start = host_end - len(host)
        labels = host.split(".")
        if (
            _HOST_RE().fullmatch(host)
            and len(labels[-2]) >= 2
            and any(char.isalpha() for char in labels[-2])
            and is_tld(labels[-1])
        ):
            return _wrapped_start(text, start, host_start), host_end
    return None


def _wrapped_start(text: str, start: int, host_start: int) -> int:
    """Where a host that begins a line really starts: on the line before when that line ends
    in a host's beginning ("… www-genesis.destat" newline "is.de/datenbank/…", "www1.w"
    newline "dr.de/…"); else `host_start`."""
    index = host_start
    while index > start and text[index - 1] in " \t":
        index -= 1
    if index <= start or text[index - 1] != "\n":
        return host_start
    end = index - 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    begin = end
    while begin > start and text[begin - 1] in _HOST_CHARS:
        begin -= 1
    token = text[begin:end]
    before = text[begin - 1] if begin > 0 else " "
    if not token or token[-1] in ".-" or before.isalnum() or before in _NOT_BEFORE:
        return host_start
    if "." in token or token.lower().startswith("www"):
        return begin
    # A name cut without hyphen ("anbauverb" newline "and.de/…", "expertenrat-kli" newline
    # "ma.de/…"): its last part is no word; a word there is prose ("Link" newline "bund.de/").
    last = token.rpartition("-")[2]
    return begin if len(last) >= 2 and last.isalpha() and not is_word(last) else host_start
