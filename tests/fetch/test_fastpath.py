"""The plain-HTTP fast path (fetch/fastpath.py) against a scripted local server: keep-alive
reuse, Connection: close, chunked and read-to-close bodies, informational answers, resets and
closes before and inside a body, timeouts, malformed answers, the pool's expiry — and the
same answers through httpcore (`fastpath=False`) for comparison.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable

import pytest

from citecheck.fetch._httpx import httpx
from citecheck.fetch.body import read_capped
from citecheck.fetch.fastpath import MAX_HEAD_BYTES, FastTransport
from citecheck.fetch.resolve import StaticResolver
from citecheck.fetch.transport import build_client
from citecheck.models import ErrorKind, LinkStatus, Reason
from citecheck.options import FetchOptions
from server import LocalServers, SocketServer, run

from ._fetching import fetch_one, verdict
from .test_http2 import h2_server  # noqa: F401  # the HTTP/2-only server, shared

PAGE = b"<html><head><title>Fast</title></head><body>" + b"z" * 2_000 + b"</body></html>"
KEEP = True
CLOSE = False

Script = Callable[[socket.socket], bool]
"""Answers one request on the connection; False when the server closes the connection."""


def _answer(body: bytes = PAGE, extra: bytes = b"", status: bytes = b"200 OK") -> bytes:
    return (
        b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html\r\n"
        b"Content-Length: %d\r\n" % len(body) + extra + b"\r\n" + body
    )


def _reset(connection: socket.socket) -> bool:
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return CLOSE


def _send(data: bytes, keep: bool = KEEP) -> Script:
    def script(connection: socket.socket) -> bool:
        connection.sendall(data)
        return keep

    return script


def _chunked(connection: socket.socket) -> bool:
    connection.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    for piece in (PAGE[:1000], PAGE[1000:]):
        connection.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
        time.sleep(0.01)
    connection.sendall(b"0\r\n\r\n")
    return KEEP


def _cut(reset: bool) -> Script:
    def script(connection: socket.socket) -> bool:
        connection.sendall(_answer(PAGE + b" " * 10_000)[:1_500])
        time.sleep(0.05)
        if reset:
            _reset(connection)
        return CLOSE

    return script


def _hang(connection: socket.socket) -> bool:
    time.sleep(1.0)
    return CLOSE


def _answer_once_per_connection() -> Script:
    """Answers a connection's first request; closes it, unanswered, at the second (a server
    dropping a kept-alive connection just as the client reuses it)."""
    answered: set[int] = set()

    def script(connection: socket.socket) -> bool:
        if connection.fileno() in answered:
            answered.discard(connection.fileno())
            return CLOSE
        answered.add(connection.fileno())
        connection.sendall(_answer())
        return KEEP

    return script


SCRIPTS: dict[str, Script] = {
    "/ok": _send(_answer()),
    "/close": _send(_answer(extra=b"Connection: close\r\n"), CLOSE),
    "/drop": _send(_answer(), CLOSE),  # keep-alive announced, closed right after
    "/chunked": _chunked,
    "/until-close": _send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE, CLOSE),
    "/http10": _send(b"HTTP/1.0 200 OK\r\n\r\n" + PAGE, CLOSE),
    "/continue": _send(b"HTTP/1.1 100 Continue\r\n\r\n" + _answer()),
    "/gzip": _send(_answer(gzip.compress(PAGE), b"Content-Encoding: gzip\r\n")),
    "/no-content": _send(b"HTTP/1.1 204 No Content\r\n\r\n"),
    "/redirect": _send(_answer(b"", b"Location: /ok\r\n", b"301 Moved Permanently")),
    "/reset-mid-body": _cut(reset=True),
    "/close-mid-body": _cut(reset=False),
    "/reset-before": _reset,
    "/close-before": _send(b"", CLOSE),
    "/garbage": _send(b"HTTP/1.1 abc nonsense\r\n\r\n", CLOSE),
    "/huge-head": _send(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (MAX_HEAD_BYTES + 10), CLOSE),
    "/hang": _hang,
    "/stale": _answer_once_per_connection(),
    "/set-cookie": _send(
        _answer(b"", b"Set-Cookie: seen=1; Path=/\r\nLocation: /ok\r\n", b"302 Found")
    ),
}


ODD = {
    # h11 accepts these, llhttp refuses their heads: the fast path hands them to httpcore.
    "cl-and-te": b"Content-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    "obs-fold": b"X-A: v\r\n  w\r\nContent-Length: 5\r\n\r\nhello",
    "two-cl": b"Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
    "cl-list": b"Content-Length: 5, 5\r\n\r\nhello",
    "ctl-in-value": b"X-A: a\x01b\r\nContent-Length: 5\r\n\r\nhello",
    # llhttp accepts this, h11 refuses it: handed over too, so it stays an error.
    "te-gzip": b"Transfer-Encoding: gzip\r\n\r\nhello",
    # Both accept, and must agree on the details.
    "spaces": b"X-A:   v  \r\nContent-Length:  5 \r\n\r\nhello",
    "trailer": b"Transfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
    "latin1": b"X-A: caf\xe9\r\nX-B:\r\nContent-Length: 5\r\n\r\nhello",
    "extra": b"Content-Length: 5\r\n\r\nhelloEXTRA",
    "304": b"Content-Length: 5\r\n\r\n",
    # Both refuse.
    "two-cl-differ": b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    "no-colon": b"X-A\r\nContent-Length: 5\r\n\r\nhello",
    "bad-chunk": b"Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
}
for _name, _rest in ODD.items():
    _status = b"304 Not Modified" if _name == "304" else b"200 OK"
    SCRIPTS[f"/odd/{_name}"] = _send(b"HTTP/1.1 " + _status + b"\r\n" + _rest, CLOSE)
SCRIPTS["/odd/bare-lf"] = _send(b"HTTP/1.1 200 OK\nContent-Length: 5\n\nhello", CLOSE)
SCRIPTS["/odd/http10"] = _send(b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello", CLOSE)
SCRIPTS["/odd/no-reason"] = _send(b"HTTP/1.1 200\r\nContent-Length: 5\r\n\r\nhello", CLOSE)
SCRIPTS["/odd/http09"] = _send(b"hello world\r\n", CLOSE)


class ScriptedServer(SocketServer):
    """Serves `SCRIPTS` by path, several requests per connection; counts connections. Over
    TLS with `context` (its certificate for fast.test, signed by the CA in `ca_file`)."""

    def __init__(self, context: ssl.SSLContext | None = None, ca_file: str | None = None) -> None:
        super().__init__()
        self.context = context
        self.ca_file = ca_file
        self.scheme = "https" if context else "http"
        self.connections = 0
        self.heads: list[bytes] = []
        self._lock = threading.Lock()
        self.start()

    def serve(self, connection: socket.socket) -> None:
        with self._lock:
            self.connections += 1
        if self.context is not None:
            try:
                connection = self.context.wrap_socket(connection, server_side=True)
            except (OSError, ssl.SSLError):
                return
        with connection:
            buffer = b""
            while True:
                while b"\r\n\r\n" not in buffer:
                    try:
                        chunk = connection.recv(4096)
                    except OSError:
                        return
                    if not chunk:
                        return
                    buffer += chunk
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                path = head.split(b" ", 2)[1].decode()
                with self._lock:
                    self.heads.append(head)
                if not SCRIPTS[path.split("?")[0]](connection):
                    return


@pytest.fixture(scope="module")
def scripted() -> ScriptedServer:
    server = ScriptedServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def scripted_tls(servers: LocalServers, ca_file: str) -> ScriptedServer:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    servers.ca.issue_cert("fast.test").configure_cert(context)
    server = ScriptedServer(context, ca_file)
    yield server
    server.close()


@pytest.fixture(params=["http", "https"])
def either(request, scripted, scripted_tls) -> ScriptedServer:
    """The scripted server in plain HTTP, then over TLS."""
    return scripted if request.param == "http" else scripted_tls


def _url(server: ScriptedServer, path: str) -> str:
    return f"{server.scheme}://fast.test:{server.port}{path}"


def _client(
    fastpath: bool = True, timeout: float = 2.0, server: ScriptedServer | None = None
) -> httpx.AsyncClient:
    ca_file = server.ca_file if server is not None else None
    options = FetchOptions(timeout=timeout, allow_private=True, ca_file=ca_file)
    resolver = StaticResolver({"fast.test": "127.0.0.1"})
    return build_client(options, resolver, lambda _address: True, fastpath=fastpath)


async def _get(
    client: httpx.AsyncClient, url: str, cap: int = 1_000_000
) -> tuple[int, bytes, bool]:
    response = await client.send(client.build_request("GET", url), stream=True)
    try:
        body, truncated = await read_capped(response, cap)
    finally:
        await response.aclose()
    return response.status_code, body, truncated


def _gets(
    paths: list[str], server: ScriptedServer, fastpath: bool = True, fresh: bool = False
) -> list[object]:
    """Status, body and cut-off flag (or the error type) of each path, through one client —
    or a `fresh` one per path: httpcore may reuse a connection the server has just closed
    before it notices (a reset of its own making), which a comparison must not see."""

    async def go(paths: list[str]) -> list[object]:
        async with _client(fastpath, server=server) as client:
            results: list[object] = []
            for path in paths:
                try:
                    results.append(await _get(client, _url(server, path)))
                except httpx.HTTPError as exc:
                    results.append(type(exc))
            return results

    if fresh:
        return [run(go([path]))[0] for path in paths]
    return run(go(paths))


def _connections_for(server: ScriptedServer, paths: list[str]) -> int:
    before = server.connections
    results = _gets(paths, server)
    assert all(isinstance(r, tuple) and r[0] == 200 for r in results), results
    return server.connections - before


def test_keep_alive_connection_is_reused(either):
    assert _connections_for(either, ["/ok", "/ok", "/chunked", "/ok"]) == 1


def test_fast_path_is_taken_for_plain_http():
    assert isinstance(_client()._transport, FastTransport)


def test_connection_close_opens_a_new_connection(scripted):
    assert _connections_for(scripted, ["/close", "/ok"]) == 2


def test_a_connection_the_server_dropped_is_not_reused(scripted):
    assert _connections_for(scripted, ["/drop", "/ok", "/ok"]) == 2


def test_a_reused_connection_dropped_unanswered_is_retried_on_a_new_one(scripted):
    assert _connections_for(scripted, ["/stale", "/stale"]) == 2


def test_bodies_read_to_the_close_and_http10_end_there(scripted):
    assert _connections_for(scripted, ["/until-close", "/http10", "/ok"]) == 3
    assert _gets(["/until-close", "/http10"], scripted) == [(200, PAGE, False)] * 2


def test_chunked_informational_and_empty_answers(scripted):
    results = _gets(["/chunked", "/continue", "/no-content"], scripted)
    assert results == [(200, PAGE, False), (200, PAGE, False), (204, b"", False)]


@pytest.mark.parametrize("fastpath", [True, False])
def test_cut_off_bodies_keep_what_arrived_and_say_so(either, fastpath):
    for path in ("/reset-mid-body", "/close-mid-body"):
        [(status, body, truncated)] = _gets([path], either, fastpath, fresh=True)  # type: ignore[misc]
        assert (status, truncated) == (200, True)
        assert body == _answer(PAGE + b" " * 10_000)[:1_500].split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize("fastpath", [True, False])
def test_failures_raise_the_same_httpx_errors_as_httpcore(either, fastpath):
    paths = ["/reset-before", "/close-before", "/garbage", "/huge-head"]
    assert _gets(paths, either, fastpath, fresh=True) == [
        httpx.ReadError,
        httpx.RemoteProtocolError,
        httpx.RemoteProtocolError,
        httpx.RemoteProtocolError,
    ]


def test_same_answers_as_httpcore(either):
    paths = ["/ok", "/chunked", "/until-close", "/continue", "/gzip", "/no-content", "/redirect"]
    fast = _gets(paths, either, fastpath=True, fresh=True)
    assert fast == _gets(paths, either, fastpath=False, fresh=True)


def test_same_headers_as_httpcore(scripted):
    async def go(fastpath: bool) -> list[tuple[str, str]]:
        async with _client(fastpath) as client:
            response = await client.get(_url(scripted, "/gzip"))
            assert response.content == PAGE  # httpx decodes Content-Encoding above the transport
            return list(response.headers.items())

    assert run(go(True)) == run(go(False))


def test_error_kinds_through_the_fetcher(scripted):
    resolver = StaticResolver({"fast.test": "127.0.0.1"})
    servers = type("S", (), {"resolver": lambda self: resolver})()
    options = FetchOptions(timeout=2.0, allow_private=True, backoff=0.01, retries=1)
    expected = {
        "/ok": None,
        "/reset-mid-body": ErrorKind.TRUNCATED,  # error, reason reset
        "/close-mid-body": ErrorKind.TRUNCATED,
        "/reset-before": ErrorKind.RESET,
        "/close-before": ErrorKind.RESET,
        "/garbage": ErrorKind.PROTOCOL,
        "/hang": ErrorKind.TIMEOUT,
    }
    for path, kind in expected.items():
        timed = dataclasses.replace(options, timeout=0.3) if path == "/hang" else options
        fetched = fetch_one(servers, timed, _url(scripted, path))  # type: ignore[arg-type]
        assert fetched.error_kind == kind, path
    assert verdict(fetch_one(servers, options, _url(scripted, "/reset-mid-body"))) == (  # type: ignore[arg-type]
        LinkStatus.ERROR,
        Reason.RESET,
    )


def test_read_timeout(scripted):
    async def go() -> object:
        async with _client(timeout=0.2) as client:
            try:
                await _get(client, _url(scripted, "/hang"))
            except httpx.HTTPError as exc:
                return type(exc)
            return None

    assert run(go()) is httpx.ReadTimeout


def test_refused_connection_is_a_connect_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, not listening: refused

        async def go() -> object:
            async with _client() as client:
                try:
                    await _get(client, f"http://fast.test:{port}/")
                except httpx.HTTPError as exc:
                    return type(exc)
                return None

        assert run(go()) is httpx.ConnectError


def test_pool_grows_to_the_concurrency_then_reuses_and_expires(scripted):
    async def go() -> tuple[int, int, int]:
        options = FetchOptions(allow_private=True)
        resolver = StaticResolver({"fast.test": "127.0.0.1"})
        client = build_client(options, resolver, lambda _address: True)
        transport = client._transport
        assert isinstance(transport, FastTransport)
        transport._keepalive = 0.3
        async with client:
            start = scripted.connections
            await asyncio.gather(*(_get(client, _url(scripted, "/ok")) for _ in range(6)))
            first = scripted.connections - start
            await asyncio.gather(*(_get(client, _url(scripted, "/ok")) for _ in range(6)))
            second = scripted.connections - start - first
            await asyncio.sleep(0.4)  # past the keep-alive expiry
            await _get(client, _url(scripted, "/ok"))
            return first, second, scripted.connections - start - first - second

    assert run(go()) == (6, 0, 1)


def test_https_and_http2_stay_on_httpcore(servers: LocalServers, options):
    # The TLS servers and HTTP/2 are covered by test_transport and test_http2; here only that
    # an https URL on the fast-path client still works end to end.
    fetched = fetch_one(servers, options, servers.tls_url("tls.test", "/ok"))
    assert verdict(fetched) == (LinkStatus.OK, None)


@pytest.mark.parametrize("fastpath", [True, False])
def test_a_cookie_set_is_sent_back_and_none_before(scripted, fastpath):
    def sent(path: str) -> list[bytes]:
        return [head for head in scripted.heads if head.split(b" ", 2)[1] == path.encode()]

    marker = f"/ok?cookie={fastpath}"
    answers = _gets([marker, "/set-cookie", marker], scripted, fastpath)
    assert answers == [(200, PAGE, False), (302, b"", False), (200, PAGE, False)]
    before, after = sent(marker)[-2:]
    assert b"cookie:" not in before.lower()
    assert b"\r\ncookie: seen=1" in after.lower()


def test_odd_answers_get_what_httpcore_gives(either):
    async def one(fastpath: bool, path: str) -> object:
        # A client per answer: the server closes each connection, and httpcore may reuse one
        # it has not yet seen closed (a reset: a race of its own, not the answer's).
        async with _client(fastpath, server=either) as client:
            try:
                request = client.build_request("GET", _url(either, path))
                response = await client.send(request, stream=True)
                body, truncated = await read_capped(response, 10_000)
                await response.aclose()
            except httpx.HTTPError as exc:
                return (path, type(exc))
            headers = sorted(response.headers.multi_items())
            return (path, response.status_code, body, truncated, response.http_version, headers)

    paths = sorted(p for p in SCRIPTS if p.startswith("/odd/"))
    fast = [run(one(True, path)) for path in paths]
    assert fast == [run(one(False, path)) for path in paths]
    assert ("/odd/te-gzip", httpx.RemoteProtocolError) in fast
    assert ("/odd/http10", 200, b"hello", False, "HTTP/1.0", [("content-length", "5")]) in fast


def test_tls_http11_origin_takes_the_fast_path(scripted_tls):
    async def go() -> tuple[set[object], set[object]]:
        async with _client(server=scripted_tls) as client:
            assert (await _get(client, _url(scripted_tls, "/ok")))[0] == 200
            transport = client._transport
            assert isinstance(transport, FastTransport)
            return set(transport._idle), transport._http2

    idle, http2 = run(go())
    assert idle == {(b"https", b"fast.test", scripted_tls.port)}
    assert http2 == set()


def test_an_origin_choosing_http2_is_handed_to_httpcore(h2_server):  # noqa: F811
    server, ca_file = h2_server
    options = FetchOptions(timeout=5.0, allow_private=True, ca_file=ca_file)
    resolver = StaticResolver({"h2.test": "127.0.0.1"})

    async def go() -> tuple[list[tuple[int, str]], set[object]]:
        async with build_client(options, resolver, lambda _address: True) as client:
            url = f"https://h2.test:{server.port}/artikel"
            answers = [await client.get(url) for _ in range(2)]
            transport = client._transport
            assert isinstance(transport, FastTransport)
            return [(r.status_code, r.http_version) for r in answers], transport._http2

    answers, http2 = run(go())
    assert answers == [(200, "HTTP/2")] * 2
    assert http2 == {(b"https", b"h2.test", server.port)}
