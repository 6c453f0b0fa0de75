"""The check pipeline: parsed documents in, a `Report` out.

Plan (dedupe URLs by their fetchable form, skip unsupported schemes and excluded URLs) → fetch
every distinct URL once, concurrently, through a `Fetcher` → classify → build `Link`s → verify
the sources (`verify.verify_footnote`: titles, figures, years, suggestions) → per-link problems
and the summary. URLs of the running text (`Document.inline_sources`) are planned, fetched and
classified with the footnote URLs; their link problems are document problems at their line.
`CheckRun` keeps results as they complete so that an interrupted run still yields a report
(unchecked links `skipped`, reason `interrupted`); `check()` is the one-call form. Exit-code
policy (`exit_code` over `models.FailOn`) lives here too, because it is a rule over the report,
not a detail of the command line.

Imports: stdlib, models, errors, urls, classify, verify, fetch.base (the Protocol only; never
httpx).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from citecheck import __version__
from citecheck.classify import classify
from citecheck.errors import ConfigError, NetworkUnavailable
from citecheck.fetch.base import Fetcher
from citecheck.models import (
    Document,
    FailOn,
    Fetched,
    Footnote,
    InlineSource,
    Link,
    LinkStatus,
    Problem,
    ProblemCode,
    Report,
    Severity,
    TitleMatch,
    TitleVerdict,
    summarize,
)
from citecheck.urls import fetchable, host_of, is_supported_scheme
from citecheck.verify import MATCH_THRESHOLD, suggested_url, verify_footnote

__all__ = [
    "CheckOptions",
    "CheckRun",
    "FailOn",
    "LinkEvent",
    "check",
    "exit_code",
]

logger = logging.getLogger(__name__)

#: Every fetch failing with this error kind, over this many hosts, means "no network".
NETWORK_DOWN_MIN_HOSTS = 3
_LOOKUP_FAILURES = frozenset({"dns", "dns_failure"})  # Fetched.error_kind of a failed lookup

# error_kind recorded when a fetcher breaks its promise and raises: the run goes on, the link
# is reported as an error instead of the whole run dying with a traceback.
_INTERNAL_ERROR = "internal"


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What to check and how strictly; fetch limits live in `fetch.base.FetchOptions`."""

    offline: bool = False
    """Fetch nothing: every link is `skipped` with reason `offline`."""
    exclude: tuple[str, ...] = ()
    """Regular expressions; a URL matching any of them (as written or fetchable) is skipped."""
    fail_on: FailOn = FailOn.ERROR
    """The lowest severity that fails the run (see `exit_code`)."""
    accept: tuple[int, ...] = ()
    """Final HTTP status codes that count as ok (a site known to answer robots with 403)."""
    title_threshold: float = MATCH_THRESHOLD
    """Fuzzy title score (0..1) from which a cited title matches the page (`verify`)."""


@dataclass(frozen=True, slots=True)
class LinkEvent:
    """Progress of a run, passed to the `on_link` callback when a URL starts and finishes."""

    url: str
    """The fetchable URL."""
    host: str
    """Its host (for "currently checking …")."""
    done: int
    """URLs finished so far."""
    total: int
    """Distinct URLs to fetch in this run."""
    finished: bool
    """False when the fetch starts, True when it has finished."""


OnLink = Callable[[LinkEvent], None]
"""Progress callback type."""

# Status → (problem code, severity) for links that deserve a finding. ok and skipped do not.
_LINK_PROBLEMS: dict[LinkStatus, tuple[ProblemCode, Severity]] = {
    LinkStatus.DEAD: (ProblemCode.DEAD_LINK, Severity.ERROR),
    LinkStatus.SOFT_404: (ProblemCode.SOFT_404, Severity.ERROR),
    LinkStatus.ERROR: (ProblemCode.LINK_ERROR, Severity.ERROR),
    LinkStatus.BLOCKED: (ProblemCode.BLOCKED_LINK, Severity.WARNING),
    LinkStatus.TIMEOUT: (ProblemCode.LINK_TIMEOUT, Severity.WARNING),
    LinkStatus.REDIRECT: (ProblemCode.REDIRECTED_LINK, Severity.WARNING),
}

