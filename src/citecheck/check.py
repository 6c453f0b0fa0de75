"""The check pipeline: parsed documents in (also while fetching), a `Report` out (plan, fetch
each distinct URL once, settle doubtful readings of a URL on the web, classify, verify each
footnote once its answers are in: `check_docs`), interruptibly, and the exit-code policy over a
report. The answer-side steps are imported at first use (`deferred`).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from citecheck import __version__
from citecheck.check_docs import BATCH, DocumentChecks, Readiness
from citecheck.deferred import classify
from citecheck.errors import CitecheckError, NetworkUnavailable
from citecheck.fetch.base import Fetcher
from citecheck.models import (
    Document,
    ErrorKind,
    FailOn,
    Fetched,
    Footnote,
    Link,
    LinkStatus,
    ProblemCode,
    Reason,
    Report,
    fails,
    summarize,
)
from citecheck.options import CheckOptions
from citecheck.planning import LinkEvent, OnLink, Plan, compile_excludes, plan_url
from citecheck.readings import (
    answers,
    doubts_reading,
    printed_urls,
)
from citecheck.urls import host_of

if TYPE_CHECKING:
    import asyncio

    from citecheck.archive_lookup import ArchiveLookups
    from citecheck.verify import TextUse
    from citecheck.verify.keep import TextUseSoFar

__all__ = ["CheckRun", "LinkEvent", "OnLink", "check", "exit_code", "unreadable_documents"]

logger = logging.getLogger(__name__)

#: Every fetch failing with this error kind, over this many hosts, means "no network".
NETWORK_DOWN_MIN_HOSTS = 3
_LOOKUP_FAILURES = frozenset({ErrorKind.DNS, ErrorKind.DNS_FAILURE})  # a failed name lookup
_TASK_WINDOW = 2048  # URLs fetched at once (the fetcher's limits apply below that): memory
# Reading while fetching: the answers are let in after every _READ_TURN seconds of reading
# (a session's motion takes ~5 ms). Read one per loop turn, a session's 50 motions came in over
# 2-3 s of its CPU-bound fetch phase: late for verification, which waits for all of them.
_READ_TURN = 0.02
_STEP = 32  # results given their `TextUse` in one loop turn

# error_kind recorded when a fetcher breaks its promise and raises: the run goes on, the link
# is reported as an error instead of the whole run dying with a traceback.
_INTERNAL_ERROR = ErrorKind.INTERNAL


class CheckRun:
    """One run over a set of documents: plans, fetches and reports, interruptibly.

    Results are kept per fetchable URL as they complete, so `report()` can be called at any
    time (typically after the fetch task was cancelled by Ctrl-C) and describes whatever is
    done; links not yet checked become `skipped` with reason `interrupted`, and a link whose
    other readings were not fetched yet stays as first read.

    A run made with `reading=True` grows: `fetch_all` reads (parses) the rest of its documents
    while the first ones' URLs are fetched (`add`, then `finish_reading`). Each footnote is
    verified as soon as every URL it needs has its result and every document is read.
    """

    def __init__(
        self, documents: Sequence[Document], options: CheckOptions, *, reading: bool = False
    ) -> None:
        self._documents: list[Document] = []
        self._options = options
        self._started = time.monotonic()
        self._results: dict[str, Fetched] = {}
        # The verdict of each result, judged on arrival (while its page text is still there).
        self._verdicts: dict[str, tuple[LinkStatus, Reason | None]] = {}
        self._pending: dict[str, asyncio.Future[None]] = {}
        self._plans: dict[str, Plan] = {}
        # Fetchable URL → the distinct lists of its other readings (fetchable forms), one per
        # way it was printed: fetched one by one, only when its own reading is in doubt.
        self._readings: dict[str, list[tuple[str, ...]]] = {}
        self._excludes = compile_excludes(options.exclude)
        # Distinct fetchable URLs as first read, in first-seen order.
        self._to_fetch: list[str] = []
        self._first_read: set[str] = set()
        self._total = 0
        self._archive_host = host_of(options.archive_url)
        # The checked documents and the (documents, results, copies) counts they were made from.
        self._checked: tuple[tuple[int, int, int], tuple[Document, ...]] | None = None
        self._ready = Readiness()
        self._reading_done = False
        self._unkept: list[str] = []  # results kept whole until every document is read
        self._fetching = False  # footnotes are verified early only in `fetch_all`
        self._stopped = False  # `stop_reading`
        for document in documents:
            self.add(document)
        if not reading:
            self.finish_reading()

    def add(self, document: Document) -> None:
        """Add the next document of a run that is still reading (its URLs are fetched next)."""
        if self._reading_done:
            raise RuntimeError("CheckRun.add after finish_reading")
        index = len(self._documents)
        self._documents.append(document)
        for url, others in printed_urls((document,)):
            for written in (url, *others):
                if written not in self._plans:
                    self._plans[written] = plan_url(
                        written, self._excludes, offline=self._options.offline
                    )
            plan = self._plans[url]
            if plan.skip_reason is None:
                if plan.key not in self._first_read:
                    self._first_read.add(plan.key)
                    self._to_fetch.append(plan.key)
                    self._total += 1
                self._note_readings(plan.key, others)
        self._ready.add(index, document, self._needs)

    def _needs(self, footnote: Footnote) -> set[str]:
        """The fetchable URLs (first readings) whose results a footnote's links are made of."""
        plans = (self._plans[url] for url in footnote.urls)
        return {p.key for p in plans if p.skip_reason is None}

    def finish_reading(self) -> None:
        """Every document is in: decide what each result keeps (`TextUse` reads them all),
        apply it to the results kept whole so far, and verify the footnotes that are ready
        (at once; `fetch_all` spreads this over loop turns: `_finish_reading_by_turns`)."""
        if self._reading_done:
            return
        self._reading_done = True
        self._ready.batches(self._documents)
        self._keep(len(self._unkept))
        self._verify_ready()

    async def _finish_reading_by_turns(self) -> None:
        """`finish_reading`, `_STEP` results or footnotes at a time with the answers let in
        between: done at once, a session's first ~500 results and ~700 footnotes held the loop
        (and the network) for ~150 ms."""
        import asyncio

        self._reading_done = True
        self._ready.batches(self._documents)
        while self._unkept:
            self._keep(_STEP)
            await asyncio.sleep(0)
        while self._verify_ready(BATCH):
            await asyncio.sleep(0)

    def _keep(self, count: int) -> None:
        """Apply `TextUse` to the last `count` results kept whole so far."""
        if count <= 0:
            return
        for key in self._unkept[-count:]:
            self._results[key] = self._text_use.kept(key, self._results[key])
        del self._unkept[-count:]

    def stop_reading(self) -> None:
        """Read no further document in `fetch_all` (a signal is stopping the run: safe to call
        from a signal handler, it only sets a flag). The run stays `reading`: unfinished."""
        self._stopped = True

    @property
    def reading(self) -> bool:
        """True while documents may still be added (`add`)."""
        return not self._reading_done

    @property
    def documents_read(self) -> int:
        """Documents added so far."""
        return len(self._documents)

    @functools.cached_property
    def _archives(self) -> ArchiveLookups:
        """The run's archived copies (made at first use, with their module: `deferred`)."""
        from citecheck.archive_lookup import ArchiveLookups

        return ArchiveLookups(self._options)

    @functools.cached_property
    def _checks(self) -> DocumentChecks:
        """The documents' checks against this run's results and archived copies."""
        return DocumentChecks(self._options, self._reading, lambda: self._archives)

    @functools.cached_property
    def _uses(self) -> TextUseSoFar:
        """Which results keep their page text (or figures), made as documents are read."""
        from citecheck.verify.keep import TextUseSoFar

        return TextUseSoFar()

    @property
    def _text_use(self) -> TextUse:
        """The `TextUse` of every document: asked once reading is finished."""
        assert self._reading_done
        return self._uses.of(self._documents)

    def wants_figures(self, key: str) -> bool:
        """Whether the page fetched as `key` keeps its figure index (asked for each URL a worker
        process fetches, `fetch.shard`): by the documents read so far while a run still reads,
        then by all. A page that arrives without an index it needs gets it in this process."""
        uses = self._uses.of(self._documents)
        return host_of(key) != self._archive_host and uses.wants_figures(key)

    def _verify_ready(self, limit: int | None = None) -> bool:
        """While fetching, verify the footnotes whose URLs all have their results, `limit` at
        most, once every document is in and every result keeps what `TextUse` says (the
        results a footnote is verified for are the report's), and a batch of them is due
        (`Readiness.due`). Ahead of the report, so a failure here is left for the report to meet
        (and to say, as before). True when it verified some and more are waiting."""
        if not self._reading_done or not self._fetching or self._unkept or not self._ready.due:
            return False
        taken = self._ready.take(limit)
        for index, at in taken:
            try:
                self._checks.final_footnote((index, at), self._documents[index])
            except Exception:  # the report verifies it again
                logger.debug("verifying footnote %d of %s ahead failed", at, index, exc_info=True)
        return bool(taken) and self._ready.waiting

    def _note_readings(self, key: str, others: tuple[str, ...]) -> None:
        """Remember the fetchable other readings of the URL fetched as `key`."""
        plans = (self._plans[other] for other in others)
        keys = tuple(dict.fromkeys(p.key for p in plans if p.skip_reason is None and p.key != key))
        if keys and keys not in self._readings.setdefault(key, []):
            self._readings[key].append(keys)

    @property
    def total(self) -> int:
        """Distinct URLs this run fetches: those first read, and the other readings it has
        needed so far (a reading is fetched only when the first one is in doubt)."""
        return self._total

    @property
    def done(self) -> int:
        """Distinct URLs fetched so far."""
        return len(self._results)

    async def fetch_all(
        self,
        fetcher: Fetcher,
        on_link: OnLink | None = None,
        more: Iterable[Document] = (),
    ) -> None:
        """Fetch every planned URL concurrently (the fetcher enforces the limits), then, for
        each whose verdict puts its reading in doubt, its other readings (`_settle`); then the
        archived copies the checked links need (`_look_for_archives`).

        A run that is still reading takes its other documents from `more` (iterating it parses
        them, one at a time, in this thread): each is added once the URLs known so far have
        their tasks, and the answers are let in between two documents. Footnotes are verified
        as their results come in (`_verify_ready`). At most `_TASK_WINDOW` URLs have a task at
        a time (a waiting task costs ~4 KB: 8,000 at once were ~30 MB). Raises
        `NetworkUnavailable` when every fetch failed to resolve over three or more distinct
        hosts: calling every link dead would then be a lie; and what reading a document raises
        (`InputError`), the fetches cancelled.
        """
        import asyncio  # here, not at the top: `citecheck --help` needs FailOn, not an event loop

        self._fetching = True
        documents = iter(more)
        window = asyncio.Semaphore(_TASK_WINDOW)

        async def one(key: str) -> None:
            try:
                await self._fetch(fetcher, key, on_link)
                await self._settle(fetcher, key, on_link)
                self._ready.settled(key)
                self._verify_ready()
            finally:
                window.release()

        try:
            async with asyncio.TaskGroup() as group:
                started, turn = 0, 0.0  # the first URLs leave before the next document is read
                while True:
                    for key in self._to_fetch[started:]:
                        await window.acquire()
                        group.create_task(one(key))
                        started += 1
                    if not self.reading or self._stopped:
                        break
                    if time.monotonic() - turn >= _READ_TURN:
                        await asyncio.sleep(0)  # the answers that came in meanwhile
                        turn = time.monotonic()
                    document = next(documents, None)  # parsed here: CPU between two awaits
                    if document is None:
                        await self._finish_reading_by_turns()
                    else:
                        self.add(document)
        except* CitecheckError as failed:
            raise failed.exceptions[0] from None
        self._raise_if_network_down()
        await self._look_for_archives(fetcher, on_link)

    async def _look_for_archives(self, fetcher: Fetcher, on_link: OnLink | None) -> None:
        """Look for the archived copies the links checked so far need (`ArchiveLookups.wanted`:
        `--archive`, failing links, title mismatches, figures the page lacks), concurrently,
        each query and capture through `_fetch`: the same fetcher, so the archive host gets the
        per-host limit, retries, Retry-After and the cache like any other host."""
        import asyncio

        if not self._archives.enabled:
            return
        wanted = self._archives.wanted(self._checked_documents())

        async def fetch(url: str) -> Fetched:
            await self._fetch(fetcher, url, on_link)
            return self._results[url]

        async with asyncio.TaskGroup() as group:
            for url, target in wanted:
                group.create_task(self._archives.look(url, target, fetch))

    async def _settle(self, fetcher: Fetcher, key: str, on_link: OnLink | None) -> None:
        """When the reading fetched as `key` is in doubt (`readings.doubts_reading`), fetch its
        other readings, in the parser's order, until one answers (`readings.answers`): through
        the same fetcher, so the same politeness, cache and limits apply, and never more than
        needed. Each way the URL was printed gets its own search."""
        if not doubts_reading(*self._verdicts[key]):
            return
        for keys in self._readings.get(key, ()):
            for other in keys:
                await self._fetch(fetcher, other, on_link)
                if answers(self._verdicts[other][0]):
                    break

    async def _fetch(self, fetcher: Fetcher, key: str, on_link: OnLink | None) -> None:
        """Fetch `key` once per run: later callers wait for the first one's answer."""
        import asyncio

        if key in self._results:
            return
        pending = self._pending.get(key)
        if pending is not None:
            await asyncio.shield(pending)
            return
        pending = self._pending[key] = asyncio.get_running_loop().create_future()
        if key not in self._first_read:
            self._total += 1  # another reading, fetched because the first is in doubt
        host = host_of(key)
        try:
            if on_link is not None:
                on_link(LinkEvent(key, host, self.done, self.total, finished=False))
            try:
                fetched = await fetcher.fetch(key)
            except Exception:  # a fetcher must not raise for a link; keep the run alive
                logger.exception("fetcher raised for %s", key)
                fetched = Fetched(url=key, error_kind=_INTERNAL_ERROR)
            if fetched.checked_at is None:  # the cache keeps the time of the first answer
                fetched = dataclasses.replace(fetched, checked_at=time.time())
            self._verdicts[key] = self._verdict(fetched)
            if host != self._archive_host:  # the archive's answers are read whole by look-ups
                if self._reading_done:
                    fetched = self._text_use.kept(key, fetched)
                else:
                    self._unkept.append(key)  # `finish_reading` applies `TextUse`
            self._results[key] = fetched
            if on_link is not None:
                on_link(LinkEvent(key, host, self.done, self.total, finished=True))
        finally:
            del self._pending[key]
            if key in self._results:
                pending.set_result(None)
            else:
                pending.cancel()

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

    @property
    def interrupted(self) -> bool:
        """True when some planned URL has no result or some document was not read (the run
        was stopped before the end)."""
        return self.reading or any(key not in self._results for key in self._to_fetch)

    def report(self) -> Report:
        """The report of everything done so far (unfetched links: skipped, interrupted), with
        the run state (offline, interrupted), the counts per severity and the verdict."""
        documents = self._checked_documents()
        elapsed_ms = int((time.monotonic() - self._started) * 1000)
        interrupted = self.interrupted
        fail_on = self._options.fail_on
        return Report(
            documents=documents,
            summary=summarize(documents, fail_on, interrupted=interrupted),
            tool_version=__version__,
            elapsed_ms=elapsed_ms,
            offline=self._options.offline,
            interrupted=interrupted,
            fail_on=fail_on,
        )

    def _checked_documents(self) -> tuple[Document, ...]:
        """Every document parsed so far, checked (`DocumentChecks.document`): made again only
        when a document, a fetch or an archive look-up has finished since (documents, results
        and copies are only ever added), and then verifying only the footnotes whose links
        changed since they were verified."""
        stamp = (len(self._documents), len(self._results), self._archives.found)
        if self._checked is None or self._checked[0] != stamp:
            checks = self._checks
            documents = tuple(checks.document(i, d) for i, d in enumerate(self._documents))
            self._checked = (stamp, documents)
        return self._checked[1]

    def _reading(self, url: str) -> Link | None:
        """The link one reading of a URL gives on its own: skipped by plan, judged from its
        `Fetched`, or None when it has not been fetched (yet)."""
        plan = self._plans[url]
        if plan.skip_reason is not None:
            return Link(url, LinkStatus.SKIPPED, plan.skip_reason)
        fetched = self._results.get(plan.key)
        if fetched is None:
            return None
        status, reason = self._verdicts[plan.key]
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

    def _verdict(self, fetched: Fetched) -> tuple[LinkStatus, Reason | None]:
        """Status and reason of one fetch: internal error, a status accepted, or `classify`."""
        if fetched.error_kind == _INTERNAL_ERROR:
            return LinkStatus.ERROR, Reason.INTERNAL_ERROR
        if fetched.error_kind is None and fetched.http_status in self._options.accept:
            # The user vouches for this answer; report it as reached, and say why.
            return LinkStatus.OK, Reason.ACCEPTED_STATUS
        return classify(fetched)


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
    """0 when no problem reaches `fail_on`, else 1 (usage and input errors are 2, elsewhere):
    a rule over the report, not the command line; its core is `models.fails`."""
    return 1 if fails(report.documents, fail_on) else 0


def unreadable_documents(report: Report) -> list[str]:
    """The paths of the documents that could not be read (`unreadable-document`, unless
    accepted): such a run is an input error (exit 2), however the rest of the report looks."""
    return [
        d.path
        for d in report.documents
        if any(p.code is ProblemCode.UNREADABLE_DOCUMENT and p.accepted is None for p in d.problems)
    ]
