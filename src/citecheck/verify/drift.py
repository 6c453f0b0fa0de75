"""Drift: a source that changed since it was cited. When the live page lacks a figure of the
citing sentence (or its title now mismatches) and the verified archived copy from the time has
it, the footnote gets `source-changed` instead of the figure or title problem."""

from __future__ import annotations

import dataclasses

from citecheck.archive import capture_date
from citecheck.models import (
    ArchiveCopy,
    Footnote,
    Link,
    Problem,
    ProblemCode,
    Severity,
    TitleVerdict,
)
from citecheck.titles import MATCH_THRESHOLD, compare_titles
from citecheck.verify.figures import check_figures

__all__ = ["source_changed"]


def _verified(link: Link) -> ArchiveCopy | None:
    """The link's archived copy when it is verified and was fetched, else None."""
    copy = link.archive
    if copy is None or not copy.verified or copy.fetched is None:
        return None
    return copy


def source_changed(
    footnote: Footnote, source: Footnote | None = None, *, title_threshold: float = MATCH_THRESHOLD
) -> Footnote:
    """The verified footnote with drift findings (`source-changed`, a warning).

    Figures: each figure of the citing sentences that the live page lacks (`Figure.found` is
    false) but a verified archived copy of one of the source's links has (the same
    `check_figures` rule) gets "„27 Prozent“ is in the archived copy of 16 Aug 2023 but no
    longer on the live page", replacing its figure-not-in-source warning. `source` is the
    footnote an ibid resolves to (its links are where the figures were looked for).

    Titles: a link whose title verdict is a mismatch while its verified copy's title matches
    the cited title gets "the cited title … is in the archived copy … but the live page now
    says …", replacing one title-mismatch warning. When no copy has it, the existing figure
    and title problems stand (the citation itself may be wrong).
    """
    problems = list(footnote.problems)
    changed = _figure_drift(footnote, source or footnote, problems)
    changed += _title_drift(footnote, problems, title_threshold)
    if not changed:
        return footnote
    return dataclasses.replace(footnote, problems=(*problems, *changed))


def _figure_drift(footnote: Footnote, owner: Footnote, problems: list[Problem]) -> list[Problem]:
    """Source-changed findings for figures only an archived copy has; their
    figure-not-in-source problems are taken out of `problems`."""
    missing = [figure.value for figure in footnote.figures if not figure.found]
    if not missing or not footnote.references:
        return []
    where = footnote.references[0].line
    sentences = [reference.context for reference in footnote.references]
    found: list[Problem] = []
    for link in owner.links:
        copy = _verified(link)
        if copy is None or copy.fetched is None:
            continue
        text = "\n".join([*copy.fetched.title_candidates, copy.fetched.text_excerpt])
        in_copy = {figure.value for figure in check_figures(sentences, text) if figure.found}
        for value in [v for v in missing if v in in_copy]:
            missing.remove(value)
            _drop(problems, ProblemCode.FIGURE_NOT_IN_SOURCE, f"„{value}“")
            message = (
                f"„{value}“ is in the archived copy of {capture_date(copy.timestamp)} but no "
                f"longer on the live page: {copy.url}"
            )
            found.append(
                Problem(ProblemCode.SOURCE_CHANGED, Severity.WARNING, where, message, url=link.url)
            )
    return found


def _title_drift(footnote: Footnote, problems: list[Problem], threshold: float) -> list[Problem]:
    """Source-changed findings for links whose live title mismatches the cited title while
    their archived copy's title matches it; one title-mismatch problem goes per finding."""
    cited = footnote.cited_title
    found: list[Problem] = []
    for link in footnote.links:
        copy = _verified(link)
        if cited is None or copy is None or copy.fetched is None:
            continue
        if link.title_match.verdict is not TitleVerdict.MISMATCH:
            continue
        seen = copy.fetched
        candidates = list(seen.title_candidates) or ([seen.page_title] if seen.page_title else [])
        match, _ = compare_titles(cited, candidates, threshold=threshold)
        if match.verdict is not TitleVerdict.MATCH:
            continue
        _drop(problems, ProblemCode.TITLE_MISMATCH, "")
        now = f"„{link.page_title}“" if link.page_title else "another title"
        message = (
            f"The cited title „{cited}“ is in the archived copy of "
            f"{capture_date(copy.timestamp)}, but the live page now says {now}: {copy.url}"
        )
        found.append(
            Problem(
                ProblemCode.SOURCE_CHANGED, Severity.WARNING, footnote.line, message, url=link.url
            )
        )
    return found


def _drop(problems: list[Problem], code: ProblemCode, needle: str) -> None:
    """Remove the first problem of `code` whose message contains `needle`."""
    for index, problem in enumerate(problems):
        if problem.code is code and needle in problem.message:
            del problems[index]
            return
