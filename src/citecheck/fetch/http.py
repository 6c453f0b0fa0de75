"""`HttpFetcher`: the real network fetcher. Imports: stdlib, httpx, httpcore, models, classify
(challenge markers only), titles, fetch.base, fetch.resolve.

One `httpx.AsyncClient` per fetcher, HTTP/2 where offered. Per URL, `fetch`:

* waits for a per-host slot (`per_host`, keyed by host name) and a global one
  (`max_concurrency`); the hard deadline (`timeout`) starts when the URL first gets its slots,
  so time spent queueing behind other URLs is not held against it, and covers every retry,
  redirect hop and body read after that. `FetchOptions.hosts` overrides both per host: the
  override's `per_host` sizes that host's slots (and its connection pool), and the override's
  `timeout` of the URL's own host is the deadline of the whole chain, redirects included;
* sends GET only (a HEAD-first strategy needs a GET fallback for every non-2xx anyway, and the
  body is needed for titles), follows redirects itself so every hop is recorded, resolves
  relative `Location`s, stops at `max_redirects` (`too_many_redirects`) and on loops
  (`redirect_loop`);
* resolves names only through its `Resolver` (see `fetch.resolve`), inside a custom httpcore
  network backend: the address the resolver returned is the address connected to (no second
  lookup), it passes the private-address guard on every connection of every hop, and TLS still
  verifies the certificate against the host *name* (SNI too);
* streams the body undecoded and inflates gzip/deflate itself with a bounded `zlib` output,
  so at most `max_body_bytes` (HTML, text) or `max_pdf_bytes` (PDF) are ever held — a gzip
  bomb or an endless chunked stream stops at the cap;
* retries connect errors, resets, temporary resolver failures, 429, 500, 502, 503 and 504 with
  exponential backoff and jitter, honouring `Retry-After` (seconds or HTTP-date) when it is at
  most `max_retry_after` and fits in the deadline (a longer one is not retried: retrying sooner
  than asked is rude and pointless);
* never raises for a broken link: every failure becomes `Fetched.error_kind`.

Environment: SSL_CERT_FILE / SSL_CERT_DIR are honoured (httpx's `create_ssl_context`) unless
`FetchOptions.ca_file` is set; HTTP_PROXY / HTTPS_PROXY / ALL_PROXY / NO_PROXY are read with
httpx's own rules and mounted as proxy transports (passing our own transport disables httpx's
automatic proxy handling, so it is rebuilt here). Through a proxy the proxy resolves names, so
the private-address guard can only check literal IP addresses and `localhost` there.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import re
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Self
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx

from citecheck import __version__
from citecheck.classify import CHALLENGE_HEADER, challenge_vendor
from citecheck.fetch.base import FetchOptions
from citecheck.fetch.resolve import (
    IPAddress,
    NoSuchHost,
    ResolveError,
    Resolver,
    SystemResolver,
    is_public_address,
    parse_ip,
)
from citecheck.models import Fetched, Redirect
from citecheck.titles import extract_page

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"citecheck/{__version__} (+https://github.com/citecheck/citecheck)"
"""Sent unless `FetchOptions.user_agent` overrides it: honest, with version and project URL."""

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf;q=0.9,*/*;q=0.8"
ACCEPT_LANGUAGE = "de,en;q=0.8"
# Only codings we inflate ourselves with a bounded output (see _BoundedDecoder).
ACCEPT_ENCODING = "gzip, deflate"

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""HTTP statuses worth another try."""

RECORDED_HEADERS = (
    "server",
    "cf-mitigated",
    "cf-ray",
    "retry-after",
    "x-datadome",
    "content-language",
    "last-modified",
)
"""Response headers kept in `Fetched.headers` (classification and reports look at them)."""

_SNIFF_BYTES = 65_536  # read of a body whose type says neither HTML/text nor PDF
_EXTRACT_IN_THREAD_BYTES = 262_144  # parse larger bodies off the event loop
_HTML_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/plain"}
)
# Host names as DNS carries them (IDNs arrive punycoded); underscores occur in real hosts.
_HOST_NAME = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_-]{1,63})*\.?", re.IGNORECASE)
_LOCAL_NAMES = ("localhost", "localhost.", "ip6-localhost", "ip6-loopback")


