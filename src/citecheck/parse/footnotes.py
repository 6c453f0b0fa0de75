"""Format-independent footnote rules: from an adapter's `Layout` to the domain `Document`.

Every input format shares these rules; adapters only decide layout. Per definition, in
document order, `build_document` produces a `Footnote`:

- **text**: Markdown reduced to plain text (links to their text and URL, escapes removed),
  URLs wrapped over lines rejoined (`citecheck.urls` has the rules), prose line-break
  hyphenation undone ("Privi-" / "legien" → "Privilegien"; a capital or a conjunction after
  the hyphen keeps it: "Teach-In", "Hin- und"), whitespace normalised.
- **urls**: `urls.find_urls` on that text, duplicates within one footnote dropped; a Markdown
  link whose text is its own URL counts once.
- **cited_title** (`extract_cited_title`): the title of the first work that has one; works
  are separated by "; ". Per work, the first rule that gives a title wins:
  1. a quoted title: „…“, “…”, "…", »…« – unless a lower-case word of running prose stands
     right before the quote ("is using “Secretary of War” as …");
  2. the text of a Markdown link that is not a URL (checked before any work);
  3. "Microsoft Word - Titel.docx" (PDF metadata pasted as a title) → "Titel"; "CRS Report
     R45281, Title, by …" (a report series number first) → Title;
  4. "Author (Jahr[, Datum]). Titel. URL" → the text after the parenthesis, and the book
     style "Author, Titel (Verlag, Jahr)";
  5. "Titel, in: Quelle, …" → the part before ", in:" (an "Author:" prefix dropped);
  6. "Quelle, Datum, Titel[, …]" where the first or second comma segment ends in a date or
     year ("Destatis, 15.04.2025, …", "C. Spengel 2021, …") → the segment after the date;
     the English order "Author[, Publisher], Title, March 10, 2026, …" → the segment before a
     date in the third or fourth segment;
  7. "Titel[, S. 8]; URL" (a semicolon before the URL) → the text before it;
  8. without URL: "Titel - Herausgeber" ("… dringend erforderlich - BDL") → "Titel".
  Candidates that only name a page, a number, a Drucksache, a law or an access date are no
  title; a bare "Vgl. <url>" or a source name alone gives None.
- **ibid_of** (`ibid_reference`, `resolve_ibids`): "Ebd.", "ebd., S. 4", "Ebenda", "a.a.O.",
  "ibid." without a URL mean the previous footnote; "s. FN. 5", "s. Fn. 5", "siehe Fußnote 5",
  "wie in Fn. 4" mean that footnote; an ibid of an ibid resolves to the original.
- **references**: every body marker with the footnote's number; the context is the body
  sentence carrying it (`citecheck.sentences`). When a number is defined twice, a marker
  belongs to the first definition at or after its line (footnotes sit below their markers).
- **problems** (`structure_problems`): missing-definition (error), unused-definition
  (warning), duplicate-definition (error), numbering-gap / numbering-order (warning),
  no-source (info: no URL and no ibid, also for a law or Drucksache cited without URL), and
  uncited-figure (`uncited_figures`, warning): a percentage or amount stated as a fact in a
  body sentence that carries no marker (conservative: see `uncited_figures` for what is
  left alone).
- **page**: a paged adapter's (PDF) page of the definition's first line and of each marker is
  carried into `Footnote.page` and `Reference.page`; other formats leave both None.

Per document, `inline_sources` (the function of that name) lists the URLs cited in the running
text outside footnotes: one per distinct URL (by its fetchable form) not already cited by a
footnote, with its line, page, and the body sentence around it, URLs rejoined, as context.

Everything here is pure and linear in the input; nothing raises on arbitrary text.
Imports: models, parse.layout, urls, figures, sentences.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from citecheck.figures import FigureMention, find_figures
from citecheck.models import (
    Document,
    Footnote,
    InlineSource,
    Problem,
    ProblemCode,
    Reference,
    Severity,
)
from citecheck.parse.layout import Layout, RawDefinition
from citecheck.parse.url_finder import FoundUrl, WrapEvidence, find_urls, unescape_markdown
from citecheck.sentences import normalise_space, sentence_index, split_sentences
from citecheck.urls import fetchable, same_resource

# --- Markdown to plain text -------------------------------------------------------------------

_MD_INLINE_RE = re.compile(
    r"(?P<link>\[(?P<ltext>[^\]\n]*)\]\((?P<lurl>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<auto><(?P<aurl>(?:(?:https?|ftp)://|www\.)[^<>\s]+)>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>)"
    r"|(?P<strong>\*\*|__(?=\w)|(?<=\w)__)"
    r"|(?P<escape>\\+[\\`*_{}\[\]()#+\-.!|<>~])"
)
_URL_LIKE_RE = re.compile(r"^(?:(?:https?|ftp)://|www\.|doi:)", re.IGNORECASE)


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
                or (_URL_LIKE_RE.match(label) and same_resource(label, url))
            ):
                parts.append(url)
            elif _URL_LIKE_RE.match(label):
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


# --- Definition text and URLs -----------------------------------------------------------------

_CONJUNCTIONS = frozenset({"und", "oder", "bzw", "sowie", "als", "bis", "and", "or", "to"})
_PROSE_BREAK_RE = re.compile(r"(?P<before>\S?)-[ \t]*\n[ \t]*(?P<word>[^\W\d_]*)|[ \t]*\n[ \t]*")


def _join_prose_lines(text: str) -> str:
    """Join the lines of a prose fragment, undoing line-break hyphenation."""

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
    """Plain one-line text, URLs and link titles of one raw definition."""
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


# --- Cited titles -----------------------------------------------------------------------------

_QUOTED_RE = re.compile(
    r"„(?P<a>[^„“”\"\n]{2,400}?)[“”\"]"
    r"|“(?P<b>[^“”\n]{2,400}?)”"
    r"|\"(?P<c>[^\"\n]{2,400}?)\""
    r"|»(?P<d>[^»«\n]{2,400}?)«"
)
_LEAD_RE = re.compile(
    r"^(?:(?:vgl|siehe|s|see|cf|quelle|zitiert nach|zit\. nach)\b\.?:?\s*)+", re.IGNORECASE
)
_WORD_DOCX_RE = re.compile(r"^Microsoft (?:Word|PowerPoint|Excel) - (?P<t>.+?)(?:\.\w{3,4})?$")
_AUTHOR_YEAR_RE = re.compile(
    r"^(?P<author>[^()]{2,160}?)\s*\((?P<when>[^()]{0,60}?\b(?:1[5-9]|20)\d\d\b[^()]{0,60})\)"
    r"\s*[.:,]?\s*(?P<rest>.*)$"
)
_MONTHS = r"(?:Jan|Feb|Mär|Maer|Mrz|Apr|Mai|May|Jun|Jul|Aug|Sep|Okt|Oct|Nov|Dez|Dec)[a-zä]*\.?"
_DATE_END_RE = re.compile(
    rf"(?:\b\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:19|20)?\d{{2}}"
    rf"|\b\d{{1,2}}\.\s?{_MONTHS}\s(?:19|20)\d{{2}}"
    rf"|\b{_MONTHS}\s\d{{1,2}},?\s(?:19|20)\d{{2}}"
    rf"|(?:^|\s)(?:19|20)\d{{2}})\)?$",
    re.IGNORECASE,
)
_PAGE_REF_END_RE = re.compile(r",\s*(?:S\.|p\.|pp\.|Seite)\s?\d+(?:\s?[-–]\s?\d+)?(?:\s?f+\.?)?$")
_NOT_A_TITLE_RE = re.compile(
    r"^(?:S\.|p\.|pp\.|Seite\b|Nr\.|No\.|Rn\.|Rz\.|Az\.|Art\.|Abs\.|§|Drucksache|Drs\.|BT-Drs"
    r"|Bundestagsdrucksache|zuletzt|abgerufen|aufgerufen|accessed|retrieved|online|\d+/\d+)",
    re.IGNORECASE,
)
_TITLE_PUBLISHER_RE = re.compile(r"^(?P<t>.{12,}?)\s[-–]\s(?P<p>[A-ZÄÖÜ][\w&.]{1,15})\.?$")
#: "; " between two works (not the "; " that leads to a work's URL).
_WORK_SEPARATOR_RE = re.compile(r";\s+(?!(?:https?://|www\.|doi:))", re.IGNORECASE)
#: The word before an opening quote; a lower-case word there means the quote is prose.
_WORD_BEFORE_QUOTE_RE = re.compile(r"([^\W\d_]+)\s*$")
#: Lower-case words that may introduce a quoted title.
_TITLE_LEAD_WORDS = frozenset(
    {"vgl", "siehe", "s", "see", "cf", "in", "aus", "laut", "zit", "titel", "titled", "entitled"}
)
#: "CRS Report R45281, Title, by …" / "coordinated by …".
_REPORT_RE = re.compile(
    r"^(?:CRS|GAO|CBO|WD)\s+(?:Report|In Focus|Insight)?\s*[A-Z]{0,3}[\d-]+,\s+(?P<t>.+?),"
    r"\s+(?:by|coordinated by)\s"
)
#: "March 10, 2026": an English date whose comma must not split segments.
_ENGLISH_DATE_RE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s\d{1,2},\s(?:19|20)\d\d"
)
_IN_SOURCE_RE = re.compile(r",?\s+in:\s", re.IGNORECASE)
_AUTHOR_COLON_RE = re.compile(r"^[^:,]{2,60}(?:,\s[^:,]{2,40})?:\s")


def _clean_title(candidate: str) -> str:
    """Whitespace-normalise and strip quotes and trailing punctuation."""
    return normalise_space(candidate).strip(' \t„“”"»«').rstrip(" ,;:.").strip()


def _is_title(candidate: str) -> bool:
    """Could this be the title of a work (and not a page, number, law or access date)?"""
    if len(candidate) < 3 or not re.search(r"[^\W\d_]{3}", candidate):
        return False
    if _NOT_A_TITLE_RE.match(candidate) or _URL_LIKE_RE.match(candidate):
        return False
    return not _DATE_END_RE.fullmatch(candidate)


def _first_title(*candidates: str | None) -> str | None:
    """The first candidate that reads as a title, cleaned."""
    for candidate in candidates:
        if candidate is None:
            continue
        cleaned = _clean_title(candidate)
        if _is_title(cleaned):
            return cleaned
    return None


def extract_cited_title(
    text: str, url_starts: Sequence[int] = (), link_titles: Sequence[str] = ()
) -> str | None:
    """The title of the first titled work a footnote cites; rules in the module docstring.

    Works are separated by "; " (a "; " right before a URL separates a title from its URL, not
    two works); each work is read on its own, in order.
    """
    if title := _first_title(*link_titles):
        return title
    quotes = [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)]
    work_start = 0
    for separator in _WORK_SEPARATOR_RE.finditer(text):
        if any(start < separator.start() < end for start, end in quotes):
            continue  # "…Nation; Activity Ranges…" inside one quoted title
        if title := _work_title(text, work_start, separator.start(), url_starts):
            return title
        work_start = separator.end()
    return _work_title(text, work_start, len(text), url_starts)


def _work_title(text: str, start: int, end: int, url_starts: Sequence[int]) -> str | None:
    """The title of the work written in text[start:end]."""
    work = text[start:end]
    for match in _QUOTED_RE.finditer(work):
        quoted = next(g for g in match.groups() if g is not None)
        if _is_prose_quote(work, match.start()):
            continue
        if title := _first_title(quoted):
            return title
    return _unquoted_title(work, [u - start for u in url_starts if start <= u < end])


def _is_prose_quote(work: str, quote_start: int) -> bool:
    """A quotation inside a running sentence ("is using „Secretary of War“ as …")."""
    before = _WORD_BEFORE_QUOTE_RE.search(work, max(0, quote_start - 30), quote_start)
    return (
        before is not None
        and before.group(1).islower()
        and before.group(1) not in _TITLE_LEAD_WORDS
    )


def _unquoted_title(text: str, url_starts: Sequence[int]) -> str | None:
    """Title rules 3–8 of the module docstring for one work without a quoted title."""
    prefix = text[: url_starts[0]] if url_starts else text
    before_url = prefix.rstrip()
    semicolon = bool(url_starts) and before_url.endswith(";")
    prefix = _LEAD_RE.sub("", before_url).rstrip(" ,;:.")
    if not prefix:
        return None
    if word := _WORD_DOCX_RE.match(prefix):
        return _first_title(word.group("t"))
    if report := _REPORT_RE.match(prefix):
        return _first_title(report.group("t"))
    if title := _author_year_title(prefix):
        return title
    parts = _IN_SOURCE_RE.split(prefix, maxsplit=1)
    if len(parts) == 2:
        return _first_title(_AUTHOR_COLON_RE.sub("", parts[0]))
    if title := _dated_title(prefix):
        return title
    if semicolon:
        return _first_title(_PAGE_REF_END_RE.sub("", prefix))
    if not url_starts and (pair := _TITLE_PUBLISHER_RE.match(prefix)):
        return _first_title(pair.group("t"))
    return None


def _author_year_title(prefix: str) -> str | None:
    """Title of "Author (Jahr). Titel" or of the book style "Author, Titel (Verlag, Jahr)"."""
    match = _AUTHOR_YEAR_RE.match(prefix)
    if match is None:
        return None
    rest = re.split(r"\.\s+(?:In|in):\s", match.group("rest"), maxsplit=1)[0]
    if title := _first_title(rest):
        return title
    author = match.group("author")
    has_publisher = re.search(r"[^\W\d_]{2}", match.group("when")) is not None
    if has_publisher and ", " in author:
        return _first_title(author.split(", ", 1)[1])
    return None


def _dated_title(prefix: str) -> str | None:
    """Title of "Quelle, Datum, Titel, …" or of "Author, Title, Month Day, Year, …".

    German style puts the date first (first or second segment), the title after it; English
    style puts the title second and the date third or fourth.
    """
    segments = _ENGLISH_DATE_RE.sub(lambda m: m.group().replace(", ", ",\u00a0"), prefix).split(
        ", "
    )
    for index in (0, 1):
        if index + 1 < len(segments) and _DATE_END_RE.search(segments[index]):
            return _first_title(segments[index + 1])
    for index in (2, 3):
        if index < len(segments) and _DATE_END_RE.search(segments[index].replace("\u00a0", " ")):
            return _first_title(segments[index - 1])
    return None


# --- Ibid -------------------------------------------------------------------------------------

_IBID_RE = re.compile(
    r"^(?:vgl\.?\s*)?(?:ebd|ebenda|a\.\s?a\.\s?o|ibid|ibidem|ib)\b\.?", re.IGNORECASE
)
_CROSS_REF_RE = re.compile(
    r"^(?:(?:vgl|s|siehe|see|cf)\.?\s*)?(?:auch\s+)?(?:wie\s+)?(?:in\s+)?"
    r"(?:fn|fu(?:ß|ss)note|anm|note|n)\.?\s*(?P<n>\d{1,4})\b",
    re.IGNORECASE,
)
_INNER_REF_RE = re.compile(r"\b(?:fn|fu(?:ß|ss)note|anm)\.?\s*(?P<n>\d{1,4})\b", re.IGNORECASE)

#: `ibid_reference` result meaning "the footnote before this one".
PREVIOUS = 0


def ibid_reference(text: str, has_urls: bool) -> int | None:
    """What an ibid-style footnote points to: a footnote number, `PREVIOUS`, or None.

    A footnote with a URL of its own cites that source and is never an ibid.
    """
    if has_urls:
        return None
    stripped = text.strip()
    if match := _CROSS_REF_RE.match(stripped):
        return int(match.group("n")) or None
    if _IBID_RE.match(stripped):
        inner = _INNER_REF_RE.search(stripped)
        return int(inner.group("n")) if inner else PREVIOUS
    return None


def resolve_ibids(numbers: Sequence[int], references: Sequence[int | None]) -> list[int | None]:
    """Resolve each footnote's ibid reference to the original footnote's number.

    `numbers` are the footnote numbers in document order, `references` what `ibid_reference`
    returned for each. "Ebd." points to the previous footnote; a number to the first footnote
    with that number; a target that is itself an ibid passes on its own target.
    """
    first_index: dict[int, int] = {}
    for index, number in enumerate(numbers):
        first_index.setdefault(number, index)
    resolved: list[int | None] = []
    for index, reference in enumerate(references):
        if reference is None:
            resolved.append(None)
            continue
        target = index - 1 if reference == PREVIOUS else first_index.get(reference)
        if target is None or target < 0 or target == index:
            resolved.append(None)
            continue
        if target < index and resolved[target] is not None:
            resolved.append(resolved[target])
        else:
            resolved.append(numbers[target])
    return resolved


# --- Body sentences and problems ----------------------------------------------------------------

#: A sentence that names its own source ("Laut …", "… zufolge", "(vgl. www…)").
_INLINE_SOURCE_RE = re.compile(
    r"\b(?:laut|zufolge|gemäß|demnach|nach\s+Angaben|nach\s+Auskunft|Quelle|according\s+to"
    r"|vgl\.|siehe)(?!\w)|www\.|https?://",
    re.IGNORECASE,
)
#: A hypothetical, normative or reported statement (subjunctive, modal verb, "ob" clause).
_NOT_A_CLAIM_RE = re.compile(
    r"\b(?:würden?|wären?|hätten?|könnten?|sollten?|müssten?|dürften?|kämen?|bestehe|ob|kann"
    r"|können|muss|müssen|soll|sollen|darf|dürfen|would|could|should|might|must|shall|whether)\b",
    re.IGNORECASE,
)
#: A list item of the motion's demands ("a) …", "1. …", "i. …", "- …").
_LIST_ITEM_RE = re.compile(r"^(?:\d{1,3}[.)]|[a-z]{1,4}[.)]|[-–•*])\s")
#: Words before a figure that make it a threshold ("ab 26 Mio. Euro", "bis zu 89,9 %").
_THRESHOLD_RE = re.compile(
    r"\b(?:ab|über|unter|bis\s+zu|oberhalb|unterhalb|above|below|up\s+to|over)\s+$",
    re.IGNORECASE,
)
#: A rate set by law ("Abgeltungsteuer in Höhe von 25 %", "Körperschaftsteuer von 15 %").
_LEGAL_RATE_RE = re.compile(
    r"(?:steuer|satz|sätze|abgabe|gebühr)\w*\s+(?:in\s+Höhe\s+)?von\s+$", re.IGNORECASE
)


def _figure_key(kind: str, value: float) -> tuple[str, float]:
    """What makes two figures the same for coverage: kind family and value."""
    return ("percent" if kind == "percent" else "amount", round(value, 6))


class _Lines:
    """Body offset → source line, with the offsets list built once (bisect per lookup)."""

    def __init__(self, layout: Layout) -> None:
        self._offsets = [start for start, _ in layout.line_starts]
        self._lines = [line for _, line in layout.line_starts]

    def at(self, offset: int) -> int:
        """The 1-based source line of a body offset."""
        if not self._offsets:
            return 1
        index = bisect.bisect_right(self._offsets, offset) - 1
        return self._lines[max(index, 0)]


def uncited_figures(
    body: str,
    spans: Sequence[tuple[int, int]],
    cited: set[int],
    line_at: _Lines | None = None,
) -> list[Problem]:
    """An uncited-figure warning for each figure in a sentence that carries no marker.

    `spans` are the body's sentences, `cited` the indexes of sentences with a marker. The check
    is conservative; it stays silent for

    - questions, "ob" clauses and hypothetical or normative statements (subjunctive or modal
      verb: "würde", "wäre", "kann", "muss", "soll" …) – they claim no fact;
    - sentences that name their source inline ("Laut …", "… zufolge", "demnach", "(vgl. …)");
    - list items (the motion's demands, "a) …", "1. …");
    - thresholds ("ab 26 Mio. Euro", "über", "bis zu") and legal rates ("Abgeltungsteuer in Höhe
      von 25 %"): parameters of a rule, not statistics;
    - a figure that a sentence with a marker states too (its source is given there).
    """
    # One pass over the whole body; each figure is then placed in its sentence.
    starts = [start for start, _ in spans]
    by_sentence: dict[int, list[FigureMention]] = defaultdict(list)
    for figure in find_figures(body):
        index = bisect.bisect_right(starts, figure.start) - 1
        if index >= 0 and figure.end <= spans[index][1]:
            by_sentence[index].append(figure)
    covered = {_figure_key(f.kind, f.value) for index in cited for f in by_sentence.get(index, ())}
    problems: list[Problem] = []
    for index, figures in sorted(by_sentence.items()):
        if index in cited:
            continue
        start, end = spans[index]
        sentence = body[start:end]
        if sentence.rstrip("\"'“”»«)] ").endswith("?"):
            continue
        if (
            _INLINE_SOURCE_RE.search(sentence)
            or _NOT_A_CLAIM_RE.search(sentence)
            or _LIST_ITEM_RE.match(sentence)
        ):
            continue
        seen: set[str] = set()
        for figure in figures:
            written = normalise_space(figure.text)
            before = body[max(start, figure.start - 60) : figure.start]
            if (
                written in seen
                or _figure_key(figure.kind, figure.value) in covered
                or _THRESHOLD_RE.search(before)
                or (figure.kind == "percent" and _LEGAL_RATE_RE.search(before))
            ):
                continue
            seen.add(written)
            problems.append(
                Problem(
                    ProblemCode.UNCITED_FIGURE,
                    Severity.WARNING,
                    line_at.at(figure.start) if line_at else None,
                    f"figure „{written}“ stated without a footnote",
                )
            )
    return problems


def structure_problems(
    numbers: Sequence[int], marker_numbers: Sequence[int], marker_lines: Sequence[int]
) -> list[Problem]:
    """Document-level structure problems: missing definitions and numbering gaps or order.

    `numbers` are the definition numbers in document order, `marker_numbers` the body markers
    in order with their lines in `marker_lines`.
    """
    problems: list[Problem] = []
    defined = set(numbers)
    reported: set[int] = set()
    for number, line in zip(marker_numbers, marker_lines, strict=True):
        if number not in defined and number not in reported:
            reported.add(number)
            problems.append(
                Problem(
                    ProblemCode.MISSING_DEFINITION,
                    Severity.ERROR,
                    line,
                    f"marker {number} has no definition",
                )
            )
    seen: set[int] = set()
    previous: int | None = None
    for number in numbers:
        if number in seen:
            continue
        seen.add(number)
        if previous is None and number != 1:
            problems.append(
                Problem(
                    ProblemCode.NUMBERING_GAP,
                    Severity.WARNING,
                    None,
                    f"footnote numbering starts at {number}, not 1",
                )
            )
        elif previous is not None and number > previous + 1:
            problems.append(
                Problem(
                    ProblemCode.NUMBERING_GAP,
                    Severity.WARNING,
                    None,
                    f"footnote {number} follows {previous}",
                )
            )
        elif previous is not None and number < previous:
            problems.append(
                Problem(
                    ProblemCode.NUMBERING_ORDER,
                    Severity.WARNING,
                    None,
                    f"footnote {number} comes after footnote {previous}",
                )
            )
        previous = number
    return problems


def _assign_markers(
    definitions: Sequence[RawDefinition], marker_numbers: Sequence[int], marker_lines: Sequence[int]
) -> list[list[int]]:
    """For each definition, the indexes of the markers that cite it."""
    by_number: dict[int, list[int]] = defaultdict(list)
    for index, definition in enumerate(definitions):
        by_number[definition.number].append(index)
    assigned: list[list[int]] = [[] for _ in definitions]
    for marker_index, (number, line) in enumerate(zip(marker_numbers, marker_lines, strict=True)):
        candidates = by_number.get(number)
        if not candidates:
            continue
        chosen = candidates[-1]
        for candidate in candidates:
            if definitions[candidate].line >= line:
                chosen = candidate
                break
        assigned[chosen].append(marker_index)
    return assigned


def _footnote_problems(
    number: int, line: int, referenced: bool, duplicate_of: int | None, sourced: bool
) -> tuple[Problem, ...]:
    """Problems of one footnote: duplicate, unused, no source."""
    problems: list[Problem] = []
    if duplicate_of is not None:
        problems.append(
            Problem(
                ProblemCode.DUPLICATE_DEFINITION,
                Severity.ERROR,
                line,
                f"footnote {number} is defined twice (first on line {duplicate_of})",
            )
        )
    if not referenced:
        problems.append(
            Problem(
                ProblemCode.UNUSED_DEFINITION,
                Severity.WARNING,
                line,
                f"footnote {number} is never cited in the body",
            )
        )
    if not sourced:
        problems.append(
            Problem(
                ProblemCode.NO_SOURCE,
                Severity.INFO,
                line,
                f"footnote {number} gives no URL to check",
            )
        )
    return tuple(problems)


def build_document(path: str, layout: Layout) -> Document:
    """Turn an adapter's layout into the domain model (see the module docstring)."""
    evidence = WrapEvidence(layout.body + "\n" + "\n".join(d.text for d in layout.definitions))
    lines = _Lines(layout)
    spans = split_sentences(layout.body)
    starts = [start for start, _ in spans]
    marker_numbers = [m.number for m in layout.markers]
    marker_lines = [lines.at(m.offset) for m in layout.markers]
    marker_sentences = [sentence_index(starts, m.offset) for m in layout.markers]

    readings = [read_definition(d, evidence) for d in layout.definitions]
    numbers = [d.number for d in layout.definitions]
    ibids = resolve_ibids(numbers, [ibid_reference(r.text, bool(r.urls)) for r in readings])
    assigned = _assign_markers(layout.definitions, marker_numbers, marker_lines)

    footnotes: list[Footnote] = []
    first_line: dict[int, int] = {}
    for definition, reading, ibid, markers in zip(
        layout.definitions, readings, ibids, assigned, strict=True
    ):
        references = tuple(
            Reference(
                marker_lines[i],
                _context(layout.body, spans, marker_sentences[i]),
                layout.markers[i].page,
            )
            for i in markers
        )
        duplicate_of = first_line.get(definition.number)
        first_line.setdefault(definition.number, definition.line)
        footnotes.append(
            Footnote(
                number=definition.number,
                line=definition.line,
                text=reading.text,
                cited_title=extract_cited_title(
                    reading.text, reading.url_starts, reading.link_titles
                ),
                ibid_of=ibid,
                references=references,
                urls=reading.urls,
                url_alternatives=reading.url_alternatives,
                problems=_footnote_problems(
                    definition.number,
                    definition.line,
                    bool(markers),
                    duplicate_of,
                    bool(reading.urls) or ibid is not None,
                ),
                marker=definition.marker,
                page=definition.page,
            )
        )
    problems = structure_problems(numbers, marker_numbers, marker_lines)
    problems.extend(uncited_figures(layout.body, spans, set(marker_sentences), lines))
    cited = [url for reading in readings for url in reading.urls]
    return Document(
        path=path,
        format=layout.format,
        footnotes=tuple(footnotes),
        problems=tuple(problems),
        inline_sources=inline_sources(layout, evidence, spans, lines, cited),
        body=layout.body,
    )


#: The publisher's notice where its papers are online ("Drucksachen und Plenarprotokolle sind
#: im Internet abrufbar unter: www.landtag-bw.de/Dokumente"): page furniture, not a source.
_PUBLICATION_NOTICE_RE = re.compile(
    r"\b(?:Drucksachen|Plenarprotokolle|Veröffentlichungen)\b.{0,80}?\bim\s+Internet\b"
)


def inline_sources(
    layout: Layout,
    evidence: WrapEvidence,
    spans: Sequence[tuple[int, int]],
    lines: _Lines,
    footnote_urls: Sequence[str] = (),
) -> tuple[InlineSource, ...]:
    """The URLs cited in the body outside footnotes: one `InlineSource` per distinct URL, at
    its first occurrence, in body order.

    URLs are the body's own (`find_urls` with the document's wrap evidence) and the targets of
    body hyperlinks the adapter recorded (`Layout.links`, a Markdown `[text](url)`), relative
    targets and anchors left out. URLs are the same when their fetchable forms are. A URL that
    a footnote definition cites is its footnote's and is not repeated here, and a publisher's
    notice of where its papers are online is furniture. The context is the body sentence the
    URL starts in.
    """
    written = find_urls(layout.body, evidence)
    found = [(u.start, u.url, u.alternatives) for u in written]
    for link in layout.links:
        target = find_urls(link.url)
        if target and target[0].start == 0:
            found.append((link.offset, target[0].url, ()))
    if not found:
        return ()
    found.sort(key=lambda item: item[0])
    seen = {fetchable(url) for url in footnote_urls}
    starts = [start for start, _ in spans]
    written_starts = [u.start for u in written]
    pages = dict(layout.line_pages)
    sources: list[InlineSource] = []
    for offset, url, alternatives in found:
        key = fetchable(url)
        if key in seen:
            continue
        seen.add(key)
        line = lines.at(offset)
        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        context = _context_with_urls(layout.body, spans, index, written, written_starts)
        if _PUBLICATION_NOTICE_RE.search(context):
            continue
        sources.append(InlineSource(line, url, context, pages.get(line), alternatives=alternatives))
    return tuple(sources)


def _context_with_urls(
    body: str,
    spans: Sequence[tuple[int, int]],
    index: int,
    urls: Sequence[FoundUrl],
    url_starts: Sequence[int],
) -> str:
    """The sentence at `index` like `_context`, each URL in it as read (wraps rejoined);
    `url_starts` are the `urls`' start offsets."""
    if not spans:
        return ""
    start, end = spans[index]
    pieces: list[str] = []
    position = start
    for index in range(bisect.bisect_left(url_starts, start), len(urls)):
        found = urls[index]
        if found.end > end:
            break
        pieces.append(body[position : found.start])
        pieces.append(found.url)
        position = found.end
    pieces.append(body[position:end])
    return normalise_space("".join(pieces))


def _context(body: str, spans: Sequence[tuple[int, int]], index: int) -> str:
    """The whitespace-normalised sentence at `index` ("" for an empty body)."""
    if not spans:
        return ""
    start, end = spans[index]
    return normalise_space(body[start:end])
