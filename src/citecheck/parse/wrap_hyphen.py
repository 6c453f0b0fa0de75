"""A hyphen at the end of a line inside a URL: did the typesetter add it, or is it the URL's own?

The evidence is what the document prints (`parse.wrap_evidence.WrapEvidence`), knowledge of
German and English words (wordfreq's frequency lists), the hyphenation patterns typesetters use
(pyphen's LibreOffice/TeX dictionaries) and the URL's own style; `judge_hyphen` holds the rules,
in order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from citecheck.lazy_patterns import lazy_pattern
from citecheck.parse.hyphen_patterns import LazyHyphenator
from citecheck.parse.wrap_evidence import WrapEvidence, fold_word, url_host

__all__ = ["HyphenVerdict", "WrapEvidence", "fold_word", "judge_hyphen", "url_host"]

_LETTERS_END_RE = lazy_pattern(r"[^\W\d_]+$")
_LETTERS_START_RE = lazy_pattern(r"[^\W\d_]+")
#: Where one CamelCase word ends and the next begins ("Shared|Docs", "Gleichstellung|Und").
_CAMEL_RE = lazy_pattern(r"(?<=[^\W\d_])(?<![A-ZÄÖÜ])(?=[A-ZÄÖÜ])")
_VOWELS = frozenset("aeiouyäöüéèáàâêôîû")
#: Characters that separate the segments of a URL (a hyphen is judged within one segment).
_SEGMENT_RE = lazy_pattern(r"[/?&=#.]")
#: Zipf frequency (log10 per billion words) from which a string is a word.
_WORD = 3.0
#: From which a word is so common that a compound of it is surely one word.
_COMMON = 3.5
#: Function words that are also German prefixes ("an|schlussstau", "ein|weisung").
_PREFIXES = frozenset("ab an auf aus bei ein in mit nach um ueber unter vor zu".split())
#: From which a joined word is so common that even a slug's function word joins it ("damit").
_COMMON_WORD = 4.5
#: From which a string is written as one word by someone (in the frequency list at all).
_KNOWN = 1.0
#: Words that slugs keep apart: German and English articles, prepositions, conjunctions.
_FUNCTION_WORDS = frozenset(
    "der die das den dem des ein eine einer eines einem einen und oder in im an am auf aus "
    "bei mit nach von vom vor zu zum zur fuer ueber unter um bis als wie was wer ist sind "
    "war wird hat nicht auch noch es sie er wir the of and or to on at for by with from is "
    "are was it its not".split()
)
#: Endings of a German compound's first part that never end a word ("Organisations|erlass").
_LINKING_SUFFIXES = ("ungs", "heits", "keits", "schafts", "taets", "lings")
#: … and those that are also English plurals ("Organisations|erlass" but "disruptions-").
_GERMAN_LINKING_SUFFIXES = ("ions",)


# --- word knowledge ---------------------------------------------------------------------------


class _Hyphenator(Protocol):
    def positions(self, word: str) -> list[int]: ...


@cache
def _buckets(language: str) -> dict[str, int]:
    """wordfreq's list for a language: each word's bucket, its frequency in -centibels (what
    wordfreq's `get_frequency_dict` turns into a frequency word by word in Python; this dict
    is built a bucket at a time, ~1/3 faster). Loaded on first use: ~0.3 s for German."""
    from wordfreq import get_frequency_list

    buckets: dict[str, int] = {}
    for index, bucket in enumerate(get_frequency_list(language)):
        buckets.update(dict.fromkeys(bucket, index))  # a word in two buckets: the later one
    return buckets


def _frequency(language: str, word: str) -> float:
    """The frequency of `word` in `language` (0 for unknown): wordfreq's `get_frequency_dict`
    value, `cB_to_freq` of its bucket."""
    index = _buckets(language).get(word)
    return 0.0 if index is None else 10 ** (-index / 100)


@cache
def _hyphenator(language: str) -> _Hyphenator:
    """pyphen's patterns for a language, loaded on first use and read a pattern at a time
    (`hyphen_patterns.LazyHyphenator`: ~40 ms for German, where pyphen parses them all in
    ~0.5 s)."""
    import pyphen  # type: ignore[import-untyped]  # the package ships no type information

    return LazyHyphenator(pyphen.LANGUAGES[pyphen.language_fallback(language)], left=2, right=2)


@cache
def zipf(word: str, languages: tuple[str, ...] = ("de", "en")) -> float:
    """How common `word` is in German or English (Zipf scale, 0 for unknown; umlauts folded)."""
    lowered = word.lower()
    spellings = {lowered}
    if any(pair in lowered for pair in ("ae", "oe", "ue")):
        umlauts = lowered.replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")
        spellings.update((umlauts, umlauts.replace("ss", "ß")))
    best = max(
        _frequency(language, spelling)
        for language in languages
        for spelling in (spellings | _dropped_umlauts(lowered) if language == "de" else spellings)
    )
    return math.log10(best) + 9 if best > 0 else 0.0


def _dropped_umlauts(lowered: str) -> set[str]:
    """Spellings of a German word whose URL dropped one umlaut's dots ("arztekammer",
    "eroffnet", "horsaal", as tagesspiegel.de and mdr.de write them)."""
    return {
        lowered[:i] + _UMLAUT_OF[char] + lowered[i + 1 :]
        for i, char in enumerate(lowered)
        if char in _UMLAUT_OF and lowered[i + 1 : i + 2] != "e"
    }


_UMLAUT_OF = {"a": "ä", "o": "ö", "u": "ü"}


def is_word(word: str) -> bool:
    """A word of German or English (Zipf ≥ 3), at least two letters long."""
    return len(word) >= 2 and zipf(word) >= _WORD


def compound_elsewhere(word: str, joint: int, *, threshold: float = _WORD) -> bool:
    """True when `word` is two common words glued together at a point other than `joint`.

    German compounds ("immobilien|besteuerung", with a linking "s": "auszahlungs|statistik")
    are rarely in a frequency list themselves; parts of at least four letters and of one
    language count ("nach|rich" is no compound).
    """
    return compound_score(word, joint) >= threshold


def compound_score(word: str, joint: int = -1) -> float:
    """How well `word` splits into two words at a point other than `joint`: the Zipf
    frequency of the rarer part of the best split (parts of one language, at least four
    letters; a German first part may end in a linking "s" after a word that is no function
    word: "auszahlungs|statistik", not "unds|eine")."""
    lowered = word.lower()
    best = 0.0
    for cut in range(4, len(lowered) - 3):
        if cut == joint:
            continue
        head, tail = lowered[:cut], lowered[cut:]
        for language in ("de", "en"):
            rest = zipf(tail, (language,))
            if rest <= best:
                continue
            first = zipf(head, (language,))
            if language == "de" and head.endswith("s") and not _is_function_word(head[:-1]):
                first = max(first, zipf(head[:-1], (language,)))
            best = max(best, min(first, rest))
    return best


def pair_score(head: str, tail: str) -> float:
    """The Zipf frequency of the rarer of two words of one language (0 when either is none)."""
    return max(min(zipf(head, (language,)), zipf(tail, (language,))) for language in ("de", "en"))


#: The fewest letters of a word read across a break (shorter ones match by chance).
_ACROSS_MIN = 5


def word_across(joined: str, point: int) -> bool:
    """True when a word that begins or ends `joined` (not all of it) runs across `point` with
    at least two letters on each side ("crsre|ports": "reports", "wohnbe|standes": "bestandes").

    A typesetter breaks inside a word, so the part of a compound it broke shows across the
    break; two words joined by a real hyphen rarely make a third one there by chance, and
    less so one that starts or ends the pair (words in the middle matched by chance:
    "islami|sten|ch|atbot").
    """
    lowered = joined.lower()
    size = len(lowered)
    spans = [(start, size) for start in range(1, min(point - 1, size - _ACROSS_MIN + 1))]
    spans += [(0, end) for end in range(max(point + 2, _ACROSS_MIN), size)]
    return any(
        zipf(lowered[start:end], (language,)) >= _WORD
        for start, end in spans
        for language in ("de", "en")
    )


def legal_break(word: str, point: int) -> bool:
    """Is `point` a hyphenation point of `word` in the German or English patterns?"""
    lowered = word.lower()
    return any(point in _hyphenator(language).positions(lowered) for language in ("de_DE", "en_US"))


# --- the decision -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HyphenVerdict:
    """What to do with a line-end hyphen inside a URL."""

    drop: bool
    """True when the hyphen is the typesetter's (the URL reads without it)."""
    sure: bool
    """False when the evidence does not settle it (the other reading is kept as alternative)."""


