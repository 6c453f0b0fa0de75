"""The name-resolution seam (`Resolver`: the system's, or a static table for tests) and the
private-address guard. Stdlib only.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
from collections.abc import Mapping
from typing import Protocol

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
"""An IPv4 or IPv6 address object."""

# getaddrinfo error numbers that mean "this name has no address" (NXDOMAIN / no A or AAAA
# record) as opposed to a temporary failure of the resolver itself.
_NO_SUCH_HOST_ERRNOS = frozenset(
    code
    for code in (
        getattr(socket, "EAI_NONAME", None),
        getattr(socket, "EAI_NODATA", None),
        getattr(socket, "EAI_ADDRFAMILY", None),
    )
    if code is not None
)

# Addresses `ipaddress` calls global but that must never be fetched: the cloud metadata
# services are link-local (already refused), these are listed for clarity and for the
# IPv6 form some clouds use (fd00:ec2::254 is unique-local and refused anyway).
_METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)


class ResolveError(Exception):
    """A host name could not be resolved."""

    def __init__(self, host: str, message: str) -> None:
        super().__init__(f"{host}: {message}")
        self.host = host
        """The name that failed."""


class NoSuchHost(ResolveError):
    """The name does not exist (NXDOMAIN or no address records): a definitive answer."""


class TemporaryResolveError(ResolveError):
    """The resolver failed (timeout, SERVFAIL, no network): worth a retry."""


class Resolver(Protocol):
    """Turns a host name into IP address strings; the only place names are looked up.

    `HttpFetcher` never lets httpx or the operating system look a name up behind its back:
    every host name goes through a `Resolver`, and every address it returns passes
    `is_public_address` (unless private addresses are allowed) before a socket is opened.
    Production uses `SystemResolver`; tests use `StaticResolver`, so they send no DNS queries.
    """

    async def resolve(self, host: str) -> list[str]:
        """Addresses for `host` in preference order; raises `NoSuchHost` or
        `TemporaryResolveError`."""
        ...


class SystemResolver:
    """The operating system's resolver via the event loop's `getaddrinfo` (honours
    /etc/hosts, nsswitch and the like)."""

    async def resolve(self, host: str) -> list[str]:
        """Addresses for `host`, de-duplicated, in the order the system returns them."""
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            if exc.errno in _NO_SUCH_HOST_ERRNOS:
                raise NoSuchHost(host, str(exc)) from exc
            raise TemporaryResolveError(host, str(exc)) from exc
        except UnicodeError as exc:  # a label longer than 63 characters and the like
            raise NoSuchHost(host, str(exc)) from exc
        addresses: list[str] = []
        for _family, _type, _proto, _canon, sockaddr in infos:
            address = str(sockaddr[0])
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise NoSuchHost(host, "no addresses")
        return addresses


class StaticResolver:
    """A fixed name → address table (for tests); any other name does not exist.

    `StaticResolver({"example.test": "127.0.0.2"})`; values may also be lists of addresses.
    Lookups are case-insensitive, as DNS is.
    """

    def __init__(self, table: Mapping[str, str | list[str]]) -> None:
        self._table: dict[str, list[str]] = {
            name.lower().rstrip("."): [value] if isinstance(value, str) else list(value)
            for name, value in table.items()
        }

    async def resolve(self, host: str) -> list[str]:
        """The addresses in the table, or `NoSuchHost`."""
        try:
            return list(self._table[host.lower().rstrip(".")])
        except KeyError:
            raise NoSuchHost(host, "not in the static table") from None


@functools.lru_cache(maxsize=4096)
def parse_ip(text: str) -> IPAddress | None:
    """`text` as an IP address (brackets and IPv6 zone ids removed), or None for a name
    (cached: every URL's host is asked, and a name costs two failed parses)."""
    candidate = text.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(candidate)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def is_public_address(address: IPAddress) -> bool:
    """True for a globally routable unicast address; False for loopback, private (RFC 1918),
    carrier-grade NAT, link-local (and the 169.254.169.254 metadata service), unique-local,
    multicast, reserved and unspecified addresses — including their IPv4-mapped IPv6 forms.
    Cached: `ipaddress` builds a network object on every `is_global`."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return is_public_address(mapped)
    if address in _METADATA_ADDRESSES:
        return False
    return address.is_global and not address.is_multicast
