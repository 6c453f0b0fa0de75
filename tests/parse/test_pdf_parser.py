"""Layout tests for the PDF adapter (needs the pdf extra: pdfminer.six).

The seed PDF (fixtures/documents/antrag-japan-partnerschaft.pdf) is LibreOffice's rendering of
the seed DOCX, with a running head, the "Vorabfassung" line and page numbers as furniture; it
must give the DOCX's footnotes and markers. The three real PDFs of fixtures/corpus/pdf are
scored against truth.json at the layout level; the scores are printed and ratcheted.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pdfminer")

from citecheck.errors import UnreadableDocument, UnsupportedFormat
from citecheck.models import Document
from citecheck.parse import detect_parser, load_document, parse_bytes
from citecheck.parse.docx import docx_layout
from citecheck.parse.layout import Layout
from citecheck.parse.pdf import pdf_layout
from conftest import minimal_pdf

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEED_PDF = FIXTURES / "documents" / "antrag-japan-partnerschaft.pdf"
SEED_DOCX = FIXTURES / "documents" / "antrag-japan-partnerschaft.docx"
TRUTH = FIXTURES / "corpus" / "truth.json"

#: Achieved layout scores per corpus PDF: (definitions found, markers found, URLs recoverable).
#: Raise when the adapter improves; a drop fails the test.
ACHIEVED: dict[str, tuple[int, int, int]] = {
    "us-crs-R46293v11-earth-day-fact-sheet.pdf": (10, 10, 10),
    "us-crs-R48903v3-strait-of-hormuz-non-oil-shipments.pdf": (40, 40, 40),
    "bw-17-0273-gesetzentwurf-spd-wahlalter16.pdf": (0, 0, 0),
}


@pytest.fixture(scope="module", name="seed")
def _seed() -> Layout:
    """The seed PDF's layout (parsed once)."""
    return pdf_layout(SEED_PDF.read_bytes())


def _normal(text: str) -> str:
    return " ".join(text.split())


def _last_word(layout: Layout, offset: int) -> str:
    return re.sub(r"\W+$", "", layout.body[:offset].split()[-1])


def test_seed_pdf_has_the_docx_footnotes(seed: Layout) -> None:
    docx = docx_layout(SEED_DOCX.read_bytes())
    assert [(d.number, d.marker) for d in seed.definitions] == [
        (d.number, d.marker) for d in docx.definitions
    ]
    assert [_normal(d.text) for d in seed.definitions] == [
        _normal(d.text) for d in docx.definitions
    ]


def test_seed_pdf_wrapped_urls_are_joined_by_their_link_annotations(seed: Layout) -> None:
    second = seed.definitions[1].text
    assert second == (
        "Vgl. https://www.bmvg.de/de/aktuelles/"
        "bundesregierung-beschliesst-erste-nationale-sicherheitsstrategie-5636234"
    )


def test_seed_pdf_markers_are_superscripts_at_the_right_words(seed: Layout) -> None:
    docx = docx_layout(SEED_DOCX.read_bytes())
    assert [m.number for m in seed.markers] == list(range(1, 16))
    for mine, theirs in zip(seed.markers, docx.markers, strict=True):
        assert _last_word(seed, mine.offset) == _last_word(docx, theirs.offset)
    # "2027³" is read as "2027" plus marker 3, not as the number 20273.
    assert "20273" not in seed.body


def test_seed_pdf_furniture_and_page_break(seed: Layout) -> None:
    assert "Vorabfassung" not in seed.body
    assert "Drucksache" not in seed.body
    assert not re.search(r"^\d+$", seed.body, re.MULTILINE)  # page numbers
    assert "Selbstverteidigungskräfte aufgrund schlechter" in seed.body
    assert seed.body.startswith("Antrag\n\nder Abgeordneten")