class PrivateAddressError(Exception):
    """The host resolved only to addresses the guard refuses."""

    def __init__(self, host: str, addresses: list[IPAddress]) -> None:
        shown = ", ".join(str(a) for a in addresses) or "no address"
        super().__init__(f"{host} resolves to a private address ({shown})")


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend: resolve via our `Resolver`, refuse guarded addresses, then
    connect to the resolved IP. TLS is started by httpcore afterwards with the host *name*."""

    def __init__(self, resolver: Resolver, allowed: Callable[[IPAddress], bool]) -> None:
        self._resolver = resolver
        self._allowed = allowed
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: object = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve, guard and connect, trying each allowed address in turn."""
        literal = parse_ip(host)
        if literal is not None:
            addresses = [literal]
        else:
            try:
                async with asyncio.timeout(timeout):
                    names = await self._resolver.resolve(host)
            except TimeoutError as exc:
                raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
            addresses = [ip for ip in map(parse_ip, names) if ip is not None]
            if not addresses:
                raise NoSuchHost(host, "no usable addresses")
        allowed = [address for address in addresses if self._allowed(address)]
        if not allowed:
            raise PrivateAddressError(host, addresses)
        failure: Exception | None = None
        for address in allowed:
            try:
                return await self._inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,  # type: ignore[arg-type]  # passed through
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None  # allowed is non-empty
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: object = None,
    ) -> httpcore.AsyncNetworkStream:  # pragma: no cover - never configured
        """Unix sockets are not used by citecheck."""
        raise httpcore.ConnectError("unix sockets are not supported")

    async def sleep(self, seconds: float) -> None:
        """Sleep (httpcore's own connect retries are disabled, but keep the contract)."""
        await asyncio.sleep(seconds)


