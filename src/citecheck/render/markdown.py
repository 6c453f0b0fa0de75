"""The Markdown report, fit for a pull-request comment and for `$GITHUB_STEP_SUMMARY`: counts,
a table of findings and collapsed tables of links per document, everything from a document or a
web page escaped (`escape`, `_url`, `_code`) so that it cannot break a table or inject HTML.
"""

from __future__ import annotations

import re
from typing import assert_never

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
from citecheck.render.findings import (
    Finding,
    count_severities,
    describe_counts,
    document_findings,
    plural,
)

__all__ = ["MarkdownRenderer", "escape", "status_label"]

# Backslash escapes work for every ASCII punctuation character in CommonMark; these are the ones
# that can start emphasis, code, links, HTML, entities, tables, strikethrough or GitHub math.
_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|&#~$"})
# A URL that can be written as an autolink `<…>` inside a table cell.
_AUTOLINKABLE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>|`\\]+")
_SEVERITY_ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}
_SEVERITY_WORD = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


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


def status_label(status: LinkStatus) -> str:
    """Symbol and word for a link status; the word keeps it readable without emoji."""
    match status:
        case LinkStatus.OK:
            return "✅ ok"
        case LinkStatus.REDIRECT:
            return "↪️ redirect"
        case LinkStatus.DEAD:
            return "❌ dead"
        case LinkStatus.SOFT_404:
            return "👻 soft 404"
        case LinkStatus.BLOCKED:
            return "🚫 blocked"
        case LinkStatus.TIMEOUT:
            return "⏱️ timeout"
        case LinkStatus.ERROR:
            return "💥 error"
        case LinkStatus.SKIPPED:
            return "⏭️ skipped"
        case _:  # pragma: no cover - exhaustive
            assert_never(status)


def _reading_cell(link: Link) -> str:
    """ "<br>read across a line break; the reading X failed (dead, HTTP 404)" after the URL of
    a link whose printed URL reads more than one way (`readings.reading_note`), else ""."""
    note = reading_note(link)
    return "" if note is None else f"<br>{escape(note)}"


def _line_cell(line: int | None, page: int | None) -> str:
    """ "40", "40 (p. 2)" for PDF input, "–" when there is no line (the page alone if known)."""
    if line is None:
        return "–" if page is None else f"p. {page}"
    return str(line) if page is None else f"{line} (p. {page})"


def _seconds(ms: int) -> str:
    """Milliseconds as seconds with one decimal ("1.2 s")."""
    return f"{ms / 1000:.1f} s"


def _findings_table(findings: list[Finding]) -> list[str]:
    """The table of findings (line, footnote, severity, code, message), none when empty."""
    if not findings:
        return []
    lines = ["| Line | Fn. | Severity | Code | Finding |", "|---:|---:|---|---|---|"]
    for finding in findings:
        severity = finding.problem.severity
        cells = (
            _line_cell(finding.line, finding.page),
            str(finding.number) if finding.number is not None else "–",
            f"{_SEVERITY_ICON[severity]} {_SEVERITY_WORD[severity]}",
            _code(finding.problem.code.value),
            escape(finding.problem.message),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return lines


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
    """Renders a `Report` as GitHub-flavoured Markdown: a headline with the counts and a table
    of link statuses, then per document a table of findings (line, footnote, severity, code,
    message) and collapsed tables of every footnote link and of the links in the running text
    (outside footnotes); in a PDF a line is followed by its page ("40 (p. 2)")."""

    def __init__(self, *, verbose: bool = False) -> None:
        """`verbose` adds each redirect hop with its status to the link tables."""
        self.verbose = verbose

    def render(self, report: Report) -> str:
        """The whole report as Markdown, ending in a newline."""
        lines = [*self._headline(report), ""]
        for document in report.documents:
            section = self._document(document)
            while section and not section[-1]:
                section.pop()
            lines += [*section, ""]
        lines.append(self._footer(report))
        return "\n".join(lines) + "\n"

    def _headline(self, report: Report) -> list[str]:
        """Title with the finding counts, the run's figures and the status table."""
        findings = [f for d in report.documents for f in document_findings(d)]
        counts = count_severities(findings)
        if findings:
            worst = max(findings, key=lambda f: f.problem.severity.rank).problem.severity
            title = f"## {_SEVERITY_ICON[worst]} citecheck: {describe_counts(counts)}"
        else:
            title = "## ✅ citecheck: no findings"
        summary = report.summary
        figures = (
            f"{plural(summary.documents, 'document')} · {plural(summary.footnotes, 'footnote')}"
            f" · {plural(summary.links, 'link')}"
        )
        if report.offline:
            figures += " · offline: links were not fetched"
        lines = [title, "", figures]
        if summary.links:
            statuses = [s for s in LinkStatus if summary.by_status.get(s.value, 0)]
            lines += [
                "",
                "| " + " | ".join(status_label(s) for s in statuses) + " |",
                "|" + "---:|" * len(statuses),
                "| " + " | ".join(str(summary.by_status[s.value]) for s in statuses) + " |",
            ]
        return lines

    def _document(self, document: Document) -> list[str]:
        """One document's section: heading, findings table, collapsed tables of the footnote
        links and of the links in the running text."""
        findings = document_findings(document)
        counts = count_severities(findings)
        if findings:
            worst = max(findings, key=lambda f: f.problem.severity.rank).problem.severity
            heading = (
                f"### {_SEVERITY_ICON[worst]} {_code(document.path)}: {describe_counts(counts)}"
            )
        else:
            heading = f"### ✅ {_code(document.path)}: no findings"
        lines = [heading, ""]
        if not document.footnotes:
            lines += ["No footnotes found.", ""]
        lines += _findings_table(findings)
        links = [self._link_row(fn, link) for fn in document.footnotes for link in fn.links]
        summary = f"{plural(len(links), 'link')} in {plural(len(document.footnotes), 'footnote')}"
        header = ("| Fn. | Line | Status | HTTP | URL | Title |", "|---:|---:|---|---:|---|---|")
        lines = _append_details(lines, summary, header, links)
        inline = [self._inline_row(s, link) for s in document.inline_sources for link in s.links]
        summary = f"{plural(len(inline), 'link')} in the text"
        header = ("| Line | Status | HTTP | URL | Page title |", "|---:|---|---:|---|---|")
        return _append_details(lines, summary, header, inline)

    def _target(self, link: Link) -> str:
        """The URL cell: the URL, with the redirect hops (verbose) and where it went."""
        target = _url(link.url)
        if self.verbose:
            target += "".join(f"<br>↪ {hop.status} {_url(hop.url)}" for hop in link.redirects)
        if link.final_url and link.final_url != link.url:
            target += f"<br>→ {_url(link.final_url)}"
        return target + _reading_cell(link)

    def _inline_row(self, source: InlineSource, link: Link) -> str:
        """One table row for a link in the running text: line, status, code, URL, page title."""
        status = status_label(link.status)
        if link.reason:
            status += f" ({escape(link.reason)})"
        return (
            "| "
            + " | ".join(
                (
                    _line_cell(source.line, source.page),
                    status,
                    str(link.http_status) if link.http_status is not None else "–",
                    self._target(link),
                    escape(link.page_title or "–"),
                )
            )
            + " |"
        )

    def _link_row(self, footnote: Footnote, link: Link) -> str:
        """One table row for a link: where, status, code, URL (and where it went), titles."""
        status = status_label(link.status)
        if link.reason:
            status += f" ({escape(link.reason)})"
        target = self._target(link)
        return (
            "| "
            + " | ".join(
                (
                    str(footnote.number),
                    _line_cell(footnote.line, footnote.page),
                    status,
                    str(link.http_status) if link.http_status is not None else "–",
                    target,
                    self._title_cell(footnote, link),
                )
            )
            + " |"
        )

    @staticmethod
    def _title_cell(footnote: Footnote, link: Link) -> str:
        """The title verdict; both titles when they differ."""
        verdict = link.title_match.verdict
        match verdict:
            case TitleVerdict.MATCH:
                return f"✅ {escape(link.page_title or '')}"
            case TitleVerdict.MISMATCH:
                return (
                    f"⚠️ cited: {escape(footnote.cited_title or '')}"
                    f"<br>page: {escape(link.page_title or '')}"
                )
            case TitleVerdict.NOT_CITED:
                return escape(link.page_title or "–")
            case TitleVerdict.UNAVAILABLE:
                return "–"
            case _:  # pragma: no cover - exhaustive
                assert_never(verdict)

    @staticmethod
    def _footer(report: Report) -> str:
        """Tool version and run time, small."""
        return f"<sub>citecheck {escape(report.tool_version)} · {_seconds(report.elapsed_ms)}</sub>"
