"""The link findings of a run: one problem per failing or unverifiable link (`models.LINK_RULES`)
in one sentence with its details, a note for a URL that answered only in another reading of its
printed text, and the archived copy found for a link (`archive.archive_note`). Pure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from citecheck.archive import archive_note
from citecheck.i18n.catalog import REASONS, UNKNOWN_REASON
from citecheck.models import (
    LINK_RULES,
    Link,
    LinkStatus,
    Problem,
    ProblemCode,
    Reason,
    Severity,
    shown_status,
)
from citecheck.readings import answers, readings_text
from citecheck.urls import url_defect

__all__ = ["link_problems"]


def link_problems(
    links: Sequence[Link], line: int | None, *, in_text: bool = False
) -> Iterator[Problem]:
    """One problem per failing or unverifiable link (`models.LINK_RULES`), at `line`, naming
    its own URL (`in_text`: links of the running text rather than of a footnote), and a note
    for each link that answered only in another reading of its printed URL (`_reading_note`)."""
    for link in links:
        rule = LINK_RULES[link.status]
        if rule is not None:
            message = _link_message(rule.message, link, in_text=in_text)
            yield Problem(rule.code, rule.severity, line, message, url=link.url)
        note = _reading_note(link, line, in_text=in_text)
        if note is not None:
            yield note


def _reading_note(link: Link, line: int | None, *, in_text: bool) -> Problem | None:
    """`url-line-break` (info) for a link printed across a line break whose first reading
    failed while another answered: the link is that reading, and the note names the reading
    that failed, so the author can print the URL so that it reads one way."""
    tried = tuple(r for r in link.alternatives if r.status is not None)
    if not tried or not answers(link.status):
        return None
    where = " in the text" if in_text else ""
    message = f"URL read across a line break{where}: {link.url} answers; {readings_text(tried)}"
    return Problem(ProblemCode.URL_LINE_BREAK, Severity.INFO, line, message, url=link.url)


def _link_message(what: str, link: Link, *, in_text: bool) -> str:
    """One sentence: the rule's words, where the link stands, its URL and the details (the
    HTTP status a reader can look up, a redirect's own 301/302, and the reason in words), and
    the archived copy when one was found ("archived copy of 3 Mar 2024 (verified): …")."""
    if link.reason == "homepage_redirect":
        what = "Link forwards to the site's home page (soft 404)"
    if in_text:
        what = f"{what} in the text"
    parts = [f"{what}: {link.url}"]
    details = []
    status = shown_status(link)
    if status is not None:
        details.append(f"HTTP {status}")
    if link.reason:
        details.append(REASONS.get(link.reason, UNKNOWN_REASON).label)
    defect = url_defect(link.url) if link.reason is Reason.INVALID_URL else None
    if defect:
        details[-1] += f": the URL {defect}"
    if details:
        parts.append(f"({', '.join(details)})")
    if (
        link.final_url
        and link.final_url != link.url
        and (link.redirects or link.status is LinkStatus.REDIRECT)
    ):
        parts.append(f"→ {link.final_url}")
    message = " ".join(parts)
    if link.alternatives and not answers(link.status):
        message += f"; read across a line break, {readings_text(link.alternatives)}"
    note = archive_note(link)
    if note is not None:
        message += f"; {note}"
    return message
