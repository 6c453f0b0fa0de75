"""HTML title candidates and visible text (`titles.html_page`), checked against BeautifulSoup
over html5lib's HTML5 tree (the tree a browser builds) and, for plainly written pages, over
html.parser's tree as written (what titles read before)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning
from bs4.element import Tag
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.titles import MAX_TITLE_CHARS, decode_body, extract_page, html_page
from citecheck.titles.html_depth import too_deep
from citecheck.titles.html_page import _collapsed
from citecheck.titles.html_stream import read_as_written
from citecheck.titles.page import INVISIBLE_TAGS, collapse_space
from conftest import fixture_path


def test_visible_text_drops_scripts_styles_and_navigation():
    body = fixture_path("pages", "article.html").read_bytes()
    info = extract_page(body, "text/html", "utf-8")
    assert "27 Prozent" in info.text
    assert "Seite nicht gefunden" not in info.text  # only inside <script>
    assert "font-family" not in info.text
    assert "Berichte" not in info.text  # the <nav> menu
    assert info.candidates[0] == "Lagebericht zur Wirtschaftssicherheit 2024"  # citation_title


def test_str_input_and_whitespace_normalisation():
    info = extract_page("<title>\n  Zwei\u00a0 Wörter \n</title>", None, None)
    assert info.title == "Zwei Wörter"


def test_overlong_title_is_cut():
    info = extract_page(f"<title>{'x' * 5000}</title>", "text/html", None)
    assert info.title is not None
    assert len(info.title) == MAX_TITLE_CHARS


def test_malformed_html_does_not_raise():
    info = extract_page(b"<html><title>Ok<h1>Kaputt</p></div></body>", "text/html", None)
    assert info.title is not None


# --------------------------------------------------------------------------- the HTML5 tree

XHTML = "http://www.w3.org/1999/xhtml"
TITLE_KEYS = ("citation_title", "dc.title", "og:title", "twitter:title")
HTML_FIXTURES = sorted(
    p for p in fixture_path("pages").rglob("*.htm*") if p.is_file() and p.stat().st_size > 0
)
#: Fixture pages whose tree as written (html.parser) differs from the HTML5 tree a browser
#: builds, and why; every other fixture reads the same both ways.
AS_WRITTEN_DIFFERS = {
    # a <meta> inside <template> (not in the document), a script whose "<!--" hides a
    # "</script>" (html.parser ends the script there and shows the rest as text)
    "mixed-markup.html",
}


@pytest.fixture(scope="module")
def html5_soup() -> Iterator[Callable[[str], BeautifulSoup]]:
    """BeautifulSoup over html5lib's HTML5 tree with scripting on, as in a browser (bs4 does
    not pass html5lib's `scripting` flag, so its parse is wrapped for these tests)."""
    import html5lib

    original = html5lib.HTMLParser.parse

    def parse(self: Any, stream: Any, *args: Any, **kwargs: Any) -> Any:
        return original(self, stream, *args, scripting=True, **kwargs)

    def soup(html: str) -> BeautifulSoup:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # "<?xml" fragments
            return BeautifulSoup(html, "html5lib")

    html5lib.HTMLParser.parse = parse  # type: ignore[method-assign]
    try:
        yield soup
    finally:
        html5lib.HTMLParser.parse = original  # type: ignore[method-assign]


