"""The terminal report, problems first: per document the findings (errors, then warnings), then
the footnotes that have any, the rest as a count; a summary and the verdict close. Words in the
reader's language (`citecheck.i18n`); URLs are printed whole, never cut or wrapped.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Iterable
from io import StringIO
from typing import assert_never

from rich.console import Console
from rich.text import Text

from citecheck.i18n import Words, words
from citecheck.models import (
    Document,
    Footnote,
    InlineSource,
    Link,
    LinkStatus,
    Report,
    Severity,
    TitleVerdict,
)
from citecheck.readings import reading_note
from citecheck.render.archived import archive_label
from citecheck.render.findings import (
    Finding,
    accepted_word,
    at_or_above,
    cache_note,
    count_severities,
    describe_findings,
    document_findings,
    document_links,
    has_typo,
    hop_status,
    is_quiet_footnote,
    problem_text,
    severity_count,
    severity_word,
    split_known,
    verdict_line,
    where,
    worst_first,
)

__all__ = ["TableRenderer", "status_cell"]

#: Prose wraps at the terminal's width, but no wider than this (long lines are hard to read).
MAX_TEXT_WIDTH = 100
#: Longest citing sentence shown without --verbose.
MAX_CONTEXT_CHARS = 160
#: Indent of a finding's details (after "  ✗ error   ") and of a footnote's.
_FINDING_INDENT = 12
_FOOTNOTE_INDENT = 6
_LINK_INDENT = 8

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SEVERITY_MARK = {Severity.ERROR: "✗", Severity.WARNING: "⚠", Severity.INFO: "i"}


def status_cell(status: LinkStatus, tr: Words | None = None) -> tuple[str, str]:
    """Symbol and word for a status, and its colour (the word keeps it readable in mono)."""
    word = (tr or words("en")).status(status)
    match status:
        case LinkStatus.OK:
            return f"✓ {word}", "green"
        case LinkStatus.REDIRECT:
            return f"↪ {word}", "yellow"
        case LinkStatus.DEAD | LinkStatus.SOFT_404:
            return f"✗ {word}", "bold red"
        case LinkStatus.BLOCKED | LinkStatus.TIMEOUT:
            return f"? {word}", "magenta"
        case LinkStatus.ERROR:
            return f"! {word}", "bold red"
        case LinkStatus.SKIPPED:
            return f"- {word}", "dim"
        case _:  # pragma: no cover - exhaustive
            assert_never(status)


def _clip(text: str, limit: int) -> str:
    """`text` whitespace-normalised and cut at a word boundary near `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + " …"


class TableRenderer:
    """Renders a `Report` as terminal text, to a string.

    Per document: a heading with the counts; "Problems", worst first, each with its location
    (line; page of a PDF; paragraph of a DOCX), the footnote, what kind of problem it is in
    words, the URL on a line of its own and what to do; "Footnotes" with the details of every
    footnote that has a finding (status and HTTP status per link, a redirect's own 301/302,
    titles, a typo as a typo, figures, the citing sentence, whether the verdict is cached and
    how old), the others as a count unless `verbose`; "Links in the text" likewise. A summary
    line and the verdict close ("interrupted: 7 of 10 links checked" instead of a verdict when
    the run was stopped). `quiet` prints only the findings at or above the report's fail_on.
    Text wraps at the width; a URL never does (a longer one overruns the line, whole).
    """

    def __init__(
        self,
        *,
        width: int | None = None,
        color: bool = False,
        verbose: bool = False,
        quiet: bool = False,
        lang: str | None = None,
        suggest_titles: bool = False,
        now: float | None = None,
    ) -> None:
        """`width` in columns (None: rich's default, COLUMNS or 80); `color` emits ANSI styles;
        `verbose` lists every footnote, redirect hop and whole citing sentences; `quiet` only
        the findings that decide the exit code; `lang` "en"/"de" (None: the locale);
        `suggest_titles` offers a bare URL's page title as its title; `now` (epoch seconds)
        dates cached verdicts (default: the time of rendering)."""
        self.width = width
        self.color = color
        self.verbose = verbose
        self.quiet = quiet
        self.tr = words(lang)
        self.suggest_titles = suggest_titles
        self.now = now
        self._width = 80
        self._lines: list[Text] = []

    def render(self, report: Report) -> str:
        """The whole report as terminal text, ending in a newline."""
        buffer = StringIO()
        console = Console(
            file=buffer,
            width=self.width,
            force_terminal=self.color,
            color_system="standard" if self.color else None,
            no_color=not self.color,
            highlight=False,
            emoji=False,
            markup=False,
            legacy_windows=False,
            soft_wrap=True,
        )
        self._width = console.width
        self._lines = []
        now = self.now if self.now is not None else time.time()
        for document in report.documents:
            self._document(document, report, now)
        self._summary(report)
        for line in self._lines:
            console.print(line, no_wrap=True, overflow="ignore", crop=False)
        return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"

    # ---------------------------------------------------------------- output helpers

    def _add(self, text: str | Text, indent: int = 0, style: str = "") -> None:
        """One line, unwrapped (a URL, a status line)."""
        line = Text(" " * indent)
        line.append(text if isinstance(text, Text) else Text(text, style=style))
        self._lines.append(line)

    def _wrap(self, text: str, indent: int, style: str = "") -> None:
        """`text` word-wrapped at the width under `indent`; a word longer than the line (a URL)
        goes whole onto a line of its own."""
        width = max(20, min(self._width, MAX_TEXT_WIDTH) - indent)
        parts = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
        for part in parts or [""]:
            line = Text(" " * indent)
            line.append(part, style=style)
            self._lines.append(line)

    def _url(self, url: str, indent: int, prefix: str = "") -> None:
        """A URL whole: after `prefix` when both fit the line, else on a line of its own."""
        style = "underline" if self.color else ""
        line = Text(" " * indent + prefix)
        if prefix and indent + len(prefix) + len(url) > self._width:
            self._lines.append(Text(" " * indent + prefix.rstrip()))
            line = Text(" " * indent)
        line.append(url, style=style)
        self._lines.append(line)

    def _reading(self, link: Link, indent: int) -> None:
        """ "read across a line break; the reading X failed (dead, HTTP 404)" under a link whose
        printed URL reads more than one way (`readings.reading_note`)."""
        note = reading_note(link, self.tr)
        if note is not None:
            self._wrap(note, indent, style="yellow")

    def _archived(self, link: Link, indent: int) -> None:
        """ "archived copy of 3 Mar 2024 (verified): <url>" under a link with an archived copy
        (`render.archived.archive_label`)."""
        label = archive_label(link, self.tr)
        if label is not None and link.archive is not None:
            self._url(link.archive.url, indent, f"{label}: ")

    # ---------------------------------------------------------------- one document

    def _document(self, document: Document, report: Report, now: float) -> None:
        """Heading, problems, footnotes and links in the text of one document."""
        tr = self.tr
        findings = worst_first(document_findings(document))
        if self.quiet:
            findings = at_or_above(findings, report.fail_on)
            if not findings:
                return
        links = len(document_links(document))
        counts = (
            tr.plural("{n} footnote", "{n} footnotes", len(document.footnotes))
            + ", "
            + tr.plural("{n} link", "{n} links", links)
        )
        found = describe_findings(findings, tr)
        self._wrap(f"{document.path} ({document.format}; {counts}) — {found}", 0, style="bold")
        new, known = split_known(findings)
        if new:
            self._add(tr("Problems"), style="bold")
            for finding in new:
                self._finding(finding, now)
        if known:
            self._add(tr("Known findings (accepted, not failing the run)"), style="bold")
            for finding in known:
                self._known(finding)
        if not self.quiet:
            self._footnotes(document, now)
            self._inline(document, now)
        self._add("")

    def _finding(self, finding: Finding, now: float) -> None:
        """One finding: severity, location, footnote and kind; URL; what happened; what to do."""
        tr = self.tr
        problem = finding.problem
        severity = problem.severity
        head = Text("  ")
        head.append(
            f"{_SEVERITY_MARK[severity]} {severity_word(severity, tr)}".ljust(_FINDING_INDENT - 3),
            style=_SEVERITY_STYLE[severity],
        )
        head.append(" ")
        place = where(finding.document, finding.line, finding.page, tr)
        parts = [place if place != "–" else tr("whole document")]
        if finding.number is not None:
            parts.append(tr("footnote {n}").format(n=finding.number))
        parts.append(tr.code(problem.code))
        head.append(" · ".join(parts), style="bold")
        self._lines.append(head)
        link = finding.link
        if link is None:
            self._wrap(problem_text(finding, tr), _FINDING_INDENT)
            fix = tr("fix: {fix}").format(fix=tr.code_fix(problem.code))
            self._wrap(fix, _FINDING_INDENT, style="cyan")
            return
        self._url(link.url, _FINDING_INDENT)
        if link.final_url and link.final_url != link.url and link.redirects:
            self._url(link.final_url, _FINDING_INDENT, "→ ")
        self._reading(link, _FINDING_INDENT)
        self._wrap(self._link_state(link, now), _FINDING_INDENT, style="dim")
        self._archived(link, _FINDING_INDENT)
        advice = tr.reason_advice(link.reason) if link.reason else tr.code_fix(problem.code)
        self._wrap(advice, _FINDING_INDENT, style="cyan")

    def _known(self, finding: Finding) -> None:
        """One known finding, on a line (and its URL): location, footnote, kind, why accepted."""
        tr = self.tr
        problem = finding.problem
        place = where(finding.document, finding.line, finding.page, tr)
        parts = [place if place != "–" else tr("whole document")]
        if finding.number is not None:
            parts.append(tr("footnote {n}").format(n=finding.number))
        parts.append(tr.code(problem.code))
        if problem.accepted is not None:
            parts.append(accepted_word(problem.accepted, tr))
        head = Text("  ")
        head.append(f"✓ {tr('known')}".ljust(_FINDING_INDENT - 3), style="dim")
        head.append(" " + " · ".join(parts), style="dim")
        self._lines.append(head)
        if problem.url is not None:
            self._url(problem.url, _FINDING_INDENT)

    def _link_state(self, link: Link, now: float) -> str:
        """ "not found (404) · HTTP 404 · cached, 3 h ago": the reason in words, the status a
        reader can look up (a redirect's own 301/302) and the age of a cached verdict."""
        parts = []
        if link.reason:
            parts.append(self.tr.reason(link.reason))
        status = hop_status(link)
        if status is not None:
            parts.append(f"HTTP {status}")
        cached = cache_note(link, now, self.tr)
        if cached:
            parts.append(cached)
        return " · ".join(parts) or self.tr.status(link.status)

    # ---------------------------------------------------------------- footnotes

    def _footnotes(self, document: Document, now: float) -> None:
        """The footnotes with findings (worst first), the others as a count unless verbose."""
        tr = self.tr

        def worst(footnote: Footnote) -> int:
            return max((p.severity.rank for p in footnote.problems), default=-1)

        shown = [f for f in document.footnotes if self.verbose or not self._is_quiet(f)]
        shown.sort(key=lambda f: (-worst(f), f.number))
        hidden = len(document.footnotes) - len(shown)
        if not document.footnotes:
            return
        self._add(tr("Footnotes"), style="bold")
        for footnote in shown:
            self._footnote(document, footnote, now)
        if hidden:
            self._add(
                tr.plural(
                    "{n} footnote without findings (-v lists it)",
                    "{n} footnotes without findings (-v lists them)",
                    hidden,
                ),
                2,
                style="dim",
            )

    def _is_quiet(self, footnote: Footnote) -> bool:
        """A footnote with nothing to show without -v: no finding, and no title to suggest
        (when suggestions were asked for)."""
        if self.suggest_titles and footnote.suggested_title and not footnote.cited_title:
            return False
        return is_quiet_footnote(footnote)

    def _footnote(self, document: Document, footnote: Footnote, now: float) -> None:
        """One footnote: number, location and cited title; its links; figures; sentences."""
        tr = self.tr
        head = Text(f"  [{footnote.number}] ", style="bold")
        head.append(where(document, footnote.line, footnote.page, tr), style="dim")
        self._lines.append(head)
        if footnote.cited_title:
            self._wrap(f"„{footnote.cited_title}“", _FOOTNOTE_INDENT, style="bold")
        if footnote.ibid_of is not None:
            self._add(tr("ibid. → footnote {n}").format(n=footnote.ibid_of), _FOOTNOTE_INDENT)
        if not footnote.links:
            self._wrap(_clip(footnote.text, MAX_CONTEXT_CHARS), _FOOTNOTE_INDENT)
        for link in footnote.links:
            self._link(footnote, link, now)
        if footnote.figures:
            figures = Text(" " * _FOOTNOTE_INDENT + tr("figures: "))
            for i, figure in enumerate(footnote.figures):
                mark, style = ("✓", "green") if figure.found else ("✗", "red")
                figures.append(("" if i == 0 else ", ") + figure.value + " ")
                figures.append(mark, style=style)
            self._lines.append(figures)
        self._contexts(document, footnote)

    def _link(self, footnote: Footnote | None, link: Link, now: float) -> None:
        """A link's status line, URL, where it went, suggestions and title verdict."""
        tr = self.tr
        if link.reason != "offline":
            word, style = status_cell(link.status, tr)
            line = Text(" " * _FOOTNOTE_INDENT)
            line.append(word, style=style)
            line.append(" · " + self._link_state(link, now), style="dim")
            self._lines.append(line)
        self._url(link.url, _LINK_INDENT)
        if self.verbose:
            for hop in link.redirects:
                self._url(hop.url, _LINK_INDENT, f"↪ {hop.status} ")
        if link.final_url and link.final_url != link.url and link.redirects:
            self._url(link.final_url, _LINK_INDENT, "→ ")
        if link.suggested_url:
            self._url(link.suggested_url, _LINK_INDENT, tr("cite instead:") + " ")
        self._reading(link, _LINK_INDENT)
        self._archived(link, _LINK_INDENT)
        if footnote is not None:
            for text, style in self._title(footnote, link):
                self._wrap(text, _LINK_INDENT, style=style)

    def _title(self, footnote: Footnote, link: Link) -> list[tuple[str, str]]:
        """The title verdict of one link; a typo shows as a typo, never as a match."""
        tr = self.tr
        verdict = link.title_match.verdict
        score = link.title_match.score
        shown = f" ({score:.2f})" if score is not None and score < 1 else ""
        match verdict:
            case TitleVerdict.MATCH if has_typo(footnote, link):
                return [
                    (
                        tr("title ~ typo{score}: page says „{title}“").format(
                            score=shown, title=link.page_title or ""
                        ),
                        "yellow",
                    )
                ]
            case TitleVerdict.MATCH:
                return [(tr("title ✓ matches{score}").format(score=shown), "green")]
            case TitleVerdict.MISMATCH:
                return [(tr("title ✗ page says „{title}“").format(title=link.page_title), "yellow")]
            case TitleVerdict.NOT_CITED:
                if self.suggest_titles and footnote.suggested_title:
                    text = tr("add title: „{title}“").format(title=footnote.suggested_title)
                    return [(text, "cyan")]
                if link.page_title:
                    return [(tr("page: „{title}“").format(title=link.page_title), "dim")]
                return []
            case TitleVerdict.UNAVAILABLE:
                return []
            case _:  # pragma: no cover - exhaustive
                assert_never(verdict)

    def _contexts(self, document: Document, footnote: Footnote) -> None:
        """The citing sentence(s), clipped unless verbose."""
        references = footnote.references if self.verbose else footnote.references[:1]
        for reference in references:
            context = " ".join(reference.context.split())
            if not self.verbose:
                context = _clip(context, MAX_CONTEXT_CHARS)
            place = where(document, reference.line, reference.page, self.tr)
            self._wrap(f"{place}: {context}", _FOOTNOTE_INDENT, style="italic dim")
        more = len(footnote.references) - len(references)
        if more:
            text = self.tr.plural(
                "(+{n} more citing sentence)", "(+{n} more citing sentences)", more
            )
            self._add(text, _FOOTNOTE_INDENT, style="dim")

    # ---------------------------------------------------------------- links in the text

    def _inline(self, document: Document, now: float) -> None:
        """The links of the running text that have a finding, the others as a count."""
        sources = document.inline_sources
        if not sources:
            return
        tr = self.tr
        shown = [s for s in sources if self.verbose or not _quiet_source(s)]
        self._add(tr("Links in the text"), style="bold")
        for source in shown:
            self._add(where(document, source.line, source.page, tr), 2, style="dim")
            for link in source.links or (Link(source.url),):
                self._link(None, link, now)
        hidden = len(sources) - len(shown)
        if hidden:
            self._add(
                tr.plural(
                    "{n} link without findings (-v lists it)",
                    "{n} links without findings (-v lists them)",
                    hidden,
                ),
                2,
                style="dim",
            )

    # ---------------------------------------------------------------- summary

    def _summary(self, report: Report) -> None:
        """Counts of documents, footnotes, links per status, problems per severity; run time;
        then the verdict (or the run state that replaces it)."""
        tr = self.tr
        summary = report.summary
        text = Text(tr("Summary:") + " ", style="bold")
        text.append(
            ", ".join(
                (
                    tr.plural("{n} document", "{n} documents", summary.documents),
                    tr.plural("{n} footnote", "{n} footnotes", summary.footnotes),
                    tr.plural("{n} link", "{n} links", summary.links),
                )
            )
        )
        counts = [(s, summary.by_status.get(s.value, 0)) for s in LinkStatus]
        for i, (status, count) in enumerate(c for c in counts if c[1]):
            word, style = status_cell(status, tr)
            text.append((": " if i == 0 else ", ") + f"{count} ")
            text.append(word, style=style)
        new, known = split_known(f for d in report.documents for f in document_findings(d))
        text.append(" · " + ", ".join(_all_severities(count_severities(new), tr)))
        if known:
            text.append(", " + tr.plural("{n} known finding", "{n} known findings", len(known)))
        text.append(f" · {report.elapsed_ms / 1000:.1f} s")
        self._wrap(text.plain, 0)
        verdict = verdict_line(report, tr)
        style = "bold green" if report.summary.verdict == "pass" else "bold red"
        self._wrap(tr("Result:") + " " + verdict, 0, style=style)


def _all_severities(counts: dict[Severity, int], tr: Words) -> Iterable[str]:
    """ "4 errors", "0 warnings", "3 notes": every severity, zero included."""
    return (severity_count(severity, n, tr) for severity, n in counts.items())


def _quiet_source(source: InlineSource) -> bool:
    """A link of the running text with nothing to report (ok or skipped)."""
    return all(link.status in (LinkStatus.OK, LinkStatus.SKIPPED) for link in source.links)