_KEEP = HyphenVerdict(drop=False, sure=True)
_DROP = HyphenVerdict(drop=True, sure=True)


def _camel_tail(text: str) -> str:
    """The last word of `text`: its final run of letters, from its last CamelCase capital."""
    match = _LETTERS_END_RE().search(text)
    if match is None:
        return ""
    return _CAMEL_RE().split(match.group())[-1]


def _camel_head(text: str) -> str:
    """The first word of `text`: its first run of letters, up to a CamelCase capital."""
    match = _LETTERS_START_RE().match(text)
    if match is None:
        return ""
    return _CAMEL_RE().split(match.group())[0]


def _has_vowel(word: str) -> bool:
    return any(char in _VOWELS for char in word.lower())


def judge_hyphen(
    before: str, after: str, evidence: WrapEvidence, *, blank_before_break: bool = False
) -> HyphenVerdict:
    """Judge the hyphen ending `before` (a URL cut at a line break; `after` is the next line's
    first word). First rule that applies wins:

    1. a blank between hyphen and line break ("liste- " newline), or nothing after: kept;
    2. right after ``/``: dropped, not sure (few path segments start with ``-``:
       "121.DAET/-121_…"), but kept before a ``/`` (Liferay's "detailseite/-/publication");
    3. not between two letters (a digit, ``_`` or ``.`` on either side: ids and dates,
       "…steuer-1681874", "2025-bleibt"): kept – typesetters hyphenate words only;
    4. the URL itself and the document print the joined word or the pair elsewhere
       (`_judge_evidence`);
    5. a side without a vowel ("swp-berlin", "rhb-…"): kept – every syllable has a vowel;
       but where the patterns allow the break all the same (German patterns on English words:
       "resea-rch"), not sure, and dropped when the joined word is a word;
    6. a capital after the break ("…auslaendischer-Aerzte"): kept, unless the segment is
       CamelCase without any other hyphen (then dropped, not sure);
    7. then words (`_judge_words`); where they keep the hyphen after a capitalised word in a
       path segment without other hyphens ("SharedDocs/Risiko-" newline "informationen"), it
       is dropped all the same, not sure: German spelling capitalises the noun after a real
       hyphen ("Risiko-Informationen"), so a lower-case half continues a compound.
    """
    if blank_before_break or not after:
        return _KEEP
    if before[-2:-1] == "/":
        return _KEEP if not after[0].isalnum() else HyphenVerdict(drop=True, sure=False)
    if not before[-2:-1].isalpha() or not after[0].isalpha():
        return _KEEP
    head, tail = _camel_tail(before[:-1]), _camel_head(after)
    verdict = _judge_evidence(before, after, head, tail, evidence)
    if verdict is not None:
        return verdict
    return _judge_shape(before, after, head, tail, english=evidence.english)


