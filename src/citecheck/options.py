"""The options of a run — what to check (`CheckOptions`) and how to fetch (`FetchOptions`, with
per-host `HostOverride`s) — and the one home of every default they have. Pure: imports models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from citecheck.vocabulary import FailOn

__all__ = [
    "ARCHIVE_MODE_DEFAULT",
    "ARCHIVE_URL",
    "MATCH_THRESHOLD",
    "MAX_AGE",
    "ArchiveMode",
    "CheckOptions",
    "FetchOptions",
    "HostOverride",
    "find_override",
    "normalize_host",
]

MATCH_THRESHOLD = 0.90
"""Fuzzy score (0..1) from which two titles are the same work (the `title_threshold` setting)."""
MAX_AGE = 86_400.0
"""How old a cached result may be and still be reused, in seconds (one day; `max_age`)."""


ARCHIVE_URL = "https://web.archive.org"
"""The web archive asked for copies of failing sources (`archive_url`): the Wayback Machine."""


class ArchiveMode(StrEnum):
    """Which links an archived copy is looked for (`--archive`, the `archive` setting)."""

    FAILING = "failing"
    """Failing, blocked or timed-out links, title mismatches and figures the page lacks."""
    ALL = "all"
    """Every fetched link."""
    NEVER = "never"
    """None (and never with --offline)."""


ARCHIVE_MODE_DEFAULT = ArchiveMode.FAILING
"""The `archive` setting's default (`--archive`, configuration): copies of failing links."""


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What to check and how strictly; fetch limits live in `FetchOptions`."""

    offline: bool = False
    """Fetch nothing: every link is `skipped` with reason `offline`."""
    exclude: tuple[str, ...] = ()
    """Regular expressions; a URL matching any of them (as written or fetchable) is skipped."""
    fail_on: FailOn = FailOn.ERROR
    """The lowest severity that fails the run (see `check.exit_code`)."""
    accept: tuple[int, ...] = ()
    """Final HTTP status codes that count as ok (a site known to answer robots with 403)."""
    title_threshold: float = MATCH_THRESHOLD
    """Fuzzy title score (0..1) from which a cited title matches the page (`verify`)."""
    archive: ArchiveMode = ArchiveMode.NEVER
    """Which links an archived copy is looked for (`citecheck.archive`). A program calling
    `check` opts in; the setting's default (command line, configuration) is `ARCHIVE_MODE`."""
    archive_url: str = ARCHIVE_URL
    """Base URL of the web archive: its CDX API at /cdx/search/cdx, its captures at /web/."""


def normalize_host(host: str) -> str:
    """A host name as overrides compare it: lower case, without a trailing dot."""
    return host.strip().lower().rstrip(".")


@dataclass(frozen=True, slots=True)
class HostOverride:
    """Limits for one host that replace the global `per_host` and `timeout`."""

    host: str
    """Host name or "*." wildcard (case and a trailing dot do not matter; see `matches`)."""
    per_host: int | None = None
    """Requests in flight to this host (None: the global `per_host`)."""
    timeout: float | None = None
    """Deadline per URL of this host, in seconds (None: the global `timeout`)."""

    def matches(self, host: str) -> bool:
        """Does this override apply to `host`?

        `self.host` is a name ("www.bundestag.de"; compared case-insensitively, a trailing dot
        ignored) or a wildcard "*.bundestag.de", which matches every subdomain at any depth but
        not "bundestag.de" itself (list that separately). A wildcard applies to each matching
        host on its own: "*.example.org" with per_host = 1 allows one request to a.example.org
        *and* one to b.example.org at a time.
        """
        pattern, name = normalize_host(self.host), normalize_host(host)
        if pattern.startswith("*."):
            return name.endswith(pattern[1:])
        return name == pattern


def find_override(overrides: Iterable[HostOverride], host: str) -> HostOverride | None:
    """The override that applies to `host`: an exact name beats a wildcard, and a longer
    wildcard beats a shorter one."""
    best: HostOverride | None = None
    for override in overrides:
        if not override.matches(host):
            continue
        if not override.host.startswith("*."):
            return override
        if best is None or len(override.host) > len(best.host):
            best = override
    return best


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Limits and manners for fetching; every cap has a default."""

    timeout: float = 20.0
    """Hard deadline per URL in seconds, retries and redirects included."""
    max_concurrency: int = 64
    """Requests in flight over all hosts."""
    per_host: int = 4
    """Requests in flight to one host."""
    user_agent: str | None = None
    """User-Agent to send; None means citecheck's honest default."""
    allow_private: bool = False
    """Allow loopback, private, link-local and metadata addresses."""
    max_redirects: int = 10
    """Redirect hops before giving up (too_many_redirects)."""
    max_body_bytes: int = 2_000_000
    """Bytes of an HTML/text body read for titles and text."""
    max_pdf_bytes: int = 20_000_000
    """Bytes of a PDF body read for its metadata and text."""
    retries: int = 3
    """Retries for transient failures (connect errors, 429, 5xx)."""
    max_retry_after: float = 10.0
    """Longest Retry-After wait honoured, in seconds; a server asking for more is not retried."""
    backoff: float = 0.5
    """First retry delay in seconds; doubles per retry, with jitter, capped by max_retry_after."""
    ca_file: str | None = None
    """PEM bundle of CAs to trust instead of the default (SSL_CERT_FILE, else certifi)."""
    hosts: tuple[HostOverride, ...] = ()
    """Per-host overrides of `per_host` and `timeout` (see `HostOverride` for matching)."""

    def override_for(self, host: str) -> HostOverride | None:
        """The override for `host`, if any."""
        return find_override(self.hosts, host) if self.hosts else None

    def per_host_for(self, host: str) -> int:
        """Requests in flight allowed to `host`: the per-host limit is decided here, and the
        fetcher enforces it."""
        override = self.override_for(host)
        if override is None or override.per_host is None:
            return self.per_host
        return override.per_host

    def timeout_for(self, host: str) -> float:
        """Deadline per URL of `host`, in seconds."""
        override = self.override_for(host)
        if override is None or override.timeout is None:
            return self.timeout
        return override.timeout
