"""The one domain model every stage of citecheck shares: parsers fill `urls`, `check` fills
`links` and problems, renderers read the finished `Report`. Field names follow JSON contract v1;
the vocabularies (statuses, reasons, codes …) are `citecheck.vocabulary`'s, re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from citecheck.challenge import is_bot_wall

if TYPE_CHECKING:
    from citecheck.figures import FigureMention
from citecheck.vocabulary import (
    LINK_RULES,
    Accepted,
    ErrorKind,
    FailOn,
    LinkRule,
    LinkStatus,
    ProblemCode,
    Reason,
    Severity,
    TargetFrom,
    TitleVerdict,
)

#: The vocabularies are re-exported: the whole model has one import path.
__all__ = [
    "LINK_RULES",
    "Accepted",
    "ArchiveCopy",
    "Document",
    "ErrorKind",
    "FailOn",
    "Fetched",
    "Figure",
    "Footnote",
    "InlineSource",
    "Link",
    "LinkRule",
    "LinkStatus",
    "Problem",
    "ProblemCode",
    "Reading",
    "Reason",
    "Redirect",
    "Reference",
    "Report",
    "Severity",
    "Summary",
    "TargetFrom",
    "TitleMatch",
    "TitleVerdict",
    "fails",
    "iter_problems",
    "shown_status",
    "summarize",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about a document, a footnote or a link."""

    code: ProblemCode
    """What kind of problem this is."""
    severity: Severity
    """How serious it is."""
    line: int | None
    """1-based line in the input where it was found, if known."""
    message: str
    """One human sentence."""
    url: str | None = None
    """For a link problem (footnote or running text): the URL as written, the one link it is
    about; None for every other problem."""
    accepted: Accepted | None = None
    """Why the finding is known and accepted (an `ignore` rule, the `--baseline`), or None: an
    accepted finding stays in the report but does not count for the exit code."""


@dataclass(frozen=True, slots=True)
class Redirect:
    """One redirect hop: the URL that answered and its 3xx status."""

    url: str
    """The URL that answered with a redirect."""
    status: int
    """Its HTTP status (301, 302, 303, 307, 308)."""


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """Result of comparing the cited title with the page's title."""

    verdict: TitleVerdict
    """match, mismatch, not_cited or unavailable."""
    score: float | None = None
    """Similarity in 0..1, None when nothing was compared."""


