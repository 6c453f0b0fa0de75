"""PDF titles and text (`titles.pdf_page`): metadata, junk titles, the largest text of page one."""

from __future__ import annotations

import io
import json

import pytest

from citecheck.titles import extract_page, is_junk_pdf_title
from conftest import fixture_path

TITLES = json.loads(fixture_path("pages", "titles", "manifest.json").read_text(encoding="utf-8"))


def test_pdf_title_from_metadata_and_text():
    body = fixture_path("pages", "pdf", "with-title.pdf").read_bytes()
    info = extract_page(body, "application/pdf", None)
    assert info.candidates == ("Lagebild Cybercrime 2022",)
    assert "Bundeskriminalamt" in info.text


@pytest.mark.parametrize("entry", TITLES["pdf"], ids=lambda e: e["file"])
def test_pdf_titles_match_the_manifest(entry):
    # with-title: /Title; without-title and junk-title: the largest text on page 1 (22 pt).
    body = fixture_path("pages", "titles", entry["file"]).read_bytes()
    info = extract_page(body, entry["content_type"], None)
    assert info.title == entry["title"]
    assert info.candidates == (entry["title"],)
    assert "Bundeskriminalamt" in info.text


def _pdf(pages: list[bytes], title: str | None = None) -> bytes:
    """A PDF whose pages draw the given content streams with Helvetica as /F1."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    for content in pages:
        page = writer.add_blank_page(width=595, height=842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = DecodedStreamObject()
        stream.set_data(content)
        page[NameObject("/Contents")] = writer._add_object(stream)
    if title is not None:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _text(size: float, y: int, text: str, *, scale: float = 1.0) -> bytes:
    """Draw `text` with font size `size` under a text matrix scaled by `scale`."""
    return b"BT /F1 %g Tf %g 0 0 %g 56 %d Tm (%s) Tj ET\n" % (
        size,
        scale,
        scale,
        y,
        text.encode("cp1252"),
    )


@pytest.mark.parametrize(
    ("pages", "title", "expected"),
    [
        # size from the text matrix: "1 Tf" scaled by Tm, as many PDF producers write it
        ([_text(1, 780, "Kopfzeile", scale=9) + _text(1, 700, "Größerer Titel", scale=20)],
         None, "Größerer Titel"),
        # a title wrapped over two lines of the same size is one run
        ([_text(9, 800, "Bundesamt") + _text(22, 760, "Erste Zeile") + _text(22, 730, "und zweite")
          + _text(11, 700, "Fließtext des Berichts.")], None, "Erste Zeile und zweite"),
        # a huge page number or initial has no two letters: not a title
        ([_text(80, 780, "3") + _text(18, 700, "Der eigentliche Titel")], None,
         "Der eigentliche Titel"),
        # only the first page counts, even if a later page has larger text
        ([_text(16, 780, "Titel auf Seite eins"), _text(40, 780, "Kapitel zwei")], None,
         "Titel auf Seite eins"),
        # junk metadata: a bare file name and a template name
        ([_text(20, 780, "Echter Titel")], "entwurf_v3", "Echter Titel"),
        ([_text(20, 780, "Echter Titel")], "PowerPoint-Präsentation", "Echter Titel"),
        # good metadata wins over larger text
        ([_text(30, 780, "Logo GmbH")], "Bericht über Dinge", "Bericht über Dinge"),
        # no text at all: no title
        ([b""], None, None),
    ],
)  # fmt: skip
def test_pdf_title_from_the_largest_text_of_page_one(pages, title, expected):
    info = extract_page(_pdf(pages, title), "application/pdf", None)
    assert info.title == expected
    assert info.candidates == ((expected,) if expected else ())


@pytest.mark.parametrize(
    ("title", "junk"),
    [
        ("Microsoft Word - entwurf.docx", True),
        ("Untitled", True),
        ("bericht_final_v2", True),
        ("Antrag.pdf", True),
        ("Folie 1", True),
        ("2023", True),
        ("Lagebild Cybercrime 2022", False),
        ("Drucksache 20/1234", False),
    ],
)
def test_junk_pdf_titles(title, junk):
    assert is_junk_pdf_title(title) is junk


def test_pdf_sniffed_by_magic_bytes():
    body = fixture_path("pages", "pdf", "with-title.pdf").read_bytes()
    assert extract_page(body, "application/octet-stream", None).title == "Lagebild Cybercrime 2022"


def test_truncated_pdf_gives_no_title():
    body = fixture_path("pages", "pdf", "with-title.pdf").read_bytes()
    info = extract_page(body[: len(body) // 3], "application/pdf", None)
    assert info.title is None
