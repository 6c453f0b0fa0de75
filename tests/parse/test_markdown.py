"""Layout tests for the Markdown adapter (markers, offsets, definitions, body text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.parse.layout import Layout
from citecheck.parse.markdown import MarkdownParser, looks_like_markdown, markdown_layout

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEED = FIXTURES / "documents" / "antrag-japan-partnerschaft.md"
CRS = FIXTURES / "corpus" / "us-crs-R46293-earth-day-fact-sheet.congressgov.md"


def _layout(path: Path) -> Layout:
    return markdown_layout(path.read_text(encoding="utf-8"))


def _before(layout: Layout, offset: int, width: int = 30) -> str:
    return layout.body[max(0, offset - width) : offset]


def test_seed_has_fifteen_definitions_in_order() -> None:
    layout = _layout(SEED)
    assert [d.number for d in layout.definitions] == list(range(1, 16))
    assert [d.marker for d in layout.definitions] == [str(n) for n in range(1, 16)]
    assert all(d.markdown for d in layout.definitions)
    assert [d.line for d in layout.definitions[:5]] == [19, 21, 23, 25, 35]
    assert layout.definitions[3].text == "Ebd."
    assert layout.definitions[0].text.startswith("Vgl. <https://www.deutschland.de/")


def test_seed_markers_sit_where_the_sup_tags_stood() -> None:
    layout = _layout(SEED)
    assert [m.number for m in layout.markers] == list(range(1, 16))
    first = layout.markers[0]
    assert _before(layout, first.offset).endswith("Maschinen (Deutschland) sind")
    assert layout.body[first.offset] == "."
    assert [layout.line_at(m.offset) for m in layout.markers[:6]] == [13, 13, 15, 15, 27, 29]
    assert "<sup>" not in layout.body


def test_seed_page_break_hyphenation_is_joined_and_furniture_dropped() -> None:
    layout = _layout(SEED)
    assert "Selbstverteidigungskräfte aufgrund schlechter" in layout.body
    assert "Vorabfassung" not in layout.body
    assert "Vgl." not in layout.body
    # "2+2" and years are body text, never markers.
    assert "2+2 Gespräche" in layout.body
    # Headings lose their hashes and emphasis.
    assert layout.body.startswith("Antrag\n\n")


def test_seed_paragraphs_are_separated_by_blank_lines() -> None:
    layout = _layout(SEED)
    assert "dienen.\n\nÄhnlich wie Deutschland" in layout.body
    # Line map: every body line start maps to its 1-based source line.
    starts = dict(layout.line_starts)
    offset = layout.body.index("Ähnlich wie Deutschland")
    assert starts[offset] == 15


def test_caret_footnotes_with_indented_continuation() -> None:
    text = (
        "Ein Satz mit Quelle.[^1] Noch einer[^2].\n"
        "\n"
        "[^1]: Vgl. Müller, „Ein Titel“,\n"
        "    <https://example.org/a>\n"
        "\n"
        "    Zweiter Absatz der Fußnote.\n"
        "[^2]: <https://example.org/b>\n"
        "\n"
        "Weiter im Text.\n"
    )
    layout = markdown_layout(text)
    assert [(d.number, d.line) for d in layout.definitions] == [(1, 3), (2, 7)]
    assert layout.definitions[0].text.splitlines() == [
        "Vgl. Müller, „Ein Titel“,",
        "<https://example.org/a>",
        "",
        "Zweiter Absatz der Fußnote.",
    ]
    assert [m.number for m in layout.markers] == [1, 2]
    assert layout.body.startswith("Ein Satz mit Quelle. Noch einer.")
    assert "Weiter im Text." in layout.body
    assert "example.org" not in layout.body


def test_unicode_superscripts_are_markers_but_not_units() -> None:
    text = "Die Halle hat 300 m² Fläche¹ und kostet viel².\n\n¹ Vgl. https://a.example\n\n² Ebd.\n"
    layout = markdown_layout(text)
    assert [(d.number, d.marker) for d in layout.definitions] == [(1, "¹"), (2, "²")]
    assert [m.number for m in layout.markers] == [1, 2]
    assert "300 m² Fläche und kostet viel." in layout.body


def test_superscript_without_definition_is_not_a_marker() -> None:
    layout = markdown_layout("E = mc² gilt.\n")
    assert layout.markers == ()
    assert layout.body == "E = mc² gilt."


def test_sup_inside_a_paragraph_line_is_a_marker_not_a_definition() -> None:
    text = "Erster Teil des Satzes\n<sup>1</sup> geht weiter.\n\n<sup>1</sup> Vgl. <https://x.example>\n"
    layout = markdown_layout(text)
    assert [d.line for d in layout.definitions] == [4]
    assert [m.number for m in layout.markers] == [1]


def test_crs_endnote_table_gives_ten_orphan_definitions() -> None:
    layout = _layout(CRS)
    assert [d.number for d in layout.definitions] == list(range(1, 11))
    assert layout.markers == ()
    first = layout.definitions[0]
    assert first.line == 132
    assert first.text.startswith('Charles Russell, "College Teach-ins')
    assert not first.text.endswith("|")
    # Page chrome links stay body text (their link text only), never footnotes.
    assert "Subscribe" in layout.body
    assert "crsreports.congress.gov/get-alerts" not in layout.body


def test_code_fences_are_left_alone() -> None:
    text = "```\n[^1]: not a footnote\n```\nText.\n"
    layout = markdown_layout(text)
    assert layout.definitions == ()


@pytest.mark.parametrize(
    ("path", "data", "expected"),
    [
        ("motion.md", b"plain words", True),
        ("motion.txt", b"Text<sup>1</sup>\n\n<sup>1</sup> Vgl.", False),
        ("-", b"Text[^1]\n\n[^1]: Vgl. x", True),
        ("-", b"Text<sup>1</sup>", True),
        ("-", b"# Titel\n\nSiehe [hier](https://x.example).", True),
        ("-", b"Deutscher Bundestag Drucksache 21/1\nText.1\n1 Vgl. x", False),
        ("notes", b"\xff\xfe\x00\x00binary\x00", False),
    ],
)
def test_detect_by_suffix_then_content(path: str, data: bytes, expected: bool) -> None:
    assert MarkdownParser().detect(data, path) is expected


def test_looks_like_markdown_needs_more_than_a_heading() -> None:
    assert not looks_like_markdown("# 1. Kapitel\nkein Link hier\n")
