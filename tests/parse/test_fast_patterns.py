"""Patterns and filters rewritten for speed match what their plain spelling matches.

Each old spelling is kept here as the reference and compared on random text made of the
characters the pattern cares about (and on corpus-like sentences).
"""

from __future__ import annotations

import random
import re

from citecheck.parse import url_finder

#: The URL start as first written (`url_finder._START_RE` before it opened with a set).
_PLAIN_START_RE = re.compile(
    r"(?<![\w@/.\-%])(?:(?:https?|ftp)://|www\d{0,3}\.(?=\w)|doi:10\.)", re.IGNORECASE
)
_START_ALPHABET = "hHtTpPsSfFwWdDoOiI:/.-@%_10 3\nxaé" + "\u017f\u212a\u0130\u0131"
_START_PIECES = ["http://", "HTTPS://", "ftp://", "www.", "WWW2.", "doi:10.", "www", " ", "-"]


def _random_texts(alphabet: str, pieces: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [
            rng.choice(pieces) if rng.random() < 0.3 else rng.choice(alphabet)
            for _ in range(rng.randint(0, 40))
        ]
        texts.append("".join(parts))
    return texts


def test_url_start_matches_the_plain_spelling() -> None:
    texts = _random_texts(_START_ALPHABET, _START_PIECES, 20_000, seed=7)
    texts += [
        "Vgl. https://www.bverwg.de/pm/2026/28 und www.gesundheitsregionen-nds.de.",
        "mail@www.example.de, x/www.a.de, -http://a.de, doi:10.1000/182, Www3.x",
    ]
    for text in texts:
        fast = [m.span() for m in url_finder._START_RE.finditer(text)]
        plain = [m.span() for m in _PLAIN_START_RE.finditer(text)]
        assert fast == plain, text
        for position in range(len(text)):
            one = url_finder._START_RE.match(text, position)
            other = _PLAIN_START_RE.match(text, position)
            assert (one and one.span()) == (other and other.span()), (text, position)


_ACCESS_PIECES = [
    "abgerufen am ", "Zugriff: ", "ZUGRIFFSDATUM ", "Abruf ", "accessed ", "Last visited ",
    "viewed ", "Stand: ", "stand ", "geprüft am ", "GEPRÜFT ", "eingesehen ", "besucht ",
    "retrieved ", "consulted ", "checked ", "date of access ", "3. März 2024", "03/04/2024",
    "2024-03-03", "Mai 2025", "unter https://a.de/x am ", "ſtand ", "acceſſed ", "vİsited ",
    "vısited ", "\u212aEINE ", "Geprüft ", "Überblick ",
]  # fmt: skip


def test_access_hint_never_hides_an_access_date() -> None:
    from citecheck.parse import dates

    alphabet = "abcdefghijklmnopqrstuvwxyzABZ:.,/ 0123456789äüßÜ" + "\u017f\u212a\u0130\u0131"
    texts = _random_texts(alphabet, _ACCESS_PIECES, 20_000, seed=11)
    found = 0
    for text in texts:
        plain = list(dates._access_dates(text))
        if plain:
            found += 1
            assert dates._may_name_access(text), text
        assert dates.access_date(text) == (max(plain) if plain else None), text
    assert found > 1000  # the random texts do hold access dates


#: The word before an opening quote as first written (`cited_title._word_before` replaces it).
_WORD_BEFORE_QUOTE_RE = re.compile(r"([^\W\d_]+)[\s(]*$")


def test_word_before_a_quote_matches_the_plain_search() -> None:
    from citecheck.parse import cited_title

    alphabet = "aZäß1²½_ (\n\t\u00a0\u2003\x1c.,„-" + "\u0661"
    pieces = ["vgl. ", "is using ", "nennen (", "Titel", "2024 ", "x_y "]
    texts = _random_texts(alphabet, pieces, 2_000, seed=13)
    for text in texts:
        for low in range(0, len(text) + 1, 3):
            for high in range(low, len(text) + 1):
                plain = _WORD_BEFORE_QUOTE_RE.search(text, low, high)
                fast = cited_title._word_before(text, low, high)
                assert fast == (plain and plain.group(1)), (text, low, high)


#: The Markdown inline pattern as first written (`markup._MD_INLINE_RE` opens with a look-ahead).
_PLAIN_MD_INLINE_RE = re.compile(
    r"(?P<link>\[(?P<ltext>[^\]\n]*)\]\((?P<lurl>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<auto><(?P<aurl>(?:(?:https?|ftp)://|www\.)[^<>\s]+)>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>)"
    r"|(?P<strong>\*\*|__(?=\w)|(?<=\w)__)"
    r"|(?P<escape>\\+[\\`*_{}\[\]()#+\-.!|<>~])"
)


def test_markdown_inline_matches_the_plain_spelling() -> None:
    from citecheck.parse import markup

    alphabet = 'ab_*<>[]()\\/" .:\n1é'
    pieces = ["[Titel](https://a.de/x)", "<https://a.de>", "<www.b.de/y>", "</b>", "<sup>",
              "**", "__", "a__b", "\\_", "\\*", "[x](y \"t\")", "(a(b)c)"]  # fmt: skip
    texts = _random_texts(alphabet, pieces, 20_000, seed=17)
    for text in texts:
        fast = [(m.span(), m.lastgroup, m.groupdict()) for m in markup._MD_INLINE_RE.finditer(text)]
        plain = [(m.span(), m.lastgroup, m.groupdict()) for m in _PLAIN_MD_INLINE_RE.finditer(text)]
        assert fast == plain, text


def test_word_frequencies_are_wordfreqs() -> None:
    """`wrap_hyphen._frequency` builds its table a bucket at a time; the values are those of
    wordfreq's `get_frequency_dict` (the reference), unknown words 0."""
    from wordfreq import get_frequency_dict

    from citecheck.parse import wrap_hyphen

    for language in ("de", "en"):
        reference = get_frequency_dict(language)
        for word, frequency in reference.items():
            assert wrap_hyphen._frequency(language, word) == frequency, word
        for word in ("xqzv", "", "Bevölkerung"):  # unknown (the lists are lower-case)
            assert wrap_hyphen._frequency(language, word) == reference.get(word, 0.0) == 0.0
        assert len(wrap_hyphen._buckets(language)) == len(reference)
