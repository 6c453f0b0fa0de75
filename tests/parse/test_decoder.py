"""The global footnote decoder on real DIP texts (fixtures/dip) and on small constructed chains.

Both sides are tested: real footnotes kept (markers in lists, glued to a year, a number or the
next sentence, body resuming after a footnote block) and numbered lines that are no footnotes
rejected (table rows, amounts, section numbers, page numbers).
"""

from __future__ import annotations

from pathlib import Path

from citecheck.models import ProblemCode
from citecheck.parse._layout_common import decode_layer
from citecheck.parse.decoder import DefinitionCandidate, MarkerCandidate, decode
from citecheck.parse.layout import Layout
from citecheck.parse.text import TextParser, text_layout

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DIP = FIXTURES / "dip"


def _text(name: str) -> str:
    return decode_layer((DIP / name).read_bytes())


def _layout(name: str) -> Layout:
    return text_layout(_text(name))


def _before(layout: Layout, number: int, width: int = 30) -> str:
    offset = next(m.offset for m in layout.markers if m.number == number)
    return layout.body[max(0, offset - width) : offset]


def _after(layout: Layout, number: int, width: int = 15) -> str:
    offset = next(m.offset for m in layout.markers if m.number == number)
    return layout.body[offset : offset + width]


def _complete(layout: Layout, count: int) -> None:
    """Definitions 1..count, each cited at least once, nothing else."""
    assert [d.number for d in layout.definitions] == list(range(1, count + 1))
    assert sorted({m.number for m in layout.markers}) == list(range(1, count + 1))


# --- real footnotes kept ---------------------------------------------------------------------


def test_marker_lists_and_a_marker_glued_to_a_drucksache_number() -> None:
    layout = _layout("bt-21-0958-antrag-politikerpensionen.txt")
    _complete(layout, 68)
    one, two = (m for m in layout.markers if m.number in (1, 2))
    assert one.offset == two.offset  # "Steuern)1, 2 abgesunken"
    assert _before(layout, 2).endswith("48 Prozent (vor\nSteuern)")
    # "BT-Drucksache 17/1250022." is Drucksache 17/12500 and marker 22.
    assert _before(layout, 22).endswith("BT-Drucksache 17/12500")
    # "(2024) 15und": a marker set apart before the word it is glued to.
    assert _before(layout, 15).endswith("45.358 Euro (2024) ")
    # Body resuming after a footnote block, a word hyphenated across the page break.
    assert "Abgeordnetenentschädigung mit Auswirkungen auf die Altersentschädigung" in (layout.body)


def test_markers_glued_to_the_next_sentence_and_set_apart() -> None:
    layout = _layout("bt-21-2034-antrag-familienpolitik.txt")
    _complete(layout, 31)
    offsets = {m.number: m.offset for m in layout.markers}
    assert offsets[5] == offsets[6]  # "Bereich.5 6Addiert": two markers separated by a space
    assert offsets[7] == offsets[8] == offsets[9]  # "(Stand 31.12.2024).789Dass"
    assert _after(layout, 9).startswith("Dass es in den")
    assert _before(layout, 13).endswith("Beitragszahler\nkommen")  # "kommen 13, nachdem"
    assert _before(layout, 1).endswith("Glücklichsein hat")  # "hat1 ;"
    assert "Vorabfassung" not in layout.body


def test_markers_glued_to_a_year() -> None:
    layout = _layout("bt-21-0588-antrag-staatenlose.txt")
    _complete(layout, 21)
    assert _before(layout, 15).endswith("Positionspapier vom März 2025")  # "März 202515."
    assert _after(layout, 15).startswith(".")
    offsets = {m.number: m.offset for m in layout.markers}
    assert offsets[17] == offsets[18]  # "Staatsangehörigkeit17, 18."
    grenze = _layout("bt-21-1550-antrag-grenzkontrollen.txt")
    _complete(grenze, 9)
    assert _before(grenze, 3).endswith("vom 7. Mai 2025.")  # "Mai 2025.3 Damit"
    assert _before(grenze, 6).endswith("im August 2025 7.803.")  # "7.803.6 Von Mai"


