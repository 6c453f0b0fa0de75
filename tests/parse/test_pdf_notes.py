"""The notes of a PDF: link annotations made whole in a definition's text."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pdfminer")

from citecheck.parse.pdf import pdf_layout
from citecheck.parse.pdf.notes import join_uri

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_crs_hyphen_at_url_wrap_is_kept_in_the_text() -> None:
    path = FIXTURES / "corpus" / "pdf" / "us-crs-R48903v3-strait-of-hormuz-non-oil-shipments.pdf"
    layout = pdf_layout(path.read_bytes())
    first = layout.definitions[0].text
    assert "strait-hormuz-disruptions-\nimplications-global-trade" in first
    assert layout.definitions[-1].number == 40
    assert "Disclaimer" not in layout.definitions[-2].text  # the disclaimer is body, not a note
    assert "This document was prepared by the Congressional Research Service" in layout.body


def testjoin_uri_keeps_real_hyphens_and_drops_break_hyphens() -> None:
    real = "Vgl. https://example.org/recent-\nincidents."
    assert join_uri(real, "https://example.org/recent-incidents") == (
        "Vgl. https://example.org/recent-incidents."
    )
    added = "Vgl. https://example.org/Katastro-\nphen/seite"
    assert join_uri(added, "https://example.org/Katastrophen/seite") == (
        "Vgl. https://example.org/Katastrophen/seite"
    )
    assert join_uri("Vgl. Bericht", "https://example.org/x") is None
