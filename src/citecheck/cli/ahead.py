"""Work done while the network is awaited: from the first answer of a run on (every request
is out, the slowest answers are still to come) a daemon thread imports what the answers and the
report need (`deferred.import_all`: classify and verify; the renderer: rich for the table), so
that neither delays the first requests and after the last answer only the rendering is left.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from citecheck.check import LinkEvent, OnLink

__all__ = ["Ahead"]


class Ahead:
    """Each `work`, in order, run once in a daemon thread from the first finished link on
    (`on_link`); `wait` joins it. A failure there is left for the main thread to meet and
    report, where it does the same work for real."""

    def __init__(self, *work: Callable[[], object]) -> None:
        self._work = work
        self._thread: threading.Thread | None = None

    def on_link(self, then: OnLink | None) -> OnLink:
        """A progress callback that starts the work at the first finished link, then passes
        every event on to `then`."""

        def on_link(event: LinkEvent) -> None:
            if event.finished and self._thread is None:
                self.start()
            if then is not None:
                then(event)

        return on_link

    def start(self) -> None:
        """Start the work (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._quietly, name="citecheck-ahead")
            self._thread.daemon = True
            self._thread.start()

    def wait(self) -> None:
        """Until the work is done, if it was started."""
        if self._thread is not None:
            self._thread.join()

    def _quietly(self) -> None:
        for work in self._work:
            try:
                work()
            except Exception:  # the main thread does the same work, and reports what fails
                pass