def _judge_evidence(
    before: str, after: str, head: str, tail: str, evidence: WrapEvidence
) -> HyphenVerdict | None:
    """Rule 4 of `judge_hyphen`: what the URL itself and the document print.

    - The URL itself, elsewhere: the pair and never the joined word ("…/climate-" newline
      "change/impact-climate-change-…"): kept; the joined word as a word of its own and never
      the pair ("…/daten-" newline "institut/dateninstitut-node"): dropped; both, the
      joined word only inside a longer word, or a shape that settles the break by itself (no
      vowel: "vsb-rechtsextremismus"; a capital: "GFI-Europe"): the words decide. None of
      these is sure ("…/horizoneurope/…-horizon-europe" prints both).
    - The document: the joined word in its prose ("Bevoelke-rung" ↔ "Bevölkerung") or in a URL
      of the same host: dropped; the pair there ("Share-Deals-in-derGrund…", other links to
      "schleswig-holstein.de"): kept, sure where the other reading has no witness at all
      and the halves are not two words ("Postbank" against a slug's "post-bank", prose's
      "Baden-Württemberg" against "swraktuell/badenwuerttemberg"). Where the only witnesses
      are URLs of other hosts and all of one reading, that reading (sure where the words
      agree); where both readings have witnesses, one with at least three places and twice
      as many as the other wins ("earth-day" on nine hosts against "earthday" on four), else
      the words decide; neither is sure.
    None when the evidence leaves it to the words.
    """
    joined = head + tail
    # The URL itself printing the joined word or the pair elsewhere says little about this
    # hyphen, and must not count as the document's evidence.
    rest = f"{before[: -len(head) - 1]} {after[len(tail) :]}".lower()
    own_joined = bool(re.search(rf"(?<![^\W\d_]){re.escape(joined.lower())}(?![^\W\d_])", rest))
    own_pair = f"{head}-{tail}".lower() in rest
    if own_pair or joined.lower() in rest:
        verdict = _judge_shape(before, after, head, tail, english=evidence.english)
        if own_pair != own_joined and not verdict.sure:
            return HyphenVerdict(drop=own_joined, sure=False)
        return HyphenVerdict(verdict.drop, sure=False)
    hosts = {url_host(before[:-1] + after), url_host(before + after)}
    joined_places = evidence.places(joined) if len(joined) >= 5 else frozenset()
    pair_places = evidence.pair_places(head, tail)
    joined_here = bool(joined_places & (hosts | {""}))
    pair_here = bool(pair_places & (hosts | {""}))
    if joined_here != pair_here:
        # Sure only where the other reading has no witness at all and, for the joined word,
        # where the halves are not two words ("post-bank" beside "Postbank", "zahlen-und").
        words = _word_like(head) and _word_like(tail)
        sure = not (pair_places if joined_here else joined_places) and not words
        return HyphenVerdict(drop=joined_here, sure=sure)
    if not (joined_places or pair_places):
        return None
    verdict = _judge_shape(before, after, head, tail, english=evidence.english)
    if bool(joined_places) == bool(pair_places):
        # Both witnessed: many more places for one reading outvote the words.
        if len(pair_places) >= max(3, 2 * len(joined_places)):
            return HyphenVerdict(drop=False, sure=False)
        if len(joined_places) >= max(3, 2 * len(pair_places)):
            return HyphenVerdict(drop=True, sure=False)
        return HyphenVerdict(verdict.drop, sure=False)
    # Witnesses of other hosts only, for one reading: it, sure where the words agree.
    drop = bool(joined_places)
    return HyphenVerdict(drop, sure=verdict.sure and verdict.drop == drop)


