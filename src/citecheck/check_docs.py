"""The document-checking half of a run: each footnote and inline source with its links (the
reading used, the archived copy found), verified, and the document's problems. A footnote is
verified once for the links it has: the run verifies it as soon as they are final and
`document` only verifies again what has changed since (`DocumentChecks`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from citecheck.deferred import link_problems, suggested_url, target_of, verify_cited
from citecheck.models import (
    Document,
    Footnote,
    InlineSource,
    Link,
    LinkStatus,
    Problem,
    ProblemCode,
    Reading,
    Reason,
    Severity,
    TitleMatch,
    TitleVerdict,
)
from citecheck.readings import (
    answers,
    as_reading,
    doubts_reading,
    footnote_readings,
    other_readings,
)

if TYPE_CHECKING:
    from citecheck.archive_lookup import ArchiveLookups
    from citecheck.options import CheckOptions

__all__ = ["BATCH", "DocumentChecks", "FootnoteRef", "Readiness", "source_index"]

ReadingOf = Callable[[str], "Link | None"]
"""The link one reading of a URL gives on its own, or None when it was not fetched (yet)."""

BATCH = 512
"""Footnotes verified together while fetching, in runs of at least as many: verified one by one
between two answers, the same work cost more (bulk: 8.3 → 9.0 s of CPU, the answers' own work
included); in batches of 512 as much as after the last answer."""

FOOTNOTE_WISE = 16
"""Documents up to which a run's footnotes are handed out one by one (`Readiness`)."""

FootnoteRef = tuple[int, int]
"""(document index in the run, footnote index in the document)."""

_Key = tuple[tuple[Link, ...], tuple[Link, ...] | None]
"""What a footnote's verification reads besides the footnote: its links, its source's links."""


def source_index(footnotes: tuple[Footnote, ...], index: int) -> int | None:
    """The index of the footnote an ibid at `index` resolves to: the first footnote with the
    number it refers to (as `verify_cited`'s `by_number` is built), or None."""
    ibid_of = footnotes[index].ibid_of
    if ibid_of is None:
        return None
    return next((i for i, f in enumerate(footnotes) if f.number == ibid_of), None)


def _archived(footnote: Footnote) -> bool:
    """Has an archived copy been attached to one of the footnote's links?"""
    return any(link.archive is not None for link in footnote.links)


