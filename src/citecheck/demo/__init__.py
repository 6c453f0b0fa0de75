"""`citecheck --demo`: the seed motion checked against local replicas of its sources.

What lives here: the bundled demo data (the seed motion `antrag-japan-partnerschaft.md` and, in
`pages/`, a replica page per cited source plus `manifest.json`), the `Manifest` that reads it,
a small threaded stdlib HTTP server (`DemoServer`) that answers as the manifest says, and
`DemoFetcher`, the `Fetcher` the command line uses in demo mode. Imports: stdlib, models,
fetch.base, fetch.resolve, fetch.http.

How the demo reaches `https://www.bka.de/…` without the internet — and why this way:

* Names: every seed host name resolves to 127.0.0.1 through citecheck's own resolver seam
  (`StaticResolver`); any other name "does not exist". The system resolver is never asked.
* Addresses: the private-address guard stays on, widened to loopback only (`address_allowed`),
  not switched off (`allow_private` is forced off).
* Scheme and port: the cited URLs are `https://host/…` on port 443. Serving them honestly over
  TLS would need a certificate for fourteen real host names from a CA generated at run time,
  which needs a third-party crypto package at run time, and a listener on port 443, which needs
  root. Instead `DemoFetcher` rewrites each origin it serves, `https://host` → `http://host:PORT`
  (PORT: the demo server's ephemeral port on 127.0.0.1), asks the REAL `HttpFetcher` for that
  URL, and maps every URL in the result (the requested URL, the redirect hops, the final URL)
  back. Everything else is the production engine: resolver seam and address guard, GET,
  redirect following with hop recording, body caps, charset and title extraction, PDF titles;
  classification, title matching, figures and years then run on the mapped-back result exactly
  as on the web. The server writes redirect `Location`s in the same local form, so a redirect
  never leaves 127.0.0.1. TLS itself is what the demo does not show (the test suite covers it
  with a throwaway CA). The command line says "demo" on stderr, so nobody mistakes the report
  for a check of the real web.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import unquote, urlsplit, urlunsplit

from citecheck.demo.archive import ARCHIVE_HOST, DemoArchive, DemoCapture
from citecheck.fetch.http import HttpFetcher
from citecheck.fetch.resolve import IPAddress, StaticResolver
from citecheck.models import Fetched, Redirect
from citecheck.options import FetchOptions

__all__ = [
    "BANNER",
    "DATA",
    "DemoFetcher",
    "DemoPage",
    "DemoServer",
    "Manifest",
    "document_path",
]

# The data ships inside the package (hatchling includes every file under src/citecheck), so an
# installed `citecheck --demo` needs no checkout; pip installs packages as plain files.
DATA = Path(__file__).resolve().parent
"""Folder of the bundled demo data."""

PAGES = DATA / "pages"
"""Replica pages and manifest.json."""

DOCUMENT = "antrag-japan-partnerschaft.md"
"""The seed motion, relative to `DATA`."""

LOOPBACK = "127.0.0.1"
"""The one address the demo serves on and every demo host resolves to."""

BANNER = (
    "citecheck: demo: sources served locally from replica pages on {address} "
    "(no network used); the links point to real sites, the answers are replicas.\n"
)
"""Printed on stderr by `citecheck --demo` (format with `address`)."""


def document_path() -> Path:
    """The bundled seed motion that `--demo` checks."""
    return DATA / DOCUMENT


@dataclass(frozen=True, slots=True)
class DemoPage:
    """How the demo server answers one URL."""

    url: str
    """The URL as cited (scheme, host, path, query)."""
    status: int
    """HTTP status to answer with."""
    file: str | None = None
    """Body file in `pages/` (None for a redirect)."""
    content_type: str = "text/html; charset=utf-8"
    """Content-Type of the body."""
    redirect_to: str | None = None
    """Location of a 3xx answer (as a cited-style URL; served in local form)."""


def _origin(url: str) -> tuple[str, str]:
    """(scheme, lower-case host) of an absolute URL."""
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower()


def _page_key(host: str, path_and_query: str) -> tuple[str, str]:
    """Lookup key: host and the percent-decoded path with query (clients differ in quoting)."""
    return host.lower(), unquote(path_and_query or "/")


def _path_and_query(url: str) -> str:
    """The request target of an absolute URL ("/a/b?c")."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class Manifest:
    """The demo's `manifest.json`: which page answers which URL."""

    def __init__(self, pages: list[DemoPage], captures: list[DemoCapture] | None = None) -> None:
        self.pages = tuple(pages)
        """Every served URL."""
        self.captures = tuple(captures or ())
        """Replica captures the demo's web archive serves (`demo.archive`)."""
        self._by_key = {_page_key(_origin(p.url)[1], _path_and_query(p.url)): p for p in pages}
        schemes: dict[str, str] = {}
        for page in pages:
            scheme, host = _origin(page.url)
            if scheme not in ("http", "https") or not host:
                raise ValueError(f"demo manifest: not an http(s) URL: {page.url}")
            # One scheme per host keeps the local → cited mapping of `DemoFetcher` unambiguous.
            if schemes.setdefault(host, scheme) != scheme:
                raise ValueError(f"demo manifest: {host} appears with two schemes")
        if self.captures:
            schemes.setdefault(ARCHIVE_HOST, "https")
        self.schemes: Mapping[str, str] = schemes
        """Host → the scheme its URLs are cited with."""

    @classmethod
    def load(cls, path: Path | None = None) -> Manifest:
        """Read `manifest.json` (default: the bundled one)."""
        data: dict[str, Any] = json.loads(
            (path or PAGES / "manifest.json").read_text(encoding="utf-8")
        )
        pages = [
            DemoPage(
                url=entry["url"],
                status=int(entry["status"]),
                file=entry.get("file"),
                content_type=entry.get("content_type", "text/html; charset=utf-8"),
                redirect_to=entry.get("redirect_to"),
            )
            for entry in data["pages"]
        ]
        captures = [
            DemoCapture(entry["original"], entry["timestamp"], entry["file"])
            for entry in data.get("captures", [])
        ]
        return cls(pages, captures)

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every host name the demo serves."""
        return tuple(self.schemes)

    def page_for(self, host: str, path_and_query: str) -> DemoPage | None:
        """The page answering a request for `host` and `path_and_query`, if any."""
        return self._by_key.get(_page_key(host, path_and_query))


class _Handler(BaseHTTPRequestHandler):
    """Answers by Host header and path, as the manifest says."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the report is the demo's output."""

    def do_GET(self) -> None:
        """Serve the page, the redirect, or a plain 404 for anything not in the manifest."""
        demo = self.server.demo
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        if host == ARCHIVE_HOST:
            archived = demo.archive.answer(self.path)
            if archived is not None:
                self._send(archived[0], archived[1], archived[2])
                return
        page = demo.manifest.page_for(host, self.path)
        if page is None:
            self._send(404, b"<html><head><title>404 Not Found</title></head></html>", None)
        elif page.redirect_to is not None:
            self._send(page.status, b"", None, location=demo.local_url(page.redirect_to))
        else:
            body = (demo.pages / page.file).read_bytes() if page.file else b""
            self._send(page.status, body, page.content_type)

    def _send(self, status: int, body: bytes, media: str | None, location: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", media or "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    """A ThreadingHTTPServer that knows its `DemoServer`."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 64
    demo: DemoServer


class DemoServer:
    """The replica pages served on 127.0.0.1 (ephemeral port) in a background thread.

    `with DemoServer() as server:` or `start()` / `close()`.
    """

    def __init__(self, manifest: Manifest | None = None, pages: Path = PAGES) -> None:
        self.manifest = manifest or Manifest.load()
        """What is served."""
        self.pages = pages
        """Folder of the body files."""
        self.archive = DemoArchive(list(self.manifest.captures), pages)
        """The replica web archive (answers for `ARCHIVE_HOST`)."""
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port the server listens on (after `start`)."""
        if self._server is None:
            raise RuntimeError("demo server not started")
        return int(self._server.server_address[1])

    def start(self) -> Self:
        """Bind 127.0.0.1:0 and serve in a daemon thread."""
        if self._server is None:
            server = _Server((LOOPBACK, 0), _Handler)
            server.demo = self
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="citecheck-demo-server",
                daemon=True,
            )
            self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and release the port."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        """Start the server."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.close()

    def local_url(self, url: str) -> str:
        """`url` on the demo server (`https://host/p` → `http://host:PORT/p`) if its host is
        served here; any other URL unchanged."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme.lower() not in ("http", "https") or host not in self.manifest.schemes:
            return url
        return urlunsplit(parts._replace(scheme="http", netloc=f"{host}:{self.port}"))

    def cited_url(self, url: str) -> str:
        """The inverse of `local_url`: `http://host:PORT/p` → `https://host/p` for a served
        host; any other URL unchanged."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        try:
            port = parts.port
        except ValueError:
            return url
        scheme = self.manifest.schemes.get(host)
        if parts.scheme.lower() != "http" or port != self.port or scheme is None:
            return url
        return urlunsplit(parts._replace(scheme=scheme, netloc=host))


