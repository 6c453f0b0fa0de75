"""The Markdown report, fit for a pull-request comment and for `$GITHUB_STEP_SUMMARY`: the run
state and verdict, a table of findings (worst first, each linked to docs/codes.md) and collapsed
tables of links per document, in the reader's language; everything from a document or a web page
escaped (`escape`, `_url`, `_code`) so that it cannot break a table or inject HTML.
"""

from __future__ import annotations

import re
import time
from typing import assert_never

from citecheck.i18n import Words, help_uri, words
from citecheck.i18n.catalog import CODES
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
    describe_severities,
    document_findings,
    has_typo,
    hop_status,
    problem_text,
    run_state,
    severity_word,
    split_known,
    verdict_line,
    where,
    worst_first,
)

__all__ = ["MarkdownRenderer", "escape", "status_label"]

# Backslash escapes work for every ASCII punctuation character in CommonMark; these are the ones
# that can start emphasis, code, links, HTML, entities, tables, strikethrough or GitHub math.
_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|&#~$"})
# A URL that can be written as an autolink `<…>` inside a table cell.
_AUTOLINKABLE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>|`\\]+")
_SEVERITY_ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}


def escape(text: str) -> str:
    """`text` as literal Markdown inline text on one line (safe inside a table cell)."""
    return " ".join(text.split()).translate(_ESCAPE)


def _url(url: str) -> str:
    """A URL as a clickable autolink when that is safe, else as a code span."""
    if _AUTOLINKABLE.fullmatch(url):
        return f"<{url}>"
    return _code(url)


def _code(text: str) -> str:
    """`text` as a code span that survives a table cell (pipes escaped, fence long enough)."""
    text = " ".join(text.split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def status_label(status: LinkStatus, tr: Words | None = None) -> str:
    """Symbol and word for a link status; the word keeps it readable without emoji."""
    word = (tr or words("en")).status(status)
    match status:
        case LinkStatus.OK:
            return f"✅ {word}"
        case LinkStatus.REDIRECT:
            return f"↪️ {word}"
        case LinkStatus.DEAD:
            return f"❌ {word}"
        case LinkStatus.SOFT_404:
            return f"👻 {word}"
        case LinkStatus.BLOCKED:
            return f"🚫 {word}"
        case LinkStatus.TIMEOUT:
            return f"⏱️ {word}"
        case LinkStatus.ERROR:
            return f"💥 {word}"
        case LinkStatus.SKIPPED:
            return f"⏭️ {word}"
        case _:  # pragma: no cover - exhaustive
            assert_never(status)


def _reading_cell(link: Link, tr: Words) -> str:
    """ "<br>read across a line break; the reading X failed (dead, HTTP 404)" after the URL of
    a link whose printed URL reads more than one way (`readings.reading_note`), else ""."""
    note = reading_note(link, tr)
    return "" if note is None else f"<br>{escape(note)}"


def _row(cells: tuple[str, ...]) -> str:
    """One table row."""
    return "| " + " | ".join(cells) + " |"


def _append_details(
    lines: list[str], summary: str, header: tuple[str, str], rows: list[str]
) -> list[str]:
    """`lines` followed by a collapsed table (`<details>`) of `rows`, unless there are none."""
    if not rows:
        return lines
    if lines[-1]:
        lines = [*lines, ""]
    return [
        *lines,
        "<details>",
        f"<summary>{summary}</summary>",
        "",
        *header,
        *rows,
        "",
        "</details>",
    ]


class MarkdownRenderer:
    """Renders a `Report` as GitHub-flavoured Markdown: a headline with the counts (or, for a
    stopped run, "interrupted: 7 of 10 links checked"), the run's figures, the verdict and a
    table of link statuses; then per document a table of findings, worst first (where, footnote,
    severity, the kind of problem linked to its entry on docs/codes.md, what was found and what
    to do) and collapsed tables of every footnote link and of the links in the running text.
    Locations name the page of a PDF and the paragraph of a DOCX; cached verdicts say how old
    they are. `quiet` keeps only the findings at or above the report's fail_on."""

    def __init__(
        self,
        *,
        verbose: bool = False,
        quiet: bool = False,
        lang: str | None = None,
        suggest_titles: bool = False,
        now: float | None = None,
    ) -> None:
        """`verbose` adds each redirect hop with its status to the link tables; `quiet` shows
        only the findings that decide the exit code; `lang` "en"/"de" (None: the locale);
        `suggest_titles` offers a bare URL's page title as its title; `now` (epoch seconds)
        dates cached verdicts (default: the time of rendering)."""
        self.verbose = verbose
        self.quiet = quiet
        self.tr = words(lang)
        self.suggest_titles = suggest_titles
        self.now = now
        self._now = 0.0

    def render(self, report: Report) -> str:
        """The whole report as Markdown, ending in a newline."""
        self._now = self.now if self.now is not None else time.time()
        lines = [*self._headline(report), ""]
        for document in report.documents:
            section = self._document(document, report)
            while section and not section[-1]:
                section.pop()
            if section:
                lines += [*section, ""]
        lines.append(self._footer(report))
        return "\n".join(lines) + "\n"

    def _headline(self, report: Report) -> list[str]:
        """Title with the finding counts (or the run state), the figures, the verdict and the
        status table."""
        tr = self.tr
        findings = [f for d in report.documents for f in document_findings(d)]
        new, _ = split_known(findings)
        counts = count_severities(new)
        if report.interrupted:
            title = f"## ⏸️ citecheck: {run_state(report, tr)}"
        elif new:
            worst = max(new, key=lambda f: f.problem.severity.rank).problem.severity
            title = f"## {_SEVERITY_ICON[worst]} citecheck: {describe_findings(findings, tr)}"
        else:
            title = "## ✅ citecheck: " + describe_findings(findings, tr)
        summary = report.summary
        figures = " · ".join(
            (
                tr.plural("{n} document", "{n} documents", summary.documents),
                tr.plural("{n} footnote", "{n} footnotes", summary.footnotes),
                tr.plural("{n} link", "{n} links", summary.links),
            )
        )
        lines = [title, "", figures, "", f"**{escape(tr('Result:'))}** {verdict_line(report, tr)}"]
        if report.interrupted:
            lines[-1] += " · " + describe_severities(counts, tr)
        if summary.links and not self.quiet:
            statuses = [s for s in LinkStatus if summary.by_status.get(s.value, 0)]
            lines += [
                "",
                _row(tuple(status_label(s, tr) for s in statuses)),
                "|" + "---:|" * len(statuses),
                _row(tuple(str(summary.by_status[s.value]) for s in statuses)),
            ]
        return lines

    def _document(self, document: Document, report: Report) -> list[str]:
        """One document's section: heading, findings table, collapsed tables of the footnote
        links and of the links in the running text."""
        tr = self.tr
        findings = worst_first(document_findings(document))
        if self.quiet:
            findings = at_or_above(findings, report.fail_on)
            if not findings:
                return []
        new, known = split_known(findings)
        icon = _SEVERITY_ICON[new[0].problem.severity] if new else "✅"
        lines = [f"### {icon} {_code(document.path)}: {describe_findings(findings, tr)}", ""]
        if not document.footnotes:
            lines += [tr("No footnotes found."), ""]
        lines += self._findings_table(new)
        if self.quiet:
            return lines
        if known:
            table = self._findings_table(known)
            summary = tr.plural(
                "{n} known finding (accepted, not failing the run)",
                "{n} known findings (accepted, not failing the run)",
                len(known),
            )
            lines = _append_details(lines, summary, (table[0], table[1]), table[2:])
        links = [
            self._link_row(document, fn, link) for fn in document.footnotes for link in fn.links
        ]
        footnotes = tr.plural("{n} footnote", "{n} footnotes", len(document.footnotes))
        summary = (
            tr.plural("{n} link", "{n} links", len(links))
            + " "
            + tr("in {footnotes}").format(footnotes=footnotes)
        )
        header = (
            _row((tr("Fn."), tr("Where"), tr("Status"), "HTTP", "URL", tr("Title"))),
            "|---:|---|---|---:|---|---|",
        )
        lines = _append_details(lines, summary, header, links)
        inline = [
            self._inline_row(document, s, link) for s in document.inline_sources for link in s.links
        ]
        summary = tr.plural("{n} link in the text", "{n} links in the text", len(inline))
        header = (
            _row((tr("Where"), tr("Status"), "HTTP", "URL", tr("Page title"))),
            "|---|---|---:|---|---|",
        )
        return _append_details(lines, summary, header, inline)

    def _findings_table(self, findings: list[Finding]) -> list[str]:
        """The table of findings (where, footnote, severity, kind, finding), none when empty."""
        if not findings:
            return []
        tr = self.tr
        lines = [
            _row((tr("Where"), tr("Fn."), tr("Severity"), tr("Problem"), tr("Finding"))),
            "|---|---:|---|---|---|",
        ]
        for finding in findings:
            problem = finding.problem
            entry = CODES[problem.code]
            kind = f"[{escape(tr(entry.label))}]({help_uri(entry.anchor)})"
            severity = f"{_SEVERITY_ICON[problem.severity]} {severity_word(problem.severity, tr)}"
            if problem.accepted is not None:
                known = f"{tr('known')}: {accepted_word(problem.accepted, tr)}"
                severity = f"☑️ {severity_word(problem.severity, tr)} ({escape(known)})"
            cells = (
                where(finding.document, finding.line, finding.page, tr),
                str(finding.number) if finding.number is not None else "–",
                severity,
                kind,
                self._finding_cell(finding),
            )
            lines.append(_row(cells))
        return lines

    def _finding_cell(self, finding: Finding) -> str:
        """What was found and what to do: for a link problem its URL, the reason in words and
        the reason's advice; else the problem's message and the code's fix."""
        tr = self.tr
        link = finding.link
        if link is None:
            fix = tr.code_fix(finding.problem.code)
            return f"{escape(problem_text(finding, tr))}<br>*{escape(fix)}*"
        return (
            f"{self._target(link)} ({escape(self._state(link))})"
            f"<br>*{escape(tr.reason_advice(link.reason or ''))}*"
        )

    def _state(self, link: Link) -> str:
        """The reason in words, the HTTP status (a redirect's own 301/302) and cache age."""
        parts = [self.tr.reason(link.reason)] if link.reason else [self.tr.status(link.status)]
        status = hop_status(link)
        if status is not None:
            parts.append(f"HTTP {status}")
        cached = cache_note(link, self._now, self.tr)
        if cached:
            parts.append(cached)
        return ", ".join(parts)

    def _target(self, link: Link) -> str:
        """The URL cell: the URL, with the redirect hops (verbose) and where it went."""
        target = _url(link.url)
        if self.verbose:
            target += "".join(f"<br>↪ {hop.status} {_url(hop.url)}" for hop in link.redirects)
        if link.final_url and link.final_url != link.url:
            target += f"<br>→ {_url(link.final_url)}"
        archived = archive_label(link, self.tr)
        if archived is not None and link.archive is not None:
            safe = link.archive.url.translate({ord(c): f"%{ord(c):02X}" for c in "|() <>"})
            target += f"<br>🗄️ [{escape(archived)}]({safe})"
        return target + _reading_cell(link, self.tr)

    def _status_cell(self, link: Link) -> str:
        """Status word, reason in words and the age of a cached verdict."""
        status = status_label(link.status, self.tr)
        extra = [self.tr.reason(link.reason)] if link.reason else []
        cached = cache_note(link, self._now, self.tr)
        if cached:
            extra.append(cached)
        return status + (f" ({escape(', '.join(extra))})" if extra else "")

    def _inline_row(self, document: Document, source: InlineSource, link: Link) -> str:
        """One table row for a link in the running text: where, status, HTTP, URL, page title."""
        status = hop_status(link)
        return _row(
            (
                where(document, source.line, source.page, self.tr),
                self._status_cell(link),
                str(status) if status is not None else "–",
                self._target(link),
                escape(link.page_title or "–"),
            )
        )

    def _link_row(self, document: Document, footnote: Footnote, link: Link) -> str:
        """One table row for a link: footnote, where, status, HTTP, URL (and where it went),
        titles."""
        status = hop_status(link)
        return _row(
            (
                str(footnote.number),
                where(document, footnote.line, footnote.page, self.tr),
                self._status_cell(link),
                str(status) if status is not None else "–",
                self._target(link),
                self._title_cell(footnote, link),
            )
        )

    def _title_cell(self, footnote: Footnote, link: Link) -> str:
        """The title verdict (a typo shows as a typo); both titles when they differ."""
        tr = self.tr
        verdict = link.title_match.verdict
        match verdict:
            case TitleVerdict.MATCH if has_typo(footnote, link):
                return (
                    f"✏️ {escape(tr('typo'))}: {escape(footnote.cited_title or '')}"
                    f"<br>{escape(tr('page'))}: {escape(link.page_title or '')}"
                )
            case TitleVerdict.MATCH:
                return f"✅ {escape(link.page_title or '')}"
            case TitleVerdict.MISMATCH:
                return (
                    f"⚠️ {escape(tr('cited'))}: {escape(footnote.cited_title or '')}"
                    f"<br>{escape(tr('page'))}: {escape(link.page_title or '')}"
                )
            case TitleVerdict.NOT_CITED:
                if self.suggest_titles and footnote.suggested_title:
                    suggestion = tr("add title: „{title}“").format(title=footnote.suggested_title)
                    return escape(suggestion)
                return escape(link.page_title or "–")
            case TitleVerdict.UNAVAILABLE:
                return "–"
            case _:  # pragma: no cover - exhaustive
                assert_never(verdict)

    def _footer(self, report: Report) -> str:
        """Tool version, run time and the page that explains every code, small."""
        codes = f"[{escape(self.tr('what the codes mean'))}]({help_uri('').rstrip('#')})"
        seconds = f"{report.elapsed_ms / 1000:.1f} s"
        return f"<sub>citecheck {escape(report.tool_version)} · {seconds} · {codes}</sub>"
