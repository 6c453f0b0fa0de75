"""Test helpers for the shared footnote rules: constructed layouts and title readings."""

from __future__ import annotations

from citecheck.parse.cited_title import extract_cited_title
from citecheck.parse.layout import Layout, Marker, RawDefinition
from citecheck.parse.markup import read_definition


def layout(
    body: str,
    markers: list[tuple[int, int]],
    definitions: list[tuple[int, int, str]],
    *,
    markdown: bool = False,
) -> Layout:
    """A layout whose body lines are numbered from 1 and whose markers sit at given offsets."""
    starts = [(0, 1)]
    starts += [(i + 1, n + 2) for n, i in enumerate(j for j, c in enumerate(body) if c == "\n")]
    return Layout(
        format="markdown" if markdown else "text",
        body=body,
        line_starts=tuple(starts),
        markers=tuple(Marker(number, offset) for number, offset in markers),
        definitions=tuple(
            RawDefinition(number, str(number), line, text, markdown)
            for number, line, text in definitions
        ),
    )


def title(text: str, markdown: bool = False) -> str | None:
    reading = read_definition(RawDefinition(1, "1", 1, text, markdown))
    return extract_cited_title(reading.text, reading.url_starts, reading.link_titles)
