"""What the HTML report shows, worked out before the template runs: every verdict as a tone, a
symbol and words in the reader's language, every URL that may become a link checked (http and
https only), and the body laid out with its markers. Pure: a `Report` in, plain values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from citecheck.i18n import Words, help_uri
from citecheck.i18n.catalog import CODES, REASONS, STATUSES
from citecheck.models import (
    Document,
    Footnote,
    InlineSource,
    Link,
    LinkStatus,
    Problem,
    Report,
    Severity,
    TitleVerdict,
)
from citecheck.readings import reading_note
from citecheck.render.findings import (
    cache_note,
    has_typo,
    hop_status,
    page_at,
    run_state,
    severity_count,
    severity_word,
    verdict_line,
    where,
)
from citecheck.render.html_body import Anchor, Paragraph

__all__ = ["DocumentView", "ReportView", "Tone", "safe_href", "summary_view"]

_HTTP_URL: Final = re.compile(r"https?://[^\s\x00-\x1f\x7f<>\"'`\\]+", re.IGNORECASE)

_SYMBOLS: Final = {"error": "✗", "warning": "⚠", "info": "ℹ", "ok": "✓", "neutral": "○"}
_STATUS_TONES: Final = {
    LinkStatus.OK: "ok",
    LinkStatus.REDIRECT: "warning",
    LinkStatus.DEAD: "error",
    LinkStatus.SOFT_404: "error",
    LinkStatus.ERROR: "error",
    LinkStatus.BLOCKED: "warning",
    LinkStatus.TIMEOUT: "warning",
    LinkStatus.SKIPPED: "neutral",
}


def safe_href(url: str | None) -> str | None:
    """`url` when it may become a link: an absolute http or https URL with a host and no
    blank, control character or quote in it; else None (the report shows it as text)."""
    if not url or not _HTTP_URL.fullmatch(url):
        return None
    rest = url.split("://", 1)[1]
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return url if host.rsplit("@", 1)[-1] else None


@dataclass(frozen=True, slots=True)
class Tone:
    """A verdict as the report shows it: a colour class, a symbol and words (never colour
    alone)."""

    tone: str
    """error, warning, info, ok or neutral (the CSS class)."""
    words: str
    """The verdict in words."""

    @property
    def symbol(self) -> str:
        """The symbol of the tone (✗ ⚠ ℹ ✓ ○)."""
        return _SYMBOLS[self.tone]


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of the HTTP chain: a status and the URL that gave it."""

    status: int | None
    url: str
    href: str | None


@dataclass(frozen=True, slots=True)
class LinkView:
    """One checked URL with everything the report says about it."""

    url: str
    href: str | None
    verdict: Tone
    state: str
    """Reason in words, HTTP status and the age of a cached verdict."""
    chain: tuple[Hop, ...]
    page_title: str | None
    title: Tone | None
    """The page title against the cited title (None: nothing to compare)."""
    advice: str | None
    reading: str | None
    suggested_url: str | None
    suggested_href: str | None
    archive: Hop | None
    """The archived copy (`Link.archive`, when the archive feature has set it)."""


@dataclass(frozen=True, slots=True)
class ProblemView:
    """One finding: tone, kind (linked to its entry on docs/codes.md), message and fix."""

    verdict: Tone
    kind: str
    help: str
    message: str
    fix: str
    accepted: bool
    where: str


@dataclass(frozen=True, slots=True)
class MarkerView:
    """A footnote marker in the body, pointing to its footnote."""

    id: str
    target: str
    label: str
    verdict: Tone
    description: str


@dataclass(slots=True)
class FootnoteView:
    """One footnote as the report prints it below the body."""

    id: str
    number: int
    where: str
    verdict: Tone
    text: str
    cited_title: str | None
    links: list[LinkView]
    problems: list[ProblemView]
    found: list[str]
    missing: list[str]
    suggested_title: str | None
    back: list[tuple[str, str]] = field(default_factory=list)
    """(marker id, where) of every marker that cites it."""
    statuses: str = ""
    ibid: tuple[str, str] | None = None
    """(footnote id, words) of the footnote an "Ebd." means."""


