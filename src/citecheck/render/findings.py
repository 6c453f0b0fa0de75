"""The flat list of findings the CI formats (Markdown, SARIF, GitHub) report: each `Problem`
placed in its file, at its line and page, with its footnote and, for a link problem, its link.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from citecheck.i18n import Words
from citecheck.i18n.messages import translate_message
from citecheck.models import (
    Accepted,
    Document,
    FailOn,
    Footnote,
    InlineSource,
    Link,
    LinkStatus,
    Problem,
    ProblemCode,
    Report,
    Severity,
    iter_problems,
    shown_status,
)
from citecheck.readings import readings_text


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


def problem_text(finding: Finding, tr: Words) -> str:
    """The finding's message in the reader's language. English: the message as the check wrote
    it. Otherwise a link problem is told from its link (the kind of problem, the URL, the
    reason in words and the HTTP status a reader can look up; for a URL read across a line
    break, the readings), every other one through its template (`translate_message`)."""
    problem = finding.problem
    if tr.lang == "en":
        return problem.message
    link = finding.link
    if link is None:
        return translate_message(problem.message, tr)
    if problem.code is ProblemCode.URL_LINE_BREAK:
        tried = tuple(r for r in link.alternatives if r.status is not None)
        return tr("URL read across a line break: {url} answers; {readings}").format(
            url=link.url, readings=readings_text(tried, tr)
        )
    details = [tr.reason(link.reason)] if link.reason else []
    status = shown_status(link)
    if status is not None:
        details.append(f"HTTP {status}")
    text = f"{tr.code(problem.code)}: {link.url}"
    return f"{text} ({', '.join(details)})" if details else text


def located_text(finding: Finding, tr: Words) -> str:
    """`Finding.located_message` in the reader's language (`problem_text`)."""
    if tr.lang == "en":
        return finding.located_message
    text = problem_text(finding, tr)
    page = finding.page
    if finding.footnote is None:
        return text if page is None else tr("{message} (p. {page})").format(message=text, page=page)
    if page is None:
        return tr("Footnote {n}: {message}").format(n=finding.footnote.number, message=text)
    return tr("Footnote {n} (p. {page}): {message}").format(
        n=finding.footnote.number, page=page, message=text
    )


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


def worst_first(findings: Iterable[Finding]) -> list[Finding]:
    """`findings` with errors first, then warnings, then notes (line order within each)."""
    return sorted(findings, key=lambda f: -f.problem.severity.rank)


def at_or_above(findings: Iterable[Finding], fail_on: FailOn) -> list[Finding]:
    """The findings that reach `fail_on` and are not accepted: those that fail the run (what
    `quiet` shows; none for `never`)."""
    if fail_on is FailOn.NEVER:
        return []
    threshold = Severity(fail_on.value).rank
    return [
        f for f in findings if f.problem.severity.rank >= threshold and f.problem.accepted is None
    ]


