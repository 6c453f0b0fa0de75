"""The resolver seam and the private-address guard (fetch/resolve.py), without a server."""

from __future__ import annotations

import ipaddress

import pytest

from citecheck.fetch.resolve import (
    NoSuchHost,
    StaticResolver,
    SystemResolver,
    is_public_address,
)
from server import run


def test_guard_classifies_addresses():
    private = [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:10.0.0.1", "224.0.0.1",
    ]  # fmt: skip
    for text in private:
        assert not is_public_address(ipaddress.ip_address(text)), text
    for text in ["93.184.215.14", "2a00:1450:4001:82a::200e", "::ffff:93.184.215.14"]:
        assert is_public_address(ipaddress.ip_address(text)), text


def test_static_resolver():
    resolver = StaticResolver({"Example.test": "127.0.0.2", "multi.test": ["127.0.0.3", "::1"]})

    async def go() -> None:
        assert await resolver.resolve("example.TEST.") == ["127.0.0.2"]
        assert await resolver.resolve("multi.test") == ["127.0.0.3", "::1"]
        with pytest.raises(NoSuchHost):
            await resolver.resolve("other.test")

    run(go())


def test_system_resolver_passes_literal_addresses_through():
    # A numeric host needs no lookup; no name is sent to the system resolver here.
    assert run(SystemResolver().resolve("127.0.0.1")) == ["127.0.0.1"]
