"""Small things a user expects: UTF-16 text with a BOM is read; a file whose content
contradicts its name is a clear error; `citecheck -` on a terminal says it reads standard
input; `--demo` exits 0 when it ran as designed."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.errors import UnreadableDocument, UnsupportedFormat
from citecheck.models import ErrorKind, Fetched
from citecheck.parse import parse_bytes
from citecheck.parse.base import decode_text

from .conftest import DOCUMENTS, assert_input_error, invoke

MOTION = "Ein Satz über Größe.[^1]\n\n[^1]: Vgl. https://www.bundestag.de/a\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    path = tmp_path / "antrag.md"
    path.write_bytes(bom + MOTION.encode(codec))
    result = invoke("--offline", "-f", "json", str(path))
    assert result.exit_code == 0, result.output
    (document,) = json.loads(result.stdout)["documents"]
    (footnote,) = document["footnotes"]
    assert footnote["text"] == "Vgl. https://www.bundestag.de/a"
    assert decode_text(bom + MOTION.encode(codec)) == MOTION


def test_a_broken_utf16_file_is_a_clear_error() -> None:
    with pytest.raises(UnreadableDocument, match="byte-order mark, but is not UTF-16 text"):
        parse_bytes(b"\xff\xfeA\x00\x00\xd8", "a.txt")  # a lone surrogate


@pytest.mark.parametrize(
    ("source", "name", "message"),
    [
        (
            "antrag-japan-partnerschaft.pdf",
            "antrag.md",
            "the content is a PDF document, but the name ends in .md: rename it to antrag.pdf",
        ),
        (
            "antrag-japan-partnerschaft.docx",
            "antrag.txt",
            "the content is a Word (DOCX) document, but the name ends in .txt: "
            "rename it to antrag.docx",
        ),
        (
            "antrag-japan-partnerschaft.pdf",
            "antrag.docx",
            "the content is a PDF document, but the name ends in .docx",
        ),
        (
            "antrag-japan-partnerschaft.md",
            "antrag.pdf",
            "the name ends in .pdf, but the content is not a PDF document (it looks like markdown)",
        ),
    ],
)
def test_content_that_contradicts_the_name(
    tmp_path: Path, source: str, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes((DOCUMENTS / source).read_bytes())
    assert_input_error(invoke("--offline", str(path)), f"{path}: {message}")


def test_binary_named_md_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "antrag.md"
    path.write_bytes(bytes(range(0x80, 0xA0)) * 8)
    assert_input_error(invoke("--offline", str(path)), "not a text document (binary content?)")


def test_content_decides_without_a_known_suffix() -> None:
    data = (DOCUMENTS / "antrag-japan-partnerschaft.pdf").read_bytes()
    assert parse_bytes(data, "-").format == "pdf"
    assert parse_bytes(data, "antrag").format == "pdf"
    with pytest.raises(UnsupportedFormat):
        parse_bytes(data, "antrag.html")


def test_standard_input_on_a_terminal_says_so(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "citecheck", "--offline", "-f", "json", "-"],
        env={**os.environ, "NO_COLOR": "1"},
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.close(slave)
    os.write(master, MOTION.encode() + b"\x04")  # the text, then Ctrl-D at a line start
    out, err = process.communicate(timeout=60)
    os.close(master)
    assert err.decode() == "citecheck: reading a document from standard input (end with Ctrl-D)\n"
    assert process.returncode == 0
    assert json.loads(out)["documents"][0]["path"] == "-"


def test_standard_input_from_a_pipe_says_nothing() -> None:
    result = invoke("--offline", "-f", "json", "-", input=MOTION.encode())
    assert result.exit_code == 0 and result.stderr == ""


def test_demo_exits_0_as_designed_and_1_when_a_replica_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = invoke("--demo", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["by_status"]["dead"] == 1  # findings planted

    from citecheck.demo import DemoFetcher

    async def refused(self: DemoFetcher, url: str) -> Fetched:
        return Fetched(url=url, error_kind=ErrorKind.REFUSED)

    monkeypatch.setattr(DemoFetcher, "fetch", refused)
    assert invoke("--demo", "-f", "json").exit_code == 1
