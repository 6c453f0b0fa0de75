"""Pure URL rules: finding URLs in footnote text as a careful reader would, and comparing them.

What lives here (no I/O, no httpx; imports: stdlib only):

Finding (`find_urls`, `trim_url`, `unescape_markdown`):

- A URL starts at ``http://``, ``https://``, ``ftp://``, ``www.`` or ``doi:10.`` that does not
  continue a word, and runs to the next blank or to a character no URL as written contains
  (``<``, ``>``, ``"``, German and English quotes, ``|``).
- Trailing sentence punctuation (``. , ; : ! ?``), quotes and closing brackets that have no
  opening partner inside the URL are trimmed; balanced parentheses ("``…_(Band)``") stay.
- Backslashes before punctuation are Markdown escapes (``\\_`` and the seed's doubled
  ``\\\\_``) and are removed; percent-encoding is kept byte for byte; scheme-less ``www.`` URLs
  and ``doi:`` identifiers are kept as written (see `fetchable` for what gets fetched);
  ``#:~:text=`` fragments are ordinary fragments and stay.

Rejoining URLs wrapped over lines (PDF text layers break long URLs anywhere):

- A URL continues on the next line when the line ends inside it, i.e. when the URL so far ends
  with ``-``, ``/``, ``_``, ``=``, ``?``, ``&``, ``#``, ``~``, ``+``, ``:`` or a percent escape
  (``%20``) and the next line starts with URL characters (after ``/`` only a path-like word or
  a lower-case hyphenated slug: "…/web-archive/" newline "about-this-collection"); or when the
  next line's first word looks like the rest of a URL by itself (it contains ``/``, ``=``,
  ``&``, ``_`` or ends in a file extension such as ``.html``), or, for a URL cut inside a word
  whose path is a hyphenated slug, is itself a lower-case hyphenated slug ("…/ueber-uns/net"
  newline "zwerke-und-partner)."). A next line starting with
  ``(``, a quote or a new URL never continues it ("…/studien/" newline "(abgerufen am …)").
- A hyphen at such a line end is either a real hyphen of the URL (slugs, ids) or an artefact of
  the text layer's hyphenation. `WrapEvidence` decides, first rule that applies wins:

  1. blank between the hyphen and the line break ("liste- " newline): kept – the producer saw a
     word boundary there;
  2. hyphen right after ``/``: dropped (no path segment starts with ``-``: "121.DAET/-121_…");
  3. next line starts with a digit: kept (ids and dates: "…luftverkehrsteuer-1681874",
     "…-a-57963a33-…", "…arzt-676e58…");
  4. the two halves joined are a word used elsewhere in the same document (body or other
     footnotes, umlauts folded: "Bevoelke-rung" ↔ "Bevölkerung", "bundes-tag" ↔ "Bundestag"):
     dropped;
  5. the hyphenated pair occurs elsewhere in the document ("Share-Deals-in-derGrund…" printed
     unbroken in another footnote): kept;
  6. next half starts with a capital ("…auslaendischer-Aerzte.html"): kept – hyphenation never
     capitalises the rest of a word;
  7. English document: kept (English producers break at real hyphens only);
  8. next half is a German suffix syllable – at most three letters ("-ten", "-gen", "-ken",
     "-ger"), letters glued to digits ("ar-ticle25447876") or consonant + "ung"
     ("bewe-gungsapparat"): dropped;
  9. otherwise kept: both halves look like whole slug words ("…immer-noch-verschrieben").

- Inside a host name, a hyphen between two parts whose concatenation is a document word while
  one half is not a word ("uni-mann-heim.de" with "Mannheim" in the text) is a text-layer
  artefact and is removed.

Comparing (`fetchable`, `is_supported_scheme`, `same_resource`, `is_site_home`, `host_of`):
see each function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Where a URL begins: a scheme, "www." or a DOI, not in the middle of a word or path.
_START_RE = re.compile(r"(?<![\w@/.\-%])(?:(?:https?|ftp)://|www\.(?=\w)|doi:10\.)", re.IGNORECASE)
#: One stretch of URL characters (stops at blanks and at characters URLs as written lack).
_TOKEN_RE = re.compile(r"[^\s<>\"“”„«»|]*")
#: Blanks, one line break, blanks: the URL token ended at a line end.
_LINE_END_RE = re.compile(r"[ \t]*\n[ \t]*")
_PERCENT_END_RE = re.compile(r"%[0-9A-Fa-f]{2}$")
#: A next-line word that is URL-ish on its own (a path, a query, a file name).
_URLISH_RE = re.compile(
    r"[/=&_?#]|\.(?:html?|pdf|php\d?|aspx?|jsp|cfm|xml|docx?|xlsx?|pptx?|csv|txt)\b", re.I
)
#: A lower-case hyphenated slug ("about-this-collection."), a path segment after a "/" break.
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+[.,;]?")
#: "21/69", "20/14630," – Drucksache numbers on the next line are prose, not a URL tail.
_PROSE_NUMBER_RE = re.compile(r"\d+/\d+[,;.:)]*")
#: File extensions a URL broken right after its dot may continue with.
_EXTENSION_RE = re.compile(r"(?:html?|pdf|php\d?|aspx?|jsp|de|com|org|net|eu)\b", re.I)
_WORD_TAIL_RE = re.compile(r"[^\W\d_]+$")
_WORD_HEAD_RE = re.compile(r"[^\W\d_]+")
#: Consonant(s) + "ung": a German suffix syllable that never starts a word ("bewe-gungs…").
_UNG_SYLLABLE_RE = re.compile(r"[^aeiouäöüy]{1,2}ung", re.IGNORECASE)
_MARKDOWN_ESCAPE_RE = re.compile(r"\\+([\\`*_{}\[\]()#+\-.!|<>~])")
_TRAILING_JUNK = ".,;:!?'\"“”„»«’‘*"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_GERMAN_RE = re.compile(r"\b(?:der|die|das|und|nicht|mit|fuer|von|ist)\b")
_ENGLISH_RE = re.compile(r"\b(?:the|and|of|is|for|with|that|to)\b")
#: Paths that are a site's front page rather than a document.
_HOME_PATHS = frozenset(
    {
        "",
        "/",
        "/de",
        "/en",
        "/home",
        "/start",
        "/startseite",
        "/index",
        "/index.html",
        "/index.htm",
        "/index.php",
        "/default.asp",
        "/default.aspx",
        "/de/startseite",
        "/en/home",
        "/de/home",
    }
)


def fold_word(word: str) -> str:
    """Lower-case a word and spell umlauts and ß as URLs do (ä → ae, ß → ss)."""
    lowered = word.lower()
    if lowered.isascii():
        return lowered
    return lowered.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


class WrapEvidence:
    """What a document says about its own words, used to judge hyphens in URLs.

    Lookups are lazy and memoised (a plain class rather than a dataclass for that reason): a
    megabyte document whose URLs never wrap pays nothing, one that does pays one lower-casing
    pass plus a substring search per distinct question.
    """

    __slots__ = ("_english", "_lower", "_memo", "_text")

    def __init__(self, text: str = "") -> None:
        """Evidence from a document's whole text (body and footnotes)."""
        self._text = text
        self._lower: str | None = None
        self._english: bool | None = None
        self._memo: dict[str, bool] = {}

    @property
    def english(self) -> bool:
        """True when the document is written in English (function words counted)."""
        if self._english is None:
            sample = self._text[:200_000].lower()
            english = len(_ENGLISH_RE.findall(sample))
            # A handful of words says nothing ("to" is also in German URLs).
            self._english = english >= 5 and english > len(_GERMAN_RE.findall(sample))
        return self._english

    def has_word(self, word: str, *, standalone: bool = False) -> bool:
        """Does `word` occur as a whole word in the document (case and umlauts folded)?

        With `standalone`, occurrences inside a hyphen compound ("uni-mann-heim") do not count.
        """
        return self._occurs(fold_word(word), standalone)

    def has_pair(self, first: str, second: str) -> bool:
        """Does "first-second" occur in the document as a hyphenated pair of whole words?"""
        return self._occurs(f"{fold_word(first)}-{fold_word(second)}", False)

    def _occurs(self, folded: str, standalone: bool) -> bool:
        """Memoised whole-word search of a folded string and its umlaut spellings."""
        if not folded:
            return False
        key = f"{folded}\x00" if standalone else folded
        known = self._memo.get(key)
        if known is not None:
            return known
        if self._lower is None:
            self._lower = self._text.lower()
        umlauts = folded.replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")
        variants = {folded, umlauts, umlauts.replace("ss", "ß")}
        found = any(_whole_word_in(self._lower, v, standalone) for v in variants)
        self._memo[key] = found
        return found


