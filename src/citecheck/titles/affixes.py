"""Site-name affixes of page titles ("… | SWP", "BMVg: …", "… – DW – 12.05.2021"): found by
comparing a page's title candidates with each other, and by a small fallback."""

from __future__ import annotations

import re
from collections.abc import Sequence

from citecheck.titles.normalize import WORD

_SEPARATORS = (" | ", " || ", " - ", " – ", " — ", " · ", " • ", " :: ", " » ", ": ")
_SEP_CLASS = r"(?:\s*[|·•»]+\s*|\s+[-–—]+\s+|\s*::\s*|:\s+)"
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


def _core_by_comparison(title: str, others: Sequence[str]) -> str | None:
    """The part of `title` that another candidate repeats, when the rest is separated off.

    "Zeitenwende in Japan | IP" with "Zeitenwende in Japan" among the others gives the latter.
    When several others fit, the one repeated by most candidates wins (the work's title is in
    og:title, twitter:title and <h1>; a site name usually only in <title>), then the one at the
    start ("Title | Site" is far more common than "Site | Title"), then the longest.
    """
    found: list[tuple[int, bool, int, str]] = []
    for other in others:
        core = " ".join(other.split())
        if len(core) < 2 or core.casefold() == title.casefold():
            continue
        pattern = re.compile(
            r"^(?:.*?" + _SEP_CLASS + r")?(" + re.escape(core) + r")(?:" + _SEP_CLASS + r".*)?$",
            re.IGNORECASE | re.DOTALL,
        )
        match = pattern.match(title)
        if match is None:
            continue
        support = sum(core.casefold() in o.casefold() for o in others)
        at_start = match.start(1) == 0
        found.append((support, at_start, len(core), str(match.group(1))))
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
    nothing; blank candidates are dropped.
    """
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
    return result
