"""HTML input, the part that needs a document tree (BeautifulSoup): footnote links or lists
found, body and definitions walked as a browser shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import NavigableString

from citecheck.parse._layout_common import BodyBuilder
from citecheck.parse.layout import Layout, RawDefinition

_BLOCKS: frozenset[str] = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul", "caption", "center",
    }
)  # fmt: skip
_INVISIBLE: frozenset[str] = frozenset(
    {"head", "script", "style", "noscript", "template", "nav", "svg", "iframe", "object"}
)
_NUMBER_RE = re.compile(r"^\s*[\[(]?\s*(\d{1,4})\s*[\])]?\s*$")
_NOTES_RE = re.compile(r"foot ?notes?|end ?notes?|fu(?:ß|ss)noten|endnoten|anmerkungen", re.I)
_SCHEME_RE = re.compile(r"^(?:https?|ftp)://", re.IGNORECASE)
_SPACE_RE = re.compile(r"[ \t\r\n\f\u200b]+")


@dataclass(frozen=True, slots=True)
class _Note:
    """A footnote: its number and the element that holds its text."""

    number: int
    element: Tag


@dataclass(slots=True)
class _Notes:
    """Footnote references and definitions found in the page."""

    references: dict[int, int] = field(default_factory=dict)
    """id() of a reference element → footnote number."""
    definitions: list[_Note] = field(default_factory=list)
    backlinks: set[int] = field(default_factory=set)
    """id() of back-link anchors inside definitions (dropped from the text)."""

    @property
    def definition_ids(self) -> set[int]:
        """id() of every definition element."""
        return {id(note.element) for note in self.definitions}


def _is_invisible(tag: Tag) -> bool:
    if tag.name in _INVISIBLE:
        return True
    # LibreOffice's running head and footer; hidden elements.
    title = tag.get("title")
    if tag.name == "div" and isinstance(title, str) and title.lower() in ("header", "footer"):
        return True
    return tag.has_attr("hidden")


def _block_of(target: Tag, stop: set[int]) -> Tag:
    """The block that holds a link target: itself if a block, else its nearest block ancestor;
    then widened while the parent holds nothing else of interest (Word's `<div id=ftn1>`
    around the target's paragraph). `stop` holds id() of references and of every target."""
    block = target
    while block.name not in _BLOCKS and isinstance(block.parent, Tag):
        block = block.parent
    while block.name != "li" and isinstance(block.parent, Tag):
        parent = block.parent
        if parent.name not in _BLOCKS or parent.name in ("ol", "ul", "table", "tr", "tbody"):
            break
        others = (t for t in parent.find_all(True) if id(t) in stop and t is not target)
        if next(others, None) is not None:
            break
        if parent.find(["h1", "h2", "h3", "h4", "h5", "h6", "hr"]) is not None:
            break
        block = parent
    return block


def _linked_notes(soup: BeautifulSoup) -> _Notes:
    """References that link, forward, to an anchor; definitions are the anchors' blocks.

    A reference is a link to an anchor in the same page whose text is a number
    (`<a href="#fn1"><sup>1</sup></a>`, Word's `[1]`, LibreOffice's `sdfootnote` anchors) and
    whose target comes later in the document; the definition is the block holding the target
    (pandoc's `<li id="fn1">`, Word's `<div id="ftn1">`, LibreOffice's `<div id="sdfootnote1">`).
    """
    order = {id(tag): index for index, tag in enumerate(soup.find_all(True))}
    targets: dict[str, Tag] = {}
    for tag in soup.find_all(True):
        for attribute in ("id", "name") if tag.name == "a" else ("id",):
            value = tag.get(attribute)
            if isinstance(value, str) and value not in targets:
                targets[value] = tag
    notes = _Notes()
    found: list[tuple[int, Tag, Tag]] = []
    for anchor in soup.find_all("a", href=True):
        href = anchor.get("href")
        if not isinstance(href, str) or not href.startswith("#"):
            continue
        target = targets.get(href[1:])
        match = _NUMBER_RE.match(anchor.get_text())
        if target is None or match is None:
            continue
        if order.get(id(target), -1) <= order[id(anchor)]:
            notes.backlinks.add(id(anchor))  # points back: the definition's own number
            continue
        found.append((int(match.group(1)), anchor, target))
    stop = {id(anchor) for _, anchor, _ in found} | {id(target) for _, _, target in found}
    seen: set[int] = set()
    for number, anchor, target in found:
        notes.references[id(anchor)] = number
        block = _block_of(target, stop)
        if id(block) not in seen:
            seen.add(id(block))
            notes.definitions.append(_Note(number, block))
    for note in notes.definitions:
        for anchor in note.element.find_all("a", href=True):
            text = anchor.get_text().strip()
            if text in ("↩", "↩︎", "^", "↑") or "footnote-back" in (anchor.get("class") or []):
                notes.backlinks.add(id(anchor))
    return notes


def _sup_number(tag: Tag) -> int | None:
    match = _NUMBER_RE.match(tag.get_text())
    return int(match.group(1)) if match else None


def _listed_notes(soup: BeautifulSoup) -> _Notes:
    """Without links: `<sup>N</sup>` markers matched with numbered lists in a footnotes
    container (`<ol class="footnotes">`, a "Fußnoten" heading) or with paragraphs that start
    with `<sup>N</sup>`."""
    notes = _Notes()
    for container in soup.find_all(True):
        label = " ".join(
            str(v) for v in (container.get("id"), *(container.get("class") or [])) if v
        )
        if container.name == "ol" and (_NOTES_RE.search(label) or _notes_heading_before(container)):
            start = container.get("start")
            first = int(start) if isinstance(start, str) and start.isdigit() else 1
            items = container.find_all("li", recursive=False)
            notes.definitions.extend(_Note(first + i, li) for i, li in enumerate(items))
    if not notes.definitions:
        for para in soup.find_all("p"):
            first_child = next((c for c in para.children if str(c).strip()), None)
            if isinstance(first_child, Tag) and first_child.name == "sup":
                number = _sup_number(first_child)
                if number is not None:
                    notes.definitions.append(_Note(number, para))
                    notes.backlinks.add(id(first_child))
    known = {note.number for note in notes.definitions}
    inside = notes.definition_ids
    for sup in soup.find_all("sup"):
        number = _sup_number(sup)
        if number in known and not any(id(p) in inside for p in sup.parents):
            notes.references[id(sup)] = number
    return notes


def _notes_heading_before(tag: Tag) -> bool:
    heading = tag.find_previous(["h1", "h2", "h3", "h4", "h5", "h6"])
    if heading is None:
        return False
    return bool(_NOTES_RE.fullmatch(heading.get_text().strip().rstrip(":")))


@dataclass(slots=True)
class _TextWalk:
    """Renders an element's visible text with browser whitespace rules.

    With a `builder` the text goes into the body (markers recorded, blocks start new source
    lines); without one it is collected as a definition's text (blocks become "\n").
    """

    notes: _Notes
    builder: BodyBuilder | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    _parts: list[str] = field(default_factory=list)
    _break: str = ""
    _space: bool = False
    _line: int = 1
    _shown: list[str] = field(default_factory=list)

    def run(self, element: Tag, *, skip: set[int]) -> None:
        """Walk `element`, leaving out elements whose id() is in `skip`."""
        for child in element.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self._text(str(child))
                continue
            if not isinstance(child, Tag) or id(child) in skip or _is_invisible(child):
                continue
            if id(child) in self.notes.backlinks:
                continue
            number = self.notes.references.get(id(child))
            if number is not None:
                if self.builder is not None:
                    self.builder.marker(number)
                continue
            if child.name == "br":
                self._new_line("\n", child)
                continue
            block = child.name in _BLOCKS
            if block:
                self._new_line("\n\n", child)
            start = len(self._shown)
            self.run(child, skip=skip)
            href = child.get("href") if child.name == "a" else None
            if isinstance(href, str) and _SCHEME_RE.match(href):
                self.links.append((href, "".join(self._shown[start:])))
            if block:
                self._new_line("\n\n", child)

    def _new_line(self, separator: str, tag: Tag) -> None:
        if self._break != "\n\n":
            self._break = separator
        self._space = False
        if tag.sourceline is not None:
            self._line = tag.sourceline

    def _text(self, raw: str) -> None:
        text = _SPACE_RE.sub(" ", raw)
        if text.startswith(" "):
            self._space = True
        text = text.strip(" ")
        if not text:
            return
        started = bool(self._parts) or (self.builder is not None and not self.builder.is_empty)
        if not started:
            if self.builder is not None:
                self.builder.start_line(self._line, "")
        elif self._break:
            if self.builder is not None:
                self.builder.start_line(self._line, self._break)
            else:
                self._parts.append("\n")
        elif self._space and not text.startswith((".", ",", ";", ":", "!", "?", ")")):
            self._emit(" ")
        self._break = ""
        self._space = raw[-1:].isspace()
        self._emit(text)

    def _emit(self, text: str) -> None:
        self._shown.append(text)
        if self.builder is not None:
            self.builder.text(text)
        else:
            self._parts.append(text)

    def finish(self) -> str:
        """The collected text (definition mode)."""
        return "".join(self._parts)


def _definition(note: _Note, notes: _Notes) -> RawDefinition:
    """A note's text without its back-links (↩, Word's `[1]`); a link whose text does not show
    its target gets the target appended on a line of its own as "<URL>"."""
    walk = _TextWalk(notes)
    walk.run(note.element, skip=set())
    text = "\n".join(line.strip() for line in walk.finish().split("\n") if line.strip())
    extra = [
        f"<{href}>"
        for href, shown in walk.links
        if _bare(href) not in _bare(shown) and f"<{href}>" not in text
    ]
    if extra:
        text = "\n".join([text, *dict.fromkeys(extra)])
    line = note.element.sourceline or 1
    return RawDefinition(note.number, str(note.number), line, text)


def _bare(url: str) -> str:
    return _SCHEME_RE.sub("", url.strip()).rstrip("/").lower()


def html_layout(text: str) -> Layout:
    """Split an HTML page into body, markers and definitions.

    Notes are linked (`_linked_notes`) or, without links, listed (`_listed_notes`). Whitespace
    is collapsed as a browser does; paragraphs are separated by a blank line; lines are source
    lines of the HTML (where the block starts). LibreOffice's running head and footer
    (`<div title="header">`), scripts, styles and navigation are left out.
    """
    soup = BeautifulSoup(text, "html.parser")
    notes = _linked_notes(soup)
    if not notes.definitions:
        notes = _listed_notes(soup)
    root = soup.body if soup.body is not None else soup
    builder = BodyBuilder()
    walk = _TextWalk(notes, builder)
    skip = notes.definition_ids | _containers(notes)
    walk.run(root, skip=skip)
    walk.finish()
    definitions = tuple(_definition(note, notes) for note in notes.definitions)
    return builder.build("html", definitions)


def _containers(notes: _Notes) -> set[int]:
    """Footnote sections around the definitions (pandoc's `<section class=footnotes>`)."""
    found: set[int] = set()
    for note in notes.definitions:
        for parent in note.element.parents:
            label = " ".join(str(v) for v in (parent.get("id"), *(parent.get("class") or [])) if v)
            if parent.name in ("body", "html", "[document]"):
                break
            if _NOTES_RE.search(label):
                found.add(id(parent))
    return found