def test_seed_pdf_lines_count_extracted_text(seed: Layout) -> None:
    assert seed.line_at(0) == 1
    lines = [d.line for d in seed.definitions]
    assert lines == sorted(lines)
    first_page_body = seed.line_at(seed.markers[3].offset)
    assert first_page_body < seed.definitions[0].line  # page 1: body lines, then its notes


def test_seed_pdf_pages_of_definitions_and_markers(seed: Layout) -> None:
    # The seed PDF has notes 1-4 at the foot of page 1, 5-10 on page 2, 11-15 on page 3, each
    # cited on its own page; page 4 has no notes.
    expected = [1] * 4 + [2] * 6 + [3] * 5
    assert [d.page for d in seed.definitions] == expected
    assert [m.page for m in seed.markers] == expected


def test_seed_pdf_document_carries_pages() -> None:
    document = load_document(str(SEED_PDF))
    assert [f.page for f in document.footnotes][3:5] == [1, 2]
    assert [(r.line, r.page) for r in document.footnotes[10].references] == [(97, 3)]


@functools.cache
def _corpus_layout(name: str) -> Layout:
    return pdf_layout((FIXTURES / "corpus" / "pdf" / name).read_bytes())


@pytest.mark.parametrize(
    ("name", "number", "page", "marker_page"),
    [
        # R46293: pages 2 and 3 carry notes 1-7 and 8-9; note 10 sits alone on page 4.
        ("us-crs-R46293v11-earth-day-fact-sheet.pdf", 1, 2, 2),
        ("us-crs-R46293v11-earth-day-fact-sheet.pdf", 8, 3, 3),
        ("us-crs-R46293v11-earth-day-fact-sheet.pdf", 9, 3, 3),
        ("us-crs-R46293v11-earth-day-fact-sheet.pdf", 10, 4, 4),
        # R48903: note 40 comes after the disclaimer, on the last page.
        ("us-crs-R48903v3-strait-of-hormuz-non-oil-shipments.pdf", 7, 3, 3),
        ("us-crs-R48903v3-strait-of-hormuz-non-oil-shipments.pdf", 25, 6, 6),
        ("us-crs-R48903v3-strait-of-hormuz-non-oil-shipments.pdf", 40, 8, 8),
    ],
)
def test_corpus_pdf_pages(name: str, number: int, page: int, marker_page: int) -> None:
    layout = _corpus_layout(name)
    (definition,) = [d for d in layout.definitions if d.number == number]
    assert definition.page == page
    assert [m.page for m in layout.markers if m.number == number] == [marker_page]


def test_unpaged_formats_have_no_pages() -> None:
    docx = docx_layout(SEED_DOCX.read_bytes())
    assert all(d.page is None for d in docx.definitions)
    assert all(m.page is None for m in docx.markers)


def _truth_pdfs() -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads(TRUTH.read_text(encoding="utf-8"))
    return [d for d in data["documents"] if d["format"] == "pdf"]


def _url_recoverable(url: str, text: str, alternatives: list[str]) -> bool:
    """The URL stands whole on one line, or is whole once its line breaks are removed."""
    joined = text.replace("\n", "")
    return any(u.split("://", 1)[-1] in joined for u in [url, *alternatives])


def test_corpus_pdfs_score(capsys: pytest.CaptureFixture[str]) -> None:
    rows = []
    for entry in _truth_pdfs():
        path = FIXTURES / "corpus" / "pdf" / Path(entry["path"]).name
        layout = pdf_layout(path.read_bytes())
        by_number = {d.number: d for d in layout.definitions}
        truths = entry["footnotes"]
        found = sum(f["number"] in by_number for f in truths)
        marked = {m.number for m in layout.markers}
        markers = sum(f["number"] in marked for f in truths)
        urls = 0
        for footnote in truths:
            definition = by_number.get(footnote["number"])
            alternatives = footnote.get("url_alternatives", {})
            if definition is not None and all(
                _url_recoverable(u, definition.text, alternatives.get(u, []))
                for u in footnote["urls"]
            ):
                urls += 1
        extra = len(layout.definitions) - found
        rows.append((path.name, len(truths), found, markers, urls, extra))
    with capsys.disabled():
        print(f"\n{'pdf':<58}{'truth':>6}{'defs':>6}{'marks':>6}{'urls':>6}{'extra':>6}")
        for row in rows:
            print(f"{row[0]:<58}" + "".join(f"{c:>6}" for c in row[1:]))
    for name, _, found, markers, urls, extra in rows:
        assert (found, markers, urls) >= ACHIEVED[name], name
        assert all(a >= f for a, f in zip((found, markers, urls), ACHIEVED[name], strict=True))
        assert extra == 0, f"{name}: {extra} definitions not in the truth"


