"""The prose URL finder: URLs in footnote and body text as a careful reader reads them.

`find_urls` finds, trims and rejoins URLs wrapped over lines; a line-end hyphen inside a URL is
judged by `parse.wrap_hyphen`, and readings the evidence does not settle are kept as
`FoundUrl.alternatives`. Pure; word lists and the suffix list load on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.lazy_patterns import lazy_pattern
from citecheck.parse.hosts import find_bare_host, is_tld
from citecheck.parse.wrap_hyphen import WrapEvidence, fold_word, judge_hyphen, pair_score, zipf

__all__ = [
    "FoundUrl",
    "WrapEvidence",
    "drop_wrap_hyphen",
    "find_urls",
    "fold_word",
    "trim_url",
    "unescape_markdown",
]

#: Where a URL begins: a scheme, "www." or a DOI, not in the middle of a word or path. The
#: same as `(?<![\w@/.\-%])(?:(?:https?|ftp)://|www\d{0,3}\.(?=\w)|doi:10\.)`, spelt to open
#: with a character set so that `re` skips ahead fast (a 4 MB body in a third of the time).
_START_RE = re.compile(
    r"[hfwd](?<![\w@/.\-%].)"
    r"(?:(?<=h)ttps?://|(?<=f)tp://|(?<=w)ww\d{0,3}\.(?=\w)|(?<=d)oi:10\.)",
    re.IGNORECASE,
)
#: One stretch of URL characters (stops at blanks and at characters URLs as written lack).
_TOKEN_RE = re.compile(r"[^\s<>\"“”„«»|]*")
#: Blanks, one line break, blanks: the URL token ended at a line end.
_LINE_END_RE = re.compile(r"[ \t]*\n[ \t]*")
_PERCENT_END_RE = lazy_pattern(r"%[0-9A-Fa-f]{2}$")
#: A next-line word that is URL-ish on its own (a path, a query, a file name).
_URLISH_RE = lazy_pattern(
    r"[/=&_?#]|\.(?:html?|pdf|php\d?|aspx?|jsp|cfm|xml|docx?|xlsx?|pptx?|csv|txt)\b", re.I
)
#: A lower-case hyphenated slug ("about-this-collection."), a path segment after a "/" break,
#: perhaps with an id after a comma ("…-auch-in-bayern,UktrMur").
_SLUG_RE = lazy_pattern(r"[a-z0-9]+(?:-[a-z0-9]+)+(?:,[A-Za-z0-9]+)?[.,;]?")
#: "21/69", "20/14630," – Drucksache numbers on the next line are prose, not a URL tail.
_PROSE_NUMBER_RE = lazy_pattern(r"\d+/\d+[,;.:)]*")
#: File extensions a URL broken right after its dot may continue with.
_EXTENSION_RE = lazy_pattern(
    r"(?:html?|pdf|php\d?|aspx?|jsp|cfm|xml|json|docx?|xlsx?|pptx?|csv|txt|do|de|com|org|net|eu)\b",
    re.I,
)
_MARKDOWN_ESCAPE_RE = re.compile(r"\\+([\\`*_{}\[\]()#+\-.!|<>~])")
_TRAILING_JUNK = ".,;:!?'\"“”„»«’‘*"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}


@dataclass(frozen=True, slots=True)
class FoundUrl:
    """A URL found in a text: where it was written and how it reads."""

    start: int
    """Offset where the URL starts."""
    end: int
    """Offset just after its last character as written (wrap breaks included, trimmed
    punctuation excluded)."""
    url: str
    """The URL as a careful human reads it."""
    alternatives: tuple[str, ...] = ()
    """Other plausible readings of the same printed text (a line break the evidence does not
    settle), most plausible first; empty when the reading is unambiguous."""


def unescape_markdown(text: str) -> str:
    """Remove Markdown backslash escapes, however often the backslash was doubled."""
    return _MARKDOWN_ESCAPE_RE.sub(r"\1", text)


def trim_url(url: str) -> str:
    """Drop trailing punctuation, quotes and closing brackets that are not part of `url`.

    A closing bracket stays when the URL opens one of its kind ("wiki/Foo_(Bar)").
    """
    while url:
        last = url[-1]
        if last in _TRAILING_JUNK:
            url = url[:-1]
            continue
        opener = _CLOSERS.get(last)
        if opener is not None and url.count(opener) < url.count(last):
            url = url[:-1]
            continue
        break
    return url


def find_urls(text: str, evidence: WrapEvidence | None = None) -> list[FoundUrl]:
    """Every URL of `text` in order, wrapped URLs rejoined.

    - A URL starts at ``http://``, ``https://``, ``ftp://``, ``www.`` or ``doi:10.`` that does
      not continue a word, or at a scheme-less host with a real TLD and a path
      (`parse.hosts.find_bare_host`), and runs to the next blank or to a character no URL as
      written contains (``<``, ``>``, ``"``, German and English quotes, ``|``).
    - Trailing sentence punctuation, quotes and closing brackets without an opening partner
      inside the URL are trimmed (`trim_url`); balanced parentheses ("``…_(Band)``") stay.
    - Markdown escapes (``\\_`` and the seed's doubled ``\\\\_``) are removed; percent-encoding
      is kept byte for byte; scheme-less URLs and ``doi:`` identifiers are kept as written
      (`urls.fetchable` says what is fetched); ``#:~:text=`` fragments stay.
    - Over a line break the URL goes on when `_continues` says so (or, not sure, when
      `_may_continue` does); a hyphen at the break is judged by `wrap_hyphen.judge_hyphen`.
    - Inside a host name, a hyphen between two parts whose concatenation is a document word
      while one half is not ("uni-mann-heim.de" with "Mannheim" in the text) is removed
      (`_join_host_fragments`).
    """
    evidence = evidence if evidence is not None else WrapEvidence()
    found: list[FoundUrl] = []
    position = 0
    while start := _next_start(text, position):
        begin, after_start = start
        end, raw, others = _consume(text, begin, evidence)
        url = trim_url(unescape_markdown(raw))
        # Trimmed characters sit at the end of the last piece, so the written span shrinks.
        trimmed_end = max(begin, end - (len(raw) - len(trim_url(raw))))
        if _has_body(url):
            url = _join_host_fragments(url, evidence)
            alternatives: list[str] = []
            for other in others:
                reading = _join_host_fragments(trim_url(unescape_markdown(other)), evidence)
                if reading != url and reading not in alternatives and _has_body(reading):
                    alternatives.append(reading)
            found.append(FoundUrl(begin, trimmed_end, url, tuple(alternatives)))
        position = max(end, after_start)
    return found


def ends_inside_url(line: str) -> bool:
    """True when the last word of `line` is a URL or its beginning ("… unter www.iwh-"):
    a line break there is for `find_urls` to judge, not for the rules of prose."""
    words = line.split()
    if not words:
        return False
    word = words[-1].lstrip("([{„“\"'‚‘<")
    start = _next_start(word, 0)
    return start is not None and start[0] == 0


def _next_start(text: str, position: int) -> tuple[int, int] | None:
    """(start, end) of the next URL start from `position`: a scheme, "www.", a DOI, or a
    scheme-less host with a real TLD and a path ("bundesfinanzministerium.de/Content/…")."""
    match = _START_RE.search(text, position)
    bare = find_bare_host(text, position, match.start() if match else len(text))
    if bare is not None:
        return bare
    return (match.start(), match.end()) if match else None


def _has_body(url: str) -> bool:
    """True when a candidate is more than a bare scheme ("https://", "www.")."""
    if url[:4].lower() == "doi:":
        return "/" in url
    rest = url.split("://", 1)[-1]
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return "." in host.strip(".")


#: At most this many other readings are kept per URL.
_MAX_ALTERNATIVES = 3


def _consume(text: str, start: int, evidence: WrapEvidence) -> tuple[int, str, list[str]]:
    """Read one URL from `start`, following it over line breaks.

    Returns the end offset, the raw URL and the other raw readings of breaks the evidence
    did not settle (the hyphen read the other way, the URL ending at a plain break).
    """
    reading = ""
    others: list[str] = []  # readings that go on with the URL
    ended: list[str] = []  # readings that end at an earlier break
    index = start
    while True:
        token = _TOKEN_RE.match(text, index)
        assert token is not None  # the pattern matches the empty string
        piece = token.group()
        end = token.end()
        reading += piece
        others = [other + piece for other in others]
        line_end = _LINE_END_RE.match(text, end)
        if not piece or line_end is None:
            return end, reading, others + ended
        following = _TOKEN_RE.match(text, line_end.end())
        assert following is not None
        nxt = following.group()
        if not _continues(reading, nxt):
            if reading.endswith("/") and nxt[:4].lower() == "www.":
                # A path may hold a host ("…/sites/" newline "www.koalitionsvertrag2025.de/
                # files/…"): the next line is read as a URL of its own, the join kept.
                _, rest, _ = _consume(text, line_end.end(), evidence)
                return end, reading, [*others, *ended, reading + rest]
            if not _may_continue(reading, nxt, text[following.end() : following.end() + 40]):
                return end, reading, others + ended
            # Evidence too weak either way: read on, and keep the URL ending here as well.
            ended.append(reading)
        if reading.endswith("-"):
            blank_before_break = not line_end.group().startswith("\n")
            verdict = judge_hyphen(reading, nxt, evidence, blank_before_break=blank_before_break)
            if not verdict.sure:
                others.append(reading if verdict.drop else reading[:-1])
            if verdict.drop:
                reading = reading[:-1]
        others, ended = others[:_MAX_ALTERNATIVES], ended[:_MAX_ALTERNATIVES]
        index = line_end.end()


def _continues(url: str, nxt: str) -> bool:
    """Does the next line's first word surely continue `url` (which ends at a line break)?

    Yes when the URL so far ends with ``-`` (and the next word starts with a URL character),
    ``_``, ``=``, ``?``, ``&``, ``#``, ``~``, ``+``, ``:`` or a percent escape (``%20``); after
    ``/`` when the next word is path-like or a lower-case hyphenated slug ("…/web-archive/"
    newline "about-this-collection"); after ``.`` when it is path-like or an extension; and
    when the next word looks like the rest of a URL by itself (``/``, ``=``, ``&``, ``_``, a
    file extension), or, for a URL cut inside a word of a hyphenated slug, is a slug itself
    ("…/ueber-uns/net" newline "zwerke-und-partner)."). A next word starting with ``(``, a
    quote or a new URL never continues it ("…/studien/" newline "(abgerufen am …)").
    """
    if not nxt or _START_RE.match(nxt) or nxt[0] in "([{'‚‘’":
        return False
    last = url[-1]
    starts_urlish = nxt[0].isalnum() or nxt[0] in "%_-./=&?#~"
    if last == "-":
        return (
            nxt[0].isalnum()
            or nxt[0] in "%_/-"
            or (nxt[0] == "." and bool(_EXTENSION_RE().match(nxt[1:])))
        )
    if last in "_=?&#~+:" or _PERCENT_END_RE().search(url):
        return starts_urlish
    if last == "/":
        return starts_urlish and (_looks_urlish(nxt) or bool(_SLUG_RE().fullmatch(trim_url(nxt))))
    if last == ".":
        return _looks_urlish(nxt) or bool(_EXTENSION_RE().match(nxt))
    if last.isalnum():
        return _looks_urlish(nxt) or _continues_slug(url, nxt)
    return False


#: Words that start the prose after a URL ("…/liste/" newline "und …", "abgerufen am").
_PROSE_WORDS = frozenset(
    "und oder sowie bzw vgl siehe abgerufen aufgerufen zugegriffen abrufbar letzter zuletzt "
    "stand zugriff der die das den dem des ein eine in im an am auf aus bei mit nach von vom "
    "zu zum zur fuer für ist sind wird als wie laut and or the of in on at for to accessed "
    "retrieved last see available".split()
)
#: A token that reads as an identifier: digits, or letters and digits mixed ("1680a80c61").
_ID_RE = lazy_pattern(r"[!+]*[\w%~.+-]*\d[\w%~.=&/+-]*")
#: A path segment written as words ("Ciprofloxacin", "EU-Zulassung", "StartAction.do").
_PATH_WORD_RE = lazy_pattern(r"[^\W_][\w.-]*")
#: A host or file name continued after a dot ("sachsen.de", "envint.2024.108899").
_DOTTED_RE = lazy_pattern(r"[\w-]+(?:\.[\w-]+)+/?")
#: A URL that ended with a file extension and a sentence's full stop ("…/a.pdf.").
_FILE_END_RE = lazy_pattern(r"\.(?:html?|pdf|php\d?|aspx?|jsp|xml|docx?|xlsx?|csv|txt)\.$", re.I)


def _may_continue(url: str, nxt: str, rest: str) -> bool:
    """Plausible, not certain: the next line's first word may still belong to `url`.

    Checked where `_continues` says no, after a break at ``/`` or ``.``: an identifier
    ("…/project/id/" newline "261387)", "…/taz.de/…/" newline "!6096580/"), a lower-case word
    that is no prose word ("…/eli/dec/2004/579/" newline "oj"), a capitalised word that is no
    prose word and ends the sentence or precedes a bracket ("…/Haushalt/" newline
    "Finanzhilfen (abgerufen …"), after a dot a host or TLD ("…finanzen." newline
    "sachsen.de"). Such a reading is taken and the URL ending at the break kept as an
    alternative.
    """
    if not nxt or _START_RE.match(nxt) or nxt[0] in "([{'‚‘’\"":
        return False
    last = url[-1]
    word = trim_url(nxt)
    if not word or last not in "/." or (last == "." and _FILE_END_RE().search(url)):
        return False
    if _ID_RE().fullmatch(word):
        return True
    if word.lower() in _PROSE_WORDS:
        return False
    if last == ".":
        ending = word.rpartition(".")[2]
        return word.islower() and (
            bool(_DOTTED_RE().fullmatch(word) and (ending.isdigit() or is_tld(ending)))
            or bool(_EXTENSION_RE().fullmatch(word))
            or is_tld(word)
        )
    if not _PATH_WORD_RE().fullmatch(word):
        return False
    if not word[1:].islower() and not word[0].islower():
        return True  # mixed case or capitals: an identifier ("SPAxT", "StartAction.do")
    # A word: the URL's last segment unless a lower-case word goes on the sentence.
    return word != nxt or not rest.lstrip(" ")[:1].islower()


def _continues_slug(url: str, nxt: str) -> bool:
    """A slug URL cut inside a word ("…/ueber-uns/net" newline "zwerke-und-partner).")."""
    path = url.split("://", 1)[-1].partition("/")[2]
    return "-" in path and bool(_SLUG_RE().fullmatch(nxt.rstrip(".,;:)]")))


def _looks_urlish(word: str) -> bool:
    """A word that can only be the rest of a URL (a path, a query, a file name)."""
    return bool(_URLISH_RE().search(word)) and not _PROSE_NUMBER_RE().fullmatch(word)


def drop_wrap_hyphen(
    before: str, after: str, evidence: WrapEvidence, *, blank_before_break: bool = False
) -> bool:
    """True when the hyphen ending `before` (a URL cut at a line break) is the typesetter's.

    `after` is the first word of the next line; `judge_hyphen` has the rules.
    """
    return judge_hyphen(before, after, evidence, blank_before_break=blank_before_break).drop


def _join_host_fragments(url: str, evidence: WrapEvidence) -> str:
    """Undo mid-line hyphenation inside a host name ("uni-mann-heim.de" → "uni-mannheim.de"):
    where the joined word is printed in the document, is at least as common as the rarer of
    its parts ("Mannheim", but not "Windenergie" for "wind-energie.de"), and the parts are not
    both printed as words of their own."""
    scheme_end = url.find("://")
    host_start = scheme_end + 3 if scheme_end >= 0 else 0
    host_end = len(url)
    for separator in "/?#":
        found = url.find(separator, host_start)
        if found >= 0:
            host_end = min(host_end, found)
    host = url[host_start:host_end]
    if "-" not in host:
        return url
    labels = []
    for label in host.split("."):
        parts = label.split("-")
        merged = [parts[0]]
        for part in parts[1:]:
            previous = merged[-1]
            if (
                len(previous + part) >= 6
                and (previous + part).lower() not in url[host_end:].lower()
                and evidence.has_word(previous + part)  # before the word lists (~0.5 s to load)
                and zipf(previous + part) >= pair_score(previous, part)
                and not (
                    evidence.has_word(previous, standalone=True)
                    and evidence.has_word(part, standalone=True)
                )
            ):
                merged[-1] = previous + part
            else:
                merged.append(part)
        labels.append("-".join(merged))
    return url[:host_start] + ".".join(labels) + url[host_end:]