def _judge_shape(before: str, after: str, head: str, tail: str, *, english: bool) -> HyphenVerdict:
    """Rules 5 to 7 of `judge_hyphen`."""
    if not _has_vowel(head) or not _has_vowel(tail):
        if not legal_break(head + tail, len(head)):
            return _KEEP
        return HyphenVerdict(drop=zipf(head + tail) >= _WORD, sure=False)
    segment_before = _SEGMENT_RE().split(before[:-1])[-1]
    segment_after = _SEGMENT_RE().split(after)[0]
    slug = "-" in segment_before or "-" in segment_after
    if tail[0].isupper():
        camel = bool(_CAMEL_RE().search(segment_before) or _CAMEL_RE().search(segment_after))
        return HyphenVerdict(drop=True, sure=False) if camel and not slug else _KEEP
    in_host = "/" not in before.partition("://")[2 if "://" in before else 0]
    verdict = _judge_words(head, tail, slug=slug, english=english, in_host=in_host)
    if not (verdict.drop or slug or in_host) and head.istitle():
        # German spelling capitalises the noun after a real hyphen ("Risiko-Informationen").
        return HyphenVerdict(drop=legal_break(head + tail, len(head)), sure=verdict.sure)
    return verdict


def _judge_words(
    head: str, tail: str, *, slug: bool, english: bool, in_host: bool = False
) -> HyphenVerdict:
    """Judge a hyphen before a lower-case word with word knowledge (wordfreq, pyphen).

    1. not a hyphenation point of the joined word: kept (sure when that is no word);
    2. a slug's function word (`_slug_function_word`): kept, not sure;
    3. the joined word is a word ("Monatsbe-richte", "bundes-tag"): dropped; not sure when
       both halves are words or the first is a function word ("ein-blick", "es-sentials");
    4. the first half ends in a German linking suffix ("organisations-erlass";
       "-ions" only in German documents), or the joined word is a compound of one language
       split elsewhere ("immobilienbesteue-rung", `compound_score`) that explains it better
       than the two halves do ("languages|kills" does not beat "language|skills"): dropped;
       not sure when both halves are words (or the compound's parts are rare);
    5. the joined word is written as one word at all, if rarely ("kranken-geld"): dropped,
       not sure;
    6. then `_judge_rare`.
    """
    joined = head + tail
    frequency = zipf(joined)
    if not legal_break(joined, len(head)):
        return HyphenVerdict(drop=False, sure=frequency < _WORD)
    head_word, tail_word = _word_like(head), _word_like(tail)
    both = head_word and tail_word
    if slug and _slug_function_word(head, tail, head_word=head_word, tail_word=tail_word):
        return HyphenVerdict(drop=False, sure=False)
    if frequency >= _WORD:
        return HyphenVerdict(drop=True, sure=not both and not _is_function_word(head))
    linking = _LINKING_SUFFIXES if english else _LINKING_SUFFIXES + _GERMAN_LINKING_SUFFIXES
    if head.lower().endswith(linking):
        return HyphenVerdict(drop=True, sure=not both)
    split = compound_score(joined, len(head))
    if split >= _WORD and not (both and pair_score(head, tail) >= split):
        return HyphenVerdict(drop=True, sure=split >= _COMMON and not both)
    if frequency >= _KNOWN:
        return HyphenVerdict(drop=True, sure=False)
    return _judge_rare(head, tail, slug=slug, in_host=in_host, words=(head_word, tail_word))


