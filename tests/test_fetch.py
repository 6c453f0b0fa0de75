"""HttpFetcher against real local servers (tests/server.py): statuses, redirects, retries,
caps, deadlines, concurrency, TLS, the resolver seam and the private-address guard.

Every URL uses a test host name that `StaticResolver` maps to 127.0.0.x; classification is
asserted through `classify` so each status/reason pair is exercised end to end.
"""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import ipaddress
import json
import socket
import time
import tracemalloc
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest

from citecheck import __version__
from citecheck.classify import classify
from citecheck.fetch.base import FetchOptions, HostOverride
from citecheck.fetch.http import DEFAULT_USER_AGENT, HttpFetcher, parse_retry_after
from citecheck.fetch.resolve import (
    NoSuchHost,
    StaticResolver,
    SystemResolver,
    is_public_address,
)
from citecheck.models import Fetched, LinkStatus, Redirect
from conftest import fixture_path
from server import TITLE_PAGE_TYPES, LocalServers, run

TITLES_MANIFEST = json.loads(
    fixture_path("pages", "titles", "manifest.json").read_text(encoding="utf-8")
)


def fetch_one(servers: LocalServers, options: FetchOptions, url: str, **kwargs: Any) -> Fetched:
    """Fetch one URL with a fresh fetcher."""

    async def go() -> Fetched:
        async with HttpFetcher(options, servers.resolver(), **kwargs) as fetcher:
            return await fetcher.fetch(url)

    return run(go())


def fetch_all(servers: LocalServers, options: FetchOptions, urls: list[str]) -> list[Fetched]:
    """Fetch URLs concurrently with one fetcher."""

    async def go() -> list[Fetched]:
        async with HttpFetcher(options, servers.resolver()) as fetcher:
            return list(await asyncio.gather(*(fetcher.fetch(u) for u in urls)))

    return run(go())


def verdict(fetched: Fetched) -> tuple[LinkStatus, str | None]:
    return classify(fetched)


# --- ok, headers, bodies ----------------------------------------------------------------------


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


@pytest.mark.parametrize("path", ["/gzip", "/deflate-raw"])
def test_compressed_bodies_are_decoded(servers, options, path):
    fetched = fetch_one(servers, options, servers.url("a.test", path))
    assert fetched.page_title == "OK page"


def test_pdf_title_from_metadata(servers, options):
    fetched = fetch_one(servers, options, servers.url("a.test", "/pdf"))
    assert fetched.content_type == "application/pdf"
    assert fetched.page_title == "Ein Bericht über Dinge"
    assert verdict(fetched) == (LinkStatus.OK, None)


TITLE_HTML_PAGES = [e["file"] for e in TITLES_MANIFEST["pages"] if e["file"].endswith(".html")]


def test_every_html_title_fixture_is_served():
    # Every HTML page of the manifest is fetched below; the directory has no page it omits.
    on_disk = sorted(p.name for p in fixture_path("pages", "titles").glob("*.html"))
    assert sorted(TITLE_HTML_PAGES) == on_disk
    assert {"citation-title.html", "dc-title.html", "og-title.html", "twitter-title.html"} <= set(
        TITLE_HTML_PAGES
    )
    assert {"h1-only.html", "title-tag.html"} <= set(TITLE_HTML_PAGES)


# page_title is the best candidate without its site affix; the raw candidates stay.
@pytest.mark.parametrize("name", TITLE_HTML_PAGES)
def test_served_title_fixtures(servers, options, name):
    # The server sends each with its manifest Content-Type (windows-1252 pages: "text/html", no
    # charset, so the <meta> declaration decides).
    fetched = fetch_one(servers, options, servers.url("a.test", f"/page/titles/{name}"))
    (entry,) = [e for e in TITLES_MANIFEST["pages"] if e["file"] == name]
    assert fetched.http_status == 200
    assert TITLE_PAGE_TYPES[f"titles/{name}"] == entry["content_type"]
    assert fetched.content_type == entry["content_type"].split(";")[0].strip()
    if name.startswith("windows-1252"):
        assert entry["content_type"] == "text/html"
    assert fetched.title_candidates == tuple(entry["candidates"])
    assert fetched.page_title == entry["title"]
    assert "\ufffd" not in fetched.text_excerpt


@pytest.mark.parametrize("name", ["with-title.pdf", "without-title.pdf", "junk-title.pdf"])
def test_served_pdf_title_with_and_without_metadata(servers, options, name):
    fetched = fetch_one(servers, options, servers.url("a.test", f"/page/pdf/{name}"))
    assert fetched.content_type == "application/pdf"
    assert fetched.page_title == "Lagebild Cybercrime 2022"
    assert "27 %" in fetched.text_excerpt


