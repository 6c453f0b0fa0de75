"""titles.extract_page: title candidates and visible text of HTML and PDF bodies (pure)."""

from __future__ import annotations

import codecs
import io
import json

import pytest

from citecheck.titles import MAX_TITLE_CHARS, decode_body, extract_page, is_junk_pdf_title
from conftest import fixture_path

TITLES = json.loads(fixture_path("pages", "titles", "manifest.json").read_text(encoding="utf-8"))


def _split_content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = params.split("charset=", 1)[1].strip() if "charset=" in params else None
    return media.strip(), charset


@pytest.mark.parametrize("entry", TITLES["pages"], ids=lambda e: e["file"])
def test_candidates_match_the_titles_manifest(entry):
    body = fixture_path("pages", "titles", entry["file"]).read_bytes()
    media, charset = _split_content_type(entry["content_type"])
    info = extract_page(body, media, charset)
    assert list(info.candidates) == entry["candidates"]
    # page_title: the best candidate with site affixes stripped ("… | SWP", "BMVg: …", "– DW –")
    assert info.title == entry["title"]


def test_unpacks_like_a_tuple():
    candidates, title, text = extract_page(b"<title>T</title><p>Body</p>", "text/html", None)
    assert candidates == ("T",)
    assert title == "T"
    assert text == "Body"


def test_visible_text_drops_scripts_styles_and_navigation():
    body = fixture_path("pages", "article.html").read_bytes()
    info = extract_page(body, "text/html", "utf-8")
    assert "27 Prozent" in info.text
    assert "Seite nicht gefunden" not in info.text  # only inside <script>
    assert "font-family" not in info.text
    assert "Berichte" not in info.text  # the <nav> menu
    assert info.candidates[0] == "Lagebericht zur Wirtschaftssicherheit 2024"  # citation_title


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


def test_str_input_and_whitespace_normalisation():
    info = extract_page("<title>\n  Zwei\u00a0 Wörter \n</title>", None, None)
    assert info.title == "Zwei Wörter"


def test_overlong_title_is_cut():
    info = extract_page(f"<title>{'x' * 5000}</title>", "text/html", None)
    assert info.title is not None
    assert len(info.title) == MAX_TITLE_CHARS


def test_plain_text_has_text_but_no_title():
    info = extract_page(b"Nur  Text\n", "text/plain", "utf-8")
    assert info == ((), None, "Nur Text")


def test_other_media_types_give_nothing():
    assert extract_page(b"\x89PNG...", "image/png", None) == ((), None, "")


def test_malformed_html_does_not_raise():
    info = extract_page(b"<html><title>Ok<h1>Kaputt</p></div></body>", "text/html", None)
    assert info.title is not None


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


# --------------------------------------------------------------------------- streaming HTML


def _soup_reference(html: str) -> tuple[list[str], str]:
    """The same extraction with a BeautifulSoup tree (what titles.py did before streaming)."""
    from bs4 import BeautifulSoup
    from bs4.element import Tag

    soup = BeautifulSoup(html, "html.parser")
    found: dict[str, list[str]] = {k: [] for k in TITLE_KEYS}
    for tag in soup.find_all("meta"):
        assert isinstance(tag, Tag)
        key, content = tag.get("name") or tag.get("property"), tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and key.strip().lower() in found:
            found[key.strip().lower()].append(content)
    raw = [c for k in TITLE_KEYS for c in found[k]]
    if soup.title is not None:
        raw.append(soup.title.get_text(" "))
    h1 = soup.find("h1")
    if isinstance(h1, Tag):
        raw.append(h1.get_text(" "))
    for tag in soup(["script", "style", "noscript", "template", "svg", "nav", "head"]):
        tag.decompose()
    for tag in soup(["title", "iframe", "object"]):
        tag.decompose()
    return [" ".join(r.split()) for r in raw], " ".join(soup.get_text(" ").split())


TITLE_KEYS = ("citation_title", "dc.title", "og:title", "twitter:title")
HTML_FIXTURES = sorted(
    p for p in fixture_path("pages").rglob("*.htm*") if p.is_file() and p.stat().st_size > 0
)


@pytest.mark.parametrize("path", HTML_FIXTURES, ids=lambda p: p.name)
def test_streaming_extraction_agrees_with_a_soup_tree(path):
    # Every HTML fixture gives the same candidates and visible text as a BeautifulSoup tree.
    html, _codec = decode_body(path.read_bytes(), None)
    raw, text = _soup_reference(html)
    info = extract_page(html, "text/html", None)
    seen: set[str] = set()
    expected = [r for r in raw if r and not (r.casefold() in seen or seen.add(r.casefold()))]
    assert list(info.candidates) == expected
    assert len(info.text) > 0 or not text
    assert info.text == " ".join(text.split())


@pytest.mark.parametrize(
    ("html", "visible", "hidden"),
    [
        # an element left open ends with its parent, as in a browser's (and bs4's) tree
        ("<div><nav>Menü</div><p>Inhalt</p>", "Inhalt", "Menü"),
        # a stray end tag closes nothing
        ("<p>Eins</nav> Zwei</p>", "Eins Zwei", None),
        # void and self-closed elements open nothing
        ("<nav/><br><img src=x><p>Text</p>", "Text", None),
        # <body> ends a <head> that was never closed
        ("<html><head><title>T</title><body><p>Sichtbar</p>", "Sichtbar", "T"),
        # comments are not text; CDATA is
        ("<p>A<!-- Seite nicht gefunden -->B<![CDATA[C]]></p>", "A B C", "nicht gefunden"),
        # script content is never text, even with markup inside
        ("<script>if (a<b) x='<p>404</p>'</script><p>Ok</p>", "Ok", "404"),
    ],
)
def test_visible_text_follows_the_nesting_as_written(html, visible, hidden):
    text = extract_page(html.encode(), "text/html", "utf-8").text
    assert text == visible
    if hidden:
        assert hidden not in text


def test_first_title_and_h1_with_nested_markup():
    html = (
        "<svg><title>Icon</title></svg><h1>Zeiten<b>wende</b> in Japan</h1><h1>Zweite</h1>"
        "<meta property='og:title' content='Zeitenwende &amp; Japan'/>"
    )
    info = extract_page(html.encode(), "text/html", "utf-8")
    # og:title first (entities decoded), then the first <title> wherever it is, then the first h1
    assert info.candidates == ("Zeitenwende & Japan", "Icon", "Zeiten wende in Japan")


def test_deeply_unclosed_markup_is_read():
    # 40,000 unclosed elements and as many stray end tags (a hostile or broken page): the
    # parser keeps per-name counts, so this stays linear, and the text is still found.
    html = "<div>" * 40_000 + "</span>" * 40_000 + "<nav>Menü</div><p>27 Prozent</p>"
    assert extract_page(html.encode(), "text/html", "utf-8").text == "27 Prozent"
