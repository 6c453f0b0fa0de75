"""`titles.html_depth`: which pages nest too deep for the HTML5 tree builder, measured as
written in one linear pass."""

from __future__ import annotations

import pytest

from citecheck.titles import extract_page
from citecheck.titles.html_depth import MAX_ACTIVE_FORMATTING, MAX_TREE_DEPTH, too_deep

MANY_TAGS = "<p>x" * 9000  # past the 8,192 "<" from which depth is measured


@pytest.mark.parametrize(
    ("html", "deep"),
    [
        ("<div>" * (MAX_TREE_DEPTH + 1) + MANY_TAGS, True),
        ("<div>" * MAX_TREE_DEPTH + MANY_TAGS, False),
        ("<div></div>" * 9000, False),  # many tags, shallow
        ("<p>x<li>y<br><img src=a><a href=b>" * 3000, False),  # auto-closed and void elements
        ("<b>" * 3000, False),  # deep, but too few "<" to measure: built as a tree
        # a stray end tag closes nothing
        ("<div></span>" * (MAX_TREE_DEPTH + 1) + MANY_TAGS, True),
        # an end tag does not close past a scope boundary (object, table, …) opened later
        ("<div><object></div>" * 1100 + MANY_TAGS, True),
        ("<div><object></object></div>" * 3000, False),
        # a misnested formatting end tag leaves the block open (HTML5's adoption agency)
        ("<b><div></b>" * (MAX_TREE_DEPTH + 1) + MANY_TAGS, True),
        # distinct formatting elements left open are reopened at every paragraph
        (
            "<p>" + "".join(f"<b id={i}>" for i in range(MAX_ACTIVE_FORMATTING + 1)) + MANY_TAGS,
            True,
        ),
        # ... but alike ones only three times, and closed ones not at all
        ("<p>" + "<b id=x>" * (MAX_TREE_DEPTH - 1) + MANY_TAGS, False),
        ("".join(f"<b id={i}>x</b>" for i in range(3000)) + MANY_TAGS, False),
        # comments, scripts and styles hold no elements; "<!-->" and "--!>" end a comment
        ("<script>" + "if (a<b) x<y;" * 9000 + "</script><!--" + "<b>" * 3000 + "-->", False),
        ("<style>" + "<div>" * 9000 + "</STYLE>", False),
        ("<!-->" + "<div>" * 9000, True),
        ("<!-- --!>" + "<div>" * 9000 + "-->", True),
        # a script or comment never closed: the rest is its text
        ("<p>x" * 5000 + "<script>" + "<div>" * 9000, False),
        ("<p>x" * 5000 + "<!--" + "<div>" * 9000, False),
    ],
)
def test_depth_is_measured_on_pages_with_many_tags(html, deep):
    assert too_deep(html) == deep
    assert too_deep(html.encode()) == deep


def test_a_page_too_deep_is_read_by_the_linear_reader():
    html = "<div>" * 40_000 + "<h1>Bericht</h1><nav>Menü</nav><p>27 Prozent</p>"
    info = extract_page(html.encode(), "text/html", "utf-8")
    assert (info.candidates, info.text) == (("Bericht",), "Bericht 27 Prozent")
