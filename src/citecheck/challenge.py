"""Bot-wall evidence: the vendor markers, headers and texts that show a challenge page rather
than the page asked for. Pure (stdlib only); the fetcher and classification both read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from citecheck.lazy_patterns import lazy_pattern

if TYPE_CHECKING:
    from citecheck.models import Fetched

HEAD_CHARS = 100_000
"""How much of the start of a body is searched for vendor markers."""
VENDOR_HEADERS = ("cf-mitigated", "x-datadome", "x-dd-b")
"""The response headers `challenge_vendor` reads."""

# Bot walls recognised in the raw HTML head (vendor, marker), case-insensitive substrings.
_CHALLENGE_MARKERS: tuple[tuple[str, bytes], ...] = (
    ("cloudflare", b"cf-browser-verification"),
    ("cloudflare", b"/cdn-cgi/challenge-platform/"),
    ("cloudflare", b"cf_chl_opt"),
    ("cloudflare", b"attention required! | cloudflare"),
    ("cloudflare", b"<title>just a moment...</title>"),
    ("datadome", b"captcha-delivery.com"),
    ("datadome", b"geo.captcha-delivery"),
    ("akamai", b"errors.edgesuite.net"),
    ("akamai", b"/_sec/cp_challenge/"),
    ("perimeterx", b"px-captcha"),
    ("incapsula", b"_incapsula_resource"),
    ("incapsula", b"incapsula incident id"),
    ("sucuri", b"sucuri website firewall"),
    ("aws-waf", b"awswafintegration"),
)
# Fewer, shorter substrings, one of which every marker contains (a test checks): a head
# without any of them (nearly every page) needs no look at the markers themselves.
MARKER_ANCHORS = (
    b"captcha",
    b"challenge",
    b"cloudflare",
    b"incapsula",
    b"cf-browser-verification",
    b"cf_chl_opt",
    b"just a moment...",
    b"edgesuite",
    b"sucuri",
    b"awswafintegration",
)
# Visible-text markers (the excerpt and titles are all a cached result keeps), compiled at the
# first answer's classification: `models` imports this module before the first request.
_CHALLENGE_TEXT = lazy_pattern(
    r"just a moment\.\.\.|checking your browser before accessing|checking if the site connection"
    r"|verify(?:ing)? you are (?:a )?human|enable javascript and cookies to continue"
    r"|please enable js and disable any ad blocker|you don't have permission to access .{0,80}"
    r"on this server\.?\s*reference\s*#|request unsuccessful\. incapsula"
    r"|pardon our interruption|attention required! \| cloudflare",
    re.IGNORECASE,
)


def challenge_vendor(html_head: bytes | str, headers: Iterable[tuple[str, str]] = ()) -> str | None:
    """The bot-protection vendor whose challenge the response shows, or None.

    Read where the page is read, on the raw head of the body (`html_head`: its first
    `HEAD_CHARS` bytes, or characters of a decoded one) and the response headers, because
    the markers sit in scripts and attributes that the visible-text excerpt drops:
    `cf-mitigated: challenge` is Cloudflare, an `x-datadome` / `x-dd-b` header DataDome
    (a header given twice: its last value here; httpx joins repeated headers into one
    value); otherwise the first vendor marker, in the order
    of `_CHALLENGE_MARKERS`, found in the head (Cloudflare, DataDome, Akamai, PerimeterX,
    Incapsula, Sucuri, AWS WAF). The markers are ASCII, so the bytes, lower-cased as ASCII,
    are searched as they are; `MARKER_ANCHORS` rules out nearly every page in a few scans.
    """
    lowered_headers = {name.lower(): value.lower() for name, value in headers}
    if lowered_headers.get("cf-mitigated") == "challenge":
        return "cloudflare"
    if "x-datadome" in lowered_headers or "x-dd-b" in lowered_headers:
        return "datadome"
    if isinstance(html_head, str):
        head = html_head[:HEAD_CHARS].lower().encode("utf-8", "surrogatepass")
    else:
        head = html_head[:HEAD_CHARS].lower()
    for anchor in MARKER_ANCHORS:
        if anchor in head:
            break
    else:
        return None
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
    challenge_text = _CHALLENGE_TEXT()
    if fetched.http_status is not None and 200 <= fetched.http_status < 300:
        return any(challenge_text.fullmatch(t.strip()) for t in fetched.title_candidates)
    texts = [*fetched.title_candidates, fetched.text_excerpt[:2000]]
    return any(challenge_text.search(text) for text in texts)