def _soup_reference(soup: BeautifulSoup) -> tuple[tuple[str, ...], str]:
    """Candidates and visible text read from a BeautifulSoup tree, the slow and obvious way."""

    def in_template(tag: Tag) -> bool:
        return any(parent.name == "template" for parent in tag.parents)

    found: dict[str, list[str]] = {k: [] for k in TITLE_KEYS}
    for tag in soup.find_all("meta"):
        assert isinstance(tag, Tag)
        key, content = tag.get("name") or tag.get("property"), tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and key.strip().lower() in found:
            if not in_template(tag):
                found[key.strip().lower()].append(content)
    raw = [c for k in TITLE_KEYS for c in found[k]]
    titles = [t for t in soup.find_all("title") if isinstance(t, Tag) and not in_template(t)]
    # the document's title is an HTML <title> (html.parser's tree has no namespaces)
    title = next((t for t in titles if t.namespace in (None, XHTML)), None)
    if title is not None:
        raw.append(title.get_text(" "))
    h1 = next((t for t in soup.find_all("h1") if isinstance(t, Tag) and not in_template(t)), None)
    if h1 is not None:
        raw.append(h1.get_text(" "))
    for tag in soup(list(INVISIBLE_TAGS)):
        if not tag.decomposed:
            tag.decompose()
    candidates: list[str] = []
    for r in raw:
        cleaned = " ".join(r.split())[:MAX_TITLE_CHARS]
        if cleaned and cleaned.casefold() not in {c.casefold() for c in candidates}:
            candidates.append(cleaned)
    return tuple(candidates), " ".join(soup.get_text(" ").split())


def _read(html: str) -> tuple[tuple[str, ...], str]:
    info = extract_page(html, "text/html", None)
    return info.candidates, info.text


@pytest.mark.parametrize("path", HTML_FIXTURES, ids=lambda p: p.name)
def test_extraction_agrees_with_a_soup_of_the_html5_tree(path, html5_soup):
    # Every HTML fixture gives the candidates and visible text of BeautifulSoup's html5lib tree.
    html, _codec = decode_body(path.read_bytes(), None)
    candidates, text = _soup_reference(html5_soup(html))
    assert _read(html) == (candidates, text)
    assert text or not html.strip()


@pytest.mark.parametrize(
    "path", [p for p in HTML_FIXTURES if p.name not in AS_WRITTEN_DIFFERS], ids=lambda p: p.name
)
def test_plainly_written_pages_read_as_their_tree_as_written(path):
    # What titles read before the HTML5 parser (a html.parser soup) is what they read now,
    # for every fixture but the few whose markup a browser nests differently.
    html, _codec = decode_body(path.read_bytes(), None)
    assert _read(html) == _soup_reference(BeautifulSoup(html, "html.parser"))


def test_the_pages_that_read_differently_as_written_do_so():
    # Not vacuous: the exceptions above are still exceptions.
    for name in AS_WRITTEN_DIFFERS:
        html = fixture_path("pages", name).read_text(encoding="utf-8")
        assert _read(html) != _soup_reference(BeautifulSoup(html, "html.parser"))


@pytest.mark.parametrize(
    ("html", "visible", "hidden"),
    [
        # an element left open ends with its parent, as in a browser's (and bs4's) tree
        ("<div><nav>Menü</div><p>Inhalt</p>", "Inhalt", "Menü"),
        # a stray end tag closes nothing
        ("<p>Eins</nav> Zwei</p>", "Eins Zwei", None),
        # void and self-closed elements open nothing (a "/>" on <nav> is ignored, as in a
        # browser: the menu stays open)
        ("<br><img src=x><p>Text</p><nav/>Menü", "Text", "Menü"),
        # <body> ends a <head> that was never closed
        ("<html><head><title>T</title><body><p>Sichtbar</p>", "Sichtbar", "T"),
        # comments are not text, nor is CDATA in HTML (a browser makes it a comment)
        ("<p>A<!-- Seite nicht gefunden -->B<![CDATA[C]]></p>", "A B", "nicht gefunden"),
        # script content is never text, even with markup inside
        ("<script>if (a<b) x='<p>404</p>'</script><p>Ok</p>", "Ok", "404"),
        # a "</script>" inside "<!-- <script>" does not end the script (HTML5's escaped state)
        ("<script><!-- <script>x</script> 404 --></script><p>Ok</p>", "Ok", "404"),
        # text written in the head is shown: it opens the body
        ("<head><title>T</title>Sichtbar</head><body>", "Sichtbar", None),
        # scripts on: <noscript> in the head is hidden text and keeps the head open
        ("<head><noscript><p>JS an!</p></noscript><title>T</title></head>Ok", "Ok", "JS"),
        # fallbacks a browser does not show
        ("<noembed><p>Plugin</p></noembed><noframes>Frames</noframes>Ok", "Ok", "Plugin"),
        # text misplaced in a table is shown before it, as a browser does
        ("<table>Vorher<tr><td>Zelle</td></tr></table>", "Vorher Zelle", None),
    ],
)
def test_visible_text_follows_the_tree_a_browser_builds(html, visible, hidden, html5_soup):
    text = extract_page(html.encode(), "text/html", "utf-8").text
    assert text == visible
    assert text == _soup_reference(html5_soup(html))[1]
    if hidden:
        assert hidden not in text


