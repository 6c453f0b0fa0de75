"""Title candidates and visible text of an HTML page, read from the tree a browser builds: the
HTML5 parsing algorithm of Lexbor (selectolax), in C, scripts on as in a browser."""

from __future__ import annotations

from typing import TYPE_CHECKING

from citecheck.titles.charset import decode_body, sniff_codec
from citecheck.titles.html_depth import too_deep
from citecheck.titles.html_stream import read_as_written
from citecheck.titles.page import (
    INVISIBLE_TAGS,
    META_TITLE_KEYS,
    PageInfo,
    best_title,
    collapse_space,
    distinct_candidates,
)

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

# Foreign (SVG, MathML) subtrees: a <title> inside one is an icon's tooltip, not the page's
# title, unless it sits in an HTML island of it (SVG foreignObject, desc, title; MathML
# token elements), where the parser makes HTML elements again.
_FOREIGN_ROOTS = frozenset({"svg", "math"})
_HTML_ISLANDS = frozenset(
    {"foreignObject", "foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext"}
    | {"head", "body"}  # and nothing foreign holds these: the walk up ends there
)

_OTHER_SPACE_LATIN1 = bytes(c for c in range(256) if chr(c).isspace() and c != 32)


def extract_html(body: bytes | str, charset: str | None = None) -> PageInfo:
    """Title candidates and visible text of an HTML document.

    The page is parsed as a browser parses it (the HTML5 tree: an element left open ends
    with its parent, a stray end tag is ignored, `<body>` or any body content ends the head,
    comments and `<![CDATA[` are no text, a script ends where a browser ends it); then
    `_candidates` reads the title candidates, and the visible text is the text of the tree
    without `INVISIBLE_TAGS`, its strings joined by spaces and whitespace collapsed (what
    BeautifulSoup's `get_text(" ")` gives for the same tree). Lexbor builds the tree in C,
    several times faster than a Python pass over the markup; UTF-8 bytes go to it undecoded.
    A page nested deeper than `html_depth.MAX_TREE_DEPTH` is read by
    `html_stream.read_as_written`, in linear time.
    """
    markup = _markup(body, charset)
    if too_deep(markup):
        text = markup if isinstance(markup, str) else markup.decode("utf-8", "replace")
        return read_as_written(text)
    from selectolax.lexbor import LexborHTMLParser  # lazily: a run without pages skips it

    tree = LexborHTMLParser(markup, scripting=True)
    found = _candidates(tree)
    tree.strip_tags(list(INVISIBLE_TAGS), recursive=True)
    root = tree.root
    text = "" if root is None else root.text(separator=" ", strip=True, skip_empty=True)
    candidates = distinct_candidates(found)
    return PageInfo(candidates, best_title(candidates), _collapsed(text))


def _markup(body: bytes | str, charset: str | None) -> bytes | str:
    """`body` as the parser gets it: decoded as `decode_body` decodes it, except that UTF-8
    bytes are handed over as they are (Lexbor decodes UTF-8 as Python's "replace" does)."""
    if isinstance(body, str):
        return body
    codec, skip = sniff_codec(body, charset)
    if codec == "utf-8":
        return body[skip:] if skip else body
    return decode_body(body, charset)[0]


def _candidates(tree: LexborHTMLParser) -> list[str]:
    """The raw title candidates in the order of evidence: title-bearing `<meta>` contents
    (`META_TITLE_KEYS`, by `name` or `property`, each key in document order), the first HTML
    `<title>` (the document's title: not an SVG icon's), the first `<h1>`."""
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
    return found


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


def _collapsed(text: str) -> str:
    """`collapse_space(text)`, without its cost for a text that is collapsed already.

    A text without a double, leading or trailing space and without any whitespace but the
    space is its own collapsed form: a page whose strings hold no line breaks (minified
    markup) costs a scan or two instead of a split into words and a join. Text within
    Latin-1 is checked as bytes (`_OTHER_SPACE_LATIN1`: its whitespace but the space);
    other text with `str.isprintable` (every whitespace but the space is unprintable; a test
    checks both). A line break, common in written markup, sends the text to
    `collapse_space` at once."""
    if "\n" in text:
        return collapse_space(text)
    try:
        latin1 = text.encode("latin-1")
    except UnicodeEncodeError:
        if not text.isprintable() or "  " in text:
            return collapse_space(text)
    else:
        if len(latin1.translate(None, _OTHER_SPACE_LATIN1)) != len(latin1) or b"  " in latin1:
            return collapse_space(text)
    if text[:1] == " " or text[-1:] == " ":
        return text.strip(" ")
    return text
