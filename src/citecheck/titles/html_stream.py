"""The linear reader for pages nested too deep for the HTML5 tree builder: one streaming pass
of the standard library's HTML parser over the tags as written (`html_page` decides when)."""

from __future__ import annotations

import logging
from html.parser import HTMLParser

from citecheck.titles.page import (
    INVISIBLE_TAGS,
    META_TITLE_KEYS,
    PageInfo,
    best_title,
    collapse_space,
    distinct_candidates,
)

logger = logging.getLogger(__name__)


def read_as_written(text: str) -> PageInfo:
    """Title candidates and visible text of `text`, read by `_PageParser` in linear time.

    What titles read before the HTML5 parser, kept for pages nested thousands of elements
    deep (broken generators, hostile pages), where building the HTML5 tree takes time
    quadratic in the depth; never raises for malformed input.
    """
    parser = _PageParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as exc:  # markup the parser gives up on
        logger.debug("unparsable HTML: %r", exc)
    found = [content for key in META_TITLE_KEYS for content in parser.meta[key]]
    if parser.title is not None:
        found.append(" ".join(parser.title))
    if parser.h1 is not None:
        found.append(" ".join(parser.h1))
    candidates = distinct_candidates(found)
    return PageInfo(candidates, best_title(candidates), collapse_space(" ".join(parser.text)))


_VOID_TAGS = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)


class _PageParser(HTMLParser):
    """Collects, in one pass, what `read_as_written` needs.

    `meta`: title-bearing `<meta>` contents by key (citation_title, dc.title, og:title,
    twitter:title); `title`: the strings of the first `<title>`; `h1`: those of the first
    `<h1>`; `text`: the visible strings (outside `INVISIBLE_TAGS` and comments). Nesting
    follows the tags as written, as BeautifulSoup's html.parser tree does: an end tag closes
    the innermost open element of its name and everything opened inside it, a stray end tag
    is ignored, void elements never open (linear time: a page of unclosed tags and stray end
    tags cannot make it quadratic). One addition from the HTML standard: `<body>`
    closes a `<head>` left open, so a page that omits `</head>` still has visible text.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {key: [] for key in META_TITLE_KEYS}
        self.title: list[str] | None = None
        self.h1: list[str] | None = None
        self.text: list[str] = []
        self._open: list[str] = []
        self._depth: dict[str, int] = {}  # open elements per name: "is one open?" in O(1)
        self._hidden = 0  # open invisible elements
        self._in_title = False  # inside the first <title>
        self._in_h1 = False  # inside the first <h1>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element; read title-bearing meta tags."""
        if tag == "meta":
            self._meta(attrs)
        if tag in _VOID_TAGS:
            return
        if tag == "body" and self._depth.get("head"):
            self._close("head")
        if tag == "title" and self.title is None:
            self.title, self._in_title = [], True
        elif tag == "h1" and self.h1 is None:
            self.h1, self._in_h1 = [], True
        self._open.append(tag)
        self._depth[tag] = self._depth.get(tag, 0) + 1
        if tag in INVISIBLE_TAGS:
            self._hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A self-closed element (`<meta … />`, `<nav/>`) opens nothing."""
        if tag == "meta":
            self._meta(attrs)

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost open element named `tag` (ignored when none is open)."""
        if self._depth.get(tag):
            self._close(tag)

    def handle_data(self, data: str) -> None:
        """Text: to the first title and h1 while they are open, and to the visible text."""
        if self._in_title:
            assert self.title is not None
            self.title.append(data)
        if self._in_h1:
            assert self.h1 is not None
            self.h1.append(data)
        if not self._hidden:
            self.text.append(data)

    def unknown_decl(self, data: str) -> None:
        """`<![CDATA[…]]>` is text, as BeautifulSoup counts it."""
        if data.startswith("CDATA["):
            self.handle_data(data[6:])

    def _close(self, tag: str) -> None:
        while self._open:
            name = self._open.pop()
            self._depth[name] -= 1
            if name in INVISIBLE_TAGS:
                self._hidden -= 1
            if name == "title":
                self._in_title = False
            elif name == "h1":
                self._in_h1 = False
            if name == tag:
                return

    def _meta(self, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        key = values.get("name") or values.get("property")
        content = values.get("content")
        if key is not None and content is not None:
            bucket = self.meta.get(key.strip().lower())
            if bucket is not None:
                bucket.append(content)
