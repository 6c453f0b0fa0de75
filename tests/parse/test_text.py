"""Layout tests for the plain-text adapter on real PDF text layers and small constructed cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.parse._layout_common import decode_layer
from citecheck.parse.layout import Layout
from citecheck.parse.markdown import markdown_layout
from citecheck.parse.text import TextParser, text_layout

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CORPUS = FIXTURES / "corpus"


def _layout(name: str) -> Layout:
    return text_layout(decode_layer((CORPUS / name).read_bytes()))


def _numbers(layout: Layout) -> list[int]:
    return [m.number for m in layout.markers]


def _before(layout: Layout, number: int, width: int = 25, occurrence: int = 0) -> str:
    offsets = [m.offset for m in layout.markers if m.number == number]
    offset = offsets[occurrence]
    return layout.body[max(0, offset - width) : offset]


def test_buergergeld_definitions_markers_and_furniture() -> None:
    layout = _layout("bt-21-2222-antrag-afd-buergergeld-haftbefehl.dip.txt")
    assert [d.number for d in layout.definitions] == list(range(1, 30))
    assert [d.line for d in layout.definitions[:6]] == [35, 37, 39, 41, 122, 123]
    assert _numbers(layout) == list(range(1, 30))
    # A wrapped URL keeps its source line break for the core to rejoin.
    assert layout.definitions[0].text.endswith(
        "https://dserver.bundes-\ntag.de/btd/21/000/2100069.pdf#page=15"
    )
    # Roman numerals keep their digits apart from the marker: "SGB II11" = SGB II + 11.
    assert _before(layout, 11).endswith("gemäß § 7b SGB II")
    assert _before(layout, 6).endswith("im SGB XII")
    # Legal citations are not markers.
    assert "§ 40 Abs.2 Nr.4 SGB II sowie" in layout.body
    assert "Zu II.1: Leistungsausschluss" in layout.body
    # Furniture is gone from body and definitions.
    assert "orabfassung" not in layout.body
    assert all("orabfassung" not in d.text for d in layout.definitions)
    assert "https://" not in layout.body


def test_buergergeld_marker_lines_are_source_lines() -> None:
    layout = _layout("bt-21-2222-antrag-afd-buergergeld-haftbefehl.dip.txt")
    lines = {m.number: layout.line_at(m.offset) for m in layout.markers}
    assert lines[1] == 17
    assert lines[11] == 104
    assert lines[29] == 244


def test_page_break_inside_a_sentence_is_not_a_paragraph_break() -> None:
    layout = _layout("bt-21-2222-antrag-afd-buergergeld-haftbefehl.dip.txt")
    joined = "behördliche Maßnahmen zur Zustellung oder\nVollstreckung eines Haftbefehls"
    assert joined in layout.body


def test_luftverkehrsteuer_duplicate_definition_and_co2() -> None:
    layout = _layout("bt-21-2223-antrag-afd-luftverkehrsteuer.dip.txt")
    assert [(d.number, d.marker) for d in layout.definitions] == [
        (1, "1"),
        (2, "2"),
        (3, "³"),
        (3, "3"),
        (4, "4"),
        (5, "5"),
        (6, "6"),
        (7, "7"),
    ]
    assert _numbers(layout) == list(range(1, 8))
    assert "CO2-Preise" in layout.body
    assert _before(layout, 1).endswith("Flughäfen starten")
    # The NUL byte inside "Luftverkehr\x00 steuer" is dropped and the word rejoined.
    assert "Luftverkehrsteuer im Jahr 2024" in layout.definitions[2].text
    assert layout.definitions[1].text.count("\n") == 3


def test_fluorchinolone_comma_lists_and_body_resuming_after_footnotes() -> None:
    layout = _layout("bt-21-0775-antrag-afd-fluorchinolone.dip.txt")
    assert [d.number for d in layout.definitions] == list(range(1, 16))
    assert _numbers(layout) == list(range(1, 16))
    three, four = (m for m in layout.markers if m.number in (3, 4))
    assert three.offset == four.offset
    assert layout.definitions[4].text == "www.prof-wendt.de/de/schwerpunkte/fqad/"
    assert "Diese möglichen Symptome" in layout.body
    assert layout.definitions[14].text.endswith("lone.pdf?__blob=publicationFile")
    assert "5. die Bundesregierung gemeinsam" in layout.body
    assert "Gesamtherstellung" not in layout.body


def test_approbation_list_markers_and_digit_continuations() -> None:
    layout = _layout("bt-21-1565-antrag-afd-approbation-drittstaaten.dip.txt")
    assert [d.number for d in layout.definitions] == list(range(1, 18))
    assert _numbers(layout) == list(range(1, 18))
    assert layout.definitions[3].text == "www.aek-mv.de/default.aspx"
    assert "2014 in Rostock" in layout.body
    assert layout.definitions[13].text.endswith("/-\n121_Beschlussprotokoll.pdf")
    assert "121. Deutsche Ärztetag" in layout.body
    assert "50-jähriger" in layout.body


def test_steuergerechtigkeit_glued_definition_and_leading_watermark() -> None:
    layout = _layout("bt-21-2028-antrag-gruene-steuergerechtigkeit.dip.txt")
    assert [d.number for d in layout.definitions] == list(range(1, 22))
    assert _numbers(layout) == list(range(1, 22))
    assert layout.definitions[5].text.startswith("Bericht des Bundesrechnungshofs")
    assert layout.body.startswith("Deutscher Bundestag Drucksache 21/2028")
    assert "Die reichsten 1% in Deutschland" in layout.body
    assert _before(layout, 13).endswith(" aktueller Erbschaftsfall")
    # A body line starting with a number that is not the next definition stays body.
    assert "1 Mrd. Euro an Mindereinnahmen" in layout.body


def test_aufsichtsraete_superscripts_and_printer_footer() -> None:
    layout = _layout("bt-21-1754-antrag-afd-aufsichtsraete.dip.txt")
    assert [(d.number, d.marker) for d in layout.definitions] == [(1, "1"), (2, "²")]
    assert _numbers(layout) == [1, 2]
    assert _before(layout, 1).endswith("jeweils 20.000 Euro.")
    assert "heenemann" not in layout.body
    assert all("heenemann" not in d.text for d in layout.definitions)
    assert "Art. 38 GG Abs. 1" in layout.body


def test_palliativ_detached_markers_page_numbers_and_tables() -> None:
    layout = _layout("nds-19-11279-kleine-anfrage-antwort-palliativversorgung.pdftext.txt")
    assert [d.number for d in layout.definitions] == list(range(1, 14))
    assert _numbers(layout) == list(range(1, 14))
    assert _before(layout, 10).endswith("(27 % und mehr).")
    assert _before(layout, 8).endswith("Lüchow-Dannenberg)")
    assert "Niedersächsischer Landtag – 19. Wahlperiode" not in layout.body
    assert "Ammerland 127.632" in layout.body
    assert "1. Wie viele Einwohner" in layout.body
    assert "\n2\n" not in layout.body


def test_putenmast_repeated_reference_and_file_number() -> None:
    layout = _layout("nds-19-11222-kleine-anfrage-antwort-putenmast.pdftext.txt")
    assert [d.number for d in layout.definitions] == [1, 2, 3, 4]
    assert _numbers(layout) == [1, 2, 3, 4, 1]
    assert _before(layout, 1).endswith("(Az. 3 C 2.25).")
    assert _before(layout, 1, occurrence=1).endswith("(vgl. \nRz. 22)") or _before(
        layout, 1, occurrence=1
    ).endswith("Rz. 22)")
    assert "§ 2 Nr. 1 TierSchG" in layout.body


@pytest.mark.parametrize(
    "path",
    [
        CORPUS / "bt-21-0541-kleine-anfrage-afd-us-stiftungen.dip.txt",
        FIXTURES / "documents" / "pressemitteilung-wirtschaftssicherheit.txt",
    ],
)
def test_documents_without_footnotes(path: Path) -> None:
    layout = text_layout(decode_layer(path.read_bytes()))
    assert layout.definitions == ()
    assert layout.markers == ()


def test_numbered_questions_are_not_definitions() -> None:
    layout = _layout("bt-21-0541-kleine-anfrage-afd-us-stiftungen.dip.txt")
    assert "1. Haben die nachfolgend" in layout.body


def test_constructed_page_break_with_footnote_block() -> None:
    text = (
        "Die Streitkräfte haben auf-\n"
        " \n"
        "1 Vgl. https://example.org/eine-sehr-\n"
        "lange-seite.html\n"
        "V\n"
        "orabfassung – w\n"
        "ird durch die lektorierte Fassung ersetzt.\n"
        "grund niedriger Löhne Probleme.1\n"
    )
    layout = text_layout(text)
    assert layout.body == "Die Streitkräfte haben aufgrund niedriger Löhne Probleme."
    assert [(d.number, d.line) for d in layout.definitions] == [(1, 3)]
    assert layout.definitions[0].text == "Vgl. https://example.org/eine-sehr-\nlange-seite.html"
    assert [m.number for m in layout.markers] == [1]
    assert layout.line_at(layout.body.index("grund")) == 8


def test_markers_need_a_definition() -> None:
    layout = text_layout("Ein Satz mit einer Zahl am Ende.1\nNoch einer.\n")
    assert layout.markers == ()
    assert layout.body.endswith("am Ende.1\nNoch einer.")


def test_seed_as_text_uses_markdown_rules_but_stays_text() -> None:
    path = FIXTURES / "documents" / "antrag-japan-partnerschaft.txt"
    as_markdown = markdown_layout(
        (FIXTURES / "documents" / "antrag-japan-partnerschaft.md").read_text(encoding="utf-8")
    )
    document = TextParser().parse(path.read_bytes(), str(path))
    assert document.format == "text"
    text = decode_layer(path.read_bytes())
    assert markdown_layout(text, "text").definitions == as_markdown.definitions
    assert markdown_layout(text, "text").markers == as_markdown.markers


def test_text_detect_is_the_fallback_for_decodable_input() -> None:
    parser = TextParser()
    assert parser.detect(b"irgendein Text", "x.dat")
    assert parser.detect("Umlaute äöü".encode("cp1252"), "x")
    assert not parser.detect(b"\x00\x01\x00\x02" * 100, "x.bin")
