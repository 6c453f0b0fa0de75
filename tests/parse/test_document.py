"""build_document: references, contexts, pages, whole documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.models import ProblemCode, Severity
from citecheck.parse import load_document
from citecheck.parse.document import build_document
from citecheck.parse.layout import Layout, Marker, RawDefinition

from ._layouts import layout

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# --- references and contexts ---------------------------------------------------------------


def test_references_carry_the_full_sentence_and_marker_line() -> None:
    body = (
        "Deutschland und Japan z.B. sind Partner. Die Zahl stieg im Vergleich zu 2021\n"
        "um 27 Prozent. Danach kam nichts."
    )
    marker = body.index("Prozent.") + len("Prozent")
    document = build_document("x.txt", layout(body, [(1, marker)], [(1, 5, "Vgl. https://a.de/x")]))
    (footnote,) = document.footnotes
    assert footnote.references[0].context == "Die Zahl stieg im Vergleich zu 2021 um 27 Prozent."
    assert footnote.references[0].line == 2
    assert document.problems == ()
    assert document.body == body


def test_marker_after_the_dot_belongs_to_the_sentence_it_ends() -> None:
    body = "Der Posten wurde ausgeschrieben. Japan ist Partner."
    after_dot = body.index(".") + 1
    document = build_document("x", layout(body, [(1, after_dot)], [(1, 3, "Ebd.")]))
    assert document.footnotes[0].references[0].context == "Der Posten wurde ausgeschrieben."


def test_a_number_defined_twice_gets_markers_by_position() -> None:
    body = "Erster Satz.\nZweiter Satz mit Marker.\nDritter Satz."
    marker = body.index("Marker") + len("Marker")
    document = build_document(
        "x",
        layout(body, [(3, marker)], [(3, 1, "³ Destatis"), (3, 3, "Luftverkehrskonzept - BDL")]),
    )
    first, second = document.footnotes
    assert first.references == ()
    assert [r.line for r in second.references] == [2]
    assert {p.code for p in first.problems} == {
        ProblemCode.UNUSED_DEFINITION,
        ProblemCode.NO_SOURCE,
    }
    duplicate = [p for p in second.problems if p.code is ProblemCode.DUPLICATE_DEFINITION]
    assert duplicate[0].severity is Severity.ERROR
    assert "line 1" in duplicate[0].message


def test_pages_of_a_paged_layout_reach_footnotes_and_references() -> None:
    body = "Erster Satz mit Marker.\nZweiter Satz mit Marker."
    first = body.index("Marker") + len("Marker")
    second = body.rindex("Marker") + len("Marker")
    base = layout(body, [(1, first), (1, second)], [(1, 7, "Vgl. https://a.de/x")])
    paged = Layout(
        format="pdf",
        body=base.body,
        line_starts=base.line_starts,
        markers=(Marker(1, first, page=1), Marker(1, second, page=2)),
        definitions=(RawDefinition(1, "1", 7, "Vgl. https://a.de/x", page=1),),
    )
    (footnote,) = build_document("x.pdf", paged).footnotes
    assert footnote.page == 1
    assert [(r.line, r.page) for r in footnote.references] == [(1, 1), (2, 2)]


def test_unpaged_layouts_leave_pages_none() -> None:
    body = "Ein Satz mit Marker."
    marker = body.index("Marker") + len("Marker")
    document = build_document("x.txt", layout(body, [(1, marker)], [(1, 3, "Ebd.")]))
    (footnote,) = document.footnotes
    assert footnote.page is None
    assert footnote.references[0].page is None


# --- whole documents ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["antrag-japan-partnerschaft.md", "antrag-japan-partnerschaft.txt"]
)
def test_seed_motion(name: str) -> None:
    document = load_document(str(FIXTURES / "documents" / name))
    footnotes = document.footnotes
    assert [f.number for f in footnotes] == list(range(1, 16))
    assert footnotes[3].ibid_of == 3
    assert footnotes[2].cited_title == "Japans sicherheitspolitische Neuausrichtung 2023"
    assert footnotes[4].cited_title == "Zeitwende in Japan"
    assert all(f.cited_title is None for i, f in enumerate(footnotes) if i not in (2, 4))
    assert sum(len(f.urls) for f in footnotes) == 14
    assert all("\\" not in url for f in footnotes for url in f.urls)
    assert "_" in footnotes[7].urls[0] and "_" in footnotes[14].urls[0]
    assert footnotes[4].references[0].context.startswith("Ähnlich wie die Bundeswehr haben auch")
    assert footnotes[4].references[0].context.endswith("Arbeitgeber zu positionieren.")
    assert document.problems == ()
    # Only paged formats have pages.
    assert all(f.page is None and all(r.page is None for r in f.references) for f in footnotes)


_FRAGMENTS = st.sampled_from(
    ["https://", "www.", "a.de/", "-\n", "\n", "\n\n", ". ", "Ebd.", "s. FN. ", "„", "“", "(",
     ")", "%20", "_", "&", "27 %", "44,2 Mrd. Euro", "neun Prozent", "z.B. ", "1. ", "\\_",
     "[x](https://a.de)", "<https://b.de>", "Microsoft Word - ", " - BDL", "(2023). ", "\x00"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=6)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _TEXT,
    st.lists(st.tuples(st.integers(0, 20), st.integers(0, 400)), max_size=6),
    st.lists(st.tuples(st.integers(0, 20), _TEXT, st.booleans()), max_size=6),
)
def test_build_document_never_raises(
    body: str, markers: list[tuple[int, int]], definitions: list[tuple[int, str, bool]]
) -> None:
    built = Layout(
        format="text",
        body=body,
        line_starts=((0, 1),),
        markers=tuple(Marker(n, min(o, len(body))) for n, o in markers),
        definitions=tuple(
            RawDefinition(n, str(n), i + 1, text, md) for i, (n, text, md) in enumerate(definitions)
        ),
    )
    document = build_document("x", built)
    assert len(document.footnotes) == len(definitions)
    for footnote in document.footnotes:
        assert all(url.strip() == url and url for url in footnote.urls)
