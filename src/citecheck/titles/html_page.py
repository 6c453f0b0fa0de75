"""Title candidates and visible text of an HTML page, read from the tree a browser builds: the
HTML5 parsing algorithm of Lexbor (selectolax), in C, scripts on as in a browser."""

from __future__ import annotations

from typing import TYPE_CHECKING

from citecheck.titles.charset import decode_body, sniff_codec
from citecheck.titles.page import MAX_TITLE_CHARS, PageInfo, best_title, collapse_space

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements whose text a reader does not see as the page's content: code, styling, fallbacks a
# browser does not show (noscript with scripts on, noembed, noframes), and the
# navigation/boilerplate around it (menus would otherwise swamp short soft-404 pages).
INVISIBLE_TAGS = (
    "script",
    "style",
    "noscript",
    "noembed",
    "noframes",
    "template",
    "svg",
    "nav",
    "head",
    "title",
    "iframe",
    "object",
)
META_TITLE_KEYS = ("citation_title", "dc.title", "og:title", "twitter:title")
# Foreign (SVG, MathML) subtrees: a <title> inside one is an icon's tooltip, not the page's
# title, unless it sits in an HTML island of it (SVG foreignObject, desc, title; MathML
# token elements), where the parser makes HTML elements again.
_FOREIGN_ROOTS = frozenset({"svg", "math"})
_HTML_ISLANDS = frozenset(
    {"foreignObject", "foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext"}
    | {"head", "body"}  # and nothing foreign holds these: the walk up ends there
)


def extract_html(body: bytes | str, charset: str | None = None) -> PageInfo:
    """Title candidates and visible text of an HTML document.

    The page is parsed as a browser parses it (the HTML5 tree: an element left open ends
    with its parent, a stray end tag is ignored, `<body>` or any body content ends the head,
    comments and `<![CDATA[` are no text, a script ends where a browser ends it); then
    `_candidates` reads the title candidates, and the visible text is the text of the tree
    without `INVISIBLE_TAGS`, its strings joined by spaces and whitespace collapsed (what
    BeautifulSoup's `get_text(" ")` gives for the same tree). Lexbor builds the tree in C,
    several times faster than a Python pass over the markup; UTF-8 bytes go to it undecoded.
    """
    tree = _parse(body, charset)
    candidates = _candidates(tree)
    tree.strip_tags(list(INVISIBLE_TAGS), recursive=True)
    root = tree.root
    text = "" if root is None else root.text(separator=" ", strip=True, skip_empty=True)
    return PageInfo(candidates, best_title(candidates), _collapsed(text))


def _collapsed(text: str) -> str:
    """`collapse_space(text)`, without its cost for a text that is collapsed already.

    Every whitespace character but the space is unprintable (`str.isprintable`, a test
    checks), so a printable text without a double, leading or trailing space is its own
    collapsed form: a page whose strings hold no line breaks (minified markup) costs a scan
    instead of a split into words and a join. A line break, common in written markup, sends
    the text to `collapse_space` at once."""
    if "\n" in text or not text.isprintable() or "  " in text:
        return collapse_space(text)
    if text[:1] == " " or text[-1:] == " ":
        return text.strip(" ")
    return text


def _parse(body: bytes | str, charset: str | None) -> LexborHTMLParser:
    """The document tree of `body`: decoded as `decode_body` decodes it (UTF-8 bytes are
    handed over as they are: Lexbor decodes UTF-8 as Python's "replace" does)."""
    from selectolax.lexbor import LexborHTMLParser  # lazily: a run without pages skips it

    if isinstance(body, bytes):
        codec, skip = sniff_codec(body, charset)
        if codec == "utf-8":
            return LexborHTMLParser(body[skip:] if skip else body, scripting=True)
        body = decode_body(body, charset)[0]
    return LexborHTMLParser(body, scripting=True)


def _candidates(tree: LexborHTMLParser) -> tuple[str, ...]:
    """Every distinct title candidate, in the order of evidence: title-bearing `<meta>`
    contents (citation_title, dc.title, og:title, twitter:title; by `name` or `property`,
    each key in document order), the first HTML `<title>` (the document's title: not an
    SVG icon's), the first `<h1>`. Each is whitespace-collapsed and cut to
    `MAX_TITLE_CHARS`; a candidate equal to an earlier one but for case is dropped."""
    meta: dict[str, list[str]] = {key: [] for key in META_TITLE_KEYS}
    for node in tree.tags("meta"):
        attributes = node.attributes
        key = attributes.get("name") or attributes.get("property")
        content = attributes.get("content")
        if key is not None and content is not None:
            bucket = meta.get(key.strip().lower())
            if bucket is not None:
                bucket.append(content)
    found = [content for key in META_TITLE_KEYS for content in meta[key]]
    title = next((node for node in tree.tags("title") if not _in_foreign(node)), None)
    if title is not None:
        found.append(title.text(separator=" "))
    h1 = tree.tags("h1")
    if h1:
        found.append(h1[0].text(separator=" "))
    candidates: list[str] = []
    seen: set[str] = set()
    for raw in found:
        cleaned = collapse_space(raw)[:MAX_TITLE_CHARS]
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            candidates.append(cleaned)
    return tuple(candidates)


def _in_foreign(node: LexborNode) -> bool:
    """True when `node` lies in an SVG or MathML subtree (outside an HTML island in it)."""
    parent = node.parent
    while parent is not None:
        tag = parent.tag
        if tag in _HTML_ISLANDS:
            return False
        if tag in _FOREIGN_ROOTS:
            return True
        parent = parent.parent
    return False
