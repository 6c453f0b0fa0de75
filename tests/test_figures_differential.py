"""The figure finder (`figures`, `figure_scan`) against the one it replaced
(tests/figures_reference.py): the same mentions with the same readings, the same index and the
same `contains_figure`/`index_contains` answers, on the fixtures' documents and pages and on
generated German and English texts with figures in every spelling."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import figures_reference as reference
from citecheck import figures
from citecheck.figure_scan import figure_matches

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_SUFFIXES = {".txt", ".md", ".html"}


def _fixture_texts() -> list[Path]:
    """Every text, Markdown and HTML file of the fixtures (motions, sources, pages)."""
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix in _SUFFIXES and p.is_file())


def _fields(mention: object) -> tuple[object, ...]:
    """Every field of a mention (old and new `FigureMention` are different classes)."""
    names = ("text", "value", "kind", "currency", "start", "end", "readings", "unit")
    return tuple(getattr(mention, name) for name in names)


def _old_index(text: str) -> tuple[reference.FigureMention, ...]:
    reference._INDEX.clear()  # the old index memo: scan afresh
    return reference.figure_index(text)


def _assert_same(text: str, wanted: list[str]) -> None:
    """Old and new agree on `text`: matches, mentions, index, and the look-ups of `wanted`."""
    old_spans = [(m.span(), m.groups()) for m in reference._figure_matches(text)]
    assert [(f.span(), f.groups) for f in figure_matches(text)] == old_spans
    old = reference.find_figures(text)
    new = figures.find_figures(text)
    assert [_fields(m) for m in new] == [_fields(m) for m in old]
    old_index = _old_index(text)
    new_index = figures.figure_index(text)
    assert [_fields(m) for m in new_index] == [_fields(m) for m in old_index]
    for figure in wanted:
        assert figures.contains_figure(text, figure) == reference.contains_figure(text, figure)
        for mention, old_mention in zip(
            figures.find_figures(figure), reference.find_figures(figure), strict=True
        ):
            expected = reference.index_contains(old_index, old_mention)
            assert figures.index_contains(new_index, mention) == expected
            assert figures.contains_figure(text, mention) == expected


@pytest.mark.parametrize("path", _fixture_texts(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_documents_and_pages(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    # Each figure of the text is looked up in it, and a few in a neighbour's spelling.
    wanted = [m.text for m in reference.find_figures(text)][:40]
    wanted += ["27 Prozent", "9 %", "3,5 Mrd. Euro", "500 km", "neun Prozent", "44,2"]
    _assert_same(text, wanted)


_NUMBERS = (
    "27",
    "3,5",
    "3.5",
    "1.234,5",
    "1,234.5",
    "1.500",
    "1,500",
    "12.000",
    "0,5",
    "45",
    "1.234.567",
    "2,1",
    "4.2",
    "203",
    "12\u00a0000",
    "1\u202f500",
    "7",
    "2022",
    "44,2",
)
_WORDS = (
    "neun",
    "Neun",
    "NEUN",
    "zwölf",
    "eine",
    "einen",
    "drei",
    "one",
    "Twelve",
    "zehn",
    "elf",
    "sieben",
    "acht",
    "fünf",
    "vier",
    "ein",
    "two",
    "ten",
    "neunzig",
    "Nacht",
)
_AFTER = (
    " Prozent",
    "%",
    " %",
    " Prozentpunkte",
    " v. H.",
    " percent",
    " per cent",
    " percentage points",
    " Mio. Euro",
    " Mrd. €",
    " Milliarden Euro",
    " Millionen",
    " Mio.",
    " Tsd. Euro",
    " billion",
    " bn",
    " Euro",
    " EUR",
    "€",
    " Dollar",
    " US-Dollar",
    " £",
    " km²",
    " km",
    "km",
    " Kilometer",
    " Kilometer pro Stunde",
    " km/h",
    " ha",
    " Hektar",
    " t",
    " Tonnen",
    " m",
    " MW",
    "MW",
    " GWh",
    " TWh",
    " Terawattstunden",
    " Grad",
    " °C",
    " m³",
    " Liter",
    " Seemeilen",
    " kg",
    " Mio. t",
    " Milliarden Kubikmeter",
    " Passagiere",
    " Soldaten",
    ")",
    ".",
    ",",
    " im Jahr",
    "",
    " PROZENT",
    " MRD. EURO",
    " Mt",
    " kWh",
    " barrels",
    " square metres",
)
_BEFORE = ("€", "€ ", "$", "US$", "£", "EUR ", "USD ", "eur ", "")
_LEADS = (
    "",
    "§ ",
    "Art. ",
    "Abs. ",
    "Nr. ",
    "Seite ",
    "rund ",
    "um ",
    "auf ",
    "(",
    "„",
    "-",
    "von ",
    "bei ",
    "/",
    "=",
)
_FILLER = (
    "Die Bundesregierung hat im Berichtsjahr zahlreiche Maßnahmen ergriffen.",
    "Im Bereich Haushalt stieg der Anteil",
    "The share rose to",
    "laut Tabelle 12)",
    "Drucksache 21/1234 vom 12.03.2024",
    "Personen und Daten, keine Angaben",
    "Stundenkilometern",
    "İstanbul ıı ſechs",  # letters whose lower case is not what `re` matches
    "https://example.org/2023/bericht-27-prozent?id=45",
    "Um die Hälfte.",
)


def _figure(rng: random.Random) -> str:
    """One figure (or near miss) in a random spelling."""
    choice = rng.random()
    if choice < 0.25:
        return rng.choice(_WORDS) + rng.choice(_AFTER[:22])
    if choice < 0.35:
        return (
            rng.choice(_BEFORE) + rng.choice(_NUMBERS) + rng.choice(("", " Mio.", " Mrd.", " bn"))
        )
    return rng.choice(_LEADS) + rng.choice(_NUMBERS) + rng.choice(_AFTER)


def _generated(seed: int) -> tuple[str, list[str]]:
    """A generated text and the figures written in it."""
    rng = random.Random(seed)
    parts: list[str] = []
    wanted: list[str] = []
    for _ in range(rng.randint(5, 40)):
        if rng.random() < 0.4:
            parts.append(rng.choice(_FILLER))
        else:
            figure = _figure(rng)
            wanted.append(figure)
            parts.append(figure)
    joiners = (" ", "  ", "\n", ", ", "; ", "")
    text = parts[0] + "".join(rng.choice(joiners) + part for part in parts[1:])
    return text, wanted


@pytest.mark.parametrize("seed", range(0, 2000, 100))
def test_generated_texts(seed: int) -> None:
    for i in range(seed, seed + 100):
        text, wanted = _generated(i)
        _assert_same(text, wanted[:12])


def test_benchmark_like_page() -> None:
    """A page as the latency server answers (benchmarks/latency_server.py): paragraphs that
    repeat a figure, numbers of tables, a title with a report number."""
    paragraph = (
        "Die Bundesregierung hat im Berichtsjahr zahlreiche Maßnahmen ergriffen, deren Wirkung "
        "sich in den amtlichen Statistiken erst mit Verzögerung zeigt. Im Bereich Außenhandel "
        "stieg der Anteil auf 51,1 Prozent (Tabelle {i}). "
    )
    text = "Außenhandel im Überblick: Bericht 60262\n" + "".join(
        paragraph.format(i=i) for i in range(1, 45)
    )
    _assert_same(text, ["51,1 Prozent", "51,1 %", "60262", "neun Prozent"])
