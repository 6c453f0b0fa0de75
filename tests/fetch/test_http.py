"""The request state machine (fetch/http.py) against real local servers (tests/server.py):
statuses, redirects, retries, deadlines, the per-host and global limits, cancellation.
"""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import socket
import time
from urllib.parse import quote

import pytest

from citecheck.fetch.http import HttpFetcher, parse_retry_after
from citecheck.fetch.resolve import StaticResolver
from citecheck.models import LinkStatus, Redirect
from citecheck.options import FetchOptions, HostOverride
from server import run

from ._fetching import fetch_all, fetch_one, verdict


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


def test_cancellation_propagates(servers, options):
    async def go() -> None:
        async with HttpFetcher(options, servers.resolver()) as fetcher:
            task = asyncio.create_task(fetcher.fetch(servers.url("a.test", "/hang")))
            await asyncio.sleep(0.2)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    run(go())


@pytest.mark.parametrize("cookies", [{}, {"seen": "1"}])
@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/page/1?x=1", "https://www.example.org/", "http://EXAMPLE.org/ä"]
)
def test_requests_are_what_build_request_makes(url: str, cookies: dict[str, str]) -> None:
    """`HttpFetcher._request` (built directly while no cookie is kept) equals the request
    httpx's `build_request` makes: method, URL, every header in order, extensions, body."""
    from citecheck.fetch._httpx import httpx
    from citecheck.fetch.http import _parsed_url
    from citecheck.fetch.transport import timeouts

    fetcher = HttpFetcher(FetchOptions(timeout=7.5), resolver=StaticResolver({}))
    client = fetcher._client
    for name, value in cookies.items():
        client.cookies.set(name, value, domain="")
    got = fetcher._request(url, 7.5)
    expected = client.build_request("GET", _parsed_url(url), timeout=timeouts(7.5))
    assert isinstance(got, httpx.Request)
    assert (got.method, got.url, got.headers.raw) == (
        expected.method,
        expected.url,
        expected.headers.raw,
    )
    assert got.extensions == expected.extensions
    assert got.read() == expected.read() == b""
    assert (b"Cookie" in dict(got.headers.raw)) == bool(cookies)
