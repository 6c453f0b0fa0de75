"""Title candidates and visible text of an HTML page, in one streaming pass: the calls of the
standard library's HTML parser, made by a fast tokenizer for plainly written pages."""

from __future__ import annotations

import logging
from html.parser import HTMLParser

from citecheck.titles.charset import decode_body
from citecheck.titles.html_tokens import read_plain
from citecheck.titles.page import MAX_TITLE_CHARS, PageInfo, best_title, collapse_space

logger = logging.getLogger(__name__)

# Elements whose text a reader does not see as the page's content: code, styling, and the
# navigation/boilerplate around it (menus would otherwise swamp short soft-404 pages).
_INVISIBLE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "head",
    "title",
    "iframe",
    "object",
)
_META_TITLE_KEYS = ("citation_title", "dc.title", "og:title", "twitter:title")


def extract_html(body: bytes | str, charset: str | None = None) -> PageInfo:
    """Title candidates and visible text of an HTML document.

    One streaming pass (`_PageParser`): no tree is built, which makes this about four times
    faster than BeautifulSoup on real pages (a 184 KB page: 34 ms against 147 ms), and every
    fetched page goes through here. A plainly written page is tokenized by
    `html_tokens.read_plain` (the same calls, several times faster); any other goes through
    the standard library's HTML parser.
    """
    text = decode_body(body, charset)[0] if isinstance(body, bytes) else body
    parser = _PageParser()
    if not read_plain(text, _ATTRIBUTES_READ, parser):
        parser = _PageParser()  # start over: the tokenizer gave up part way
        try:
            parser.feed(text)
            parser.close()
        except (AssertionError, ValueError) as exc:  # markup the parser gives up on
            logger.debug("unparsable HTML: %r", exc)

    found = [content for key in _META_TITLE_KEYS for content in parser.meta[key]]
    if parser.title is not None:
        found.append(" ".join(parser.title))
    if parser.h1 is not None:
        found.append(" ".join(parser.h1))

    candidates: list[str] = []
    seen: set[str] = set()
    for raw in found:
        cleaned = collapse_space(raw)[:MAX_TITLE_CHARS]
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            candidates.append(cleaned)
    return PageInfo(
        tuple(candidates), best_title(candidates), collapse_space(" ".join(parser.text))
    )


_ATTRIBUTES_READ = frozenset({"meta"})  # the only tag whose attributes `_PageParser` reads
_VOID_TAGS = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)


class _PageParser(HTMLParser):
    """Collects, in one pass, what `extract_html` needs.

    `meta`: title-bearing `<meta>` contents by key (citation_title, dc.title, og:title,
    twitter:title); `title`: the strings of the first `<title>`; `h1`: those of the first
    `<h1>`; `text`: the visible strings (outside `_INVISIBLE_TAGS` and comments). Nesting
    follows the tags as written, as BeautifulSoup's html.parser tree does: an end tag closes
    the innermost open element of its name and everything opened inside it, a stray end tag
    is ignored, void elements never open (linear time: a page of unclosed tags and stray end
    tags cannot make it quadratic). One addition from the HTML standard: `<body>`
    closes a `<head>` left open, so a page that omits `</head>` still has visible text.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {key: [] for key in _META_TITLE_KEYS}
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
        if tag in _INVISIBLE_TAGS:
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
            if name in _INVISIBLE_TAGS:
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