_LINK_MESSAGES: dict[LinkStatus, str] = {
    LinkStatus.DEAD: "Dead link",
    LinkStatus.SOFT_404: "Page says it does not exist (soft 404)",
    LinkStatus.ERROR: "Link could not be fetched",
    LinkStatus.BLOCKED: "Link could not be verified (blocked)",
    LinkStatus.TIMEOUT: "Link timed out",
    LinkStatus.REDIRECT: "Link redirects",
}


def _compile_excludes(patterns: Sequence[str]) -> list[re.Pattern[str]]:
    """Compile --exclude patterns; a bad one is a configuration error naming it."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise ConfigError(f"invalid --exclude pattern {pattern!r}: {exc}") from exc
    return compiled


def _iter_urls(documents: Sequence[Document]) -> Iterator[str]:
    """Every URL as written, in document order (duplicates included): each document's footnote
    URLs, then the URLs of its running text."""
    for document in documents:
        for footnote in document.footnotes:
            yield from footnote.urls
        for source in document.inline_sources:
            yield source.url


@dataclass(frozen=True, slots=True)
class _Plan:
    """What to do with one URL as written."""

    key: str
    """The fetchable form: the dedupe key and what the fetcher gets."""
    skip_reason: str | None
    """Why it is not fetched (offline, excluded, unsupported_scheme), or None."""


class CheckRun:
    """One run over a set of documents: plans, fetches and reports, interruptibly.

    Results are kept per fetchable URL as they complete, so `report()` can be called at any
    time (typically after the fetch task was cancelled by Ctrl-C) and describes whatever is
    done; links not yet checked become `skipped` with reason `interrupted`.
    """

    def __init__(self, documents: Sequence[Document], options: CheckOptions) -> None:
        self._documents = tuple(documents)
        self._options = options
        self._started = time.monotonic()
        self._results: dict[str, Fetched] = {}
        self._plans: dict[str, _Plan] = {}
        excludes = _compile_excludes(options.exclude)
        for url in _iter_urls(self._documents):
            if url not in self._plans:
                self._plans[url] = self._plan(url, excludes)
        # Distinct fetchable URLs, in first-seen order (dict keeps insertion order).
        self._to_fetch: list[str] = list(
            dict.fromkeys(p.key for p in self._plans.values() if p.skip_reason is None)
        )

    def _plan(self, url: str, excludes: Sequence[re.Pattern[str]]) -> _Plan:
        """Decide whether and as what `url` is fetched."""
        key = fetchable(url)
        if not is_supported_scheme(key):
            return _Plan(key, "unsupported_scheme")
        if any(p.search(url) or p.search(key) for p in excludes):
            return _Plan(key, "excluded")
        if self._options.offline:
            return _Plan(key, "offline")
        return _Plan(key, None)

    @property
    def total(self) -> int:
        """Distinct URLs this run fetches."""
        return len(self._to_fetch)

    @property
    def done(self) -> int:
        """Distinct URLs fetched so far."""
        return len(self._results)

    async def fetch_all(self, fetcher: Fetcher, on_link: OnLink | None = None) -> None:
        """Fetch every planned URL concurrently (the fetcher enforces the limits).

        Raises `NetworkUnavailable` when every fetch failed to resolve over three or more
        distinct hosts: calling every link dead would then be a lie.
        """
        import asyncio  # here, not at the top: `citecheck --help` needs FailOn, not an event loop

        total = self.total

        async def one(key: str) -> None:
            host = host_of(key)
            if on_link is not None:
                on_link(LinkEvent(key, host, self.done, total, finished=False))
            try:
                fetched = await fetcher.fetch(key)
            except Exception:  # a fetcher must not raise for a link; keep the run alive
                logger.exception("fetcher raised for %s", key)
                fetched = Fetched(url=key, error_kind=_INTERNAL_ERROR)
            self._results[key] = fetched
            if on_link is not None:
                on_link(LinkEvent(key, host, self.done, total, finished=True))

        async with asyncio.TaskGroup() as group:
            for key in self._to_fetch:
                if key not in self._results:
                    group.create_task(one(key))
        self._raise_if_network_down()

    def _raise_if_network_down(self) -> None:
        """Raise `NetworkUnavailable` if every name lookup of this run failed (≥3 hosts).

        Answers from the cache of an earlier run say nothing about the network now and are
        left out; "no such host" and a failing resolver both count as failed lookups.
        """
        fresh = [f for f in self._results.values() if not f.from_cache]
        if not fresh or any(f.error_kind not in _LOOKUP_FAILURES for f in fresh):
            return
        hosts = {host_of(f.url) for f in fresh}
        if len(hosts) >= NETWORK_DOWN_MIN_HOSTS:
            raise NetworkUnavailable(
                f"none of {len(hosts)} hosts could be resolved; "
                "the network seems unavailable (use --offline to check without it)"
            )

    def report(self) -> Report:
        """The report of everything done so far (unfetched links: skipped, interrupted)."""
        documents = tuple(self._check_document(d) for d in self._documents)
        elapsed_ms = int((time.monotonic() - self._started) * 1000)
        return Report(
            documents=documents,
            summary=summarize(documents),
            tool_version=__version__,
            elapsed_ms=elapsed_ms,
            offline=self._options.offline,
        )

    def _check_document(self, document: Document) -> Document:
        """The document with links, source verification, link problems and a nothing-found
        warning filled in."""
        linked = [self._with_links(f) for f in document.footnotes]
        by_number: dict[int, Footnote] = {}
        for footnote in linked:
            by_number.setdefault(footnote.number, footnote)
        fetched = self._fetched_by_written_url()
        footnotes = tuple(
            self._verify(f, by_number, fetched, document.body, self._options.title_threshold)
            for f in linked
        )
        inline = tuple(self._inline(s) for s in document.inline_sources)
        problems = (*document.problems, *(p for s in inline for p in _inline_problems(s)))
        if (
            not document.footnotes
            and not inline
            and not any(p.code is ProblemCode.NOTHING_FOUND for p in problems)
        ):
            problems = (*problems, _NOTHING_FOUND)
        return dataclasses.replace(
            document, footnotes=footnotes, problems=problems, inline_sources=inline
        )

    def _inline(self, source: InlineSource) -> InlineSource:
        """An inline source with its `Link`: it names no title (`not_cited`); a permanent
        redirect suggests its target, as for a footnote."""
        link = self._link(source.url)
        link = dataclasses.replace(
            link, title_match=TitleMatch(TitleVerdict.NOT_CITED), suggested_url=suggested_url(link)
        )
        return dataclasses.replace(source, links=(link,))

    def _fetched_by_written_url(self) -> dict[str, Fetched]:
        """What was observed for each URL as written (the mapping `verify` looks up)."""
        found: dict[str, Fetched] = {}
        for url, plan in self._plans.items():
            fetched = self._results.get(plan.key)
            if plan.skip_reason is None and fetched is not None:
                found[url] = fetched
        return found

    def _with_links(self, footnote: Footnote) -> Footnote:
        """The footnote with one `Link` per URL."""
        return dataclasses.replace(footnote, links=tuple(self._link(url) for url in footnote.urls))

    @staticmethod
    def _verify(
        footnote: Footnote,
        by_number: dict[int, Footnote],
        fetched: dict[str, Fetched],
        body: str,
        title_threshold: float,
    ) -> Footnote:
        """Source verification (titles, figures, years, suggestions), then link problems."""
        source = by_number.get(footnote.ibid_of) if footnote.ibid_of is not None else None
        verified = verify_footnote(
            footnote,
            source=source,
            body=body or None,
            title_threshold=title_threshold,
        )
        problems = list(verified.problems)
        for link in verified.links:
            found = _LINK_PROBLEMS.get(link.status)
            if found is None:
                continue
            code, severity = found
            problems.append(Problem(code, severity, footnote.line, _link_message(link)))
        return dataclasses.replace(verified, problems=tuple(problems))

    def _link(self, url: str) -> Link:
        """The check result for one URL as written (title verdict: see `_verify`)."""
        plan = self._plans[url]
        if plan.skip_reason is not None:
            return Link(url, LinkStatus.SKIPPED, plan.skip_reason)
        fetched = self._results.get(plan.key)
        if fetched is None:
            return Link(url, LinkStatus.SKIPPED, "interrupted")
        status: LinkStatus
        reason: str | None
        if fetched.error_kind == _INTERNAL_ERROR:
            status, reason = LinkStatus.ERROR, "internal_error"
        elif fetched.error_kind is None and fetched.http_status in self._options.accept:
            # The user vouches for this answer; report it as reached, and say why.
            status, reason = LinkStatus.OK, "accepted_status"
        else:
            status, reason = classify(fetched)
        return Link(
            url=url,
            status=status,
            reason=reason,
            http_status=fetched.http_status,
            final_url=fetched.final_url,
            redirects=fetched.redirects,
            page_title=fetched.page_title,
            elapsed_ms=fetched.elapsed_ms,
            fetched=fetched,
        )


_NOTHING_FOUND = Problem(
    ProblemCode.NOTHING_FOUND,
    Severity.WARNING,
    None,
    "No footnotes and no URLs found: is this the right document, "
    "saved in a format citecheck reads?",
)
"""The warning for a document without footnotes and without URLs in its text (parsers turn
every URL of the text into an inline source, so there is nothing left to count)."""


def _inline_problems(source: InlineSource) -> Iterator[Problem]:
    """The link problems of a URL in the running text, at its line, saying where it stands."""
    for link in source.links:
        found = _LINK_PROBLEMS.get(link.status)
        if found is not None:
            code, severity = found
            message = _link_message(link, in_text=True)
            yield Problem(code, severity, source.line, message, url=source.url)


def _link_message(link: Link, *, in_text: bool = False) -> str:
    """One sentence describing a failing or unverifiable link (`in_text`: a link of the
    running text rather than of a footnote)."""
    what = _LINK_MESSAGES[link.status]
    if in_text:
        what = f"{what} in the text"
    parts = [f"{what}: {link.url}"]
    details = []
    if link.http_status is not None:
        details.append(f"HTTP {link.http_status}")
    if link.reason:
        details.append(link.reason)
    if details:
        parts.append(f"({', '.join(details)})")
    if link.status is LinkStatus.REDIRECT and link.final_url:
        parts.append(f"→ {link.final_url}")
    return " ".join(parts)


async def check(
    documents: Sequence[Document],
    fetcher: Fetcher | None,
    options: CheckOptions,
    on_link: OnLink | None = None,
) -> Report:
    """Check every link of `documents` and return the report.

    `fetcher` may be None only with `options.offline`. Raises `NetworkUnavailable` (see
    `CheckRun.fetch_all`) and `ConfigError` for a bad exclude pattern. For an interruptible run
    use `CheckRun` directly.
    """
    run = CheckRun(documents, options)
    if not options.offline and run.total:
        if fetcher is None:
            raise ValueError("check() needs a fetcher unless options.offline is set")
        await run.fetch_all(fetcher, on_link)
    return run.report()


def iter_all_problems(report: Report) -> Iterator[Problem]:
    """Every problem of every document and footnote in the report."""
    for document in report.documents:
        yield from document.problems
        for footnote in document.footnotes:
            yield from footnote.problems


def exit_code(report: Report, fail_on: FailOn) -> int:
    """0 when no problem reaches `fail_on`, else 1 (usage and input errors are 2, elsewhere)."""
    if fail_on is FailOn.NEVER:
        return 0
    threshold = Severity(fail_on.value).rank
    failing = any(p.severity.rank >= threshold for p in iter_all_problems(report))
    return 1 if failing else 0
