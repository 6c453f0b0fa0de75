"""The web as tie-breaker for a URL printed across a line break: which verdicts put a reading
in doubt, which settle it, and the words every report uses to say so. Pure (models only).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from citecheck.models import Document, Footnote, Link, LinkStatus, Reading, Reason

if TYPE_CHECKING:
    from citecheck.i18n import Words

__all__ = ["answers", "as_reading", "doubts_reading", "reading_note", "readings_text"]


def N_(msgid: str) -> str:
    """Marks `msgid` for translation (po.py extracts it); translated where it is shown."""
    return msgid


#: How a fetched reading's verdict is told when it is no failure.
_VERBS = {
    LinkStatus.OK: "answers",
    LinkStatus.REDIRECT: "answers",
    LinkStatus.BLOCKED: "could not be verified",
    LinkStatus.TIMEOUT: "could not be verified",
}

#: The same in sentences a translator can reorder (`readings_text` with words).
_SENTENCES = {
    "answers": N_("the reading {url} answers ({verdict})"),
    "could not be verified": N_("the reading {url} could not be verified ({verdict})"),
    "failed": N_("the reading {url} failed ({verdict})"),
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


def _verdict(reading: Reading, tr: Words | None = None) -> str:
    """ "dead, HTTP 404, not_found": what fetching a reading found (in words with `tr`: "tot,
    HTTP 404, nicht gefunden")."""
    status = reading.status
    parts = [str(status) if tr is None or status is None else tr.status(status)]
    if reading.http_status is not None:
        parts.append(f"HTTP {reading.http_status}")
    if reading.reason is not None and reading.reason != Reason.INTERRUPTED:
        parts.append(str(reading.reason) if tr is None else tr.reason(reading.reason))
    return ", ".join(parts)


def readings_text(readings: tuple[Reading, ...], tr: Words | None = None) -> str:
    """The other readings in words: "the reading X failed (dead, HTTP 404)" for a reading that
    was fetched ("could not be verified" when blocked or timed out), "also readable as X (not
    checked)" for one that was not (or was skipped). Without `tr` in English with the raw
    values (the problem messages); with it in the reader's language, values in words."""
    say = tr if tr is not None else _english
    parts = []
    for reading in readings:
        status = reading.status
        if status is None:
            parts.append(say(N_("also readable as {url} (not checked)")).format(url=reading.url))
        elif status is LinkStatus.SKIPPED:
            reason = reading.reason or ""
            shown = reason if tr is None else tr.reason(reason)
            text = say(N_("also readable as {url} (not checked: {reason})"))
            parts.append(text.format(url=reading.url, reason=shown))
        else:
            sentence = _SENTENCES[_VERBS.get(status, "failed")]
            parts.append(say(sentence).format(url=reading.url, verdict=_verdict(reading, tr)))
    return "; ".join(parts)


def reading_note(link: Link, tr: Words | None = None) -> str | None:
    """The line a report shows under a link read across a line break: "read across a line
    break; the reading X failed (dead, HTTP 404)" (in the reader's language with `tr`). None
    when the URL reads one way, and when the link answered with its first reading and no other
    reading was fetched (nothing to tell)."""
    if not link.alternatives:
        return None
    tried = any(reading.status is not None for reading in link.alternatives)
    if answers(link.status) and not tried:
        return None
    say = tr if tr is not None else _english
    return say(N_("read across a line break; {readings}")).format(
        readings=readings_text(link.alternatives, tr)
    )


def _english(msgid: str) -> str:
    """No translation: the message id is the English text."""
    return msgid


def printed_urls(documents: Sequence[Document]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Every URL as written with its other readings, in document order (duplicates included):
    each document's footnote URLs, then the URLs of its running text."""
    for document in documents:
        for footnote in document.footnotes:
            for index, url in enumerate(footnote.urls):
                yield url, footnote_readings(footnote, index)
        for source in document.inline_sources:
            yield source.url, other_readings(source.url, source.alternatives)


def other_readings(url: str, alternatives: Sequence[str]) -> tuple[str, ...]:
    """The other readings of `url`, each once, in the parser's order (never `url` itself)."""
    return tuple(a for a in dict.fromkeys(alternatives) if a != url)


def footnote_readings(footnote: Footnote, index: int) -> tuple[str, ...]:
    """The other readings of the footnote's `index`-th URL (`Footnote.url_alternatives`)."""
    if index >= len(footnote.url_alternatives):
        return ()
    return other_readings(footnote.urls[index], footnote.url_alternatives[index])
