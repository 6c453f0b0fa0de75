"""Shared test fixtures: the local HTTP(S) servers (session-scoped), a resolver that knows
only the test names, FetchOptions that trust the test CA, a fake `Fetcher`, and small helpers.

Nothing here touches the real network or the system resolver: every test host name is mapped
by `StaticResolver` (see tests/server.py for names and routes).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.fetch.resolve import StaticResolver
from citecheck.i18n import resolve_language
from citecheck.models import Fetched
from citecheck.options import FetchOptions
from server import LocalServers

# Renderers must not emit colour escapes in tests.
os.environ.setdefault("NO_COLOR", "1")
# Reports speak the locale's language; the suite expects English whatever the machine's locale
# (the tests of the German words choose it themselves).
if resolve_language() != "en":
    os.environ["LC_ALL"] = "C.UTF-8"

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_path(*parts: str) -> Path:
    """A path under fixtures/."""
    return FIXTURES.joinpath(*parts)


@pytest.fixture(scope="session")
def servers() -> Iterator[LocalServers]:
    """Plain and TLS test servers on loopback, shared by the whole session."""
    local = LocalServers()
    try:
        yield local
    finally:
        local.close()


@pytest.fixture(scope="session")
def ca_file(servers: LocalServers, tmp_path_factory: pytest.TempPathFactory) -> str:
    """PEM file of the test CA that signed the TLS servers' certificates."""
    return servers.ca_file(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def resolver(servers: LocalServers) -> StaticResolver:
    """Resolves the test names to 127.0.0.x; every other name does not exist."""
    return servers.resolver()


@pytest.fixture
def options(ca_file: str) -> FetchOptions:
    """Fast options for tests: short deadline and backoff, private addresses allowed (the
    servers are on loopback), the test CA trusted."""
    return FetchOptions(
        timeout=2.0,
        allow_private=True,
        ca_file=ca_file,
        backoff=0.05,
        max_retry_after=1.5,
        retries=2,
    )


def minimal_pdf(content: bytes, *, encoding: bytes = b"") -> bytes:
    """A one-page PDF with the given content stream (Helvetica as /F1, in `encoding` if given:
    b"/WinAnsiEncoding" for text beyond ASCII; xref offsets computed)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        + (b"/Encoding " + encoding if encoding else b"")
        + b" >> "
        b">> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


class FakeFetcher:
    """A `Fetcher` double: answers from a table of canned `Fetched` (default: 200 with a
    title), optionally after a delay; records the URLs asked and whether it was closed."""

    def __init__(self, answers: dict[str, Fetched] | None = None, delay: float = 0.0) -> None:
        self.answers = answers or {}
        self.delay = delay
        self.calls: list[str] = []
        self.closed = False

    async def fetch(self, url: str) -> Fetched:
        """The canned answer for `url`."""
        self.calls.append(url)
        if self.delay:
            await asyncio.sleep(self.delay)
        return self.answers.get(
            url,
            Fetched(url=url, final_url=url, http_status=200, page_title="Some page", elapsed_ms=5),
        )

    async def aclose(self) -> None:
        """Note the close."""
        self.closed = True
