"""Real local HTTP(S) servers for the fetch, cache and check tests (no mocks of httpx).

`LocalServers` starts one threaded HTTP/1.1 server per loopback address (127.0.0.1 … 127.0.0.5,
all on the same port when possible) plus TLS servers on 127.0.0.1 signed by a trustme CA: one
whose certificate names `tls.test` (use `wronghost.test` for a name mismatch) and one with an
expired certificate for `expired.test`. Tests reach them by *name* through a `StaticResolver`
(`servers.resolver()`), so nothing ever asks the system resolver.

Routes (GET), every one of them deterministic:

    /                       home page                 /ok            small page, title "OK page"
    /page/<file>            fixtures/pages/<file>, 404 when missing; ?status=NNN, ?h=name:value
                            (repeatable); titles/* with their manifest's Content-Type
    /page/seed/<file>       the seed replica pages, shipped in the package (citecheck/demo/pages)
    /status/<code>          that status, small HTML body
    /redirect?to=U&code=C   redirect (Location exactly U, may be relative)
    /chain/<n>              n redirects, then /ok     /loop/a, /loop/b   each redirects to the other
    /slow?delay=S           answer after S seconds    /hang          never answers (until shutdown)
    /big                    100 MB HTML with Content-Length, streamed
    /endless                endless chunked HTML      /gzip-bomb     endless gzip of spaces
    /gzip, /deflate-raw     a compressed page         /pdf           a PDF with a /Title
    /retry?key=K&fail=N&code=C&after=A   first N requests of key K answer C (+ Retry-After: A)
    /reset?key=K&fail=N     first N requests of key K get a TCP reset, then /ok
    /secure/…               on http: 301 to the same URL on the TLS server; on https: OK page
    /www/…                  301 to the same URL on www.<host>; there: OK page
    /slash/…                308 to the same path with a trailing slash; there: OK page

`servers.max_in_flight("group:G")` is the most simultaneous requests carrying `?group=G`;
`servers.requests` logs (host, path, headers) of every request.
"""

from __future__ import annotations

import asyncio
import datetime
import gzip
import io
import json
import socket
import ssl
import struct
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Coroutine
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import trustme

from citecheck.demo import PAGES as SEED_PAGES  # the seed replicas ship for `citecheck --demo`
from citecheck.fetch.resolve import StaticResolver

T = TypeVar("T")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"

# The title fixtures are served with the Content-Type their manifest gives (some have no
# charset parameter on purpose: their encoding is declared only inside the page).
TITLE_PAGE_TYPES = {
    f"titles/{entry['file']}": entry["content_type"]
    for entry in json.loads((PAGES / "titles" / "manifest.json").read_text(encoding="utf-8"))[
        "pages"
    ]
}

ADDRESSES = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")
"""Loopback addresses the plain servers listen on."""

NAMES = {
    "a.test": "127.0.0.2",
    "b.test": "127.0.0.3",
    "c.test": "127.0.0.4",
    "d.test": "127.0.0.5",
    "www.a.test": "127.0.0.2",
    "tls.test": "127.0.0.1",
    "wronghost.test": "127.0.0.1",
    "expired.test": "127.0.0.1",
}
"""Test host names and the address each resolves to (anything else: no such host)."""

OK_PAGE = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>OK page</title></head>"
    b"<body><h1>OK page</h1><p>Alles in Ordnung. Everything is fine here.</p></body></html>"
)
HOME_PAGE = (
    b"<!doctype html><html><head><title>Startseite</title></head>"
    b"<body><h1>Willkommen</h1><p>Die Startseite.</p></body></html>"
)


@dataclass(frozen=True)
class Logged:
    """One request as the server saw it."""

    host: str
    path: str
    headers: dict[str, str]


class _Server(ThreadingHTTPServer):
    """A ThreadingHTTPServer that knows its `LocalServers`."""

    daemon_threads = True
    block_on_close = False
    # The stdlib default backlog of 5 drops SYNs under concurrency (1 s client retransmits).
    request_queue_size = 256
    owner: LocalServers
    scheme: str


