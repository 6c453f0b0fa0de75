"""The closed vocabularies of the domain model: link statuses, reasons, error kinds,
severities, problem codes, title verdicts, and the one table from a link status to its problem.
Re-exported by `citecheck.models`; the JSON schema lists the same values as enums."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class LinkStatus(StrEnum):
    """The closed set of outcomes for one cited URL (contract strings)."""

    OK = "ok"
    REDIRECT = "redirect"
    DEAD = "dead"
    SOFT_404 = "soft_404"
    BLOCKED = "blocked"
    TIMEOUT = "timeout"
    ERROR = "error"
    SKIPPED = "skipped"

    @property
    def is_failure(self) -> bool:
        """The link does not lead to its source (fails the run by default)."""
        return self in (LinkStatus.DEAD, LinkStatus.SOFT_404, LinkStatus.ERROR)

    @property
    def is_unverifiable(self) -> bool:
        """citecheck could not tell whether the source is there."""
        return self in (LinkStatus.BLOCKED, LinkStatus.TIMEOUT)


class Reason(StrEnum):
    """Machine reason a `Link` carries for its status (contract strings)."""

    # from a transport failure (`ErrorKind`)
    NO_SUCH_HOST = "no_such_host"
    DNS_FAILURE = "dns_failure"
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    RESET = "reset"
    TLS = "tls"
    INVALID_URL = "invalid_url"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    REDIRECT_LOOP = "redirect_loop"
    PRIVATE_ADDRESS = "private_address"
    UNSUPPORTED_SCHEME = "unsupported_scheme"
    INTERNAL_ERROR = "internal_error"
    # from the HTTP status
    NOT_FOUND = "not_found"
    GONE = "gone"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    LEGAL = "legal"
    RATE_LIMITED = "rate_limited"
    BOT_PROTECTION = "bot_protection"
    SERVER_ERROR = "server_error"
    CLIENT_ERROR = "client_error"
    UNEXPECTED_STATUS = "unexpected_status"
    # from the page and the redirect chain
    NOT_FOUND_TEXT = "not_found_text"
    HOMEPAGE_REDIRECT = "homepage_redirect"
    PERMANENT = "permanent"
    TEMPORARY = "temporary"
    # from the run (not fetched, or judged by the user's rules)
    OFFLINE = "offline"
    EXCLUDED = "excluded"
    INTERRUPTED = "interrupted"
    ACCEPTED_STATUS = "accepted_status"


class ErrorKind(StrEnum):
    """Why a fetch got no usable answer (`Fetched.error_kind`)."""

    DNS = "dns"
    """No such host (the name has no address)."""
    DNS_FAILURE = "dns_failure"
    """The resolver itself failed (timeout, SERVFAIL)."""
    REFUSED = "refused"
    """The connection was refused (or the proxy failed)."""
    RESET = "reset"
    """The connection was reset or closed before an answer."""
    TRUNCATED = "truncated"
    """A 2xx answer whose body the connection cut off."""
    PROTOCOL = "protocol"
    """A malformed answer."""
    TLS = "tls"
    """The TLS handshake or the certificate failed."""
    TIMEOUT = "timeout"
    """The deadline passed."""
    TOO_MANY_REDIRECTS = "too_many_redirects"
    """More hops than `max_redirects`."""
    REDIRECT_LOOP = "redirect_loop"
    """A hop pointed back to a URL already visited."""
    INVALID_URL = "invalid_url"
    """The URL (or a Location) cannot be requested."""
    PRIVATE_ADDRESS = "private_address"
    """The host is a private, loopback or link-local address (refused by the guard)."""
    UNSUPPORTED_SCHEME = "unsupported_scheme"
    """Not http or https."""
    INTERNAL = "internal"
    """The fetcher raised instead of answering (recorded by `check`)."""


class Severity(StrEnum):
    """How serious a finding is; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info (for comparisons)."""
        return {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}[self]


class FailOn(StrEnum):
    """The lowest problem severity that makes the run fail (exit 1)."""

    ERROR = "error"
    WARNING = "warning"
    NEVER = "never"


class ProblemCode(StrEnum):
    """Machine-readable problem codes (contract strings); the link codes are those of
    `LINK_RULES`."""

    # footnote structure
    MISSING_DEFINITION = "missing-definition"
    UNUSED_DEFINITION = "unused-definition"
    DUPLICATE_DEFINITION = "duplicate-definition"
    NUMBERING_GAP = "numbering-gap"
    NUMBERING_ORDER = "numbering-order"
    NO_SOURCE = "no-source"
    UNCITED_FIGURE = "uncited-figure"
    NOTHING_FOUND = "nothing-found"
    UNREADABLE_DOCUMENT = "unreadable-document"
    # links (one code per failing or unverifiable status)
    DEAD_LINK = "dead-link"
    SOFT_404 = "soft-404"
    LINK_ERROR = "link-error"
    BLOCKED_LINK = "blocked-link"
    LINK_TIMEOUT = "link-timeout"
    REDIRECTED_LINK = "redirected-link"
    # source verification
    TITLE_MISMATCH = "title-mismatch"
    TITLE_TYPO = "title-typo"
    FIGURE_NOT_IN_SOURCE = "figure-not-in-source"
    YEAR_MISMATCH = "year-mismatch"
    # URL readings
    URL_LINE_BREAK = "url-line-break"
    # archived copies
    SOURCE_CHANGED = "source-changed"


@dataclass(frozen=True, slots=True)
class LinkRule:
    """What a failing or unverifiable link status becomes as a finding."""

    code: ProblemCode
    """The problem code of the finding."""
    severity: Severity
    """Its severity."""
    message: str
    """The start of its sentence ("Dead link"); `check` adds the URL and the details."""


LINK_RULES: Final[Mapping[LinkStatus, LinkRule | None]] = MappingProxyType(
    {
        LinkStatus.OK: None,
        LinkStatus.REDIRECT: LinkRule(
            ProblemCode.REDIRECTED_LINK, Severity.WARNING, "Link redirects"
        ),
        LinkStatus.DEAD: LinkRule(ProblemCode.DEAD_LINK, Severity.ERROR, "Dead link"),
        LinkStatus.SOFT_404: LinkRule(
            ProblemCode.SOFT_404, Severity.ERROR, "Page says it does not exist (soft 404)"
        ),
        LinkStatus.BLOCKED: LinkRule(
            ProblemCode.BLOCKED_LINK, Severity.WARNING, "Link could not be verified (blocked)"
        ),
        LinkStatus.TIMEOUT: LinkRule(ProblemCode.LINK_TIMEOUT, Severity.WARNING, "Link timed out"),
        LinkStatus.ERROR: LinkRule(
            ProblemCode.LINK_ERROR, Severity.ERROR, "Link could not be fetched"
        ),
        LinkStatus.SKIPPED: None,
    }
)
"""The one table from a link status to its finding (None: the status is no finding)."""


class TitleVerdict(StrEnum):
    """Whether the page behind a link is the work the footnote names."""

    MATCH = "match"
    MISMATCH = "mismatch"
    NOT_CITED = "not_cited"
    UNAVAILABLE = "unavailable"


class Accepted(StrEnum):
    """Why a finding is accepted: shown as known, never failing the run (`citecheck.accept`)."""

    IGNORE = "ignore"
    """An `ignore` rule of the configuration matches it."""
    BASELINE = "baseline"
    """The `--baseline` report has it."""


class TargetFrom(StrEnum):
    """Where the date an archived copy was looked for came from (`ArchiveCopy.target_from`)."""

    ACCESSED = "accessed"
    """The footnote's access date (`Footnote.accessed`)."""
    DOCUMENT = "document"
    """The document's own date (`Document.date`)."""
    NONE = "none"
    """Neither: the latest capture was taken."""
