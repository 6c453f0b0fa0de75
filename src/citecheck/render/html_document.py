"""The HTML report's view of each document: its findings, its body with every marker and
inline URL in place, its footnotes with their sources and its links in the running text; and
`report_view`, the documents inside the report's summary. Pure.
"""

from __future__ import annotations

import time

from citecheck.i18n import Words
from citecheck.models import Document, Footnote, InlineSource, Report
from citecheck.render.findings import (
    count_severities,
    describe_severities,
    document_findings,
    where,
)
from citecheck.render.html_body import Anchor, layout_body
from citecheck.render.html_view import (
    DocumentView,
    FootnoteView,
    InlineView,
    MarkerView,
    ReportView,
    Tone,
    inline_anchor,
    link_view,
    overall,
    place_of,
    problem_view,
    summary_view,
)

__all__ = ["document_view", "report_view"]


def _footnote(
    document: Document,
    footnote: Footnote,
    fid: str,
    tr: Words,
    now: float,
    suggest_titles: bool,
) -> FootnoteView:
    """One footnote with its sources, findings, figures and suggestions."""
    links = [link_view(link, footnote, tr, now) for link in footnote.links]
    problems = [problem_view(p, place_of(document, footnote, p, tr), tr) for p in footnote.problems]
    suggested = footnote.suggested_title if suggest_titles else None
    return FootnoteView(
        id=fid,
        number=footnote.number,
        where=where(document, footnote.line, footnote.page, tr),
        verdict=overall(problems, links, tr),
        text=footnote.text,
        cited_title=footnote.cited_title,
        links=links,
        problems=problems,
        found=[f.value for f in footnote.figures if f.found],
        missing=[f.value for f in footnote.figures if not f.found],
        suggested_title=suggested,
        statuses=" ".join(dict.fromkeys(link.status.value for link in footnote.links)),
    )


def _inline(
    document: Document, source: InlineSource, sid: str, tr: Words, now: float
) -> InlineView:
    """One URL of the running text with its verdict and the findings about it."""
    links = [link_view(link, None, tr, now) for link in source.links]
    problems = [
        problem_view(p, where(document, source.line, source.page, tr), tr)
        for p in document.problems
        if p.url is not None and p.url == source.url
    ]
    return InlineView(
        id=sid,
        where=where(document, source.line, source.page, tr),
        context=source.context,
        verdict=overall(problems, links, tr),
        links=links,
        problems=problems,
        statuses=" ".join(dict.fromkeys(link.status.value for link in source.links)),
    )


def _link_ibid(
    footnote: Footnote, view: FootnoteView, views: list[FootnoteView], tr: Words
) -> None:
    """Point an "Ebd." footnote at the footnote it means (its verdict says so when it has no
    source of its own)."""
    if footnote.ibid_of is None:
        return
    target = next((v for v in views if v.number == footnote.ibid_of), None)
    if target is None:
        return
    words = tr("ibid. → footnote {n}").format(n=footnote.ibid_of)
    view.ibid = (target.id, words)
    if not view.links and view.verdict.tone == "neutral":
        view.verdict = Tone("neutral", words)


def document_view(
    document: Document, did: str, tr: Words, now: float, suggest_titles: bool
) -> DocumentView:
    """The view of one document: findings about the document as a whole, the body laid out
    with its markers and inline URLs, footnotes and inline URLs."""
    footnotes = [
        _footnote(document, f, f"{did}-fn{index}", tr, now, suggest_titles)
        for index, f in enumerate(document.footnotes, 1)
    ]
    inline = [
        _inline(document, s, f"{did}-url{index}", tr, now)
        for index, s in enumerate(document.inline_sources, 1)
    ]
    for footnote, view in zip(document.footnotes, footnotes, strict=True):
        _link_ibid(footnote, view, footnotes, tr)
    markers: list[MarkerView] = []
    anchors: list[Anchor] = []
    for footnote, view in zip(document.footnotes, footnotes, strict=True):
        for reference in footnote.references:
            key = len(markers)
            marker_id = f"{view.id}-ref{len(view.back) + 1}"
            label = footnote.marker or str(footnote.number)
            description = tr("footnote {n}").format(n=footnote.number)
            markers.append(
                MarkerView(
                    marker_id, view.id, label, view.verdict, f"{description}: {view.verdict.words}"
                )
            )
            anchors.append(Anchor(key, reference.offset, reference.context))
            view.back.append((marker_id, where(document, reference.line, reference.page, tr)))
    urls = [inline_anchor(index, source) for index, source in enumerate(document.inline_sources)]
    paragraphs, lost_markers, lost_urls = layout_body(document.body, anchors, urls)
    general = [
        problem_view(p, place_of(document, None, p, tr), tr)
        for p in document.problems
        if p.url is None or all(s.url != p.url for s in document.inline_sources)
    ]
    counts = count_severities(
        [f for f in document_findings(document) if f.problem.accepted is None]
    )
    worst = overall(general + [p for f in footnotes for p in f.problems], [], tr).tone
    verdict = Tone("ok" if worst == "neutral" else worst, describe_severities(counts, tr))
    return DocumentView(
        id=did,
        path=document.path,
        format=document.format,
        verdict=verdict,
        problems=general,
        paragraphs=paragraphs,
        markers=markers,
        footnotes=footnotes,
        inline=inline,
        unplaced_markers=lost_markers,
        unplaced_urls=lost_urls,
    )


def report_view(
    report: Report, tr: Words, *, quiet: bool = False, suggest_titles: bool = False
) -> ReportView:
    """The view of the whole report: every document (ids d1, d2, …) and the summary."""
    now = time.time()
    documents = [
        document_view(document, f"d{number}", tr, now, suggest_titles)
        for number, document in enumerate(report.documents, 1)
    ]
    return summary_view(report, tr, documents, quiet)
