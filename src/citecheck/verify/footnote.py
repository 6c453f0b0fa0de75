"""Source verification of one footnote (`verify_footnote`): titles, figures, years and
suggestions for each link that reached its page, read from the link's own `Fetched`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from citecheck.link_problems import link_problems
from citecheck.models import (
    Figure,
    Footnote,
    Link,
    LinkStatus,
    Problem,
    ProblemCode,
    Severity,
)
from citecheck.titles import MATCH_THRESHOLD, compare_titles
from citecheck.verify.drift import source_changed
from citecheck.verify.figures import ContainsFigure, FindFigures, check_figures
from citecheck.verify.keep import source_text
from citecheck.verify.suggestions import suggested_url, suggestions
from citecheck.verify.years import year_notes


def _reached(link: Link) -> bool:
    """Did the link lead to a page whose title and text describe the source?"""
    return link.status in (LinkStatus.OK, LinkStatus.REDIRECT)


def verify_footnote(
    footnote: Footnote,
    *,
    source: Footnote | None = None,
    body: str | None = None,
    body_line: Callable[[int], int | None] | None = None,
    find: FindFigures | None = None,
    contains: ContainsFigure | None = None,
    title_threshold: float = MATCH_THRESHOLD,
) -> Footnote:
    """The footnote with source verification filled in: the one call `check` needs.

    `footnote` already has its `links` (status, page_title …), each with the `Fetched`
    observation it was judged from (`Link.fetched`: title candidates, visible text). `source` is,
    for an ibid footnote, the footnote it resolves to (with links): figures are then looked up in
    that source. `body` is the document's text, for the named-edition year rule (see
    `year_notes`; `body_line` gives the line a body offset is printed on, so that the note
    names the line of the year); without it only the cited title and the citing sentences are
    looked at. Adds
    to each reached link its `title_match` (and `suggested_url` for a permanent redirect), to the
    footnote its `figures` and `suggested_title`, and the problems: title-typo, title-mismatch,
    figure-not-in-source, year-mismatch. Links that did not reach their page keep a title
    verdict of not_cited/unavailable and contribute no text. `title_threshold` is passed to
    `compare_titles`.
    """
    problems = list(footnote.problems)
    links: list[Link] = []
    suggested_title = footnote.suggested_title
    year_note: Problem | None = None
    for link in footnote.links:
        checked, problem = _check_link(footnote, link, title_threshold)
        links.append(checked)
        if problem is not None:
            problems.append(problem)
        if not _reached(link) or link.fetched is None:
            continue
        title, _ = suggestions(footnote, link)
        if title is not None and suggested_title is None:
            # page_title is already the best candidate without site affixes (titles.best_title).
            suggested_title = title
        if year_note is None:
            year_note = _year_note(footnote, link, body, body_line)
    if year_note is not None:
        problems.append(year_note)
    figures = _footnote_figures(footnote, source or footnote, find, contains)
    problems.extend(_figure_problems(footnote, source, figures))
    return dataclasses.replace(
        footnote,
        links=tuple(links),
        figures=figures,
        suggested_title=suggested_title,
        problems=tuple(problems),
    )


def verify_cited(
    footnote: Footnote,
    by_number: dict[int, Footnote],
    body: str | None,
    body_line: Callable[[int], int | None] | None,
    title_threshold: float,
) -> Footnote:
    """The whole check of one footnote with its links, as a run makes it: source verification
    (`verify_footnote`; an ibid's source is `by_number`'s footnote of its number), drift
    against the archived copies (`drift.source_changed`), then the link problems."""
    source = by_number.get(footnote.ibid_of) if footnote.ibid_of is not None else None
    verified = verify_footnote(
        footnote,
        source=source,
        body=body,
        body_line=body_line,
        title_threshold=title_threshold,
    )
    verified = source_changed(verified, source, title_threshold=title_threshold)
    found = tuple(link_problems(verified.links, footnote.line))
    if not found:
        return verified
    return dataclasses.replace(verified, problems=(*verified.problems, *found))


def _check_link(footnote: Footnote, link: Link, threshold: float) -> tuple[Link, Problem | None]:
    """The link with its title verdict (and suggested URL when reached), and a title problem."""
    seen = link.fetched
    if not _reached(link) or seen is None:
        verdict, _ = compare_titles(footnote.cited_title, [])
        return dataclasses.replace(link, title_match=verdict), None
    candidates = list(seen.title_candidates) or ([link.page_title] if link.page_title else [])
    match, problem = compare_titles(
        footnote.cited_title, candidates, line=footnote.line, threshold=threshold
    )
    return dataclasses.replace(link, title_match=match, suggested_url=suggested_url(link)), problem


def _figure_problems(
    footnote: Footnote, source: Footnote | None, figures: tuple[Figure, ...]
) -> list[Problem]:
    """A figure-not-in-source warning per figure the source lacks, at the first citing line."""
    where = footnote.references[0].line if footnote.references else footnote.line
    whose = f"footnote {footnote.number}" if source is None else f"footnote {source.number}"
    return [
        Problem(
            ProblemCode.FIGURE_NOT_IN_SOURCE,
            Severity.WARNING,
            where,
            f"„{figure.value}“ from the citing sentence was not found in the source of {whose}.",
        )
        for figure in figures
        if not figure.found
    ]


def _year_note(
    footnote: Footnote,
    link: Link,
    body: str | None,
    body_line: Callable[[int], int | None] | None = None,
) -> Problem | None:
    """The first year note for one reached link: cited title, citing sentences, then body
    (`body_line`: the input line of a body offset, see `Document.body_line`)."""
    url = link.final_url or link.url
    note = year_notes(footnote.cited_title, url, link.page_title, line=footnote.line, is_title=True)
    for reference in footnote.references:
        note = note or year_notes(reference.context, url, link.page_title, line=reference.line)
    if note is None and body is not None:
        # A note found in the body is placed where its year is printed (`body_line`); when that
        # line is not known, at the footnote's first citing sentence.
        note = year_notes(body, url, link.page_title, line_at=body_line)
        if note is not None and note.line is None:
            where = footnote.references[0].line if footnote.references else footnote.line
            note = dataclasses.replace(note, line=where)
    if note is None and link.final_url and link.final_url != link.url:
        # The URL as cited may carry the year that the redirect target no longer shows.
        return _year_note(footnote, dataclasses.replace(link, final_url=None), body, body_line)
    return note


def _footnote_figures(
    footnote: Footnote,
    source: Footnote,
    find: FindFigures | None,
    contains: ContainsFigure | None,
) -> tuple[Figure, ...]:
    """Figures of the footnote's citing sentences, looked up in the source's reached pages
    (the page's figure index when it is the only one and its text was dropped: `TextUse`)."""
    pages = [link.fetched for link in source.links if _reached(link) and link.fetched is not None]
    if not pages or not footnote.references:
        return ()
    sentences = [r.context for r in footnote.references]
    index = pages[0].figures if len(pages) == 1 else None
    if index is not None and find is None and contains is None:
        return check_figures(sentences, "", index=index)
    text = "\n".join(source_text(page) for page in pages)
    return check_figures(sentences, text, find=find, contains=contains)
