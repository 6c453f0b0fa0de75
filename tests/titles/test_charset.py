"""Decoding page bytes as browsers do (`titles.charset`), through `extract_page`."""

from __future__ import annotations

import codecs

import pytest

from citecheck.titles import decode_body, extract_page


def test_declared_charset_is_used():
    body = "<title>Größenverhältnisse</title>".encode("cp1252")
    assert extract_page(body, "text/html", "windows-1252").title == "Größenverhältnisse"


CP1252_TITLE = "„Größe“ – Straße"


@pytest.mark.parametrize(
    ("body", "header", "expected_codec"),
    [
        # a byte-order mark beats the header and the meta tag
        (b"\xef\xbb\xbf<meta charset=windows-1252><title>" + CP1252_TITLE.encode() + b"</title>",
         "windows-1252", "utf-8"),
        (codecs.BOM_UTF16_LE + f"<title>{CP1252_TITLE}</title>".encode("utf-16-le"), None,
         "utf-16-le"),
        # the header beats a wrong meta tag
        (b"<meta charset='utf-8'><title>" + CP1252_TITLE.encode("cp1252") + b"</title>",
         "windows-1252", "cp1252"),
        # meta charset, and http-equiv, when the header has none
        (b"<meta charset=\"windows-1252\"><title>" + CP1252_TITLE.encode("cp1252") + b"</title>",
         None, "cp1252"),
        (b"<meta http-equiv=Content-Type content='text/html; charset=windows-1252'><title>"
         + CP1252_TITLE.encode("cp1252") + b"</title>", None, "cp1252"),
        # "iso-8859-1" means windows-1252 to browsers (0x84/0x93 are its quotes, not C1 controls)
        (b"<title>" + CP1252_TITLE.encode("cp1252") + b"</title>", "ISO-8859-1", "cp1252"),
        # charset= inside some other meta tag's content declares nothing: detected
        (b"<meta name=description content='charset=koi8-r'><title>"
         + CP1252_TITLE.encode("cp1252") + b"</title>", None, "cp1252"),
        # undeclared: valid UTF-8 is UTF-8, anything else is detected
        (b"<title>" + CP1252_TITLE.encode() + b"</title>", None, "utf-8"),
        (b"<title>" + CP1252_TITLE.encode("cp1252") + b"</title><p>"
         + "Die Maßnahmen für Bürger wurden überprüft und für gut befunden.".encode("cp1252"),
         None, "cp1252"),
        # a label that is no text encoding (a bytes codec) is ignored
        (b"<title>" + CP1252_TITLE.encode() + b"</title>", "base64", "utf-8"),
    ],
)  # fmt: skip
def test_charset_order_bom_header_meta_detection(body, header, expected_codec):
    assert decode_body(body, header)[1] == expected_codec
    assert extract_page(body, "text/html", header).title == CP1252_TITLE


def test_cyrillic_page_without_declaration_is_detected():
    body = "<title>Привет мир</title><p>Это тестовая страница о политике.</p>".encode("cp1251")
    assert extract_page(body, "text/html", None).title == "Привет мир"


def test_plain_text_ignores_meta_but_uses_bom_and_detection():
    body = "<meta charset=utf-8> Maßnahmen für Bürger, überprüft.".encode("cp1252")
    assert extract_page(body, "text/plain", None).text.endswith("Maßnahmen für Bürger, überprüft.")
    utf16 = codecs.BOM_UTF16_BE + "Straße".encode("utf-16-be")
    assert extract_page(utf16, "text/plain", None).text == "Straße"


def test_unknown_charset_falls_back_to_sniffing():
    body = "<meta charset='utf-8'><title>Überblick</title>".encode()
    assert extract_page(body, "text/html", "x-made-up").title == "Überblick"
