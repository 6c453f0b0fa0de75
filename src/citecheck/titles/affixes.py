"""Site-name affixes of page titles ("… | SWP", "BMVg: …", "… – DW – 12.05.2021"): found by
comparing a page's title candidates with each other, and by a small fallback."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from citecheck.titles.normalize import WORD

_SEPARATORS = (" | ", " || ", " - ", " – ", " — ", " · ", " • ", " :: ", " » ", ": ")
_DATE = re.compile(r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}")
# An abbreviated site name: no space, at most 6 characters, at least two capitals ("SWP", "DW",
# "BMVg", "taz" does not qualify and is rare enough to leave to the comparison).
_ABBREV = re.compile(r"[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,5}")
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)


def _is_siteish(segment: str) -> bool:
    """A segment that names a site or a date rather than a work."""
    seg = segment.strip()
    if _DATE.fullmatch(seg) or _DOMAIN.fullmatch(seg):
        return True
    return bool(_ABBREV.fullmatch(seg)) and sum(c.isupper() for c in seg) >= 2


class _CaseKeys(dict[int, int]):
    """`str.translate` table: each character to the one representative of the characters that
    the `re` module's IGNORECASE matching treats as equal to it, filled on first use.

    Two characters match case-insensitively in `re` when their simple lowercase forms are equal
    or share an uppercase form ("ſ" and "s", "ς" and "σ", "ı" and "i"); for the three pairs whose
    uppercase form is several letters, `_SAME_CASE` names the representative. Every character
    maps to one character, so keyed strings keep their offsets (tests/titles/test_affixes.py
    checks the table against `re` over the Basic Multilingual Plane).
    """

    def __missing__(self, code: int) -> int:
        char = chr(code)
        lower = char.lower()
        if len(lower) != 1:
            lower = "i" if char == "\u0130" else char  # İ: simple lowercase i
        upper = lower.upper()
        key = upper.lower() if len(upper) == 1 and len(upper.lower()) == 1 else lower
        key = _SAME_CASE.get(key, key)
        self[code] = ord(key)
        return ord(key)


_SAME_CASE = {"\u1fd3": "\u0390", "\u1fe3": "\u03b0", "\ufb05": "\ufb06"}
_CASE_KEYS = _CaseKeys()
# The characters whose key is not what `str.lower` makes of them (µ, İ, ı, ſ, ς, ϐ … and Σ,
# which `str.lower` turns into ς at the end of a word): a text without any of them keys as its
# `str.lower()`, a loop in C instead of a table look-up per character (tests/titles checks the
# list against `_CASE_KEYS` over all of Unicode).
_NOT_AS_LOWER = re.compile(
    "[\u00b5\u0130\u0131\u017f\u0345\u03a3\u03c2\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1"
    "\u03f5\u1c80-\u1c88\u1e9b\u1fbe\u1fd3\u1fe3\ufb05]"
)


def case_key(text: str) -> str:
    """`text` with each character replaced by its `_CASE_KEYS` key (same length, same offsets):
    a word is in it, keyed, exactly where `re` with IGNORECASE finds it in `text`."""
    if _NOT_AS_LOWER.search(text) is None:
        return text.lower()
    return text.translate(_CASE_KEYS)


_case_key = case_key


_SEPARATOR_CHARS = "|·•»"
_DASHES = "-–—"
_SEPARATOR_RUN = frozenset(_SEPARATOR_CHARS + _DASHES + ":")


def _run(text: str, start: int, chars: str | None = None) -> int:
    """Length of the run of whitespace (or of `chars`) in `text` from `start`."""
    end = start
    while end < len(text) and (text[end] in chars if chars else text[end].isspace()):
        end += 1
    return end - start


def _separator_ends(title: str, start: int) -> list[int]:
    """Where a separator that begins at `start` may end, in the order a backtracking regex
    tries them: `\\s*[|·•»]+\\s*`, `\\s+[-–—]+\\s+`, `\\s*::\\s*`, `:\\s+`, each longest first."""
    ends: list[int] = []
    blanks = _run(title, start)
    at = start + blanks
    bars = _run(title, at, _SEPARATOR_CHARS)
    if bars:
        ends.extend(range(at + bars + _run(title, at + bars), at, -1))
    dashes = _run(title, at, _DASHES)
    if blanks and dashes and (after := _run(title, at + dashes)):
        ends.extend(range(at + dashes + after, at + dashes, -1))
    if title.startswith("::", at):
        ends.extend(range(at + 2 + _run(title, at + 2), at + 1, -1))
    if title.startswith(":", start) and (after := _run(title, start + 1)):
        ends.extend(range(start + 1 + after, start + 1, -1))
    return ends


def _separator_or_end(title: str, at: int) -> bool:
    """Does a separator begin at `at`, or does the title end there (before a final newline)?"""
    if at == len(title) or title[at:] == "\n":
        return True
    return bool(_separator_ends(title, at))


def _core_start(title: str, core: str, title_key: str) -> int | None:
    """Where `core` stands in `title` as a whole separated segment, or None.

    The first position a regex `^(?:.*?SEP)?(core)(?:SEP.*)?$` (IGNORECASE, DOTALL) would match
    at, SEP being one of `_separator_ends`' separators: after a separator, the leftmost
    separator start first; at the very start only when no separator precedes any occurrence.
    String operations over case keys (`_CASE_KEYS`) instead of one compiled pattern per pair.
    """
    core_key = _case_key(core)
    found = title_key.find(core_key)
    if found < 0:
        return None
    starts: set[int] = set()
    while found >= 0:
        starts.add(found)
        found = title_key.find(core_key, found + 1)
    size = len(core)
    good = {start for start in starts if _separator_or_end(title, start + size)}
    # A separator that ends at an occurrence lies in the run of separator characters before it.
    tried: set[int] = set()
    for end in good:
        begin = end
        while begin > 0 and (title[begin - 1].isspace() or title[begin - 1] in _SEPARATOR_RUN):
            begin -= 1
        tried.update(range(begin, end))
    for start in sorted(tried):
        for end in _separator_ends(title, start):
            if end in good:
                return end
    return 0 if 0 in good else None


def _core_by_comparison(title: str, others: Sequence[str]) -> str | None:
    """The part of `title` that another candidate repeats, when the rest is separated off.

    "Zeitenwende in Japan | IP" with "Zeitenwende in Japan" among the others gives the latter
    (`_core_start`: the other, in any case, as a whole segment of `title` between separators
    " | ", " – ", ": ", " :: ", "·", "•", "»"). When several others fit, the one repeated by most
    candidates wins (the work's title is in og:title, twitter:title and <h1>; a site name
    usually only in <title>), then the one at the start ("Title | Site" is far more common than
    "Site | Title"), then the longest.
    """
    found: list[tuple[int, bool, int, str]] = []
    title_key = _case_key(title)
    for other in others:
        core = " ".join(other.split())
        # A core longer than the title is not in it (case keys keep lengths: no need to look).
        if len(core) < 2 or len(core) > len(title) or core.casefold() == title.casefold():
            continue
        start = _core_start(title, core, title_key)
        if start is None:
            continue
        support = sum(core.casefold() in o.casefold() for o in others)
        found.append((support, start == 0, len(core), title[start : start + len(core)]))
    if not found:
        return None
    return max(found)[3]


def _strip_fallback(title: str) -> str:
    """Drop date, domain and abbreviation segments at either end ("… - DW - 12.05.2021")."""
    current = title
    changed = True
    while changed:
        changed = False
        for sep in _SEPARATORS:
            if sep not in current:
                continue  # neither partition below would find it
            head, found, tail = current.rpartition(sep)
            if found and head.strip() and sep != ": " and _is_siteish(tail):
                current, changed = head.rstrip(), True
                break
            # A pipe almost never belongs to a work's title: "Title | Any Site Name" loses its
            # last segment when at least two words remain.
            if found and sep == " | " and len(WORD.findall(head)) >= 2:
                current, changed = head.rstrip(), True
                break
            tail2, found2, rest = current.partition(sep)
            if found2 and rest.strip() and _is_siteish(tail2):
                current, changed = rest.lstrip(), True
                break
    return current


def strip_site_affixes(candidates: list[str]) -> list[str]:
    """The title candidates with site-name affixes removed, in order, without duplicates.

    First by comparing candidates with each other: when one candidate is another one plus a
    separated extra part ("Zeitenwende in Japan | Internationale Politik" next to og:title
    "Zeitenwende in Japan"), the shared core is the title and the extra part is the affix. Then a
    small fallback removes end segments that are dates, domains or abbreviations behind a
    separator ("… - DW - 12.05.2021", "BMVg: …", "… | SWP"). A candidate is never stripped to
    nothing; blank candidates are dropped. Worked out once per list of candidates (a page's
    title at extraction, again for each footnote citing it: `_stripped`).
    """
    return list(_stripped(tuple(candidates)))


@functools.lru_cache(maxsize=16_384)
def _stripped(candidates: tuple[str, ...]) -> tuple[str, ...]:
    """`strip_site_affixes` of a tuple of candidates, kept: worked out when a page is read and
    found again when its footnotes are verified, after every other page of a large run was
    read (8,000 pages: a smaller cache forgot them all and stripped each page twice). An entry
    is a few short strings (candidates are cut to `MAX_TITLE_CHARS`), ~0.5 KB a page."""
    cleaned = [" ".join(c.split()) for c in candidates]
    cleaned = [c for c in cleaned if WORD.search(c)]
    result: list[str] = []
    for title in cleaned:
        core = _core_by_comparison(title, [c for c in cleaned if c is not title]) or title
        core = _strip_fallback(core)
        if not WORD.search(core):
            core = title
        if core not in result:
            result.append(core)
    return tuple(result)
