"""Pure URL rules: the identity of a URL and the form that is fetched.

What lives here (no I/O, no httpx; imports: stdlib only). Finding URLs in prose is
`citecheck.parse.url_finder`'s.

Comparing (`fetchable`, `is_supported_scheme`, `same_resource`, `is_site_home`, `host_of`):
see each function.
"""

from __future__ import annotations

from urllib.parse import urlsplit

#: Paths that are a site's front page rather than a document.
_HOME_PATHS = frozenset(
    {
        "",
        "/",
        "/de",
        "/en",
        "/home",
        "/start",
        "/startseite",
        "/index",
        "/index.html",
        "/index.htm",
        "/index.php",
        "/default.asp",
        "/default.aspx",
        "/de/startseite",
        "/en/home",
        "/de/home",
    }
)


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
    """True when citecheck can fetch the URL: http or https after `fetchable`."""
    return urlsplit(fetchable(url)).scheme.lower() in ("http", "https")


def host_of(url: str) -> str:
    """The lower-case host name of a URL (scheme-less "www." URLs included), "" if none."""
    try:
        host = urlsplit(fetchable(url)).hostname
    except ValueError:
        return ""
    return host or ""


def _resource_key(url: str) -> tuple[str, str, str]:
    """(host without "www.", path without trailing slash, query) of a URL."""
    try:
        parts = urlsplit(fetchable(url))
    except ValueError:
        return ("", url, "")
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    return (host, path, parts.query)


def same_resource(a: str, b: str) -> bool:
    """True when two URLs name the same resource.

    Differences that do not matter: http vs https, a missing scheme, a leading "www.", a
    trailing slash, the case of scheme and host, and the fragment (it never reaches the
    server). Path case and query strings do matter.
    """
    return _resource_key(a) == _resource_key(b)


def is_site_home(url: str) -> bool:
    """True when the URL is a site's front page ("/", "/de/", "/index.html") without query."""
    try:
        parts = urlsplit(fetchable(url))
    except ValueError:
        return False
    return not parts.query and parts.path.lower().rstrip("/") in _HOME_PATHS