def split_known(findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(new, known): a known finding is accepted (`Problem.accepted`: an ignore entry of the
    configuration, the --baseline report); it is shown apart and never fails the run."""
    new: list[Finding] = []
    known: list[Finding] = []
    for finding in findings:
        (new if finding.problem.accepted is None else known).append(finding)
    return new, known


def accepted_word(accepted: Accepted, tr: Words) -> str:
    """Why a known finding is accepted, in words ("ignore entry", "in the baseline")."""
    if accepted is Accepted.IGNORE:
        return tr("accepted by an ignore entry")
    return tr("in the baseline")


def describe_findings(findings: list[Finding], tr: Words) -> str:
    """ "2 errors, 1 note" for the new findings, then how many are known ("1 error, 2 known
    findings"; "no findings" when there are none at all)."""
    new, known = split_known(findings)
    text = describe_severities(count_severities(new), tr)
    if not known:
        return text
    count = tr.plural("{n} known finding", "{n} known findings", len(known))
    return f"{text}, {count}" if new else count


def link_counts(report: Report) -> tuple[int, int]:
    """(checked, total): links of the report, and those not left unchecked by an interruption."""
    links = [link for d in report.documents for link in document_links(d)]
    unchecked = sum(1 for link in links if link.reason == "interrupted")
    return len(links) - unchecked, len(links)


def document_links(document: Document) -> list[Link]:
    """Every link of a document: its footnotes' and its running text's."""
    return [
        *(link for f in document.footnotes for link in f.links),
        *(link for s in document.inline_sources for link in s.links),
    ]


def run_state(report: Report, tr: Words) -> str | None:
    """What a report must say before any verdict: "interrupted: 7 of 10 links checked" or
    "offline: links were not fetched"; None for a complete online run."""
    if report.interrupted:
        checked, total = link_counts(report)
        return tr("interrupted: {checked} of {total} links checked").format(
            checked=checked, total=total
        )
    if report.offline:
        return tr("offline: links were not fetched")
    return None


def verdict_line(report: Report, tr: Words) -> str:
    """The run's verdict in words: the run state when there is one, else pass or fail as the
    exit code decides (`Summary.verdict`)."""
    state = run_state(report, tr)
    verdict = tr("pass") if report.summary.verdict == "pass" else tr("fail")
    if state is not None and report.interrupted:
        return state
    level = {FailOn.ERROR: tr("error"), FailOn.WARNING: tr("warning"), FailOn.NEVER: tr("never")}
    threshold = tr("fail on: {level}").format(level=level[report.fail_on])
    line = f"{verdict} ({threshold})"
    return line if state is None else f"{line} · {state}"


def where(document: Document, line: int | None, page: int | None, tr: Words) -> str:
    """A location a person can find: the page of a PDF ("p. 3"), the paragraph of a DOCX
    ("paragraph 12": its parser's lines are paragraphs), else the line; "-" when unknown."""
    if document.format == "pdf" and page is not None:
        return tr("p. {page}").format(page=page)
    if line is None:
        return "–"
    if document.format == "docx":
        return tr("paragraph {n}").format(n=line)
    return tr("line {n}").format(n=line)


def describe_severities(counts: dict[Severity, int], tr: Words) -> str:
    """ "2 errors, 1 note" in the reader's language (info findings are "notes")."""
    parts = [severity_count(severity, n, tr) for severity, n in counts.items() if n]
    return ", ".join(parts) or tr("no findings")


def severity_count(severity: Severity, n: int, tr: Words) -> str:
    """ "1 error", "2 warnings", "3 notes" in the reader's language."""
    if severity is Severity.ERROR:
        return tr.plural("{n} error", "{n} errors", n)
    if severity is Severity.WARNING:
        return tr.plural("{n} warning", "{n} warnings", n)
    return tr.plural("{n} note", "{n} notes", n)


def severity_word(severity: Severity, tr: Words) -> str:
    """ "error", "warning", "note" in the reader's language."""
    return {
        Severity.ERROR: tr("error"),
        Severity.WARNING: tr("warning"),
        Severity.INFO: tr("note"),
    }[severity]


def hop_status(link: Link) -> int | None:
    """The HTTP status to show for a link (`models.shown_status`: a redirect's own 301/302)."""
    return shown_status(link)


def cache_note(link: Link, now: float, tr: Words) -> str | None:
    """ "cached, 3 h ago" for a verdict from the cache of an earlier run, else None."""
    fetched = link.fetched
    if fetched is None or not fetched.from_cache:
        return None
    if fetched.checked_at is None:
        return tr("cached")
    age = max(0.0, now - fetched.checked_at)
    if age < 60:
        ago = tr("{n} s ago").format(n=int(age))
    elif age < 3600:
        ago = tr("{n} min ago").format(n=int(age // 60))
    elif age < 2 * 86400:
        ago = tr("{n} h ago").format(n=int(age // 3600))
    else:
        ago = tr("{n} d ago").format(n=int(age // 86400))
    return tr("cached, {ago}").format(ago=ago)


def has_typo(footnote: Footnote, link: Link) -> bool:
    """True when the footnote's title verdict for `link` is a typo (a title-typo problem about
    this link or the footnote as a whole): shown as a typo, never as a plain match."""
    return any(
        p.code is ProblemCode.TITLE_TYPO and p.url in (None, link.url) for p in footnote.problems
    )


def is_quiet_footnote(footnote: Footnote) -> bool:
    """A footnote with nothing to report: no problems, every link ok or skipped."""
    return not footnote.problems and all(
        link.status in (LinkStatus.OK, LinkStatus.SKIPPED) for link in footnote.links
    )
