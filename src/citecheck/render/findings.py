"""The flat list of findings the CI formats (Markdown, SARIF, GitHub) report: each `Problem`
placed in its file, at its line and page, with its footnote and, for a link problem, its link.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from citecheck.models import (
    Document,
    Footnote,
    InlineSource,
    Link,
    Problem,
    Report,
    Severity,
    iter_problems,
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with its place: document, line and footnote."""

    document: Document
    """The document it was found in."""
    footnote: Footnote | None
    """The footnote it concerns, None for a document-level problem."""
    problem: Problem
    """What was found."""

    @property
    def path(self) -> str:
        """The document's path as the user gave it."""
        return self.document.path

    @property
    def line(self) -> int | None:
        """The problem's line, else its footnote's line, else None (whole document)."""
        if self.problem.line is not None:
            return self.problem.line
        return self.footnote.line if self.footnote is not None else None

    @property
    def page(self) -> int | None:
        """The physical page of the finding's line (PDF input), else None (`page_at`); for a
        link of the running text, the page of its inline source."""
        if self.footnote is None:
            return next((s.page for s in self._inline_sources()), None)
        return page_at(self.footnote, self.problem.line)

    @property
    def number(self) -> int | None:
        """The footnote number, None for a document-level problem."""
        return self.footnote.number if self.footnote is not None else None

    @property
    def link(self) -> Link | None:
        """The one link a link problem is about (the link its `Problem.url` names, in its
        footnote or inline source); None for every other problem."""
        if self.problem.url is None:
            return None
        if self.footnote is None:
            links = [link for s in self._inline_sources() for link in s.links]
        else:
            links = list(self.footnote.links)
        return next((link for link in links if link.url == self.problem.url), None)

    def _inline_sources(self) -> tuple[InlineSource, ...]:
        """The inline source a document-level link problem is about (`Problem.url`)."""
        if self.problem.url is None:
            return ()
        return tuple(s for s in self.document.inline_sources if s.url == self.problem.url)

    @property
    def message(self) -> str:
        """The problem's message, prefixed with the footnote number when there is one."""
        if self.footnote is None:
            return self.problem.message
        return f"Footnote {self.footnote.number}: {self.problem.message}"

    @property
    def located_message(self) -> str:
        """`message` naming the page too, for formats whose locations are file and line only."""
        page = self.page
        if page is None:
            return self.message
        if self.footnote is None:
            return f"{self.message} (p. {page})"
        return f"Footnote {self.footnote.number} (p. {page}): {self.problem.message}"


def page_at(footnote: Footnote | None, line: int | None) -> int | None:
    """The page of a footnote's problem at `line`: its definition's page when `line` is the
    definition's (or None), a citing marker's page when `line` is that reference's; None for
    unpaged input, for document-level problems and for any other line."""
    if footnote is None:
        return None
    if line is None or line == footnote.line:
        return footnote.page
    return next((r.page for r in footnote.references if r.line == line), None)


def iter_findings(report: Report) -> Iterator[Finding]:
    """Every finding of the report: documents in order, problems in line order within each."""
    for document in report.documents:
        for footnote, problem in iter_problems(document):
            yield Finding(document, footnote, problem)


def document_findings(document: Document) -> list[Finding]:
    """The findings of one document, in line order."""
    return [Finding(document, footnote, problem) for footnote, problem in iter_problems(document)]


def count_severities(findings: list[Finding]) -> dict[Severity, int]:
    """How many findings there are of each severity (every severity present, errors first)."""
    counts = dict.fromkeys(sorted(Severity, key=lambda s: -s.rank), 0)
    for finding in findings:
        counts[finding.problem.severity] += 1
    return counts


def describe_counts(counts: dict[Severity, int]) -> str:
    """ "2 errors, 1 note": the non-zero counts in words (info findings are "notes")."""
    words = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    parts = [plural(n, words[severity]) for severity, n in counts.items() if n]
    return ", ".join(parts) or "no findings"


def plural(n: int, word: str) -> str:
    """ "1 link", "2 links"."""
    return f"{n} {word}{'' if n == 1 else 's'}"
