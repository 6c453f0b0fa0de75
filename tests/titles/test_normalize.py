"""The comparison form of titles (`titles.normalize`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.titles import normalize_title
from citecheck.titles.normalize import _UNIFY as _UNIFY_CHARS

# --------------------------------------------------------------------------- normalize_title


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zeitenwende  in\nJapan", "zeitenwende in japan"),
        ("„Größe“ – Übermaß", '"groesse" - uebermass'),
        ("ÄÖÜ äöü ß", "aeoeue aeoeue ss"),
        ("Sicherheits- politik", "sicherheitspolitik"),
        ("Sicherheits-\npolitik", "sicherheitspolitik"),
        ("ﬁnanzen", "finanzen"),  # NFKC ligature
        ("‚single‘ “double” «guillemets»", '"single" "double" "guillemets"'),
        ("A—B‑C", "a-b-c"),
    ],
)
def test_normalize_title(raw: str, expected: str) -> None:
    assert normalize_title(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Sicherheits- und Verteidigungspolitik",  # elision hyphen before a conjunction
        "Sicherheits- oder Verteidigungspolitik",
        "Bundes- Länder",  # capital letter after the hyphen: a real hyphen, not a break
    ],
)
def test_normalize_title_keeps_real_hyphens(raw: str) -> None:
    assert "- " in normalize_title(raw)


def _normalize_as_before(text: str) -> str:
    """`normalize_title` as it was: quotes, then dashes, then umlauts, one table at a time."""
    import unicodedata

    from citecheck.titles.normalize import _DASHES, _LINEBREAK_HYPHEN, _QUOTES, _UMLAUTS

    text = _LINEBREAK_HYPHEN.sub("", unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(text.translate(_QUOTES).translate(_DASHES).translate(_UMLAUTS).split())


def test_one_pass_unifies_as_the_three_tables_did() -> None:
    """`normalize_title` replaces quotes, dashes and umlauts in one pass (`_TO_UNIFY`): the same
    text as the three `str.translate` tables applied in turn, for every character they name and
    for mixed titles."""
    every = "".join(_UNIFY_CHARS) + "abc ' \\" + '"' + "-ÄÖÜẞ"
    titles = [every, every[::-1], "„Zeitenwende“ – Bürger’s Straße ‚x‘ ´y´ ″z″ ﹘ －", "plain"]
    titles += [f"a{c}b {c}{c}" for c in every]
    for text in titles:
        assert normalize_title(text) == _normalize_as_before(text)


@given(st.text(alphabet=st.sampled_from("".join(_UNIFY_CHARS) + "aÄß- \n'\"x1"), max_size=40))
@settings(max_examples=300)
def test_one_pass_unifies_as_the_three_tables_did_on_any_mix(text: str) -> None:
    """The same, on any mix of those characters with letters, hyphens and line breaks."""
    assert normalize_title(text) == _normalize_as_before(text)
