"""The Fetcher protocol: what `check` needs from the network. Imports: models.

Tests pass fakes; production passes `CachedFetcher(HttpFetcher(...))`.
"""

from __future__ import annotations

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