class _PoolPerOrigin:
    """One small httpcore connection pool per origin, behind the pool interface.

    httpcore's pool scans all its connections for every queued request (quadratic under load:
    with 64 connections over 20 hosts most of the CPU went there). Our semaphores already bound
    connections globally and per host, so each origin gets its own pool of its host's
    `per_host` connections (`per_origin(host)`, overrides included) and the scans stay tiny.
    """

    def __init__(
        self,
        ssl_context: ssl.SSLContext,
        per_origin: Callable[[str], int],
        backend: _GuardedBackend,
    ) -> None:
        self._ssl_context = ssl_context
        self._per_origin = per_origin
        self._backend = backend
        self._pools: dict[tuple[bytes, bytes, int | None], httpcore.AsyncConnectionPool] = {}

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        """Send `request` through its origin's pool."""
        url = request.url
        key = (url.scheme, url.host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            size = self._per_origin(url.host.decode("ascii", "replace"))
            pool = self._pools[key] = httpcore.AsyncConnectionPool(
                ssl_context=self._ssl_context,
                max_connections=size,
                max_keepalive_connections=size,
                keepalive_expiry=5.0,
                http1=True,
                http2=True,
                network_backend=self._backend,
            )
        return await pool.handle_async_request(request)

    async def aclose(self) -> None:
        """Close every pool."""
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()

    async def __aenter__(self) -> _PoolPerOrigin:
        """Nothing to open."""
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Close every pool."""
        await self.aclose()


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over `_PoolPerOrigin` pools that use our network backend.

    httpx 0.28/0.29 does not accept a `network_backend`, so the pool the base class built is
    replaced; request mapping and exception translation stay httpx's own.
    """

    def __init__(
        self,
        ssl_context: ssl.SSLContext,
        per_origin: Callable[[str], int],
        backend: _GuardedBackend,
    ) -> None:
        super().__init__(verify=ssl_context, http2=True)
        self._pool = _PoolPerOrigin(ssl_context, per_origin, backend)  # type: ignore[assignment]


@dataclass(slots=True)
class _Hop:
    """A redirect answer: its status and where it points (absolute)."""

    status: int
    target: str
    set_cookie: bool


@dataclass(slots=True)
class _Answer:
    """A final (non-redirect) answer with the capped body, before title extraction."""

    url: str
    status: int
    content_type: str | None
    charset: str | None
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(slots=True)
class _Failure:
    """A transport failure of one attempt."""

    kind: str
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
        opts = self.options
        if opts.allow_private:
            self._allowed: Callable[[IPAddress], bool] = lambda _address: True
        else:
            self._allowed = address_allowed or is_public_address
        self._global = asyncio.Semaphore(opts.max_concurrency)
        self._per_host: dict[str, asyncio.Semaphore] = {}
        ssl_context = _ssl_context(opts.ca_file)
        limits = httpx.Limits(
            max_connections=opts.max_concurrency,
            max_keepalive_connections=opts.max_concurrency,
            keepalive_expiry=5.0,
        )
        backend = _GuardedBackend(resolver or SystemResolver(), self._allowed)
        transport = _GuardedTransport(ssl_context, opts.per_host_for, backend)
        self._client = httpx.AsyncClient(
            transport=transport,
            mounts=_proxy_mounts(ssl_context, limits),
            follow_redirects=False,
            event_hooks={"response": [_take_location]},
            # Env handling is done above (proxies, SSL_CERT_FILE); netrc auth is not wanted.
            trust_env=False,
            timeout=_timeouts(opts.timeout),
            headers={
                "User-Agent": opts.user_agent or DEFAULT_USER_AGENT,
                "Accept": ACCEPT,
                "Accept-Language": ACCEPT_LANGUAGE,
                "Accept-Encoding": ACCEPT_ENCODING,
            },
        )

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
        await self._client.aclose()

    async def fetch(self, url: str) -> Fetched:
        """Fetch `url` with redirects, retries and caps; never raises for a broken link.

        Cancellation (Ctrl-C) propagates: the caller records `interrupted`.
        """
        began = time.monotonic()
        state = _State(url=url, timeout=self.options.timeout_for(_host_of(url)), current=url)
        try:
            async with asyncio.timeout(None) as state.deadline:
                outcome: _Answer | _Failure = await self._follow(state)
        except TimeoutError:
            if state.deadline is None or not state.deadline.expired():
                raise
            outcome = _Failure("timeout", retryable=False)
        if isinstance(outcome, _Failure):
            fetched = self._failed(state, outcome.kind)
        else:
            fetched = await self._finish(state, outcome)
        elapsed = time.monotonic() - (state.started if state.started is not None else began)
        return replace(fetched, elapsed_ms=int(max(0.0, elapsed) * 1000))

    # --- redirects and retries ------------------------------------------------------------

    async def _follow(self, state: _State) -> _Answer | _Failure:
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
                return _Failure("too_many_redirects", retryable=False)
            key = _loop_key(outcome.target)
            visits[key] = visits.get(key, 0) + 1
            # A page may redirect to itself once to set a cookie; a second time is a loop.
            if visits[key] > (2 if outcome.set_cookie else 1):
                return _Failure("redirect_loop", retryable=False)

    async def _with_retries(self, state: _State) -> _Hop | _Answer | _Failure:
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

    def _retry_wait(self, outcome: _Hop | _Answer | _Failure, attempt: int) -> float | None:
        """Seconds to wait before retrying `outcome`, or None when it is not retried."""
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

    async def _attempt(self, state: _State) -> _Hop | _Answer | _Failure:
        """Send one GET to `state.current` inside its slots and read the capped body."""
        url = state.current
        try:
            request = self._client.build_request("GET", url, timeout=_timeouts(state.timeout))
            async with self._slots(request.url.host, state):
                response = await self._client.send(request, stream=True)
                try:
                    return await self._read(response)
                finally:
                    await response.aclose()
        except NoSuchHost:
            return _Failure("dns", retryable=False)
        except ResolveError:  # the resolver failed (timeout, SERVFAIL): not an answer
            return _Failure("dns_failure", retryable=True)
        except PrivateAddressError:
            return _Failure("private_address", retryable=False)
        except httpx.HTTPError as exc:
            return _failure_for(exc)
        except (OSError, ValueError, zlib.error, ssl.SSLError) as exc:
            # Not expected from httpx, but one odd server must not abort a whole run.
            logger.warning("unexpected failure fetching %s: %r", url, exc)
            return _Failure("protocol", retryable=False)

    @asynccontextmanager
    async def _slots(self, host: str, state: _State) -> AsyncIterator[None]:
        """Hold a per-host and a global slot; the deadline starts at the first one."""
        key = host.lower()
        semaphore = self._per_host.get(key)
        if semaphore is None:
            semaphore = self._per_host[key] = asyncio.Semaphore(self.options.per_host_for(key))
        async with semaphore, self._global:
            if state.started is None:
                state.started = time.monotonic()
                loop = asyncio.get_running_loop()
                assert state.deadline is not None
                state.deadline.reschedule(loop.time() + state.timeout)
            yield

    async def _read(self, response: httpx.Response) -> _Hop | _Answer | _Failure:
        """Turn a response into a hop (3xx with Location) or an answer with a capped body."""
        status = response.status_code
        location = response.extensions.get(_LOCATION_KEY)
        if 300 <= status < 400 and location:
            target = _join(str(response.url), str(location))
            if target is None:
                return _Failure("invalid_url", retryable=False)
            return _Hop(status, target, set_cookie="set-cookie" in response.headers)
        media, charset = _media_type(response.headers.get("content-type"))
        if media == "application/pdf":
            cap = self.options.max_pdf_bytes
        elif media is None or media in _HTML_TYPES:
            cap = self.options.max_body_bytes
        else:
            cap = min(_SNIFF_BYTES, self.options.max_body_bytes)
        body = await read_capped(response, cap)
        headers = [(name, response.headers.get(name)) for name in RECORDED_HEADERS]
        recorded = [(name, value) for name, value in headers if value is not None]
        vendor = challenge_vendor(body[:100_000].decode("latin-1"), response.headers.items())
        if vendor is not None:
            recorded.append((CHALLENGE_HEADER, vendor))
        return _Answer(str(response.url), status, media, charset, tuple(recorded), body)

    def _precheck(self, url: str) -> str | None:
        """Why `url` must not be requested (error kind), or None."""
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError, TypeError):
            return "invalid_url"
        if parsed.scheme not in ("http", "https"):
            return "unsupported_scheme" if parsed.scheme else "invalid_url"
        host = parsed.host
        if not host:
            return "invalid_url"
        literal = parse_ip(host)
        if literal is None and not _HOST_NAME.fullmatch(parsed.raw_host.decode("ascii", "replace")):
            return "invalid_url"
        if literal is not None and not self._allowed(literal):
            return "private_address"
        if self._allowed is is_public_address and (
            host.lower() in _LOCAL_NAMES or host.lower().endswith(".localhost")
        ):
            # RFC 6761: always loopback; refused even before (or without) resolving.
            return "private_address"
        return None

    # --- results --------------------------------------------------------------------------

    def _failed(self, state: _State, kind: str) -> Fetched:
        """A `Fetched` for a chain that ended in a transport failure."""
        return Fetched(
            url=state.url,
            final_url=state.current if state.redirects else None,
            http_status=state.last_status
            if kind in ("too_many_redirects", "redirect_loop")
            else None,
            redirects=tuple(state.redirects),
            error_kind=kind,
            retried=state.retried,
        )

    async def _finish(self, state: _State, answer: _Answer) -> Fetched:
        """A `Fetched` for a final answer, with titles and text extracted from its body."""
        if len(answer.body) > _EXTRACT_IN_THREAD_BYTES:
            page = await asyncio.to_thread(
                extract_page, answer.body, answer.content_type, answer.charset
            )
        else:
            page = extract_page(answer.body, answer.content_type, answer.charset)
        return Fetched(
            url=state.url,
            final_url=answer.url,
            http_status=answer.status,
            redirects=tuple(state.redirects),
            content_type=answer.content_type,
            headers=answer.headers,
            page_title=page.title,
            title_candidates=page.candidates,
            text_excerpt=page.text,
            retried=state.retried,
        )


