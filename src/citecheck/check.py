"""The check pipeline: parsed documents in, a `Report` out (plan, fetch each distinct URL
once, classify, verify, link problems), interruptibly, and the exit-code policy over a report.
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
    LINK_RULES,
    Document,
    ErrorKind,
    FailOn,
    Fetched,
    Footnote,
    InlineSource,
    Link,
    LinkStatus,
    Problem,
    ProblemCode,
    Reason,
    Report,
    Severity,
    TitleMatch,
    TitleVerdict,
    iter_problems,
    summarize,
)
from citecheck.options import CheckOptions
from citecheck.urls import fetchable, host_of, is_supported_scheme, url_defect
from citecheck.verify import suggested_url, verify_footnote

__all__ = [
    "CheckOptions",
    "CheckRun",
    "FailOn",
    "LinkEvent",
    "check",
    "exit_code",
    "unreadable_documents",
]

logger = logging.getLogger(__name__)

#: Every fetch failing with this error kind, over this many hosts, means "no network".
NETWORK_DOWN_MIN_HOSTS = 3
_LOOKUP_FAILURES = frozenset({"dns", "dns_failure"})  # Fetched.error_kind of a failed lookup

# error_kind recorded when a fetcher breaks its promise and raises: the run goes on, the link
# is reported as an error instead of the whole run dying with a traceback.
_INTERNAL_ERROR = ErrorKind.INTERNAL


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
    skip_reason: Reason | None
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
            return _Plan(key, Reason.UNSUPPORTED_SCHEME)
        if any(p.search(url) or p.search(key) for p in excludes):
            return _Plan(key, Reason.EXCLUDED)
        if self._options.offline:
            return _Plan(key, Reason.OFFLINE)
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
        footnotes = tuple(
            self._verify(f, by_number, document.body, self._options.title_threshold) for f in linked
        )
        inline = tuple(self._inline(s) for s in document.inline_sources)
        in_text = (p for s in inline for p in _link_problems(s.links, s.line, in_text=True))
        problems = (*document.problems, *in_text)
        if (
            not document.footnotes
            and not inline
            and not any(p.code in _SAYS_WHY_EMPTY for p in problems)
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

    def _with_links(self, footnote: Footnote) -> Footnote:
        """The footnote with one `Link` per URL."""
        return dataclasses.replace(footnote, links=tuple(self._link(url) for url in footnote.urls))

    @staticmethod
    def _verify(
        footnote: Footnote,
        by_number: dict[int, Footnote],
        body: str,
        title_threshold: float,
    ) -> Footnote:
        """Source verification (titles, figures, years, suggestions), then link problems."""
        source = by_number.get(footnote.ibid_of) if footnote.ibid_of is not None else None
        verified = verify_footnote(
            footnote, source=source, body=body or None, title_threshold=title_threshold
        )
        problems = (*verified.problems, *_link_problems(verified.links, footnote.line))
        return dataclasses.replace(verified, problems=problems)

    def _link(self, url: str) -> Link:
        """The check result for one URL as written, with the `Fetched` it was judged from
        (title verdict: see `_verify`)."""
        plan = self._plans[url]
        if plan.skip_reason is not None:
            return Link(url, LinkStatus.SKIPPED, plan.skip_reason)
        fetched = self._results.get(plan.key)
        if fetched is None:
            return Link(url, LinkStatus.SKIPPED, Reason.INTERRUPTED)
        status: LinkStatus
        reason: Reason | None
        if fetched.error_kind == _INTERNAL_ERROR:
            status, reason = LinkStatus.ERROR, Reason.INTERNAL_ERROR
        elif fetched.error_kind is None and fetched.http_status in self._options.accept:
            # The user vouches for this answer; report it as reached, and say why.
            status, reason = LinkStatus.OK, Reason.ACCEPTED_STATUS
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


_SAYS_WHY_EMPTY = frozenset({ProblemCode.NOTHING_FOUND, ProblemCode.UNREADABLE_DOCUMENT})
"""Document problems that already explain an empty document (no nothing-found added)."""

_NOTHING_FOUND = Problem(
    ProblemCode.NOTHING_FOUND,
    Severity.WARNING,
    None,
    "No footnotes and no URLs found: is this the right document, "
    "saved in a format citecheck reads?",
)
"""The warning for a document without footnotes and without URLs in its text (parsers turn
every URL of the text into an inline source, so there is nothing left to count)."""


def _link_problems(
    links: Sequence[Link], line: int | None, *, in_text: bool = False
) -> Iterator[Problem]:
    """One problem per failing or unverifiable link (`models.LINK_RULES`), at `line`, naming
    its own URL (`in_text`: links of the running text rather than of a footnote)."""
    for link in links:
        rule = LINK_RULES[link.status]
        if rule is not None:
            message = _link_message(rule.message, link, in_text=in_text)
            yield Problem(rule.code, rule.severity, line, message, url=link.url)


def _link_message(what: str, link: Link, *, in_text: bool) -> str:
    """One sentence: the rule's words, where the link stands, its URL and the details."""
    if in_text:
        what = f"{what} in the text"
    parts = [f"{what}: {link.url}"]
    details = []
    if link.http_status is not None:
        details.append(f"HTTP {link.http_status}")
    if link.reason:
        details.append(link.reason)
    defect = url_defect(link.url) if link.reason is Reason.INVALID_URL else None
    if defect:
        details[-1] += f": the URL {defect}"
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


def exit_code(report: Report, fail_on: FailOn) -> int:
    """0 when no problem reaches `fail_on`, else 1 (usage and input errors are 2, elsewhere);
    accepted problems (`Problem.accepted`: an ignore rule, the baseline) never count. A rule
    over the report rather than a detail of the command line, hence here."""
    if fail_on is FailOn.NEVER:
        return 0
    threshold = Severity(fail_on.value).rank
    failing = any(
        p.severity.rank >= threshold and p.accepted is None
        for d in report.documents
        for _, p in iter_problems(d)
    )
    return 1 if failing else 0


def unreadable_documents(report: Report) -> list[str]:
    """The paths of the documents that could not be read (`unreadable-document`, unless
    accepted): such a run is an input error (exit 2), however the rest of the report looks."""
    return [
        d.path
        for d in report.documents
        if any(p.code is ProblemCode.UNREADABLE_DOCUMENT and p.accepted is None for p in d.problems)
    ]
