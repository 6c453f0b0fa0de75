"""Reading one footnote definition as a human reads it: Markdown reduced to plain text, URLs
wrapped over lines rejoined (`citecheck.urls` has the rules), prose hyphenation undone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.parse.layout import RawDefinition
from citecheck.parse.url_finder import WrapEvidence, find_urls, unescape_markdown
from citecheck.sentences import normalise_space
from citecheck.urls import same_resource

#: Markdown inline syntax in a definition: a link, an autolink, an HTML tag, strong emphasis, an
#: escape. Every alternative starts with one of the characters of the leading look-ahead, which
#: lets `re` skip to them in C (the pattern without it is the tests' reference).
_MD_INLINE_RE = re.compile(
    r"(?=[\[<*_\\])(?:"
    r"(?P<link>\[(?P<ltext>[^\]\n]*)\]\((?P<lurl>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<auto><(?P<aurl>(?:(?:https?|ftp)://|www\.)[^<>\s]+)>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>)"
    r"|(?P<strong>\*\*|__(?=\w)|(?<=\w)__)"
    r"|(?P<escape>\\+[\\`*_{}\[\]()#+\-.!|<>~]))"
)
URL_LIKE_RE = re.compile(r"^(?:(?:https?|ftp)://|www\.|doi:)", re.IGNORECASE)


def markdown_to_plain(text: str) -> tuple[str, tuple[str, ...]]:
    """Plain text of a Markdown definition and the texts of its links that are not URLs.

    `[text](url)` becomes "text (url)", or just the URL when the text is the URL itself (the
    seed writes `[https://a\\\\_b](https://a_b)`); `<url>` becomes the URL; escapes, `**` and
    HTML tags vanish. Line breaks are kept.
    """
    parts: list[str] = []
    titles: list[str] = []
    position = 0
    for match in _MD_INLINE_RE.finditer(text):
        parts.append(text[position : match.start()])
        position = match.end()
        kind = match.lastgroup
        if kind == "link":
            label = normalise_space(unescape_markdown(match.group("ltext")).replace("**", ""))
            url = unescape_markdown(match.group("lurl"))
            if (
                not label
                or label == url
                or (URL_LIKE_RE.match(label) and same_resource(label, url))
            ):
                parts.append(url)
            elif URL_LIKE_RE.match(label):
                parts.append(f"{label} {url}")
            else:
                titles.append(label)
                parts.append(f"{label} ({url})" if url else label)
        elif kind == "auto":
            parts.append(match.group("aurl"))
        elif kind == "escape":
            parts.append(unescape_markdown(match.group()))
        # tags and strong emphasis vanish
    parts.append(text[position:])
    return "".join(parts), tuple(titles)


_CONJUNCTIONS = frozenset({"und", "oder", "bzw", "sowie", "als", "bis", "and", "or", "to"})
_PROSE_BREAK_RE = re.compile(r"(?P<before>\S?)-[ \t]*\n[ \t]*(?P<word>[^\W\d_]*)|[ \t]*\n[ \t]*")


def _join_prose_lines(text: str) -> str:
    """Join the lines of a prose fragment, undoing line-break hyphenation.

    "Privi-" / "legien" → "Privilegien"; a capital or a conjunction after the hyphen keeps it
    ("Teach-In", "Hin- und").
    """

    def join(match: re.Match[str]) -> str:
        if match.group("word") is None:
            return " "
        before, word = match.group("before"), match.group("word")
        if not word:
            return f"{before}-"
        if word.lower() in _CONJUNCTIONS:
            return f"{before}- {word}"
        if before.isalpha() and word[0].islower():
            return f"{before}{word}"
        return f"{before}-{word}"

    if "\n" not in text:
        return text  # both of the pattern's alternatives need a line break
    return _PROSE_BREAK_RE.sub(join, text)


@dataclass(frozen=True, slots=True)
class DefinitionText:
    """A definition read as a human reads it."""

    text: str
    """Plain text, one line, whitespace-normalised, URLs rejoined."""
    urls: tuple[str, ...]
    """URLs in order, without duplicates."""
    url_starts: tuple[int, ...]
    """Offset in `text` of each URL occurrence (duplicates included), in order."""
    link_titles: tuple[str, ...]
    """Markdown link texts that are not URLs."""
    url_alternatives: tuple[tuple[str, ...], ...] = ()
    """Parallel to `urls`: each URL's other plausible readings."""


def read_definition(raw: RawDefinition, evidence: WrapEvidence | None = None) -> DefinitionText:
    """Plain one-line text, URLs and link titles of one raw definition.

    The text is the Markdown reduced to plain text, URLs wrapped over lines rejoined, prose
    hyphenation undone, whitespace normalised. The URLs are `find_urls` on that text with
    duplicates within the definition dropped (a Markdown link whose text is its own URL
    counts once).
    """
    if raw.markdown:
        plain, link_titles = markdown_to_plain(raw.text)
    else:
        plain, link_titles = raw.text, ()
    plain = plain.replace("\x00", "")  # NUL is the URL sentinel below
    found = find_urls(plain, evidence)
    pieces: list[str] = []
    position = 0
    for item in found:
        pieces.append(_join_prose_lines(plain[position : item.start]))
        pieces.append("\x00" + item.url + "\x00")
        position = item.end
    pieces.append(_join_prose_lines(plain[position:]))
    joined = normalise_space("".join(pieces))
    # The NUL sentinels mark where each URL sits after whitespace normalisation.
    text_parts = joined.split("\x00")
    text = "".join(text_parts)
    starts: list[int] = []
    offset = 0
    for index, part in enumerate(text_parts):
        if index % 2 == 1:
            starts.append(offset)
        offset += len(part)
    urls: dict[str, tuple[str, ...]] = {}
    for item in found:
        urls.setdefault(item.url, item.alternatives)
    return DefinitionText(text, tuple(urls), tuple(starts), link_titles, tuple(urls.values()))
