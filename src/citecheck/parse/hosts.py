"""Host names written without scheme or "www." ("bundesfinanzministerium.de/Content/…").

Whether a name ends in a real top-level domain is the Public Suffix List's word (the
publicsuffixlist package ships it; ICANN section only, loaded on first use).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Protocol

#: A host name of two or more labels followed by a path: the shape of a scheme-less URL. Not
#: inside a word, an e-mail address, a path or another URL; the last label is letters only.
_BARE_HOST_RE = re.compile(
    r"(?<![\w@/.\-%:])"
    r"(?P<host>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?P<tld>[A-Za-z]{2,24}))"
    r"(?=/[\w%~-])"
)


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


def find_bare_host(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first scheme-less URL start in `text[start:end]`: a host with a real TLD, a
    registrable name of at least two characters with a letter, and a path after it.

    Rejected: abbreviations ("z.B./…" has no real TLD), numbers ("Nr. 3.2/4": the last label
    has digits), file names ("bericht.pdf" has no path), e-mail addresses (after "@").
    """
    for match in _BARE_HOST_RE.finditer(text, start, end):
        labels = match.group("host").split(".")
        name = labels[-2]
        if len(name) >= 2 and any(char.isalpha() for char in name) and is_tld(labels[-1]):
            return match
    return None
