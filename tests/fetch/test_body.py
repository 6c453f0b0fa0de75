"""Reading answers (fetch/body.py) from real local servers: content codings, PDF and HTML
titles, the body caps under huge, endless and bomb-like bodies, and a body cut off mid-way.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import struct
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator

import pytest

from citecheck.fetch.http import HttpFetcher
from citecheck.fetch.resolve import StaticResolver
from citecheck.models import ErrorKind, Fetched, LinkStatus, Reason
from citecheck.options import FetchOptions
from conftest import fixture_path
from server import TITLE_PAGE_TYPES, SocketServer, run

from ._fetching import fetch_one, verdict

TITLES_MANIFEST = json.loads(
    fixture_path("pages", "titles", "manifest.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("path", ["/gzip", "/deflate-raw"])
def test_compressed_bodies_are_decoded(servers, options, path):
    fetched = fetch_one(servers, options, servers.url("a.test", path))
    assert fetched.page_title == "OK page"


def test_pdf_title_from_metadata(servers, options):
    fetched = fetch_one(servers, options, servers.url("a.test", "/pdf"))
    assert fetched.content_type == "application/pdf"
    assert fetched.page_title == "Ein Bericht über Dinge"
    assert verdict(fetched) == (LinkStatus.OK, None)


TITLE_HTML_PAGES = [e["file"] for e in TITLES_MANIFEST["pages"] if e["file"].endswith(".html")]


def test_every_html_title_fixture_is_served():
    # Every HTML page of the manifest is fetched below; the directory has no page it omits.
    on_disk = sorted(p.name for p in fixture_path("pages", "titles").glob("*.html"))
    assert sorted(TITLE_HTML_PAGES) == on_disk
    assert {"citation-title.html", "dc-title.html", "og-title.html", "twitter-title.html"} <= set(
        TITLE_HTML_PAGES
    )
    assert {"h1-only.html", "title-tag.html"} <= set(TITLE_HTML_PAGES)


# page_title is the best candidate without its site affix; the raw candidates stay.
@pytest.mark.parametrize("name", TITLE_HTML_PAGES)
def test_served_title_fixtures(servers, options, name):
    # The server sends each with its manifest Content-Type (windows-1252 pages: "text/html", no
    # charset, so the <meta> declaration decides).
    fetched = fetch_one(servers, options, servers.url("a.test", f"/page/titles/{name}"))
    (entry,) = [e for e in TITLES_MANIFEST["pages"] if e["file"] == name]
    assert fetched.http_status == 200
    assert TITLE_PAGE_TYPES[f"titles/{name}"] == entry["content_type"]
    assert fetched.content_type == entry["content_type"].split(";")[0].strip()
    if name.startswith("windows-1252"):
        assert entry["content_type"] == "text/html"
    assert fetched.title_candidates == tuple(entry["candidates"])
    assert fetched.page_title == entry["title"]
    assert "\ufffd" not in fetched.text_excerpt


@pytest.mark.parametrize("name", ["with-title.pdf", "without-title.pdf", "junk-title.pdf"])
def test_served_pdf_title_with_and_without_metadata(servers, options, name):
    fetched = fetch_one(servers, options, servers.url("a.test", f"/page/pdf/{name}"))
    assert fetched.content_type == "application/pdf"
    assert fetched.page_title == "Lagebild Cybercrime 2022"
    assert "27 %" in fetched.text_excerpt


def _peak_memory(call: Callable[[], Fetched]) -> tuple[Fetched, int]:
    tracemalloc.start()
    try:
        result = call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def test_body_cap_under_a_100_mb_response(servers, options):
    capped = dataclasses.replace(options, max_body_bytes=1_000_000)
    started = time.monotonic()
    fetched, peak = _peak_memory(lambda: fetch_one(servers, capped, servers.url("a.test", "/big")))
    assert time.monotonic() - started < 3
    assert fetched.http_status == 200
    assert 900_000 <= len(fetched.text_excerpt) <= 1_000_000
    assert peak < 40_000_000


def test_gzip_bomb_stays_within_cap(servers, options):
    capped = dataclasses.replace(options, max_body_bytes=1_000_000)
    started = time.monotonic()
    fetched, peak = _peak_memory(
        lambda: fetch_one(servers, capped, servers.url("a.test", "/gzip-bomb"))
    )
    assert time.monotonic() - started < 3
    assert fetched.http_status == 200
    assert peak < 30_000_000


def test_endless_chunked_stream_stays_within_cap(servers, options):
    capped = dataclasses.replace(options, max_body_bytes=500_000)
    started = time.monotonic()
    fetched = fetch_one(servers, capped, servers.url("a.test", "/endless"))
    assert time.monotonic() - started < 3
    assert 0 < len(fetched.text_excerpt) <= 500_000


# --- a body cut off by the connection -------------------------------------------------------


class CuttingServer(SocketServer):
    """Answers `/<status>/cut` with headers announcing 10,000 bytes, sends 3,000 and then resets
    the connection (RST); `/<status>/closed` closes it instead (FIN); `/<status>/whole` sends
    the whole body. Counts the requests."""

    def __init__(self) -> None:
        super().__init__()
        self.requests = 0
        self.start()

    def serve(self, connection: socket.socket) -> None:
        with connection:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                head += chunk
            self.requests += 1
            status, mode = head.split(b" ", 2)[1].decode().strip("/").split("/")
            page = b"<html><head><title>Bericht</title></head><body>" + b"x" * 9_000
            body = page.ljust(10_000, b" ")
            connection.sendall(
                b"HTTP/1.1 %s X\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
                % (status.encode(), len(body))
                + (body if mode == "whole" else body[:3_000])
            )
            if mode == "whole":
                connection.recv(1)  # until the client closes
                return
            if mode == "closed":
                return
            time.sleep(0.2)  # let the client read what came, then reset
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


@pytest.fixture
def cutting() -> Iterator[CuttingServer]:
    server = CuttingServer()
    try:
        yield server
    finally:
        server.close()


def _fetch_cut(server: CuttingServer, path: str) -> Fetched:
    options = FetchOptions(timeout=5.0, allow_private=True, retries=1, backoff=0.01)

    async def go() -> Fetched:
        async with HttpFetcher(options, StaticResolver({"cut.test": "127.0.0.1"})) as fetcher:
            return await fetcher.fetch(f"http://cut.test:{server.port}{path}")

    result: Fetched = run(go())
    return result


def test_a_200_cut_off_by_a_reset_is_an_error_not_ok(cutting: CuttingServer) -> None:
    fetched = _fetch_cut(cutting, "/200/cut")
    assert fetched.error_kind is ErrorKind.TRUNCATED
    assert verdict(fetched) == (LinkStatus.ERROR, Reason.RESET)
    assert fetched.retried == 1 and cutting.requests == 2  # retried like a reset
    assert not fetched.is_definitive  # so never cached


def test_a_200_cut_off_by_an_early_close_is_an_error_too(cutting: CuttingServer) -> None:
    fetched = _fetch_cut(cutting, "/200/closed")
    assert verdict(fetched) == (LinkStatus.ERROR, Reason.RESET)


def test_the_same_200_read_whole_is_ok(cutting: CuttingServer) -> None:
    fetched = _fetch_cut(cutting, "/200/whole")
    assert verdict(fetched) == (LinkStatus.OK, None)
    assert fetched.page_title == "Bericht"


def test_a_404_cut_off_is_still_dead(cutting: CuttingServer) -> None:
    # The status alone decides a 404; its body is not needed.
    fetched = _fetch_cut(cutting, "/404/cut")
    assert verdict(fetched) == (LinkStatus.DEAD, Reason.NOT_FOUND)


@pytest.mark.parametrize(
    ("path", "vendor"),
    [
        ("/page/datadome.html?status=403", "datadome"),
        ("/page/article.html?status=403&h=cf-mitigated:challenge", "cloudflare"),
        ("/page/article.html?status=403&h=x-dd-b:1", "datadome"),  # a header not recorded
        ("/page/article.html?status=403&h=x-datadome:protected", "datadome"),
        ("/page/cloudflare-challenge.html?status=503", "cloudflare"),  # marker in the body
        ("/page/article.html", None),
    ],
)
def test_bot_wall_vendor_is_recorded_where_the_page_is_read(servers, options, path, vendor):
    fetched = fetch_one(servers, options, servers.url("a.test", path))
    assert fetched.challenge == vendor
    assert all(not name.startswith("x-citecheck") for name, _value in fetched.headers)


@pytest.mark.parametrize(
    "raw",
    [
        [],
        [(b"Content-Type", b"text/html"), (b"Server", b"nginx")],
        [(b"Retry-After", b"1"), (b"X-Dd-B", b"a"), (b"retry-after", b"2"), (b"CF-RAY", b"x")],
        [(b"Server", b"caf\xe9"), (b"Content-Language", b"de")],  # not ASCII: Latin-1
        [(b"Server", "café".encode()), (b"Last-Modified", b"Mon, 07 Dec 2026 00:00:00 GMT")],
    ],
)
def test_headers_read_in_one_pass_as_httpx_gives_each(raw: list[tuple[bytes, bytes]]) -> None:
    """`body.header_values` holds for every name what `httpx.Headers.get` gives for it (a
    repeated header's values joined by ", ", the headers' own encoding)."""
    from citecheck.fetch._httpx import httpx
    from citecheck.fetch.body import RECORDED_HEADERS, header_values

    headers = httpx.Headers(raw)
    found = header_values(headers)
    for name in {*RECORDED_HEADERS, "content-type", "x-dd-b", "x-datadome", "missing"}:
        assert found.get(name) == headers.get(name)
    assert set(found) == {name.decode("latin-1").lower() for name, _ in raw}


def test_the_fetcher_loads_the_page_readers_at_the_first_answer() -> None:
    """The first request does not wait for `titles` (html.parser, the affix and PDF readers):
    importing the fetcher leaves them out; `extract` loads them for the first answer."""
    code = (
        "import asyncio, sys\n"
        "import citecheck.fetch.shard, citecheck.fetch.http\n"
        "print(sorted(m for m in sys.modules if m.startswith('citecheck.titles')))\n"
        "from citecheck.fetch.body import Answer, extract\n"
        "answer = Answer('http://a.test/', 200, 'text/html', None, (), b'<title>T</title>',"
        " None, False)\n"
        "print(asyncio.run(extract(answer)).title)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split("\n")[:2] == ["[]", "T"]
