"""HTTPS through a proxy from the environment (HTTPS_PROXY): a CONNECT tunnel on 127.0.0.1.

The proxy resolves names itself from the test table (as a real proxy would with DNS), opens the
tunnel to the local TLS server and records every CONNECT target, so a passing fetch of a name
citecheck cannot resolve proves that the tunnel was used. TLS runs end to end through it.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from citecheck.classify import classify
from citecheck.fetch.http import HttpFetcher
from citecheck.fetch.resolve import StaticResolver
from citecheck.models import Fetched, LinkStatus
from citecheck.options import FetchOptions
from server import LocalServers, SocketServer, run


class ConnectProxy(SocketServer):
    """A minimal CONNECT proxy: `names` maps host names to the addresses it connects to."""

    def __init__(self, names: dict[str, str]) -> None:
        super().__init__()
        self.names = names
        self.targets: list[str] = []
        self.start()

    def serve(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            method, target, _version = head.split(b"\r\n", 1)[0].decode().split(" ")
            if method != "CONNECT":
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            self.targets.append(target)
            host, _, port = target.rpartition(":")
            address = self.names.get(host)
            if address is None:
                client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            with socket.create_connection((address, int(port)), timeout=10) as upstream:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                pump = threading.Thread(target=_pipe, args=(upstream, client), daemon=True)
                pump.start()
                _pipe(client, upstream)
                pump.join(timeout=10)


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        return


@pytest.fixture
def proxy(servers: LocalServers) -> Iterator[ConnectProxy]:
    started = ConnectProxy({"tls.test": "127.0.0.1"})
    try:
        yield started
    finally:
        started.close()


def _fetch(options: FetchOptions, url: str) -> Fetched:
    async def go() -> Fetched:
        # citecheck itself knows no names at all: only the proxy can reach tls.test.
        async with HttpFetcher(options, StaticResolver({})) as fetcher:
            return await fetcher.fetch(url)

    result: Fetched = run(go())
    return result


def test_https_proxy_from_environment_tunnels_tls(
    servers: LocalServers, options: FetchOptions, proxy: ConnectProxy, monkeypatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    fetched = _fetch(options, servers.tls_url("tls.test", "/ok?tunnel=1"))
    assert classify(fetched) == (LinkStatus.OK, None)
    assert proxy.targets == [f"tls.test:{servers.tls_port}"]
    assert servers.requests_for("/ok?tunnel=1")


def test_without_the_proxy_the_name_is_unknown(
    servers: LocalServers, options: FetchOptions, proxy: ConnectProxy, monkeypatch
) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    fetched = _fetch(options, servers.tls_url("tls.test", "/ok?tunnel=2"))
    assert fetched.error_kind == "dns"
    assert proxy.targets == []