@dataclass(slots=True)
class InlineView:
    """A URL of the running text with its verdict."""

    id: str
    where: str
    context: str
    verdict: Tone
    links: list[LinkView]
    problems: list[ProblemView]
    statuses: str = ""


@dataclass(slots=True)
class DocumentView:
    """One document: its findings, its body with markers, its footnotes and inline URLs."""

    id: str
    path: str
    format: str
    verdict: Tone
    problems: list[ProblemView]
    paragraphs: list[Paragraph]
    markers: list[MarkerView]
    footnotes: list[FootnoteView]
    inline: list[InlineView]
    unplaced_markers: list[int]
    unplaced_urls: list[int]


@dataclass(frozen=True, slots=True)
class Bar:
    """One segment of the severity bar (x and width in percent)."""

    tone: str
    x: float
    width: float
    label: str


@dataclass(slots=True)
class ReportView:
    """The whole report: verdict, counts, filters and documents."""

    verdict: Tone
    verdict_text: str
    state: str | None
    figures: str
    severities: list[tuple[Tone, int]]
    bar: list[Bar]
    statuses: list[tuple[str, Tone, int]]
    documents: list[DocumentView]
    problems_only: bool
    tool_version: str
    seconds: str


def _link_tone(link: Link, tr: Words) -> Tone:
    """The link's status as a tone, its reason in words when it has one."""
    return Tone(_STATUS_TONES[link.status], tr.status(link.status))


def _title_tone(footnote: Footnote | None, link: Link, tr: Words) -> Tone | None:
    """The page title against the cited title: matches, typo or differs; None otherwise."""
    verdict = link.title_match.verdict
    if verdict is TitleVerdict.MATCH:
        if footnote is not None and has_typo(footnote, link):
            return Tone("warning", tr("typo in title"))
        return Tone("ok", tr("title matches"))
    if verdict is TitleVerdict.MISMATCH:
        return Tone("warning", tr("different title"))
    return None


def _archive(link: Link) -> Hop | None:
    """The hook for the archived copy: `Link.archive` once the archive feature adds it (a URL,
    or an object with `url` and perhaps `timestamp`); None while it is absent or None."""
    archive: Any = getattr(link, "archive", None)
    if archive is None:
        return None
    url = archive if isinstance(archive, str) else getattr(archive, "url", None)
    if not isinstance(url, str):
        return None
    return Hop(None, url, safe_href(url))


def _advice(link: Link, tr: Words) -> str:
    """What happened and what to do: the reason's words, else the status's."""
    if link.reason is not None and link.reason in REASONS:
        return tr.reason_advice(link.reason)
    entry = tr.entry(STATUSES[link.status])
    return f"{entry.meaning} {entry.fix}"


def link_view(link: Link, footnote: Footnote | None, tr: Words, now: float) -> LinkView:
    """Everything the report says about one link."""
    parts = [tr.reason(link.reason)] if link.reason else []
    status = hop_status(link)
    if status is not None:
        parts.append(f"HTTP {status}")
    cached = cache_note(link, now, tr)
    if cached:
        parts.append(cached)
    chain = [Hop(hop.status, hop.url, safe_href(hop.url)) for hop in link.redirects]
    if link.final_url and (chain or link.final_url != link.url):
        chain.append(Hop(link.http_status, link.final_url, safe_href(link.final_url)))
    ok = link.status in (LinkStatus.OK, LinkStatus.SKIPPED) and link.reason != "offline"
    return LinkView(
        url=link.url,
        href=safe_href(link.url),
        verdict=_link_tone(link, tr),
        state=", ".join(parts),
        chain=tuple(chain),
        page_title=link.page_title,
        title=_title_tone(footnote, link, tr),
        advice=None if ok else _advice(link, tr),
        reading=reading_note(link),
        suggested_url=link.suggested_url,
        suggested_href=safe_href(link.suggested_url),
        archive=_archive(link),
    )


