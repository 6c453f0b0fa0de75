"""A local web archive for the archive tests: a Wayback-style CDX endpoint and raw replay, over
HTTP and HTTPS (a certificate for `archive.test` from the suite's trustme CA), plus the "live"
pages of `live.test`. Names reach it only through a `StaticResolver` (no DNS).

    /cdx/search/cdx?url=U&to=D&from=D&limit=N&filter=statuscode:200&output=json&fl=…
        the captures of U (exact URL), oldest first, as a JSON array of arrays with a header
        row (`[]` when none); `to`/`from` compare the day (YYYYMMDD); limit -1: the last one,
        limit 1: the first one. `honor_filter = False` makes it ignore the filter (a server that
        returns archived error pages); `rate_limited = N` answers the next N queries 429 with
        Retry-After: 1.
    /web/<timestamp>id_/<original>   the capture's body (its status: 200), 404 when unknown
    live.test/<path>                 `live[path]`: (status, body), 404 when missing
"""

from __future__ import annotations

import json
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, unquote, urlsplit

import trustme

from citecheck.fetch.resolve import StaticResolver
from server import _TLSServer

NAMES = {"archive.test": "127.0.0.1", "live.test": "127.0.0.1"}


def page(title: str, text: str) -> bytes:
    """A small HTML page with a title and a paragraph."""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{text}</p></body></html>"
    ).encode()


@dataclass
class Snapshot:
    """One capture the archive holds."""

    timestamp: str
    original: str
    body: bytes = b""
    statuscode: str = "200"
    """What the CDX index says the page answered when it was captured."""


@dataclass
class _State:
    captures: list[Snapshot] = field(default_factory=list)
    live: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    honor_filter: bool = True
    rate_limited: int = 0
    queries: list[str] = field(default_factory=list)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 64
    state: _State


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        state = self.server.state
        if host == "live.test":
            status, body = state.live.get(self.path, (404, b"<title>404</title>"))
            self._send(status, body, "text/html; charset=utf-8")
        elif self.path.startswith("/cdx/search/cdx"):
            self._cdx(state)
        elif self.path.startswith("/web/"):
            self._replay(state)
        else:
            self._send(404, b"no such route", "text/plain")

    def _cdx(self, state: _State) -> None:
        with state.lock:
            state.queries.append(self.path)
            if state.rate_limited > 0:
                state.rate_limited -= 1
                state.refused += 1
                self._send(429, b"slow down", "text/plain", retry_after="1")
                return
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        rows = sorted(
            (c for c in state.captures if c.original == query.get("url")),
            key=lambda c: c.timestamp,
        )
        if state.honor_filter and query.get("filter") == "statuscode:200":
            rows = [c for c in rows if c.statuscode == "200"]
        if "to" in query:
            rows = [c for c in rows if c.timestamp[:8] <= query["to"]]
        if "from" in query:
            rows = [c for c in rows if c.timestamp[:8] >= query["from"]]
        limit = int(query.get("limit", "0") or 0)
        if limit < 0:
            rows = rows[limit:]
        elif limit > 0:
            rows = rows[:limit]
        fields = query.get("fl", "timestamp,original,statuscode").split(",")
        table = [[getattr(c, name) for name in fields] for c in rows]
        data = [fields, *table] if table else []
        self._send(200, json.dumps(data).encode(), "application/json")

    def _replay(self, state: _State) -> None:
        stamp, _, original = unquote(self.path[len("/web/") :]).partition("/")
        found = next(
            (c for c in state.captures if f"{c.timestamp}id_" == stamp and c.original == original),
            None,
        )
        if found is None:
            self._send(404, b"<title>not in archive</title>", "text/html")
        else:
            self._send(200, found.body, "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, media: str, retry_after: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        if retry_after:
            self.send_header("Retry-After", retry_after)
        self.end_headers()
        self.wfile.write(body)


class ArchiveServer:
    """The local archive and live pages, plain on one port and TLS on another."""

    def __init__(self, ca: trustme.CA) -> None:
        self.state = _State()
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self.port = self._serve(_Server(("127.0.0.1", 0), _Handler))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("archive.test").configure_cert(context)
        self.tls_port = self._serve(_TLSServer(("127.0.0.1", 0), _Handler, context))  # type: ignore[arg-type]

    def _serve(self, server: _Server) -> int:
        server.state = self.state
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        self._servers.append(server)
        self._threads.append(thread)
        return int(server.server_address[1])

    def close(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The plain archive's base URL (its archive_url)."""
        return f"http://archive.test:{self.port}"

    @property
    def tls_url(self) -> str:
        """The HTTPS archive's base URL."""
        return f"https://archive.test:{self.tls_port}"

    def live_url(self, path: str) -> str:
        """A live page's URL."""
        return f"http://live.test:{self.port}{path}"

    def reset(self) -> None:
        """Forget captures, live pages, queries and modes (one test's setup)."""
        with self.state.lock:
            self.state.captures.clear()
            self.state.live.clear()
            self.state.queries.clear()
            self.state.honor_filter = True
            self.state.rate_limited = 0
            self.state.refused = 0

    @staticmethod
    def resolver() -> StaticResolver:
        return StaticResolver(NAMES)