# --- dead -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "reason"), [(404, "not_found"), (410, "gone")])
def test_dead_statuses(servers, options, code, reason):
    fetched = fetch_one(servers, options, servers.url("a.test", f"/status/{code}"))
    assert fetched.http_status == code
    assert verdict(fetched) == (LinkStatus.DEAD, reason)
    assert fetched.retried == 0


def test_name_that_does_not_exist_is_dead_without_any_request(servers, options):
    before = len(servers.requests)
    fetched = fetch_one(servers, options, "http://no-such-host.test/page")
    assert fetched.error_kind == "dns"
    assert verdict(fetched) == (LinkStatus.DEAD, "no_such_host")
    assert fetched.retried == 0
    assert len(servers.requests) == before


# --- redirects --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (301, "permanent"),
        (308, "permanent"),
        (302, "temporary"),
        (303, "temporary"),
        (307, "temporary"),
    ],
)
def test_redirect_to_other_page_records_hop_and_kind(servers, options, code, reason):
    url = servers.url("a.test", f"/redirect?code={code}&to=/page/article.html")
    fetched = fetch_one(servers, options, url)
    assert fetched.redirects == (Redirect(url, code),)
    assert fetched.final_url == servers.url("a.test", "/page/article.html")  # relative resolved
    assert fetched.page_title == "Lagebericht zur Wirtschaftssicherheit 2024"
    assert verdict(fetched) == (LinkStatus.REDIRECT, reason)


def test_redirect_chain_records_every_hop(servers, options):
    fetched = fetch_one(servers, options, servers.url("a.test", "/chain/3"))
    assert [hop.status for hop in fetched.redirects] == [302, 302, 302]
    assert [hop.url for hop in fetched.redirects] == [
        servers.url("a.test", f"/chain/{n}") for n in (3, 2, 1)
    ]
    assert fetched.final_url == servers.url("a.test", "/ok")


@pytest.mark.parametrize(
    ("url", "final"),
    [
        ("http://tls.test:{port}/secure/x", "https://tls.test:{tls}/secure/x"),
        ("http://a.test:{port}/www/x", "http://www.a.test:{port}/www/x"),
        ("http://a.test:{port}/slash/x", "http://a.test:{port}/slash/x/"),
    ],
)
def test_https_www_and_slash_hops_count_as_ok(servers, options, url, final):
    url = url.format(port=servers.port, tls=servers.tls_port)
    fetched = fetch_one(servers, options, url)
    assert fetched.final_url == final.format(port=servers.port, tls=servers.tls_port)
    assert len(fetched.redirects) == 1
    assert fetched.redirects[0].url == url
    assert verdict(fetched) == (LinkStatus.OK, None)


def test_deep_url_redirected_to_home_is_soft_404(servers, options):
    url = servers.url("a.test", "/redirect?code=301&to=/")
    fetched = fetch_one(servers, options, url)
    assert fetched.final_url == servers.url("a.test", "/")
    assert verdict(fetched) == (LinkStatus.SOFT_404, "homepage_redirect")


def test_redirect_loop_is_detected(servers, options):
    fetched = fetch_one(servers, options, servers.url("a.test", "/loop/a"))
    assert fetched.error_kind == "redirect_loop"
    assert [hop.url for hop in fetched.redirects] == [
        servers.url("a.test", "/loop/a"),
        servers.url("a.test", "/loop/b"),
    ]
    assert verdict(fetched) == (LinkStatus.ERROR, "redirect_loop")


def test_too_many_redirects(servers, options):
    assert fetch_one(servers, options, servers.url("a.test", "/chain/10")).http_status == 200
    fetched = fetch_one(servers, options, servers.url("a.test", "/chain/11"))
    assert fetched.error_kind == "too_many_redirects"
    assert len(fetched.redirects) == 11
    assert verdict(fetched) == (LinkStatus.ERROR, "too_many_redirects")


def test_redirect_to_unsupported_scheme_is_skipped(servers, options):
    fetched = fetch_one(servers, options, servers.url("a.test", "/redirect?to=mailto:a@b.test"))
    assert len(fetched.redirects) == 1
    assert verdict(fetched) == (LinkStatus.SKIPPED, "unsupported_scheme")


# --- soft 404 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["soft404-de.html", "soft404-en.html", "soft404-body-only.html", "seed/not-found.html"]
)
def test_not_found_pages_served_with_200_are_soft_404(servers, options, page):
    fetched = fetch_one(servers, options, servers.url("a.test", f"/page/{page}"))
    assert fetched.http_status == 200
    assert verdict(fetched) == (LinkStatus.SOFT_404, "not_found_text")


