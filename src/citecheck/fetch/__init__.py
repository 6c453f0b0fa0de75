"""Fetching: the I/O seam between citecheck and the web.

`base.Fetcher` is the protocol `check` depends on; `http.HttpFetcher` the real one (over
`transport` and `body`); `cache.CachedFetcher` puts an on-disk cache in front of any fetcher.
"""
