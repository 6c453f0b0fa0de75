"""Classification of one fetch into a `LinkStatus` and a machine reason. Pure.
Imports: stdlib, models.

Everything that decides *why* a link is dead, blocked or a soft 404 lives here, in the order
`classify` applies it:

1. Transport failures (`Fetched.error_kind`) map one to one onto statuses (`_ERROR_KINDS`).
2. Bot walls win over the HTTP status: a Cloudflare challenge answers 403 or 503, and calling
   it forbidden or a server error would be wrong (reason `bot_protection`).
3. HTTP status: 404/410 dead; 401/403/451/429 blocked; 5xx error; other 4xx error.
4. A 2xx page whose title, heading or short text says it does not exist → `soft_404`
   (`not_found_text`); a deep URL redirected to the site's home page → `soft_404`
   (`homepage_redirect`).
5. Redirects: hops that only add https, a trailing slash or `www.` keep the link `ok`; any
   other hop makes it `redirect`, reason `permanent` when *every* meaningful hop is 301/308,
   else `temporary` (one temporary hop means the target may move back, so the cited URL
   should not be replaced).

`challenge_vendor` is also used by `fetch.http` on the raw HTML head, because challenge markers
sit in scripts and attributes that the visible-text excerpt drops; the fetcher records its
answer in the synthetic header `CHALLENGE_HEADER`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from citecheck.models import Fetched, LinkStatus
from citecheck.urls import is_site_home, same_resource

CHALLENGE_HEADER = "x-citecheck-challenge"
"""Synthetic response header the fetcher sets to the bot-wall vendor it recognised."""

SHORT_PAGE_WORDS = 300
"""A page with at most this many visible words counts as short: a not-found phrase in its text
is the page's message. Longer pages (articles about HTTP 404, say) need a title/h1 signal."""

# error_kind → (status, reason). Unknown kinds fall back to error/<kind>.
_ERROR_KINDS: dict[str, tuple[LinkStatus, str]] = {
    "dns": (LinkStatus.DEAD, "no_such_host"),
    "dns_failure": (LinkStatus.ERROR, "dns_failure"),
    "timeout": (LinkStatus.TIMEOUT, "timeout"),
    "refused": (LinkStatus.ERROR, "connection"),
    "reset": (LinkStatus.ERROR, "connection"),
    "protocol": (LinkStatus.ERROR, "connection"),
    "tls": (LinkStatus.ERROR, "tls"),
    "invalid_url": (LinkStatus.ERROR, "invalid_url"),
    "too_many_redirects": (LinkStatus.ERROR, "too_many_redirects"),
    "redirect_loop": (LinkStatus.ERROR, "redirect_loop"),
    "private_address": (LinkStatus.SKIPPED, "private_address"),
    "unsupported_scheme": (LinkStatus.SKIPPED, "unsupported_scheme"),
    "excluded": (LinkStatus.SKIPPED, "excluded"),
    "interrupted": (LinkStatus.SKIPPED, "interrupted"),
}

_BLOCKING_STATUSES: dict[int, str] = {
    401: "unauthorized",
    403: "forbidden",
    451: "legal",
    429: "rate_limited",
    # LinkedIn answers every non-browser client with 999 ("request denied").
    999: "bot_protection",
}

_PERMANENT = frozenset({301, 308})

# Phrases a not-found page uses for its message (German and English; see GLOSSARY.md).
# Matched case-insensitively against whitespace-normalised text.
_NOT_FOUND_PATTERNS = (
    r"(?:seite|page|datei|dokument|inhalt)\s+(?:wurde\s+|konnte\s+)?nicht\s+gefunden(?:\s+werden)?",
    r"(?:angeforderte|gewünschte|gesuchte|aufgerufene)\s+(?:seite|datei|inhalt|dokument)\s+"
    r"(?:konnte\s+nicht|wurde\s+nicht|existiert\s+nicht|ist\s+nicht|gibt\s+es\s+nicht)",
    r"(?:seite|artikel|inhalt|dokument|beitrag)\s+(?:existiert|gibt\s+es)\s+(?:leider\s+)?nicht",
    r"(?:diese|die)\s+seite\s+existiert\s+nicht(?:\s+mehr)?",
    r"(?:ist|sind)\s+(?:leider\s+)?nicht\s+mehr\s+verfügbar",
    r"inhalt\s+(?:ist\s+)?nicht\s+(?:mehr\s+)?verfügbar",
    r"(?:fehler|error)\s*(?:code\s*)?:?\s*404",
    r"404\s*[-–—:|]?\s*(?:not\s+found|nicht\s+gefunden|page\s+not\s+found)",
    r"(?:page|file|document|content)\s+(?:was\s+)?not\s+found",
    r"(?:page|file)\s+(?:could|can)\s*not\s+be\s+found",
    r"(?:page|article|content)\s+(?:you\s+requested\s+)?(?:does\s+not|doesn't|no\s+longer)\s+exists?",
    r"(?:could\s+not|couldn't|can't|cannot)\s+find\s+(?:the|that|this)\s+page",
    r"(?:page|article|content)\s+is\s+no\s+longer\s+available",
)
_NOT_FOUND = re.compile("|".join(f"(?:{p})" for p in _NOT_FOUND_PATTERNS), re.IGNORECASE)
# A title segment that is nothing but one of these is a not-found page's title.
_NOT_FOUND_TITLES = frozenset({"404", "not found", "nicht gefunden", "fehler", "error"})
# Words a not-found title may add to the phrase ("Fehler 404: Seite nicht gefunden", "Oops!
# Page not found"). Anything else — "Was bedeutet …?" — means the title is about the phrase.
_TITLE_FILLERS = frozenset(
    {"404", "410", "fehler", "error", "http", "status", "code", "oops", "ups", "hoppla", "sorry"}
    | {"leider", "die", "the", "diese", "this", "seite", "page", "wurde", "was", "not", "found"}
    | {"dieser", "der", "das", "artikel", "beitrag", "inhalt", "dokument", "article", "content"}
)
# Site names and breadcrumbs are glued to titles with these.
_TITLE_SEPARATORS = re.compile(r"\s[|–—·»:-]\s|\s*\|\s*|::|:\s")
_WORD = re.compile(r"\w+")

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


