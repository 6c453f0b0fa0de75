"""The httpcore path: HTTP/2, proxies' peers, requests with a body and answers the fast path
refuses go through httpcore on our network backend (resolver seam, private-address guard,
asyncio streams). Imported at its first request (`transport.HttpcoreTransport`): a run whose
origins all take the fast path never loads httpcore."""

from __future__ import annotations

import asyncio
import ssl

from citecheck.fetch._httpcore import httpcore
from citecheck.fetch._httpx import httpx
from citecheck.fetch.guard import AddressGuard
from citecheck.fetch.resolve import IPAddress
from citecheck.fetch.streams import AsyncioBackend


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

    def __init__(
        self, ssl_context: ssl.SSLContext, backend: GuardedBackend, keepalive: float
    ) -> None:
        self._ssl_context = ssl_context
        self._backend = backend
        self._keepalive = keepalive
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
                keepalive_expiry=self._keepalive,
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

    def __init__(
        self, ssl_context: ssl.SSLContext, backend: GuardedBackend, keepalive: float
    ) -> None:
        super().__init__(verify=ssl_context, http2=True)
        self._pool = PoolPerOrigin(ssl_context, backend, keepalive)  # type: ignore[assignment]
