"""`titles.extract_page`: title candidates, page title and visible text by media type (pure)."""

from __future__ import annotations

import json

import pytest

from citecheck.titles import extract_page
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
    # page_title: the best candidate with site affixes stripped ("… | SWP", "BMVg: …", "– DW –")
    assert info.title == entry["title"]


def test_unpacks_like_a_tuple():
    candidates, title, text = extract_page(b"<title>T</title><p>Body</p>", "text/html", None)
    assert candidates == ("T",)
    assert title == "T"
    assert text == "Body"


def test_plain_text_has_text_but_no_title():
    info = extract_page(b"Nur  Text\n", "text/plain", "utf-8")
    assert info == ((), None, "Nur Text")


def test_other_media_types_give_nothing():
    assert extract_page(b"\x89PNG...", "image/png", None) == ((), None, "")
