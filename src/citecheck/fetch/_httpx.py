"""httpx, imported without trio: httpcore imports trio when it is installed (65 ms of start-up)
only to support an event loop citecheck never runs on, and falls back cleanly without it.
httpx 0.29 imports httpcore only when a transport of its own is built; `_httpcore` imports it
under the same guard."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_trio() -> Iterator[None]:
    """While inside, "import trio" raises ImportError (unless trio is already loaded)."""
    hidden = "trio" not in sys.modules
    if hidden:
        sys.modules["trio"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if hidden:
            del sys.modules["trio"]


with without_trio():
    import httpx

__all__ = ["httpx", "without_trio"]
