"""Bot-wall evidence: the vendor markers, headers and texts that show a challenge page rather
than the page asked for. Pure (stdlib only); the fetcher and classification both read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from citecheck.models import Fetched

HEAD_CHARS = 100_000
"""How much of the start of a body is searched for vendor markers."""

# Bot walls recognised in the raw HTML head (vendor, marker), case-insensitive substrings.
_CHALLENGE_MARKERS: tuple[tuple[str, str], ...] = (
    ("cloudflare", "cf-browser-verification"),
    ("cloudflare", "/cdn-cgi/challenge-platform/"),
    ("cloudflare", "cf_chl_opt"),
    ("cloudflare", "attention required! | cloudflare"),
    ("cloudflare", "<title>just a moment...</title>"),
    ("datadome", "captcha-delivery.com"),
    ("datadome", "geo.captcha-delivery"),
    ("akamai", "errors.edgesuite.net"),
    ("akamai", "/_sec/cp_challenge/"),
    ("perimeterx", "px-captcha"),
    ("incapsula", "_incapsula_resource"),
    ("incapsula", "incapsula incident id"),
    ("sucuri", "sucuri website firewall"),
    ("aws-waf", "awswafintegration"),
)
# Visible-text markers (the excerpt and titles are all a cached result keeps).
_CHALLENGE_TEXT = re.compile(
    r"just a moment\.\.\.|checking your browser before accessing|checking if the site connection"
    r"|verify(?:ing)? you are (?:a )?human|enable javascript and cookies to continue"
    r"|please enable js and disable any ad blocker|you don't have permission to access .{0,80}"
    r"on this server\.?\s*reference\s*#|request unsuccessful\. incapsula"
    r"|pardon our interruption|attention required! \| cloudflare",
    re.IGNORECASE,
)


def challenge_vendor(html_head: str, headers: Iterable[tuple[str, str]] = ()) -> str | None:
    """The bot-protection vendor whose challenge the response shows, or None.

    Read where the page is read, on the raw head of the body (`html_head`, the first
    `HEAD_CHARS` decoded) and every response header, because the markers sit in scripts and
    attributes that the visible-text excerpt drops: `cf-mitigated: challenge` is Cloudflare,
    an `x-datadome` / `x-dd-b` header DataDome; otherwise the first vendor marker found in
    the head (Cloudflare, DataDome, Akamai, PerimeterX, Incapsula, Sucuri, AWS WAF).
    """
    lowered_headers = {name.lower(): value.lower() for name, value in headers}
    if lowered_headers.get("cf-mitigated") == "challenge":
        return "cloudflare"
    if "x-datadome" in lowered_headers or "x-dd-b" in lowered_headers:
        return "datadome"
    head = html_head[:HEAD_CHARS].lower()
    for vendor, marker in _CHALLENGE_MARKERS:
        if marker in head:
            return vendor
    return None


def is_bot_wall(fetched: Fetched) -> bool:
    """True when the answer is a challenge page or a bot-protection refusal.

    Evidence, in order: a vendor recognised when the page was read (`Fetched.challenge`), a
    recorded `cf-mitigated: challenge` header, HTTP 999 (LinkedIn's refusal of every
    non-browser client), or a challenge text. On a 2xx only an unmistakable title counts (an
    article may quote "Just a moment"); on other statuses a title or the start of the text.
    """
    if fetched.challenge:
        return True
    if (fetched.header("cf-mitigated") or "").lower() == "challenge":
        return True
    if fetched.http_status == 999:
        return True
    if fetched.http_status is not None and 200 <= fetched.http_status < 300:
        return any(_CHALLENGE_TEXT.fullmatch(t.strip()) for t in fetched.title_candidates)
    texts = [*fetched.title_candidates, fetched.text_excerpt[:2000]]
    return any(_CHALLENGE_TEXT.search(text) for text in texts)