def test_marker_glued_to_the_number_after_it() -> None:
    layout = _layout("bt-21-1549-antrag-pflege.txt")
    _complete(layout, 36)
    # "der höchsten.2715 bis 20 Prozent": marker 27, then the figure "15 bis 20 Prozent".
    assert _before(layout, 27).endswith("der höchsten.")
    assert _after(layout, 27, 20).startswith("15 bis 20 Prozent")
    assert _before(layout, 29).endswith("im Jahre 2019.")  # "Jahre 2019.29"


def test_markers_inside_a_compound_as_a_slash_list_and_after_a_quote() -> None:
    layout = _layout("bt-21-0520-unterrichtung-sed-opfer-auszug.txt")
    _complete(layout, 4)
    assert _after(layout, 1).startswith("-Opferbeauftrag")  # "die SED1-Opferbeauftragte"
    offsets = {m.number: m.offset for m in layout.markers}
    assert offsets[2] == offsets[3]  # "Besatzungszone (SBZ)2/3 und"
    rente = _layout("bt-21-0957-antrag-rente.txt")
    _complete(rente, 37)
    # "„Hinausschiebensvereinbarungen“ 18. Es muss": a full stop after a closing quote.
    assert _before(rente, 18, 35).endswith("„Hinausschiebensvereinbarungen“")


def test_body_resuming_with_a_number_after_a_footnote_block() -> None:
    path = FIXTURES / "corpus" / "bt-21-1565-antrag-afd-approbation-drittstaaten.dip.txt"
    layout = text_layout(decode_layer(path.read_bytes()))
    assert layout.definitions[3].text == "www.aek-mv.de/default.aspx"
    assert "2014 in Rostock" in layout.body


def test_a_definition_split_by_a_page_of_body_text() -> None:
    # Built from BT 21/958: the URL of footnote 16 is cut at the page end and printed at the top
    # of the next page's footnote block.
    text = (
        "Durchschnittsentgelt nach § 69 Abs.2 SGB VI in Höhe von 45.358 Euro (2024) und\n"
        "Beiträgen in Höhe von derzeit 18,6 Prozent16 ein sogenannter Entgeltpunkt.\n"
        " \n"
        "16 vgl. DRV Bund, Werte der Rentenversicherung, abgerufen unter: "
        "www.deutsche-rentenversicherung.de/DRV/DE/Experten/Zahlen-und-\n"
        "Bei einem überdurchschnittlichen Verdienst in Höhe der Beitragsbemessungsgrenze von\n"
        "7.550 Euro (2024)17 ergeben sich rechnerisch etwa 2 Entgeltpunkte je Jahr.\n"
        " \n"
        "Fakten/Werte-der-Rentenversicherung/werte-der-rentenversicherung.html\n"
        "17 vgl. § 4 Abs. 1 Nr. 1 Sozialversicherungs-Rechengrößenverordnung 2023, BR-Drs. 511/23\n"
    )
    numbered = "\n".join(
        f"{n} vgl. Wissenschaftliche Dienste des Deutschen Bundestages, Sachstand, abgerufen unter:"
        f" www.bundestag.de/{n}"
        for n in range(1, 16)
    )
    body = "".join(
        f"Die gesetzliche Rentenversicherung finanziert sich im Wesentlichen aus Beiträgen.{n}\n"
        for n in range(1, 16)
    )
    layout = text_layout(body + " \n" + numbered + "\n" + text)
    definitions = {d.number: d.text for d in layout.definitions}
    assert definitions[16].endswith(
        "Zahlen-und-\nFakten/Werte-der-Rentenversicherung/werte-der-rentenversicherung.html"
    )
    assert "Fakten/Werte" not in layout.body
    assert [m.number for m in layout.markers] == list(range(1, 18))


