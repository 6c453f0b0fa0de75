"""The uncited-figure check skips the body scan when no sentence without a marker can hold a
figure (`figure_scan.may_hold_figures`): the test never misses a figure `figure_matches` finds
inside a span, and the findings equal those of the full scan (the reference: the check with
the test switched off), on the fixtures' documents and on generated texts."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from citecheck.figure_scan import figure_matches, may_hold_figures
from citecheck.parse import load_document, structure
from citecheck.sentences import split_sentences

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
_PIECES = (
    "12 ", "3,5 Prozent", "4.000 Euro", "€ 5", "EUR 7", "USD 9", "US$ 3", "$4", "£2 ", "27 %",
    "1,2 Mio. Euro", "drei Prozent", "zwei Milliarden Euro", "fünf Millionen", "ein Prozent",
    "zwölf Mrd.", "20 km", "5km/h", "3 °C", "7\u00a0000 t", "8\u202f500 MW", "Nr. 12.", "2022)",
    "§ 7 g", "Abs. 2 t", "ab 26 Mio. Euro", "bis zu 89,9 %", "Steuer von 25 %", "Euro", "ſ", "İ",
    "Der Anteil stieg. ", "Laut Amt ", "würde ", "a) ", "ob ", "? ", ". ", ".\n\n", "\n",
)  # fmt: skip
_ALPHABET = "abcdeinprotzEUSD0123456789 .,%€$£°\u00a0-/"


def _generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [
            rng.choice(_PIECES) if rng.random() < 0.5 else rng.choice(_ALPHABET)
            for _ in range(rng.randint(0, 60))
        ]
        texts.append("".join(parts))
    return texts


def _fixture_bodies() -> list[str]:
    """The bodies of the fixtures' motions and corpus documents."""
    paths = sorted((FIXTURES / "documents").iterdir()) + sorted((FIXTURES / "corpus").iterdir())
    suffixes = {".md", ".txt", ".pdf", ".docx", ".html"}
    return [load_document(path).body for path in paths if path.suffix in suffixes]


def test_the_hint_never_misses_a_figure_in_a_span() -> None:
    rng = random.Random(5)
    skipped = 0
    for text in _generated(3000, seed=3) + _fixture_bodies():
        figures = figure_matches(text)
        for _ in range(40):
            start = rng.randint(0, len(text))
            end = rng.randint(start, min(len(text), start + 80))
            inside = any(start <= f.start and f.end <= end for f in figures)
            if not may_hold_figures(text, [(start, end)]):
                skipped += 1
                assert not inside, (text, start, end)
    assert skipped > 10_000  # the test does skip


@pytest.mark.parametrize("seed", range(3))
def test_findings_equal_those_of_the_full_scan(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    cases = []
    for body in _generated(1500, seed=seed + 10) + _fixture_bodies():
        spans = split_sentences(body)
        for _ in range(4):
            cited = {i for i in range(len(spans)) if rng.random() < 0.8}
            cases.append((body, spans, cited))
    fast = [structure.uncited_figures(*case) for case in cases]
    monkeypatch.setattr(structure, "may_hold_figures", lambda text, spans: True)
    full = [structure.uncited_figures(*case) for case in cases]
    assert fast == full
    assert sum(1 for found in full if found) > 100  # the cases do hold uncited figures
