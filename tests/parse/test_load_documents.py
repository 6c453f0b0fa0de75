"""`parse.load_documents`, the one reader of a run's documents: folders expanded in order,
standard input read at most once."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.parse import load_documents


def test_folders_expand_in_order_and_files_stay_where_given(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("Zweiter.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Erster.\n", encoding="utf-8")
    documents = load_documents([str(tmp_path / "b.md"), str(tmp_path / "sub")])
    assert [d.path for d in documents] == [str(tmp_path / "b.md"), str(tmp_path / "sub" / "a.txt")]


def test_standard_input_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Ein Satz.\n")))
    (document,) = load_documents(["-"])
    assert document.path == "-"


def test_standard_input_only_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Ein Satz.\n")))
    with pytest.raises(InputError, match=r"standard input \(-\) can be read only once"):
        load_documents(["-", "-"])
    assert sys.stdin.read() == "Ein Satz.\n"  # refused before anything was read
