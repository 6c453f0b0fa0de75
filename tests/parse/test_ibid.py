"""Back-references: ibid, cross-references to a footnote number, their resolution."""

from __future__ import annotations

import pytest

from citecheck.parse.document import build_document
from citecheck.parse.ibid import PREVIOUS, SameSource, ibid_reference, resolve_ibids

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


# --- back-references in the forms real Drucksachen use (issue 13) -------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wie in Fn. 4", 4),
        ("BAMF wie in Fn.4.", 4),
        ("BAMF, wie in Fn. 4, S. 12", 4),
        ("Vgl. BAMF Fn. 2, S. 3", 2),
        ("vgl. Fußnote 12", 12),
        ("Vgl. Fußnote 7.", 7),
        ("siehe Anm. 3", 3),
        ("Siehe Fußnote 31.", 31),
        ("s. FN. 5", 5),
        ("s. FN 8", 8),
        ("s. Fußnote 6, Seite 95", 6),
        ("Siehe ebd.", PREVIOUS),
        ("Ebd. S. 2", PREVIOUS),
        ("ebd., Seite 11", PREVIOUS),
        ("Ders., ebd., S. 5", PREVIOUS),
        ("FAZ ebd.", SameSource("FAZ")),
        ("Vgl. FAZ ebd., S. 3", SameSource("FAZ")),
        ("Deutsche Bundesbank ebd.", SameSource("Deutsche Bundesbank")),
        ("Müller, a.a.O., S. 5", SameSource("Müller")),
        ("Müller, a.a.O. (Fn. 7), S. 3", 7),
    ],
)
def test_back_references_that_are_read(text: str, expected: int | SameSource) -> None:
    assert ibid_reference(text, has_urls=False) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Another work of the same author: a source of its own, no ibid.
        "Ders., Die Wehrpflicht in der Zeitenwende, in: FAZ, 03.04.2024",
        "Dies. (2023): Bericht zur Lage der Integration",
        "ders.: Migrationsbericht 2023, Nürnberg 2024",
        # Running prose that only mentions a place or a footnote.
        "Die Bundesregierung hat dies ebenda bestätigt.",
        "BAMF wie in Fn. 4 und Destatis, Pressemitteilung vom 12.03.2025",
        "Der Bericht nennt in Fn. 4 weitere Zahlen.",
        "Ebenfalls interessant: die Studie",
        "Ebert, Titel",
    ],
)
def test_back_references_that_are_not(text: str) -> None:
    assert ibid_reference(text, has_urls=False) is None


def test_source_ebd_means_the_latest_footnote_of_that_source() -> None:
    body = "Eins. Zwei. Drei. Vier. Fünf."
    definitions = [
        (1, 6, "FAZ, 03.04.2024, Die neue Wehrpflicht, https://www.faz.net/aktuell/x-1.html"),
        (2, 7, "BAMF, Aktuelle Zahlen, https://www.bamf.de/SharedDocs/zahlen.pdf"),
        (3, 8, "FAZ ebd."),
        (4, 9, "Tagesschau, 12.05.2025, https://www.tagesschau.de/inland/x.html"),
        (5, 10, "BAMF wie in Fn.2."),
    ]
    words = ["Eins", "Zwei", "Drei", "Vier", "Fünf"]
    markers = [(n, body.index(w) + len(w)) for n, w in enumerate(words, 1)]
    document = build_document("x", layout(body, markers, definitions))
    # "FAZ ebd." is footnote 1 (not 2, the one just before); "wie in Fn.2" is footnote 2.
    assert [f.ibid_of for f in document.footnotes] == [None, None, 1, None, 2]
    assert all(f.problems == () for f in document.footnotes)


def test_source_ebd_without_an_earlier_footnote_of_that_source_is_the_previous_one() -> None:
    texts = ["https://www.bamf.de/x", "Destatis, https://www.destatis.de/y", "Spiegel ebd."]
    references = [None, None, ibid_reference(texts[2], has_urls=False)]
    assert resolve_ibids([1, 2, 3], references, texts) == [None, None, 2]


def test_source_ebd_finds_the_source_in_an_url_host() -> None:
    texts = ["https://www.faz.net/aktuell/a.html", "https://www.bamf.de/x", "FAZ ebd."]
    references = [None, None, ibid_reference(texts[2], has_urls=False)]
    assert resolve_ibids([1, 2, 3], references, texts) == [None, None, 1]
