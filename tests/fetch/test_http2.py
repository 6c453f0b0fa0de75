"""HTTP/2 where the server offers it: a TLS server on 127.0.0.1 that speaks only h2 (ALPN).

The server is a small one made with the `h2` library (installed with httpx[http2]): it
answers every stream from a table of paths, and records the paths and the protocol it spoke,
so a passing fetch proves that citecheck negotiated HTTP/2 rather than fell back to 1.1.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import h2.config
import h2.connection
import h2.events
import pytest
import trustme

from citecheck.classify import classify
from citecheck.fetch.http import HttpFetcher
from citecheck.fetch.resolve import StaticResolver
from citecheck.models import Fetched, LinkStatus
from citecheck.options import FetchOptions
from server import SocketServer, run

PAGES = {
    "/artikel": (200, "<html><head><title>Zeitenwende in Japan</title></head><body>27 %</body>"),
    "/weg": (404, "<html><head><title>Seite nicht gefunden</title></head></html>"),
}


class H2Server(SocketServer):
    """Serves `PAGES` over HTTP/2 only (TLS with ALPN "h2") on 127.0.0.1."""

    def __init__(self, ca: trustme.CA) -> None:
        super().__init__()
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("h2.test").configure_cert(self.context)
        self.context.set_alpn_protocols(["h2"])
        self.seen: list[tuple[str, str]] = []  # (ALPN protocol, path)
        self.start()

    def serve(self, raw: socket.socket) -> None:
        try:
            with self.context.wrap_socket(raw, server_side=True) as tls:
                protocol = tls.selected_alpn_protocol() or "http/1.1"
                if protocol != "h2":
                    return  # this server speaks nothing else
                connection = h2.connection.H2Connection(
                    h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
                )
                connection.initiate_connection()
                tls.sendall(connection.data_to_send())
                while data := tls.recv(65536):
                    for event in connection.receive_data(data):
                        if isinstance(event, h2.events.RequestReceived):
                            headers = dict(event.headers)
                            self._answer(connection, event.stream_id, protocol, headers)
                    tls.sendall(connection.data_to_send())
        except (OSError, ssl.SSLError):
            return

    def _answer(
        self, connection: h2.connection.H2Connection, stream: int, protocol: str, headers: dict
    ) -> None:
        path = str(headers[":path"])
        self.seen.append((protocol, path))
        status, html = PAGES.get(path, (404, ""))
        body = html.encode("utf-8")
        connection.send_headers(
            stream,
            [
                (":status", str(status)),
                ("content-type", "text/html; charset=utf-8"),
                ("content-length", str(len(body))),
            ],
        )
        connection.send_data(stream, body, end_stream=True)


@pytest.fixture(scope="module")
def h2_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[H2Server, str]]:
    ca = trustme.CA()
    ca_file = Path(tmp_path_factory.mktemp("h2ca")) / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server = H2Server(ca)
    try:
        yield server, str(ca_file)
    finally:
        server.close()


def _fetch(server: H2Server, ca_file: str, path: str) -> Fetched:
    options = FetchOptions(timeout=5.0, allow_private=True, ca_file=ca_file, retries=0)

    async def go() -> Fetched:
        async with HttpFetcher(options, StaticResolver({"h2.test": "127.0.0.1"})) as fetcher:
            return await fetcher.fetch(f"https://h2.test:{server.port}{path}")

    result: Fetched = run(go())
    return result


def test_http2_is_used_where_the_server_offers_it(h2_server: tuple[H2Server, str]) -> None:
    server, ca_file = h2_server
    fetched = _fetch(server, ca_file, "/artikel")
    assert classify(fetched) == (LinkStatus.OK, None)
    assert fetched.page_title == "Zeitenwende in Japan"
    assert ("h2", "/artikel") in server.seen


def test_http2_not_found_is_dead(h2_server: tuple[H2Server, str]) -> None:
    server, ca_file = h2_server
    fetched = _fetch(server, ca_file, "/weg")
    assert classify(fetched) == (LinkStatus.DEAD, "not_found")
    assert ("h2", "/weg") in server.seen
