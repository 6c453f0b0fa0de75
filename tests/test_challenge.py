"""Bot-wall evidence (challenge.py): vendors in headers and the raw head of a body, and the
combined judgement `is_bot_wall` (pure, no server)."""

from __future__ import annotations

import pytest

from citecheck.challenge import challenge_vendor, is_bot_wall
from citecheck.models import Fetched

URL = "https://www.example.de/themen/bericht-2024.html"


def test_just_a_moment_title_on_200_is_bot_protection():
    fetched = Fetched(
        URL, URL, 200, title_candidates=("Just a moment...",), text_excerpt="Checking your browser"
    )
    assert is_bot_wall(fetched)


def test_a_vendor_seen_where_the_page_was_read_is_a_bot_wall():
    assert is_bot_wall(Fetched(URL, URL, 200, challenge="cloudflare"))
    assert not is_bot_wall(Fetched(URL, URL, 200))


@pytest.mark.parametrize(
    ("html", "headers", "vendor"),
    [
        ("<script src='/cdn-cgi/challenge-platform/h/b/orchestrate'></script>", (), "cloudflare"),
        ("<title>Just a moment...</title>", (), "cloudflare"),
        ("<script src='https://ct.captcha-delivery.com/c.js'></script>", (), "datadome"),
        ("<div id='px-captcha'></div>", (), "perimeterx"),
        ("<p>Incapsula incident ID: 123</p>", (), "incapsula"),
        ("<p>fine</p>", (("cf-mitigated", "challenge"),), "cloudflare"),
        ("<p>fine</p>", (("X-DataDome", "protected"),), "datadome"),
        ("<p>A normal page about Cloudflare and DataDome.</p>", (), None),
    ],
)
def test_challenge_vendor(html, headers, vendor):
    assert challenge_vendor(html, headers) == vendor
