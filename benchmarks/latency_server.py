"""A small asyncio HTTP/1.1 server on several 127.0.0.x addresses with per-host latency.

Used by the link-checking benchmarks: each address is one "host"; every request is answered
after that host's latency with a realistic HTML page (a title with site affixes, meta titles,
an <h1>, some kilobytes of text with figures), varied by path so title and figure checks do
real work. The server records the most requests in flight per host (politeness). Loopback
only, by construction.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import socket
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

_SITES = (
    "Bundesministerium der Finanzen",
    "Statistisches Bundesamt",
    "Stiftung Wissenschaft und Politik",
    "Deutscher Bundestag",
    "Bundeszentrale für politische Bildung",
)
_TOPICS = (
    "Haushalt",
    "Verteidigung",
    "Energiepreise",
    "Bürgergeld",
    "Wohnungsbau",
    "Außenhandel",
    "Fachkräfte",
    "Digitalisierung",
    "Klimaschutz",
    "Rente",
)
_FILLER = (
    "Die Bundesregierung hat im Berichtsjahr zahlreiche Maßnahmen ergriffen, deren Wirkung "
    "sich in den amtlichen Statistiken erst mit Verzögerung zeigt. "
)


#: The page of the first benchmarks (links_vs_lychee.py): one title, one figure, no text to read.
_TINY = (
    b"<!doctype html><html><head><title>Benchmark page</title></head>"
    b"<body><h1>Benchmark page</h1><p>27 Prozent.</p></body></html>"
)


@dataclass(frozen=True)
class Page:
    """What the server answers for one path, and what a motion may cite of it."""

    title: str
    """The work's own title (what a footnote cites)."""
    figure: str
    """A figure the page states (what a citing sentence may quote)."""
    html: bytes
    """The whole answer body."""


def page_for(path: str) -> Page:
    """The deterministic page of `path`: the same path always gives the same page."""
    digest = hashlib.blake2b(path.encode(), digest_size=8).digest()
    topic = _TOPICS[digest[0] % len(_TOPICS)]
    site = _SITES[digest[1] % len(_SITES)]
    number = int.from_bytes(digest[2:4], "big")
    title = f"{topic} im Überblick: Bericht {number}"
    figure = f"{digest[4] % 90 + 5},{digest[5] % 10} Prozent"
    text = "".join(
        f"<p>{_FILLER}Im Bereich {topic} stieg der Anteil auf {figure} (Tabelle {i}).</p>"
        for i in range(1, 20 + digest[6] % 40)
    )
    html = (
        f'<!doctype html><html lang="de"><head><meta charset="utf-8">'
        f"<title>{title} - {site} | Startseite</title>"
        f'<meta property="og:title" content="{title}">'
        f'<meta name="description" content="{topic}: Zahlen und Fakten"></head>'
        f"<body><nav><a href='/'>Startseite</a> <a href='/themen'>Themen</a></nav>"
        f"<main><h1>{title}</h1>{text}</main><footer>{site}</footer></body></html>"
    ).encode()
    return Page(title, figure, html)


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
    """Serve `hosts` addresses (127.0.0.1 … 127.0.0.N) on one port in a background thread.

    `latency` is one delay for every host, or one per host (cycled over the addresses);
    `realistic=False` serves the first benchmarks' tiny page instead of `page_for`'s.
    """

    def __init__(
        self, hosts: int, latency: float | Sequence[float], *, realistic: bool = True
    ) -> None:
        self.addresses = [f"127.0.0.{i}" for i in range(1, hosts + 1)]
        delays = [latency] if isinstance(latency, float | int) else list(latency)
        self.latency = {a: float(delays[i % len(delays)]) for i, a in enumerate(self.addresses)}
        self.stats = Stats()
        self.port = _free_port()
        self._pages: dict[bytes, bytes] = {}
        self._realistic = realistic
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

    def _answer(self, path: bytes) -> bytes:
        """The full HTTP answer for a path (built once per path)."""
        found = self._pages.get(path)
        if found is None:
            body = page_for(path.decode("latin-1")).html if self._realistic else _TINY
            found = (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                + b"Content-Length: %d\r\n\r\n" % len(body)
                + body
            )
            self._pages[path] = found
        return found

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, path = head.split(b" ", 2)[:2]
                stats = self.stats
                stats.in_flight[host] += 1
                stats.peak[host] = max(stats.peak[host], stats.in_flight[host])
                try:
                    await asyncio.sleep(self.latency[host])
                finally:
                    stats.in_flight[host] -= 1
                stats.requests += 1
                answer = self._answer(path)
                if method == b"HEAD":
                    answer = answer.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
                writer.write(answer)
                await writer.drain()
        writer.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