def test_article_about_404_errors_is_not_a_soft_404(servers, options):
    fetched = fetch_one(servers, options, servers.url("a.test", "/page/article-about-404.html"))
    assert "Seite nicht gefunden" in (fetched.page_title or "")
    assert "Page not found" in fetched.text_excerpt
    assert verdict(fetched) == (LinkStatus.OK, None)


# --- blocked ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "reason"), [(401, "unauthorized"), (403, "forbidden"), (451, "legal")]
)
def test_refusals_are_blocked_not_dead(servers, options, code, reason):
    fetched = fetch_one(servers, options, servers.url("a.test", f"/status/{code}"))
    assert verdict(fetched) == (LinkStatus.BLOCKED, reason)
    assert fetched.retried == 0


def test_429_that_stays_429_is_rate_limited(servers, options):
    fetched = fetch_one(servers, options, servers.url("a.test", "/retry?key=rl&fail=99&code=429"))
    assert fetched.http_status == 429
    assert fetched.retried == options.retries
    assert verdict(fetched) == (LinkStatus.BLOCKED, "rate_limited")


@pytest.mark.parametrize(
    "path",
    [
        "/page/cloudflare-challenge.html?status=403&h=server:cloudflare",
        "/page/cloudflare-challenge.html?status=503&h=server:cloudflare",
        "/page/article.html?status=403&h=cf-mitigated:challenge",
        "/page/akamai-denied.html?status=403&h=server:AkamaiGHost",
        "/page/datadome.html?status=403",
        "/status/999",
    ],
)
def test_bot_walls_are_blocked(servers, options, path):
    fetched = fetch_one(servers, options, servers.url("a.test", path))
    assert verdict(fetched) == (LinkStatus.BLOCKED, "bot_protection")


# --- errors and retries -----------------------------------------------------------------------


def test_server_error_is_retried_then_error(servers, options):
    fetched = fetch_one(servers, options, servers.url("a.test", "/status/500"))
    assert fetched.retried == options.retries
    assert len(servers.requests_for("/status/500")) >= options.retries + 1
    assert verdict(fetched) == (LinkStatus.ERROR, "server_error")


@pytest.mark.parametrize("code", [500, 502, 503, 504, 429])
def test_transient_status_then_success_is_ok(servers, options, code):
    key = f"transient-{code}"
    fetched = fetch_one(
        servers, options, servers.url("a.test", f"/retry?key={key}&fail=1&code={code}")
    )
    assert fetched.retried == 1
    assert verdict(fetched) == (LinkStatus.OK, None)


def test_retry_after_seconds_is_honoured(servers, options):
    started = time.monotonic()
    url = servers.url("a.test", "/retry?key=ra-seconds&fail=1&code=503&after=1")
    fetched = fetch_one(servers, options, url)
    assert time.monotonic() - started >= 1.0
    assert fetched.retried == 1
    assert verdict(fetched) == (LinkStatus.OK, None)


def test_retry_after_http_date_is_honoured(servers, options):
    # Retry-After as an HTTP-date two seconds ahead (whole seconds: at least one second's wait).
    patient = dataclasses.replace(options, timeout=6.0, max_retry_after=3.0)
    when = email.utils.formatdate(time.time() + 2, usegmt=True)
    started = time.monotonic()
    url = servers.url("a.test", f"/retry?key=ra-date&fail=1&code=503&after={quote(when)}")
    fetched = fetch_one(servers, patient, url)
    assert time.monotonic() - started >= 0.9
    assert fetched.retried == 1
    assert verdict(fetched) == (LinkStatus.OK, None)


def test_retry_after_beyond_cap_is_not_waited_for(servers, options):
    started = time.monotonic()
    url = servers.url("a.test", "/retry?key=ra-long&fail=1&code=429&after=3600")
    fetched = fetch_one(servers, options, url)
    assert time.monotonic() - started < 0.8
    assert fetched.retried == 0
    assert verdict(fetched) == (LinkStatus.BLOCKED, "rate_limited")


def test_retry_after_longer_than_the_deadline_left_is_not_waited_for(servers, options):
    short = dataclasses.replace(options, timeout=1.0, max_retry_after=5.0)
    started = time.monotonic()
    url = servers.url("a.test", "/retry?key=ra-deadline&fail=1&code=503&after=3")
    fetched = fetch_one(servers, short, url)
    assert time.monotonic() - started < 0.8
    assert verdict(fetched) == (LinkStatus.ERROR, "server_error")


