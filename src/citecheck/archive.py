"""Archived copies of cited pages, by the rules of a Wayback-style CDX server: which links to look
for, the date to look for, the CDX queries and how to read their answers, the capture's URLs,
and how a capture is judged. Pure (models, options, classify, titles): the fetching is
`archive_lookup`'s.
"""

from __future__ import annotations

import calendar
import dataclasses
import json
from dataclasses import dataclass
from urllib.parse import quote

from citecheck.classify import classify
from citecheck.models import (
    ArchiveCopy,
    Document,
    Fetched,
    Footnote,
    Link,
    LinkStatus,
    Reason,
    Redirect,
    TargetFrom,
    TitleVerdict,
)
from citecheck.options import ArchiveMode
from citecheck.titles import MATCH_THRESHOLD, compare_titles

__all__ = [
    "LOOK_STATUSES",
    "Capture",
    "Target",
    "archive_copy",
    "archive_note",
    "capture_date",
    "cdx_queries",
    "parse_cdx",
    "replay_url",
    "target_of",
    "view_url",
    "wants_archive",
]

LOOK_STATUSES = frozenset(
    {LinkStatus.DEAD, LinkStatus.SOFT_404, LinkStatus.ERROR, LinkStatus.BLOCKED, LinkStatus.TIMEOUT}
)
"""Link statuses for which `--archive failing` looks for a copy."""

_FIELDS = "timestamp,original,statuscode"


@dataclass(frozen=True, slots=True)
class Target:
    """The date an archived copy is looked for, and where it came from."""

    date: str | None
    """"YYYY-MM-DD" or "YYYY-MM"; None: the latest capture."""
    source: TargetFrom
    """accessed, document or none."""


@dataclass(frozen=True, slots=True)
class Capture:
    """One row of a CDX answer: a capture of a page."""

    timestamp: str
    """14 digits, YYYYMMDDhhmmss (UTC)."""
    original: str
    """The URL as the archive captured it."""


def target_of(footnote: Footnote | None, document: Document) -> Target:
    """The date to look for: the footnote's access date (`Footnote.accessed`), else the
    document's date (`Document.date`), else none (the latest capture). Inline sources have no
    footnote and take the document's date."""
    if footnote is not None and footnote.accessed is not None:
        return Target(footnote.accessed, TargetFrom.ACCESSED)
    if document.date is not None:
        return Target(document.date, TargetFrom.DOCUMENT)
    return Target(None, TargetFrom.NONE)


