"""Bot-wall evidence (challenge.py): vendors in headers and the raw head of a body, and the
combined judgement `is_bot_wall` (pure, no server)."""

from __future__ import annotations

import pytest

from citecheck.challenge import (
    _CHALLENGE_MARKERS,
    HEAD_CHARS,
    MARKER_ANCHORS,
    challenge_vendor,
    is_bot_wall,
)
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


def test_every_marker_holds_an_anchor():
    # A head without any anchor is ruled out without looking for the markers themselves.
    assert all(any(a in m for a in MARKER_ANCHORS) for _vendor, m in _CHALLENGE_MARKERS)


@pytest.mark.parametrize(
    "head",
    [
        b"<SCRIPT src='/CDN-CGI/Challenge-Platform/x'>",
        b"<title>Just a moment...</title>" + b"x" * HEAD_CHARS,
        b"x" * HEAD_CHARS + b"<div id=px-captcha>",  # beyond the head: not read
        "<p>Überall px-captcha</p>".encode("latin-1"),
        "<p>\xc4rger, \u2028 Incapsula incident ID</p>".encode(),
        b"<p>captcha challenge (Cloudflare) ohne Marker</p>",
        b"<p>px-captcha und cf_chl_opt: der erste Marker der Liste gewinnt</p>",
    ],
)
def test_bytes_and_decoded_heads_give_the_same_vendor(head: bytes):
    # The fetcher hands over raw bytes; a decoded head (latin-1, as before) says the same.
    expected = challenge_vendor(head.decode("latin-1"))
    assert challenge_vendor(head) == expected
    assert challenge_vendor(head.decode("utf-8", "replace")) == expected


def test_repeated_vendor_header_names_keep_the_last_value():
    assert challenge_vendor(b"", [("CF-Mitigated", "challenge")]) == "cloudflare"
    assert challenge_vendor(b"", [("cf-mitigated", "challenge"), ("cf-mitigated", "x")]) is None
    assert challenge_vendor(b"", [("x-dd-b", "1")]) == "datadome"
