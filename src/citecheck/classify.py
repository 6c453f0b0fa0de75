"""Classification of one fetch into a `LinkStatus` and a machine `Reason`: where dead, blocked,
soft-404 and redirect verdicts are decided. Pure (stdlib, models, challenge, titles).
"""

from __future__ import annotations

import re

from citecheck.challenge import is_bot_wall
from citecheck.models import ErrorKind, Fetched, LinkStatus, Reason
from citecheck.titles.affixes import case_key
from citecheck.urls import is_site_home, same_resource

SHORT_PAGE_WORDS = 300
"""A page with at most this many visible words counts as short: a not-found phrase in its text
is the page's message. Longer pages (articles about HTTP 404, say) need a title/h1 signal."""

ERROR_KINDS: dict[ErrorKind, tuple[LinkStatus, Reason]] = {
    ErrorKind.DNS: (LinkStatus.DEAD, Reason.NO_SUCH_HOST),
    ErrorKind.DNS_FAILURE: (LinkStatus.ERROR, Reason.DNS_FAILURE),
    ErrorKind.TIMEOUT: (LinkStatus.TIMEOUT, Reason.TIMEOUT),
    ErrorKind.REFUSED: (LinkStatus.ERROR, Reason.CONNECTION),
    ErrorKind.RESET: (LinkStatus.ERROR, Reason.CONNECTION),
    ErrorKind.TRUNCATED: (LinkStatus.ERROR, Reason.RESET),
    ErrorKind.PROTOCOL: (LinkStatus.ERROR, Reason.CONNECTION),
    ErrorKind.TLS: (LinkStatus.ERROR, Reason.TLS),
    ErrorKind.INVALID_URL: (LinkStatus.ERROR, Reason.INVALID_URL),
    ErrorKind.TOO_MANY_REDIRECTS: (LinkStatus.ERROR, Reason.TOO_MANY_REDIRECTS),
    ErrorKind.REDIRECT_LOOP: (LinkStatus.ERROR, Reason.REDIRECT_LOOP),
    ErrorKind.PRIVATE_ADDRESS: (LinkStatus.SKIPPED, Reason.PRIVATE_ADDRESS),
    ErrorKind.UNSUPPORTED_SCHEME: (LinkStatus.SKIPPED, Reason.UNSUPPORTED_SCHEME),
    ErrorKind.INTERNAL: (LinkStatus.ERROR, Reason.INTERNAL_ERROR),
}
"""Transport failure → (status, reason); complete over `ErrorKind` (a test checks it)."""

_BLOCKING_STATUSES: dict[int, Reason] = {
    401: Reason.UNAUTHORIZED,
    403: Reason.FORBIDDEN,
    451: Reason.LEGAL,
    429: Reason.RATE_LIMITED,
    # LinkedIn answers every non-browser client with 999 ("request denied").
    999: Reason.BOT_PROTECTION,
}

_PERMANENT = frozenset({301, 308})

# Phrases a not-found page uses for its message (German and English).
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
# Every match of `_NOT_FOUND` contains one of these words (each of its phrases has "nicht",
# "404", "not", "exist", "find" or "available"), and every `_NOT_FOUND_TITLES` entry "404",
# "not", "nicht", "fehler" or "error": a title without any of them says nothing of the kind,
# and is let go after one cheap search instead of a split and the long pattern per segment.
_MAY_SAY_NOT_FOUND = re.compile(r"nicht|404|not|exist|find|available|fehler|error", re.IGNORECASE)
# Its words, looked for in a title's case key (`titles.affixes.case_key`): one lower-casing
# and a few substring tests instead of the pattern's walk through the title (same answer: a
# test checks them against `_MAY_SAY_NOT_FOUND`).
_MAY_SAY_WORDS = ("nicht", "404", "not", "exist", "find", "available", "fehler", "error")
# Site names and breadcrumbs are glued to titles with these.
_TITLE_SEPARATORS = re.compile(r"\s[|–—·»:-]\s|\s*\|\s*|::|:\s")
_WORD = re.compile(r"\w+")
# More than SHORT_PAGE_WORDS runs of word characters, each taken whole (possessive: never split
# to make up the count), in the first `_WORDS_COUNTED_IN` characters.
_LONGER_THAN_SHORT = re.compile(rf"\W*+(?:\w++\W*+){{{SHORT_PAGE_WORDS + 1}}}")
_WORDS_COUNTED_IN = 20_000
# The Latin-1 characters as `\w` sees them: a word character is kept, any other becomes a
# space (a test checks all 256 against the pattern's `\w`).
_LATIN1_START = 4_096  # characters counted as bytes first: ~500 words of running text
_LATIN1_WORDS = bytes(c if chr(c).isalnum() or chr(c) == "_" else 0x20 for c in range(256))


