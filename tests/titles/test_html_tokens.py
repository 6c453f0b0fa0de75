"""The fast tokenizer (`titles.html_tokens`) against the standard library's HTML parser: the
same calls for every page it reads, and the parser's own path for everything else."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.titles import decode_body, extract_page, html_page
from citecheck.titles.html_tokens import Event, plain_tokens
from conftest import fixture_path

#: A page as the benchmark's latency server writes it (benchmarks/latency_server.page_for).
BENCHMARK_PAGE = (
    '<!doctype html><html lang="de"><head><meta charset="utf-8">'
    "<title>Rente im Überblick: Bericht 4711 - Deutscher Bundestag | Startseite</title>"
    '<meta property="og:title" content="Rente im Überblick: Bericht 4711">'
    '<meta name="description" content="Rente: Zahlen und Fakten"></head>'
    "<body><nav><a href='/'>Startseite</a> <a href='/themen'>Themen</a></nav>"
    "<main><h1>Rente im Überblick: Bericht 4711</h1>"
    + "<p>Im Bereich Rente stieg der Anteil auf 47,3 Prozent (Tabelle 1).</p>" * 20
    + "</main><footer>Deutscher Bundestag</footer></body></html>"
)

META = frozenset({"meta"})


class _Recorder(HTMLParser):
    """The calls html.parser makes (attributes kept for meta only, as the tokenizer reads)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[object] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, attrs if tag in META else []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("startend", tag, attrs if tag in META else []))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("data", data))

    def unknown_decl(self, data: str) -> None:
        self.events.append(("decl", data))


def _parser_calls(text: str) -> list[object]:
    recorder = _Recorder()
    recorder.feed(text)
    recorder.close()
    return recorder.events


def _same_calls(text: str) -> list[Event] | None:
    tokens = plain_tokens(text, META)
    if tokens is not None:
        assert tokens == _parser_calls(text), text[:200]
    return tokens


PAGES = sorted(
    p for p in fixture_path("pages").rglob("*.htm*") if p.is_file() and p.stat().st_size > 0
)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_fixture_pages_give_the_parsers_calls(path: Path) -> None:
    text, _codec = decode_body(path.read_bytes(), None)
    _same_calls(text)


def test_plain_pages_take_the_fast_path() -> None:
    # Not vacuous: the benchmark's pages and most fixture pages are read by the tokenizer.
    assert _same_calls(BENCHMARK_PAGE) is not None
    read = [p for p in PAGES if _same_calls(decode_body(p.read_bytes(), None)[0]) is not None]
    assert len(read) >= len(PAGES) // 2


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_extraction_is_the_same_on_either_path(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = path.read_bytes()
    fast = extract_page(body, "text/html", None)
    monkeypatch.setattr(html_page, "read_plain", lambda _text, _attrs, _handler: False)
    assert extract_page(body, "text/html", None) == fast


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("<p>Eins &amp; zwei &notit; &#x41;</p>", True),
        ("<meta property='og:title' content=\"A &amp; B\"/><meta name=x content=y>", True),
        ("<script>if (a<b) x='<p>404</p>'</script><p>Ok</p>", True),
        ("<style>p{}</style  ><STYLE></style>", True),
        ("<!doctype html><!-- c --><?pi x?><p>T</p>", True),
        ("<a href=x/>Text</a><br/><input value=x />", True),
        ("<p>a < b</p>", False),  # a "<" that starts no tag
        ("<p>A<![CDATA[C]]></p>", False),
        ('<p class="a>b</p>', False),  # unclosed quote
        ('<p a"b=c>x</p>', False),
        ("<!-- a -- b -->x", False),
        ("<!--->x", False),
        ("<script>never closed", False),
        ("<div", False),
        ("x<", False),
        ("<p\vclass=x>y</p>", False),
    ],
)
def test_constructs_read_or_left_to_the_parser(html: str, plain: bool) -> None:
    assert (_same_calls(html) is not None) == plain


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


@settings(max_examples=400, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=30))
def test_generated_markup_gives_the_parsers_calls(fragments: list[str]) -> None:
    _same_calls("".join(fragments))
