"""The fast content-stream interpreter runs the same operators with the same operands as
pdfminer's own PDFPageInterpreter (differential tests: every `do_…` is replaced by a recorder).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pdfminer")


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEED_PDF = FIXTURES / "documents" / "antrag-japan-partnerschaft.pdf"


_RECORDERS: dict[int, Any] = {
    0: lambda name: lambda self: self.calls.append((name,)),
    1: lambda name: lambda self, a: self.calls.append((name, a)),
    2: lambda name: lambda self, a, b: self.calls.append((name, a, b)),
    3: lambda name: lambda self, a, b, c: self.calls.append((name, a, b, c)),
    4: lambda name: lambda self, a, b, c, d: self.calls.append((name, a, b, c, d)),
    5: lambda name: lambda self, a, b, c, d, e: self.calls.append((name, a, b, c, d, e)),
    6: lambda name: lambda self, a, b, c, d, e, f: self.calls.append((name, a, b, c, d, e, f)),
}


def _recording(base: Any) -> Any:
    """`base` with every operator recording its name and operands instead of running."""
    namespace: dict[str, Any] = {}
    for attribute in dir(base):
        if attribute.startswith("do_"):
            count = getattr(base, attribute).__code__.co_argcount - 1
            namespace[attribute] = _RECORDERS[count](attribute)
    return type(f"Recording{base.__name__}", (base,), namespace)


def _plain(value: Any) -> Any:
    """Operands made comparable: streams by their dictionary and bytes."""
    from pdfminer.pdftypes import PDFStream

    if isinstance(value, PDFStream):
        return ("stream", _plain(value.attrs), value.rawdata)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _calls(fast: bool, streams: list[Any]) -> list[Any]:
    from pdfminer import pdfinterp, psparser
    from pdfminer import pdftypes as types
    from pdfminer.pdfdevice import PDFDevice

    from citecheck.parse.pdf.interpreter import interpreter_class

    base = interpreter_class(pdfinterp, psparser, types) if fast else pdfinterp.PDFPageInterpreter
    manager = pdfinterp.PDFResourceManager()
    interpreter = _recording(base)(manager, PDFDevice(manager))
    interpreter.calls = []
    interpreter.init_state((1, 0, 0, 1, 0, 0))
    interpreter.execute(streams)
    return [tuple(_plain(v) for v in call) for call in interpreter.calls]


def _streams(*contents: bytes) -> list[Any]:
    from pdfminer.pdftypes import PDFStream

    streams = []
    for number, content in enumerate(contents, 1):
        stream = PDFStream({"Length": len(content)}, content)
        stream.objid = number
        streams.append(stream)
    return streams


_EDGE_CASES = [
    b"% a comment\rq 1 0 0 1 72.5 -.5 cm BT /F1 12 Tf 0 Tr (plain) Tj ET Q",
    rb"(nested (paren) and \(esc\) \\ \n\t\101\0771 \x end) Tj",
    b"(line \\\njoin) Tj (crlf \\\r\njoin) Tj (cr \\\rjoin) Tj (raw\r\nbreak) Tj",
    b"<48656C6C6F> Tj <48 65 6c\n6C 6> Tj <> Tj <4>> Tj",
    b"[(A) -120 (B) 3.5 (C)] TJ [] TJ",
    b"/Name#20with#2Fescape /N#zz /#41 /caf\xc3\xa9 /\xff /#4 /# 1 2 3 Tm",
    b"1.2.3 +-4 - . 5. -.25 +.5 -+ 7 Td 08 09.5 TD",
    b"true false null d0 T* 1 2 (x) \" (y) ' 3 Tz",
    b"[ 1 [ 2 << /K /V /L [3] >> ] (s) Tj ] d 0 i",
    b"] >> } { 1 2 } /X Do BT\x00ET \x00q Q",
    b"[ 1 >> 2 } 3 ] 0 d << /A [ 1 ] >> /B BDC",
    b"/Span << /A 1 /B (x) >> BDC EMC /P <</MCID 0>>BDC EMC",
    b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xffEE EI Q 1 w",
    b"BI /W 1 /H 1 /F /A85 ID 9jqo~> EI 2 w",
    b"BI /W 1 /H 1 /F [/A85 /Fl] ID z~>\n EI 3 w",
    b"BI /W 1 /H 1 ID abc\r\nEI\n4 w",
    b"ID stray (after) Tj BI /W ID x EI 5 w",
    b"(unterminated) Tj (at the end",
    b"<41> Tj <42",
    b"6 w BI /W 1 /H 1 ID no end",
    b"7 w /Name",
    b"8 w 9",
]


@pytest.mark.parametrize("content", _EDGE_CASES)
def test_fast_interpreter_runs_what_pdfminer_runs(content: bytes) -> None:
    expected = _calls(False, _streams(content))
    assert expected  # the case reaches at least one operator
    assert _calls(True, _streams(content)) == expected


def test_fast_interpreter_joins_content_streams_like_pdfminer() -> None:
    parts = (b"BT /F1 1", b"2 Tf (split ", b"string) Tj 7", b"2 T", b"L ET", b"")
    expected = _calls(False, _streams(*parts))
    # A boundary ends a token: "1" "2" are two numbers, "T" "L" two (unknown) operators.
    assert expected == [("do_BT",), ("do_Tf", 1, 2), ("do_Tj", b"split \nstring"), ("do_ET",)]
    assert _calls(True, _streams(*parts)) == expected


def test_fast_interpreter_on_every_fixture_page() -> None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    paths = [SEED_PDF, *sorted((FIXTURES / "corpus" / "pdf").glob("*.pdf"))]
    operators = 0
    for path in paths:
        document = PDFDocument(PDFParser(io.BytesIO(path.read_bytes())))
        for page in PDFPage.create_pages(document):
            streams = page.contents
            expected = _calls(False, streams)
            assert _calls(True, streams) == expected, (path.name, page.pageid)
            operators += len(expected)
    assert operators > 10_000
