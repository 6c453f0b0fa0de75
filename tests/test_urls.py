"""URL identity rules: the fetched form, supported schemes, same resource, site home, host."""

from __future__ import annotations

import pytest

from citecheck.urls import fetchable, host_of, is_site_home, is_supported_scheme, same_resource

# --- comparing ----------------------------------------------------------------------------------


def test_fetchable() -> None:
    assert fetchable("www.bfarm.de/a") == "https://www.bfarm.de/a"
    assert fetchable("doi:10.1080/00908320.2022.2096158") == (
        "https://doi.org/10.1080/00908320.2022.2096158"
    )
    assert fetchable("http://a.de/x") == "http://a.de/x"


def test_is_supported_scheme() -> None:
    assert is_supported_scheme("https://a.de")
    assert is_supported_scheme("www.a.de")
    assert is_supported_scheme("doi:10.1/x")
    assert not is_supported_scheme("ftp://a.de/x")
    assert not is_supported_scheme("mailto:a@b.de")


def test_same_resource() -> None:
    assert same_resource("http://www.a.de/x/", "https://a.de/x")
    assert same_resource("www.a.de/x#frag", "https://A.DE/x")
    assert not same_resource("https://a.de/x", "https://a.de/X")
    assert not same_resource("https://a.de/x?p=1", "https://a.de/x?p=2")
    assert not same_resource("https://a.de/x", "https://b.de/x")


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("https://www.gmfus.org/", True),
        ("https://libmod.de", True),
        ("https://www.aspeninstitute.de/de/", True),
        ("https://a.de/index.html", True),
        ("https://a.de/?s=1", False),
        ("https://a.de/de/topic/politik", False),
    ],
)
def test_is_site_home(url: str, home: bool) -> None:
    assert is_site_home(url) is home


def test_host_of() -> None:
    assert host_of("https://User@Www.Example.ORG:8443/x") == "www.example.org"
    assert host_of("www.bfarm.de/x") == "www.bfarm.de"
    assert host_of("https://[::1") == ""
