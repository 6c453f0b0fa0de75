"""The HTML report's structure, checked on the demo report and on hand-built reports: parsed
with html.parser and asserted as a tree (not byte for byte). The browser checks are in
test_html_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from typer.testing import CliRunner

from citecheck.cli import app
from citecheck.i18n import words
from citecheck.models import LinkStatus, Report
from citecheck.render import OutputFormat, get_renderer
from citecheck.render.html import ASSETS
from citecheck.render.html_body import Anchor, Piece, Sentence, layout_body
from citecheck.render.html_view import safe_href
from citecheck.sentences import normalise_space

from ._html import JS_URL, SCRIPT, ArchivedLink, demo_report, hostile_report
from ._reports import inline_report, paged_report, sample_report


def render(report: Report, **options: object) -> str:
    return get_renderer(OutputFormat.HTML, **options).render(report)  # type: ignore[arg-type]


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def tags(soup: BeautifulSoup | Tag, selector: str) -> list[Tag]:
    return [t for t in soup.select(selector) if isinstance(t, Tag)]


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    (found,) = tags(soup, selector)
    return found


@pytest.fixture(scope="module", name="demo")
def _demo() -> tuple[Report, BeautifulSoup]:
    report = demo_report()
    return report, parse(render(report, lang="en"))


# --------------------------------------------------------------------------- self-contained


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_page_is_one_self_contained_file(demo: tuple[Report, BeautifulSoup]) -> None:
    _, soup = demo
    assert not tags(soup, "link, img, iframe, object, embed, audio, video, source, base")
    assert not tags(soup, "[src]") and not tags(soup, "[srcset]")
    (style,) = tags(soup, "style")
    (script,) = tags(soup, "script")
    assert script.get("src") is None
    css = style.string or ""
    assert "@import" not in css and "url(" not in css
    csp = str(one(soup, 'meta[http-equiv="Content-Security-Policy"]')["content"])
    assert csp.startswith("default-src 'none'; ")
    # The policy admits exactly this stylesheet and this script, nothing else.
    assert f"style-src {_csp_hash(css)};" in csp
    assert f"script-src {_csp_hash(script.string or '')};" in csp
    for anchor in tags(soup, "a[href]"):
        href = str(anchor["href"])
        if href.startswith("#"):
            assert tags(soup, f"[id='{href[1:]}']"), href
        else:
            assert re.match(r"https?://", href), href
            assert anchor.get("rel") == ["noopener", "noreferrer"], href
    ids = [str(t["id"]) for t in tags(soup, "[id]")]
    assert len(ids) == len(set(ids))


def test_top_verdict_counts_bar_and_filters(demo: tuple[Report, BeautifulSoup]) -> None:
    report, soup = demo
    assert soup.html is not None and soup.html["lang"] == "en"
    assert "fail" in one(soup, "h1").get_text()
    counts = [li.get_text(" ", strip=True) for li in tags(soup, "ul.counts li")]
    assert counts == ["✗ 2 errors", "⚠ 2 warnings", "ℹ 2 notes"]
    rects = tags(soup, "svg.bar rect")
    assert [r["class"] for r in rects] == [["fill-error"], ["fill-warning"], ["fill-info"]]
    assert sum(float(str(r["width"])) for r in rects) == pytest.approx(100.0, abs=1e-6)
    form = one(soup, "form#filters")
    assert form.has_attr("hidden")  # shown by the script: without JavaScript there are none
    radios = {str(r["value"]): r.has_attr("checked") for r in tags(form, "input[type=radio]")}
    assert radios == {"problems": False, "all": True}
    options = [str(o["value"]) for o in tags(form, "select option")]
    present = [s.value for s in LinkStatus if report.summary.by_status.get(s.value)]
    assert options == ["", *present]
    assert tags(form, "input[type=search]")
    contents = tags(soup, "nav.contents li a")
    assert [a["href"] for a in contents] == ["#d1"]


def test_the_body_is_the_document_with_every_marker_in_its_sentence(
    demo: tuple[Report, BeautifulSoup],
) -> None:
    report, soup = demo
    (document,) = report.documents
    body = one(soup, "#d1 section.body")
    paragraphs = tags(body, "p")
    assert len(paragraphs) == len(re.split(r"\n\s*\n", document.body.strip()))
    markers = tags(body, "a.marker")
    assert len(markers) == sum(len(f.references) for f in document.footnotes)
    for index, footnote in enumerate(document.footnotes, 1):
        note = one(soup, f"li#d1-fn{index}")
        assert note["value"] == str(footnote.number)
        tone = note["data-tone"]
        cites = [m for m in markers if m["href"] == f"#d1-fn{index}"]
        assert len(cites) == len(footnote.references)
        for marker, reference in zip(cites, footnote.references, strict=True):
            assert f"tone-{tone}" in marker["class"]
            assert str(marker["aria-label"]).startswith(f"footnote {footnote.number}: ")
            sentence = marker.find_parent("span")
            assert sentence is not None and "cite" in sentence["class"]
            words = [t for t in sentence.find_all(string=True) if not t.find_parent("a")]
            assert normalise_space("".join(words)) == reference.context
    # Every word of the body is there once, in order, markers aside.
    shown = [t for t in body.find_all(string=True) if not t.find_parent(["a", "h3"])]
    assert normalise_space("".join(shown)) == normalise_space(document.body)


def test_footnotes_show_sources_status_chain_titles_figures_and_fixes(
    demo: tuple[Report, BeautifulSoup],
) -> None:
    report, soup = demo
    (document,) = report.documents
    assert any(f.ibid_of is not None for f in document.footnotes)
    for index, footnote in enumerate(document.footnotes, 1):
        note = one(soup, f"li#d1-fn{index}")
        text = note.get_text(" ", strip=True)
        assert f"Footnote {footnote.number}" in text
        assert normalise_space(footnote.text) in normalise_space(text)
        assert note["data-status"] == " ".join(dict.fromkeys(x.status for x in footnote.links))
        for link, source in zip(footnote.links, tags(note, "div.source"), strict=True):
            (anchor, *_) = tags(source, "a.url")
            assert anchor["href"] == link.url and anchor.get_text() == link.url
            badge = one(source, ".status .badge").get_text(" ", strip=True)
            assert badge.endswith(words("en").status(link.status))
            if link.redirects:
                hops = [li.get_text(" ", strip=True) for li in tags(source, "ol.chain li")]
                assert hops[0] == f"{link.redirects[0].status} {link.redirects[0].url}"
                assert hops[-1].endswith(str(link.final_url))
            if link.page_title:
                assert link.page_title in one(source, ".titles").get_text()
        for figure in footnote.figures:
            where = ".figures-found" if figure.found else ".figures-missing"
            assert figure.value in one(note, where).get_text()
        for problem in footnote.problems:
            assert problem.message in text
        if footnote.ibid_of is not None:  # "Ebd." leads to the footnote it means
            (means,) = [
                i for i, f in enumerate(document.footnotes, 1) if f.number == footnote.ibid_of
            ]
            assert one(note, ".ibid a")["href"] == f"#d1-fn{means}"
            assert one(note, ".ibid a").get_text() == f"ibid. → footnote {footnote.ibid_of}"
        back = [str(a["href"])[1:] for a in tags(note, "a.back")]
        assert back and all(tags(soup, f"a.marker#{b}") for b in back)


def test_demo_verdicts_are_colour_and_symbol_and_words(demo: tuple[Report, BeautifulSoup]) -> None:
    _, soup = demo
    symbols = {"error": "✗", "warning": "⚠", "info": "ℹ", "ok": "✓", "neutral": "○"}
    tones = {str(li["data-tone"]) for li in tags(soup, "li.note")}
    assert {"error", "warning", "info", "ok"} <= tones
    for badge in tags(soup, ".badge"):
        (tone,) = [c[5:] for c in badge["class"] if c.startswith("tone-")]
        symbol, *words = badge.get_text(" ", strip=True).split(" ")
        assert symbol == symbols[tone] and words, badge
    dead = [li for li in tags(soup, "li.note") if "dead" in str(li["data-status"]).split()]
    assert dead and all(li["data-tone"] == "error" for li in dead)


def test_german_report() -> None:
    soup = parse(render(demo_report(), lang="de"))
    assert soup.html is not None and soup.html["lang"] == "de"
    text = soup.get_text(" ", strip=True)
    for phrase in ("Fußnote 9", "tot", "Inhalt", "Seitentitel:", "nur Probleme", "Was tun:"):
        assert phrase in text, phrase
    assert "Footnote 9" not in text


def test_quiet_starts_on_problems_only() -> None:
    soup = parse(render(sample_report(), quiet=True))
    checked = [r["value"] for r in tags(soup, "input[type=radio]") if r.has_attr("checked")]
    assert checked == ["problems"]


def test_several_documents_get_a_contents_list() -> None:
    report = sample_report()
    soup = parse(render(report))
    entries = tags(soup, "nav.contents li")
    assert len(entries) == len(report.documents) > 1
    for number, (entry, document) in enumerate(zip(entries, report.documents, strict=True), 1):
        assert entry.a is not None and entry.a["href"] == f"#d{number}"
        assert entry.a.get_text() == document.path
        assert tags(soup, f"article#d{number}")


def test_pages_of_a_pdf_and_links_in_the_text() -> None:
    soup = parse(render(paged_report()))
    assert one(soup, "li#d1-fn1 .note-head .where").get_text() == "p. 2"  # the definition
    assert one(soup, "li#d1-fn1 a.back").get_text() == "↩ p. 1"  # the citing marker
    report = inline_report()
    soup = parse(render(report))
    sources = [s for d in report.documents for s in d.inline_sources]
    entries = tags(soup, "section.inline-sources li.note")
    assert len(entries) == len(sources)
    for entry in entries:
        assert tags(soup, f"a.marker[href='#{entry['id']}']")


# --------------------------------------------------------------------------- hostile input


def test_hostile_input_stays_text() -> None:
    html = render(hostile_report())
    soup = parse(html)
    (script,) = tags(soup, "script")  # the report's own, nothing injected
    assert "__pwned" not in (script.string or "")
    for element in soup.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element.name
    assert not tags(soup, "svg[onload], img, iframe")
    for anchor in tags(soup, "a[href]"):
        assert re.match(r"(#|https?://)", str(anchor["href"])), anchor
    text = soup.get_text()
    assert SCRIPT in text and JS_URL in text  # shown as what it is
    assert "<script>window.__pwned" not in html.split("<body>", 1)[1].split("<script>")[0]


def test_only_http_urls_become_links() -> None:
    good = ["https://example.org/a?b=c#d", "HTTP://EXAMPLE.ORG/", "http://user@host/"]
    bad = [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>",
        "https://",
        "https:///path",
        "http://user@/x",
        'https://example.org/"onmouseover="x',
        "https://example.org/ a",
        "https://example.org/\x00",
        "//example.org/",
        "ftp://example.org/",
        "",
        None,
    ]
    assert [safe_href(u) for u in good] == good
    assert [safe_href(u) for u in bad] == [None] * len(bad)


def test_the_archived_copy_hook() -> None:
    report = hostile_report()
    soup = parse(render(report))
    archive = one(soup, "li#d1-fn2 .archive")
    assert archive.a is None and JS_URL in archive.get_text()  # not an http URL: text
    (document,) = report.documents
    footnote = document.footnotes[1]
    copy = "https://web.archive.org/web/2024/https://example.org/"
    link = ArchivedLink(url="https://example.org/", status=LinkStatus.OK, archive=copy)
    moved = Report(
        documents=(
            type(document)(
                path="a.md",
                format="markdown",
                footnotes=(type(footnote)(number=1, line=1, text="x", links=(link,)),),
            ),
        ),
        summary=report.summary,
        tool_version="1",
    )
    anchor = one(parse(render(moved)), "li#d1-fn1 .archive a")
    assert anchor["href"] == copy and anchor["rel"] == ["noopener", "noreferrer"]
    assert not tags(parse(render(demo_report())), ".archive")  # no attribute: nothing shown


# --------------------------------------------------------------------------- body layout


def test_markers_go_back_where_they_stood() -> None:
    body = (
        "Erster Satz hat eine Zahl. Zweiter Satz.\n\n"
        "Dritter Satz mit URL https://ex.am/\nple/x hier."
    )
    markers = [Anchor(0, body.index(" Zweiter")), Anchor(1, None, "Zweiter Satz.")]
    urls = [Anchor(0, body.index("https"), "", "https://ex.am/ple/x"), Anchor(1, 5, "", "nope")]
    paragraphs, lost_markers, lost_urls = layout_body(body, markers, urls)
    assert len(paragraphs) == 2 and not lost_markers and not lost_urls
    first, _, second = paragraphs[0].items
    assert isinstance(first, Sentence) and isinstance(second, Sentence)
    assert [p.marker for p in first.pieces if p.marker is not None] == [0]
    assert first.pieces[-1].marker == 0  # after the full stop, where it stood
    assert [p.text for p in first.pieces if p.url == 1] == [""]  # not in the text: a spot
    assert second.pieces[-1].marker == 1  # placed by its sentence
    (third,) = paragraphs[1].items
    assert isinstance(third, Sentence)
    assert [p.text for p in third.pieces if p.url == 0] == ["https://ex.am/\nple/x"]
    _, lost, _ = layout_body(body, [Anchor(0, None, "Gibt es nicht.")], [])
    assert lost == [0]
    assert layout_body("", [Anchor(0, 0)], []) == ([], [0], [])


def test_list_items_start_a_line() -> None:
    paragraphs, _, _ = layout_body("Wir fordern:\n1. erstens;\n2. zweitens.", [], [])
    items = paragraphs[0].items
    starts = [
        "".join(p.text for p in after.pieces)
        for before, after in itertools.pairwise(items)
        if isinstance(before, Piece) and before.line_break and isinstance(after, Sentence)
    ]
    assert starts == ["1. erstens;", "2. zweitens."]


# --------------------------------------------------------------------------- accessibility


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_colours_meet_wcag_aa() -> None:
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", css))
    for tone in ("error", "warning", "info", "ok", "neutral"):
        assert contrast(colours[tone], colours[f"{tone}-bg"]) >= 4.5, tone
        assert contrast(colours[tone], colours["mark"]) >= 4.5, tone  # a lit sentence
        assert contrast(colours[tone], "#ffffff") >= 4.5, tone
        assert contrast(colours[f"{tone}-fill"], "#ffffff") >= 3.0, tone  # the bar
    assert contrast(colours["text"], colours["mark"]) >= 7.0
    assert contrast(colours["muted"], "#ffffff") >= 4.5


def test_print_stylesheet_and_focus_outline() -> None:
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    assert "@media print" in css and ":focus-visible" in css


# --------------------------------------------------------------------------- command line


def test_cli_writes_the_demo_report(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    runner = CliRunner(env={"NO_COLOR": "1", "CITECHECK_RESOLVE": None})
    result = runner.invoke(
        app, ["--demo", "--format", "html", "-o", str(target)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    soup = parse(target.read_text(encoding="utf-8"))
    assert len(tags(soup, "li.note")) == 15


def test_jinja_loads_only_for_the_html_report() -> None:
    from test_layers import _imported_edges

    assert _imported_edges("citecheck.cli", ("jinja2",)) == []
    assert _imported_edges("citecheck.render.html", ("jinja2",)) == ["jinja2"]
