"""The comparison form of titles (`titles.normalize`)."""

from __future__ import annotations

import pytest

from citecheck.titles import normalize_title

# --------------------------------------------------------------------------- normalize_title


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zeitenwende  in\nJapan", "zeitenwende in japan"),
        ("„Größe“ – Übermaß", '"groesse" - uebermass'),
        ("ÄÖÜ äöü ß", "aeoeue aeoeue ss"),
        ("Sicherheits- politik", "sicherheitspolitik"),
        ("Sicherheits-\npolitik", "sicherheitspolitik"),
        ("ﬁnanzen", "finanzen"),  # NFKC ligature
        ("‚single‘ “double” «guillemets»", '"single" "double" "guillemets"'),
        ("A—B‑C", "a-b-c"),
    ],
)
def test_normalize_title(raw: str, expected: str) -> None:
    assert normalize_title(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Sicherheits- und Verteidigungspolitik",  # elision hyphen before a conjunction
        "Sicherheits- oder Verteidigungspolitik",
        "Bundes- Länder",  # capital letter after the hyphen: a real hyphen, not a break
    ],
)
def test_normalize_title_keeps_real_hyphens(raw: str) -> None:
    assert "- " in normalize_title(raw)