def test_a_definition_whose_marker_is_absent_is_still_reported_unused() -> None:
    text = _text("bt-21-2034-antrag-familienpolitik.txt").replace("Glücklichsein hat1 ;", "X ;")
    document = TextParser().parse(text.encode("utf-8"), "antrag.txt")
    unused = [
        f.number
        for f in document.footnotes
        if any(p.code == ProblemCode.UNUSED_DEFINITION for p in f.problems)
    ]
    assert [f.number for f in document.footnotes] == list(range(1, 32))
    assert unused == [1]


# --- numbered lines that are no footnotes ----------------------------------------------------


def test_numbered_table_rows_are_not_footnotes() -> None:
    # "1 Bernau bei Berlin Brandenburg 604.890 453.668 …": an annex table of 63 numbered rows.
    assert _layout("bt-21-1236-antwort-tabelle.txt").definitions == ()
    # "4 ukrainisch männlich 7 455": ranked rows of a statistics answer.
    layout = _layout("bt-21-0717-antwort-tabellen-auszug.txt")
    assert layout.definitions == ()
    assert layout.markers == ()
    assert "4 ukrainisch männlich 7 455" in layout.body


def test_amounts_and_section_numbers_are_not_footnotes() -> None:
    # "1  120 Stunden h. D." rows of an Erfüllungsaufwand table; "E.1 Erfüllungsaufwand" headings.
    layout = _layout("bt-21-1496-gesetzentwurf-auszug.txt")
    assert layout.definitions == ()
    assert "E.1 Erfüllungsaufwand für Bürgerinnen und Bürger" in layout.body
    assert "Vertrages\n1  120 Stunden h. D." in layout.body


def test_numbered_list_items_and_page_numbers_are_not_footnotes() -> None:
    text = (
        "Der Bundestag fordert die Bundesregierung auf,\n"
        "1 Gesetzentwurf vorzulegen, der die Mittel verstetigt;\n"
        "2 die Länder zu beteiligen;\n"
        "3 bis zum Jahresende zu berichten.\n"
        "12\n"
        "Berlin, den 7. Oktober 2025\n"
    )
    layout = text_layout(text)
    assert layout.definitions == ()
    assert layout.markers == ()
    assert "2 die Länder zu beteiligen;" in layout.body
    assert "\n12\n" not in layout.body


# --- the decoder on its own ------------------------------------------------------------------


def _definition(line: int, number: int, block: int, quality: float = 0.0) -> DefinitionCandidate:
    return DefinitionCandidate(line, number, quality, block, signal=True)


def _marker(line: int, number: int, cost: float = 0.0) -> MarkerCandidate:
    return MarkerCandidate(line, 10, 11, (number,), cost)


def test_decoder_pairs_markers_with_the_definitions_after_them() -> None:
    definitions = [_definition(10, 1, 1), _definition(11, 2, 1), _definition(30, 3, 2)]
    markers = [_marker(2, 1), _marker(5, 2), _marker(12, 2), _marker(20, 3)]
    chain = decode(definitions, markers)
    assert [(f.number, f.definition.line) for f in chain] == [(1, 10), (2, 11), (3, 30)]
    assert [f.marker.line if f.marker else None for f in chain] == [2, 5, 20]


def test_decoder_keeps_a_lost_marker_inside_a_chain_but_invents_nothing() -> None:
    definitions = [_definition(10, 1, 1), _definition(11, 2, 1), _definition(12, 3, 1)]
    chain = decode(definitions, [_marker(2, 1), _marker(5, 3)])
    assert [(f.number, f.marker is not None) for f in chain] == [(1, True), (2, False), (3, True)]
    rows = [DefinitionCandidate(40 + k, k, -4.0, 3) for k in range(1, 6)]
    assert decode(rows, []) == []


def test_decoder_reads_a_numbering_restart_after_the_first_chain() -> None:
    definitions = [_definition(10, 1, 1), _definition(11, 2, 1)]
    definitions += [_definition(50, 1, 2), _definition(51, 2, 2)]
    markers = [_marker(2, 1), _marker(3, 2), _marker(40, 1), _marker(41, 2)]
    chain = decode(definitions, markers)
    assert [(f.number, f.definition.line) for f in chain] == [(1, 10), (2, 11), (1, 50), (2, 51)]
