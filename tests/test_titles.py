"""titles.extract_page: title candidates and visible text of HTML and PDF bodies (pure)."""

from __future__ import annotations

import json

import pytest

from citecheck.titles import MAX_TITLE_CHARS, extract_page
from conftest import fixture_path

TITLES = json.loads(fixture_path("pages", "titles", "manifest.json").read_text(encoding="utf-8"))


def _split_content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = params.split("charset=", 1)[1].strip() if "charset=" in params else None
    return media.strip(), charset


@pytest.mark.parametrize("entry", TITLES["pages"], ids=lambda e: e["file"])
def test_candidates_match_the_titles_manifest(entry):
    body = fixture_path("pages", "titles", entry["file"]).read_bytes()
    media, charset = _split_content_type(entry["content_type"])
    info = extract_page(body, media, charset)
    assert list(info.candidates) == entry["candidates"]
    assert info.title == (entry["candidates"][0] if entry["candidates"] else None)


def test_unpacks_like_a_tuple():
    candidates, title, text = extract_page(b"<title>T</title><p>Body</p>", "text/html", None)
    assert candidates == ("T",)
    assert title == "T"
    assert text == "Body"


def test_visible_text_drops_scripts_styles_and_navigation():
    body = fixture_path("pages", "article.html").read_bytes()
    info = extract_page(body, "text/html", "utf-8")
    assert "27 Prozent" in info.text
    assert "Seite nicht gefunden" not in info.text  # only inside <script>
    assert "font-family" not in info.text
    assert "Berichte" not in info.text  # the <nav> menu
    assert info.candidates[0] == "Lagebericht zur Wirtschaftssicherheit 2024"  # citation_title


def test_declared_charset_is_used():
    body = "<title>Größenverhältnisse</title>".encode("cp1252")
    assert extract_page(body, "text/html", "windows-1252").title == "Größenverhältnisse"


def test_unknown_charset_falls_back_to_sniffing():
    body = "<meta charset='utf-8'><title>Überblick</title>".encode()
    assert extract_page(body, "text/html", "x-made-up").title == "Überblick"


def test_str_input_and_whitespace_normalisation():
    info = extract_page("<title>\n  Zwei\u00a0 Wörter \n</title>", None, None)
    assert info.title == "Zwei Wörter"


def test_overlong_title_is_cut():
    info = extract_page(f"<title>{'x' * 5000}</title>", "text/html", None)
    assert info.title is not None
    assert len(info.title) == MAX_TITLE_CHARS


def test_plain_text_has_text_but_no_title():
    info = extract_page(b"Nur  Text\n", "text/plain", "utf-8")
    assert info == ((), None, "Nur Text")


def test_other_media_types_give_nothing():
    assert extract_page(b"\x89PNG...", "image/png", None) == ((), None, "")


def test_malformed_html_does_not_raise():
    info = extract_page(b"<html><title>Ok<h1>Kaputt</p></div></body>", "text/html", None)
    assert info.title is not None


def test_pdf_title_from_metadata_and_text():
    body = fixture_path("pages", "pdf", "with-title.pdf").read_bytes()
    info = extract_page(body, "application/pdf", None)
    assert info.candidates == ("Lagebild Cybercrime 2022",)
    assert "Bundeskriminalamt" in info.text


@pytest.mark.parametrize("name", ["without-title.pdf", "junk-title.pdf"])
def test_pdf_without_usable_title(name):
    info = extract_page(fixture_path("pages", "pdf", name).read_bytes(), "application/pdf", None)
    assert info.title is None
    assert "Lagebild Cybercrime 2022" in info.text


def test_pdf_sniffed_by_magic_bytes():
    body = fixture_path("pages", "pdf", "with-title.pdf").read_bytes()
    assert extract_page(body, "application/octet-stream", None).title == "Lagebild Cybercrime 2022"


def test_truncated_pdf_gives_no_title():
    body = fixture_path("pages", "pdf", "with-title.pdf").read_bytes()
    info = extract_page(body[: len(body) // 3], "application/pdf", None)
    assert info.title is None
