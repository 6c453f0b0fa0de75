"""`CachedFetcher`: an on-disk cache (one SQLite file) of definitive fetch results in front of
any `Fetcher`, safe for concurrent runs and self-healing when the file is damaged.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from citecheck.fetch.base import Fetcher
from citecheck.models import ErrorKind, Fetched, Redirect
from citecheck.options import MAX_AGE as DEFAULT_MAX_AGE

logger = logging.getLogger(__name__)

T = TypeVar("T")

SCHEMA_VERSION = "2"
"""Bumped when the stored JSON changes shape; a different version rebuilds the file."""


class _CorruptCache(sqlite3.DatabaseError):
    """The file is a database, but not a usable citecheck cache."""


def default_cache_path() -> Path:
    """The cache file in the user cache directory (e.g. ~/.cache/citecheck/links.sqlite3)."""
    return platformdirs.user_cache_path("citecheck") / "links.sqlite3"


class CachedFetcher:
    """A `Fetcher` that answers from the cache when it can and stores definitive results.

    Only results that are `Fetched.is_definitive` are stored (never timeouts, transport
    errors, rate limits or "no such host": an offline machine must not poison the cache).
    The store is opened in WAL mode with a busy timeout so two runs can use it at once; a
    file that is not a valid cache is deleted and rebuilt with one warning, and a store that
    fails later in a run switches itself off for that run (again with one warning).

    `CachedFetcher(HttpFetcher(options), path=None, max_age=86400)`: `path` None means
    `default_cache_path()`; entries older than `max_age` seconds are fetched again (0 or less:
    never read, still written). `aclose()` closes the inner fetcher and the database. Answers
    from the store have `from_cache` set. `namespace` separates runs whose results do not hold
    for each other: the CLI uses one for `--allow-private` runs, so a page fetched from a
    private address is never served to a run that refuses such addresses.
    """

    def __init__(
        self,
        inner: Fetcher,
        path: Path | None = None,
        max_age: float = DEFAULT_MAX_AGE,
        *,
        namespace: str = "",
    ) -> None:
        self.inner = inner
        """The fetcher asked on a cache miss."""
        self.path = path if path is not None else default_cache_path()
        """The SQLite file."""
        self.max_age = max_age
        """Oldest entry reused, in seconds."""
        self.hits = 0
        """Answers served from the cache in this run."""
        self.namespace = namespace
        """Prefix of this run's keys: runs whose results are not valid for each other (with
        and without `--allow-private`) do not share entries."""
        self._db: sqlite3.Connection | None = self._open()

    # --- Fetcher protocol -------------------------------------------------------------------

    async def fetch(self, url: str) -> Fetched:
        """The cached result for `url` if fresh, else the inner fetcher's (stored if definitive)."""
        cached = self._get(url)
        if cached is not None:
            self.hits += 1
            return cached
        fetched = await self.inner.fetch(url)
        if fetched.is_definitive:
            self._put(url, fetched)
        return fetched

    async def aclose(self) -> None:
        """Close the inner fetcher and the database."""
        try:
            await self.inner.aclose()
        finally:
            if self._db is not None:
                self._db.close()
                self._db = None

    # --- store ------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        """Open (creating, or rebuilding a corrupt file) the store; None if impossible."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            logger.warning("link cache disabled: cannot create %s (%s)", self.path.parent, exc)
            return None
        try:
            return _retry_busy(self._connect)
        except sqlite3.OperationalError as exc:
            # Locked or busy for too long, read-only, …: not corrupt. Never delete a file
            # another run may be using; just do without the cache.
            logger.warning("link cache disabled: %s (%s)", self.path, exc)
            return None
        except sqlite3.DatabaseError as exc:
            logger.warning("link cache %s is corrupt (%s); rebuilding it", self.path, exc)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            return self._connect()
        except sqlite3.Error as exc:
            logger.warning("link cache disabled: %s (%s)", self.path, exc)
            return None

    def _connect(self) -> sqlite3.Connection:
        """Connect, configure for concurrent runs and check the schema version."""
        db = sqlite3.connect(self.path, timeout=15.0, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 15000")
            db.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL: durable enough for a cache, and no fsync per stored link.
            db.execute("PRAGMA synchronous = NORMAL")
            check = db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise _CorruptCache(f"integrity check failed: {check}")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS links ("
                "url TEXT PRIMARY KEY, fetched_at REAL NOT NULL, data TEXT NOT NULL)"
            )
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,)
            )
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] != SCHEMA_VERSION:
                raise _CorruptCache(f"schema version {row[0] if row else None}")
        except BaseException:
            db.close()
            raise
        return db

    def _get(self, url: str) -> Fetched | None:
        """A fresh cached result for `url`, or None."""
        if self._db is None or self.max_age <= 0:
            return None
        try:
            row = self._db.execute(
                "SELECT fetched_at, data FROM links WHERE url = ?", (self.namespace + url,)
            ).fetchone()
        except sqlite3.Error as exc:
            self._disable(exc)
            return None
        if row is None or time.time() - float(row[0]) > self.max_age:
            return None
        try:
            return replace(_from_json(json.loads(row[1])), from_cache=True, checked_at=row[0])
        except (ValueError, KeyError, TypeError) as exc:
            logger.debug("ignoring unreadable cache entry for %s: %s", url, exc)
            return None

    def _put(self, url: str, fetched: Fetched) -> None:
        """Store (or replace) the result for `url`."""
        if self._db is None:
            return
        data = json.dumps(_to_json(fetched), ensure_ascii=False, separators=(",", ":"))
        db = self._db
        try:
            _retry_busy(
                lambda: db.execute(
                    "INSERT OR REPLACE INTO links (url, fetched_at, data) VALUES (?, ?, ?)",
                    (self.namespace + url, time.time(), data),
                )
            )
        except sqlite3.Error as exc:
            self._disable(exc)

    def _disable(self, exc: sqlite3.Error) -> None:
        """Stop using the store for this run after a failure (one warning)."""
        logger.warning("link cache disabled for this run: %s (%s)", self.path, exc)
        if self._db is not None:
            self._db.close()
            self._db = None


