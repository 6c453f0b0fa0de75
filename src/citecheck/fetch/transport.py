"""The HTTP client under `HttpFetcher`: plain HTTP/1.1 on the fast path (fastpath.py), HTTPS
and HTTP/2 through httpcore on a guarded network backend (our resolver, the private-address
guard) with one connection pool per origin, the TLS context and proxy mounts.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable

from citecheck import __version__
from citecheck.fetch import tls
from citecheck.fetch._httpx import httpcore, httpx
from citecheck.fetch.fastpath import FastTransport
from citecheck.fetch.guard import AddressGuard
from citecheck.fetch.guard import PrivateAddressError as PrivateAddressError  # re-exported
from citecheck.fetch.resolve import IPAddress, Resolver
from citecheck.fetch.streams import AsyncioBackend
from citecheck.options import FetchOptions

DEFAULT_USER_AGENT = f"citecheck/{__version__} (+https://github.com/citecheck/citecheck)"
"""Sent unless `FetchOptions.user_agent` overrides it: honest, with version and project URL."""

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf;q=0.9,*/*;q=0.8"
ACCEPT_LANGUAGE = "de,en;q=0.8"
# Only codings we inflate ourselves with a bounded output (see body.BoundedDecoder).
ACCEPT_ENCODING = "gzip, deflate"

LOCATION_KEY = "citecheck.location"
"""Response extension under which `_take_location` keeps a redirect's Location header."""

_KEEPALIVE_SECONDS = 5.0


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend: resolve via our `Resolver`, refuse guarded addresses, then
    connect to the resolved IP (no second lookup). httpcore starts TLS afterwards with the
    host *name*, so the certificate (and SNI) is still checked against the name."""

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._inner = AsyncioBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: object = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve, guard and connect, trying each allowed address in turn."""
        allowed = await self._allowed_addresses(host, timeout)
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

    async def _allowed_addresses(self, host: str, timeout: float | None) -> list[IPAddress]:
        """The addresses of `host` the guard allows (at least one), else an exception."""
        try:
            return await self._guard.addresses(host, timeout)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc

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