def test_first_title_and_h1_with_nested_markup():
    html = (
        "<svg><title>Icon</title></svg><h1>Zeiten<b>wende</b> in Japan</h1><h1>Zweite</h1>"
        "<meta property='og:title' content='Zeitenwende &amp; Japan'/><title>Seite</title>"
        "<template><meta name=citation_title content=Vorlage></template>"
    )
    info = extract_page(html.encode(), "text/html", "utf-8")
    # og:title first (entities decoded), then the first HTML <title> (an SVG icon's title is
    # its tooltip, a template's content is no part of the page), then the first h1
    assert info.candidates == ("Zeitenwende & Japan", "Seite", "Zeiten wende in Japan")


def test_a_title_in_an_html_island_of_an_svg_is_the_pages():
    html = "<svg><foreignObject><title>Seite</title></foreignObject></svg><p>x"
    assert extract_page(html, "text/html", None).candidates == ("Seite",)


def test_deeply_unclosed_markup_is_read():
    # 40,000 unclosed elements and as many stray end tags (a hostile or broken page): the
    # HTML5 tree builder would take seconds (time grows with depth × tags), so the page goes
    # to the linear reader, and the text is still found.
    html = "<div>" * 40_000 + "</span>" * 40_000 + "<nav>Menü</div><p>27 Prozent</p>"
    assert too_deep(html) and too_deep(html.encode())
    assert extract_page(html.encode(), "text/html", "utf-8").text == "27 Prozent"


@pytest.mark.parametrize(
    "path", [p for p in HTML_FIXTURES if p.name not in AS_WRITTEN_DIFFERS], ids=lambda p: p.name
)
def test_the_linear_reader_reads_the_tree_as_written(path):
    # The reader for pages nested too deep keeps its differential test against the
    # html.parser soup (the tree as written).
    html, _codec = decode_body(path.read_bytes(), None)
    info = read_as_written(html)
    assert (info.candidates, info.text) == _soup_reference(BeautifulSoup(html, "html.parser"))


_FRAGMENTS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='a b'>",
        "</div>",
        "<nav>",
        "</nav>",
        "<br>",
        "<br/>",
        "<h1>",
        "</h1>",
        "<title>",
        "</title>",
        "<head>",
        "</head>",
        "<body>",
        "<script>",
        "</script>",
        "<style>",
        "</style >",
        "<noscript>",
        "</noscript>",
        "<table>",
        "<tr>",
        "<td>",
        "</table>",
        "<svg>",
        "</svg>",
        "<b>",
        "</b>",
        "<i>",
        '<meta name=og:title content="T &amp; U">',
        "<meta property=og:title content='X'/>",
        '<img src=a.png alt="">',
        "<!-- c -->",
        "<!doctype html>",
        "<?xml x?>",
        "Text",
        " ",
        "\n",
        "&amp;",
        "&#228;",
        "&nbsp;",
        "&x",
        "&notit;",
        "a < b",
        "<",
        ">",
        '"',
        "'",
        "=",
        "/",
        "<![CDATA[x]]>",
        "<a href=x/>",
        "</ p>",
        "</P >",
        "<SCRIPT>",
        "</SCRIPT>",
        "<!-->",
        "--",
        "<b",
        "\x00",
        "\v",
        "ä€",
    ]
)


def _predates_html5lib(fragments: list[str]) -> bool:
    """A "</p>" inside <svg>: it leaves the SVG in today's HTML standard (and in browsers and
    Lexbor), a rule html5lib 1.1 predates (there the text after it stays in the SVG)."""
    return "<svg>" in fragments and ("</p>" in fragments or "</P >" in fragments)


