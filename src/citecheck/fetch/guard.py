"""The private-address guard both connection paths share: resolve a host through the
`Resolver` seam and keep only the addresses the guard allows (its verdict cached per address).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from citecheck.fetch.resolve import IPAddress, NoSuchHost, Resolver, parse_ip


class PrivateAddressError(Exception):
    """The host resolved only to addresses the guard refuses."""

    def __init__(self, host: str, addresses: list[IPAddress]) -> None:
        shown = ", ".join(str(a) for a in addresses) or "no address"
        super().__init__(f"{host} resolves to a private address ({shown})")


class AddressGuard:
    """Resolves names only through its `Resolver` and refuses the addresses `allowed` rejects.

    A verdict depends on the address alone, so it is computed once per address (`ipaddress`
    builds networks on every `is_global`); the resolver is asked again for every connection.
    """

    def __init__(self, resolver: Resolver, allowed: Callable[[IPAddress], bool]) -> None:
        self._resolver = resolver
        self._allowed = allowed
        self._verdicts: dict[IPAddress, bool] = {}

    def allows(self, address: IPAddress) -> bool:
        """Whether a connection to `address` is allowed (cached)."""
        verdict = self._verdicts.get(address)
        if verdict is None:
            verdict = self._verdicts[address] = self._allowed(address)
        return verdict

    async def addresses(self, host: str, timeout: float | None) -> list[IPAddress]:
        """The addresses of `host` the guard allows (at least one), in the resolver's order.

        Raises `TimeoutError` when resolving takes longer than `timeout`, `NoSuchHost` or
        another `ResolveError` from the resolver, and `PrivateAddressError` when every address
        is refused.
        """
        literal = parse_ip(host)
        if literal is not None:
            addresses = [literal]
        else:
            async with asyncio.timeout(timeout):
                names = await self._resolver.resolve(host)
            addresses = [ip for ip in map(parse_ip, names) if ip is not None]
            if not addresses:
                raise NoSuchHost(host, "no usable addresses")
        allowed = [address for address in addresses if self.allows(address)]
        if not allowed:
            raise PrivateAddressError(host, addresses)
        return allowed