class DocumentChecks:
    """Checks documents against a run's results (`reading`) and archived copies (`archives`),
    keeping each verified footnote, so that checking a document again verifies only the
    footnotes whose links (or whose source's links) changed. The results are the same as
    verifying every footnote afresh (`fresh=True`)."""

    def __init__(
        self, options: CheckOptions, reading: ReadingOf, archives: Callable[[], ArchiveLookups]
    ) -> None:
        self._options = options
        self._reading = reading
        self._archives = archives
        # Each verified footnote with what it was verified for: the archived copies found
        # then (a final footnote: `final_footnote`), or its links and its source's.
        self._verified: dict[FootnoteRef, tuple[int | _Key, Footnote]] = {}

    def final_footnote(self, ref: FootnoteRef, document: Document) -> None:
        """Verify footnote `ref` of `document` (the run's `ref[0]`-th) whose links are final:
        every result it reads is in (the run's `Readiness`), and results are never replaced.
        Only an archived copy found later can change its links: `document` keeps it without
        making its links again while no copy was found, or none is attached to them."""
        footnotes = document.footnotes
        linked = self.with_links(footnotes[ref[1]], document)
        at = source_index(footnotes, ref[1])
        source = None
        if at is not None:
            source = linked if at == ref[1] else self.with_links(footnotes[at], document)
        found = self._archives().found
        self._verified[ref] = (found, self._verify_cited(linked, source, document))

    def _verify(
        self,
        ref: FootnoteRef,
        linked: Footnote,
        source: Footnote | None,
        document: Document,
        fresh: bool = False,
    ) -> Footnote:
        """`verify_cited` of the linked footnote, or the one kept for the same links (unless
        `fresh`)."""
        key: _Key = (linked.links, source.links if source is not None else None)
        kept = self._verified.get(ref)
        if not fresh and kept is not None and kept[0] == key:
            return kept[1]
        verified = self._verify_cited(linked, source, document)
        self._verified[ref] = (key, verified)
        return verified

    def _verify_cited(
        self, linked: Footnote, source: Footnote | None, document: Document
    ) -> Footnote:
        """`verify_cited` of a linked footnote with its linked source (an ibid's)."""
        # A PDF's body lines are text-layer lines, which its reports do not show (they name
        # pages): a year note found in its body stays at the citing sentence, whose page is known.
        body_line = document.body_line if document.format != "pdf" else None
        body, threshold = document.body or None, self._options.title_threshold
        by_number = {source.number: source} if source is not None else {}
        return verify_cited(linked, by_number, body, body_line, threshold)

    def document(self, index: int, document: Document, *, fresh: bool = False) -> Document:
        """The document with links, source verification, link problems and a nothing-found
        warning filled in; `fresh` verifies every footnote again (the reference)."""
        footnotes = self._footnotes(index, document, fresh)
        inline = tuple(self._inline(s, document) for s in document.inline_sources)
        in_text = (p for s in inline for p in link_problems(s.links, s.line, in_text=True))
        problems = (*document.problems, *in_text)
        if (
            not document.footnotes
            and not inline
            and not any(p.code in _SAYS_WHY_EMPTY for p in problems)
        ):
            problems = (*problems, _NOTHING_FOUND)
        return dataclasses.replace(
            document, footnotes=footnotes, problems=problems, inline_sources=inline
        )

    def _footnotes(self, index: int, document: Document, fresh: bool) -> tuple[Footnote, ...]:
        """Every footnote of the document verified: a final one as kept while no archived
        copy is attached to its links or its source's; any other against its links (`_verify`).
        An ibid's source is the first footnote with the number it refers to."""
        found = self._archives().found
        footnotes = document.footnotes
        first: dict[int, int] = {}
        for i, footnote in enumerate(footnotes):
            first.setdefault(footnote.number, i)
        linked: dict[int, Footnote] = {}

        def link(i: int) -> Footnote:
            if i not in linked:
                linked[i] = self.with_links(footnotes[i], document)
            return linked[i]

        checked: list[Footnote] = []
        for i, footnote in enumerate(footnotes):
            ref, kept = (index, i), self._verified.get((index, i))
            at = first.get(footnote.ibid_of) if footnote.ibid_of is not None else None
            if not fresh and kept is not None and isinstance(kept[0], int):
                reads = (i,) if at is None else (i, at)
                if kept[0] == found or not any(_archived(link(j)) for j in reads):
                    self._verified[ref] = (found, kept[1])
                    checked.append(kept[1])
                    continue
            source = link(at) if at is not None else None
            checked.append(self._verify(ref, link(i), source, document, fresh))
        return tuple(checked)

    def _inline(self, source: InlineSource, document: Document) -> InlineSource:
        """An inline source with its `Link`: it names no title (`not_cited`); a permanent
        redirect suggests its target, as for a footnote. When another reading of its URL was
        used, that reading becomes the source's URL and the first one one of its
        alternatives."""
        link = self.link(source.url, other_readings(source.url, source.alternatives))
        link = dataclasses.replace(
            link, title_match=TitleMatch(TitleVerdict.NOT_CITED), suggested_url=suggested_url(link)
        )
        link = self._archives().attach(link, target_of(None, document), None)
        if link.url != source.url:
            others = tuple(r.url for r in link.alternatives)
            return dataclasses.replace(source, url=link.url, alternatives=others, links=(link,))
        return dataclasses.replace(source, links=(link,))

    def with_links(self, footnote: Footnote, document: Document) -> Footnote:
        """The footnote with one `Link` per URL (the reading used, see `link`), each with the
        archived copy found for it (`ArchiveLookups.attach`)."""
        archives = self._archives()
        if not archives.found:  # no copy to attach (`attach` keeps every link): no target
            links = tuple(
                self.link(url, footnote_readings(footnote, i))
                for i, url in enumerate(footnote.urls)
            )
            return dataclasses.replace(footnote, links=links)
        target = target_of(footnote, document)
        links = tuple(
            archives.attach(
                self.link(url, footnote_readings(footnote, i)), target, footnote.cited_title
            )
            for i, url in enumerate(footnote.urls)
        )
        return dataclasses.replace(footnote, links=links)

    def link(self, url: str, others: tuple[str, ...] = ()) -> Link:
        """The check result for a URL as written with its other readings: the first reading's
        link, unless its verdict is in doubt and another reading answered, in the order
        the run fetched them (`CheckRun._settle`); then that reading is the link (its URL,
        status, page, title and figures). `alternatives` lists the readings not used, with
        what each found (a reading not fetched yet, or not needed, has no status)."""
        first = self._reading(url) or Link(url, LinkStatus.SKIPPED, Reason.INTERRUPTED)
        if not others:
            return first
        if not doubts_reading(first.status, first.reason):
            return dataclasses.replace(first, alternatives=tuple(Reading(o) for o in others))
        tried: list[Reading] = []
        for index, other in enumerate(others):
            link = self._reading(other)
            if link is None:
                break  # not fetched (yet): the link stays as first read
            if answers(link.status):
                rest = (Reading(o) for o in others[index + 1 :])
                return dataclasses.replace(link, alternatives=(as_reading(first), *tried, *rest))
            tried.append(as_reading(link))
        rest = (Reading(o) for o in others[len(tried) :])
        return dataclasses.replace(first, alternatives=(*tried, *rest))


