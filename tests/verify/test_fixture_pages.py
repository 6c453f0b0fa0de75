"""The fixture pages and seed replicas say what the verification tests rely on."""

from __future__ import annotations

import pytest

from citecheck.demo import PAGES as SEED_PAGES  # the seed replicas ship for `citecheck --demo`
from citecheck.models import (
    ProblemCode,
    TitleVerdict,
)
from citecheck.titles import compare_titles

from ._support import PAGES, TRUTH, _html_candidates, _seed_entry


def test_windows_1252_fixture_is_really_cp1252() -> None:
    raw = (PAGES / "titles" / "windows-1252-meta.html").read_bytes()
    assert b"\x84Zeitenwende\x93" in raw and b"\x96" in raw  # „ “ – in cp1252
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b'http-equiv="Content-Type" content="text/html; charset=windows-1252"' in raw


def test_seed_manifest_covers_every_seed_url() -> None:
    seed = TRUTH["documents"][0]
    assert seed["id"] == "seed-bt-antrag-japan-partnerschaft"
    urls = [u for f in seed["footnotes"] for u in f["urls"]]
    assert len(urls) == 14
    for footnote in seed["footnotes"]:
        for url in footnote["urls"]:
            entry = _seed_entry(url)
            assert footnote["number"] in entry["footnotes"]
            if "redirect_to" in entry:
                assert entry["status"] in (301, 308)
                entry = _seed_entry(entry["redirect_to"])
            assert (SEED_PAGES / entry["file"]).is_file()
            assert entry["content_type"]


def test_seed_replicas_reproduce_the_sources() -> None:
    seed = {f["number"]: f for f in TRUTH["documents"][0]["footnotes"]}

    def text(number: int) -> str:
        entry = _seed_entry(seed[number]["urls"][0])
        return (SEED_PAGES / entry["file"]).read_text(encoding="utf-8")

    match, problem = compare_titles(seed[5]["cited_title"], _html_candidates(text(5)))
    assert match.verdict is TitleVerdict.MATCH
    assert problem is not None and problem.code is ProblemCode.TITLE_TYPO
    match, problem = compare_titles(seed[3]["cited_title"], _html_candidates(text(3)))
    assert match.verdict is TitleVerdict.MATCH and problem is None
    assert "27 Prozent" in text(7)
    assert "203 Milliarden Euro" in text(8)
    assert "German Business in Japan 2024" in _html_candidates(text(12))[0]
    assert _seed_entry(seed[6]["urls"][0])["status"] == 404
    assert "Seite nicht gefunden" in text(9)
    assert _seed_entry(seed[13]["urls"][0])["status"] == 301
    pdf = _seed_entry(seed[15]["urls"][0])
    assert pdf["content_type"] == "application/pdf"
    assert (SEED_PAGES / pdf["file"]).read_bytes().startswith(b"%PDF-")


def test_pdf_fixtures_with_and_without_title() -> None:
    from pypdf import PdfReader

    with_title = PdfReader(PAGES / "pdf" / "with-title.pdf")
    assert with_title.metadata is not None
    assert with_title.metadata.title == "Lagebild Cybercrime 2022"
    without = PdfReader(PAGES / "pdf" / "without-title.pdf")
    assert without.metadata is None or without.metadata.title is None
    assert "Lagebild Cybercrime 2022" in without.pages[0].extract_text()
    junk = PdfReader(PAGES / "pdf" / "junk-title.pdf")
    assert junk.metadata is not None and junk.metadata.title.startswith("Microsoft Word - ")
