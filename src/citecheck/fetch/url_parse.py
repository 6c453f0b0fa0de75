"""`httpx.URL`s of plain http(s) URLs without httpx's parse: a URL already in the form httpx
would make of it (lower-case name or IPv4 address, characters its quoting leaves alone, no dot
segments) gets that form directly; any other URL goes to `httpx.URL` as before."""

from __future__ import annotations

import functools
import ipaddress
import re

from citecheck.fetch._httpx import httpx

try:  # httpx's parsed form of a URL (httpx >= 0.24); without it every URL takes httpx's parse
    from httpx._urlparse import ParseResult
except ImportError:  # pragma: no cover - an httpx without it
    ParseResult = None  # type: ignore[assignment,misc]

_DEFAULT_PORTS = {"http": 80, "https": 443}
_MAX_URL_LENGTH = 65_536  # httpx refuses longer URLs

# What `httpx._urlparse.urlparse` leaves as it is: a lower-case scheme and host name (or
# dotted digits, validated below), a port of digits, and a path and query of the characters
# its quoting keeps (printable ASCII but space, `"#<>` and, in the path, `?{}` and the
# backtick). No user info, no fragment, no IPv6 literal: those take httpx's parse.
_PLAIN = re.compile(
    r"(https?)://"
    r"([a-z0-9-]+(?:\.[a-z0-9-]+)*)"
    r"(?::([0-9]{1,5}))?"
    r"(/[\x21\x24-\x3b\x3d\x40-\x5f\x61-\x7a\x7c\x7e]*)?"
    r"(?:\?([\x21\x24-\x3b\x3d\x3f-\x7e]*))?"
)
_IPV4_STYLE = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")


def _same_form() -> bool:
    """Whether this httpx keeps a URL as the `ParseResult` this module builds (checked once:
    an httpx that changed its insides sends every URL through its own parse)."""
    if ParseResult is None:  # pragma: no cover - an httpx without it
        return False
    probe = httpx.URL("http://a.b:81/c?d")
    expected = ParseResult("http", "", "a.b", 81, "/c", "d", None)
    return getattr(probe, "_uri_reference", None) == expected


_ENABLED = _same_form()


def parse_url(url: str) -> httpx.URL:
    """`httpx.URL(url)`, the same object in every respect (a test compares them), built
    without httpx's parse when `url` is plain (`_PLAIN`); raises what `httpx.URL` raises."""
    parsed = _plain(url)
    if parsed is None:
        return httpx.URL(url)
    made = httpx.URL.__new__(httpx.URL)
    made._uri_reference = parsed
    return made


def _plain(url: str) -> ParseResult | None:
    """httpx's parse result of a plain URL, or None when `url` is not plain."""
    if not _ENABLED:  # pragma: no cover - an httpx with other insides
        return None
    match = _PLAIN.fullmatch(url) if len(url) <= _MAX_URL_LENGTH else None
    if match is None:
        return None
    scheme, host, port_text, path, query = match.groups()
    if _IPV4_STYLE.fullmatch(host) and not _valid_ipv4(host):
        return None  # httpx refuses it: let httpx say so
    path = path or ""
    if "." in path and any(part in (".", "..") for part in path.split("/")):
        return None  # dot segments: httpx removes them
    port = None if port_text is None else int(port_text)
    if port == _DEFAULT_PORTS[scheme]:
        port = None
    return ParseResult(scheme, "", host, port, path, query, None)


@functools.lru_cache(maxsize=4096)
def _valid_ipv4(host: str) -> bool:
    """Whether httpx accepts dotted digits as an IPv4 address (cached per host)."""
    try:
        ipaddress.IPv4Address(host)
    except ipaddress.AddressValueError:
        return False
    return True
