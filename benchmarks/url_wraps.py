"""Score the reader on URLs wrapped over two lines as a typesetter wraps them.

Every URL of fixtures/urls/corpus_urls.txt (the URLs printed on one line in ../shared/corpus
and its DIP texts, plus the labelled URLs of truth.json; `--collect` rebuilds the list) is
wrapped inside a realistic footnote or body line, in three directions:

- **inserted**: at a legal hyphenation point of a word of the URL (pyphen's German patterns,
  English for English contexts, with the minima the pattern files declare: two letters before
  the break, two after in German and three in English) with a hyphen the typesetter added
  ("…/Monatsbe-" / "richte/…");
- **real**: right after a hyphen of the URL itself, nothing added ("…/japan-" / "und-…");
- **plain**: right after "/", "." or "_", nothing added ("…/Content/" / "DE/…").

`find_urls` must read each URL back exactly; a miss whose right reading is among the
`alternatives` is counted apart. A fixed hash of each URL puts it in a **tune** or a **check**
half (`half_of`): misses are studied on the tune half only (`-v` lists them), and the check
half, which `tests/parse/test_url_wraps.py` asserts on, says whether the rules hold on URLs
nobody looked at. Run `python benchmarks/url_wraps.py` (all cases, both halves) or with
`--sample N` (N seeded break points per URL and direction).

With `--context` each wrapped URL is read inside (a slice of) the document it was printed in,
as in a real run: the evidence (`WrapEvidence`) is that document's URL lines
(fixtures/urls/corpus_contexts.json.gz, rebuilt by `--collect`: every line that starts a URL and
the lines a URL runs on to) with every print of the URL itself removed, so the document says
how it spells its other URLs and words, never this URL. Without it, the evidence is a fixed
sentence: the reader must restore the URL from print alone.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from citecheck.parse.hosts import is_tld
from citecheck.parse.url_finder import (
    WrapEvidence,
    ends_inside_url,
    find_urls,
    fold_word,
    trim_url,
    unescape_markdown,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CORPUS_URLS = FIXTURES / "urls" / "corpus_urls.txt"
CORPUS_CONTEXTS = FIXTURES / "urls" / "corpus_contexts.json.gz"
DIRECTIONS = ("inserted", "real", "plain")
#: URLs whose one-line print is itself broken: a text-layer hyphen inside a word, a blank
#: inside the URL ("https://oplan.de/von der Bundesregierung…"), a line cut at a blank.
_MISPRINTED = (
    "publika-tionen.giz.de",
    "vdb-waf-fen.de",
    "oplan.de/von",
    "zdf.de/nach",
    "bmv.de/af-TP",
)

_GERMAN_BODY = (
    "Der Deutsche Bundestag stellt fest, dass die Zahl der Anträge im Jahr 2024 deutlich "
    "gestiegen ist und die Bundesregierung nicht die notwendigen Maßnahmen ergriffen hat.\n"
)
_ENGLISH_BODY = (
    "The report of the agency finds that the number of vessels in the strait is falling and "
    "that the trade of the region is at risk for the coming years.\n"
)
#: (language, text before the URL, text after it): footnote and running-text contexts.
_CONTEXTS: tuple[tuple[str, str, str], ...] = (
    ("de", "12 Vgl. Statistisches Bundesamt, Pressemitteilung vom 4. März 2024, ",
     ", abgerufen am 3.3.2024."),
    ("de", "3 ", " (abgerufen am 12.05.2025)."),
    ("de", "27 Siehe ", "; vgl. auch Drucksache 21/1234."),
    ("de", "Nach Angaben des Ministeriums (", ") stieg die Zahl der Fälle auf 1.234."),
    ("de", "Weitere Informationen sind abrufbar unter ", ". Die Bundesregierung wird aufgefordert,"
     " dies zu prüfen."),
    ("de", "8 Bundesregierung: Bericht zur Lage, ", " Stand: 1. Juli 2025."),
    ("en", "14 See ", ", accessed March 3, 2024."),
    ("en", "For details, see ", ". The Department has not responded."),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Case:
    """One wrapped URL in context: the text to read and the URL it must give."""

    direction: str
    url: str
    text: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the reader made of one case."""

    case: Case
    read: str
    alternatives: tuple[str, ...]

    @property
    def exact(self) -> bool:
        return self.read == self.case.url

    @property
    def among_alternatives(self) -> bool:
        return self.case.url in self.alternatives


def corpus_urls(half: str | None = None) -> list[str]:
    """The ground-truth URLs of the fixture, or those of one half (`half_of`)."""
    urls = [u for u in CORPUS_URLS.read_text(encoding="utf-8").split("\n") if u]
    return urls if half is None else [u for u in urls if half_of(u) == half]


