"""HTTP/1.1 GETs under httpx's transport API: asyncio Protocols, httptools' C parser (llhttp)
and keep-alive connections pooled per origin with O(1) acquire and release. Origins that choose
HTTP/2 (by ALPN), proxies, anything but a bodiless GET, and every response head llhttp refuses
stay on httpcore (h11), so HTTP/2 stays and odd servers get the verdicts they always got."""

from __future__ import annotations

import asyncio
import ssl
from collections import deque
from collections.abc import AsyncIterator
from typing import cast

import httptools

from citecheck.fetch._httpx import httpx
from citecheck.fetch.guard import AddressGuard

MAX_HEAD_BYTES = 100 * 1024
"""Largest response head accepted (h11's limit, which the httpcore path keeps)."""

_HIGH_WATER = 256 * 1024  # unread body bytes at which the socket stops being read
_SWEEP_SECONDS = 5.0  # how often idle connections of every origin are checked for expiry

Origin = tuple[bytes, bytes, int]
"""(scheme, host, port) of an origin."""


class _HeadRefused(httpx.RemoteProtocolError):
    """llhttp refused the response head (or it needs what only h11 decides), or the server
    chose HTTP/2: the request goes (again) through httpcore, whose answer or error stands."""


class _Connection(asyncio.Protocol):
    """One TCP connection carrying one HTTP/1.1 exchange at a time; httptools calls the
    `on_*` methods while `data_received` feeds it, and the reader waits on `_waiter`."""

    def __init__(self, loop: asyncio.AbstractEventLoop, origin: Origin) -> None:
        self.loop = loop
        self.origin = origin
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.idle_since = 0.0
        self.closed = False
        self.active = False
        self._waiter: asyncio.Future[None] | None = None
        self._begin()

    def _begin(self) -> None:
        """Forget the previous exchange."""
        self.status = 0
        self.version = b"1.1"
        self.reason = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self.head_bytes = 0
        self.headers_done = False
        self.complete = False
        self.keep_alive = False
        self.until_close = False
        self.got_bytes = False
        self.error: httpx.TransportError | None = None
        self.chunks: deque[bytes] = deque()
        self.buffered = 0
        self.paused = False

    # --- asyncio.Protocol -----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport."""
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is no subclass

    def data_received(self, data: bytes) -> None:
        """Feed the parser; a byte while no exchange is active makes the connection unusable."""
        if not self.active or self.complete:
            self.keep_alive = False
            self.close()
            return
        self.got_bytes = True
        if not self.headers_done:
            self.head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except (httptools.HttpParserError, httptools.HttpParserUpgrade) as exc:
            if self.headers_done:
                self._fail(httpx.RemoteProtocolError(f"malformed response body: {exc}"))
            else:
                self._fail(_HeadRefused(f"response head refused by llhttp: {exc!r}"))
        if not self.headers_done and self.head_bytes > MAX_HEAD_BYTES:
            self._fail(httpx.RemoteProtocolError("response head too large"))
        self._wake()

    def eof_received(self) -> bool:
        """The server closed its side: the connection ends (`connection_lost` follows)."""
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        """Settle the exchange in progress: a body read to the close ends there; anything
        else cut off is an error (a reset a `ReadError`, a close a `RemoteProtocolError`)."""
        self.closed = True
        if self.active and not self.complete and self.error is None:
            if exc is not None:
                self.error = httpx.ReadError(str(exc) or type(exc).__name__)
            elif self.headers_done and self.until_close:
                self.complete = True
            elif not self.got_bytes:
                self.error = httpx.RemoteProtocolError(
                    "Server disconnected without sending a response."
                )
            else:
                self.error = httpx.RemoteProtocolError(
                    "peer closed connection without sending complete message body"
                )
        self._wake()

    # --- httptools callbacks --------------------------------------------------------------

    def on_status(self, status: bytes) -> None:
        """The reason phrase."""
        self.reason = status

    def on_header(self, name: bytes, value: bytes) -> None:
        """One header line (whitespace around the value dropped, as h11 drops it); trailers
        after a chunked body are not headers (h11 drops them too)."""
        if not self.headers_done:
            self.headers.append((name, value.strip(b" \t")))

    def on_headers_complete(self) -> None:
        """The head is read; note how the body ends and whether the connection stays."""
        status = self.parser.get_status_code()
        if 100 <= status < 200:  # an informational answer: the real one follows
            self.headers = []
            return
        framed = False
        for name, value in self.headers:
            lowered = name.lower()
            if lowered == b"transfer-encoding":
                if value.lower() != b"chunked":  # h11 refuses any other coding: let it
                    raise _HeadRefused(f"Transfer-Encoding: {value!r}")
                framed = True
            elif lowered == b"content-length":
                framed = True
        self.status = status
        self.version = self.parser.get_http_version().encode("ascii")
        self.headers_done = True
        self.keep_alive = self.parser.should_keep_alive()
        self.until_close = not framed and status not in (204, 304)

    def on_body(self, body: bytes) -> None:
        """A piece of the body, buffered for the reader (reading pauses past `_HIGH_WATER`)."""
        if self.complete:
            return
        self.chunks.append(body)
        self.buffered += len(body)
        if self.buffered > _HIGH_WATER and not self.paused and self.transport is not None:
            self.paused = True
            self.transport.pause_reading()

    def on_message_complete(self) -> None:
        """The body ended (an informational answer's end is no body's end)."""
        if self.headers_done:
            self.complete = True

    # --- used by the transport ------------------------------------------------------------

    def send(self, head: bytes) -> None:
        """Start an exchange: write the request head."""
        assert self.transport is not None
        self._begin()
        self.active = True
        self.transport.write(head)

    async def wait(self, timeout: float | None) -> None:
        """Until the parser or the connection has news, or `ReadTimeout` after `timeout`."""
        waiter = self._waiter = self.loop.create_future()
        timer = None
        if timeout is not None:
            timer = self.loop.call_later(timeout, _time_out, waiter)
        try:
            await waiter
        finally:
            self._waiter = None
            if timer is not None:
                timer.cancel()

    def take(self) -> bytes:
        """Every buffered body byte (reading resumes)."""
        data = self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)
        self.chunks.clear()
        self.buffered = 0
        if self.paused and self.transport is not None:
            self.paused = False
            self.transport.resume_reading()
        return data

    def reusable(self) -> bool:
        """Whether the finished exchange leaves the connection fit for another."""
        return self.complete and self.keep_alive and not self.closed and not self.chunks

    def close(self) -> None:
        """Close the socket now."""
        self.closed = True
        if self.transport is not None:
            self.transport.abort()

    def _fail(self, error: httpx.TransportError) -> None:
        """End the exchange with `error` and drop the connection."""
        if self.error is None:
            self.error = error
        self.keep_alive = False
        self.close()

    def _wake(self) -> None:
        """Wake the reader."""
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)


