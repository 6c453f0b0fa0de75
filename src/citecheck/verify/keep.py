"""What a run keeps of each fetched page (`TextUse`): after its classification a page's
visible text is read only by the figure look-ups of the footnotes citing it, so the other pages
are kept without it, and a page that is its footnote's only source keeps its figures instead."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from citecheck.figures import FigureMention, find_figures
from citecheck.models import Document, Fetched, Footnote
from citecheck.page_figures import page_index
from citecheck.page_figures import source_text as source_text  # verify's name for it
from citecheck.readings import footnote_readings
from citecheck.urls import fetchable


def figure_sources(footnotes: Sequence[Footnote]) -> Iterator[Footnote]:
    """The footnotes of one document whose pages a figure look-up may read, a superset of
    `verify_footnote`'s: every footnote whose citing sentences name a figure, and for such an
    ibid every footnote with the number it refers to (its source)."""
    numbers: set[int] = set()
    for footnote in footnotes:
        if any(find_figures(r.context) for r in footnote.references):
            yield footnote
            if footnote.ibid_of is not None:
                numbers.add(footnote.ibid_of)
    if numbers:
        yield from (f for f in footnotes if f.number in numbers)


@dataclass(frozen=True, slots=True)
class TextUse:
    """Which fetched pages' text verification reads, by fetchable URL (every reading)."""

    alone: frozenset[str] = frozenset()
    """Pages looked up as the only page of a figure source: their `figure_index` suffices."""
    joined: frozenset[str] = frozenset()
    """Pages looked up together with others (a footnote citing several URLs): text kept."""

    @classmethod
    def of(cls, documents: Sequence[Document]) -> TextUse:
        """The text use of the figure sources of `documents` (`figure_sources`)."""
        return TextUseSoFar().of(documents)

    def kept(self, key: str, fetched: Fetched) -> Fetched:
        """What to keep of the page fetched as `key` once it is classified: itself (its text
        is joined with other pages'), without its text but with its figures (alone: the index
        the fetching process made, `page_figures.with_figures`, else made now), or without
        its text (never read again)."""
        if key in self.joined:
            return (
                fetched if fetched.figures is None else dataclasses.replace(fetched, figures=None)
            )
        if key in self.alone:
            if not fetched.text_excerpt:  # no text, or kept already: its index stays as it is
                return fetched
            figures = fetched.figures if fetched.figures is not None else _index(fetched)
            return dataclasses.replace(fetched, text_excerpt="", figures=figures)
        if not fetched.text_excerpt and fetched.figures is None:
            return fetched
        return dataclasses.replace(fetched, text_excerpt="", figures=None)

    def wants_figures(self, key: str) -> bool:
        """Whether the page fetched as `key` keeps its figure index (`kept`): what a fetching
        worker process is told with the URL (`fetch.shard`), so it makes the index."""
        return key in self.alone


class TextUseSoFar:
    """`TextUse.of` a run's documents as they are read, each document's figure sources read
    once: while a run still reads, what the documents so far say (a worker is asked for the
    figure index of the pages they look up alone); once every document is in, the run's."""

    def __init__(self) -> None:
        self._read = 0
        self._alone: set[str] = set()
        self._joined: set[str] = set()
        self._made = TextUse()

    def of(self, documents: Sequence[Document]) -> TextUse:
        """The text use of `documents`: those of the last call, and any added since."""
        if self._read < len(documents):
            for document in documents[self._read :]:
                for footnote in figure_sources(document.footnotes):
                    into = self._alone if len(footnote.urls) == 1 else self._joined
                    for i, url in enumerate(footnote.urls):
                        into.update(fetchable(u) for u in (url, *footnote_readings(footnote, i)))
            self._read = len(documents)
            self._made = TextUse(frozenset(self._alone - self._joined), frozenset(self._joined))
        return self._made


def _index(fetched: Fetched) -> tuple[FigureMention, ...]:
    """The figure index of a page, made here (`page_figures.page_index`)."""
    return page_index(fetched)
