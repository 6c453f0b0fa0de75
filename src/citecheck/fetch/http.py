"""`HttpFetcher`: the request state machine over the transport — slots, the deadline,
redirects and retries — that turns one URL into a `Fetched`; never raises for a broken link.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import logging
import random
import re
import ssl
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Self
from urllib.parse import urljoin, urlsplit, urlunsplit

from citecheck.fetch._httpx import httpx
from citecheck.fetch.body import Answer, extract, read_answer
from citecheck.fetch.resolve import (
    IPAddress,
    NoSuchHost,
    ResolveError,
    Resolver,
    SystemResolver,
    is_public_address,
    parse_ip,
)
from citecheck.fetch.transport import (
    LOCATION_KEY,
    PrivateAddressError,
    build_client,
    timeouts,
)
from citecheck.fetch.url_parse import parse_url
from citecheck.models import ErrorKind, Fetched, Redirect
from citecheck.options import FetchOptions
from citecheck.urls import host_of, url_defect

if TYPE_CHECKING:
    from citecheck.titles import PageInfo  # imported at the first answer (`body.extract`)

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""HTTP statuses worth another try."""

# Host names as DNS carries them (IDNs arrive punycoded); underscores occur in real hosts.
_HOST_NAME = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_-]{1,63})*\.?", re.IGNORECASE)
_LOCAL_NAMES = ("localhost", "localhost.", "ip6-localhost", "ip6-loopback")


@dataclass(slots=True)
class _Hop:
    """A redirect answer: its status and where it points (absolute)."""

    status: int
    target: str
    set_cookie: bool


@dataclass(slots=True)
class _Failure:
    """A transport failure of one attempt."""

    kind: ErrorKind
    retryable: bool


@dataclass(slots=True)
class _State:
    """What one `fetch` has seen so far (survives a deadline cancellation)."""

    url: str
    timeout: float
    deadline: asyncio.Timeout | None = None
    started: float | None = None
    redirects: list[Redirect] = field(default_factory=list)
    retried: int = 0
    last_status: int | None = None
    current: str = ""

    def remaining(self) -> float:
        """Seconds left before the deadline (the full timeout before the first slot)."""
        when = self.deadline.when() if self.deadline is not None else None
        if when is None:
            return self.timeout
        return when - asyncio.get_running_loop().time()


