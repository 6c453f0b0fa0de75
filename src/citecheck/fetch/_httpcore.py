"""httpcore, imported without trio (see `_httpx`): only the httpcore path and proxies need it,
so it is loaded when a run first needs them."""

from __future__ import annotations

from citecheck.fetch._httpx import without_trio

with without_trio():
    import httpcore

__all__ = ["httpcore"]