def _time_out(waiter: asyncio.Future[None]) -> None:
    """Timer callback: fail a wait that saw no news in time."""
    if not waiter.done():
        waiter.set_exception(httpx.ReadTimeout("timed out waiting for the server"))


class _Body(httpx.AsyncByteStream):
    """A response body as it arrives; closing it returns the connection to its pool (when the
    body was read to its end and the server keeps the connection) or closes it."""

    def __init__(self, connection: _Connection, pool: FastTransport, timeout: float | None) -> None:
        self._connection = connection
        self._pool = pool
        self._timeout = timeout
        self._released = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        """The body in pieces; a cut-off body raises after its last received piece."""
        connection = self._connection
        while True:
            if connection.chunks:
                yield connection.take()
            elif connection.complete:
                return
            elif connection.error is not None:
                raise connection.error
            else:
                await connection.wait(self._timeout)

    async def aclose(self) -> None:
        """Release the connection."""
        if not self._released:
            self._released = True
            self._pool.release(self._connection)


class FastTransport(httpx.AsyncBaseTransport):
    """httpx transport: HTTP/1.1 GETs (plain, or over TLS to an origin that chose HTTP/1.1) on
    pooled `_Connection`s; HTTP/2 origins, requests with a body and refused heads through
    `fallback`, the httpcore-based transport.

    Connections are opened to the addresses `guard` allows; timeouts come from the request's
    "timeout" extension (connect for resolving and connecting, read for every wait on the
    server). The pool sets no size: `HttpFetcher`'s slots bound requests and so connections.
    Idle connections expire after `keepalive` seconds; one the server closed leaves the pool
    at once (the Protocol hears it), and a request whose reused connection dies before any
    answer byte is sent once more on a new connection.
    """

    def __init__(
        self,
        guard: AddressGuard,
        fallback: httpx.AsyncBaseTransport,
        keepalive: float,
        tls: ssl.SSLContext,
    ) -> None:
        self._guard = guard
        self._fallback = fallback
        self._keepalive = keepalive
        self._tls = tls
        self._http2: set[Origin] = set()
        self._idle: dict[Origin, list[_Connection]] = {}
        self._busy: set[_Connection] = set()
        self._swept = 0.0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` and return the response with its body still to read."""
        url = request.url
        origin = (url.raw_scheme, url.raw_host, url.port or _DEFAULT_PORTS.get(url.scheme, 0))
        if (
            origin[2] == 0
            or origin in self._http2
            or request.method != "GET"
            or "content-length" in request.headers
        ):
            return await self._fallback.handle_async_request(request)
        timeout = request.extensions.get("timeout", {})
        try:
            connection = await self._send(request, origin, timeout)
        except _HeadRefused:
            return await self._fallback.handle_async_request(request)
        return httpx.Response(
            connection.status,
            headers=connection.headers,
            stream=_Body(connection, self, timeout.get("read")),
            extensions={
                "http_version": b"HTTP/" + connection.version,
                "reason_phrase": connection.reason,
            },
            request=request,
        )

    async def _send(
        self, request: httpx.Request, origin: Origin, timeout: dict[str, float | None]
    ) -> _Connection:
        """The connection that carried `request`, with the response head read."""
        head = _head(request)
        connection, reused = await self._acquire(origin, timeout.get("connect"))
        try:
            try:
                await _exchange(connection, head, timeout.get("read"))
            except (httpx.ReadError, httpx.RemoteProtocolError) as exc:
                if isinstance(exc, _HeadRefused) or not reused or connection.got_bytes:
                    raise
                # A kept-alive connection the server dropped just as it was reused.
                connection.close()
                self._busy.discard(connection)
                connection = await self._connect(origin, timeout.get("connect"))
                await _exchange(connection, head, timeout.get("read"))
        except BaseException:
            connection.close()
            self._busy.discard(connection)
            raise
        return connection

    async def _acquire(self, origin: Origin, timeout: float | None) -> tuple[_Connection, bool]:
        """A kept-alive connection to `origin` (True) or a new one (False)."""
        idle = self._idle.get(origin)
        if idle:
            now = asyncio.get_running_loop().time()
            while idle:
                connection = idle.pop()
                if not connection.closed and now - connection.idle_since < self._keepalive:
                    self._busy.add(connection)
                    return connection, True
                connection.close()
        return await self._connect(origin, timeout), False

    async def _connect(self, origin: Origin, timeout: float | None) -> _Connection:
        """A new connection to the first allowed address of `origin` that answers; over TLS
        the certificate is checked against the host name, and a server that chooses HTTP/2
        sends the origin to httpcore for good."""
        host = origin[1].decode("ascii")
        try:
            addresses = await self._guard.addresses(host, timeout)
        except TimeoutError as exc:
            raise httpx.ConnectTimeout(f"resolving {host} timed out") from exc
        tls = origin[0] == b"https"
        loop = asyncio.get_running_loop()
        failure: httpx.TransportError | None = None
        for address in addresses:
            try:
                async with asyncio.timeout(timeout):
                    transport, connection = await loop.create_connection(
                        lambda: _Connection(loop, origin),
                        str(address),
                        origin[2],
                        ssl=self._tls if tls else None,
                        server_hostname=host if tls else None,
                    )
            except TimeoutError as exc:
                failure = httpx.ConnectTimeout(f"connecting to {address} timed out")
                failure.__cause__ = exc
            except OSError as exc:  # ssl.SSLError included
                failure = httpx.ConnectError(str(exc) or type(exc).__name__)
                failure.__cause__ = exc
            else:
                if tls and _alpn(transport) == "h2":
                    transport.abort()
                    self._http2.add(origin)
                    raise _HeadRefused(f"{host} speaks HTTP/2")
                self._busy.add(connection)
                return connection
        assert failure is not None  # addresses is never empty
        raise failure

    def release(self, connection: _Connection) -> None:
        """Back to the pool if fit for another exchange, else closed."""
        self._busy.discard(connection)
        connection.active = False
        if not connection.reusable():
            connection.close()
            return
        now = connection.loop.time()
        connection.idle_since = now
        self._idle.setdefault(connection.origin, []).append(connection)
        if now - self._swept > _SWEEP_SECONDS:
            self._sweep(now)

    def _sweep(self, now: float) -> None:
        """Close idle connections past their expiry or closed by the server, every origin."""
        self._swept = now
        for origin, idle in list(self._idle.items()):
            keep = [c for c in idle if not c.closed and now - c.idle_since < self._keepalive]
            for connection in idle:
                if connection not in keep:
                    connection.close()
            if keep:
                self._idle[origin] = keep
            else:
                del self._idle[origin]

    async def aclose(self) -> None:
        """Close every connection, and the fallback transport."""
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        for connection in self._busy:
            connection.close()
        self._idle.clear()
        self._busy.clear()
        await self._fallback.aclose()


async def _exchange(connection: _Connection, head: bytes, timeout: float | None) -> None:
    """Send the request head and wait for the response head."""
    connection.send(head)
    while not connection.headers_done:
        if connection.error is not None:
            raise connection.error
        if connection.closed:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        await connection.wait(timeout)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _alpn(transport: asyncio.BaseTransport) -> str | None:
    """The protocol the TLS handshake chose."""
    ssl_object = transport.get_extra_info("ssl_object")
    return None if ssl_object is None else ssl_object.selected_alpn_protocol()


def _head(request: httpx.Request) -> bytes:
    """The request line and headers as sent; a header value with a line break is refused
    (as h11 refuses it) rather than sent."""
    lines = [b"GET ", request.url.raw_path, b" HTTP/1.1\r\n"]
    for name, value in request.headers.raw:
        if b"\n" in value or b"\r" in value or b"\0" in value:
            raise httpx.LocalProtocolError(f"illegal header value for {name!r}", request=request)
        lines += (name, b": ", value, b"\r\n")
    lines.append(b"\r\n")
    return b"".join(lines)