class Readiness:
    """Which footnotes have every result they need (their URLs' and, for an ibid, its source's:
    the first readings, each settled with its other readings): handed out once by `take`,
    footnote by footnote, or `by_document`: a document's footnotes together once all are
    ready. A run of many documents takes them by document, since verifying one footnote reads
    work done once per document body (`verify.years` keeps 32 bodies' years): footnote by
    footnote, a session's 50 motions took each footnote's body years anew (verification 2×)."""

    def __init__(self) -> None:
        self._settled: set[str] = set()
        self._waiting: dict[str, list[FootnoteRef]] = {}
        self._missing: dict[FootnoteRef, int] = {}
        self._ready: list[FootnoteRef] = []
        self._left: dict[int, int] = {}  # document → its footnotes not ready yet
        self._sizes: dict[int, int] = {}  # document → its footnotes
        self._complete: list[int] = []  # documents whose footnotes are all ready, not taken
        self._in_complete = 0  # their footnotes
        self.by_document = False
        """Take whole documents (set by `batches`, before the first `take`)."""
        self._batch = 1

    def add(self, index: int, document: Document, needs: Callable[[Footnote], set[str]]) -> None:
        """Register the footnotes of the run's `index`-th document."""
        footnotes = document.footnotes
        self._left[index] = self._sizes[index] = len(footnotes)
        for at, footnote in enumerate(footnotes):
            keys = needs(footnote)
            source = source_index(footnotes, at)
            if source is not None and source != at:
                keys |= needs(footnotes[source])
            missing = keys - self._settled
            if not missing:
                self._is_ready((index, at))
                continue
            self._missing[(index, at)] = len(missing)
            for key in missing:
                self._waiting.setdefault(key, []).append((index, at))

    def settled(self, key: str) -> None:
        """The URL fetched as `key` has its result, and its other readings what they need."""
        self._settled.add(key)
        for ref in self._waiting.pop(key, ()):
            self._missing[ref] -= 1
            if not self._missing[ref]:
                del self._missing[ref]
                self._is_ready(ref)

    def _is_ready(self, ref: FootnoteRef) -> None:
        """Footnote `ref` has what it needs."""
        if not self.by_document:
            self._ready.append(ref)
        self._left[ref[0]] -= 1
        if not self._left[ref[0]]:
            self._complete.append(ref[0])
            self._in_complete += self._sizes[ref[0]]

    def take(self, limit: int | None = None) -> list[FootnoteRef]:
        """The footnotes that became ready and were not taken yet: `limit` of them at most, or
        by document, whole documents until `limit` footnotes are reached."""
        if self.by_document:
            self._ready.clear()
            taken: list[FootnoteRef] = []
            while self._complete and (limit is None or len(taken) < limit):
                index = self._complete.pop(0)
                taken.extend((index, at) for at in range(self._sizes[index]))
                self._in_complete -= self._sizes[index]
            return taken
        if limit is None or limit >= len(self._ready):
            ready, self._ready = self._ready, []
            return ready
        ready, self._ready = self._ready[:limit], self._ready[limit:]
        return ready

    @property
    def waiting(self) -> bool:
        """Are footnotes ready that were not taken yet?"""
        return bool(self._complete if self.by_document else self._ready)

    def batches(self, documents: Sequence[Document]) -> None:
        """How the footnotes of the run's `documents` (all of them) are handed out: by
        document in a run of more than `FOOTNOTE_WISE` documents; `BATCH` at a time in a run of
        as many footnotes, one by one in a smaller one (never CPU-bound enough to matter)."""
        self.by_document = len(documents) > FOOTNOTE_WISE
        self._batch = BATCH if sum(len(d.footnotes) for d in documents) >= BATCH else 1

    @property
    def due(self) -> bool:
        """Should the ready footnotes be taken now: a batch of them waits, or the rest does
        (no footnote waits for a result any more)?"""
        return self.waiting and (self.count >= self._batch or not self.unready)

    @property
    def count(self) -> int:
        """How many footnotes `take` would hand out now."""
        return self._in_complete if self.by_document else len(self._ready)

    @property
    def unready(self) -> int:
        """How many footnotes still wait for a result."""
        return len(self._missing)


_SAYS_WHY_EMPTY = frozenset({ProblemCode.NOTHING_FOUND, ProblemCode.UNREADABLE_DOCUMENT})
"""Document problems that already explain an empty document (no nothing-found added)."""

_NOTHING_FOUND = Problem(
    ProblemCode.NOTHING_FOUND,
    Severity.WARNING,
    None,
    "No footnotes and no URLs found: is this the right document, "
    "saved in a format citecheck reads?",
)
"""The warning for a document without footnotes and without URLs in its text (parsers turn
every URL of the text into an inline source, so there is nothing left to count)."""