def test_parse_retry_after():
    now = 1_700_000_000.0
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after(" 0 ") == 0.0
    date = email.utils.formatdate(now + 42, usegmt=True)
    assert parse_retry_after(date, now=now) == pytest.approx(42.0)
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-3") is None


def test_connection_reset_is_retried(servers, options):
    fetched = fetch_one(servers, options, servers.url("a.test", "/reset?key=reset-once&fail=1"))
    assert fetched.retried == 1
    assert verdict(fetched) == (LinkStatus.OK, None)


def test_connection_reset_every_time_is_connection_error(servers, options):
    fetched = fetch_one(servers, options, servers.url("a.test", "/reset?key=reset-always&fail=99"))
    assert fetched.error_kind == "reset"
    assert verdict(fetched) == (LinkStatus.ERROR, "connection")


def test_refused_connection_is_connection_error(servers, options):
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.2", 0))
        port = probe.getsockname()[1]
    fetched = fetch_one(servers, options, f"http://a.test:{port}/")
    assert fetched.error_kind == "refused"
    assert fetched.retried == options.retries
    assert verdict(fetched) == (LinkStatus.ERROR, "connection")


@pytest.mark.parametrize("url", ["http://[::1/x", "http:///nohost", "http://exa mple.test/"])
def test_malformed_urls(servers, options, url):
    assert verdict(fetch_one(servers, options, url)) == (LinkStatus.ERROR, "invalid_url")


@pytest.mark.parametrize("url", ["mailto:someone@example.test", "ftp://example.test/file"])
def test_unsupported_schemes_are_skipped(servers, options, url):
    assert verdict(fetch_one(servers, options, url)) == (LinkStatus.SKIPPED, "unsupported_scheme")


# --- TLS --------------------------------------------------------------------------------------


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


# --- deadlines and limits ---------------------------------------------------------------------


def test_server_that_never_answers_times_out_while_others_finish(servers, options):
    quick = dataclasses.replace(options, timeout=1.0)
    urls = [servers.url("a.test", "/hang")] + [
        servers.url(host, f"/slow?delay=0.05&n={i}")
        for i, host in enumerate(["b.test", "c.test", "d.test"] * 2)
    ]
    started = time.monotonic()
    results = fetch_all(servers, quick, urls)
    wall = time.monotonic() - started
    assert verdict(results[0]) == (LinkStatus.TIMEOUT, "timeout")
    assert 900 <= results[0].elapsed_ms <= 1500
    assert all(verdict(r) == (LinkStatus.OK, None) for r in results[1:])
    assert all(r.elapsed_ms < 800 for r in results[1:])
    assert wall < 1.6


def test_slow_body_hits_the_deadline(servers, options):
    quick = dataclasses.replace(options, timeout=0.5)
    fetched = fetch_one(servers, quick, servers.url("a.test", "/slow?delay=2"))
    assert fetched.error_kind == "timeout"
    assert fetched.elapsed_ms < 1000


def test_per_host_limit_is_respected_at_the_server(servers, options):
    limited = dataclasses.replace(options, per_host=3)
    urls = [servers.url("b.test", f"/slow?delay=0.15&group=per-host&p={i}") for i in range(12)]
    # A second host in the same run gets its own slots.
    urls += [servers.url("c.test", f"/slow?delay=0.15&group=per-host-c&p={i}") for i in range(6)]
    results = fetch_all(servers, limited, urls)
    assert all(r.http_status == 200 for r in results)
    assert servers.max_in_flight("group:per-host") == 3
    assert servers.max_in_flight("group:per-host-c") == 3


def test_host_override_serialises_one_host_while_another_gets_the_global_limit(servers, options):
    # per_host 4 for everyone, but b.test (spelt in capitals: names match case-insensitively)
    # gets one request at a time.
    limited = dataclasses.replace(options, per_host=4, hosts=(HostOverride("B.TEST.", per_host=1),))
    urls = [servers.url("b.test", f"/slow?delay=0.1&group=override-b&p={i}") for i in range(4)]
    urls += [servers.url("c.test", f"/slow?delay=0.15&group=override-c&p={i}") for i in range(8)]
    started = time.monotonic()
    results = fetch_all(servers, limited, urls)
    assert all(r.http_status == 200 for r in results)
    assert servers.max_in_flight("group:override-b") == 1
    assert servers.max_in_flight("group:override-c") == 4
    assert time.monotonic() - started >= 0.4  # four 0.1 s requests, one after the other


