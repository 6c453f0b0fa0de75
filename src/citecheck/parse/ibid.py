"""Back-references between footnotes: "Ebd.", "a.a.O.", "s. Fn. 5", "FAZ ebd." and their kin,
resolved to the footnote whose source they repeat.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from citecheck.lazy_patterns import lazy_pattern

_IBID_WORD = r"(?:ebd|ebenda|a\.\s?a\.\s?o|ibid|ibidem|ib)\b\.?"
_NOTE_WORD = r"(?:fn|fu(?:ß|ss)note|anm|note|n)\.?\s*(?P<n>\d{1,4})\b"
_IBID_RE = lazy_pattern(rf"^(?:(?:vgl|siehe|s)\.?\s*)?{_IBID_WORD}", re.IGNORECASE)
_CROSS_REF_RE = lazy_pattern(
    rf"^(?:(?:vgl|s|siehe|see|cf)\.?\s*)?(?:auch\s+)?(?:wie\s+)?(?:in\s+)?{_NOTE_WORD}",
    re.IGNORECASE,
)
_INNER_REF_RE = lazy_pattern(r"\b(?:fn|fu(?:ß|ss)note|anm)\.?\s*(?P<n>\d{1,4})\b", re.IGNORECASE)
#: A source named before the back-reference: one to four words ("FAZ", "BAMF", "Müller",
#: "Deutsche Bundesbank"), after an optional "vgl." / "siehe".
_SOURCE = r"^(?:(?:vgl|siehe|s)\.?\s+)?(?P<source>[^\W\d_][\w&.'’-]*(?:\s[\w&.'’-]+){0,3}?),?\s+"
_SOURCE_IBID_RE = lazy_pattern(rf"{_SOURCE}{_IBID_WORD}(?P<rest>.*)$", re.IGNORECASE)
_SOURCE_CROSS_REF_RE = lazy_pattern(
    rf"{_SOURCE}(?:(?:wie|s\.|siehe|vgl\.)\s*)?(?:in\s+)?{_NOTE_WORD}(?P<rest>.*)$", re.IGNORECASE
)
#: What may follow a source-named back-reference: a page or margin number, nothing else.
_SHORT_REST_RE = lazy_pattern(
    r"^[\s.,;)]*(?:\(?(?:S\.|Seite|p\.|pp\.|Rn\.|Rz\.)\s*\d[\d\s,f.–-]*\)?)?[\s.;)]*$",
    re.IGNORECASE,
)
#: "Ders." / "Dies.": the same author; an ibid only together with "ebd.".
_SAME_AUTHOR = frozenset({"ders", "dies"})
_LEAD_WORDS = frozenset({"vgl", "vgl.", "siehe", "s", "s.", "see", "cf", "cf.", "auch", "hierzu"})

#: `ibid_reference` result meaning "the footnote before this one".
PREVIOUS = 0


@dataclass(frozen=True, slots=True)
class SameSource:
    """`ibid_reference` result of "<Source> ebd.": the latest earlier footnote of that source."""

    source: str


def ibid_reference(text: str, has_urls: bool) -> int | SameSource | None:
    """What an ibid-style footnote points to: a footnote number, `PREVIOUS`, a `SameSource`,
    or None.

    - "Ebd.", "ebd., S. 4", "Ebenda", "a.a.O.", "ibid." mean the previous footnote ("a.a.O.
      (Fn. 7)" footnote 7);
    - "s. FN. 5", "s. Fn. 5", "vgl. Fußnote 12", "siehe Anm. 3", "wie in Fn. 4" mean that
      footnote, and so does a source named before it ("BAMF wie in Fn.4.", "Vgl. BAMF Fn. 2,
      S. 3");
    - "<Source> ebd." / "<Source>, a.a.O., S. 5" mean the latest earlier footnote of that
      source ("FAZ ebd." after an unrelated footnote), resolved by `resolve_ibids`.

    A source-named form must end there (a page number at most). "Ders." / "Dies." cite another
    work of the same author and are no ibid ("Ders., ebd." is); a footnote with a URL of its
    own cites that source and is never an ibid.
    """
    if has_urls:
        return None
    stripped = text.strip()
    if match := _CROSS_REF_RE().match(stripped):
        return int(match.group("n")) or None
    if _IBID_RE().match(stripped):
        inner = _INNER_REF_RE().search(stripped)
        return int(inner.group("n")) if inner else PREVIOUS
    match = _SOURCE_CROSS_REF_RE().match(stripped)
    if match and _SHORT_REST_RE().match(match.group("rest")):
        return int(match.group("n")) or None
    match = _SOURCE_IBID_RE().match(stripped)
    if match is None:
        return None
    source, rest = match.group("source"), match.group("rest")
    if inner := _INNER_REF_RE().search(rest):
        return int(inner.group("n"))
    if not _SHORT_REST_RE().match(rest):
        return None
    if source.lower().rstrip(".") in _SAME_AUTHOR:
        return PREVIOUS  # "Ders., ebd., S. 5": the same author at the same place
    return None if source.lower() in _LEAD_WORDS else SameSource(source)


def resolve_ibids(
    numbers: Sequence[int],
    references: Sequence[int | SameSource | None],
    texts: Sequence[str] = (),
) -> list[int | None]:
    """Resolve each footnote's ibid reference to the original footnote's number.

    `numbers` are the footnote numbers in document order, `references` what `ibid_reference`
    returned for each, `texts` the footnotes' texts (for `SameSource`). "Ebd." points to the
    previous footnote; a number to the first footnote with that number; a `SameSource` to the
    latest earlier footnote whose text names that source (else the previous one); a target
    that is itself an ibid passes on its own target.
    """
    first_index: dict[int, int] = {}
    for index, number in enumerate(numbers):
        first_index.setdefault(number, index)
    resolved: list[int | None] = []
    for index, reference in enumerate(references):
        if reference is None:
            resolved.append(None)
            continue
        if isinstance(reference, SameSource):
            target: int | None = _latest_of(reference.source, texts[:index])
        else:
            target = index - 1 if reference == PREVIOUS else first_index.get(reference)
        if target is None or target < 0 or target == index:
            resolved.append(None)
            continue
        if target < index and resolved[target] is not None:
            resolved.append(resolved[target])
        else:
            resolved.append(numbers[target])
    return resolved


def _latest_of(source: str, earlier: Sequence[str]) -> int:
    """The index of the latest text naming `source` (as a word, also a URL's host label), or
    the last index (the previous footnote) when none does."""
    named = re.compile(rf"(?<!\w){re.escape(source)}(?!\w)", re.IGNORECASE)
    for index in range(len(earlier) - 1, -1, -1):
        if named.search(earlier[index]):
            return index
    return len(earlier) - 1
