"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` per finding at its
file and line, so the annotation appears on the changed line of a pull request; the run state
(interrupted, offline) as an annotation of its own; then a summary with the verdict.
"""

from __future__ import annotations

from typing import assert_never

from citecheck.i18n import Words, words
from citecheck.models import Report, Severity
from citecheck.render.findings import (
    Finding,
    accepted_word,
    at_or_above,
    describe_findings,
    iter_findings,
    located_text,
    run_state,
    verdict_line,
)

__all__ = ["GithubRenderer", "escape_data", "escape_property"]


def escape_data(value: str) -> str:
    """Escape a command's message (the part after `::`) as the Actions runner decodes it (`%`,
    CR and LF), so that a title or URL cannot end or forge a command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a command property value (file, title): data escapes plus `:` and `,`."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _command(severity: Severity) -> str:
    """The workflow command for a severity."""
    match severity:
        case Severity.ERROR:
            return "error"
        case Severity.WARNING:
            return "warning"
        case Severity.INFO:
            return "notice"
        case _:  # pragma: no cover - exhaustive
            assert_never(severity)


def annotation(finding: Finding, tr: Words | None = None) -> str:
    """One finding as a workflow command line (without the newline): its kind in words and
    footnote as the title, the message and what to do. An annotation has no page: for a PDF
    the page is named in the message ("Footnote 3 (p. 2): …"). A known (accepted) finding is a
    notice that says it is known and why."""
    tr = tr or words("en")
    path = finding.path.removeprefix("./").replace("\\", "/")
    properties = [f"file={escape_property(path)}"]
    if finding.line is not None:
        properties.append(f"line={finding.line}")
    title = f"citecheck: {tr.code(finding.problem.code)}"
    if finding.number is not None:
        title += " (" + tr("footnote {n}").format(n=finding.number) + ")"
    properties.append(f"title={escape_property(title)}")
    link = finding.link
    advice = (
        tr.reason_advice(link.reason or "")
        if link is not None
        else tr.code_fix(finding.problem.code)
    )
    message = f"{located_text(finding, tr)}\n{advice}"
    command = _command(finding.problem.severity)
    accepted = finding.problem.accepted
    if accepted is not None:
        # A known finding is told, as a notice, and never as a failure.
        command = "notice"
        properties[-1] = "title=" + escape_property(f"{tr('known')}: {title}")
        message = f"{tr('known')} ({accepted_word(accepted, tr)}): {message}"
    return f"::{command} {','.join(properties)}::" + escape_data(message)


class GithubRenderer:
    """Renders a `Report` as GitHub Actions workflow commands; `quiet` keeps only the findings
    at or above the report's fail_on; `lang` "en"/"de" (None: the locale)."""

    def __init__(self, *, quiet: bool = False, lang: str | None = None) -> None:
        self.quiet = quiet
        self.tr = words(lang)

    def render(self, report: Report) -> str:
        """One command per finding, the run state, then a plain summary line with the verdict;
        ends in a newline."""
        tr = self.tr
        findings = list(iter_findings(report))
        shown = at_or_above(findings, report.fail_on) if self.quiet else findings
        lines = [annotation(finding, tr) for finding in shown]
        state = run_state(report, tr)
        if state is not None:
            command = "error" if report.interrupted else "notice"
            title = escape_property(f"citecheck: {state.split(':')[0]}")
            lines.append(f"::{command} title={title}::{escape_data(state)}")
        summary = report.summary
        counts = ", ".join(
            (
                tr.plural("{n} document", "{n} documents", summary.documents),
                tr.plural("{n} footnote", "{n} footnotes", summary.footnotes),
                tr.plural("{n} link", "{n} links", summary.links),
            )
        )
        found = describe_findings(findings, tr)
        verdict = verdict_line(report, tr)
        lines.append(f"citecheck {report.tool_version}: {found} ({counts}) — {verdict}")
        return "\n".join(lines) + "\n"