def _whole_word_in(text: str, word: str, standalone: bool) -> bool:
    """True when `word` occurs in `text` not preceded or followed by a letter (or a hyphen)."""
    index = text.find(word)
    checked = 0
    while index >= 0 and checked < 1000:
        end = index + len(word)
        before = text[index - 1] if index > 0 else " "
        after = text[end] if end < len(text) else " "
        if _is_boundary(before, standalone) and _is_boundary(after, standalone):
            return True
        index = text.find(word, index + 1)
        checked += 1
    return False


def _is_boundary(char: str, standalone: bool) -> bool:
    """A character that may border a whole word."""
    return not char.isalpha() and not (standalone and char == "-")


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
    """Every URL of `text` in order, wrapped URLs rejoined (see the module rules)."""
    evidence = evidence if evidence is not None else WrapEvidence()
    found: list[FoundUrl] = []
    position = 0
    while match := _START_RE.search(text, position):
        end, raw = _consume(text, match.start(), evidence)
        url = trim_url(unescape_markdown(raw))
        # Trimmed characters sit at the end of the last piece, so the written span shrinks.
        trimmed_end = max(match.start(), end - (len(raw) - len(trim_url(raw))))
        if _has_body(url):
            found.append(FoundUrl(match.start(), trimmed_end, _join_host_fragments(url, evidence)))
        position = max(end, match.end())
    return found