def _is_loopback(address: IPAddress) -> bool:
    """The demo's address guard: loopback only (every demo host resolves to 127.0.0.1)."""
    return address.is_loopback


class DemoFetcher:
    """The `Fetcher` of `citecheck --demo`: the real `HttpFetcher` against `DemoServer`.

    Starts the server on construction and stops it in `aclose`. Names resolve through a
    `StaticResolver` of the manifest's hosts only; the address guard admits loopback only.
    URLs are mapped to the server and back as the module docstring explains.
    """

    def __init__(self, options: FetchOptions | None = None, server: DemoServer | None = None):
        self.server = (server or DemoServer()).start()
        """The running replica server."""
        # A user's --allow-private or --ca-file means nothing here: keep the guard, widened
        # to loopback through `address_allowed`.
        opts = dataclasses.replace(options or FetchOptions(), allow_private=False, ca_file=None)
        resolver = StaticResolver(dict.fromkeys(self.server.manifest.hosts, LOOPBACK))
        self._inner = HttpFetcher(opts, resolver=resolver, address_allowed=_is_loopback)

    async def fetch(self, url: str) -> Fetched:
        """Fetch `url` from the replica server; the result speaks of `url`, not the server."""
        fetched = await self._inner.fetch(self.server.local_url(url))
        cited = self.server.cited_url
        return dataclasses.replace(
            fetched,
            url=url,
            final_url=cited(fetched.final_url) if fetched.final_url is not None else None,
            redirects=tuple(Redirect(cited(hop.url), hop.status) for hop in fetched.redirects),
        )

    async def aclose(self) -> None:
        """Close the connections, then stop the server."""
        try:
            await self._inner.aclose()
        finally:
            await asyncio.to_thread(self.server.close)