def _cdx_day(date: str) -> str:
    """YYYYMMDD of a target: a month means its last day ("2024-02" → "20240229")."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 2:
        year, month = parts
        parts = [year, month, calendar.monthrange(year, month)[1]]
    return "{:04d}{:02d}{:02d}".format(*parts)


def cdx_queries(archive_url: str, url: str, target: str | None) -> tuple[str, ...]:
    """The CDX queries for `url`, asked in order until one names a capture.

    `{archive_url}/cdx/search/cdx` with `url`, `output=json`, `fl=timestamp,original,statuscode`
    and `filter=statuscode:200`; with a target date, first `to=<YYYYMMDD>&limit=-1` (the last
    capture on or before it; a month means its last day), then `from=<YYYYMMDD>&limit=1` (the
    first capture after); without one, `limit=-1` alone (the latest capture).
    """
    base = (
        f"{archive_url.rstrip('/')}/cdx/search/cdx?url={quote(url, safe='')}"
        f"&output=json&fl={_FIELDS}&filter=statuscode:200"
    )
    if target is None:
        return (base + "&limit=-1",)
    day = _cdx_day(target)
    return (base + f"&to={day}&limit=-1", base + f"&from={day}&limit=1")


def parse_cdx(text: str, *, last: bool) -> Capture | None:
    """The capture a CDX JSON answer names, or None.

    The answer is a JSON array of arrays whose first row is the header (field names); `[]` or
    an empty body means no capture. Rows whose `statuscode` is not 200 are dropped (a server
    that ignores the filter must not offer an archived error page), as are rows without a
    14-digit timestamp. `last` picks the last remaining row (a `to` query), else the first.
    Anything that is not such an answer is None.
    """
    try:
        data = json.loads(text) if text.strip() else []
    except ValueError:
        return None
    if not isinstance(data, list) or len(data) < 2 or not isinstance(data[0], list):
        return None
    header = [str(name) for name in data[0]]
    if "timestamp" not in header or "original" not in header:
        return None
    found: list[Capture] = []
    for row in data[1:]:
        if not isinstance(row, list) or len(row) != len(header):
            continue
        fields = dict(zip(header, (str(value) for value in row), strict=True))
        if fields.get("statuscode", "200") != "200":
            continue
        stamp = fields["timestamp"]
        if len(stamp) == 14 and stamp.isdigit() and fields["original"]:
            found.append(Capture(stamp, fields["original"]))
    if not found:
        return None
    return found[-1] if last else found[0]


def replay_url(archive_url: str, capture: Capture) -> str:
    """The raw archived page: `{archive_url}/web/<timestamp>id_/<original>` (no toolbar, no
    rewritten links): what is fetched to verify the capture."""
    return f"{archive_url.rstrip('/')}/web/{capture.timestamp}id_/{capture.original}"


def view_url(archive_url: str, capture: Capture) -> str:
    """The capture as a reader sees it: `{archive_url}/web/<timestamp>/<original>`."""
    return f"{archive_url.rstrip('/')}/web/{capture.timestamp}/{capture.original}"


def _original(url: str, archive_url: str) -> str:
    """A replay URL (`…/web/<timestamp>[id_]/<original>`) as its original URL; others as they
    are."""
    prefix = f"{archive_url.rstrip('/')}/web/"
    if not url.startswith(prefix):
        return url
    _, slash, original = url[len(prefix) :].partition("/")
    return original if slash and original else url


def as_original(fetched: Fetched, archive_url: str) -> Fetched:
    """A fetched capture with its URLs (requested, final, hops) read as the archived page's
    own: classification then sees a capture that redirects to the site's home page as the
    soft 404 it is."""
    return dataclasses.replace(
        fetched,
        url=_original(fetched.url, archive_url),
        final_url=_original(fetched.final_url, archive_url) if fetched.final_url else None,
        redirects=tuple(
            Redirect(_original(hop.url, archive_url), hop.status) for hop in fetched.redirects
        ),
    )


def archive_copy(
    capture: Capture,
    fetched: Fetched,
    target: Target,
    *,
    archive_url: str,
    cited_title: str | None,
    title_threshold: float = MATCH_THRESHOLD,
) -> ArchiveCopy:
    """The `ArchiveCopy` of a capture judged from its raw replay (`fetched`).

    Verified when the replay is a 2xx page (ok, or a redirect ending in one) that is no soft
    404 (`classify`: a not-found page archived with a 200, a capture forwarding to the site's
    home page) and, when the footnote cites a title, whose title is no mismatch.
    """
    status, _ = classify(as_original(fetched, archive_url))
    verified = status in (LinkStatus.OK, LinkStatus.REDIRECT)
    if verified and cited_title is not None:
        candidates = list(fetched.title_candidates) or (
            [fetched.page_title] if fetched.page_title else []
        )
        match, _ = compare_titles(cited_title, candidates, threshold=title_threshold)
        verified = match.verdict is not TitleVerdict.MISMATCH
    return ArchiveCopy(
        url=view_url(archive_url, capture),
        timestamp=capture.timestamp,
        target=target.date,
        target_from=target.source,
        verified=verified,
        fetched=fetched,
    )


def wants_archive(link: Link, mode: ArchiveMode, *, figures_missing: bool = False) -> bool:
    """Whether to look for an archived copy of a checked link.

    `never`: no. `all`: every fetched link (not one skipped: offline, excluded, interrupted;
    nor one whose fetcher raised, `internal_error`, which says nothing about the page).
    `failing`: a link whose status is dead, soft_404, error, blocked or timeout, whose title
    verdict is mismatch, or (`figures_missing`) whose page lacks a figure of the citing
    sentence.
    """
    if mode is ArchiveMode.NEVER or link.status is LinkStatus.SKIPPED:
        return False
    if link.reason is Reason.INTERNAL_ERROR:
        return False  # the fetcher broke: that says nothing about the page
    if mode is ArchiveMode.ALL or link.status in LOOK_STATUSES:
        return True
    return link.title_match.verdict is TitleVerdict.MISMATCH or figures_missing


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def capture_date(timestamp: str) -> str:
    """ "16 Aug 2023" for a 14-digit time stamp."""
    year, month, day = timestamp[:4], int(timestamp[4:6]), int(timestamp[6:8])
    return f"{day} {_MONTH_ABBR[month - 1]} {year}"


def archive_note(link: Link) -> str | None:
    """What every format shows next to a link with an archived copy: "archived copy of 3 Mar
    2024 (verified): <url>", or "(not verified)" when the capture is no usable page; None
    without a copy."""
    copy = link.archive
    if copy is None:
        return None
    state = "verified" if copy.verified else "not verified"
    return f"archived copy of {capture_date(copy.timestamp)} ({state}): {copy.url}"
