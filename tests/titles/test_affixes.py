"""Site-affix stripping (`titles.affixes`), on made-up titles and the fixture pages' candidates."""

from __future__ import annotations

import json
from typing import Any

import pytest

from citecheck.titles import strip_site_affixes
from conftest import fixture_path

PAGES = fixture_path("pages")
TITLES_MANIFEST = json.loads((PAGES / "titles" / "manifest.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- strip_site_affixes


def test_strip_by_comparison_keeps_common_core() -> None:
    got = strip_site_affixes(
        ["Zeitenwende in Japan | Internationale Politik", "Zeitenwende in Japan"]
    )
    assert got == ["Zeitenwende in Japan"]


def test_strip_by_comparison_prefers_the_title_over_a_site_name_candidate() -> None:
    # The <h1> holds the site's logo text; the work's title is still what survives.
    got = strip_site_affixes(
        [
            "Zeitenwende in Japan | Internationale Politik",
            "Zeitenwende in Japan",
            "Internationale Politik",
        ]
    )
    assert got[0] == "Zeitenwende in Japan"


def test_strip_by_comparison_prefix_affix_with_long_site_name() -> None:
    got = strip_site_affixes(
        [
            "Bundesministerium der Verteidigung: Erste Nationale Sicherheitsstrategie",
            "Erste Nationale Sicherheitsstrategie",
        ]
    )
    assert got == ["Erste Nationale Sicherheitsstrategie"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Japans sicherheitspolitische Neuausrichtung | SWP",
            "Japans sicherheitspolitische Neuausrichtung",
        ),
        ("Japan verschärft sein Asylrecht - DW - 12.05.2021", "Japan verschärft sein Asylrecht"),
        ("BMVg: Erste Nationale Sicherheitsstrategie", "Erste Nationale Sicherheitsstrategie"),
        ("Cyberangriffe 2022 – infopoint-security.de", "Cyberangriffe 2022"),
        ("Rückblick auf 2022 | Infopoint Security Magazin", "Rückblick auf 2022"),
    ],
)
def test_strip_fallback_separators(title: str, expected: str) -> None:
    assert strip_site_affixes([title]) == [expected]


@pytest.mark.parametrize(
    "title",
    [
        "Krieg und Frieden: Eine Analyse",  # a colon subtitle is part of the work
        "Asylrecht | Stiftung Wissenschaft und Politik",  # too little left after the pipe
        "Japan - Deutschland",  # neither side is a site name
        "SWP",  # never strip the whole title
    ],
)
def test_strip_fallback_leaves_titles_alone(title: str) -> None:
    assert strip_site_affixes([title]) == [title]


def test_strip_never_empties_and_drops_blank_candidates() -> None:
    assert strip_site_affixes(["", "   ", "SWP | DW"]) == ["SWP"]
    assert strip_site_affixes(["Titel", "Titel"]) == ["Titel"]


@pytest.mark.parametrize("page", TITLES_MANIFEST["pages"], ids=lambda p: p["file"])
def test_title_fixture_candidates_strip_to_the_expected_title(page: dict[str, Any]) -> None:
    assert (PAGES / "titles" / page["file"]).is_file()
    stripped = strip_site_affixes(page["candidates"])
    assert (stripped[0] if stripped else None) == page["title"]
