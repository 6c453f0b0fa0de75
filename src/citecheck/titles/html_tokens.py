"""A fast tokenizer for plainly written HTML that yields exactly the calls the standard library's
`html.parser` makes for it (`feed` then `close`); `html_page` falls back to `html.parser`
whenever this one cannot vouch for a construct."""

from __future__ import annotations

import re
from html import unescape
from typing import Protocol

Attrs = list[tuple[str, str | None]]
Event = tuple[str, str] | tuple[str, str, Attrs]
"""("data", text), ("start", tag, attrs), ("startend", tag, attrs) or ("end", tag)."""

# Plain start tags only: a name, attributes separated by ASCII whitespace, each with a quoted
# or a plain unquoted value, and ">" or "/>". Whatever html.parser reads differently (stray
# quotes, "=" or "<" in names or bare values, odd whitespace) does not match, and then the
# whole page goes to html.parser.
_START = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9:_.-]*)"
    r"((?:[ \t\n\r\f]+[^\s\"'<>/=`]+"
    r"(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)"
    r"[ \t\n\r\f]*(/?)>"
)
_ATTR = re.compile(
    r"([^\s\"'<>/=`]+)(?:[ \t\n\r\f]*=[ \t\n\r\f]*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?"
)
_END = re.compile(r"</([a-zA-Z][-.a-zA-Z0-9:_]*)[ \t\n\r\f]*>")
# html.parser's own end of a script or style element (its "CDATA" content is not markup).
_RAW_END = {name: re.compile(rf"</\s*{name}\s*>", re.IGNORECASE) for name in ("script", "style")}
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def attributes(written: str) -> Attrs:
    """The attributes of a plain start tag as html.parser gives them: names lower-cased, a
    value without quotes and with character references replaced, None without a value."""
    found: Attrs = []
    for match in _ATTR.finditer(written):
        name, value = match.group(1), match.group(2)
        if value is not None and value[:1] in "\"'" and value[:1] == value[-1:]:
            value = value[1:-1]
        found.append((name.lower(), unescape(value) if value else value))
    return found


class Handler(Protocol):
    """The calls of `html.parser.HTMLParser` that `read_plain` makes."""

    def handle_starttag(self, tag: str, attrs: Attrs) -> None: ...

    def handle_startendtag(self, tag: str, attrs: Attrs) -> None: ...

    def handle_endtag(self, tag: str) -> None: ...

    def handle_data(self, data: str) -> None: ...


def read_plain(text: str, attrs_of: frozenset[str], handler: Handler) -> bool:
    """Make on `handler` html.parser's calls for `text` (convert_charrefs on); False, part way,
    when `text` holds a construct this tokenizer does not read exactly as html.parser does: a
    start tag that is not plain, a "<" that starts no tag, `<![CDATA[`, a declaration other
    than the doctype, a comment holding "--", a script or style element never closed, markup
    cut off at the end (the caller then starts over with html.parser on a fresh handler).
    Attributes are read only for the tags in `attrs_of` (the others get an empty list)."""
    data, start, startend, end_tag = (
        handler.handle_data,
        handler.handle_starttag,
        handler.handle_startendtag,
        handler.handle_endtag,
    )
    find = text.find
    pos = 0
    while True:
        at = find("<", pos)
        if at < 0:
            if pos < len(text):
                data(unescape(text[pos:]))
            return True
        if at > pos:
            data(unescape(text[pos:at]))
        after = text[at + 1 : at + 2]
        if after in _LETTERS:
            match = _START.match(text, at)
            if match is None:
                return False
            tag = match.group(1).lower()
            attrs = attributes(match.group(2)) if tag in attrs_of else []
            pos = match.end()
            if match.group(3):
                startend(tag, attrs)
                continue
            start(tag, attrs)
            raw_end = _RAW_END.get(tag)
            if raw_end is not None:
                end = raw_end.search(text, pos)
                if end is None:
                    return False
                if end.start() > pos:
                    data(text[pos : end.start()])
                end_tag(tag)
                pos = end.end()
        elif after == "/":
            match = _END.match(text, at)
            if match is None:
                return False
            end_tag(match.group(1).lower())
            pos = match.end()
        else:
            end_of = _skipped(text, at)
            if end_of < 0:
                return False
            pos = end_of


class _Recorder:
    """A `Handler` that keeps the calls as events."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        self.events.append(("start", tag, attrs))

    def handle_startendtag(self, tag: str, attrs: Attrs) -> None:
        self.events.append(("startend", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("data", data))


def plain_tokens(text: str, attrs_of: frozenset[str]) -> list[Event] | None:
    """The calls `read_plain` makes for `text`, as events, or None when it gives up."""
    recorder = _Recorder()
    return recorder.events if read_plain(text, attrs_of, recorder) else None


def _skipped(text: str, at: int) -> int:
    """The end of a comment, doctype or processing instruction at `at` (constructs that make no
    call `html_page` uses), or -1 for anything else."""
    if text.startswith("<!--", at):
        close = text.find("-->", at + 4)
        body = text[at + 4 : close]
        if close < 0 or "--" in body or body.startswith((">", "->")):
            return -1
        return close + 3
    if text.startswith("<!", at) and text[at + 2 : at + 9].lower() == "doctype":
        close = text.find(">", at + 9)
        return close + 1 if close >= 0 else -1
    if text.startswith("<?", at):
        close = text.find(">", at + 2)
        return close + 1 if close >= 0 else -1
    return -1
