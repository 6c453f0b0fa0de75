"""URLs cited in the running text outside footnotes (`Document.inline_sources`), for every
format through the shared `build_document`."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from citecheck.check import check
from citecheck.options import CheckOptions
from citecheck.parse import load_document
from citecheck.parse.document import build_document
from citecheck.parse.layout import BodyLink, Layout, RawDefinition
from citecheck.parse.markdown import MarkdownParser
from citecheck.parse.text import TextParser

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fixtures" / "corpus"
DOCUMENTS = ROOT / "fixtures" / "documents"
KLEINE_ANFRAGE = "bt-21-0541-kleine-anfrage-afd-us-stiftungen.dip.txt"


def _truth_urls(name: str) -> list[str]:
    truth = json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))
    (entry,) = [d for d in truth["documents"] if d["path"].endswith(name)]
    return list(entry["inline_urls_for_reference"])


def test_kleine_anfrage_inline_urls_match_the_truth() -> None:
    """Drucksache 21/541 cites 26 distinct URLs in its text, several wrapped mid-word without a
    hyphen ("…/net" + "zwerke-und-partner", "www.amerikah" + "aus.de", "carnegieendo" +
    "wment.org"); no footnotes."""
    document = load_document(str(CORPUS / KLEINE_ANFRAGE))
    assert document.footnotes == ()
    assert [s.url for s in document.inline_sources] == _truth_urls(KLEINE_ANFRAGE)
    assert all(s.page is None and s.links == () for s in document.inline_sources)


def test_kleine_anfrage_inline_lines_and_contexts() -> None:
    document = load_document(str(CORPUS / KLEINE_ANFRAGE))
    by_url = {s.url: s for s in document.inline_sources}
    lines = (CORPUS / KLEINE_ANFRAGE).read_text(encoding="utf-8").split("\n")
    # The first occurrence counts: the Übersicht is cited again on line 32 ("www.amerikah"/"aus").
    first = by_url["www.amerikahaus.de/ueber-uns/netzwerke-und-partner"]
    assert first.line == 11 and "www.amerikahaus.de/ueber-uns/net" in lines[10]
    assert first.context.startswith("Zahlreiche US-amerikanische Stiftungen")
    # The context shows the URL as read, not as wrapped.
    assert "www.amerikahaus.de/ueber-uns/netzwerke-und-partner)." in first.context
    for url, line in [
        ("www.gmfus.org/", 49),
        ("https://carnegieendowment.org/", 74),
        ("https://acgusa.org/", 80),
        ("https://acgde.org/", 80),
        ("https://dserver.bundestag.de/brd/2024/0350-24.pdf", 81),
    ]:
        assert by_url[url].line == line, url
        written = url.split("//")[-1][:12]
        assert written in lines[line - 1], url
    gmf = by_url["www.gmfus.org/"]
    assert gmf.context == "n) German Marshall Fund of the United States (vgl. www.gmfus.org/),"
    spotify = by_url["https://open.spotify.com/episode/1CbLnj7fpq6KFIYDicLylc"]
    assert spotify.line == 21
    assert spotify.context.startswith("Die vorliegende Kleine Anfrage")
    assert spotify.context.endswith("[Aspen Institute]).")


MOTION = """\
# Antrag

Der Bundestag stellt fest:

Laut [Statistischem Bundesamt](https://www.destatis.de/DE/Presse/pm-1.html) stiegen die
Ausgaben.[^1] Mehr steht unter https://example.org/bericht-2024.html im Netz.

Siehe auch [den Abschnitt](#abschnitt), ![Grafik](https://example.org/bild.png) und
<https://example.org/auto> sowie noch einmal https://example.org/bericht-2024.html und
die Quelle aus Fußnote 1: www.bmf.de/quelle.

[^1]: Vgl. https://www.bmf.de/quelle
"""


def test_markdown_motion_links_and_bare_urls_in_the_body(tmp_path: Path) -> None:
    path = tmp_path / "antrag.md"
    path.write_text(MOTION, encoding="utf-8")
    document = MarkdownParser().parse(path.read_bytes(), str(path))
    assert [f.urls for f in document.footnotes] == [("https://www.bmf.de/quelle",)]
    # A link's target is an inline source, a relative link and an image are not; a URL cited
    # twice counts once (at its first line); a footnote's URL, even written without its
    # scheme, is not repeated as inline.
    assert [(s.line, s.url) for s in document.inline_sources] == [
        (5, "https://www.destatis.de/DE/Presse/pm-1.html"),
        (6, "https://example.org/bericht-2024.html"),
        (9, "https://example.org/auto"),
    ]
    destatis, bericht, _ = document.inline_sources
    assert destatis.context == "Laut Statistischem Bundesamt stiegen die Ausgaben."
    assert bericht.context == "Mehr steht unter https://example.org/bericht-2024.html im Netz."


def test_text_document_without_urls_has_no_inline_sources() -> None:
    press = DOCUMENTS / "pressemitteilung-wirtschaftssicherheit.txt"
    assert TextParser().parse(press.read_bytes(), str(press)).inline_sources == ()


def test_seed_motion_cites_everything_in_footnotes() -> None:
    """The seed's URLs all sit in footnote definitions: none is duplicated as inline."""
    for suffix in ("md", "txt", "pdf", "docx", "html"):
        document = load_document(str(DOCUMENTS / f"antrag-japan-partnerschaft.{suffix}"))
        assert document.footnotes and document.inline_sources == (), suffix


def test_page_and_recorded_links_of_a_layout() -> None:
    body = "Erster Satz mit www.example.org/a.\n\nZweiter Satz mit einem Link."
    layout = Layout(
        format="pdf",
        body=body,
        line_starts=((0, 3), (body.index("Zweiter"), 40)),
        markers=(),
        definitions=(RawDefinition(1, "1", 50, "Vgl. https://example.org/fn", page=2),),
        links=(
            BodyLink(body.index("einem"), "https://example.org/linked"),
            BodyLink(body.index("Zweiter"), "https://example.org/fn"),  # a footnote's URL
            BodyLink(body.index("Link"), "mailto:someone@example.org"),
        ),
        line_pages=((3, 1), (40, 2)),
    )
    document = build_document("d.pdf", layout)
    assert [(s.line, s.page, s.url, s.context) for s in document.inline_sources] == [
        (3, 1, "www.example.org/a", "Erster Satz mit www.example.org/a."),
        (40, 2, "https://example.org/linked", "Zweiter Satz mit einem Link."),
    ]


def test_publication_notice_is_not_a_source() -> None:
    """A Landtag's "papers are online at …" notice is furniture (BW 17/273, a real PDF)."""
    document = load_document(str(CORPUS / "pdf" / "bw-17-0273-gesetzentwurf-spd-wahlalter16.pdf"))
    assert "www.landtag-bw.de/Dokumente" in document.body
    assert document.inline_sources == ()


def test_kleine_anfrage_checked_offline_has_links_and_no_nothing_found() -> None:
    """Before inline sources this document only got a nothing-found warning."""
    document = load_document(str(CORPUS / KLEINE_ANFRAGE))
    report = asyncio.run(check([document], None, CheckOptions(offline=True)))
    (checked,) = report.documents
    assert checked.problems == ()
    assert report.summary.links == 26 and report.summary.by_status["skipped"] == 26
    assert {s.links[0].reason for s in checked.inline_sources} == {"offline"}
