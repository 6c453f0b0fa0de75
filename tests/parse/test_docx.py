"""Layout tests for the DOCX adapter: real Word footnotes, hyperlinks, tracked changes.

The seed fixture (fixtures/documents/antrag-japan-partnerschaft.docx) is built from the
Markdown seed by fixtures/make/make_seed_docx.py; it must give the same definitions and the
same markers, at the same words, as the Markdown seed.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from citecheck.errors import UnreadableDocument, UnsupportedFormat
from citecheck.models import ProblemCode
from citecheck.parse import detect_parser, parse_bytes
from citecheck.parse.docx import DocxParser, docx_layout
from citecheck.parse.layout import Layout
from citecheck.parse.markdown import markdown_layout

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEED_MD = FIXTURES / "documents" / "antrag-japan-partnerschaft.md"
SEED_DOCX = FIXTURES / "documents" / "antrag-japan-partnerschaft.docx"
FEATURES = FIXTURES / "documents" / "docx-features.docx"
DOCUMENTS_DIR = FIXTURES / "documents"


def _docx(path: Path) -> Layout:
    return docx_layout(path.read_bytes())


def _plain(markdown: str) -> str:
    """A Markdown definition as a reader sees it: autolink brackets and escapes removed."""
    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1", markdown)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    return re.sub(r"\\+([_*])", r"\1", text)


def _words_before(layout: Layout, offset: int, count: int = 4) -> list[str]:
    return layout.body[:offset].split()[-count:]


def test_seed_docx_has_the_markdown_seeds_definitions() -> None:
    docx = _docx(SEED_DOCX)
    markdown = markdown_layout(SEED_MD.read_text(encoding="utf-8"))
    assert [(d.number, d.marker) for d in docx.definitions] == [
        (d.number, d.marker) for d in markdown.definitions
    ]
    assert [d.text for d in docx.definitions] == [_plain(d.text) for d in markdown.definitions]
    assert not any(d.markdown for d in docx.definitions)


def test_seed_docx_markers_sit_at_the_same_words_as_in_markdown() -> None:
    docx = _docx(SEED_DOCX)
    markdown = markdown_layout(SEED_MD.read_text(encoding="utf-8"))
    assert [m.number for m in docx.markers] == list(range(1, 16))
    for mine, theirs in zip(docx.markers, markdown.markers, strict=True):
        assert _words_before(docx, mine.offset) == _words_before(markdown, theirs.offset)


def test_seed_docx_page_break_word_is_whole_and_furniture_absent() -> None:
    body = _docx(SEED_DOCX).body
    assert "Selbstverteidigungskräfte aufgrund schlechter" in body
    assert "Vorabfassung" not in body
    assert "Drucksache 20/13714" not in body  # the running head lives in the header part


def test_locations_are_paragraph_numbers() -> None:
    layout = _docx(SEED_DOCX)
    paragraphs = layout.body.split("\n\n")
    assert layout.line_at(0) == 1
    assert paragraphs[5].startswith("Deutschland und Japan weisen")
    first = layout.markers[0]
    assert layout.line_at(first.offset) == 6
    assert layout.definitions[0].line == 6  # the paragraph of its first reference
    assert [d.line for d in layout.definitions[-2:]] == [15, 15]


def test_tracked_changes_read_as_accepted_text() -> None:
    body = _docx(FEATURES).body
    assert "Der Satz enthält eine neu eingefügte Passage." in body
    assert "gestrichene" not in body


def test_hyperlink_target_is_appended_when_the_text_is_not_the_url() -> None:
    definitions = _docx(FEATURES).definitions
    assert definitions[0].text == "Vgl. Lagebild Cybercrime 2022.\n<https://www.bka.de/lagebild>"
    # A HYPERLINK field (code skipped, result shown) counts too; an insertion is kept.
    assert definitions[1].text == (
        "Siehe das Drucksachen-Archiv, abgerufen am 1. 11. 2024.\n"
        "<https://www.bundestag.de/drucksachen>"
    )


def test_table_footnote_and_endnote_numbering() -> None:
    layout = _docx(FEATURES)
    assert [m.number for m in layout.markers] == [1, 2, 3, 4]
    assert [(d.number, d.text) for d in layout.definitions[2:]] == [
        (3, "Ebd."),
        (4, "Quelle: https://www.destatis.de/DE/Themen/_inhalt.html"),
    ]
    table_marker = layout.markers[2]
    assert layout.body[: table_marker.offset].endswith("27 Prozent")
    assert layout.body[layout.markers[3].offset] == "."


def _package(document_body: str, footnotes: str = "") -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{w}"><w:body>{document_body}</w:body></w:document>',
        )
        if footnotes:
            archive.writestr(
                "word/footnotes.xml", f'<w:footnotes xmlns:w="{w}">{footnotes}</w:footnotes>'
            )
    return buffer.getvalue()


def test_numbering_follows_reference_order_not_ids() -> None:
    data = _package(
        '<w:p><w:r><w:t>A</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r>'
        '<w:r><w:t xml:space="preserve"> B</w:t></w:r>'
        '<w:r><w:footnoteReference w:id="3"/></w:r></w:p>',
        '<w:footnote w:id="3"><w:p><w:r><w:t>second</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="7"><w:p><w:r><w:t>first</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>more</w:t></w:r></w:p></w:footnote>"
        '<w:footnote w:id="9"><w:p><w:r><w:t>orphan</w:t></w:r></w:p></w:footnote>',
    )
    layout = docx_layout(data)
    assert layout.body == "A B"
    assert [(m.number, m.offset) for m in layout.markers] == [(1, 1), (2, 3)]
    assert [(d.number, d.text) for d in layout.definitions] == [
        (1, "first\nmore"),
        (2, "second"),
        (3, "orphan"),  # an unreferenced footnote is kept for the structure rules
    ]


def test_detection_by_content_and_registry() -> None:
    data = SEED_DOCX.read_bytes()
    assert DocxParser().detect(data, "entwurf")
    assert not DocxParser().detect(b"PK\x03\x04" + b"\x00" * 40, "archive.zip")
    assert detect_parser(data, "-").name == "docx"
    document = parse_bytes(data, "entwurf.docx")
    assert document.format == "docx"


def test_broken_packages_are_unreadable() -> None:
    with pytest.raises(UnreadableDocument, match="not a readable DOCX"):
        docx_layout(b"PK\x03\x04 truncated")
    with pytest.raises(UnreadableDocument, match=r"no word/document\.xml"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/other.xml", "<x/>")
        docx_layout(buffer.getvalue())
    with pytest.raises(UnreadableDocument, match="well-formed"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document")
        docx_layout(buffer.getvalue())


def test_a_plain_zip_is_not_a_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n")
    with pytest.raises(UnsupportedFormat):
        detect_parser(buffer.getvalue(), "data.zip")


def test_seed_docx_end_to_end_equals_the_markdown_seed() -> None:
    from citecheck.parse import load_document

    markdown = load_document(str(DOCUMENTS_DIR / "antrag-japan-partnerschaft.md"))
    other = load_document(str(DOCUMENTS_DIR / "antrag-japan-partnerschaft.docx"))
    assert other.format == "docx"
    assert [(f.number, f.urls, f.cited_title, f.ibid_of) for f in other.footnotes] == [
        (f.number, f.urls, f.cited_title, f.ibid_of) for f in markdown.footnotes
    ]
    assert len(other.footnotes) == 15


# --- Word drafts with tracked changes (issue 13 item 5) -------------------------------------

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REVISION = 'w:author="Referentin" w:date="2025-06-02T09:14:00Z"'


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _reference(note_id: int) -> str:
    return (
        '<w:r><w:rPr><w:rStyle w:val="Funotenzeichen"/><w:vertAlign w:val="superscript"/>'
        f'</w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'
    )


def _deleted_reference(note_id: int, revision: int) -> str:
    """A footnote reference removed with tracked changes on, as Word writes it."""
    return (
        f'<w:del w:id="{revision}" {_REVISION}><w:r><w:rPr><w:rStyle w:val="Funotenzeichen"/>'
        f'<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{note_id}"/>'
        "</w:r></w:del>"
    )


def _note(note_id: int, content: str) -> str:
    return (
        f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="Funotentext"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="Funotenzeichen"/></w:rPr><w:footnoteRef/></w:r>'
        f"{_run(' ')}{content}</w:p></w:footnote>"
    )


def _word_draft(paragraphs: list[str], notes: list[str]) -> bytes:
    """A Word draft package with the parts Word writes (content types, relationships, the two
    separator notes), body paragraphs and footnotes as given."""
    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    base = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{base}.document.main+xml"/>'
            f'<Override PartName="/word/footnotes.xml" ContentType="{base}.footnotes+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId2" Type="{rel}/footnotes" Target="footnotes.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            f'<w:document xmlns:w="{_W_NS}"><w:body>'
            + "".join(f"<w:p>{p}</w:p>" for p in paragraphs)
            + "<w:sectPr/></w:body></w:document>"
        ),
        "word/footnotes.xml": (
            f'<w:footnotes xmlns:w="{_W_NS}">{separators}{"".join(notes)}</w:footnotes>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + text)
    return buffer.getvalue()


def _tracked_draft() -> bytes:
    """A motion draft in review: one footnote deleted with its sentence, one inserted, one
    whose text has a tracked deletion and insertion."""
    return _word_draft(
        [
            _run("Die Zahl der Asylanträge sank 2024 um 30 Prozent.") + _reference(2),
            f'<w:del w:id="11" {_REVISION}><w:r><w:delText xml:space="preserve">'
            "Die Bundespolizei meldete 2023 mehr Zurückweisungen.</w:delText></w:r></w:del>"
            + _deleted_reference(3, 12),
            _run("Der Bericht nennt 1,2 Millionen Schutzsuchende.")
            + f'<w:ins w:id="13" {_REVISION}>{_reference(4)}</w:ins>',
            _run("Die Kosten stiegen deutlich.") + _reference(5),
        ],
        [
            _note(2, _run("BAMF, Aktuelle Zahlen, https://www.bamf.de/SharedDocs/zahlen.pdf")),
            _note(3, _run("Bundespolizei, Jahresbericht 2023, https://www.bundespolizei.de/jb")),
            _note(
                4,
                f'<w:ins w:id="14" {_REVISION}>'
                + _run("Destatis, Schutzsuchende 2024, https://www.destatis.de/schutz")
                + "</w:ins>",
            ),
            _note(
                5,
                _run("Vgl. ")
                + f'<w:del w:id="15" {_REVISION}><w:r><w:delText xml:space="preserve">'
                "https://www.alt.example/kosten </w:delText></w:r></w:del>"
                + f'<w:ins w:id="16" {_REVISION}>'
                + _run("https://www.bundesfinanzministerium.de/kosten")
                + "</w:ins>",
            ),
        ],
    )


def test_tracked_changes_deleted_footnote_is_not_read() -> None:
    layout = docx_layout(_tracked_draft())
    # The deleted sentence and its footnote are gone; no definition is left over for it.
    assert "Bundespolizei" not in layout.body
    assert all("bundespolizei" not in d.text for d in layout.definitions)
    assert [d.number for d in layout.definitions] == [1, 2, 3]
    document = parse_bytes(_tracked_draft(), "entwurf.docx")
    assert all(not f.problems for f in document.footnotes)


def test_tracked_changes_inserted_footnote_and_text_are_read() -> None:
    layout = docx_layout(_tracked_draft())
    assert [m.number for m in layout.markers] == [1, 2, 3]
    texts = [d.text for d in layout.definitions]
    assert texts[1] == "Destatis, Schutzsuchende 2024, https://www.destatis.de/schutz"
    # Deleted text (w:delText) of a footnote is not read; the insertion is.
    assert texts[2] == "Vgl. https://www.bundesfinanzministerium.de/kosten"
    assert layout.body[: layout.markers[1].offset].endswith("1,2 Millionen Schutzsuchende.")


def test_an_unreferenced_footnote_not_deleted_is_still_reported() -> None:
    data = _word_draft(
        [_run("Ein Satz.") + _reference(2)],
        [_note(2, _run("https://www.bamf.de/a")), _note(3, _run("https://www.bamf.de/b"))],
    )
    document = parse_bytes(data, "entwurf.docx")
    assert [f.number for f in document.footnotes] == [1, 2]
    assert [p.code for p in document.footnotes[1].problems] == [ProblemCode.UNUSED_DEFINITION]
