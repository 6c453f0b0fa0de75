"""Pure URL rules: the identity of a URL and the form that is fetched.

What lives here (no I/O, no httpx; imports: stdlib only). Finding URLs in prose is
`citecheck.parse.url_finder`'s.

Comparing (`fetchable`, `is_supported_scheme`, `same_resource`, `is_site_home`, `host_of`):
see each function.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from citecheck.lazy_patterns import lazy_pattern


def fetchable(url: str) -> str:
    """The URL to request: "https://" added to scheme-less "www." URLs, DOIs via doi.org.

    "doi:10.1000/xyz" becomes "https://doi.org/10.1000/xyz"; anything else is returned as is.
    """
    stripped = url.strip()
    lowered = stripped.lower()
    if lowered.startswith("doi:"):
        return "https://doi.org/" + stripped[4:].lstrip("/")
    if lowered.startswith("www.") or (
        "://" not in stripped and not lowered.startswith(("mailto:", "ftp:"))
    ):
        return "https://" + stripped
    return stripped


def is_supported_scheme(url: str) -> bool:
    """True when citecheck can fetch the URL: http or https after `fetchable` (a malformed
    http(s) URL included: `url_defect` says what is wrong with it)."""
    return fetchable(url).lower().startswith(("http://", "https://"))


_LABEL = lazy_pattern(r"[a-z0-9_-]+")


def url_defect(url: str) -> str | None:
    """Why the http(s) URL `url` (after `fetchable`) cannot be requested, as a readable
    phrase, or None when it is well-formed. The malformed-URL rules:

    * it must split into parts (a stray ``[`` makes an "invalid IPv6 URL");
    * it has a host name;
    * a port is a number from 1 to 65535 (``example.org:99999`` is not);
    * a host name has at most 253 characters, no empty label and labels of at most 63;
      ASCII labels hold letters, digits, ``-`` and ``_`` only; other labels must be
      encodable as IDNA;
    * an IDNA label (``xn--…``) is valid punycode that decodes to a name with non-ASCII
      letters and no control characters, and encodes back to itself (``xn--zz`` and
      ``xn--a``, which decodes to U+0080, are not).

    IP literals are left to the fetcher's address rules.
    """
    target = fetchable(url)
    try:
        parts = urlsplit(target)
        host = parts.hostname or ""
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if not host:
        return "has no host name"
    port = _port_defect(parts.netloc)
    if port is not None:
        return port
    if host.startswith("[") or ":" in host or re.fullmatch(r"[\d.]+", host):
        return None
    return _host_defect(host)


def _port_defect(netloc: str) -> str | None:
    """What is wrong with the port of `netloc`, or None (no port, or one from 1 to 65535)."""
    hostport = netloc.rpartition("@")[2]
    if hostport.startswith("["):
        hostport = hostport.partition("]")[2]
    _, colon, port = hostport.rpartition(":")
    if not colon or not port:
        return None
    if not port.isascii() or not port.isdigit():
        return f"has a port that is not a number ({port!r})"
    if not 1 <= int(port) <= 65535:
        return f"has port {port}, which is out of range (1–65535)"
    return None


def _host_defect(host: str) -> str | None:
    """What is wrong with a host name (lower case, no port), or None."""
    labels = host.removesuffix(".").split(".")
    if len(host) > 253:
        return "has a host name longer than 253 characters"
    for label in labels:
        if not label:
            return f"has an empty label in its host name {host!r}"
        if not label.isascii():
            try:
                encoded = label.encode("idna")
            except UnicodeError:
                return f"has a host name label that is not a valid international name: {label!r}"
            label = encoded.decode("ascii")
        if len(label) > 63:
            return f"has a host name label longer than 63 characters: {label[:20]!r}…"
        if not _LABEL().fullmatch(label):
            return f"has characters no host name has: {host!r}"
        if label.startswith("xn--") and not _valid_punycode(label[4:]):
            return f"has an invalid international (IDNA) label: {label!r}"
    return None


def _valid_punycode(code: str) -> bool:
    """Does the punycode `code` (an IDNA label without "xn--") decode to a name with
    non-ASCII letters, no control characters, and encode back to itself?"""
    import unicodedata

    try:
        name = code.encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return False
    if not name or name.isascii() or any(unicodedata.category(c)[0] == "C" for c in name):
        return False
    return name.encode("punycode").decode("ascii") == code


def host_of(url: str) -> str:
    """The lower-case host name of a URL (scheme-less "www." URLs included), "" if none."""
    try:
        host = urlsplit(fetchable(url)).hostname
    except ValueError:
        return ""
    return host or ""


_DEFAULT_PORTS = {"http": 80, "https": 443}

# Language prefixes of multilingual sites ("/de/", "/en-gb/"): a listed set, because a bare
# two-letter pattern would make "/ok" or "/cs" start pages too.
_LANGUAGES = (
    "de|en|fr|es|it|nl|pl|pt|ru|tr|ja|zh|ar|da|sv|fi|no|nb|cs|hu|el|ro|bg|hr|sk|sl|uk|ko|lt|lv|et"
)
_HOME_PATH = lazy_pattern(
    rf"/?(?:(?:{_LANGUAGES})(?:[-_][a-z]{{2}})?(?:/|$))?"
    r"(?:(?:index|default|home|start|startseite|homepage)(?:[-_]node)?(?:\.[a-z]{2,5})?)?/?",
    re.IGNORECASE,
)
#: Start pages of the federal Government Site Builder ("/DE/Startseite/startseite_node.html").
_GSB_HOME = lazy_pattern(r"(?:start|home)[-_]?(?:seite|page)?[-_]node", re.IGNORECASE)


def _resource_key(url: str) -> tuple[str, str, int | None, str, str] | None:
    """(scheme, host, port, path, query) of a URL as `same_resource` compares them, None when
    it cannot be parsed: lower-case scheme; host lower-case without "www." and a trailing dot;
    the explicit port or the scheme's default; path without trailing slashes; the query."""
    try:
        parts = urlsplit(fetchable(url))
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    if port is None:
        port = _DEFAULT_PORTS.get(scheme)
    return (scheme, host, port, parts.path.rstrip("/"), parts.query)


def same_resource(a: str, b: str) -> bool:
    """True when two URLs name the same resource.

    Differences that do not matter: http vs https (an upgrade may also move to another port),
    a missing scheme ("www." URLs, see `fetchable`), a leading "www.", a trailing slash, a
    trailing dot of the host, the case of scheme and host, a default port written out
    (":443" on https), and the fragment (it never reaches the server). What does matter:
    another scheme than http/https, another port under the same scheme, path case, the query.
    A URL that cannot be parsed is the same only as itself.
    """
    key_a, key_b = _resource_key(a), _resource_key(b)
    if key_a is None or key_b is None:
        return a == b
    scheme_a, host_a, port_a, path_a, query_a = key_a
    scheme_b, host_b, port_b, path_b, query_b = key_b
    if scheme_a != scheme_b and {scheme_a, scheme_b} != {"http", "https"}:
        return False
    if scheme_a == scheme_b and port_a != port_b:
        return False
    return (host_a, path_a, query_a) == (host_b, path_b, query_b)


def is_site_home(url: str) -> bool:
    """True when the URL is a site's home page rather than a document, without a query.

    Home paths: "/" and the empty path; start pages "index", "default", "home", "start",
    "startseite", "homepage", each optionally with "_node"/"-node" and a file extension
    ("/index.html", "/default.aspx", "/home_node.html"); each of these behind a language prefix
    ("/de/", "/en-gb/", "/fr/index.html"; a listed set of languages, and the prefix must be a
    whole segment: "/dehome" is no home); and start pages of the federal Government Site Builder
    at most three segments deep ("/DE/Startseite/startseite_node.html"). Case does not matter.
    A URL that cannot be parsed is no home page.
    """
    try:
        parts = urlsplit(fetchable(url))
    except ValueError:
        return False
    if parts.query:
        return False
    path = parts.path or "/"
    if _HOME_PATH().fullmatch(path):
        return True
    segments = [s for s in path.split("/") if s]
    return len(segments) <= 3 and _GSB_HOME().search(path) is not None