def _has_body(url: str) -> bool:
    """True when a candidate is more than a bare scheme ("https://", "www.")."""
    if url[:4].lower() == "doi:":
        return "/" in url
    rest = url.split("://", 1)[-1]
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return "." in host.strip(".")


def _consume(text: str, start: int, evidence: WrapEvidence) -> tuple[int, str]:
    """Read one URL from `start`, following it over line breaks; (end offset, raw URL)."""
    pieces: list[str] = []
    index = start
    while True:
        token = _TOKEN_RE.match(text, index)
        assert token is not None  # the pattern matches the empty string
        piece = token.group()
        end = token.end()
        pieces.append(piece)
        line_end = _LINE_END_RE.match(text, end)
        if not piece or line_end is None:
            return end, "".join(pieces)
        following = _TOKEN_RE.match(text, line_end.end())
        assert following is not None
        nxt = following.group()
        so_far = "".join(pieces)
        if not _continues(so_far, nxt):
            return end, so_far
        if so_far.endswith("-"):
            blank_before_break = not line_end.group().startswith("\n")
            if drop_wrap_hyphen(so_far, nxt, evidence, blank_before_break=blank_before_break):
                pieces[-1] = pieces[-1][:-1]
        index = line_end.end()


def _continues(url: str, nxt: str) -> bool:
    """Does the next line's first word continue `url` (which ends at a line break)?"""
    if not nxt or _START_RE.match(nxt) or nxt[0] in "([{'‚‘’":
        return False
    last = url[-1]
    starts_urlish = nxt[0].isalnum() or nxt[0] in "%_-./=&?#~"
    if last == "-":
        return nxt[0].isalnum() or nxt[0] == "%"
    if last in "_=?&#~+:" or _PERCENT_END_RE.search(url):
        return starts_urlish
    if last == "/":
        return starts_urlish and (_looks_urlish(nxt) or bool(_SLUG_RE.fullmatch(nxt)))
    if last == ".":
        return _looks_urlish(nxt) or bool(_EXTENSION_RE.match(nxt))
    if last.isalnum():
        return _looks_urlish(nxt) or _continues_slug(url, nxt)
    return False


def _continues_slug(url: str, nxt: str) -> bool:
    """A slug URL cut inside a word ("…/ueber-uns/net" newline "zwerke-und-partner).")."""
    path = url.split("://", 1)[-1].partition("/")[2]
    return "-" in path and bool(_SLUG_RE.fullmatch(nxt.rstrip(".,;:)]")))


def _looks_urlish(word: str) -> bool:
    """A word that can only be the rest of a URL (a path, a query, a file name)."""
    return bool(_URLISH_RE.search(word)) and not _PROSE_NUMBER_RE.fullmatch(word)


def drop_wrap_hyphen(
    before: str, after: str, evidence: WrapEvidence, *, blank_before_break: bool = False
) -> bool:
    """True when the hyphen ending `before` (a URL cut at a line break) is an artefact.

    `after` is the first word of the next line. The rules and their order are in the module
    docstring; they are tuned on Bundestag/Landtag DIP texts and CRS reports.
    """
    if blank_before_break or not after:
        return False
    if before[-2:-1] == "/":
        return True
    if after[0].isdigit():
        return False
    head = _WORD_TAIL_RE.search(before[:-1])
    tail = _WORD_HEAD_RE.match(after)
    if head is None or tail is None:
        return False
    joined = head.group() + tail.group()
    if len(joined) >= 5 and evidence.has_word(joined):
        return True
    if evidence.has_pair(head.group(), tail.group()):
        return False
    if tail.group()[0].isupper():
        return False
    if evidence.english:
        return False
    rest = after[tail.end() :]
    return (
        len(tail.group()) <= 3
        or rest[:1].isdigit()
        or _UNG_SYLLABLE_RE.match(tail.group()) is not None
    )


def _join_host_fragments(url: str, evidence: WrapEvidence) -> str:
    """Undo mid-line hyphenation inside a host name ("uni-mann-heim.de" → "uni-mannheim.de")."""
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
                and evidence.has_word(previous + part)
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