def test_german_pdf_without_footnotes() -> None:
    path = FIXTURES / "corpus" / "pdf" / "bw-17-0273-gesetzentwurf-spd-wahlalter16.pdf"
    layout = pdf_layout(path.read_bytes())
    assert layout.definitions == ()
    assert layout.markers == ()
    assert "18. Lebensjahr" in layout.body
    # Two columns of the page foot share baselines: the gap between them becomes a space.
    assert "www.landtag-bw.de/Dokumente " in layout.body


def test_a_scan_without_text_layer_is_unreadable() -> None:
    scan = minimal_pdf(b"0 0 m 100 100 l S")
    with pytest.raises(UnreadableDocument, match=r"no text layer \(scanned PDF\?\)"):
        parse_bytes(scan, "scan.pdf")


def test_minimal_text_pdf_parses() -> None:
    data = minimal_pdf(b"BT /F1 12 Tf 72 700 Td (Ein Satz.) Tj ET")
    assert detect_parser(data, "-").name == "pdf"
    document = parse_bytes(data, "satz.pdf")
    assert document.format == "pdf"
    assert pdf_layout(data).body == "Ein Satz."


def test_damaged_pdf_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument):
        pdf_layout(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF")


def test_missing_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfminer", None)
    with pytest.raises(UnsupportedFormat, match=r"citecheck\[pdf\]"):
        pdf_layout(SEED_PDF.read_bytes())


def test_seed_pdf_end_to_end_equals_the_markdown_seed() -> None:
    markdown = load_document(str(FIXTURES / "documents" / "antrag-japan-partnerschaft.md"))
    pdf = load_document(str(SEED_PDF))
    assert len(pdf.footnotes) == len(markdown.footnotes) == 15

    def key(d: Document) -> list[tuple[object, ...]]:
        return [(f.number, f.urls, f.cited_title, f.ibid_of) for f in d.footnotes]

    assert key(pdf) == key(markdown)


def _contexts(document: Document) -> dict[int, list[str]]:
    return {f.number: [r.context for r in f.references] for f in document.footnotes}


def test_seed_pdf_reference_contexts_equal_the_markdown_seed() -> None:
    markdown = _contexts(
        load_document(str(FIXTURES / "documents" / "antrag-japan-partnerschaft.md"))
    )
    pdf = _contexts(load_document(str(SEED_PDF)))
    assert pdf.keys() == markdown.keys()
    # Footnote 4 is the one known difference (see the xfail test below).
    assert {n: c for n, c in pdf.items() if n != 4} == {n: c for n, c in markdown.items() if n != 4}


@pytest.mark.xfail(
    strict=True,
    reason="body lines join by _layout_common.join_rule, which drops a line-end hyphen before a "
    "lower-case word; nothing in the PDF marks the hyphen of 'indo-' as real, and the evidence "
    "rule of urls.py would drop it too ('indopazifischen' is printed twice in the seed, the "
    "hyphenated pair nowhere else)",
)
def test_seed_pdf_keeps_the_real_hyphen_of_indo_pazifischen() -> None:
    pdf = _contexts(load_document(str(SEED_PDF)))
    assert "im indo-pazifischen Raum" in pdf[4][0]
