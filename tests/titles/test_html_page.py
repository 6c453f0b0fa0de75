"""HTML title candidates and visible text (`titles.html_page`), checked against a
BeautifulSoup tree."""

from __future__ import annotations

import pytest

from citecheck.titles import MAX_TITLE_CHARS, decode_body, extract_page
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


# --------------------------------------------------------------------------- streaming HTML


def _soup_reference(html: str) -> tuple[list[str], str]:
    """The same extraction with a BeautifulSoup tree (what titles did before streaming)."""
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


def test_collapse_space_is_the_whitespace_pattern():
    # str.split splits on exactly the code points \s matches, so the fast form is the same.
    import re

    from citecheck.titles.page import collapse_space

    every = "".join(map(chr, range(0x110000)))
    assert [c for c in every if c.isspace()] == re.findall(r"\s", every)
    text = " Zwei\u00a0 Wörter\u2028\x1c\n\t im\u3000Titel "
    assert collapse_space(text) == re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()
