"""The demo's web archive: replica captures of the seed's dead sources, answered the way a
Wayback CDX server and its raw replay answer (`DemoArchive.answer`), so that `citecheck --demo`
shows an archived copy through the production archive step. Stdlib only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from citecheck.options import ARCHIVE_URL

__all__ = ["ARCHIVE_HOST", "DemoArchive", "DemoCapture"]

ARCHIVE_HOST = urlsplit(ARCHIVE_URL).hostname or "web.archive.org"
"""The archive host the demo answers for (the default `archive_url`'s)."""


@dataclass(frozen=True, slots=True)
class DemoCapture:
    """One replica capture."""

    original: str
    """The URL as cited."""
    timestamp: str
    """14 digits."""
    file: str
    """Body file in `pages/` (served as HTML with status 200)."""


class DemoArchive:
    """Answers CDX queries and raw replays (`/web/<timestamp>id_/<original>`) from the
    captures; anything else is None (the server's 404)."""

    def __init__(self, captures: list[DemoCapture], pages: Path) -> None:
        self.captures = tuple(sorted(captures, key=lambda c: c.timestamp))
        """Every capture, oldest first."""
        self._pages = pages

    def answer(self, path: str) -> tuple[int, bytes, str] | None:
        """(status, body, content type) for a request target, or None."""
        if path.startswith("/cdx/search/cdx"):
            return 200, self._cdx(path), "application/json"
        if path.startswith("/web/"):
            stamp, _, original = unquote(path[len("/web/") :]).partition("/")
            for capture in self.captures:
                if f"{capture.timestamp}id_" == stamp and capture.original == original:
                    body = (self._pages / capture.file).read_bytes()
                    return 200, body, "text/html; charset=utf-8"
        return None

    def _cdx(self, path: str) -> bytes:
        """The CDX answer: the captures of `url` within `to`/`from` (days), cut by `limit`."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
        rows = [c for c in self.captures if c.original == query.get("url")]
        if "to" in query:
            rows = [c for c in rows if c.timestamp[:8] <= query["to"]]
        if "from" in query:
            rows = [c for c in rows if c.timestamp[:8] >= query["from"]]
        limit = int(query.get("limit", "0") or "0")
        rows = rows[limit:] if limit < 0 else rows[:limit] if limit > 0 else rows
        table = [[c.timestamp, c.original, "200"] for c in rows]
        return json.dumps(
            [["timestamp", "original", "statuscode"], *table] if table else []
        ).encode()