_DEFINITIVE_STATUSES = frozenset({401, 403, 404, 410, 451, 999})
"""Non-2xx statuses whose verdict (dead or blocked) holds on the next run."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """The raw observation of fetching one URL: what the cache stores."""

    url: str
    """The URL that was requested (normalised form used for fetching)."""
    final_url: str | None = None
    """Where the redirect chain ended (None if no answer came)."""
    http_status: int | None = None
    """Final HTTP status, None when no response was received."""
    redirects: tuple[Redirect, ...] = ()
    """Every redirect hop in order."""
    content_type: str | None = None
    """Media type of the final response, without parameters."""
    headers: tuple[tuple[str, str], ...] = ()
    """A few response headers that classification looks at (lower-case names)."""
    challenge: str | None = None
    """The bot-protection vendor whose challenge the answer showed (cloudflare, akamai,
    datadome, …), recognised where the page was read; None when none was seen."""
    page_title: str | None = None
    """Best title of the final page, if it had one."""
    title_candidates: tuple[str, ...] = ()
    """Every title candidate found (meta tags, <title>, <h1>, PDF metadata)."""
    text_excerpt: str = ""
    """Visible text of the page, bounded by the body cap (a run drops it where no check
    reads it after the page's classification: `verify.TextUse`)."""
    error_kind: ErrorKind | None = None
    """Why no usable answer came, None when one did."""
    retried: int = 0
    """How many retries were made."""
    elapsed_ms: int = 0
    """Wall time spent on this URL, retries included."""
    from_cache: bool = False
    """Answered from the cache of an earlier run (so it says nothing about the network now)."""
    checked_at: float | None = None
    """When this answer was obtained, in epoch seconds (the cache keeps it; None: unknown)."""
    figures: tuple[FigureMention, ...] | None = None
    """When the text was dropped for a figure index: the figures of the title candidates and
    text (`figures.figure_index` of `verify.source_text`); None: look in the text."""

    def header(self, name: str) -> str | None:
        """The value of a recorded response header, or None."""
        lname = name.lower()
        for key, value in self.headers:
            if key == lname:
                return value
        return None

    @property
    def is_definitive(self) -> bool:
        """An answer worth reusing on the next run (what the cache keeps).

        Definitive: every 2xx (ok, redirect, soft 404), 404/410 (dead), 401/403/451/999
        (blocked) and any answer that is a bot wall. Not definitive: transport failures
        (timeouts, resets, "no such host": an offline machine must not poison the cache), 429
        and 5xx (passing), other 4xx, and statuses without a usable answer.
        """
        code = self.http_status
        if self.error_kind is not None or code is None:
            return False
        if 200 <= code <= 299 or code in _DEFINITIVE_STATUSES:
            return True
        return is_bot_wall(self)


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure quoted in the citing sentence and whether the source contains it."""

    value: str
    """The figure as written in the motion ("27 Prozent")."""
    found: bool
    """True when the source's text contains an equivalent spelling."""


@dataclass(frozen=True, slots=True)
class Reading:
    """Another reading of a URL printed across a line break (a hyphen at the break kept or
    dropped, two parts joined or not) and what fetching it found."""

    url: str
    """The URL as this reading has it."""
    status: LinkStatus | None = None
    """What fetching it found; None when it was not fetched (not needed, or interrupted)."""
    reason: Reason | None = None
    """Machine reason for `status`, as on a `Link`."""
    http_status: int | None = None
    """Final HTTP status code, if it was fetched and answered."""


@dataclass(frozen=True, slots=True)
class ArchiveCopy:
    """A web archive's capture of a link's page, from the time the source was cited."""

    url: str
    """Where a reader sees it: "{archive_url}/web/<timestamp>/<original>"."""
    timestamp: str
    """The capture's 14-digit time stamp (YYYYMMDDhhmmss, UTC)."""
    target: str | None
    """The date the capture was looked for ("YYYY-MM-DD" or "YYYY-MM"), None for the latest."""
    target_from: TargetFrom
    """Where `target` came from."""
    verified: bool
    """True when the raw capture is a 2xx page that is no soft 404 and, for a footnote citing a
    title, whose title is no mismatch: only then is it offered as the source."""
    fetched: Fetched | None = field(default=None, repr=False, compare=False)
    """The raw capture as fetched (not in the JSON): what drift checks read."""


@dataclass(frozen=True, slots=True)
class Link:
    """One cited URL of a footnote and what checking it found."""

    url: str
    """The URL as written (escapes removed, wraps rejoined); for a URL printed across a line
    break, the reading used (see `alternatives`)."""
    status: LinkStatus = LinkStatus.SKIPPED
    """Outcome of the check."""
    reason: Reason | None = None
    """Machine reason for the status (not_found_text, permanent, offline, …)."""
    http_status: int | None = None
    """Final HTTP status code, if any."""
    final_url: str | None = None
    """Where the link ended up, if it was fetched."""
    redirects: tuple[Redirect, ...] = ()
    """Redirect hops in order."""
    page_title: str | None = None
    """Best title of the page reached."""
    title_match: TitleMatch = field(default_factory=lambda: TitleMatch(TitleVerdict.UNAVAILABLE))
    """Comparison of the cited title with the page title."""
    elapsed_ms: int = 0
    """Time spent checking this URL."""
    suggested_url: str | None = None
    """For a permanent redirect: the URL the footnote should cite instead."""
    alternatives: tuple[Reading, ...] = ()
    """The other readings of the printed URL (`url` is the one used), each with what fetching
    it found; empty when the URL reads only one way."""
    fetched: Fetched | None = field(default=None, repr=False, compare=False)
    """The observation this link was judged from (not in the JSON): what verification reads."""
    archive: ArchiveCopy | None = None
    """An archived copy of the page from the time it was cited, when one was looked for and
    found (`--archive`); never changes `status`."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A place in the body that cites a footnote."""

    line: int
    """1-based line of the marker in the input."""
    context: str
    """The full body sentence that carries the marker, whitespace-normalised."""
    page: int | None = None
    """1-based physical page of the marker in a paged input (PDF), None elsewhere."""
    offset: int | None = field(default=None, compare=False)
    """Where the marker stood in `Document.body` (the marker itself is removed), None when
    unknown; not in the JSON (the HTML report puts the marker back there)."""


@dataclass(frozen=True, slots=True)
class Footnote:
    """One footnote definition with its references, sources and check results."""

    number: int
    """The footnote number as printed."""
    line: int
    """1-based line where the definition starts."""
    text: str
    """Definition text, whitespace-normalised."""
    cited_title: str | None = None
    """Title of the (first) cited work, None for a bare URL."""
    ibid_of: int | None = None
    """For "Ebd."/"a.a.O."/"s. Fn. n": the footnote whose source this one means."""
    references: tuple[Reference, ...] = ()
    """Body places that cite this footnote."""
    urls: tuple[str, ...] = ()
    """URLs as written, in order (filled by the parser)."""
    url_alternatives: tuple[tuple[str, ...], ...] = ()
    """Parallel to `urls`: the other plausible readings of each printed URL (a line break the
    evidence does not settle), empty tuple when unambiguous (filled by the parser)."""
    links: tuple[Link, ...] = ()
    """Check results, one per URL (filled by `check`)."""
    figures: tuple[Figure, ...] = ()
    """Figures of the citing sentences and whether the source has them."""
    suggested_title: str | None = None
    """For a bare-URL footnote: the page title, as a title to add."""
    problems: tuple[Problem, ...] = ()
    """Findings about this footnote."""
    marker: str = ""
    """The marker as printed in the definition ("3" or "³")."""
    page: int | None = None
    """1-based physical page where the definition starts in a paged input (PDF), None elsewhere."""
    accessed: str | None = None
    """The access date the definition prints ("abgerufen am 3. März 2024" → "2024-03-03",
    "Stand: März 2024" → "2024-03"), None when it prints none (`parse.dates.access_date`)."""


@dataclass(frozen=True, slots=True)
class InlineSource:
    """A URL cited in the running text (outside any footnote) and what checking it found."""

    line: int
    """1-based line in the input where the URL starts."""
    url: str
    """The URL as written (escapes removed, wraps rejoined); after `check`, the reading used
    when it was printed across a line break (the others in `alternatives`)."""
    context: str
    """The full body sentence around the URL, whitespace-normalised."""
    page: int | None = None
    """1-based physical page of the URL in a paged input (PDF), None elsewhere."""
    links: tuple[Link, ...] = ()
    """Check results, one for the URL (filled by `check`), like `Footnote.links`."""
    alternatives: tuple[str, ...] = ()
    """The other plausible readings of the printed URL (empty when it reads only one way)."""
    offset: int | None = field(default=None, compare=False)
    """Where the URL (or the text of the hyperlink that cites it) starts in `Document.body`,
    None when unknown; not in the JSON (the HTML report marks the URL there)."""


@dataclass(frozen=True, slots=True)
class Document:
    """One input document: its footnotes and document-level problems."""

    path: str
    """The path as the user gave it ("-" for standard input)."""
    format: str
    """markdown, text, pdf, docx or html."""
    footnotes: tuple[Footnote, ...] = ()
    """Footnotes in document order."""
    problems: tuple[Problem, ...] = ()
    """Document-level findings (structure, uncited figures, nothing found, and the links of
    `inline_sources`)."""
    inline_sources: tuple[InlineSource, ...] = ()
    """URLs cited in the body text outside footnotes, one per distinct URL, in order."""
    body: str = field(default="", repr=False, compare=False)
    """Body text as parsed (not in the JSON): for checks that look beyond the citing
    sentence, such as a survey's edition year named a paragraph earlier."""
    body_lines: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)
    """(body offset, input line) where each line of the body starts, ascending (not in the
    JSON): where something found in `body` is printed (`body_line`)."""

    def body_line(self, offset: int) -> int | None:
        """The input line of a `body` offset; None when the lines are not known."""
        import bisect

        if not self.body_lines:
            return None
        index = bisect.bisect_right(self.body_lines, (offset, 1 << 62)) - 1
        return self.body_lines[max(index, 0)][1]

    date: str | None = None
    """The document's own date ("YYYY-MM-DD"): its Drucksache head line, its closing "Berlin,
    den …", else its metadata; None when unknown (`parse.dates.document_date`)."""


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a whole run."""

    documents: int
    """Number of documents read."""
    footnotes: int
    """Number of footnotes over all documents."""
    links: int
    """Number of links over all footnotes and inline sources."""
    by_status: dict[str, int]
    """Links per status value."""
    by_severity: dict[str, int] = field(default_factory=dict)
    """Problems per severity value (every severity present once `check` has counted)."""
    verdict: str = "pass"
    """Either "pass" or "fail", as the exit code decides (an interrupted run fails)."""


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run found: what renderers turn into text."""

    documents: tuple[Document, ...]
    """The documents in the order given."""
    summary: Summary
    """Counts."""
    tool_version: str
    """citecheck's version."""
    elapsed_ms: int = 0
    """Wall time of the whole run."""
    offline: bool = False
    """True when no URL was fetched (--offline)."""
    interrupted: bool = False
    """True when the run was stopped before every planned URL was fetched (those links are
    `skipped` with reason `interrupted`)."""
    fail_on: FailOn = FailOn.ERROR
    """The threshold the verdict was decided with (`CheckOptions.fail_on`)."""