class HttpFetcher:
    """Fetches URLs over HTTP(S); implements `fetch.base.Fetcher`.

    Per URL, `fetch`:

    * waits for a per-host slot and a global one (`_host_slot`); the hard deadline (`timeout`, or
      the override's for the URL's own host) starts when the URL first gets its slots, so
      queueing behind other URLs is not held against it, and covers every retry, redirect
      hop and body read after that;
    * sends GET only (a HEAD-first strategy needs a GET fallback for every non-2xx anyway,
      and the body is needed for titles), follows redirects itself so every hop is recorded,
      resolves relative `Location`s, stops at `max_redirects` (`too_many_redirects`) and on
      loops (`redirect_loop`);
    * resolves names only through its `Resolver`, behind the private-address guard on every
      connection of every hop (see `guard.AddressGuard`);
    * reads at most `max_body_bytes` (HTML, text) or `max_pdf_bytes` (PDF) of a body, bombs
      and endless streams included (see `body.read_capped`);
    * retries connect errors, resets, cut-off 2xx bodies, temporary resolver failures, 429,
      500, 502, 503 and 504 with exponential backoff and jitter (`_retry_wait`);
    * never raises for a broken link: every failure becomes `Fetched.error_kind`.

    `HttpFetcher(FetchOptions(...))` for production (system resolver, public addresses only
    unless `allow_private`); tests pass `resolver=StaticResolver({...})`. `address_allowed`
    replaces the guard's notion of a public address (tests use it to mark one loopback address
    "public"); it is ignored when `options.allow_private` is set. Use `async with` or call
    `aclose()`.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        resolver: Resolver | None = None,
        *,
        address_allowed: Callable[[IPAddress], bool] | None = None,
    ) -> None:
        self.options = options or FetchOptions()
        """The limits and manners in force."""
        if self.options.allow_private:
            self._allowed: Callable[[IPAddress], bool] = lambda _address: True
        else:
            self._allowed = address_allowed or is_public_address
        self._resolver = resolver
        self._global = asyncio.Semaphore(self.options.max_concurrency)
        self._per_host: dict[str, asyncio.Semaphore] = {}
        self._built: httpx.AsyncClient | None = None

    @property
    def _client(self) -> httpx.AsyncClient:
        """The HTTP client, built (with its TLS context) on first use, once."""
        if self._built is None:
            resolver = self._resolver or SystemResolver()
            self._built = build_client(self.options, resolver, self._allowed)
        return self._built

    async def __aenter__(self) -> Self:
        """Return self; connections close on exit."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the client."""
        await self.aclose()

    async def aclose(self) -> None:
        """Close every connection (and proxy transport)."""
        if self._built is not None:
            await self._built.aclose()

    async def fetch(self, url: str) -> Fetched:
        """Fetch `url` with redirects, retries and caps; never raises for a broken link.

        Cancellation (Ctrl-C) propagates: the caller records `interrupted`.
        """
        began = time.monotonic()
        opts = self.options
        # The URL's host is worked out only when an override may name it.
        timeout = opts.timeout_for(host_of(url)) if opts.hosts else opts.timeout
        state = _State(url=url, timeout=timeout, current=url)
        try:
            async with asyncio.timeout(None) as state.deadline:
                outcome: Answer | _Failure = await self._follow(state)
        except TimeoutError:
            if state.deadline is None or not state.deadline.expired():
                raise
            outcome = _Failure(ErrorKind.TIMEOUT, retryable=False)
        if isinstance(outcome, _Failure):
            return self._failed(state, outcome.kind, _elapsed_ms(state, began))
        # The slots are free now: the requests waiting for them go out before this page is
        # read (a burst of answers otherwise held every next request behind all their reading).
        await asyncio.sleep(0)
        page = await extract(outcome)
        return self._finish(state, outcome, page, _elapsed_ms(state, began))

    # --- redirects and retries ------------------------------------------------------------

    async def _follow(self, state: _State) -> Answer | _Failure:
        """Walk the redirect chain from `state.url`; the final answer or a failure."""
        visits: dict[str, int] = {_loop_key(state.url): 1}
        while True:
            refusal = self._precheck(state.current)
            if refusal is not None:
                return _Failure(refusal, retryable=False)
            outcome = await self._with_retries(state)
            if not isinstance(outcome, _Hop):
                return outcome
            state.redirects.append(Redirect(state.current, outcome.status))
            state.last_status = outcome.status
            state.current = outcome.target
            if len(state.redirects) > self.options.max_redirects:
                return _Failure(ErrorKind.TOO_MANY_REDIRECTS, retryable=False)
            key = _loop_key(outcome.target)
            visits[key] = visits.get(key, 0) + 1
            # A page may redirect to itself once to set a cookie; a second time is a loop.
            if visits[key] > (2 if outcome.set_cookie else 1):
                return _Failure(ErrorKind.REDIRECT_LOOP, retryable=False)

    async def _with_retries(self, state: _State) -> _Hop | Answer | _Failure:
        """One hop, retried while transient and while the deadline allows."""
        attempt = 0
        while True:
            outcome = await self._attempt(state)
            wait = self._retry_wait(outcome, attempt)
            if wait is None or attempt >= self.options.retries or wait >= state.remaining():
                return outcome
            attempt += 1
            state.retried += 1
            await asyncio.sleep(wait)

    def _retry_wait(self, outcome: _Hop | Answer | _Failure, attempt: int) -> float | None:
        """Seconds to wait before retrying `outcome`, or None when it is not retried.

        Retryable failures and `RETRY_STATUSES` wait `backoff * 2**attempt` (capped by
        `max_retry_after`) with jitter; a `Retry-After` (seconds or HTTP-date) is honoured when
        it is at most `max_retry_after` (a longer one is not retried: retrying sooner than
        asked is rude and pointless). The caller also gives up when the wait would not fit in
        the deadline.
        """
        opts = self.options
        backoff = min(opts.max_retry_after, opts.backoff * 2.0**attempt) * random.uniform(0.5, 1.0)
        if isinstance(outcome, _Failure):
            return backoff if outcome.retryable else None
        if isinstance(outcome, _Hop) or outcome.status not in RETRY_STATUSES:
            return None
        header = dict(outcome.headers).get("retry-after")
        if header is None:
            return backoff
        asked = parse_retry_after(header)
        if asked is None:
            return backoff
        if asked > opts.max_retry_after:
            return None
        return max(asked, 0.0)

    # --- one request ----------------------------------------------------------------------

    async def _attempt(self, state: _State) -> _Hop | Answer | _Failure:
        """Send one GET to `state.current` inside its slots and read the capped body."""
        url = state.current
        try:
            request = self._request(url, state.timeout)
            async with self._host_slot(request.url.host), self._global:
                self._start(state)
                response = await self._client.send(request, stream=True)
                try:
                    return await self._read(response)
                finally:
                    await response.aclose()
        except NoSuchHost:
            return _Failure(ErrorKind.DNS, retryable=False)
        except ResolveError:  # the resolver failed (timeout, SERVFAIL): not an answer
            return _Failure(ErrorKind.DNS_FAILURE, retryable=True)
        except PrivateAddressError:
            return _Failure(ErrorKind.PRIVATE_ADDRESS, retryable=False)
        except httpx.HTTPError as exc:
            return _failure_for(exc)
        except (OSError, ValueError, OverflowError, zlib.error, ssl.SSLError) as exc:
            # Not expected from httpx, but one odd server must not abort a whole run.
            logger.warning("unexpected failure fetching %s: %r", url, exc)
            return _Failure(ErrorKind.PROTOCOL, retryable=False)

    def _request(self, url: str, timeout: float) -> httpx.Request:
        """The GET of `url`: what `build_request` makes of it, built directly while the client
        holds no cookies (then there is nothing to merge but the client's headers: a test
        compares both ways); with cookies, by `build_request`, which merges them."""
        client = self._client
        if client.cookies:
            return client.build_request("GET", _parsed_url(url), timeout=timeouts(timeout))
        extensions = {"timeout": dict(_timeout_extension(timeout))}
        return httpx.Request("GET", _parsed_url(url), headers=client.headers, extensions=extensions)

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        """The per-host slot of `host`; `_attempt` holds it, then a global one, per request.

        The one place the per-host limit is enforced: one semaphore per host name, sized by
        `FetchOptions.per_host_for` (overrides included; a wildcard override gives each
        matching host its own slots). The connection pools set no limit of their own.
        """
        key = host.lower()
        semaphore = self._per_host.get(key)
        if semaphore is None:
            semaphore = self._per_host[key] = asyncio.Semaphore(self.options.per_host_for(key))
        return semaphore

    @staticmethod
    def _start(state: _State) -> None:
        """With the first slots a URL gets, its deadline starts."""
        if state.started is None:
            state.started = time.monotonic()
            loop = asyncio.get_running_loop()
            assert state.deadline is not None
            state.deadline.reschedule(loop.time() + state.timeout)

    async def _read(self, response: httpx.Response) -> _Hop | Answer | _Failure:
        """Turn a response into a hop (3xx with Location), an answer with a capped body, or
        a failure: a Location that is no URL, or a 2xx whose body the connection cut off
        (its page would be judged from a fragment; retried like a reset)."""
        status = response.status_code
        location = response.extensions.get(LOCATION_KEY)
        if 300 <= status < 400 and location:
            target = _join(str(response.url), str(location))
            if target is None:
                return _Failure(ErrorKind.INVALID_URL, retryable=False)
            return _Hop(status, target, set_cookie="set-cookie" in response.headers)
        answer = await read_answer(response, self.options)
        if answer.truncated and 200 <= status <= 299:
            return _Failure(ErrorKind.TRUNCATED, retryable=True)
        return answer

    def _precheck(self, url: str) -> ErrorKind | None:
        """Why `url` must not be requested (error kind), or None. A malformed URL
        (`urls.url_defect`: an invalid IDNA label, a port out of range, …) is refused here,
        before any lookup or connection."""
        try:
            parsed = _parsed_url(url)
            host = parsed.host  # decodes IDNA labels: raises for invalid ones
        except (httpx.InvalidURL, ValueError, TypeError):
            return ErrorKind.INVALID_URL
        if parsed.scheme not in ("http", "https"):
            return ErrorKind.UNSUPPORTED_SCHEME if parsed.scheme else ErrorKind.INVALID_URL
        if url_defect(url) is not None:
            return ErrorKind.INVALID_URL
        if not host:
            return ErrorKind.INVALID_URL
        literal = parse_ip(host)
        if literal is None and not _HOST_NAME.fullmatch(parsed.raw_host.decode("ascii", "replace")):
            return ErrorKind.INVALID_URL
        if literal is not None and not self._allowed(literal):
            return ErrorKind.PRIVATE_ADDRESS
        if self._allowed is is_public_address and (
            host.lower() in _LOCAL_NAMES or host.lower().endswith(".localhost")
        ):
            # RFC 6761: always loopback; refused even before (or without) resolving.
            return ErrorKind.PRIVATE_ADDRESS
        return None

    # --- results --------------------------------------------------------------------------

    def _failed(self, state: _State, kind: ErrorKind, elapsed_ms: int) -> Fetched:
        """A `Fetched` for a chain that ended in a transport failure."""
        redirect_failure = kind in (ErrorKind.TOO_MANY_REDIRECTS, ErrorKind.REDIRECT_LOOP)
        return Fetched(
            url=state.url,
            final_url=state.current if state.redirects else None,
            http_status=state.last_status if redirect_failure else None,
            redirects=tuple(state.redirects),
            error_kind=kind,
            retried=state.retried,
            elapsed_ms=elapsed_ms,
        )

    def _finish(self, state: _State, answer: Answer, page: PageInfo, elapsed_ms: int) -> Fetched:
        """A `Fetched` for a final answer, with the titles and text extracted from its body."""
        return Fetched(
            url=state.url,
            final_url=answer.url,
            http_status=answer.status,
            redirects=tuple(state.redirects),
            content_type=answer.content_type,
            headers=answer.headers,
            challenge=answer.challenge,
            page_title=page.title,
            title_candidates=page.candidates,
            text_excerpt=page.text,
            retried=state.retried,
            elapsed_ms=elapsed_ms,
        )


