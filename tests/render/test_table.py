"""The terminal table: statuses readable without colour, 80 and 160 columns, NO_COLOR, verbose,
offline layout, problems and summary."""

from __future__ import annotations

import dataclasses
import re

import pytest

from citecheck.models import (
    Document,
    Footnote,
    Link,
    LinkStatus,
    Redirect,
    Reference,
    Report,
    summarize,
)
from citecheck.render.table import TableRenderer, shorten_url, status_cell

from ._golden import assert_golden
from ._reports import (
    clean_report,
    inline_report,
    offline_report,
    paged_report,
    sample_report,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("width", [80, 160])
def test_fits_width_and_keeps_every_status_word(width: int) -> None:
    text = TableRenderer(width=width).render(sample_report())
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    for word in ("✓ ok", "↪ redirect", "✗ dead", "✗ soft 404", "? blocked", "? timeout"):
        assert word in text
    assert "! error" in text and "- skipped" in text
    # The status column is never wrapped: every status word sits whole on a table row.
    dead_row = next(line for line in lines if "✗ dead" in line)
    assert "404" in dead_row and "https://example.org/weg" in dead_row


def test_no_escape_codes_without_colour_and_styles_with_it() -> None:
    plain = TableRenderer(width=100, color=False).render(sample_report())
    assert not ANSI.search(plain)
    coloured = TableRenderer(width=100, color=True).render(sample_report())
    assert ANSI.search(coloured)
    # Same words either way: colour only decorates.
    assert ANSI.sub("", coloured).split() == plain.split()


@pytest.mark.parametrize("width", [80, 160])
def test_golden(width: int) -> None:
    # The whole table, byte for byte (NO_COLOR and a real terminal: tests/cli/test_output.py).
    text = TableRenderer(width=width).render(sample_report())
    assert_golden(f"report.table{width}.txt", text)


def test_sections_problems_and_summary() -> None:
    text = TableRenderer(width=120).render(sample_report())
    # One section per document, in order.
    paths = ("motions/antrag japan.md", "pressemitteilung.txt", "/abs/path/clean.md")
    positions = [text.index(p) for p in paths]
    assert positions == sorted(positions)
    assert "(markdown; 11 footnotes, 10 links)" in text
    assert "(text; 0 footnotes, 0 links)" in text
    assert "(markdown; 1 footnote, 1 link)" in text
    # Problems: line, severity, code, footnote number, message.
    assert re.search(r"line 32 error\s+dead-link: \[3\] https://example.org/weg is dead", text)
    assert re.search(r"line - warning nothing-found:", text)
    summary = text[text.index("Summary:") :]
    assert "3 documents, 12 footnotes, 11 links" in summary
    assert "4 ✓ ok" in summary and "1 ✗ dead" in summary
    assert "4 errors, 8 warnings, 3 notes" in " ".join(summary.split())
    assert summary.rstrip().endswith("1.2 s")


def test_details_titles_redirect_reason_sentence() -> None:
    text = TableRenderer(width=160).render(sample_report())
    assert "→ https://example.org/neu/seite_2" in text
    assert "cite instead: https://example.org/neu/seite_2" in text
    assert "„Lagebericht 2023“" in text and "page says „Lagebericht 2024“" in text
    assert "figures: 203 Milliarden Euro ✗" in text
    assert "reason: not_found_text" in text
    assert "line 3: Satz mit Fußnote 1." in text
    assert "ibid. → footnote 10" in text


def test_suggested_title_is_offered_for_a_bare_url_footnote() -> None:
    report = sample_report()
    document = report.documents[0]
    bare = dataclasses.replace(
        document.footnotes[1], cited_title=None, suggested_title="Neue Seite – Überblick"
    )
    footnotes = (document.footnotes[0], bare, *document.footnotes[2:])
    changed = dataclasses.replace(
        report,
        documents=(dataclasses.replace(document, footnotes=footnotes), *report.documents[1:]),
    )
    assert "add title:" not in TableRenderer(width=120).render(report)
    assert "add title: „Neue Seite – Überblick“" in TableRenderer(width=120).render(changed)


def test_verbose_shows_redirect_chain_and_full_urls() -> None:
    long_url = "https://www.example.org/" + "/".join(f"abschnitt-{i}" for i in range(12))
    link = Link(
        url=long_url,
        status=LinkStatus.REDIRECT,
        reason="temporary",
        http_status=200,
        final_url="https://www.example.org/ziel",
        redirects=(Redirect(long_url, 302), Redirect("https://www.example.org/zw", 307)),
    )
    sentence = "Ein sehr langer Satz " * 20
    footnote = Footnote(
        1,
        5,
        "x",
        urls=(long_url,),
        links=(link,),
        references=(Reference(line=3, context=sentence),),
    )
    documents = (Document("a.md", "markdown", (footnote,)),)
    report = Report(documents, summarize(documents), "0.1.0")
    short = TableRenderer(width=200).render(report)
    assert long_url not in short and "…" in short
    assert "307 https://www.example.org/zw" not in short
    verbose = TableRenderer(width=400, verbose=True).render(report)
    assert long_url in verbose
    assert "302 " + long_url in verbose and "307 https://www.example.org/zw" in verbose
    # The whole sentence (wrapped over several lines) only in verbose mode.
    assert verbose.count("Satz") == 20
    assert short.count("Satz") < 20


def test_offline_layout_has_no_status_column() -> None:
    text = TableRenderer(width=80).render(offline_report())
    assert "Status" not in text and "HTTP" not in text and "skipped" not in text.split("Summary")[0]
    assert "https://example.org/a" in text and "line 3: Satz mit Fußnote 1." in text
    assert "offline" in text.split("Summary")[1]


def test_clean_report_has_no_problems_section() -> None:
    text = TableRenderer(width=80).render(clean_report())
    assert "Problems" not in text
    assert "0 errors, 0 warnings, 0 notes" in text


def test_shorten_url_keeps_start_and_end() -> None:
    url = "https://www.bundestag.de/" + "x" * 100 + "/ende.pdf"
    short = shorten_url(url, 40)
    assert len(short) == 40
    assert short.startswith("https://www.bundestag.de/") and short.endswith("/ende.pdf")
    assert shorten_url("https://a.de/", 40) == "https://a.de/"


def test_every_status_has_a_distinct_word() -> None:
    words = [status_cell(s)[0] for s in LinkStatus]
    assert len(set(words)) == len(words)
    for status, word in zip(LinkStatus, words, strict=True):
        assert status.value.replace("_", " ") in word


def test_pdf_locations_name_the_page() -> None:
    text = TableRenderer(width=120).render(paged_report())
    assert "line 12, p. 1: Ein Satz von Seite eins." in text
    assert "line 30, p. 2: Ein Satz von Seite zwei." in text
    problems = text.split("Problems", 1)[1].splitlines()
    assert any(re.match(r"line 12, p\. 1 +info +year-mismatch", ln.strip()) for ln in problems)
    assert any(re.match(r"line 40, p\. 2 +error +dead-link", ln.strip()) for ln in problems)
    # A document-level problem has no footnote, so no page.
    assert any(re.match(r"line 33 +error +missing-definition", ln.strip()) for ln in problems)


def test_unpaged_locations_have_no_page() -> None:
    assert ", p. " not in TableRenderer(width=160, verbose=True).render(sample_report())


@pytest.mark.parametrize("width", [60, 80, 160])
@pytest.mark.parametrize("offline", [False, True])
def test_links_in_the_text_table_fits_the_width(width: int, offline: bool) -> None:
    report = dataclasses.replace(inline_report(), offline=offline)
    text = TableRenderer(width=width).render(report)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "Links in the text" in text and "(pdf; 0 footnotes, 2 links)" in text
    rows = text.split("Links in the text", 1)[1].split("Problems", 1)[0].splitlines()
    header = next(line for line in rows if "Line" in line)
    assert ("Status" in header) is not offline and "URL" in header
    dead_row = next(line for line in rows if "18, p. 1" in line)
    # The URL is shortened to the column, so it stays on its row, start and end kept.
    assert "https://securing" in dead_row and "-states/" in dead_row
    if not offline:
        assert "✗ dead" in dead_row and "404" in dead_row
    assert any("reason: not_found" in line for line in rows)
    assert re.search(r"line 18, p\. 1 error\s+dead-link: Dead link in the text", text)


def test_no_links_in_the_text_section_without_inline_sources() -> None:
    assert "Links in the text" not in TableRenderer(width=80).render(sample_report())
