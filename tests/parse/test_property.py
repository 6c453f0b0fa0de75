"""Property tests: the Markdown and text adapters never raise on arbitrary input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.errors import UnreadableDocument, UnsupportedFormat
from citecheck.parse import parse_bytes
from citecheck.parse.layout import Layout
from citecheck.parse.markdown import markdown_layout
from citecheck.parse.text import text_layout

#: Fragments that exercise the interesting rules: markers, definitions, furniture, markup.
_FRAGMENTS = st.sampled_from(
    [
        "1 ", "2 ", "12", ".3", ",4", ")5", "¹", "²", "³", "m²", "<sup>1</sup>", "<sup>", "</sup>",
        "[^1]", "[^1]: ", "[x](http://a)", "<https://b>", "**", "\\_", "# ", "| 1. | ", "V\n",
        "orabfassung – w\n", "ird durch die lektorierte Fassung ersetzt.", "Vgl. ", "www.x.de/",
        "-\n", "\n", "\n\n", " \n", "Abs.2", "SGB II11", "CO2-", "```\n", "    ", "6Bericht",
        "Deutscher Bundestag – 21. Wahlperiode – 3 – Drucksache 21/2222\n", "\x00", "\t", "\r\n",
    ]
)  # fmt: skip
_TEXTS = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=8)), max_size=60).map("".join)


def _check(layout: Layout) -> None:
    previous = -1
    for offset, line in layout.line_starts:
        assert offset >= previous
        assert line >= 1
        previous = offset
    for marker in layout.markers:
        assert 0 <= marker.offset <= len(layout.body)
    for definition in layout.definitions:
        assert definition.line >= 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_layouts_never_raise(text: str) -> None:
    _check(markdown_layout(text))
    _check(text_layout(text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.sampled_from(["doc.md", "doc.txt", "-", "doc"]))
def test_parse_bytes_raises_only_unreadable_document(data: bytes, path: str) -> None:
    try:
        document = parse_bytes(data, path)
    except (UnreadableDocument, UnsupportedFormat):
        return  # empty, binary or undecodable input: the only refusals allowed
    # a leading doctype or <html> reads as HTML whatever the text suffix (parse/html.py detect)
    assert document.format in ("markdown", "text", "html")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS, st.sampled_from(["doc.md", "doc.txt", "-"]))
def test_parse_bytes_never_raises_on_text(text: str, path: str) -> None:
    data = text.encode("utf-8")
    if not data.strip():
        with pytest.raises(UnreadableDocument):
            parse_bytes(data, path)
        return
    try:
        parse_bytes(data, path)
    except (UnreadableDocument, UnsupportedFormat):
        # Only a NUL-heavy text may be refused as binary.
        assert data.count(b"\x00") * 1000 >= len(data)