def problem_view(problem: Problem, place: str, tr: Words) -> ProblemView:
    """One finding in words."""
    entry = CODES[problem.code]
    tone = "info" if problem.severity is Severity.INFO else problem.severity.value
    words = severity_word(problem.severity, tr)
    if problem.accepted is not None:
        words = f"{words} ({tr('accepted')})"
    return ProblemView(
        verdict=Tone(tone, words),
        kind=tr(entry.label),
        help=help_uri(entry.anchor),
        message=problem.message,
        fix=tr(entry.fix),
        accepted=problem.accepted is not None,
        where=place,
    )


def overall(problems: list[ProblemView], links: list[LinkView], tr: Words) -> Tone:
    """The verdict of a footnote or inline URL: its worst finding that counts (its kind in
    words), else its links' status (ok), else neutral (no source, not checked)."""
    order = ("error", "warning", "info")
    active = [p for p in problems if not p.accepted]
    for tone in order:
        worst = [p for p in active if p.verdict.tone == tone]
        if worst:
            more = f" (+{len(active) - 1})" if len(active) > 1 else ""
            return Tone(tone, worst[0].kind + more)
    if links and all(link.verdict.tone == "ok" for link in links):
        return Tone("ok", links[0].verdict.words)
    if links:
        return Tone("neutral", links[0].verdict.words)
    return Tone("neutral", tr("no checkable source"))


def summary_view(
    report: Report, tr: Words, documents: list[DocumentView], quiet: bool
) -> ReportView:
    """The whole report around its `documents`: verdict, figures, severity counts with their
    bar and status counts."""
    summary = report.summary
    severities = [
        (Tone("info" if s is Severity.INFO else s.value, severity_count(s, n, tr)), n)
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        for n in [summary.by_severity.get(s.value, 0)]
    ]
    total = sum(n for _, n in severities)
    bar: list[Bar] = []
    done = 0
    for tone, n in severities:
        if n:
            x, end = round(100 * done / total, 2), round(100 * (done + n) / total, 2)
            bar.append(Bar(tone.tone, x, round(end - x, 2), tone.words))
            done += n
    statuses = [
        (status.value, Tone(_STATUS_TONES[status], tr.status(status)), summary.by_status[status])
        for status in LinkStatus
        if summary.by_status.get(status.value)
    ]
    passed = summary.verdict == "pass" and not report.interrupted
    figures = " · ".join(
        (
            tr.plural("{n} document", "{n} documents", summary.documents),
            tr.plural("{n} footnote", "{n} footnotes", summary.footnotes),
            tr.plural("{n} link", "{n} links", summary.links),
        )
    )
    return ReportView(
        verdict=Tone("ok" if passed else "error", tr("pass") if passed else tr("fail")),
        verdict_text=verdict_line(report, tr),
        state=run_state(report, tr),
        figures=figures,
        severities=severities,
        bar=bar,
        statuses=[(value, tone, n) for value, tone, n in statuses],
        documents=documents,
        problems_only=quiet,
        tool_version=report.tool_version,
        seconds=f"{report.elapsed_ms / 1000:.1f} s",
    )


def place_of(document: Document, footnote: Footnote | None, problem: Problem, tr: Words) -> str:
    """Where a finding is, in words ("line 12", "p. 3")."""
    line = problem.line if problem.line is not None else (footnote.line if footnote else None)
    page = page_at(footnote, problem.line)
    return where(document, line, page, tr)


def inline_anchor(key: int, source: InlineSource) -> Anchor:
    """The body anchor of an inline URL."""
    return Anchor(key, source.offset, source.context, source.url)
