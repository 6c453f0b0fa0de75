"""The dates the parser reads: footnote access dates in German and English, a document's own
date (head line, closing line, metadata), and dates that are not access dates."""

from __future__ import annotations

import io
import zipfile

import pytest

from citecheck.parse import parse_bytes
from citecheck.parse.dates import (
    access_date,
    document_date,
    docx_metadata_date,
    pdf_metadata_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # German
        ("Vgl. Bericht, https://x.de/a, abgerufen am 3. März 2024.", "2024-03-03"),
        ("Zugriff am 03.03.2024", "2024-03-03"),
        ("letzter Zugriff: 3.3.2024", "2024-03-03"),
        ("Stand: März 2024", "2024-03"),
        ("Stand 29.04.2025", "2025-04-29"),
        ("zuletzt abgerufen am 21.05.2025.", "2025-05-21"),
        ("zuletzt aufgerufen am 3.3.24", "2024-03-03"),
        ("(abgerufen am: 21.05.2025)", "2025-05-21"),
        ("letzter Zugriff am 09. 07. 2025", "2025-07-09"),
        ("S. 9, letzter Zugriff jeweils am 30.05.2025.", "2025-05-30"),
        ("Stand: (24.09.2025).", "2025-09-24"),
        ("Abruf: 2024-03-03", "2024-03-03"),
        ("Abrufdatum: 5. Sept. 2023", "2023-09-05"),
        ("zugegriffen am 1.12.2023", "2023-12-01"),
        ("abgerufen unter: https://x.de/y am 03.03.2024", "2024-03-03"),
        ("Zugriff am 03/04/2024", "2024-04-03"),
        # English
        ("accessed March 3, 2024", "2024-03-03"),
        ("Accessed on 2024-03-03.", "2024-03-03"),
        ("retrieved 3 March 2024", "2024-03-03"),
        ("last accessed 3rd March 2024", "2024-03-03"),
        ("last visited 03/04/2024", "2024-03-04"),
        ("accessed 3 Sept. 2023", "2023-09-03"),
        ("Retrieved: May 2024", "2024-05"),
        # two access dates: the later one
        ("a, abgerufen am 1.2.2024; b, abgerufen am 5.5.2024", "2024-05-05"),
    ],
)
def test_access_date_spellings(text: str, expected: str) -> None:
    assert access_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Pressemitteilung vom 3. März 2024, https://x.de/p",
        "zuletzt geändert durch Artikel 5 des Gesetzes vom 24. Oktober 2024",
        "Bild vom 26.02.2025, abgerufen unter: www.bild.de/politik/x",
        "Stand: 2025",
        "Datenstand: August 2025",
        "Der Wert stand am 3. März 2024 fest.",
        "Stand der Technik 2024",
        "Zugriff: 31.2.2024",
        "Published March 3, 2024",
        "Sakaki, Alexander (2023, 17. Februar). Japans Neuausrichtung.",
    ],
)
def test_dates_that_are_not_access_dates(text: str) -> None:
    assert access_date(text) is None


def test_document_date_from_the_head_line() -> None:
    body = "Deutscher Bundestag Drucksache 21/2028\n\n21. Wahlperiode 07.10.2025\n\nAntrag"
    assert document_date(body) == "2025-10-07"


def test_document_date_from_a_bundesrat_head() -> None:
    body = "Bundesrat Drucksache  206/25\n\n12.05.25\nTelefon (02 21) 97 66 83 40\nAntrag"
    assert document_date(body) == "2025-05-12"


def test_document_date_from_the_closing_line() -> None:
    body = "Der Bundestag wolle beschließen …\n\nBerlin, den 14. November 2024\n\nFraktion"
    assert document_date(body) == "2024-11-14"
    assert document_date("Text.\n\nHannover, 12.03.2024\n\nX") == "2024-03-12"


def test_the_head_line_wins_over_the_closing_line() -> None:
    body = "21. Wahlperiode 07.10.2025\n\nText.\n\nBerlin, den 6. Oktober 2025"
    assert document_date(body) == "2025-10-07"


@pytest.mark.parametrize(
    "body",
    [
        "Laut Bild, 26.02.2025, S. 3 war es so.",
        "Niedersächsischer Landtag – 19. Wahlperiode Drucksache 19/11222",
        "Am 14. November 2024 beschloss der Ausschuss.",
        "Berlin, den November 2024",
    ],
)
def test_no_document_date(body: str) -> None:
    assert document_date(body) is None


def test_metadata_dates() -> None:
    core = (
        '<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">2024-11-01T09:00:00Z'
        '</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-11-14T10:00:00Z'
        "</dcterms:modified></cp:coreProperties>"
    )
    assert docx_metadata_date(core) == "2024-11-14"
    assert docx_metadata_date("<cp:coreProperties/>") is None
    assert pdf_metadata_date(b"%PDF-1.4 << /CreationDate (D:20241114093000+01'00') >>") == (
        "2024-11-14"
    )
    assert pdf_metadata_date(b"%PDF-1.4 <xmp:CreateDate>2023-08-16T00:00:00</xmp:CreateDate>") == (
        "2023-08-16"
    )
    assert pdf_metadata_date(b"%PDF-1.4 no metadata") is None


def test_the_parser_fills_accessed_and_date() -> None:
    text = (
        "# Antrag\n\nDie Zahl stieg um 27 Prozent[^1]. Sie fiel[^2].\n\n"
        "Berlin, den 14. November 2024\n\n"
        "[^1]: Bericht, https://example.org/a, abgerufen am 3. März 2024.\n"
        "[^2]: Pressemitteilung vom 3. März 2024, https://example.org/b\n"
    )
    document = parse_bytes(text.encode(), "antrag.md")
    assert document.date == "2024-11-14"
    assert [f.accessed for f in document.footnotes] == ["2024-03-03", None]


def _docx(core: str | None) -> bytes:
    """A minimal Word package with one paragraph and, if given, core properties."""
    document = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Ein Text ohne Fußnoten.</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", document)
        if core is not None:
            package.writestr("docProps/core.xml", core)
    return buffer.getvalue()


def test_a_docx_date_comes_from_its_metadata_as_a_last_resort() -> None:
    core = "<cp:coreProperties><dcterms:modified>2024-11-14T10:00:00Z</dcterms:modified>"
    assert parse_bytes(_docx(core + "</cp:coreProperties>"), "a.docx").date == "2024-11-14"
    assert parse_bytes(_docx(None), "a.docx").date is None
