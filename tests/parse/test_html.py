"""Layout tests for the HTML adapter: footnote links, footnote lists, `<sup>` markers.

fixtures/documents/antrag-japan-partnerschaft.html is LibreOffice's HTML export of the seed
DOCX (fixtures/make/make_seed_docx.py --libreoffice): it must give the DOCX's body, markers
and definitions exactly. Smaller pages in the pandoc and Word styles are written inline.
"""

from __future__ import annotations

from pathlib import Path

from citecheck.parse import detect_parser, parse_bytes
from citecheck.parse.docx import docx_layout
from citecheck.parse.html import HtmlParser, html_layout

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
SEED_HTML = DOCUMENTS / "antrag-japan-partnerschaft.html"
SEED_DOCX = DOCUMENTS / "antrag-japan-partnerschaft.docx"
DOCUMENTS_DIR = DOCUMENTS

PANDOC = """<!DOCTYPE html>
<html><head><title>Antrag</title><script>var x = "<sup>1</sup>";</script></head>
<body>
<nav><a href="#top">1</a></nav>
<p>Die Zahl stieg um 27 Prozent<a href="#fn1" class="footnote-ref" id="fnref1"
role="doc-noteref"><sup>1</sup></a>. Sie sank danach<a href="#fn2" class="footnote-ref"
id="fnref2" role="doc-noteref"><sup>2</sup></a>.</p>
<p>Zweiter Absatz ohne Fußnote, mit <sup>2</sup> als Exponent.</p>
<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
<hr />
<ol>
<li id="fn1"><p>Vgl. <a href="https://www.bka.de/lagebild">Lagebild Cybercrime</a>, 2023.<a
href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p>Ebd.<a href="#fnref2" class="footnote-back" role="doc-backlink">↩︎</a></p>
<p>Zweiter Absatz: <a href="https://example.org/a">https://example.org/a</a></p></li>
</ol>
</section>
</body></html>
"""

WORD = """<html><body><div class=WordSection1>
<p class=MsoNormal>Erster Satz<a href="#_ftn1" name="_ftnref1" title=""><span
class=MsoFootnoteReference>[1]</span></a>. Zweiter Satz.</p>
</div>
<div style='mso-element:footnote-list'><hr align=left size=1 width="33%">
<div style='mso-element:footnote' id=ftn1>
<p class=MsoFootnoteText><a href="#_ftnref1" name="_ftn1" title=""><span
class=MsoFootnoteReference>[1]</span></a> Vgl. www.destatis.de/DE/Themen</p>
</div>
</div>
</body></html>
"""

LISTED = """<html><body>
<p>Ein Satz<sup>1</sup> und ein zweiter<sup>2</sup>; 10<sup>3</sup> ist keine Fußnote.</p>
<h2>Fußnoten</h2>
<ol><li>Vgl. https://www.example.org/eins</li><li>Ebd.</li></ol>
</body></html>
"""


def test_seed_html_equals_the_seed_docx() -> None:
    html = html_layout(SEED_HTML.read_text(encoding="utf-8"))
    docx = docx_layout(SEED_DOCX.read_bytes())
    assert html.body == docx.body
    assert html.markers == docx.markers
    assert [(d.number, d.marker, d.text) for d in html.definitions] == [
        (d.number, d.marker, d.text) for d in docx.definitions
    ]


def test_seed_html_drops_libreoffice_header_and_footer() -> None:
    layout = html_layout(SEED_HTML.read_text(encoding="utf-8"))
    assert "Vorabfassung" not in layout.body
    assert "Drucksache 20/13714" not in layout.body
    assert layout.body.endswith("Dr. Alice Weidel, Tino Chrupalla und Fraktion")


def test_seed_html_lines_are_source_lines() -> None:
    text = SEED_HTML.read_text(encoding="utf-8")
    layout = html_layout(text)
    lines = text.split("\n")
    first = layout.definitions[0]
    assert 'id="sdfootnote1"' in lines[first.line - 1]
    marker_line = layout.line_at(layout.markers[0].offset)
    assert "<p" in lines[marker_line - 1]
    assert "Deutschland und Japan" in " ".join(lines[marker_line - 1 : marker_line + 1])


def test_pandoc_footnotes() -> None:
    layout = html_layout(PANDOC)
    assert layout.body == (
        "Die Zahl stieg um 27 Prozent. Sie sank danach.\n\n"
        "Zweiter Absatz ohne Fußnote, mit 2 als Exponent."
    )
    assert [(m.number, layout.body[: m.offset][-7:]) for m in layout.markers] == [
        (1, "Prozent"),
        (2, " danach"),
    ]
    assert [(d.number, d.text) for d in layout.definitions] == [
        (1, "Vgl. Lagebild Cybercrime, 2023.\n<https://www.bka.de/lagebild>"),
        (2, "Ebd.\nZweiter Absatz: https://example.org/a"),
    ]


def test_word_html_footnotes() -> None:
    layout = html_layout(WORD)
    assert layout.body == "Erster Satz. Zweiter Satz."
    assert [(m.number, m.offset) for m in layout.markers] == [(1, len("Erster Satz"))]
    assert [(d.number, d.text) for d in layout.definitions] == [
        (1, "Vgl. www.destatis.de/DE/Themen")
    ]


def test_sup_markers_with_a_footnote_list() -> None:
    layout = html_layout(LISTED)
    assert [m.number for m in layout.markers] == [1, 2]
    assert "10 ist keine" not in layout.body  # 10³ keeps its exponent: 3 is no footnote
    assert "103 ist keine Fußnote" in layout.body
    assert [(d.number, d.text) for d in layout.definitions] == [
        (1, "Vgl. https://www.example.org/eins"),
        (2, "Ebd."),
    ]


def test_detection() -> None:
    parser = HtmlParser()
    assert parser.detect(b"<!DOCTYPE html><html>", "-")
    assert parser.detect(b"\xef\xbb\xbf  <html lang=de>", "antrag")
    assert parser.detect(b"anything", "antrag.htm")
    assert not parser.detect(b"# Antrag\n\nText<sup>1</sup>", "antrag")
    data = SEED_HTML.read_bytes()
    assert detect_parser(data, "-").name == "html"
    assert parse_bytes(data, "antrag.html").format == "html"


def test_seed_html_end_to_end_equals_the_markdown_seed() -> None:
    from citecheck.parse import load_document

    markdown = load_document(str(DOCUMENTS_DIR / "antrag-japan-partnerschaft.md"))
    other = load_document(str(DOCUMENTS_DIR / "antrag-japan-partnerschaft.html"))
    assert other.format == "html"
    assert [(f.number, f.urls, f.cited_title, f.ibid_of) for f in other.footnotes] == [
        (f.number, f.urls, f.cited_title, f.ibid_of) for f in markdown.footnotes
    ]
    assert len(other.footnotes) == 15
