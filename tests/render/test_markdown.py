"""The Markdown report: golden file, escaping, and what a reader must find in it."""

from __future__ import annotations

import re

import pytest

from citecheck.models import LinkStatus
from citecheck.render.markdown import MarkdownRenderer, escape, status_label

from ._golden import assert_golden
from ._reports import (
    clean_report,
    inline_report,
    offline_report,
    paged_report,
    sample_report,
)


def test_golden() -> None:
    assert_golden("report.md", MarkdownRenderer().render(sample_report()))


def test_golden_verbose() -> None:
    assert_golden("report.verbose.md", MarkdownRenderer(verbose=True).render(sample_report()))


def test_golden_clean() -> None:
    assert_golden("report.clean.md", MarkdownRenderer().render(clean_report()))


def test_headline_counts_and_offline() -> None:
    text = MarkdownRenderer().render(sample_report())
    assert text.startswith("## ❌ citecheck: 4 errors, 8 warnings, 3 notes\n")
    assert "3 documents · 12 footnotes · 11 links" in text
    assert "**Result:** fail (fail on: error)" in text
    offline = MarkdownRenderer().render(offline_report())
    assert offline.startswith("## ⚠️ citecheck: 1 warning\n")
    assert "**Result:** pass (fail on: error) · offline: links were not fetched" in offline


def _finding_rows(text: str) -> list[list[str]]:
    """The cells of every findings-table row (split at unescaped pipes)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and re.match(r"\| [^|]+ \| (\d+|–) \| [^|]+ \| \[", line):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows.append(cells)
    return rows


def test_every_finding_has_line_footnote_severity_and_code() -> None:
    rows = _finding_rows(MarkdownRenderer().render(sample_report()))
    assert len(rows) == 15
    assert all(len(row) == 5 for row in rows)  # no pipe in a message split a row
    docs = "https://github.com/citecheck/citecheck/blob/main/docs/codes.md"
    dead = [
        "line 32",
        "3",
        "❌ error",
        f"[dead link]({docs}#dead-link)",
        "<https://example.org/weg> (not found, HTTP 404)<br>*The server says the page does not "
        "exist (HTTP 404). Find the document's current address on the site or a copy in the "
        "Internet Archive (web.archive.org) and cite that.*",
    ]
    assert dead in rows
    assert ["–", "–", "⚠️ warning", f"[nothing found]({docs}#nothing-found)"] == rows[-1][:4]
    assert rows[-2][4].startswith("footnote names no source, 50 % \\| a:b, c<br>*")
    # Worst first within a document: errors, then warnings, then notes.
    severities = [row[2] for row in rows[:-1]]
    assert severities == sorted(severities, key=["❌ error", "⚠️ warning", "ℹ️ note"].index)


def test_every_link_status_appears_with_word() -> None:
    text = MarkdownRenderer().render(sample_report())
    for status in LinkStatus:
        label = status_label(status)
        assert label in text
        # readable without emoji: the word after the symbol names the status
        assert label.split(" ", 1)[1].replace(" ", "_") == status.value
    assert "(not\\_found" not in text and "(not found)" in text  # reasons in words


def test_redirects_and_title_mismatch_shown() -> None:
    text = MarkdownRenderer().render(sample_report())
    assert "<https://example.org/alt><br>→ <https://example.org/neu/seite_2>" in text
    assert "⚠️ cited: Lagebericht 2023<br>page: Lagebericht 2024" in text
    assert "↪ 301" not in text
    verbose = MarkdownRenderer(verbose=True).render(sample_report())
    assert "↪ 301 <https://example.org/alt><br>↪ 302 <https://example.org/neu>" in verbose


def test_untrusted_text_is_escaped() -> None:
    text = MarkdownRenderer().render(sample_report())
    assert "footnote 12 follows 10 \\* \\_emphasis\\_ \\<b\\>" in text
    assert "<b>" not in text
    # a cited title with a pipe stays in its cell
    assert "⚠️ cited: Bericht \\| Teil 1<br>page: Seite nicht gefunden" in text
    # a multi-line message stays on one row
    assert "stated without a footnote second line %0A<br>*Add a footnote" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("*x* _y_", "\\*x\\* \\_y\\_"),
        ("<script>", "\\<script\\>"),
        ("&amp;", "\\&amp;"),
        ("$x$ ~y~ #1 [l](u) `c`", "\\$x\\$ \\~y\\~ \\#1 \\[l\\](u) \\`c\\`"),
        ("a\nb\r\n  c", "a b c"),
        ("C:\\pfad", "C:\\\\pfad"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_awkward_urls_become_code_spans() -> None:
    import dataclasses

    report = clean_report()
    doc = report.documents[0]
    fn = doc.footnotes[0]
    link = dataclasses.replace(fn.links[0], url="https://example.org/a|b`c", final_url=None)
    doc = dataclasses.replace(doc, footnotes=(dataclasses.replace(fn, links=(link,)),))
    text = MarkdownRenderer().render(dataclasses.replace(report, documents=(doc,)))
    assert "| ``https://example.org/a\\|b`c`` |" in text


def test_document_without_footnotes_says_so() -> None:
    text = MarkdownRenderer().render(sample_report())
    section = text.split("### ⚠️ `pressemitteilung.txt`: 1 warning", 1)[1]
    assert section.lstrip().startswith("No footnotes found.")


def test_pdf_lines_name_the_page() -> None:
    text = MarkdownRenderer().render(paged_report())
    docs = "https://github.com/citecheck/citecheck/blob/main/docs/codes.md"
    assert f"| p. 1 | 1 | ℹ️ note | [different year]({docs}#year-mismatch) |" in text
    assert f"| p. 2 | 1 | ❌ error | [dead link]({docs}#dead-link) |" in text
    # A document-level problem has no page: its line.
    assert f"| line 33 | – | ❌ error | [footnote missing]({docs}#missing-definition) |" in text
    # The links table: the definition's page.
    assert "| 1 | p. 2 | ❌ dead (not found) | 404 |" in text
    assert "| 2 | p. 2 | ✅ ok | 200 |" in text
    assert "p. " not in MarkdownRenderer(verbose=True).render(sample_report())


def test_links_in_the_text_section() -> None:
    text = MarkdownRenderer().render(inline_report())
    assert "<summary>2 links in the text</summary>" in text
    assert "| Where | Status | HTTP | URL | Page title |" in text
    assert "| p. 1 | ❌ dead (not found) | 404 | <https://securingdemocracy." in text
    assert (
        "| line 49 | ✅ ok | 200 | `www.gmfus.org/`<br>→ <https://www.gmfus.org/> | German" in text
    )
    assert "| p. 1 | – | ❌ error | [dead link](" in text
    assert "links in the text" not in MarkdownRenderer().render(sample_report())
