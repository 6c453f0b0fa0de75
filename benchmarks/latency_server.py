"""A tiny asyncio HTTP/1.1 server on several 127.0.0.x addresses with fixed latency.

Used by the link-checking benchmarks: each address is one "host", every request is answered
after `latency` seconds with a small HTML page, and the server records the highest number of
requests in flight per host (to see how polite a checker is). Loopback only, by construction.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections import defaultdict
from dataclasses import dataclass, field

_BODY = (
    b"<!doctype html><html><head><title>Benchmark page</title></head>"
    b"<body><h1>Benchmark page</h1><p>27 Prozent.</p></body></html>"
)


@dataclass
class Stats:
    """What the server saw."""

    requests: int = 0
    """Requests answered."""
    in_flight: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    """Requests currently being answered, per host address."""
    peak: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    """Highest number of simultaneous requests seen, per host address."""


class LatencyServer:
    """Serve `hosts` addresses (127.0.0.1 … 127.0.0.N) on one port in a background thread."""

    def __init__(self, hosts: int, latency: float) -> None:
        self.addresses = [f"127.0.0.{i}" for i in range(1, hosts + 1)]
        self.latency = latency
        self.stats = Stats()
        self.port = _free_port()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> LatencyServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    def reset(self) -> None:
        """Forget counts from an earlier run."""
        self.stats = Stats()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(
            self._handle, host=self.addresses, port=self.port, backlog=4096, reuse_address=True
        )
        self._ready.set()
        async with server:
            await self._stop.wait()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method = head.split(b" ", 1)[0]
                stats = self.stats
                stats.in_flight[host] += 1
                stats.peak[host] = max(stats.peak[host], stats.in_flight[host])
                try:
                    await asyncio.sleep(self.latency)
                finally:
                    stats.in_flight[host] -= 1
                stats.requests += 1
                body = b"" if method == b"HEAD" else _BODY
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    + b"Content-Length: %d\r\n\r\n" % len(_BODY)
                    + body
                )
                await writer.drain()
        writer.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