def iter_problems(document: Document) -> list[tuple[Footnote | None, Problem]]:
    """Every problem of a document with the footnote it belongs to, in line order."""
    found: list[tuple[Footnote | None, Problem]] = [(None, p) for p in document.problems]
    for footnote in document.footnotes:
        found.extend((footnote, p) for p in footnote.problems)
    found.sort(key=lambda item: (item[1].line or 0, item[0].number if item[0] else 0))
    return found


def shown_status(link: Link) -> int | None:
    """The HTTP status a reader can look up for a link: the first hop's 301/302 when the link
    forwards (a redirect, or a soft 404 that forwards to the home page), else the final one."""
    if link.redirects and link.reason in ("permanent", "temporary", "homepage_redirect"):
        return link.redirects[0].status
    return link.http_status


def fails(documents: tuple[Document, ...], fail_on: FailOn) -> bool:
    """True when some problem that is not accepted (`Problem.accepted`: an ignore entry, the
    baseline) reaches `fail_on`: the rule of the exit code and the verdict."""
    if fail_on is FailOn.NEVER:
        return False
    threshold = Severity(fail_on.value).rank
    return any(
        p.severity.rank >= threshold and p.accepted is None
        for d in documents
        for _, p in iter_problems(d)
    )


def summarize(
    documents: tuple[Document, ...], fail_on: FailOn = FailOn.ERROR, *, interrupted: bool = False
) -> Summary:
    """Count documents, footnotes, links (footnotes' and inline), links per status and problems
    per severity; the verdict fails when a problem reaches `fail_on` or the run was
    `interrupted`."""
    by_status = {status.value: 0 for status in LinkStatus}
    by_severity = {severity.value: 0 for severity in Severity}
    footnotes = links = 0
    for document in documents:
        footnotes += len(document.footnotes)
        every = [link for f in document.footnotes for link in f.links]
        every.extend(link for s in document.inline_sources for link in s.links)
        links += len(every)
        for link in every:
            by_status[link.status.value] += 1
        for _, problem in iter_problems(document):
            if problem.accepted is None:
                by_severity[problem.severity.value] += 1
    verdict = "fail" if interrupted or fails(documents, fail_on) else "pass"
    return Summary(len(documents), footnotes, links, by_status, by_severity, verdict)