def classify(fetched: Fetched) -> tuple[LinkStatus, str | None]:
    """The status and machine reason for one fetched URL (see the module docstring)."""
    if fetched.error_kind is not None:
        return _ERROR_KINDS.get(fetched.error_kind, (LinkStatus.ERROR, fetched.error_kind))
    code = fetched.http_status
    if code is None:
        return LinkStatus.ERROR, "connection"
    if is_bot_wall(fetched):
        return LinkStatus.BLOCKED, "bot_protection"
    if code == 404:
        return LinkStatus.DEAD, "not_found"
    if code == 410:
        return LinkStatus.DEAD, "gone"
    if code in _BLOCKING_STATUSES:
        return LinkStatus.BLOCKED, _BLOCKING_STATUSES[code]
    if 500 <= code <= 599:
        return LinkStatus.ERROR, "server_error"
    if 400 <= code <= 499:
        return LinkStatus.ERROR, "client_error"
    if not 200 <= code <= 299:
        # A 3xx without Location, a 1xx or a made-up code: no usable answer.
        return LinkStatus.ERROR, "unexpected_status"
    if says_not_found(fetched):
        return LinkStatus.SOFT_404, "not_found_text"
    if fetched.redirects:
        final = fetched.final_url or fetched.url
        if (
            not is_site_home(fetched.url)
            and is_site_home(final)
            and not same_resource(fetched.url, final)
        ):
            return LinkStatus.SOFT_404, "homepage_redirect"
        meaningful = [status for status, trivial in _hops(fetched) if not trivial]
        if meaningful:
            permanent = all(status in _PERMANENT for status in meaningful)
            return LinkStatus.REDIRECT, "permanent" if permanent else "temporary"
    return LinkStatus.OK, None


def is_bot_wall(fetched: Fetched) -> bool:
    """True when the answer is a challenge page or a bot-protection refusal."""
    if fetched.header(CHALLENGE_HEADER):
        return True
    if (fetched.header("cf-mitigated") or "").lower() == "challenge":
        return True
    if fetched.http_status == 999:
        return True
    if fetched.http_status is not None and 200 <= fetched.http_status < 300:
        # On a 2xx only an unmistakable title counts: an article may quote "Just a moment".
        return any(_CHALLENGE_TEXT.fullmatch(t.strip()) for t in fetched.title_candidates)
    texts = [*fetched.title_candidates, fetched.text_excerpt[:2000]]
    return any(_CHALLENGE_TEXT.search(text) for text in texts)


def challenge_vendor(html_head: str, headers: Iterable[tuple[str, str]] = ()) -> str | None:
    """The bot-protection vendor whose challenge `html_head` (the first bytes of a page,
    decoded) or the headers show, or None. Used by the fetcher; see the module docstring."""
    lowered_headers = {name.lower(): value.lower() for name, value in headers}
    if lowered_headers.get("cf-mitigated") == "challenge":
        return "cloudflare"
    if "x-datadome" in lowered_headers or "x-dd-b" in lowered_headers:
        return "datadome"
    head = html_head[:100_000].lower()
    for vendor, marker in _CHALLENGE_MARKERS:
        if marker in head:
            return vendor
    return None


def says_not_found(fetched: Fetched) -> bool:
    """True when the page's title/h1, or the text of a short page, says it does not exist.

    A title signal must *be* the message ("Seite nicht gefunden | BMI", "404"), not merely
    contain it: "What is a 404 error? Fixing 'Page not found'" is an article's title. For the
    text, only short pages count, for the same reason.
    """
    if any(_title_says_not_found(title) for title in fetched.title_candidates):
        return True
    text = fetched.text_excerpt
    if not text or len(_WORD.findall(text[:20_000])) > SHORT_PAGE_WORDS:
        return False
    return _NOT_FOUND.search(text) is not None


def _title_says_not_found(title: str) -> bool:
    """True when one separator-delimited segment of `title` is essentially a not-found
    message: the phrase plus only filler words such as "404", "Fehler" or "Oops", and no
    question mark."""
    for segment in _TITLE_SEPARATORS.split(title):
        cleaned = " ".join(_WORD.findall(segment.casefold()))
        if not cleaned:
            continue
        if cleaned in _NOT_FOUND_TITLES:
            return True
        if _NOT_FOUND.search(segment) is None:
            continue
        rest = _NOT_FOUND.sub(" ", segment).casefold()
        if "?" not in rest and all(word in _TITLE_FILLERS for word in _WORD.findall(rest)):
            return True
    return False


def _hops(fetched: Fetched) -> list[tuple[int, bool]]:
    """(status, is_trivial) per redirect hop; a hop is trivial when source and target are the
    same resource (http→https, trailing slash, www.)."""
    targets = [hop.url for hop in fetched.redirects[1:]]
    targets.append(fetched.final_url or fetched.url)
    return [
        (hop.status, same_resource(hop.url, target))
        for hop, target in zip(fetched.redirects, targets, strict=True)
    ]
