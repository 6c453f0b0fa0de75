"""Reading a final answer: the capped, boundedly inflated body, its media type, the bot-wall
evidence seen in it, and the page extraction (titles, text) that follows.
"""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from citecheck.challenge import HEAD_CHARS, VENDOR_HEADERS, challenge_vendor
from citecheck.fetch._httpx import httpx
from citecheck.options import FetchOptions

if TYPE_CHECKING:
    from citecheck.titles import PageInfo

RECORDED_HEADERS = (
    "server",
    "cf-mitigated",
    "cf-ray",
    "retry-after",
    "x-datadome",
    "content-language",
    "last-modified",
)
"""Response headers kept in `Fetched.headers` (classification and reports look at them)."""

_SNIFF_BYTES = 65_536  # read of a body whose type says neither HTML/text nor PDF
_EXTRACT_IN_THREAD_BYTES = 262_144  # parse larger bodies off the event loop
_HTML_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/plain"}
)


@dataclass(frozen=True, slots=True)
class Answer:
    """A final (non-redirect) answer with its capped body, before page extraction."""

    url: str
    status: int
    content_type: str | None
    charset: str | None
    headers: tuple[tuple[str, str], ...]
    """The `RECORDED_HEADERS` the answer carried."""
    body: bytes
    challenge: str | None
    """The bot-wall vendor seen in the headers or the head of the body."""
    truncated: bool
    """The connection broke before the body ended (what arrived is in `body`)."""


async def read_answer(response: httpx.Response, options: FetchOptions) -> Answer:
    """Read a final answer: capped body (`body_cap`), recorded headers and bot-wall evidence."""
    found = header_values(response.headers)
    media, charset = media_type(found.get("content-type"))
    body, truncated = await read_capped(response, body_cap(media, options), found)
    recorded = tuple((name, found[name]) for name in RECORDED_HEADERS if name in found)
    # The vendor headers not recorded anyway (VENDOR_HEADERS).
    extra = [(n, found[n]) for n in VENDOR_HEADERS if n not in RECORDED_HEADERS and n in found]
    vendor = challenge_vendor(body[:HEAD_CHARS], [*recorded, *extra])
    return Answer(
        str(response.url), response.status_code, media, charset, recorded, body, vendor, truncated
    )


def body_cap(media: str | None, options: FetchOptions) -> int:
    """Bytes of a body of type `media` worth reading: `max_pdf_bytes` for PDF,
    `max_body_bytes` for HTML, XML, text or an unnamed type, and a sniff's worth of anything
    else (enough for page extraction to recognise a mislabelled page)."""
    if media == "application/pdf":
        return options.max_pdf_bytes
    if media is None or media in _HTML_TYPES:
        return options.max_body_bytes
    return min(_SNIFF_BYTES, options.max_body_bytes)


async def extract(answer: Answer) -> PageInfo:
    """Titles and visible text of the answer's page (large bodies parsed off the event loop).
    `titles` (html.parser, the affix and PDF readers: ~7 ms) is imported here, at the first
    answer, while the other requests are awaited, not before the first request goes out."""
    from citecheck.titles import extract_page

    if len(answer.body) > _EXTRACT_IN_THREAD_BYTES:
        return await asyncio.to_thread(
            extract_page, answer.body, answer.content_type, answer.charset
        )
    return extract_page(answer.body, answer.content_type, answer.charset)


def header_values(headers: httpx.Headers) -> dict[str, str]:
    """Every header by lower-case name, in one pass: what `headers.get(name)` gives for each
    name (a repeated header's values joined by ", "), without its scan of all headers per
    name."""
    found: dict[str, str] = {}
    for name, value in headers.multi_items():
        earlier = found.get(name)
        found[name] = value if earlier is None else f"{earlier}, {value}"
    return found


async def read_capped(
    response: httpx.Response, cap: int, headers: dict[str, str] | None = None
) -> tuple[bytes, bool]:
    """At most `cap` decoded bytes of a streamed response body, and whether it was cut off.

    Reads the raw stream and inflates gzip/deflate with a bounded output per chunk, so neither
    a compression bomb nor an endless stream can make it hold more than `cap` bytes (plus one
    network chunk). Unknown content codings give an empty body. A connection reset or close
    before the body's end keeps what arrived and reports the cut; corrupt compressed data
    keeps what was inflated so far.
    """
    found = response.headers if headers is None else headers
    coding = found.get("content-encoding", "identity").strip().lower()
    decoder = BoundedDecoder.for_coding(coding)
    if decoder is None:
        return b"", False
    pieces: list[bytes] = []
    size = 0
    truncated = False
    try:
        async for chunk in response.aiter_raw():
            piece = decoder.decode(chunk, cap - size)
            pieces.append(piece)
            size += len(piece)
            if size >= cap or decoder.finished:
                break
    except (httpx.ReadError, httpx.RemoteProtocolError):
        truncated = True
    except zlib.error:
        pass
    # One piece (most bodies arrive whole) is joined and cut without a copy.
    return b"".join(pieces)[:cap], truncated


class BoundedDecoder:
    """Content-coding decoder whose output per call never exceeds a limit."""

    def __init__(self, wbits: int | None) -> None:
        self._wbits = wbits
        self._zlib = zlib.decompressobj(wbits) if wbits is not None else None
        self._started = False
        self.finished = False
        """True once the compressed stream ended."""

    @classmethod
    def for_coding(cls, coding: str) -> BoundedDecoder | None:
        """A decoder for a Content-Encoding value, or None if unsupported."""
        if coding in ("", "identity"):
            return cls(None)
        if coding in ("gzip", "x-gzip"):
            return cls(zlib.MAX_WBITS | 16)
        if coding == "deflate":
            return cls(zlib.MAX_WBITS)
        return None

    def decode(self, data: bytes, limit: int) -> bytes:
        """Up to `limit` bytes of decoded output for `data` (the rest is dropped)."""
        if limit <= 0:
            return b""
        if self._zlib is None:
            return data[:limit]
        if not self._started and self._wbits == zlib.MAX_WBITS:
            self._started = True
            try:
                return self._inflate(data, limit)
            except zlib.error:
                # "deflate" is often sent raw, without the zlib wrapper RFC 9110 asks for.
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._inflate(data, limit)

    def _inflate(self, data: bytes, limit: int) -> bytes:
        """Inflate with bounded output; note the end of the stream."""
        assert self._zlib is not None
        out = self._zlib.decompress(data, limit)
        if self._zlib.eof:
            self.finished = True
        return out


def media_type(header: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) of a Content-Type header, lower-cased."""
    if not header:
        return None, None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return media.strip().lower() or None, charset
