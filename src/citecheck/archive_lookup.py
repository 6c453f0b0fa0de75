"""The archive step of a run: after the links are checked, look for archived copies of those that
need one (CDX queries, then the raw capture), through the run's own fetcher, so the per-host
limit, retries, Retry-After and the cache apply to the archive as to any host; and attach what
was found to the links. The rules themselves are `citecheck.archive`'s.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass

from citecheck.archive import (
    Capture,
    Target,
    archive_copy,
    cdx_queries,
    parse_cdx,
    replay_url,
    target_of,
    wants_archive,
)
from citecheck.models import Document, Fetched, Footnote, Link
from citecheck.options import ArchiveMode, CheckOptions
from citecheck.urls import fetchable

__all__ = ["ArchiveLookups", "FetchOne"]

FetchOne = Callable[[str], Awaitable[Fetched]]
"""Fetch one URL through the run (deduplicated, counted in its progress)."""

_Key = tuple[str, str | None]
"""(fetchable URL, target date): one look-up."""


@dataclass(frozen=True, slots=True)
class _Found:
    """A capture the CDX server named and its raw replay as fetched."""

    capture: Capture
    replay: Fetched


class ArchiveLookups:
    """The archived copies of one run: which to look for (`wanted`), looking (`look`), and
    attaching them to links (`attach`). Results are kept as they arrive, so a report made
    while look-ups are still running (an interrupted run) shows those that finished."""

    def __init__(self, options: CheckOptions) -> None:
        self._options = options
        self._found: dict[_Key, _Found] = {}
        self._stored = 0

    @property
    def enabled(self) -> bool:
        """Are copies looked for at all (`--archive` is not `never`, the run is online)?"""
        return self._options.archive is not ArchiveMode.NEVER and not self._options.offline

    @property
    def found(self) -> int:
        """How many copies were stored so far (a count that changes whenever `attach` may)."""
        return self._stored

    def wanted(self, documents: Sequence[Document]) -> list[tuple[str, Target]]:
        """The distinct (fetchable URL, target) look-ups the checked `documents` need, in
        document order (`archive.wants_archive`). A footnote that lacks a figure looks in the
        copies of its own links, or, for an ibid, of its source footnote's links (with the
        source's target date), since that is where its figures were looked for."""
        if not self.enabled:
            return []
        found: dict[tuple[str, Target], None] = {}
        for document in documents:
            for url, target in self._document_wants(document):
                found.setdefault((url, target))
        return list(found)

    def _document_wants(self, document: Document) -> Iterator[tuple[str, Target]]:
        """The look-ups of one checked document (duplicates included)."""
        mode = self._options.archive
        by_number: dict[int, Footnote] = {}
        for footnote in document.footnotes:
            by_number.setdefault(footnote.number, footnote)
        for footnote in document.footnotes:
            missing = any(not figure.found for figure in footnote.figures)
            source = by_number.get(footnote.ibid_of) if footnote.ibid_of is not None else None
            target = target_of(footnote, document)
            for link in footnote.links:
                if wants_archive(link, mode, figures_missing=missing and source is None):
                    yield fetchable(link.url), target
            if missing and source is not None:
                for link in source.links:
                    if wants_archive(link, mode, figures_missing=True):
                        yield fetchable(link.url), target_of(source, document)
        for inline in document.inline_sources:
            for link in inline.links:
                if wants_archive(link, mode):
                    yield fetchable(link.url), target_of(None, document)

    async def look(self, url: str, target: Target, fetch: FetchOne) -> None:
        """Ask the CDX server for a capture of `url` (`archive.cdx_queries`, in order, until one
        names a capture), then fetch its raw replay. An archive that fails or refuses (an
        error, a non-2xx answer, something that is no CDX answer) means no copy: the link
        keeps `archive` null."""
        base = self._options.archive_url
        capture: Capture | None = None
        for index, query in enumerate(cdx_queries(base, url, target.date)):
            answer = await fetch(query)
            status = answer.http_status
            if answer.error_kind is not None or status is None or not 200 <= status <= 299:
                return
            capture = parse_cdx(answer.text_excerpt, last=index == 0)
            if capture is not None:
                break
        if capture is None:
            return
        replay = await fetch(replay_url(base, capture))
        self._found[(url, target.date)] = _Found(capture, replay)
        self._stored += 1

    def attach(self, link: Link, target: Target, cited_title: str | None) -> Link:
        """`link` with the archived copy found for it and `target` (`archive.archive_copy`:
        verified or not), or unchanged when none was found (or looked for)."""
        if not self._found:
            return link  # nothing found (or looked for): no need to work out the key
        found = self._found.get((fetchable(link.url), target.date))
        if found is None:
            return link
        copy = archive_copy(
            found.capture,
            found.replay,
            target,
            archive_url=self._options.archive_url,
            cited_title=cited_title,
            title_threshold=self._options.title_threshold,
        )
        return dataclasses.replace(link, archive=copy)