def classify(fetched: Fetched) -> tuple[LinkStatus, Reason | None]:
    """The status and machine reason for one fetched URL, by the first rule that applies:

    1. A transport failure (`Fetched.error_kind`) maps one to one onto a status (`ERROR_KINDS`).
    2. A bot wall (`challenge.is_bot_wall`) wins over the HTTP status: a Cloudflare challenge
       answers 403 or 503, and calling it forbidden or a server error would be wrong.
    3. The HTTP status: 404/410 dead; 401/403/451/429/999 blocked; 5xx and other 4xx error.
    4. A 2xx page whose title, heading or short text says it does not exist → `soft_404`
       (`not_found_text`); a deep URL redirected to the site's home page → `soft_404`
       (`homepage_redirect`).
    5. Redirects: hops that only add https, a trailing slash or `www.` keep the link `ok`; any
       other hop makes it `redirect`, reason `permanent` when *every* meaningful hop is
       301/308, else `temporary` (the target may move back, so the cited URL should stay).
    """
    if fetched.error_kind is not None:
        return ERROR_KINDS[fetched.error_kind]
    code = fetched.http_status
    if code is None:
        return LinkStatus.ERROR, Reason.CONNECTION
    if is_bot_wall(fetched):
        return LinkStatus.BLOCKED, Reason.BOT_PROTECTION
    if not 200 <= code <= 299:
        return _by_status(code)
    if says_not_found(fetched):
        return LinkStatus.SOFT_404, Reason.NOT_FOUND_TEXT
    if fetched.redirects:
        final = fetched.final_url or fetched.url
        if (
            not is_site_home(fetched.url)
            and is_site_home(final)
            and not same_resource(fetched.url, final)
        ):
            return LinkStatus.SOFT_404, Reason.HOMEPAGE_REDIRECT
        meaningful = [status for status, trivial in _hops(fetched) if not trivial]
        if meaningful:
            permanent = all(status in _PERMANENT for status in meaningful)
            return LinkStatus.REDIRECT, Reason.PERMANENT if permanent else Reason.TEMPORARY
    return LinkStatus.OK, None


def _by_status(code: int) -> tuple[LinkStatus, Reason]:
    """The verdict of a non-2xx answer that is no bot wall."""
    if code == 404:
        return LinkStatus.DEAD, Reason.NOT_FOUND
    if code == 410:
        return LinkStatus.DEAD, Reason.GONE
    if code in _BLOCKING_STATUSES:
        return LinkStatus.BLOCKED, _BLOCKING_STATUSES[code]
    if 500 <= code <= 599:
        return LinkStatus.ERROR, Reason.SERVER_ERROR
    if 400 <= code <= 499:
        return LinkStatus.ERROR, Reason.CLIENT_ERROR
    # A 3xx without Location, a 1xx or a made-up code: no usable answer.
    return LinkStatus.ERROR, Reason.UNEXPECTED_STATUS


def says_not_found(fetched: Fetched) -> bool:
    """True when the page's title/h1, or the text of a short page, says it does not exist.

    A title signal must *be* the message ("Seite nicht gefunden | BMI", "404"), not merely
    contain it: "What is a 404 error? Fixing 'Page not found'" is an article's title. For the
    text, only short pages count, for the same reason.
    """
    if any(_title_says_not_found(title) for title in fetched.title_candidates):
        return True
    text = fetched.text_excerpt
    if not text or longer_than_short(text):
        return False
    return _NOT_FOUND.search(text) is not None


def longer_than_short(text: str) -> bool:
    """More than `SHORT_PAGE_WORDS` words (runs of word characters, `\\w`) in the first
    `_WORDS_COUNTED_IN` characters of `text`?

    `_LONGER_THAN_SHORT` walks the words one by one. First the start of the text is counted
    as Latin-1 bytes: word characters kept, the rest made spaces, split at most
    `SHORT_PAGE_WORDS` times. A character beyond Latin-1 is left out there, which can join two
    words or drop one but never makes one: enough words there are enough words in the text
    (a word cut at the start's end is one too). Too few, and the pattern decides, unless the
    start was the whole text and nothing was left out (a test checks both ways agree)."""
    start = text[:_LATIN1_START]
    latin1 = start.encode("latin-1", "ignore")
    words = latin1.translate(_LATIN1_WORDS).split(None, SHORT_PAGE_WORDS)
    if len(words) > SHORT_PAGE_WORDS:
        return True
    if len(start) == len(text) == len(latin1):
        return False
    return _LONGER_THAN_SHORT.match(text, 0, _WORDS_COUNTED_IN) is not None


def _title_says_not_found(title: str) -> bool:
    """True when one separator-delimited segment of `title` is essentially a not-found
    message: the phrase plus only filler words such as "404", "Fehler" or "Oops", and no
    question mark."""
    keyed = case_key(title)
    if not any(word in keyed for word in _MAY_SAY_WORDS):
        return False
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
