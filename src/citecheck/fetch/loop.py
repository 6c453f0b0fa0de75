"""The event loop a run uses: uvloop for a large run where it is installed (its C loop
schedules thousands of sockets for less CPU), else asyncio's own; `CITECHECK_LOOP` decides.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
LoopFactory = Callable[[], asyncio.AbstractEventLoop]

LOOP_ENV = "CITECHECK_LOOP"
"""Environment variable choosing the loop: "uvloop" or "asyncio"; unset or "auto": by size."""

FAST_LOOP_MIN_URLS = 200
"""Distinct URLs from which uvloop is chosen. Below, it buys nothing: its import is cheap
(~4 ms after asyncio's), but one motion (40 URLs) took the same CPU on either loop (median of
10: 418 ms asyncio, 425 ms uvloop), and asyncio's loop is the one every platform has."""


def loop_factory(distinct: int = FAST_LOOP_MIN_URLS) -> LoopFactory | None:
    """uvloop's loop constructor for a run of `distinct` URLs, or None (asyncio's): uvloop when
    `CITECHECK_LOOP` says "uvloop", or when it says nothing and the run has
    `FAST_LOOP_MIN_URLS`; never when uvloop is not installed."""
    asked = os.environ.get(LOOP_ENV, "auto").strip().lower()
    if asked == "asyncio" or (asked != "uvloop" and distinct < FAST_LOOP_MIN_URLS):
        return None
    try:
        import uvloop
    except ImportError:
        return None
    factory: LoopFactory = uvloop.new_event_loop
    return factory


def run(main: Coroutine[Any, Any, T], *, distinct: int = FAST_LOOP_MIN_URLS) -> T:
    """`asyncio.run(main)` on the loop `loop_factory` chooses for `distinct` URLs."""
    with asyncio.Runner(loop_factory=loop_factory(distinct)) as runner:
        return runner.run(main)