_LOCATION_KEY = "citecheck.location"


async def _take_location(response: httpx.Response) -> None:
    """Response hook: move a redirect's Location header into the response's extensions.

    Even with follow_redirects=False, httpx builds `next_request` from Location inside
    `send` and raises for targets it cannot represent (mailto:, garbage), losing the hop.
    Without the header httpx returns the 3xx as is; `_read` resolves the target itself.
    """
    if 300 <= response.status_code < 400 and "location" in response.headers:
        response.extensions[_LOCATION_KEY] = response.headers["location"]
        del response.headers["location"]


async def read_capped(response: httpx.Response, cap: int) -> bytes:
    """At most `cap` decoded bytes of a streamed response body.

    Reads the raw stream and inflates gzip/deflate with a bounded output per chunk, so neither
    a compression bomb nor an endless stream can make it hold more than `cap` bytes (plus one
    network chunk). Unknown content codings give an empty body.
    """
    coding = response.headers.get("content-encoding", "identity").strip().lower()
    decoder = _BoundedDecoder.for_coding(coding)
    if decoder is None:
        return b""
    out = bytearray()
    try:
        async for chunk in response.aiter_raw():
            out += decoder.decode(chunk, cap - len(out))
            if len(out) >= cap or decoder.finished:
                break
    except (httpx.ReadError, httpx.RemoteProtocolError):
        pass  # a connection cut mid-body: keep what arrived
    except zlib.error:
        pass  # corrupt compressed data: keep what was inflated so far
    return bytes(out[:cap])