def _retry_busy(action: Callable[[], T], attempts: int = 5) -> T:
    """Run `action`, retrying briefly when SQLite reports the database busy or locked.

    The busy timeout covers most waits, but SQLite answers some conflicts (two runs switching
    a new file to WAL at once, a stale WAL snapshot) immediately with SQLITE_BUSY.
    """
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if attempt == attempts - 1 or ("locked" not in message and "busy" not in message):
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _to_json(fetched: Fetched) -> dict[str, Any]:
    """A JSON-ready dict of every `Fetched` field."""
    return {
        "url": fetched.url,
        "final_url": fetched.final_url,
        "http_status": fetched.http_status,
        "redirects": [[hop.url, hop.status] for hop in fetched.redirects],
        "content_type": fetched.content_type,
        "headers": [list(pair) for pair in fetched.headers],
        "challenge": fetched.challenge,
        "page_title": fetched.page_title,
        "title_candidates": list(fetched.title_candidates),
        "text_excerpt": fetched.text_excerpt,
        "error_kind": fetched.error_kind,
        "retried": fetched.retried,
        "elapsed_ms": fetched.elapsed_ms,
    }


def _from_json(data: dict[str, Any]) -> Fetched:
    """The `Fetched` a `_to_json` dict describes."""
    return Fetched(
        url=str(data["url"]),
        final_url=data["final_url"],
        http_status=data["http_status"],
        redirects=tuple(Redirect(str(url), int(status)) for url, status in data["redirects"]),
        content_type=data["content_type"],
        headers=tuple((str(name), str(value)) for name, value in data["headers"]),
        challenge=data["challenge"],
        page_title=data["page_title"],
        title_candidates=tuple(str(t) for t in data["title_candidates"]),
        text_excerpt=str(data["text_excerpt"]),
        error_kind=None if data["error_kind"] is None else ErrorKind(data["error_kind"]),
        retried=int(data["retried"]),
        elapsed_ms=int(data["elapsed_ms"]),
    )