class PoolPerOrigin:
    """One small httpcore connection pool per origin, behind the pool interface.

    httpcore's pool scans all its connections for every queued request (quadratic under load:
    with 64 connections over 20 hosts most of the CPU went there), so each origin gets its own
    pool and the scans stay tiny. The pools set no size of their own: `HttpFetcher`'s slots
    bound the requests in flight per host and overall, and so the connections.
    """

    def __init__(self, ssl_context: ssl.SSLContext, backend: GuardedBackend) -> None:
        self._ssl_context = ssl_context
        self._backend = backend
        self._pools: dict[tuple[bytes, bytes, int | None], httpcore.AsyncConnectionPool] = {}

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        """Send `request` through its origin's pool."""
        url = request.url
        key = (url.scheme, url.host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = httpcore.AsyncConnectionPool(
                ssl_context=self._ssl_context,
                max_connections=None,
                max_keepalive_connections=None,
                keepalive_expiry=_KEEPALIVE_SECONDS,
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

    async def __aenter__(self) -> PoolPerOrigin:
        """Nothing to open."""
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Close every pool."""
        await self.aclose()


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over `PoolPerOrigin` pools that use our network backend.

    httpx 0.28/0.29 does not accept a `network_backend`, so the pool the base class built is
    replaced; request mapping and exception translation stay httpx's own.
    """

    def __init__(self, ssl_context: ssl.SSLContext, backend: GuardedBackend) -> None:
        super().__init__(verify=ssl_context, http2=True)
        self._pool = PoolPerOrigin(ssl_context, backend)  # type: ignore[assignment]


def build_client(
    options: FetchOptions,
    resolver: Resolver,
    allowed: Callable[[IPAddress], bool],
    *,
    fastpath: bool = True,
) -> httpx.AsyncClient:
    """The one `httpx.AsyncClient` of a fetcher, with its TLS context built once.

    Plain-HTTP GETs take the fast path (`fastpath.FastTransport`; `fastpath=False` sends
    everything through httpcore, as benchmarks/http_stack.py compares); HTTP/2 where offered;
    redirects are not followed (the fetcher records every hop); the environment is read here
    and only here: SSL_CERT_FILE / SSL_CERT_DIR (unless `options.ca_file`) and the proxy
    variables (see `proxy_mounts`); netrc is not wanted.
    """
    context = ssl_context(options.ca_file)
    # What httpcore sets before each of its handshakes; the fast path needs it set before its
    # own, to learn which origins choose HTTP/2 (and hand them to httpcore).
    context.set_alpn_protocols(["http/1.1", "h2"])
    guard = AddressGuard(resolver, allowed)
    transport: httpx.AsyncBaseTransport = GuardedTransport(context, GuardedBackend(guard))
    if fastpath:
        transport = FastTransport(guard, transport, _KEEPALIVE_SECONDS, context)
    client = httpx.AsyncClient(
        transport=transport,
        mounts=proxy_mounts(context, options.max_concurrency),
        follow_redirects=False,
        event_hooks={"response": [_take_location]},
        trust_env=False,
        timeout=timeouts(options.timeout),
        headers={
            "User-Agent": options.user_agent or DEFAULT_USER_AGENT,
            "Accept": ACCEPT,
            "Accept-Language": ACCEPT_LANGUAGE,
            "Accept-Encoding": ACCEPT_ENCODING,
        },
    )
    client._cookies = SetCookieJar()  # httpx has no parameter for the jar's class
    return client


class SetCookieJar(httpx.Cookies):
    """httpx's cookie jar, shown only the responses that set a cookie.

    httpx hands every response to its jar, wrapping it as a urllib request with an email
    message of all headers first (about a tenth of a millisecond of CPU per response); the
    jar finds nothing to do without Set-Cookie, so the wrapping is skipped then. Cookies set
    are kept and sent exactly as before (a redirect that sets a cookie is followed with it).
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        """Store the cookies `response` sets, if it sets any."""
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


def timeouts(deadline: float) -> httpx.Timeout:
    """httpx's per-operation timeouts for a URL deadline (the deadline itself is enforced
    around the whole chain; these only stop a single stalled operation sooner)."""
    return httpx.Timeout(deadline, connect=max(1.0, min(10.0, deadline / 2)))


def ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """Trust `ca_file` if given, else SSL_CERT_FILE / SSL_CERT_DIR, else certifi (`tls.build`;
    the command line starts building it at start-up: `tls.prepare`)."""
    return tls.context(ca_file)


def proxy_mounts(
    context: ssl.SSLContext, max_connections: int
) -> dict[str, httpx.AsyncBaseTransport | None]:
    """Transports for HTTP(S)_PROXY / ALL_PROXY, and `None` (= direct) for NO_PROXY entries.

    Passing our own transport disables httpx's automatic proxy handling, so it is rebuilt
    here with httpx's own environment rules. Through a proxy the proxy resolves names, so the
    private-address guard can only check literal IP addresses and `localhost` there.
    """
    from httpx._utils import get_environment_proxies  # httpx's own env rules, not re-invented

    limits = httpx.Limits(
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        keepalive_expiry=_KEEPALIVE_SECONDS,
    )
    mounts: dict[str, httpx.AsyncBaseTransport | None] = {}
    for pattern, proxy in get_environment_proxies().items():
        if proxy is None:
            mounts[pattern] = None
        else:
            mounts[pattern] = httpx.AsyncHTTPTransport(
                verify=context, http2=True, limits=limits, proxy=proxy
            )
    return mounts


async def _take_location(response: httpx.Response) -> None:
    """Response hook: move a redirect's Location header into the response's extensions.

    Even with follow_redirects=False, httpx builds `next_request` from Location inside
    `send` and raises for targets it cannot represent (mailto:, garbage), losing the hop.
    Without the header httpx returns the 3xx as is; the fetcher resolves the target itself.
    """
    if 300 <= response.status_code < 400 and "location" in response.headers:
        response.extensions[LOCATION_KEY] = response.headers["location"]
        del response.headers["location"]
