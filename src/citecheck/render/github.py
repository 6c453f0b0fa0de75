"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` per finding at its
file and line, so the annotation appears on the changed line of a pull request, then a summary.
"""

from __future__ import annotations

from typing import assert_never

from citecheck.models import Report, Severity
from citecheck.render.findings import (
    Finding,
    count_severities,
    describe_counts,
    iter_findings,
    plural,
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


def annotation(finding: Finding) -> str:
    """One finding as a workflow command line (without the newline). An annotation has no
    page: for a PDF the page is named in the message ("Footnote 3 (p. 2): …")."""
    path = finding.path.removeprefix("./").replace("\\", "/")
    properties = [f"file={escape_property(path)}"]
    if finding.line is not None:
        properties.append(f"line={finding.line}")
    where = f" in footnote {finding.number}" if finding.number is not None else ""
    properties.append(f"title={escape_property(f'citecheck {finding.problem.code}{where}')}")
    return f"::{_command(finding.problem.severity)} {','.join(properties)}::" + escape_data(
        finding.located_message
    )


class GithubRenderer:
    """Renders a `Report` as GitHub Actions workflow commands."""

    def render(self, report: Report) -> str:
        """One command per finding, then a plain summary line; ends in a newline."""
        findings = list(iter_findings(report))
        lines = [annotation(finding) for finding in findings]
        summary = report.summary
        lines.append(
            f"citecheck {report.tool_version}: {describe_counts(count_severities(findings))} "
            f"in {plural(summary.documents, 'document')} "
            f"({plural(summary.footnotes, 'footnote')}, {plural(summary.links, 'link')})"
        )
        return "\n".join(lines) + "\n"