class _Handler(BaseHTTPRequestHandler):
    """Dispatches the routes listed in the module docstring."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Silence per-request logging."""

    def do_GET(self) -> None:
        """Track in-flight counts per host, then dispatch."""
        owner = self.server.owner
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        group = parse_qs(urlsplit(self.path).query).get("group", [""])[0]
        keys = [host, f"group:{group}"] if group else [host]
        owner.enter(keys, self.path, dict(self.headers.items()))
        try:
            self._dispatch(host)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True
        finally:
            owner.leave(keys)

    def _dispatch(self, host: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        query = parse_qs(parts.query)
        owner = self.server.owner

        def arg(name: str, default: str) -> str:
            return query.get(name, [default])[0]

        if path == "/":
            self._send(200, HOME_PAGE)
        elif path == "/ok":
            self._send(200, OK_PAGE)
        elif path.startswith("/page/"):
            name = path.removeprefix("/page/")
            folder, file = (SEED_PAGES, name[5:]) if name.startswith("seed/") else (PAGES, name)
            if not (folder / file).is_file():  # a page that is not there: 404, as on the web
                self._send(404, b"<html><head><title>404 Not Found</title></head></html>")
                return
            body = (folder / file).read_bytes()
            media = TITLE_PAGE_TYPES.get(name) or (
                "application/pdf" if name.endswith(".pdf") else "text/html; charset=utf-8"
            )
            headers = [tuple(h.split(":", 1)) for h in query.get("h", [])]
            self._send(int(arg("status", "200")), body, media, headers=headers)
        elif path.startswith("/status/"):
            code = int(path.removeprefix("/status/"))
            body = f"<html><head><title>Status {code}</title></head><body>{code}</body></html>"
            self._send(code, body.encode())
        elif path == "/redirect":
            self._redirect(int(arg("code", "301")), arg("to", "/ok"))
        elif path.startswith("/chain/"):
            n = int(path.removeprefix("/chain/"))
            self._redirect(302, f"/chain/{n - 1}" if n > 1 else "/ok")
        elif path == "/loop/a":
            self._redirect(302, "/loop/b")
        elif path == "/loop/b":
            self._redirect(302, "/loop/a")
        elif path == "/slow":
            time.sleep(float(arg("delay", "0.2")))
            self._send(200, OK_PAGE)
        elif path == "/hang":
            owner.stopping.wait(30)
            self.close_connection = True
        elif path == "/big":
            self._stream_big(100 * 1024 * 1024)
        elif path == "/endless":
            self._stream_chunked(lambda: b"<p>" + b"x" * 65_000 + b"</p>")
        elif path == "/gzip-bomb":
            self._gzip_bomb()
        elif path == "/gzip":
            self._send(200, gzip.compress(OK_PAGE), headers=[("Content-Encoding", "gzip")])
        elif path == "/deflate-raw":
            raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            body = raw.compress(OK_PAGE) + raw.flush()
            self._send(200, body, headers=[("Content-Encoding", "deflate")])
        elif path == "/pdf":
            self._send(200, owner.pdf, "application/pdf")
        elif path == "/retry":
            key = arg("key", "")
            if owner.count(key) <= int(arg("fail", "1")):
                headers = [("Retry-After", arg("after", ""))] if "after" in query else []
                self._send(int(arg("code", "503")), b"<html>busy</html>", headers=headers)
            else:
                self._send(200, OK_PAGE)
        elif path == "/reset":
            if owner.count(arg("key", "")) <= int(arg("fail", "1")):
                self._reset()
            else:
                self._send(200, OK_PAGE)
        elif path.startswith("/secure/") and self.server.scheme == "http":
            self._redirect(301, f"https://{host}:{owner.tls_port}{self.path}")
        elif path.startswith("/www/") and not host.startswith("www."):
            self._redirect(301, f"http://www.{host}:{owner.port}{self.path}")
        elif path.startswith("/slash/") and not path.endswith("/"):
            self._redirect(308, path + "/")
        elif path.startswith(("/secure/", "/www/", "/slash/")):
            self._send(200, OK_PAGE)
        else:
            self._send(404, b"<html><head><title>404 Not Found</title></head></html>")

    def _send(
        self,
        code: int,
        body: bytes,
        media: str = "text/html; charset=utf-8",
        headers: list[tuple[str, ...]] | None = None,
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers or []:
            self.send_header(name, value.strip())
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, code: int, location: str) -> None:
        self._send(code, b"", headers=[("Location", location)])

    def _stream_big(self, size: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"<p>" + b"y" * 65_529 + b"</p>"
        sent = 0
        while sent < size and not self.server.owner.stopping.is_set():
            piece = chunk[: size - sent]
            self.wfile.write(piece)
            sent += len(piece)

    def _stream_chunked(self, produce: object, encoding: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        assert callable(produce)
        while not self.server.owner.stopping.is_set():
            data = produce()
            if data:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def _gzip_bomb(self) -> None:
        compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        spaces = b" " * (1024 * 1024)
        first = [True]

        def produce() -> bytes:
            data = compressor.compress(b"<html><body>" if first[0] else spaces)
            first[0] = False
            return data + compressor.flush(zlib.Z_SYNC_FLUSH)

        self._stream_chunked(produce, encoding="gzip")

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


class LocalServers:
    """Plain servers on several loopback addresses and TLS servers, started in threads."""

    def __init__(self) -> None:
        self.stopping = threading.Event()
        self.requests: list[Logged] = []
        self._lock = threading.Lock()
        self._in_flight: dict[str, int] = defaultdict(int)
        self._max_in_flight: dict[str, int] = defaultdict(int)
        self._counts: dict[str, int] = defaultdict(int)
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self.ca = trustme.CA()
        self.pdf = _make_pdf("Ein Bericht über Dinge")
        self.port = self._start_plain()
        self.tls_port = self._start_tls(self.ca.issue_cert("tls.test", "www.tls.test"))
        past = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        expired = self.ca.issue_cert(
            "expired.test", not_before=past - datetime.timedelta(days=30), not_after=past
        )
        self.expired_port = self._start_tls(expired)

    # --- lifecycle --------------------------------------------------------------------------

    def _serve(self, server: _Server) -> None:
        server.owner = self
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        thread.daemon = True
        thread.start()
        self._servers.append(server)
        self._threads.append(thread)

    def _start_plain(self) -> int:
        for _attempt in range(20):
            first = _Server((ADDRESSES[0], 0), _Handler)
            port = first.server_address[1]
            others: list[_Server] = []
            try:
                others.extend(_Server((address, port), _Handler) for address in ADDRESSES[1:])
            except OSError:
                first.server_close()
                for server in others:
                    server.server_close()
                continue
            for server in [first, *others]:
                server.scheme = "http"
                self._serve(server)
            return port
        raise RuntimeError("no common free port on the loopback addresses")

    def _start_tls(self, leaf: trustme.LeafCert) -> int:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        leaf.configure_cert(context)
        server = _TLSServer((ADDRESSES[0], 0), _Handler, context)
        server.scheme = "https"
        self._serve(server)
        return int(server.server_address[1])

    def close(self) -> None:
        """Stop every server and wait for the serving threads."""
        self.stopping.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    # --- helpers for tests ------------------------------------------------------------------

    def url(self, host: str, path: str) -> str:
        """http://host:port/path on the plain servers."""
        return f"http://{host}:{self.port}{path}"

    def tls_url(self, host: str, path: str, expired: bool = False) -> str:
        """https://host:port/path on the valid (or the expired) TLS server."""
        port = self.expired_port if expired else self.tls_port
        return f"https://{host}:{port}{path}"

    def resolver(self) -> StaticResolver:
        """A resolver that knows exactly the test names (see NAMES)."""
        return StaticResolver(NAMES)

    def ca_file(self, directory: Path) -> str:
        """Write the CA certificate to `directory` and return its path."""
        path = directory / "ca.pem"
        self.ca.cert_pem.write_to_path(str(path))
        return str(path)

    def enter(self, keys: list[str], path: str, headers: dict[str, str]) -> None:
        """Count a request in under its host and group keys (called by the handler)."""
        with self._lock:
            lowered = {k.lower(): v for k, v in headers.items()}
            self.requests.append(Logged(keys[0], path, lowered))
            for key in keys:
                self._in_flight[key] += 1
                self._max_in_flight[key] = max(self._max_in_flight[key], self._in_flight[key])

    def leave(self, keys: list[str]) -> None:
        """Count a request out (called by the handler)."""
        with self._lock:
            for key in keys:
                self._in_flight[key] -= 1

    def count(self, key: str) -> int:
        """Increment and return how often `key` was requested (for /retry and /reset)."""
        with self._lock:
            self._counts[key] += 1
            return self._counts[key]

    def max_in_flight(self, key: str) -> int:
        """The most simultaneous requests seen for a host name, or for `group:G` (requests
        carrying `?group=G`; use a fresh group per test, as hosts are shared)."""
        with self._lock:
            return self._max_in_flight[key]

    def requests_for(self, fragment: str) -> list[Logged]:
        """Logged requests whose path contains `fragment`."""
        with self._lock:
            return [r for r in self.requests if fragment in r.path]


class _TLSServer(_Server):
    """A `_Server` whose accepted sockets are wrapped in TLS."""

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        context: ssl.SSLContext,
    ) -> None:
        super().__init__(address, handler)
        self._context = context

    def get_request(self) -> tuple[socket.socket, object]:
        sock, addr = super().get_request()
        sock.settimeout(5)
        # Handshake in the handler thread (lazily), so a failing client cannot block accept().
        return self._context.wrap_socket(
            sock, server_side=True, do_handshake_on_connect=False
        ), addr

    def finish_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        """Handshake (in the handler thread), then serve; failed handshakes are expected."""
        assert isinstance(request, ssl.SSLSocket)
        try:
            request.do_handshake()
        except (ssl.SSLError, OSError):
            return
        request.settimeout(None)
        super().finish_request(request, client_address)  # type: ignore[arg-type]

    def handle_error(self, request: object, client_address: object) -> None:
        """Failed handshakes (the tls tests) are expected; stay quiet."""


def _make_pdf(title: str) -> bytes:
    """A one-page PDF whose metadata /Title is `title`."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion in a fresh event loop (tests are synchronous)."""
    return asyncio.run(coro)


class SocketServer:
    """A loopback TCP listener that hands each connection to `serve` in a thread of its own.

    For the small protocol servers of single test modules (an HTTP/2-only server, a CONNECT
    proxy); subclasses implement `serve` and call `start()` once their state is ready.
    """

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)  # so that close() is noticed
        self.port = int(self.listener.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def start(self) -> None:
        """Begin accepting connections."""
        self._thread.start()

    def close(self) -> None:
        """Stop accepting and close the listener."""
        self._stop.set()
        self._thread.join(timeout=5)
        self.listener.close()

    def serve(self, connection: socket.socket) -> None:
        """Handle one accepted connection (runs in its own thread)."""
        raise NotImplementedError

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.settimeout(10)
            threading.Thread(target=self.serve, args=(connection,), daemon=True).start()
