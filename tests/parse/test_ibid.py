"""Back-references: ibid, cross-references to a footnote number, their resolution."""

from __future__ import annotations

import pytest

from citecheck.parse.document import build_document
from citecheck.parse.ibid import PREVIOUS, ibid_reference, resolve_ibids

from ._layouts import layout

# --- ibid ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ebd.", PREVIOUS),
        ("ebd.", PREVIOUS),
        ("Ebd., S. 4", PREVIOUS),
        ("Ebenda", PREVIOUS),
        ("a.a.O.", PREVIOUS),
        ("Ibid., p. 3.", PREVIOUS),
        ("Vgl. ebd.", PREVIOUS),
        ("s. FN. 5", 5),
        ("s. Fn. 5", 5),
        ("siehe Fußnote 12", 12),
        ("wie in Fn. 4", 4),
        ("a.a.O. (Fn. 7), S. 3", 7),
        ("Ebenfalls interessant: die Studie", None),
        ("Ebert, Titel", None),
    ],
)
def test_ibid_reference(text: str, expected: int | None) -> None:
    assert ibid_reference(text, has_urls=False) == expected


def test_a_footnote_with_its_own_url_is_no_ibid() -> None:
    assert ibid_reference("Ebd., https://a.de/x", has_urls=True) is None


def test_resolve_ibids_chains_to_the_original() -> None:
    numbers = [1, 2, 3, 4, 5, 6]
    references = [PREVIOUS, None, PREVIOUS, PREVIOUS, 3, 9]
    assert resolve_ibids(numbers, references) == [None, None, 2, 2, 2, None]


def test_ibids_in_a_document() -> None:
    body = "Eins. Zwei. Drei. Vier."
    definitions = [
        (1, 5, "https://a.de/1"),
        (2, 6, "ebd."),
        (3, 7, "https://a.de/3"),
        (4, 8, "s. FN. 2"),
    ]
    markers = [
        (n, body.index(w) + len(w)) for n, w in enumerate(["Eins", "Zwei", "Drei", "Vier"], 1)
    ]
    document = build_document("x", layout(body, markers, definitions))
    assert [f.ibid_of for f in document.footnotes] == [None, 1, None, 1]