def _slug_function_word(head: str, tail: str, *, head_word: bool, tail_word: bool) -> bool:
    """A slug's article or preposition, written as a word of its own:

    - after the break ("klopfer-des", "in-der") when the joined form is no word and the
      first half is a word, or is long and no word runs across the break
      ("luftverkehrsteu-er" is a syllable); or when the joined form is not very common and the
      first half is a word ("wie-der" aside);
    - before the break when the joined form is no word and no compound split elsewhere
      ("die-obdachlosigkeit"; "an-gebotszonen" is "angebots|zonen"); a German prefix such as
      "an", "mit" only before a word or where no word runs across the break
      ("mit-bausoldaten", "auf-dem-holzweg" but "an-schlussstau"); before what is no word,
      only where no one writes the joined form ("an-tiziganismus", "er-werbsminderungsrentner"
      are syllables of known words).
    """
    joined = head + tail
    frequency = zipf(joined)
    if _is_function_word(tail):
        if frequency < _WORD and (
            head_word or (len(head) > 5 and not word_across(joined, len(head)))
        ):
            return True
        return frequency < _COMMON_WORD and head_word
    return (
        _is_function_word(head)
        and frequency < _WORD
        and (
            tail_word
            or (frequency < _KNOWN and head.lower() not in _PREFIXES and len(tail) >= 3)
            or (frequency < _KNOWN and not word_across(joined, len(head)))
        )
        and not compound_elsewhere(joined, len(head))
    )


def _judge_rare(
    head: str, tail: str, *, slug: bool, in_host: bool, words: tuple[bool, bool]
) -> HyphenVerdict:
    """Rules 6 to 9 of `_judge_words`, for a joined form no one writes:

    6. both halves are words ("japan-und", "einzel-ansicht"): kept, not sure; a short next
       half in a path outside a slug ("breg-de" aside) is dropped, not sure;
    7. a word that begins or ends the joined form runs across the break (`word_across`:
       "crsre-ports", "wohnbe-standes"): dropped, not sure;
    8. in a slug, a long first half and a word on one side ("ableger-durchsuchungen"), or in
       a path slug any word on either side ("karin-prien", "gefunden-rki"); in a host name, a
       name or abbreviation before a word ("iwh-halle.de", "www.pflegenot-deutschland.de"):
       kept, not sure;
    9. otherwise ("dser-ver", "hitzewel-le", "Se-xuologie"): dropped, not sure – the break
       is inside a word.
    """
    head_word, tail_word = words
    if head_word and tail_word:
        return HyphenVerdict(drop=not slug and not in_host and len(tail) < 4, sure=False)
    if word_across(head + tail, len(head)):
        return HyphenVerdict(drop=True, sure=False)
    if slug and len(head) > 5 and (head_word or tail_word) and len(tail) >= 4:
        return HyphenVerdict(drop=False, sure=False)
    if slug and not in_host and len(tail) >= 3 and ((head_word and len(head) >= 4) or tail_word):
        return HyphenVerdict(drop=False, sure=False)
    if in_host and tail_word and len(tail) >= 4:
        return HyphenVerdict(drop=False, sure=False)
    return HyphenVerdict(drop=True, sure=False)


def _is_function_word(word: str) -> bool:
    """An article, preposition, conjunction or pronoun ("in", "der", "auf", "the"): slugs
    write it as a word of its own."""
    return word.lower() in _FUNCTION_WORDS


def _word_like(word: str) -> bool:
    """A word, or a compound of two common words ("flaechen|potentiale")."""
    return is_word(word) or compound_elsewhere(word, -1)