HALVES = ("tune", "check")


def half_of(url: str) -> str:
    """ "tune" or "check", fixed by a hash of the URL: misses are studied on the tune half
    only, and the check half says whether what was learnt holds on URLs never looked at."""
    return HALVES[hashlib.sha256(url.encode("utf-8")).digest()[0] % 2]


#: The fewest letters a typesetter leaves before and after a hyphenation point: the minima the
#: pattern files declare (hyph_en_US.dic: LEFTHYPHENMIN 2, RIGHTHYPHENMIN 3, as plain TeX's
#: English; German 2 and 2, as TeX's german and LibreOffice's defaults). pyphen does not read
#: them from the files, so the generator passes them: an English word is never broken before
#: its last three letters ("clinical-tri-" "als" is possible, "heli-" "um" is not).
_HYPHEN_MINIMA = {"de": ("de_DE", 2, 2), "en": ("en_US", 2, 3)}


@cache
def _hyphenator(language: str) -> object:
    import pyphen

    name, left, right = _HYPHEN_MINIMA[language]
    return pyphen.Pyphen(lang=name, left=left, right=right)


def _host_start(url: str) -> int:
    """Offset after the scheme and a "www." (a typesetter wraps neither)."""
    start = url.find("://")
    start = start + 3 if start >= 0 else 0
    return start + 4 if url[start : start + 4].lower() == "www." else start


#: A word a typesetter hyphenates: letters, at most an initial capital (CamelCase parts apart).
_WORD_RE = re.compile(
    r"(?<![^\W\d_])[A-ZÄÖÜ]?[a-zäöüß]{3,}(?![a-zäöüß])|(?<=[a-zäöüß])[A-ZÄÖÜ][a-zäöüß]{3,}(?![a-zäöüß])"
)


def break_points(url: str, direction: str, language: str) -> list[int]:
    """Offsets where a typesetter may break `url` in one direction (see the module doc)."""
    first = _host_start(url)
    if direction == "real":
        return [i + 1 for i in range(first, len(url) - 1) if url[i] == "-" and url[i + 1] != "-"]
    if direction == "plain":
        return [
            i + 1 for i in range(first, len(url) - 1) if url[i] in "/._" and url[i + 1] not in "/._"
        ]
    points: list[int] = []
    hyphenator = _hyphenator(language)
    for word in _WORD_RE.finditer(url[first:]):
        positions = hyphenator.positions(word.group())  # type: ignore[attr-defined]
        points.extend(first + word.start() + p for p in positions)
    return points


def _wrap(url: str, point: int, direction: str) -> tuple[str, str]:
    """The two printed lines' parts of `url` broken at `point`."""
    head = url[:point] + ("-" if direction == "inserted" else "")
    return head, url[point:]


def generate(
    urls: Sequence[str], *, per_url: int = 0, seed: int = 13, context: bool = False
) -> list[Case]:
    """Wrapped cases of `urls`: all break points, or `per_url` seeded ones per direction; with
    `context`, the evidence is the URL's document (`document_context`) instead of a sentence."""
    rng = random.Random(seed)
    cases: list[Case] = []
    contexts: Contexts | None = _contexts() if context else None
    for url in urls:
        document = document_context(url, contexts) if contexts is not None else ""
        english = url.split("/")[2 if "://" in url else 0].endswith(".gov")
        for direction in DIRECTIONS:
            language, before, after = rng.choice(
                [c for c in _CONTEXTS if (c[0] == "en") == english]
            )
            points = break_points(url, direction, language)
            if per_url and len(points) > per_url:
                points = rng.sample(points, per_url)
            body = document or (_ENGLISH_BODY if language == "en" else _GERMAN_BODY)
            for point in points:
                head, tail = _wrap(url, point, direction)
                text = f"{before}{head}\n{tail}{after}"
                cases.append(Case(direction, url, text, f"{body}\n{text}"))
    return cases


#: The stored documents (name → "entries", "opening", "words") and each URL's document.
Contexts = tuple[dict[str, dict[str, Any]], dict[str, str]]