def parse_retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds a `Retry-After` value asks to wait (delta-seconds or HTTP-date), or None."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _failure_for(exc: httpx.HTTPError) -> _Failure:
    """The error kind (and whether to retry) for an httpx exception."""
    if isinstance(exc, httpx.ConnectTimeout):
        return _Failure(ErrorKind.TIMEOUT, retryable=True)
    if isinstance(exc, httpx.TimeoutException):
        return _Failure(ErrorKind.TIMEOUT, retryable=False)
    if isinstance(exc, httpx.ConnectError):
        if _caused_by_tls(exc):
            return _Failure(ErrorKind.TLS, retryable=False)
        return _Failure(ErrorKind.REFUSED, retryable=True)
    if isinstance(exc, httpx.ProxyError):
        return _Failure(ErrorKind.REFUSED, retryable=True)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return _Failure(ErrorKind.UNSUPPORTED_SCHEME, retryable=False)
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)):
        return _Failure(ErrorKind.RESET, retryable=True)
    if isinstance(exc, httpx.RemoteProtocolError):
        # "Server disconnected without sending a response" is a reset; malformed answers are not.
        disconnected = "disconnect" in str(exc).lower()
        kind = ErrorKind.RESET if disconnected else ErrorKind.PROTOCOL
        return _Failure(kind, retryable=disconnected)
    return _Failure(ErrorKind.PROTOCOL, retryable=False)


