"""Ctrl-C and SIGTERM during a run: the first signal stops what is going on in the way that
keeps the report true (reading: stop; fetching: cancel the fetches, report what finished;
reporting: finish), and later signals never cut the report short (one line says so).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType

__all__ = ["Interrupted", "Stopper"]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """A signal stopped the run before any link was fetched (nothing to report). A
    BaseException, like KeyboardInterrupt, so that no `except Exception` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        """The signal's number (2: SIGINT, 15: SIGTERM)."""


def _say(line: str) -> None:
    """One line on stderr from a signal handler: written to the file descriptor directly, so
    that it cannot collide with a buffered write the handler interrupted."""
    data = (line + "\n").encode("utf-8", "replace")
    try:
        os.write(sys.stderr.fileno(), data)
    except (OSError, ValueError, AttributeError):  # no real descriptor (captured stderr)
        sys.stderr.write(line + "\n")


class Stopper:
    """The run's SIGINT/SIGTERM handler, in three phases.

    - **reading** (from `installed` until `cancels`): the first signal raises `Interrupted`;
      nothing was checked, so there is nothing to report.
    - **fetching** (inside `cancels`): the first signal calls the cancel function; the fetches
      stop and the report of what finished is written (`signum` tells the caller).
    - **reporting** (after `cancels`): the first signal is only noted; the report is finished
      and written, then the caller exits with 128 + `signum`.

    A second signal in any phase after the first does not stop the report: the handler says
    once, in one line, that the report is being written, and returns.
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        """The first signal received, or None."""
        self._cancel: Callable[[], object] | None = None
        self._reporting = False
        self._told = False

    @contextlib.contextmanager
    def installed(self) -> Iterator[Stopper]:
        """Handle SIGINT and SIGTERM while the block runs; the previous handlers come back
        after it unless a signal came (then later ones are ignored while the process exits).
        Outside the main thread, where handlers cannot be set, nothing changes."""
        previous: list[tuple[signal.Signals, object]] = []
        with contextlib.suppress(ValueError):  # not the main thread: no handlers
            previous.extend((signum, signal.signal(signum, self._handle)) for signum in _SIGNALS)
        try:
            yield self
        finally:
            for signum, handler in previous:
                # After a signal the process is on its way out with 128 + signum: a later one
                # must not kill it with another status. SIG_IGN, not a Python handler, since
                # the interpreter resets those to the default while it shuts down.
                signal.signal(signum, handler if self.signum is None else signal.SIG_IGN)  # type: ignore[arg-type]

    @contextlib.contextmanager
    def cancels(self, cancel: Callable[[], object]) -> Iterator[None]:
        """The fetching phase: the first signal calls `cancel`. Reporting follows it."""
        self._cancel = cancel
        try:
            yield
        finally:
            self._cancel = None
            self._reporting = True

    def reporting(self) -> None:
        """From now on the first signal is only noted (offline runs skip the fetching)."""
        self._reporting = True

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        """The signal handler (see the class)."""
        if self.signum is not None:
            if not self._told:
                self._told = True
                _say("citecheck: already stopping: writing the report first")
            return
        self.signum = signum
        if self._cancel is not None:
            self._cancel()
        elif not self._reporting:
            raise Interrupted(signum)
