"""The report's way out: --output written atomically and never over an input, colour only on
a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import citecheck
from citecheck.cli.output import write_atomically

from .conftest import SEED_MD, VALIDATOR, assert_input_error, invoke, run_on_a_terminal


def test_output_file_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old report")
    result = invoke("--offline", "-f", "json", "-o", str(out), str(SEED_MD))
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    VALIDATOR.validate(data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temp left
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not the temp file's 0600
    fresh = tmp_path / "neu.txt"
    assert invoke("--offline", "-o", str(fresh), str(SEED_MD)).exit_code in (0, 1)
    assert "Summary:" in fresh.read_text(encoding="utf-8")
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    doc = tmp_path / "antrag.md"
    doc.write_text("Satz.\n")
    result = invoke("--offline", "-o", str(doc), str(doc))
    assert_input_error(result, "input document")
    assert doc.read_text() == "Satz.\n"
    # Also when the input comes from a folder argument, or through a relative spelling.
    result = invoke("--offline", "-o", str(tmp_path / "." / "antrag.md"), str(tmp_path))
    assert_input_error(result, "input document")
    assert doc.read_text() == "Satz.\n"


def test_output_into_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = invoke("--offline", "-o", str(tmp_path / "nope" / "r.json"), str(SEED_MD))
    assert_input_error(result, "cannot write")
    assert not (tmp_path / "nope").exists()


def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r.txt"
    out.write_text("old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        write_atomically(out, "new report")
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize(
    ("env", "coloured"),
    [({"TERM": "xterm-256color"}, True), ({"TERM": "xterm-256color", "NO_COLOR": "1"}, False)],
)
def test_table_colour_on_a_terminal_and_no_color(env: dict[str, str], coloured: bool) -> None:
    doc = str(SEED_MD)
    out, err, code = run_on_a_terminal(["--offline", doc], env, "stdout")
    assert code == 0, err
    assert "skipped" in out  # the table itself, status words readable with or without colour
    assert ("\x1b[" in out) is coloured


@pytest.mark.parametrize(
    "text", ["„Größe“ – 😀\n", "plain\n", "\ud7ff Hangul-nah \ue000\n", "lone \udc80 here\n"]
)
def test_utf8_and_text_are_written_alike(tmp_path: Path, text: str) -> None:
    """A report given as UTF-8 (the JSON renderer's) is written as the same text would be:
    the same file, or, with a lone surrogate, the same refusal with no file and no temp."""
    encoded = text.encode("utf-8", "surrogatepass")
    as_text, as_bytes = tmp_path / "text.json", tmp_path / "bytes.json"
    try:
        write_atomically(as_text, text)
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            write_atomically(as_bytes, bytearray(encoded))
        assert sorted(p.name for p in tmp_path.iterdir()) == []
        return
    write_atomically(as_bytes, bytearray(encoded))
    assert as_bytes.read_bytes() == as_text.read_bytes() == encoded


@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_utf8_to_stdout_as_the_text(tmp_path: Path, errors: str) -> None:
    """Through a real descriptor, a UTF-8 report reaches standard output as its text would
    under the stream's error handler (a lone surrogate: as the text path writes it)."""
    script = (
        "import sys\n"
        "from citecheck.cli.output import write\n"
        "text = '„Größe“ \\udcff\\n'\n"
        "write(text if sys.argv[1] == 'text' else text.encode('utf-8', 'surrogatepass'), None)\n"
    )
    outs = []
    for kind in ("text", "bytes"):
        src = str(Path(citecheck.__file__).parents[1])
        env = {**os.environ, "PYTHONIOENCODING": f"utf-8:{errors}", "PYTHONPATH": src}
        done = subprocess.run(
            [sys.executable, "-c", script, kind], capture_output=True, env=env, check=False
        )
        outs.append((done.returncode, done.stdout))
    assert outs[0] == outs[1]
    assert outs[0][0] == (0 if errors == "surrogateescape" else 1)


def test_json_report_through_a_descriptor_is_the_text_path_s(tmp_path: Path) -> None:
    """End to end, a German motion's JSON report: the bytes a real process writes to its
    standard output (the UTF-8 path) and to `-o` are those of the text path (CliRunner's
    stream has no descriptor, so it is handed the decoded text)."""
    as_text = invoke("--offline", "-f", "json", str(SEED_MD)).stdout_bytes
    assert "„".encode() in as_text or "ä".encode() in as_text  # beyond ASCII
    out = tmp_path / "r.json"
    src = str(Path(citecheck.__file__).parents[1])  # this citecheck, in the child too
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "PYTHONPATH": src}
    env.pop("CITECHECK_RESOLVE", None)
    command = [sys.executable, "-m", "citecheck", "--offline", "-f", "json", str(SEED_MD)]
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    subprocess.run([*command, "-o", str(out)], capture_output=True, env=env, check=False)
    assert done.stdout == as_text == out.read_bytes()
