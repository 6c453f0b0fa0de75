"""`url_parse.parse_url` against `httpx.URL` itself, the reference: the same parsed form (or
the same refusal) for every URL, whether the plain path or httpx's parse made it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.fetch._httpx import httpx
from citecheck.fetch.url_parse import _plain, parse_url

PLAIN = [
    "http://127.0.0.5:43210/page/1234",
    "https://www.destatis.de/DE/Themen/Gesellschaft-Umwelt/Bevoelkerung/_inhalt.html",
    "https://www.bundestag.de/resource/blob/123/abc.pdf?download=1&x=%C3%A4",
    "http://example.org",
    "http://example.org/",
    "http://example.org?",
    "http://example.org/?",
    "http://example.org:80/a",
    "https://example.org:443/a",
    "https://example.org:8443/a",
    "http://example.org:080/a",
    "http://example.org:99999/a",
    "http://example.org/a%zz/b%2",
    "http://example.org/a.b/c..d/.e/",
    "http://example.org/a|b~c@d:e;f=g!h$i&j'k(l)m*n+o,p",
    "http://example.org/?a=`{}|^[]?/",
    "http://xn--mnchen-3ya.de/",
    "http://-weird-.example/",
    "http://1.2.3/",
    "http://1.2.3.4.5/",
]

NOT_PLAIN = [
    "HTTP://example.org/",
    "http://Example.ORG/",
    "http://münchen.de/",
    "http://example.org/ä",
    "http://example.org/a b",
    "http://example.org/a#frag",
    "http://example.org/./a",
    "http://example.org/a/../b",
    "http://example.org/a/..",
    "http://user:pass@example.org/",
    "http://[::1]:8080/",
    "http://example.org:/",
    "http://example.org:123456/",
    "http://256.1.1.1/",
    "http://01.2.3.4/",
    "http://under_score.example/",
    "http://example.org./",
    'http://example.org/a"b',
    "http://example.org/{a}",
    "http://example.org/a?b c",
    "http://example.org/a\tb",
    "ftp://example.org/",
    "http:/example.org/",
    "http://",
    "",
    "http://example.org/" + "a" * 70_000,
]


def _same(url: str) -> None:
    """`parse_url(url)` is `httpx.URL(url)` in every respect, or both refuse it alike."""
    try:
        expected = httpx.URL(url)
    except Exception as exc:  # the refusal itself is compared
        with pytest.raises(type(exc)):
            parse_url(url)
        return
    got = parse_url(url)
    assert got._uri_reference == expected._uri_reference
    assert type(got._uri_reference) is type(expected._uri_reference)
    assert str(got) == str(expected)
    assert got == expected
    assert (got.raw_scheme, got.raw_host, got.port, got.raw_path) == (
        expected.raw_scheme,
        expected.raw_host,
        expected.port,
        expected.raw_path,
    )
    assert (got.host, got.path, got.query, got.fragment) == (
        expected.host,
        expected.path,
        expected.query,
        expected.fragment,
    )


@pytest.mark.parametrize("url", PLAIN)
def test_plain_urls_skip_the_parse_and_come_out_as_httpx_makes_them(url: str) -> None:
    assert _plain(url) is not None
    _same(url)


@pytest.mark.parametrize("url", NOT_PLAIN)
def test_other_urls_take_httpx_parse(url: str) -> None:
    _same(url)


def test_an_ipv4_literal_is_plain_once_httpx_would_take_it() -> None:
    assert _plain("http://1.2.3.4/") is not None
    assert _plain("http://256.1.1.1/") is None


_PIECES = st.sampled_from(
    [
        *("a", "Z", "0", "9", "-", ".", "..", "/", "?", "#", "%", "%41", "%g", ":", "@", "_"),
        *("~", "[", "]", "{", "}", "`", '"', "<", ">", " ", "ä", "\t", "!", "$", "&", "'", "="),
        "|",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "HTTP://", "http:/", ""]),
    st.sampled_from(["example.org", "127.0.0.1", "999.1.1.1", "a-b.c", "", "x.y."]),
    st.sampled_from(["", ":80", ":443", ":8080", ":", ":0080", ":x"]),
    st.lists(_PIECES, max_size=12).map("".join),
)
def test_generated_urls_as_httpx_parses_them(scheme: str, host: str, port: str, rest: str) -> None:
    _same(f"{scheme}{host}{port}{rest}")


def test_this_httpx_keeps_urls_in_the_form_built_here() -> None:
    """The plain path is on (a test of it against httpx would otherwise compare httpx alone)."""
    from citecheck.fetch import url_parse

    assert url_parse._ENABLED
