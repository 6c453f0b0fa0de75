"""The web as tie-breaker for a URL printed across a line break: which verdicts put a reading
in doubt, which settle it, and the words every report uses to say so. Pure (models only).
"""

from __future__ import annotations

from citecheck.models import Link, LinkStatus, Reading, Reason

__all__ = ["answers", "as_reading", "doubts_reading", "reading_note", "readings_text"]

#: How a fetched reading's verdict is told when it is no failure.
_VERBS = {
    LinkStatus.OK: "answers",
    LinkStatus.REDIRECT: "answers",
    LinkStatus.BLOCKED: "could not be verified",
    LinkStatus.TIMEOUT: "could not be verified",
}

#: Errors a wrong reading explains: its host does not resolve, or it cannot even be requested.
_DOUBTFUL_ERRORS = frozenset({Reason.DNS_FAILURE, Reason.INVALID_URL})


def doubts_reading(status: LinkStatus, reason: Reason | None) -> bool:
    """True when a reading's verdict is one a wrong reading of the printed text explains, so
    that the other readings are fetched:

    - `dead`: 404 or 410 (a path read wrongly), or no such host (a host read wrongly);
    - `soft_404`: a page saying it does not exist, or a deep URL sent to the site's home page;
    - `error` with reason `dns_failure` (the resolver gave no answer for the name) or
      `invalid_url` (the reading cannot be requested).

    Every other verdict keeps the reading: ok and redirect answered; blocked, timeout, server
    and connection errors say the server is there and tell nothing about the path; skipped
    readings were not fetched (offline, excluded, interrupted).
    """
    if status in (LinkStatus.DEAD, LinkStatus.SOFT_404):
        return True
    return status is LinkStatus.ERROR and reason in _DOUBTFUL_ERRORS


def answers(status: LinkStatus) -> bool:
    """True when a reading answered (ok or redirect): then it is the link."""
    return status in (LinkStatus.OK, LinkStatus.REDIRECT)


def as_reading(link: Link) -> Reading:
    """A judged link as a `Reading` of its printed URL (URL, status, reason, HTTP status)."""
    return Reading(link.url, link.status, link.reason, link.http_status)


def _verdict(reading: Reading) -> str:
    """ "dead, HTTP 404, not_found": what fetching a reading found."""
    parts = [str(reading.status)]
    if reading.http_status is not None:
        parts.append(f"HTTP {reading.http_status}")
    if reading.reason is not None and reading.reason != Reason.INTERRUPTED:
        parts.append(str(reading.reason))
    return ", ".join(parts)


def readings_text(readings: tuple[Reading, ...]) -> str:
    """The other readings in words: "the reading X failed (dead, HTTP 404)" for a reading that
    was fetched ("could not be verified" when blocked or timed out), "also readable as X (not
    checked)" for one that was not (or was skipped)."""
    parts = []
    for reading in readings:
        status = reading.status
        if status is None:
            parts.append(f"also readable as {reading.url} (not checked)")
        elif status is LinkStatus.SKIPPED:
            parts.append(f"also readable as {reading.url} (not checked: {reading.reason})")
        else:
            verb = _VERBS.get(status, "failed")
            parts.append(f"the reading {reading.url} {verb} ({_verdict(reading)})")
    return "; ".join(parts)


def reading_note(link: Link) -> str | None:
    """The line a report shows under a link read across a line break: "read across a line
    break; the reading X failed (dead, HTTP 404)". None when the URL reads one way, and when the
    link answered with its first reading and no other reading was fetched (nothing to tell)."""
    if not link.alternatives:
        return None
    tried = any(reading.status is not None for reading in link.alternatives)
    if answers(link.status) and not tried:
        return None
    return f"read across a line break; {readings_text(link.alternatives)}"
