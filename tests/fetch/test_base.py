"""Fetch options (fetch/base.py): how per-host overrides are looked up."""

from __future__ import annotations

from citecheck.options import FetchOptions, HostOverride


def test_override_lookup_rules():
    opts = FetchOptions(
        per_host=4,
        timeout=20.0,
        hosts=(
            HostOverride("*.example.org", per_host=2),
            HostOverride("*.deep.example.org", per_host=3),
            HostOverride("www.deep.example.org", timeout=5.0),
        ),
    )
    assert opts.per_host_for("a.example.org") == 2
    assert opts.per_host_for("A.Deep.Example.ORG.") == 3  # the longer wildcard wins
    assert opts.per_host_for("www.deep.example.org") == 4  # exact name wins, per_host unset
    assert opts.timeout_for("www.deep.example.org") == 5.0
    assert opts.per_host_for("example.org") == 4  # a wildcard does not match the bare domain
    assert opts.per_host_for("notexample.org") == 4
    assert opts.timeout_for("a.example.org") == 20.0
