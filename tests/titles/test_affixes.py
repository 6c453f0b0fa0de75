"""Site-affix stripping (`titles.affixes`), on made-up titles and the fixture pages' candidates."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import citecheck.demo
from citecheck.titles import affixes, extract_page, strip_site_affixes
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


# --------------------------------------------------------------------------- the regex it replaced
# `_core_by_comparison` compiled one pattern per pair of candidates (issue 15: ~35 % of a large
# run's CPU). Its replacement works on strings and must find exactly what that pattern found.

_OLD_SEP = r"(?:\s*[|·•»]+\s*|\s+[-–—]+\s+|\s*::\s*|:\s+)"


def _old_core_by_comparison(title: str, others: Sequence[str]) -> str | None:
    """The implementation before issue 15, verbatim but for its name."""
    found: list[tuple[int, bool, int, str]] = []
    for other in others:
        core = " ".join(other.split())
        if len(core) < 2 or core.casefold() == title.casefold():
            continue
        pattern = re.compile(
            r"^(?:.*?" + _OLD_SEP + r")?(" + re.escape(core) + r")(?:" + _OLD_SEP + r".*)?$",
            re.IGNORECASE | re.DOTALL,
        )
        match = pattern.match(title)
        if match is None:
            continue
        support = sum(core.casefold() in o.casefold() for o in others)
        at_start = match.start(1) == 0
        found.append((support, at_start, len(core), str(match.group(1))))
    if not found:
        return None
    return max(found)[3]


def _fixture_candidate_lists() -> list[list[str]]:
    """The raw title candidates of every HTML fixture page, and those of the titles manifest."""
    roots = (PAGES, Path(citecheck.demo.__file__).parent / "pages")
    pages = sorted(p for root in roots for p in root.rglob("*.htm*") if p.is_file())
    lists = [list(extract_page(p.read_bytes(), "text/html", None).candidates) for p in pages]
    lists += [page["candidates"] for page in TITLES_MANIFEST["pages"]]
    return [c for c in lists if c]


def _assert_same_as_before(candidates: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    cleaned = [" ".join(c.split()) for c in candidates]
    for title in cleaned:
        others = [c for c in cleaned if c is not title]
        assert affixes._core_by_comparison(title, others) == _old_core_by_comparison(
            title, others
        ), (title, others)
    new = strip_site_affixes(candidates)
    with monkeypatch.context() as patched:
        patched.setattr(affixes, "_core_by_comparison", _old_core_by_comparison)
        assert new == strip_site_affixes(candidates)


def test_fixture_titles_strip_as_with_the_regex(monkeypatch: pytest.MonkeyPatch) -> None:
    lists = _fixture_candidate_lists()
    assert len(lists) >= 40
    for candidates in lists:
        _assert_same_as_before(candidates, monkeypatch)
    # Every pair of fixture candidates, too (titles from different pages meet here).
    pool = sorted({c for candidates in lists for c in candidates})
    for title in pool:
        assert affixes._core_by_comparison(title, pool) == _old_core_by_comparison(title, pool)


# Pieces that make titles with separators in every position, case pairs `re` equates ("ſ"/"s",
# "ς"/"σ", "ı"/"I", "K"/Kelvin sign, "ΐ"/"ΐ"), newlines and blanks of other kinds.
_PIECES = st.sampled_from(
    [
        "Zeitenwende",
        "in",
        "Japan",
        "IP",
        "ip",
        "SWP",
        " ",
        "  ",
        "\n",
        "\t",
        "\u00a0",
        "|",
        " | ",
        "||",
        " - ",
        "-",
        " – ",
        "—",
        ":",
        ": ",
        "::",
        " :: ",
        "·",
        "•",
        "»",
        " » ",
        "ſ",
        "s",
        "S",
        "ς",
        "σ",
        "Σ",
        "İ",
        "i",
        "ı",
        "I",
        "K",
        "\u212a",
        "k",
        "ΐ",
        "\u1fd3",
        "ﬅ",
        "ﬆ",
        "12.05.2021",
        "dw.com",
    ]
)
_TITLES = st.lists(_PIECES, min_size=1, max_size=12).map("".join) | st.text(max_size=40)


_WORDS = st.sampled_from(["Zeitenwende", "in", "Japan", "IP", "ſwp", "SWP", "ΐ", "İı", "DW", "a"])
_SEPS = st.sampled_from(
    [" | ", "|", " || ", " - ", " – ", "—", ": ", ":", " :: ", "::", " · ", "•"]
)
_SEGMENTS = st.lists(st.lists(_WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=4)


def _joined(segments: list[str], seps: list[str]) -> str:
    return segments[0] + "".join(sep + seg for sep, seg in zip(seps, segments[1:], strict=False))


@st.composite
def _segmented_title(draw: st.DrawFn) -> str:
    """Segments of words joined by separators of every kind ("Japan | SWP – DW")."""
    segments = draw(_SEGMENTS)
    return _joined(segments, [draw(_SEPS) for _ in segments[1:]])


@st.composite
def _candidate_lists(draw: st.DrawFn) -> list[str]:
    """A title of separated segments and candidates that are runs of its segments (in other
    case, too), pieces of it, or unrelated titles."""
    segments = draw(_SEGMENTS)
    seps = [draw(_SEPS) for _ in segments[1:]]
    title = _joined(segments, seps)
    candidates = [title]
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(segments) - 1))
        end = draw(st.integers(start + 1, len(segments)))
        run = _joined(segments[start:end], seps[start:])
        candidates.append(draw(st.sampled_from([run, run.upper(), run.lower(), run.casefold()])))
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, len(title)))
        candidates.append(title[start : draw(st.integers(start, len(title)))])
    candidates += draw(st.lists(_TITLES, max_size=2))
    return draw(st.permutations(candidates))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_candidate_lists())
def test_generated_titles_strip_as_with_the_regex(candidates: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _assert_same_as_before(candidates, monkeypatch)


@settings(max_examples=300, deadline=None)
@given(_TITLES | _segmented_title(), _TITLES | _WORDS)
def test_generated_raw_pairs_agree_with_the_regex(title: str, other: str) -> None:
    # Not whitespace-normalised: blanks of every kind and newlines around separators.
    assert affixes._core_by_comparison(title, [other]) == _old_core_by_comparison(title, [other])


def test_case_keys_equal_what_re_ignorecase_equates() -> None:
    """Over the Basic Multilingual Plane: characters share a key exactly when `re` matches one
    with the other under IGNORECASE (the whole of Unicode was checked once; it takes 35 s)."""
    chars = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    keys = chars.translate(affixes._CASE_KEYS)
    assert len(keys) == len(chars)
    groups: dict[str, list[str]] = {}
    for char, key in zip(chars, keys, strict=True):
        groups.setdefault(key, []).append(char)
    for members in groups.values():
        first = members[0]
        if len(members) == 1 and first.lower() == first == first.upper():
            continue  # uncased: `re` compares it literally
        assert set(re.findall(re.escape(first), chars, re.IGNORECASE)) == set(members), members


def test_kept_results_are_not_shared_with_callers() -> None:
    """`strip_site_affixes` works a list of candidates out once (`_stripped`); a caller that
    changes the list it got back changes nothing for the next caller."""
    candidates = ["Zeitenwende in Japan | IP", "Zeitenwende in Japan"]
    first = strip_site_affixes(candidates)
    first.append("changed")
    assert strip_site_affixes(list(candidates)) == ["Zeitenwende in Japan"]


def test_case_key_is_lower_where_no_special_character_is() -> None:
    """`_case_key` takes `str.lower()` for a text without `_NOT_AS_LOWER`'s characters: over all
    of Unicode, every other character's key is its (one-character) lowercase, and the listed
    ones are exactly those whose key is not (Σ aside, which `str.lower` changes by context)."""
    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    keys = chars.translate(affixes._CASE_KEYS)
    differ = {char for char, key in zip(chars, keys, strict=True) if char.lower() != key} | {
        "\u03a3"
    }
    assert set(affixes._NOT_AS_LOWER.findall(chars)) == differ
    plain = affixes._NOT_AS_LOWER.sub("", chars)
    assert plain.lower() == plain.translate(affixes._CASE_KEYS)
    for text in ("ΟΔΟΣ ΟΔΟΣ", "İstanbul", "Straße ſ µ", "Zeitenwende in Japan | IP", "ǅ ǈ ǋ"):
        assert affixes._case_key(text) == text.translate(affixes._CASE_KEYS)
