"""The Fetcher protocol: what `check` needs from the network, and the fetch options (limits,
manners, per-host overrides). Imports: models.

Tests pass fakes; production passes `CachedFetcher(HttpFetcher(...))`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from citecheck.models import Fetched


class Fetcher(Protocol):
    """Fetches one URL and reports what happened; never raises for a broken link."""

    async def fetch(self, url: str) -> Fetched:
        """Fetch `url` (retries, redirects and caps included) and describe the outcome."""
        ...

    async def aclose(self) -> None:
        """Release connections and files."""
        ...


def normalize_host(host: str) -> str:
    """A host name as overrides compare it: lower case, without a trailing dot."""
    return host.strip().lower().rstrip(".")


@dataclass(frozen=True, slots=True)
class HostOverride:
    """Limits for one host that replace the global `per_host` and `timeout`.

    `host` is a host name ("www.bundestag.de"; compared case-insensitively, a trailing dot
    ignored) or a wildcard "*.bundestag.de", which matches every subdomain at any depth but not
    "bundestag.de" itself (list that separately). An exact name beats a wildcard, and a longer
    wildcard beats a shorter one. A wildcard override applies to each matching host on its own:
    "*.example.org" with per_host = 1 allows one request to a.example.org *and* one to
    b.example.org at a time.
    """

    host: str
    """Host name or "*." wildcard (case and a trailing dot do not matter)."""
    per_host: int | None = None
    """Requests in flight to this host (None: the global `per_host`)."""
    timeout: float | None = None
    """Deadline per URL of this host, in seconds (None: the global `timeout`)."""

    def matches(self, host: str) -> bool:
        """Does this override apply to `host`?"""
        pattern, name = normalize_host(self.host), normalize_host(host)
        if pattern.startswith("*."):
            return name.endswith(pattern[1:])
        return name == pattern


def find_override(overrides: Iterable[HostOverride], host: str) -> HostOverride | None:
    """The override that applies to `host`: exact name first, then the longest wildcard."""
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
        """Requests in flight allowed to `host`."""
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