def _fostered_by_adoption(fragments: list[str]) -> bool:
    """A formatting end tag ("</b>") closing across a "<p>" opened in a table: the standard's
    adoption agency then foster-parents the moved block before the table (its common ancestor
    is the table), as Chromium and Lexbor do; html5lib 1.1 loses what follows the next table
    (`test_a_block_fostered_by_the_adoption_agency_keeps_the_text_after_it`)."""
    if "<table>" not in fragments:
        return False
    after_table = fragments[fragments.index("<table>") :]
    if "<p>" not in after_table:
        return False
    after_p = after_table[after_table.index("<p>") :]
    return any(end in after_p for end in ("</b>", "</i>"))


@settings(max_examples=300, deadline=None)
@given(
    fragments=st.lists(_FRAGMENTS, max_size=30).filter(
        lambda f: not _predates_html5lib(f) and not _fostered_by_adoption(f)
    )
)
def test_generated_markup_reads_as_the_html5_tree(fragments, html5_soup):
    html = "".join(fragments)
    assert _read(html) == _soup_reference(html5_soup(html))


def test_a_block_fostered_by_the_adoption_agency_keeps_the_text_after_it():
    # Chromium's DOM for this markup: <b><a></a></b><a><p><b></b></p></a><table></table>
    # <a>&amp;</a><table></table>, so its text is "&" (html5lib 1.1 keeps nothing after </b>).
    page = extract_page("<table><b><a href=x/><p></b><table>&amp;", "text/html", None)
    assert page.text == "&"


def test_an_end_p_leaves_an_svg_as_in_todays_standard():
    assert extract_page("<svg><title>Icon</title></p>27 Prozent", "text/html", None).text == (
        "27 Prozent"
    )


@settings(max_examples=300, deadline=None)
@given(
    body=st.lists(
        st.sampled_from([b"<title>", b"<p>", b"T\xc3\xa4xt", b"\xff", b"\xc3", b"\xe2\x82", b" "]),
        max_size=20,
    ).map(b"".join)
)
def test_utf8_bytes_read_as_their_decoded_text(body):
    # UTF-8 bytes go to the parser undecoded; invalid sequences become U+FFFD as in Python.
    assert extract_page(body, "text/html", "utf-8") == extract_page(
        body.decode("utf-8", "replace"), "text/html", None
    )


def test_a_byte_order_mark_is_no_text():
    assert extract_page(b"\xef\xbb\xbf<p>Text", "text/html", None).text == "Text"


def test_an_already_collapsed_text_is_its_own_collapsed_form():
    # `_collapsed` skips the split for a text without whitespace but single inner spaces:
    # every whitespace but " " is unprintable, and the Latin-1 ones are in the byte list.
    every = [chr(c) for c in range(0x110000)]
    assert all(not c.isprintable() for c in every if c.isspace() and c != " ")
    assert html_page._OTHER_SPACE_LATIN1 == bytes(
        ord(c) for c in every[:256] if re.fullmatch(r"\s", c) and c != " "
    )
    for rest in ("", "\u20ac"):  # Latin-1 text, and text beyond it
        for text in [" a b", "a b ", "a  b", "a\xa0b", "a\x85b", "a\tb", "", " ", "a\xadb"]:
            assert _collapsed(text + rest) == collapse_space(text + rest)
        for text in ["a b", "ä b\u2028c", "a\u3000b"]:
            assert _collapsed(text + rest) == collapse_space(text + rest)


def test_collapse_space_is_the_whitespace_pattern():
    # str.split splits on exactly the code points \s matches, so the fast form is the same.
    import re

    from citecheck.titles.page import collapse_space

    every = "".join(map(chr, range(0x110000)))
    assert [c for c in every if c.isspace()] == re.findall(r"\s", every)
    text = " Zwei\u00a0 Wörter\u2028\x1c\n\t im\u3000Titel "
    assert collapse_space(text) == re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()
