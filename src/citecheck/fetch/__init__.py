"""Fetching: the I/O seam between citecheck and the web.

`base.Fetcher` is the protocol `check` depends on; `http.HttpFetcher` is the real one;
`cache.CachedFetcher` decorates any fetcher with an on-disk cache.
"""
