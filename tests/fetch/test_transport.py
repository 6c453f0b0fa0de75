"""The transport (fetch/transport.py) against real local servers: the headers sent, TLS, the
private-address guard on every hop, address fall-back, proxies from the environment, and
the client built lazily and once.
"""

from __future__ import annotations

import dataclasses
import ipaddress

from citecheck import __version__
from citecheck.fetch.http import HttpFetcher
from citecheck.fetch.resolve import StaticResolver
from citecheck.fetch.transport import DEFAULT_USER_AGENT
from citecheck.models import Fetched, LinkStatus, Redirect
from server import run

from ._fetching import fetch_one, verdict


def test_ok_page_has_title_text_and_honest_headers(servers, options):
    url = servers.url("a.test", "/ok")
    fetched = fetch_one(servers, options, url)
    assert verdict(fetched) == (LinkStatus.OK, None)
    assert fetched.http_status == 200
    assert fetched.final_url == url
    assert fetched.page_title == "OK page"
    assert "Alles in Ordnung" in fetched.text_excerpt
    assert fetched.content_type == "text/html"
    assert fetched.error_kind is None
    sent = servers.requests_for("/ok")[-1].headers
    assert sent["user-agent"] == DEFAULT_USER_AGENT
    assert f"citecheck/{__version__}" in sent["user-agent"]
    assert "https://github.com/citecheck/citecheck" in sent["user-agent"]
    assert sent["accept-language"].startswith("de")
    assert "en" in sent["accept-language"]
    assert "text/html" in sent["accept"]


def test_user_agent_override(servers, options):
    custom = dataclasses.replace(options, user_agent="Mozilla/5.0 (test)")
    fetch_one(servers, custom, servers.url("a.test", "/ok?ua=custom"))
    assert servers.requests_for("/ok?ua=custom")[-1].headers["user-agent"] == "Mozilla/5.0 (test)"


def test_tls_with_trusted_ca_is_ok(servers, options):
    fetched = fetch_one(servers, options, servers.tls_url("tls.test", "/ok"))
    assert verdict(fetched) == (LinkStatus.OK, None)


def test_certificate_for_another_host_is_tls_error(servers, options):
    fetched = fetch_one(servers, options, servers.tls_url("wronghost.test", "/ok"))
    assert fetched.error_kind == "tls"
    assert fetched.retried == 0
    assert verdict(fetched) == (LinkStatus.ERROR, "tls")


def test_ssl_cert_file_from_the_environment_is_trusted(servers, options, monkeypatch):
    # Without --ca-file (FetchOptions.ca_file) the CA bundle named by SSL_CERT_FILE is used.
    assert options.ca_file is not None
    monkeypatch.setenv("SSL_CERT_FILE", options.ca_file)
    from_env = dataclasses.replace(options, ca_file=None)
    fetched = fetch_one(servers, from_env, servers.tls_url("tls.test", "/ok"))
    assert verdict(fetched) == (LinkStatus.OK, None)


def test_expired_certificate_is_tls_error(servers, options):
    fetched = fetch_one(servers, options, servers.tls_url("expired.test", "/ok", expired=True))
    assert verdict(fetched) == (LinkStatus.ERROR, "tls")


def test_untrusted_ca_is_tls_error(servers, options, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    default_trust = dataclasses.replace(options, ca_file=None)
    fetched = fetch_one(servers, default_trust, servers.tls_url("tls.test", "/ok"))
    assert verdict(fetched) == (LinkStatus.ERROR, "tls")


def test_private_address_refused_by_default(servers, options):
    strict = dataclasses.replace(options, allow_private=False)
    before = len(servers.requests)
    for url in [
        servers.url("a.test", "/ok"),  # name resolving to 127.0.0.2
        servers.url("127.0.0.2", "/ok"),  # literal address
        "http://localhost/ok",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
    ]:
        fetched = fetch_one(servers, strict, url)
        assert fetched.error_kind == "private_address", url
        assert verdict(fetched) == (LinkStatus.SKIPPED, "private_address")
    assert len(servers.requests) == before


def test_private_address_refused_on_a_redirect_hop(servers, options):
    # Pretend 127.0.0.2 (a.test) is public; b.test (127.0.0.3) stays private.
    strict = dataclasses.replace(options, allow_private=False)
    public = ipaddress.ip_address("127.0.0.2")
    for target in [servers.url("b.test", "/ok"), servers.url("127.0.0.3", "/ok")]:
        url = servers.url("a.test", f"/redirect?code=302&to={target}")
        fetched = fetch_one(servers, strict, url, address_allowed=lambda ip: ip == public)
        assert fetched.redirects == (Redirect(url, 302),)
        assert verdict(fetched) == (LinkStatus.SKIPPED, "private_address")


def test_first_unreachable_address_falls_back_to_the_next(servers, options):
    # 127.0.0.9 has no server: the connection is refused, 127.0.0.2 answers.
    resolver = StaticResolver({"two.test": ["127.0.0.9", "127.0.0.2"]})

    async def go() -> Fetched:
        async with HttpFetcher(options, resolver) as fetcher:
            return await fetcher.fetch(servers.url("two.test", "/ok"))

    assert verdict(run(go())) == (LinkStatus.OK, None)


def test_http_proxy_from_environment_is_used(servers, options, monkeypatch):
    # The plain test server answers absolute-form requests, so it doubles as a proxy; the
    # name is unknown to the resolver, so only the proxy can have fetched it.
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{servers.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    fetched = fetch_one(servers, options, "http://via-proxy.test/ok?proxied=1")
    assert verdict(fetched) == (LinkStatus.OK, None)
    assert servers.requests_for("/ok?proxied=1")[-1].path.startswith("http://via-proxy.test/")


def test_no_proxy_bypasses_the_proxy(servers, options, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{servers.port}")
    monkeypatch.setenv("NO_PROXY", "direct.test")
    fetched = fetch_one(servers, options, "http://direct.test/ok")
    assert fetched.error_kind == "dns"  # resolved directly (and unknown), not proxied


def test_client_and_tls_context_are_built_lazily_and_once(servers, options, monkeypatch):
    from citecheck.fetch import transport

    built: list[str | None] = []
    real = transport.ssl_context
    monkeypatch.setattr(transport, "ssl_context", lambda ca: built.append(ca) or real(ca))

    async def go() -> list[Fetched]:
        unused = HttpFetcher(options, servers.resolver())
        await unused.aclose()  # nothing was built, nothing to close
        async with HttpFetcher(options, servers.resolver()) as fetcher:
            assert built == []  # constructing a fetcher builds neither client nor TLS context
            urls = [servers.url(host, f"/ok?lazy={host}") for host in ("a.test", "b.test")]
            first = [await fetcher.fetch(url) for url in urls]
            return [*first, await fetcher.fetch(servers.tls_url("tls.test", "/ok?lazy=tls"))]

    results = run(go())
    assert [verdict(r) for r in results] == [(LinkStatus.OK, None)] * 3
    assert built == [options.ca_file]