def _caused_by_tls(exc: BaseException) -> bool:
    """True when an `ssl` error is anywhere in the exception's cause chain."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError | ssl.CertificateError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _join(base: str, location: str) -> str | None:
    """The absolute URL a Location header points to (fragment dropped), or None if it is
    malformed. urllib is used because httpx refuses to represent non-HTTP targets."""
    try:
        joined = urljoin(base, location.strip())
        return urlunsplit(urlsplit(joined)._replace(fragment=""))
    except ValueError:
        return None


@functools.lru_cache(maxsize=64)
def _timeout_extension(deadline: float) -> dict[str, float | None]:
    """The "timeout" extension `build_request` gives a request with `timeouts(deadline)`
    (kept per deadline; each request gets its own copy)."""
    return timeouts(deadline).as_dict()


@functools.lru_cache(maxsize=1024)
def _parsed_url(url: str) -> httpx.URL:
    """`url` as an `httpx.URL` (`url_parse.parse_url`), once for the precheck and the request
    that follows it."""
    return parse_url(url)


def _elapsed_ms(state: _State, began: float) -> int:
    """Milliseconds since the URL got its slots (since `began` when it never did)."""
    elapsed = time.monotonic() - (state.started if state.started is not None else began)
    return int(max(0.0, elapsed) * 1000)


def _loop_key(url: str) -> str:
    """The form of a URL used to notice loops (fragment dropped)."""
    return url.split("#", 1)[0]