class _BoundedDecoder:
    """Content-coding decoder whose output per call never exceeds a limit."""

    def __init__(self, wbits: int | None) -> None:
        self._wbits = wbits
        self._zlib = zlib.decompressobj(wbits) if wbits is not None else None
        self._started = False
        self.finished = False
        """True once the compressed stream ended."""

    @classmethod
    def for_coding(cls, coding: str) -> _BoundedDecoder | None:
        """A decoder for a Content-Encoding value, or None if unsupported."""
        if coding in ("", "identity"):
            return cls(None)
        if coding in ("gzip", "x-gzip"):
            return cls(zlib.MAX_WBITS | 16)
        if coding == "deflate":
            return cls(zlib.MAX_WBITS)
        return None

    def decode(self, data: bytes, limit: int) -> bytes:
        """Up to `limit` bytes of decoded output for `data` (the rest is dropped)."""
        if limit <= 0:
            return b""
        if self._zlib is None:
            return data[:limit]
        if not self._started and self._wbits == zlib.MAX_WBITS:
            self._started = True
            try:
                return self._inflate(data, limit)
            except zlib.error:
                # "deflate" is often sent raw, without the zlib wrapper RFC 9110 asks for.
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._inflate(data, limit)

    def _inflate(self, data: bytes, limit: int) -> bytes:
        """Inflate with bounded output; note the end of the stream."""
        assert self._zlib is not None
        out = self._zlib.decompress(data, limit)
        if self._zlib.eof:
            self.finished = True
        return out


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
        return _Failure("timeout", retryable=True)
    if isinstance(exc, httpx.TimeoutException):
        return _Failure("timeout", retryable=False)
    if isinstance(exc, httpx.ConnectError):
        if _caused_by_tls(exc):
            return _Failure("tls", retryable=False)
        return _Failure("refused", retryable=True)
    if isinstance(exc, httpx.ProxyError):
        return _Failure("refused", retryable=True)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return _Failure("unsupported_scheme", retryable=False)
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)):
        return _Failure("reset", retryable=True)
    if isinstance(exc, httpx.RemoteProtocolError):
        # "Server disconnected without sending a response" is a reset; malformed answers are not.
        disconnected = "disconnect" in str(exc).lower()
        return _Failure("reset" if disconnected else "protocol", retryable=disconnected)
    return _Failure("protocol", retryable=False)


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


def _timeouts(deadline: float) -> httpx.Timeout:
    """httpx's per-operation timeouts for a URL deadline (the deadline itself is enforced
    around the whole chain; these only stop a single stalled operation sooner)."""
    return httpx.Timeout(deadline, connect=max(1.0, min(10.0, deadline / 2)))


def _host_of(url: str) -> str:
    """The host of `url` for override lookups ("" when it has none or is malformed)."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) of a Content-Type header, lower-cased."""
    if not header:
        return None, None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return media.strip().lower() or None, charset


def _join(base: str, location: str) -> str | None:
    """The absolute URL a Location header points to (fragment dropped), or None if it is
    malformed. urllib is used because httpx refuses to represent non-HTTP targets."""
    try:
        joined = urljoin(base, location.strip())
        return urlunsplit(urlsplit(joined)._replace(fragment=""))
    except ValueError:
        return None


def _loop_key(url: str) -> str:
    """The form of a URL used to notice loops (fragment dropped)."""
    return url.split("#", 1)[0]


def _ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """Trust `ca_file` if given, else SSL_CERT_FILE / SSL_CERT_DIR, else certifi."""
    if ca_file is not None:
        return ssl.create_default_context(cafile=ca_file)
    return httpx.create_ssl_context(verify=True, trust_env=True)


def _proxy_mounts(
    ssl_context: ssl.SSLContext, limits: httpx.Limits
) -> dict[str, httpx.AsyncBaseTransport | None]:
    """Transports for HTTP(S)_PROXY / ALL_PROXY, and `None` (= direct) for NO_PROXY entries."""
    from httpx._utils import get_environment_proxies  # httpx's own env rules, not re-invented

    mounts: dict[str, httpx.AsyncBaseTransport | None] = {}
    for pattern, proxy in get_environment_proxies().items():
        if proxy is None:
            mounts[pattern] = None
        else:
            mounts[pattern] = httpx.AsyncHTTPTransport(
                verify=ssl_context, http2=True, limits=limits, proxy=proxy
            )
    return mounts
