"""What the command says on stderr besides the report: log records and internal errors as one
line each (tracebacks only with `--debug`), and one run-level hint when the network, not the
links, is what failed.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from typer.exceptions import TyperException

if TYPE_CHECKING:
    from citecheck.models import Link, Report

__all__ = ["describe", "diagnostics", "network_hint"]

#: A run-level hint needs at least this many links fetched now (not from the cache).
HINT_MIN_LINKS = 2

INTERNAL_ERROR_EXIT = 2
"""Exit status after an internal error (like a usage or input error: the run did not finish)."""


def describe(exc: BaseException) -> str:
    """An exception in one line: its type and message; for an exception group, its first
    leaf (what a TaskGroup wraps)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _OneLine(logging.Formatter):
    """ "citecheck: message: ExceptionType: text" on one line; the traceback only in debug."""

    def __init__(self, debug: bool) -> None:
        super().__init__()
        self.debug = debug

    def format(self, record: logging.LogRecord) -> str:
        message = f"citecheck: {record.getMessage()}"
        error = record.exc_info[1] if record.exc_info else None
        if error is None:
            return message
        if self.debug and record.exc_info is not None:
            return f"{message}\n{self.formatException(record.exc_info)}"
        return f"{message}: {describe(error)} (--debug shows the details)"


@contextmanager
def diagnostics(*, debug: bool) -> Iterator[None]:
    """Run the command with citecheck's log records on stderr, one line each (DEBUG and
    tracebacks with `debug`), and turn any exception that escapes it, other than the
    command's own exits, into one line "citecheck: internal error: …" and exit status 2
    (the traceback follows with `debug`)."""
    logger = logging.getLogger("citecheck")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine(debug))
    saved = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug else logging.WARNING)
    logger.propagate = False
    try:
        yield
    except (typer.Exit, typer.Abort, TyperException, KeyboardInterrupt):
        raise
    except Exception as exc:
        if debug:
            traceback.print_exception(exc, file=sys.stderr)
        hint = "" if debug else " (run again with --debug for the traceback)"
        sys.stderr.write(f"citecheck: internal error: {describe(exc)}{hint}\n")
        raise typer.Exit(INTERNAL_ERROR_EXIT) from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _fresh_links(report: Report) -> list[Link]:
    """The links of `report` fetched by this run (skipped and cached ones left out)."""
    from citecheck.models import LinkStatus

    every = [link for d in report.documents for f in d.footnotes for link in f.links]
    every.extend(link for d in report.documents for s in d.inline_sources for link in s.links)
    return [
        link
        for link in every
        if link.status is not LinkStatus.SKIPPED
        and not (link.fetched is not None and link.fetched.from_cache)
    ]


def _proxy() -> str:
    """The proxy in use, as "host:port" without credentials, or ""."""
    from urllib.parse import urlsplit

    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        value = os.environ.get(name)
        if value:
            try:
                parts = urlsplit(value if "://" in value else f"http://{value}")
                where = parts.hostname or value
                return f"{where}:{parts.port}" if parts.port else where
            except ValueError:
                return name
    return ""


def network_hint(report: Report) -> str | None:
    """One line for a run in which the network, not the links, failed: every link fetched
    now (at least `HINT_MIN_LINKS`) failed to connect (refused, reset, proxy unreachable),
    or every one timed out. None otherwise."""
    from citecheck.models import LinkStatus, Reason

    links = _fresh_links(report)
    if len(links) < HINT_MIN_LINKS:
        return None
    proxy = _proxy()
    via = f" (proxy in use: {proxy})" if proxy else ""
    if all(link.reason is Reason.CONNECTION for link in links):
        return (
            f"citecheck: hint: every connection failed or was refused ({len(links)} links)"
            f"{via}: is a proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) or a firewall in the way?"
        )
    if all(link.status is LinkStatus.TIMEOUT for link in links):
        return (
            f"citecheck: hint: every link timed out ({len(links)} links){via}: is the network "
            "down or slow, or a proxy or firewall dropping connections? (see --timeout)"
        )
    return None