def fetchable(url: str) -> str:
    """The URL to request: "https://" added to scheme-less "www." URLs, DOIs via doi.org.

    "doi:10.1000/xyz" becomes "https://doi.org/10.1000/xyz"; anything else is returned as is.
    """
    stripped = url.strip()
    lowered = stripped.lower()
    if lowered.startswith("doi:"):
        return "https://doi.org/" + stripped[4:].lstrip("/")
    if lowered.startswith("www.") or (
        "://" not in stripped and not lowered.startswith(("mailto:", "ftp:"))
    ):
        return "https://" + stripped
    return stripped


def is_supported_scheme(url: str) -> bool:
    """True when citecheck can fetch the URL: http or https after `fetchable` (a malformed
    http(s) URL included: `url_defect` says what is wrong with it)."""
    return fetchable(url).lower().startswith(("http://", "https://"))


_LABEL = re.compile(r"[a-z0-9_-]+")


def url_defect(url: str) -> str | None:
    """Why the http(s) URL `url` (after `fetchable`) cannot be requested, as a readable
    phrase, or None when it is well-formed. The malformed-URL rules:

    * it must split into parts (a stray ``[`` makes an "invalid IPv6 URL");
    * it has a host name;
    * a port is a number from 1 to 65535 (``example.org:99999`` is not);
    * a host name has at most 253 characters, no empty label and labels of at most 63;
      ASCII labels hold letters, digits, ``-`` and ``_`` only; other labels must be
      encodable as IDNA;
    * an IDNA label (``xn--…``) is valid punycode that decodes to a name with non-ASCII
      letters and no control characters, and encodes back to itself (``xn--zz`` and
      ``xn--a``, which decodes to U+0080, are not).

    IP literals are left to the fetcher's address rules.
    """
    target = fetchable(url)
    try:
        parts = urlsplit(target)
        host = parts.hostname or ""
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if not host:
        return "has no host name"
    port = _port_defect(parts.netloc)
    if port is not None:
        return port
    if host.startswith("[") or ":" in host or re.fullmatch(r"[\d.]+", host):
        return None
    return _host_defect(host)


def _port_defect(netloc: str) -> str | None:
    """What is wrong with the port of `netloc`, or None (no port, or one from 1 to 65535)."""
    hostport = netloc.rpartition("@")[2]
    if hostport.startswith("["):
        hostport = hostport.partition("]")[2]
    _, colon, port = hostport.rpartition(":")
    if not colon or not port:
        return None
    if not port.isascii() or not port.isdigit():
        return f"has a port that is not a number ({port!r})"
    if not 1 <= int(port) <= 65535:
        return f"has port {port}, which is out of range (1–65535)"
    return None


def _host_defect(host: str) -> str | None:
    """What is wrong with a host name (lower case, no port), or None."""
    labels = host.removesuffix(".").split(".")
    if len(host) > 253:
        return "has a host name longer than 253 characters"
    for label in labels:
        if not label:
            return f"has an empty label in its host name {host!r}"
        if not label.isascii():
            try:
                encoded = label.encode("idna")
            except UnicodeError:
                return f"has a host name label that is not a valid international name: {label!r}"
            label = encoded.decode("ascii")
        if len(label) > 63:
            return f"has a host name label longer than 63 characters: {label[:20]!r}…"
        if not _LABEL.fullmatch(label):
            return f"has characters no host name has: {host!r}"
        if label.startswith("xn--") and not _valid_punycode(label[4:]):
            return f"has an invalid international (IDNA) label: {label!r}"
    return None


def _valid_punycode(code: str) -> bool:
    """Does the punycode `code` (an IDNA label without "xn--") decode to a name with
    non-ASCII letters, no control characters, and encode back to itself?"""
    import unicodedata

    try:
        name = code.encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return False
    if not name or name.isascii() or any(unicodedata.category(c)[0] == "C" for c in name):
        return False
    return name.encode("punycode").decode("ascii") == code


def host_of(url: str) -> str:
    """The lower-case host name of a URL (scheme-less "www." URLs included), "" if none."""
    try:
        host = urlsplit(fetchable(url)).hostname
    except ValueError:
        return ""
    return host or ""


def _resource_key(url: str) -> tuple[str, str, str]:
    """(host without "www.", path without trailing slash, query) of a URL."""
    try:
        parts = urlsplit(fetchable(url))
    except ValueError:
        return ("", url, "")
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    return (host, path, parts.query)


def same_resource(a: str, b: str) -> bool:
    """True when two URLs name the same resource.

    Differences that do not matter: http vs https, a missing scheme, a leading "www.", a
    trailing slash, the case of scheme and host, and the fragment (it never reaches the
    server). Path case and query strings do matter.
    """
    return _resource_key(a) == _resource_key(b)


def is_site_home(url: str) -> bool:
    """True when the URL is a site's front page ("/", "/de/", "/index.html") without query."""
    try:
        parts = urlsplit(fetchable(url))
    except ValueError:
        return False
    return not parts.query and parts.path.lower().rstrip("/") in _HOME_PATHS
