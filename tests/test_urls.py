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


# --- one identity rule (classify uses the same functions) ---------------------------------------
# urls.py and classify.py used to disagree on language prefixes, start pages, ports and schemes;
# the better side of each is tested here, both ways.


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # default ports written out, an http→https upgrade that also moves the port
        ("https://a.de:443/x", "https://a.de/x", True),
        ("http://a.de:80/x", "https://A.DE:443/x/", True),
        ("http://a.de/x", "https://a.de:8443/x", True),
        # another port under the same scheme is another server (urls.py said same)
        ("https://a.de:8443/x", "https://a.de/x", False),
        ("http://a.de:8080/x", "http://a.de:8081/x", False),
        # another scheme than http/https is another resource (urls.py said same)
        ("ftp://a.de/x", "https://a.de/x", False),
        # a trailing dot of the host does not matter (classify.py's rule)
        ("https://www.a.de./x", "https://a.de/x", True),
        # unparsable URLs raise nothing and equal only themselves (classify.py raised)
        ("https://a.de:port/x", "https://a.de/x", False),
        ("https://[::1", "https://[::1", True),
    ],
)
def test_same_resource_ports_schemes_and_hosts(a: str, b: str, same: bool) -> None:
    assert same_resource(a, b) is same
    assert same_resource(b, a) is same


@pytest.mark.parametrize(
    ("url", "home"),
    [
        # language prefixes beyond /de and /en, with regions (urls.py said no)
        ("https://a.de/fr/", True),
        ("https://a.de/en-gb/", True),
        ("https://a.de/de/index.html", True),
        ("https://a.de/it/home.php", True),
        # start pages (urls.py said no)
        ("https://a.de/homepage", True),
        ("https://www.bmwk.de/DE/Home/home_node.html", True),
        ("https://www.bmi.bund.de/DE/Startseite/startseite_node.html", True),
        # … but not deep in a site, and not a two-letter segment outside the language list
        ("https://a.de/SharedDocs/Downloads/DE/x/startseite_node.html", False),
        ("https://a.de/ok/", False),
        # a language prefix is a whole segment: "/dehome" is no home (classify.py said home)
        ("https://a.de/dehome", False),
        ("https://a.de/enstart.html", False),
        # what both said stays
        ("https://a.de/default.aspx", True),
        ("https://a.de/de/startseite", True),
        ("www.a.de/", True),
        ("https://a.de/index.html?id=3", False),
        ("https://[::1", False),
    ],
)
def test_site_home_language_prefixes_and_start_pages(url: str, home: bool) -> None:
    assert is_site_home(url) is home


def test_classify_uses_the_same_identity_rules() -> None:
    import citecheck.classify as classify

    assert classify.same_resource is same_resource
    assert classify.is_site_home is is_site_home
    assert not {"_same_resource", "_is_site_home", "_is_deep", "_bare_host", "_port"} & set(
        vars(classify)
    )
