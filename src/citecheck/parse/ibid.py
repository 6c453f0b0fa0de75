"""Back-references between footnotes: "Ebd.", "a.a.O.", "s. Fn. 5" and their kin, resolved to
the footnote whose source they repeat.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_IBID_RE = re.compile(
    r"^(?:vgl\.?\s*)?(?:ebd|ebenda|a\.\s?a\.\s?o|ibid|ibidem|ib)\b\.?", re.IGNORECASE
)
_CROSS_REF_RE = re.compile(
    r"^(?:(?:vgl|s|siehe|see|cf)\.?\s*)?(?:auch\s+)?(?:wie\s+)?(?:in\s+)?"
    r"(?:fn|fu(?:ß|ss)note|anm|note|n)\.?\s*(?P<n>\d{1,4})\b",
    re.IGNORECASE,
)
_INNER_REF_RE = re.compile(r"\b(?:fn|fu(?:ß|ss)note|anm)\.?\s*(?P<n>\d{1,4})\b", re.IGNORECASE)

#: `ibid_reference` result meaning "the footnote before this one".
PREVIOUS = 0


def ibid_reference(text: str, has_urls: bool) -> int | None:
    """What an ibid-style footnote points to: a footnote number, `PREVIOUS`, or None.

    "Ebd.", "ebd., S. 4", "Ebenda", "a.a.O.", "ibid." mean the previous footnote ("a.a.O.
    (Fn. 7)" footnote 7); "s. FN. 5", "s. Fn. 5", "siehe Fußnote 5", "wie in Fn. 4" mean that
    footnote. A footnote with a URL of its own cites that source and is never an ibid.
    """
    if has_urls:
        return None
    stripped = text.strip()
    if match := _CROSS_REF_RE.match(stripped):
        return int(match.group("n")) or None
    if _IBID_RE.match(stripped):
        inner = _INNER_REF_RE.search(stripped)
        return int(inner.group("n")) if inner else PREVIOUS
    return None


def resolve_ibids(numbers: Sequence[int], references: Sequence[int | None]) -> list[int | None]:
    """Resolve each footnote's ibid reference to the original footnote's number.

    `numbers` are the footnote numbers in document order, `references` what `ibid_reference`
    returned for each. "Ebd." points to the previous footnote; a number to the first footnote
    with that number; a target that is itself an ibid passes on its own target.
    """
    first_index: dict[int, int] = {}
    for index, number in enumerate(numbers):
        first_index.setdefault(number, index)
    resolved: list[int | None] = []
    for index, reference in enumerate(references):
        if reference is None:
            resolved.append(None)
            continue
        target = index - 1 if reference == PREVIOUS else first_index.get(reference)
        if target is None or target < 0 or target == index:
            resolved.append(None)
            continue
        if target < index and resolved[target] is not None:
            resolved.append(resolved[target])
        else:
            resolved.append(numbers[target])
    return resolved
