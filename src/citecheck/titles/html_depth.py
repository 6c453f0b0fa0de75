"""How deeply a page nests its elements, measured in linear time before its HTML5 tree is
built: the tree builder (as a browser's) walks the open elements at many start tags, so its
time grows with depth × tags (2,048 nested elements: 5 ms; 40,000: 2 s)."""

from __future__ import annotations

import re

DEPTH_CHECK_TAGS = 8192
"""A page with more "<" than this has its nesting measured (8,192 elements nested: 80 ms;
formatting markup crafted against HTML5's reopening can cost more below it, as in a browser)."""
MAX_TREE_DEPTH = 2048
"""Nesting deeper than this goes to the linear reader (`html_stream`)."""
MAX_ACTIVE_FORMATTING = 16
"""More formatting elements left open than this go there too: an HTML5 parser reopens them
wherever text follows (64 distinct ones before 100,000 paragraphs: 3 s; 1,500 before
20,000: 30 s)."""

_TOKEN = re.compile(r"<(/?)([a-z][a-z0-9]*)|<!--")  # in lower-cased markup
_COMMENT_END = re.compile(r"--!?>")
_RAW_TEXT_END = {"script": "</script", "style": "</style"}
# Elements that open nothing or that close an open one of their kind (a stack of them does
# not grow): left out of the depth.
_FLAT = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr"
    " p li dt dd option optgroup tr td th tbody thead tfoot rb rt rp a nobr button".split()
)
_FORMATTING = frozenset("b big code em font i s small strike strong tt u".split())
# An end tag does not reach past these to close an element opened before them (HTML5's
# "has an element in scope"): it is ignored.
_SCOPE_BOUNDARIES = frozenset(
    "applet caption html table td th marquee object template svg math".split()
)


def too_deep(markup: bytes | str) -> bool:
    """True when `markup`, a page with more than `DEPTH_CHECK_TAGS` "<", nests elements
    deeper than `MAX_TREE_DEPTH`.

    One pass over the tags as written: a start tag opens (but void, self-closing-by-kind
    `_FLAT` elements), an end tag closes the innermost open element of its name and those
    opened inside it, unless a `_SCOPE_BOUNDARIES` element opened after that one stands
    between (then, as in HTML5, it closes nothing); comments, scripts and styles are skipped
    to their ends. Each skip searches forward, each element is opened and closed once, so
    the pass is linear whatever the markup.
    """
    if isinstance(markup, bytes):
        if markup.count(b"<") <= DEPTH_CHECK_TAGS:
            return False
        text = markup.lower().decode("latin-1")  # the tag names are ASCII
    else:
        if markup.count("<") <= DEPTH_CHECK_TAGS:
            return False
        text = markup.lower()
    return _nests_deeper(text, MAX_TREE_DEPTH)


def _nests_deeper(text: str, limit: int) -> bool:
    """True when the open elements of lower-cased `text` ever number more than `limit`, or
    its active formatting elements (`_Formatting`) more than `MAX_ACTIVE_FORMATTING`."""
    stack: list[str] = []
    opened: dict[str, list[int]] = {}  # name: its positions in `stack`
    boundaries: list[int] = []  # positions of open scope boundaries
    formatting = _Formatting()
    pos = 0
    while (token := _TOKEN.search(text, pos)) is not None:
        pos = token.end()
        closing, name = token.group(1, 2)
        if name is None:  # "<!--": "<!-->" and "<!--->" end at once
            end = _COMMENT_END.search(text, token.start() + 2)
            if end is None:
                return False
            pos = end.end()
        elif closing:
            at = opened.get(name)
            top = at[-1] if at else len(stack)
            if name in _FORMATTING:
                formatting.ended(name)
                if top < len(stack) - 1:  # misnested: the adoption agency keeps blocks open
                    continue
            if not (boundaries and boundaries[-1] > top):
                while len(stack) > top:
                    popped = stack.pop()
                    opened[popped].pop()
                    if boundaries and boundaries[-1] == len(stack):
                        boundaries.pop()
        elif name in _RAW_TEXT_END:
            pos = text.find(_RAW_TEXT_END[name], pos)
            if pos < 0:
                return False
        elif name not in _FLAT:
            if name in _FORMATTING:
                formatting.opened(name, text[token.start() : text.find(">", pos) + 1])
            opened.setdefault(name, []).append(len(stack))
            if name in _SCOPE_BOUNDARIES:
                boundaries.append(len(stack))
            stack.append(name)
            if len(stack) > limit or formatting.active > MAX_ACTIVE_FORMATTING:
                return True
    return False


class _Formatting:
    """The formatting elements (b, i, font, …) an HTML5 parser keeps in its list of active
    ones until their own end tag, whatever closed them meanwhile: it reopens every one not
    open at each text and many start tags. As in HTML5, at most three alike (the same start
    tag as written) are kept."""

    def __init__(self) -> None:
        self._alike: dict[str, int] = {}  # start tag as written: how many are active
        self._by_name: dict[str, list[str]] = {}  # name: the start tags of active ones
        self.active = 0
        """How many are active."""

    def opened(self, name: str, written: str) -> None:
        """A formatting element `name` opened with the start tag `written`."""
        if self._alike.get(written, 0) < 3:
            self._alike[written] = self._alike.get(written, 0) + 1
            self._by_name.setdefault(name, []).append(written)
            self.active += 1

    def ended(self, name: str) -> None:
        """Its own end tag: the last active `name` is done with."""
        tags = self._by_name.get(name)
        if tags:
            written = tags.pop()
            self._alike[written] -= 1
            self.active -= 1