def test_wildcard_override_matches_subdomains_not_the_domain(servers, options):
    limited = dataclasses.replace(options, per_host=3, hosts=(HostOverride("*.a.test", 1),))
    urls = [servers.url("www.a.test", f"/slow?delay=0.1&group=wild-www&p={i}") for i in range(3)]
    urls += [servers.url("a.test", f"/slow?delay=0.1&group=wild-bare&p={i}") for i in range(3)]
    fetch_all(servers, limited, urls)
    assert servers.max_in_flight("group:wild-www") == 1
    assert servers.max_in_flight("group:wild-bare") == 3


def test_host_override_timeout_is_that_hosts_deadline(servers, options):
    # A shorter deadline for b.test, a longer one than the global for c.test.
    opts = dataclasses.replace(
        options,
        timeout=0.6,
        hosts=(HostOverride("b.test", timeout=0.3), HostOverride("c.test", timeout=3.0)),
    )
    short, long_, default = fetch_all(
        servers,
        opts,
        [
            servers.url("b.test", "/slow?delay=0.45&t=short"),
            servers.url("c.test", "/slow?delay=0.9&t=long"),
            servers.url("d.test", "/slow?delay=0.9&t=default"),
        ],
    )
    assert short.error_kind == "timeout" and short.elapsed_ms < 450
    assert verdict(long_) == (LinkStatus.OK, None)  # beyond the global 0.6 s, within its 3 s
    assert default.error_kind == "timeout"


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


def test_global_limit_is_respected(servers, options):
    limited = dataclasses.replace(options, per_host=8, max_concurrency=2)
    urls = [servers.url("c.test", f"/slow?delay=0.1&group=global&g={i}") for i in range(6)]
    fetch_all(servers, limited, urls)
    assert servers.max_in_flight("group:global") == 2


def test_queueing_does_not_count_against_the_deadline(servers, options):
    # 5 URLs of 0.3 s each through one slot take 1.5 s, more than the 1 s deadline per URL.
    serial = dataclasses.replace(options, per_host=1, timeout=1.0)
    urls = [servers.url("d.test", f"/slow?delay=0.3&q={i}") for i in range(5)]
    results = fetch_all(servers, serial, urls)
    assert all(verdict(r) == (LinkStatus.OK, None) for r in results)


def _peak_memory(call: Callable[[], Fetched]) -> tuple[Fetched, int]:
    tracemalloc.start()
    try:
        result = call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def test_body_cap_under_a_100_mb_response(servers, options):
    capped = dataclasses.replace(options, max_body_bytes=1_000_000)
    started = time.monotonic()
    fetched, peak = _peak_memory(lambda: fetch_one(servers, capped, servers.url("a.test", "/big")))
    assert time.monotonic() - started < 3
    assert fetched.http_status == 200
    assert 900_000 <= len(fetched.text_excerpt) <= 1_000_000
    assert peak < 40_000_000


def test_gzip_bomb_stays_within_cap(servers, options):
    capped = dataclasses.replace(options, max_body_bytes=1_000_000)
    started = time.monotonic()
    fetched, peak = _peak_memory(
        lambda: fetch_one(servers, capped, servers.url("a.test", "/gzip-bomb"))
    )
    assert time.monotonic() - started < 3
    assert fetched.http_status == 200
    assert peak < 30_000_000


def test_endless_chunked_stream_stays_within_cap(servers, options):
    capped = dataclasses.replace(options, max_body_bytes=500_000)
    started = time.monotonic()
    fetched = fetch_one(servers, capped, servers.url("a.test", "/endless"))
    assert time.monotonic() - started < 3
    assert 0 < len(fetched.text_excerpt) <= 500_000


def test_cancellation_propagates(servers, options):
    async def go() -> None:
        async with HttpFetcher(options, servers.resolver()) as fetcher:
            task = asyncio.create_task(fetcher.fetch(servers.url("a.test", "/hang")))
            await asyncio.sleep(0.2)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    run(go())


# --- private addresses ------------------------------------------------------------------------


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


def test_first_unreachable_address_falls_back_to_the_next(servers, options):
    # 127.0.0.9 has no server: the connection is refused, 127.0.0.2 answers.
    resolver = StaticResolver({"two.test": ["127.0.0.9", "127.0.0.2"]})

    async def go() -> Fetched:
        async with HttpFetcher(options, resolver) as fetcher:
            return await fetcher.fetch(servers.url("two.test", "/ok"))

    assert verdict(run(go())) == (LinkStatus.OK, None)


# --- environment ------------------------------------------------------------------------------


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
