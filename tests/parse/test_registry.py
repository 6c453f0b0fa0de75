"""The parser registry's lazy entries: the PDF, Word and text parsers load only for their
documents, and the entries recognise exactly what the parsers themselves recognise."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.parse import PARSERS, DocxEntry, PdfEntry, TextEntry, load_document
from citecheck.parse.base import Parser
from citecheck.parse.docx import DocxParser
from citecheck.parse.pdf import PdfParser
from citecheck.parse.text import TextParser

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"

#: Contents that probe the detectors: the real documents, their text, look-alikes.
SAMPLES = [
    *(p.read_bytes() for p in sorted(DOCUMENTS.iterdir())),
    b"PK\x03\x04" + b"\x00" * 40,
    b"PK\x03\x04 word/document.xml",
    b"\n" * 1000 + b"%PDF-1.7",
    b"\n" * 1030 + b"%PDF-1.7",
    b"Ein Satz.\n",
    b"Ein\x00Satz.\n" * 3,
    b"\x00\x01\x02\x03" * 100,
    "Grüße aus Köln.\n".encode("cp1252"),
]
NAMES = ["-", "a.pdf", "a.docx", "a.DOCM", "a.md", "a.zip", "entwurf"]


@pytest.mark.parametrize(
    ("entry", "parser"),
    [(PdfEntry(), PdfParser()), (DocxEntry(), DocxParser()), (TextEntry(), TextParser())],
)
def test_entries_detect_what_the_parsers_detect(entry: Parser, parser: Parser) -> None:
    assert (entry.name, entry.suffixes) == (parser.name, parser.suffixes)
    for data in SAMPLES:
        for name in NAMES:
            got = entry.detect(data, name)
            assert got == parser.detect(data, name), (data[:20], name)


@pytest.mark.parametrize(
    ("name", "parser"),
    [
        ("antrag-japan-partnerschaft.pdf", PdfParser()),
        ("antrag-japan-partnerschaft.docx", DocxParser()),
        ("antrag-japan-partnerschaft.txt", TextParser()),
    ],
)
def test_entries_parse_as_the_parsers_do(name: str, parser: Parser) -> None:
    data = (DOCUMENTS / name).read_bytes()
    assert load_document(str(DOCUMENTS / name)) == parser.parse(data, str(DOCUMENTS / name))
    assert [p.name for p in PARSERS] == ["pdf", "docx", "html", "markdown", "text"]


def _parser_modules_after(path: Path) -> list[str]:
    """The PDF/Word/text parser modules loaded after parsing `path` in a fresh interpreter."""
    code = (
        "import json, sys\n"
        "from citecheck.parse import load_document\n"
        f"load_document({str(path)!r})\n"
        "wanted = ('citecheck.parse.pdf', 'citecheck.parse.docx', 'citecheck.parse.text')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m in wanted)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    found: list[str] = json.loads(done.stdout)
    return found


def test_a_markdown_document_loads_neither_binary_parser() -> None:
    assert _parser_modules_after(DOCUMENTS / "antrag-japan-partnerschaft.md") == []


def test_a_word_document_loads_its_parser() -> None:
    assert _parser_modules_after(DOCUMENTS / "docx-features.docx") == ["citecheck.parse.docx"]


def test_a_text_document_loads_its_parser() -> None:
    found = _parser_modules_after(DOCUMENTS / "antrag-japan-partnerschaft.txt")
    assert found == ["citecheck.parse.text"]


def test_a_markdown_motion_parses_without_the_word_lists() -> None:
    """Its URLs have hyphenated hosts: whether a hyphen there is mid-line
    hyphenation is asked of the document's words before wordfreq's lists (~0.5 s to load)."""
    code = (
        "import json, sys\n"
        "from citecheck.parse import load_document\n"
        f"document = load_document({str(DOCUMENTS / 'antrag-japan-partnerschaft.md')!r})\n"
        "assert any('-' in url.split('/')[2] for f in document.footnotes for url in f.urls)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m in ('wordfreq', 'pyphen'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == []
