"""What a run keeps of each fetched page (`verify.TextUse`): the figure verdicts from a page kept
without its text equal those from the whole text."""

from __future__ import annotations

import pytest

from citecheck.figures import contains_figure, figure_index, find_figures, index_contains
from citecheck.models import Document, Figure, Footnote, Link, LinkStatus
from citecheck.page_figures import with_figures
from citecheck.verify import TextUse, source_text, verify_footnote

from ._support import _fetched, _observed, _reference

A, B, C, D = (f"https://example.org/{name}" for name in "abcd")
FIGURES = "Der Anteil stieg auf 27 Prozent, die Kosten auf 203 Milliarden Euro und 500 km."


def _document() -> Document:
    with_figure = _reference(5, "Der Anteil stieg auf 27 Prozent.")
    without = _reference(6, "Das Ministerium berichtet darüber.")
    return Document(
        path="m.md",
        format="markdown",
        footnotes=(
            Footnote(number=1, line=10, text="a", urls=(A,), references=(with_figure,)),
            Footnote(number=2, line=11, text="b", urls=(B, C), references=(with_figure,)),
            Footnote(number=3, line=12, text="d", urls=(D,), references=(without,)),
            Footnote(number=4, line=13, text="Ebd.", ibid_of=3, references=(with_figure,)),
        ),
    )


def test_text_use_names_the_pages_figure_look_ups_read() -> None:
    use = TextUse.of([_document()])
    # 1 cites one page; 3 is the source of the ibid 4, whose sentence names a figure.
    assert use.alone == {A, D}
    assert use.joined == {B, C}


def test_kept_drops_text_where_no_figure_look_up_reads_it() -> None:
    use = TextUse.of([_document()])
    page = _fetched(A, ("Bericht",), "Im Jahr stieg der Anteil auf 27 %.")
    alone = use.kept(A, page)
    assert alone.text_excerpt == "" and alone.figures == figure_index(source_text(page))
    assert use.kept(B, page) is page  # joined with another page's text: kept whole
    other = use.kept("https://example.org/elsewhere", page)
    assert other.text_excerpt == "" and other.figures is None
    assert other.title_candidates == page.title_candidates


@pytest.mark.parametrize(
    "text",
    [
        "Der Anteil stieg auf 27 % und 27 %, die Kosten auf 203 Mrd. € und 500 Kilometer.",
        "Anteil: 27%. Kosten: €203 billion.",
        "Nichts davon: 28 Prozent, 203 Millionen Euro, 500 m.",
        "",
    ],
)
def test_figure_index_answers_as_the_text(text: str) -> None:
    index = figure_index(text)
    for wanted in find_figures(FIGURES):
        assert index_contains(index, wanted) == contains_figure(text, wanted)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Der Anteil lag bei 27 %; Ziel sind 30 Prozent.", True),
        ("Der Anteil: 28 %; Ziel sind 30 Prozent.", False),
    ],
)
def test_verify_footnote_same_figures_from_the_kept_page(text: str, found: bool) -> None:
    footnote = Footnote(
        number=1,
        line=10,
        text="a",
        urls=(A,),
        references=(_reference(5, "Der Anteil stieg auf 27 Prozent, Ziel sind 30 Prozent."),),
        links=(Link(A, LinkStatus.OK, None, 200, A, page_title="Bericht"),),
    )
    page = _fetched(A, ("Bericht",), text)
    kept = TextUse.of([Document(path="m.md", format="markdown", footnotes=(footnote,))]).kept(
        A, page
    )
    assert kept.text_excerpt == "" and kept.figures is not None
    whole = verify_footnote(_observed(footnote, {A: page}))
    slim = verify_footnote(_observed(footnote, {A: kept}))
    assert whole.figures == slim.figures
    assert slim.figures == (Figure("27 Prozent", found), Figure("30 Prozent", True))
    assert whole.problems == slim.problems


def test_kept_uses_the_index_the_fetching_process_made() -> None:
    # A worker process adds the index to the page it fetched (`with_figures`, text kept for
    # the cache); `kept` then drops the text and keeps that index instead of making it again.
    use = TextUse.of([_document()])
    page = _fetched(A, ("Bericht",), "Im Jahr stieg der Anteil auf 27 %.")
    made = with_figures(page)
    assert made.text_excerpt == page.text_excerpt and made.figures is not None
    assert use.wants_figures(A) and use.wants_figures(D)
    assert not use.wants_figures(B) and not use.wants_figures("https://example.org/elsewhere")
    kept = use.kept(A, made)
    assert kept.figures is made.figures  # not made again
    assert kept == use.kept(A, page)  # the fallback (no index yet) keeps the same
    # An index where none is kept (a page joined with others, one never read again) goes.
    assert use.kept(B, made) == page
    assert use.kept("https://example.org/elsewhere", made) == use.kept("x", page)
    assert with_figures(_fetched(A, ("Bericht",), "")).figures is None  # no text: no index


def test_worker_indexes_equal_the_indexes_made_here() -> None:
    # Differential on realistic pages: the fixture pages as the page reader reads them.
    from pathlib import Path

    from citecheck.titles.extract import extract_page

    pages = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "pages").glob("*.htm*"))
    assert pages
    use = TextUse(alone=frozenset({A}))
    indexed = 0
    for path in pages:
        info = extract_page(path.read_bytes(), "text/html", None)
        page = _fetched(A, tuple(info.candidates), info.text)
        made = with_figures(page)
        assert use.kept(A, made) == use.kept(A, page), path.name
        indexed += bool(made.figures)
    assert indexed >= 2  # pages with figures among them


def test_keeping_twice_keeps_the_same() -> None:
    # What a result keeps is a fixed point: kept again (a run that applies `TextUse` to the
    # results it held whole while reading), an alone page keeps its index.
    use = TextUse(alone=frozenset({A}), joined=frozenset({B}))
    page = _fetched(A, ("Bericht",), "Im Jahr stieg der Anteil auf 27 %.")
    for key in (A, B, "https://example.org/elsewhere"):
        for fetched in (page, with_figures(page)):
            once = use.kept(key, fetched)
            assert use.kept(key, once) == once
    assert use.kept(A, use.kept(A, page)).figures


def test_text_use_made_document_by_document_is_that_of_all() -> None:
    # `TextUseSoFar` reads each document's figure sources once, as a run adds documents; at
    # every step it says what `TextUse.of` the documents so far says.
    from citecheck.parse import parse_bytes
    from citecheck.verify.keep import TextUseSoFar

    def motion(body: str, *urls: str) -> Document:
        text = f"{body}[^1]\n\n[^1]: Bericht, {' und '.join(urls)}\n"
        return parse_bytes(text.encode(), "m.md")

    documents = [
        motion("Der Anteil stieg auf 27 Prozent.", A),
        motion("Ohne Zahl.", B),
        motion("Der Anteil sank auf 12 Prozent.", A, D),
        motion("Es waren 3 Millionen.", B),
    ]
    so_far = TextUseSoFar()
    for read in range(1, len(documents) + 1):
        assert so_far.of(documents[:read]) == TextUse.of(documents[:read])
    assert so_far.of(documents) is so_far.of(documents)  # made once per new document
