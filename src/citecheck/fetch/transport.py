"""The HTTP client under `HttpFetcher`: HTTP/1.1 GETs on the fast path (fastpath.py), HTTP/2
and what the fast path refuses through httpcore on a guarded network backend (httpcore_path.py,
loaded at its first request), the TLS context and proxy mounts.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable

from citecheck import __version__
from citecheck.fetch import tls
from citecheck.fetch._httpx import httpx
from citecheck.fetch.fastpath import FastTransport
from citecheck.fetch.guard import AddressGuard
from citecheck.fetch.guard import PrivateAddressError as PrivateAddressError  # re-exported
from citecheck.fetch.resolve import IPAddress, Resolver
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


class HttpcoreTransport(httpx.AsyncBaseTransport):
    """The httpcore path (`httpcore_path.GuardedTransport`), built at its first request:
    importing httpcore, h11 and h2 costs ~40 ms of start-up that a run whose every origin
    takes the fast path never needs."""

    def __init__(self, context: ssl.SSLContext, guard: AddressGuard) -> None:
        self._context = context
        self._guard = guard
        self._inner: httpx.AsyncBaseTransport | None = None

    def _transport(self) -> httpx.AsyncBaseTransport:
        if self._inner is None:
            from citecheck.fetch.httpcore_path import GuardedBackend, GuardedTransport

            backend = GuardedBackend(self._guard)
            self._inner = GuardedTransport(self._context, backend, _KEEPALIVE_SECONDS)
        return self._inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` through httpcore."""
        return await self._transport().handle_async_request(request)

    async def aclose(self) -> None:
        """Close httpcore's pools, if any were made."""
        if self._inner is not None:
            await self._inner.aclose()


def build_client(
    options: FetchOptions,
    resolver: Resolver,
    allowed: Callable[[IPAddress], bool],
    *,
    fastpath: bool = True,
) -> httpx.AsyncClient:
    """The one `httpx.AsyncClient` of a fetcher, with its TLS context built once.

    HTTP/1.1 GETs take the fast path (`fastpath.FastTransport`; `fastpath=False` sends
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
    transport: httpx.AsyncBaseTransport = HttpcoreTransport(context, guard)
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
    proxies = get_environment_proxies()
    if any(proxies.values()):
        from citecheck.fetch._httpcore import httpcore  # noqa: F401  # loaded without trio

    for pattern, proxy in proxies.items():
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
