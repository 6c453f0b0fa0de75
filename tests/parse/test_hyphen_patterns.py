"""`hyphen_patterns.LazyHyphenator` against pyphen, whose patterns it reads lazily: the same
patterns under the same keys, the same hyphenation points (German and English, the two the
URL-wrap rules use), and it does not parse them all at load."""

from __future__ import annotations

import pyphen  # type: ignore[import-untyped]
import pytest
from wordfreq import get_frequency_list

from citecheck.parse.hyphen_patterns import LazyHyphenator

_LANGUAGES = ("de_DE", "en_US")


def _pair(language: str) -> tuple[LazyHyphenator, pyphen.Pyphen]:
    path = pyphen.LANGUAGES[pyphen.language_fallback(language)]
    return LazyHyphenator(path), pyphen.Pyphen(lang=language, left=2, right=2)


@pytest.mark.parametrize("language", [*_LANGUAGES, "ca", "hu_HU"])  # ca, hu: alternatives
def test_every_pattern_reads_as_pyphens(language: str) -> None:
    lazy, reference = _pair(language)
    patterns = reference.hd.patterns
    assert set(lazy._lines) == set(patterns)
    assert lazy._maxlen == reference.hd.maxlen
    for key, pattern in patterns.items():
        assert lazy._pattern(key) == pattern, key
    assert lazy._pattern("qqqq") is None


@pytest.mark.parametrize("language", _LANGUAGES)
def test_the_points_of_words_are_pyphens(language: str) -> None:
    lazy, reference = _pair(language)
    words = [word for bucket in get_frequency_list(language[:2]) for word in bucket][::40]
    words += ["Bevölkerung", "İstanbul", "straße", "e-mail", "co2-ausstoß", "x", "", "Ärzte"]
    for word in words:
        assert lazy.positions(word) == reference.positions(word), word


def test_patterns_are_parsed_at_their_first_look_up() -> None:
    lazy, _ = _pair("de_DE")
    assert not lazy._parsed
    lazy.positions("bevoelkerung")
    assert 0 < len(lazy._parsed) < 200
