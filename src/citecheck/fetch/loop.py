"""The event loop a run uses: uvloop for a large run where it is installed (its C loop
schedules thousands of sockets for less CPU), else asyncio's own; `CITECHECK_LOOP` decides.
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
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


YOUNG_COLLECTION_THRESHOLD = 10_000
"""Allocations (net of frees) between two collections of the youngest generation while a run's
loop runs; CPython's default is 700 (2,000 from 3.13). A fetch makes and drops thousands of
short-lived objects per URL, nearly all freed by reference counting: at 700 the collector ran
every few URLs. Bulk benchmark in one process (`benchmarks/env_ab.py`, median of 3): 6.84 s of
CPU at 700, 6.57 s at 10,000, 6.68 s at 50,000; the tree's peak RSS 141, 143 and 150 MB."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """While inside, the cyclic garbage collector runs rarely: what exists on entry (modules,
    the parsed documents) is frozen out of its scans (`gc.freeze`), and the youngest generation
    is collected every `YOUNG_COLLECTION_THRESHOLD` allocations. Cyclic garbage still goes, at
    most that many objects later. On exit both are undone."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], YOUNG_COLLECTION_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def run(main: Coroutine[Any, Any, T], *, distinct: int = FAST_LOOP_MIN_URLS) -> T:
    """`asyncio.run(main)` on the loop `loop_factory` chooses for `distinct` URLs, with
    `fewer_collections`."""
    with fewer_collections(), asyncio.Runner(loop_factory=loop_factory(distinct)) as runner:
        return runner.run(main)
