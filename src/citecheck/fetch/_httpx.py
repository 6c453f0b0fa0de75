"""httpx, imported without trio: httpcore imports trio when it is installed (65 ms of start-up)
only to support an event loop citecheck never runs on, and falls back cleanly without it."""

from __future__ import annotations

import sys

_HIDDEN = "trio" not in sys.modules
if _HIDDEN:
    sys.modules["trio"] = None  # type: ignore[assignment]  # "import trio" raises ImportError
try:
    import httpcore
    import httpx
finally:
    if _HIDDEN:
        del sys.modules["trio"]

__all__ = ["httpcore", "httpx"]
