"""The one entry point the fetcher calls on a final response's body: `extract_page` picks the
reader for its media type."""

from __future__ import annotations

from citecheck.titles.charset import decode_body
from citecheck.titles.html_page import extract_html
from citecheck.titles.page import PageInfo, collapse_space
from citecheck.titles.pdf_page import extract_pdf

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})
_TEXT_TYPES = frozenset({"text/plain", "application/json"})


def extract_page(body: bytes | str, content_type: str | None, charset: str | None) -> PageInfo:
    """Title candidates, best title and visible text of a page.

    `content_type` is the media type without parameters (None: sniff as HTML); `charset` the
    charset parameter of the Content-Type header, if any. Plain text and JSON (a web
    archive's CDX answer) are their text; unknown media types give an empty `PageInfo`. Never
    raises for malformed input.
    """
    media = (content_type or "text/html").lower()
    if media == "application/pdf" or (isinstance(body, bytes) and body.startswith(b"%PDF-")):
        if isinstance(body, str):
            return PageInfo((), None, "")
        return extract_pdf(body)
    if media in _TEXT_TYPES:
        text = decode_body(body, charset, html=False)[0] if isinstance(body, bytes) else body
        return PageInfo((), None, collapse_space(text))
    if media not in _HTML_TYPES:
        return PageInfo((), None, "")
    return extract_html(body, charset)