@cache
def _contexts() -> Contexts:
    """The fixture's documents and each URL's document (`Contexts`)."""
    with gzip.open(CORPUS_CONTEXTS, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    return data["documents"], data["urls"]


def document_context(url: str, contexts: Contexts | None = None) -> str:
    """The document `url` was printed in, as stored: its URL lines without any print of `url`
    itself (an entry that holds it, on one line or over several, with or without line-end
    hyphens, is left out), its opening prose and the words of its prose that occur in its
    URLs; "" for a URL of no stored document."""
    documents, owners = contexts if contexts is not None else _contexts()
    name = owners.get(url)
    if name is None:
        return ""
    document = documents[name]
    core = _core(url)
    kept = [e for e in document["entries"] if core not in _squashed(e)]
    return "\n".join([document["opening"], *kept, document["words"]])


def _core(url: str) -> str:
    """A URL without scheme, "www." and a final "/", lower-cased."""
    rest = url.split("://", 1)[-1]
    rest = rest[4:] if rest[:4].lower() == "www." else rest
    return rest.rstrip("/").lower()


def _squashed(entry: str) -> str:
    """An entry's lines joined both ways a line-end hyphen can be read."""
    lowered = entry.lower()
    return _BREAK_RE.sub("", lowered) + " " + _HYPHEN_BREAK_RE.sub("", lowered)


_BREAK_RE = re.compile(r"\s*\n\s*")
_HYPHEN_BREAK_RE = re.compile(r"-?\s*\n\s*")


def collect_contexts(root: Path, urls: Iterable[str]) -> dict[str, object]:
    """A slice of each document of the shared corpus that prints one of `urls`: the lines
    that start a URL (with the lines a URL runs on to), the opening of its prose (the
    reader tells the document's language from it), and the words of its prose that occur in
    its URLs (umlauts folded): of the prose, only those can ever answer the reader's
    questions about these URLs, so the slice is as good as the whole document for them."""
    wanted = set(urls)
    documents: dict[str, dict[str, Any]] = {}
    owners: dict[str, str] = {}
    for path in _corpus_paths(root):
        text = path.read_text(encoding="utf-8")
        printed = set(_printed_urls(text, path.suffix == ".md")) & wanted
        if not printed:
            continue
        name = str(path.relative_to(root))
        entries = _url_entries(text)
        prose = _prose_lines(text, entries)
        documents[name] = {
            "entries": entries,
            "opening": "\n".join(prose)[:300],
            "words": " ".join(_url_words(prose, printed)),
        }
        for url in sorted(printed):
            owners.setdefault(url, name)
    return {"documents": documents, "urls": owners}


#: A word of prose, perhaps hyphenated ("Dunkelfeld-Studie").
_PROSE_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: What marks a blank-free token as (a piece of) a URL, not prose.
_URLISH_TOKEN_RE = re.compile(r"[/=_@]|\.\w")


def _prose_lines(text: str, entries: Sequence[str]) -> list[str]:
    """The lines of `text` outside the URL entries, each without URL-like tokens."""
    taken = {line for entry in entries for line in entry.split("\n")}
    lines = []
    for line in text.split("\n"):
        if line in taken:
            continue
        words = [w for w in line.split() if not _URLISH_TOKEN_RE.search(w.rstrip(".,;:)"))]
        lines.append(" ".join(words))
    return lines


def _url_words(prose: Sequence[str], urls: Iterable[str]) -> list[str]:
    """The distinct words of `prose` of which a part occurs in one of `urls`."""
    haystack = " ".join(urls).lower()
    words: set[str] = set()
    for line in prose:
        for word in _PROSE_WORD_RE.findall(line):
            parts = [fold_word(p) for p in word.split("-")] + [fold_word(word)]
            if any(len(p) >= 5 and p in haystack for p in parts):
                words.add(word)
    return sorted(words)


def _url_entries(text: str) -> list[str]:
    """Each line that starts a URL, with the lines it runs on to while a URL may be open
    (its last word a URL or a piece of one: the rest of a URL never counts as prose)."""
    lines = text.split("\n")
    entries: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not _START_RE.search(line):
            continue
        entry = [line]
        while _runs_on(entry[-1]) and index < len(lines) and len(entry) < 6:
            entry.append(lines[index])
            index += 1
        entries.append("\n".join(entry))
    return entries


def _runs_on(line: str) -> bool:
    """A line whose last word is a URL or a piece of one: the next line may continue it."""
    words = line.split()
    return ends_inside_url(line) or bool(words and _URLISH_TOKEN_RE.search(words[-1]))


def _corpus_paths(root: Path) -> list[Path]:
    """The shared corpus's text documents, labelled ones first, in a fixed order."""
    docs = [p for p in sorted((root / "docs").glob("*")) if p.suffix in (".txt", ".md")]
    return docs + sorted((root / "dip").rglob("*.txt"))


def read_case(case: Case) -> Outcome:
    """The reader's first URL of the case's text."""
    found = find_urls(case.text, WrapEvidence(case.evidence))
    if not found:
        return Outcome(case, "", ())
    first = found[0]
    return Outcome(case, first.url, tuple(getattr(first, "alternatives", ())))


@dataclass(frozen=True, slots=True)
class Rate:
    """Counts of one direction."""

    cases: int
    exact: int
    in_alternatives: int

    @property
    def rate(self) -> float:
        return self.exact / self.cases if self.cases else 1.0


def score(outcomes: Iterable[Outcome]) -> dict[str, Rate]:
    """Exact and among-alternatives counts per direction."""
    cases: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    alternative: Counter[str] = Counter()
    for outcome in outcomes:
        direction = outcome.case.direction
        cases[direction] += 1
        exact[direction] += outcome.exact
        alternative[direction] += not outcome.exact and outcome.among_alternatives
    return {d: Rate(cases[d], exact[d], alternative[d]) for d in DIRECTIONS}


def collect(root: Path) -> list[str]:
    """The URLs printed on one line (or wrapped without any hyphen) in the shared corpus."""
    urls: set[str] = set()
    for path in _corpus_paths(root):
        urls.update(_printed_urls(path.read_text(encoding="utf-8"), path.suffix == ".md"))
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    for document in truth["documents"]:
        for footnote in document["footnotes"]:
            urls.update(u for u in footnote.get("urls", []) if not u.startswith("doi:"))
    return sorted(u for u in urls if _plausible(u))


def _plausible(url: str) -> bool:
    """A URL with a real top-level domain, not known to be misprinted, nothing glued on."""
    host = urlsplit(url if "://" in url else "https://" + url).hostname or ""
    return (
        is_tld(host.rpartition(".")[2])
        and ")." not in url
        and not any(bad in url for bad in _MISPRINTED)
    )


_START_RE = re.compile(r"(?<![\w@/.\-%])(?:https?://|www\.(?=\w))", re.IGNORECASE)
_TOKEN_RE = re.compile(r"[^\s<>\"“”„«»|\[\]]*")
#: A line end inside a URL that no hyphen decision is needed for.
_PLAIN_BREAK_RE = re.compile(r"[/_=&?\w]$")
#: A next line that can only be a URL's rest: a path with a letter, or a file name.
_CLEAR_TAIL_RE = re.compile(r"(?=[^/\s]*[A-Za-z])[\w%][\w.%-]*/|[\w%-]+\.(?:pdf|html?|php|aspx?)\b")


def _printed_urls(text: str, markdown: bool) -> Iterable[str]:
    """URLs that end on their line, or continue over plain breaks into clear URL tails."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        for start in _START_RE.finditer(line):
            token = _TOKEN_RE.match(line, start.start())
            assert token is not None
            raw, end, row = token.group(), token.end(), index
            while not lines[row][end:]:  # a blank after the token: the URL ended there
                following = _TOKEN_RE.match(lines[row + 1]) if row + 1 < len(lines) else None
                tail = following.group() if following else ""
                if not _PLAIN_BREAK_RE.search(raw) or not _CLEAR_TAIL_RE.match(tail):
                    raw = ""
                    break
                raw, end, row = raw + tail, len(tail), row + 1
            url = trim_url(unescape_markdown(raw) if markdown else raw)
            if len(url) >= 12 and not re.search(r"[\\…]|-$|\.(?:pdf|html?)\d+$", url):
                yield url


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sample", type=int, default=0, help="seeded break points per URL")
    parser.add_argument("--collect", type=Path, help="rebuild the URL list from this corpus")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the tune half's misses")
    parser.add_argument("--context", action="store_true", help="evidence: the URL's document")
    args = parser.parse_args(argv)
    if args.collect:
        urls = collect(args.collect)
        CORPUS_URLS.write_text("\n".join(urls) + "\n", encoding="utf-8")
        contexts = collect_contexts(args.collect, urls)
        with gzip.open(CORPUS_CONTEXTS, "wt", encoding="utf-8", compresslevel=9) as handle:
            json.dump(contexts, handle, ensure_ascii=False, sort_keys=True, indent=0)
        print(f"{len(urls)} URLs written to {CORPUS_URLS}, their documents to {CORPUS_CONTEXTS}")
        return 0
    cases = generate(corpus_urls(), per_url=args.sample, context=args.context)
    outcomes = [read_case(case) for case in cases]
    for half in (*HALVES, "all"):
        rates = score(o for o in outcomes if half in ("all", half_of(o.case.url)))
        for direction, rate in rates.items():
            print(
                f"{half:5} {direction:9} {rate.exact:6}/{rate.cases:<6} {rate.rate:7.2%} exact,"
                f" {rate.in_alternatives} more among alternatives"
            )
    if args.verbose:
        for outcome in outcomes:
            if not outcome.exact and half_of(outcome.case.url) == "tune":
                mark = "ALT" if outcome.among_alternatives else "MISS"
                print(f"{mark} {outcome.case.direction}: {outcome.case.text!r} -> {outcome.read}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
