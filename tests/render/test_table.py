"""The terminal report: statuses readable without colour, 80 and 160 columns, NO_COLOR, verbose,
offline layout, problems first, summary and verdict; URLs whole."""

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
from citecheck.render.table import TableRenderer, status_cell

from ._golden import assert_golden
from ._reports import (
    clean_report,
    inline_report,
    offline_report,
    paged_report,
    sample_report,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
URL_LINE = re.compile(r"(→ |↪ \d{3} )?(https?|mailto):\S+")


def _urls(report: Report) -> set[str]:
    """Every URL a report's links name (as written, final, hops, suggestions)."""
    found: set[str] = set()
    for document in report.documents:
        links = [link for f in document.footnotes for link in f.links]
        links += [link for s in document.inline_sources for link in s.links]
        for link in links:
            found |= {link.url, *(h.url for h in link.redirects)}
            found |= {u for u in (link.final_url, link.suggested_url) if u}
    return found


def _assert_fits_but_urls(text: str, width: int, report: Report) -> None:
    """Every line fits `width`, except a line that is one whole URL (never cut, never wrapped)."""
    urls = _urls(report)
    for line in text.splitlines():
        if len(line) > width:
            match = URL_LINE.fullmatch(line.strip())
            assert match and line.strip().split()[-1] in urls, line


@pytest.mark.parametrize("width", [80, 160])
def test_fits_width_and_keeps_every_status_word(width: int) -> None:
    text = TableRenderer(width=width).render(sample_report())
    _assert_fits_but_urls(text, width, sample_report())
    for word in ("✓ ok", "↪ redirect", "✗ dead", "✗ soft 404", "? blocked", "? timeout"):
        assert word in text
    assert "! error" in text and "- skipped" in text
    # A link's status line: the word, the reason in words and the HTTP status.
    lines = text.splitlines()
    dead = lines.index("      ✗ dead · not found · HTTP 404")
    assert lines[dead + 1].strip() == "https://example.org/weg"


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
    assert "(markdown; 11 footnotes, 10 links) — 4 errors, 7 warnings, 3 notes" in text
    assert "(text; 0 footnotes, 0 links) — 1 warning" in text
    assert "(markdown; 1 footnote, 1 link) — no findings" in text
    # Problems: severity, where, footnote, the kind in words (never the raw code), the URL.
    assert (
        "  ✗ error   line 32 · footnote 3 · dead link\n            https://example.org/weg\n"
        in text
    )
    assert "  ⚠ warning whole document · nothing found" in text
    assert "dead-link" not in text and "nothing-found" not in text
    summary, result = text[text.index("Summary:") :].split("Result: ")
    assert "3 documents, 12 footnotes, 11 links" in summary
    assert "4 ✓ ok" in summary and "1 ✗ dead" in summary
    assert "4 errors, 8 warnings, 3 notes" in " ".join(summary.split())
    assert summary.rstrip().endswith("1.2 s")
    assert result == "fail (fail on: error)\n"


def test_problems_come_first_worst_first() -> None:
    text = TableRenderer(width=120).render(sample_report())
    motion = text.split("pressemitteilung.txt", 1)[0]
    assert motion.index("Problems") < motion.index("Footnotes")
    heads = [ln.split()[1] for ln in motion.splitlines() if re.match(r"  [✗⚠i] \w", ln)]
    assert heads == ["error"] * 4 + ["warning"] * 7 + ["note"] * 3
    # Footnotes with findings, errors first; the two without findings as a count.
    numbers = re.findall(r"^  \[(\d+)\]", motion.split("Footnotes", 1)[1], re.MULTILINE)
    assert numbers == ["3", "4", "7", "2", "5", "6", "9", "10", "11"]
    assert "2 footnotes without findings (-v lists them)" in motion
    verbose = TableRenderer(width=120, verbose=True).render(sample_report())
    assert "without findings" not in verbose and "  [1] line 30" in verbose


def test_details_titles_redirect_reason_sentence() -> None:
    text = TableRenderer(width=160).render(sample_report())
    assert "→ https://example.org/neu/seite_2" in text
    assert "cite instead: https://example.org/neu/seite_2" in text
    assert "„Lagebericht 2023“" in text and "title ✗ page says „Lagebericht 2024“" in text
    assert "figures: 203 Milliarden Euro ✗" in text
    # Reasons in words, never raw; a redirect shows its own 301.
    assert "✗ soft 404 · page says “not found” · HTTP 200" in text
    assert "↪ redirect · moved permanently · HTTP 301" in text
    assert "not_found_text" not in text and "bot_protection" not in text
    assert "line 5: Satz mit Fußnote 3." in text
    assert "ibid. → footnote 10" in text


def test_a_typo_verdict_shows_as_a_typo() -> None:
    text = TableRenderer(width=120).render(sample_report())
    assert "title ~ typo (0.97): page says „Zeitenwende in Japan“" in text
    assert "matches (0.97)" not in text


def test_suggested_title_is_offered_only_when_asked() -> None:
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
    assert "add title:" not in TableRenderer(width=120).render(changed)
    asked = TableRenderer(width=120, suggest_titles=True).render(changed)
    assert "add title: „Neue Seite – Überblick“" in asked


def _long_report(long_url: str) -> Report:
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
    return Report(documents, summarize(documents), "0.1.0")


def test_verbose_shows_redirect_chain_and_whole_sentences() -> None:
    long_url = "https://www.example.org/" + "/".join(f"abschnitt-{i}" for i in range(12))
    report = _long_report(long_url)
    short = TableRenderer(width=200).render(report)
    assert long_url in short and "…" not in long_url
    assert "307 https://www.example.org/zw" not in short
    assert "↪ redirect · forwarded for now · HTTP 302" in short
    verbose = TableRenderer(width=400, verbose=True).render(report)
    assert long_url in verbose
    assert "302 " + long_url in verbose and "307 https://www.example.org/zw" in verbose
    # The whole sentence (wrapped over several lines) only in verbose mode.
    assert verbose.count("Satz") == 20
    assert short.count("Satz") < 20


@pytest.mark.parametrize("verbose", [False, True])
def test_urls_are_never_cut_nor_wrapped_at_80_columns(verbose: bool) -> None:
    long_url = "https://www.example.org/" + "/".join(f"abschnitt-{i}" for i in range(12))
    report = _long_report(long_url)
    text = TableRenderer(width=80, verbose=verbose).render(report)
    lines = [line.strip() for line in text.splitlines()]
    assert long_url in lines  # whole, on a line of its own
    assert not any("…" in line for line in lines if "://" in line)
    _assert_fits_but_urls(text, 80, report)
    for url in (long_url, "https://www.example.org/ziel"):  # none split over two lines
        assert url in text


def test_offline_layout_has_no_status_lines() -> None:
    text = TableRenderer(width=80, verbose=True).render(offline_report())
    body = text.split("Summary")[0]
    assert "skipped" not in body and "HTTP" not in body
    assert "https://example.org/a" in text and "line 3: Satz mit Fußnote 1." in text
    assert "Result: pass (fail on: error) · offline: links were not fetched" in text


def test_clean_report_has_no_problems_section() -> None:
    text = TableRenderer(width=80).render(clean_report())
    assert "Problems" not in text
    assert "0 errors, 0 warnings, 0 notes" in text
    assert "Result: pass (fail on: error)" in text


def test_every_status_has_a_distinct_word() -> None:
    words = [status_cell(s)[0] for s in LinkStatus]
    assert len(set(words)) == len(words)
    for status, word in zip(LinkStatus, words, strict=True):
        assert status.value.replace("_", " ") in word


def test_pdf_locations_name_the_page() -> None:
    text = TableRenderer(width=120, verbose=True).render(paged_report())
    assert "p. 1: Ein Satz von Seite eins." in text
    assert "p. 2: Ein Satz von Seite zwei." in text
    assert "line 12" not in text and "line 30" not in text and "line 40" not in text
    problems = text.split("Problems", 1)[1].splitlines()
    assert any(
        re.match(r"i note +p\. 1 · footnote 1 · different year", ln.strip()) for ln in problems
    )
    assert any(re.match(r"✗ error +p\. 2 · footnote 1 · dead link", ln.strip()) for ln in problems)
    # A document-level problem has no footnote, so no page: its line.
    assert any(re.match(r"✗ error +line 33 · footnote missing", ln.strip()) for ln in problems)


def test_unpaged_locations_have_no_page() -> None:
    assert "p. " not in TableRenderer(width=160, verbose=True).render(sample_report())


@pytest.mark.parametrize("width", [60, 80, 160])
@pytest.mark.parametrize("offline", [False, True])
def test_links_in_the_text_fit_the_width(width: int, offline: bool) -> None:
    report = dataclasses.replace(inline_report(), offline=offline)
    text = TableRenderer(width=width, verbose=True).render(report)
    _assert_fits_but_urls(text, width, report)
    assert "Links in the text" in text and "(pdf; 0 footnotes, 2 links)" in text
    rows = text.split("Links in the text", 1)[1].split("Summary", 1)[0].splitlines()
    dead = rows.index("  p. 1")
    if not offline:
        assert rows[dead + 1].strip() == "✗ dead · not found · HTTP 404"
    assert any(row.strip().startswith("https://securing") for row in rows)
    assert re.search(r"✗ error +p\. 1 · dead link", text)


def test_no_links_in_the_text_section_without_inline_sources() -> None:
    assert "Links in the text" not in TableRenderer(width=80).render(sample_report())
