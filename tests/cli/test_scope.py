"""What a folder scan reads: hidden entries, .gitignore (nested, as git does), --exclude-path
and `exclude_path`, citecheck's own reports, and a document that cannot be read (an error in
the report, the run goes on, exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.models import (
    Document,
    Footnote,
    Link,
    LinkStatus,
    Problem,
    ProblemCode,
    Report,
    Severity,
    summarize,
)
from citecheck.parse import DOCUMENT_SUFFIXES, collect_paths
from citecheck.parse.scan import is_citecheck_report, scan_folder
from citecheck.render import OutputFormat, get_renderer

from .conftest import DOCUMENTS, VALIDATOR, assert_input_error, invoke

MOTION = "Ein Satz.[^1]\n\n[^1]: Vgl. https://www.bundestag.de/a\n"


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _found(folder: Path, *exclude: str) -> list[str]:
    return [
        p.relative_to(folder).as_posix()
        for p in scan_folder(folder, DOCUMENT_SUFFIXES, exclude).found
    ]


def test_hidden_folders_and_files_are_skipped(tmp_path: Path) -> None:
    """The issue's clone: 123 of 194 documents came from .nox/…/site-packages."""
    _tree(
        tmp_path,
        {
            "antrag.md": MOTION,
            ".nox/tests/lib/site-packages/pkg/README.md": MOTION,
            ".entwurf.md": MOTION,
            "sub/.cache/x.txt": MOTION,
            "sub/b.txt": MOTION,
        },
    )
    assert _found(tmp_path) == ["antrag.md", "sub/b.txt"]
    scan = scan_folder(tmp_path, DOCUMENT_SUFFIXES)
    assert scan.hidden == 3


def test_a_hidden_folder_named_directly_is_read(tmp_path: Path) -> None:
    _tree(tmp_path, {".entwuerfe/a.md": MOTION})
    assert collect_paths([str(tmp_path / ".entwuerfe")]) == [str(tmp_path / ".entwuerfe" / "a.md")]


def test_gitignore_nested_as_git_does(tmp_path: Path) -> None:
    """Root rules apply below; a deeper .gitignore overrides them (`!` re-includes a file);
    an ignored folder is not entered, so nothing inside it can be re-included."""
    (tmp_path / ".git").mkdir()
    _tree(
        tmp_path,
        {
            ".gitignore": "build/\n*.draft.md\n/top-only.md\n# comment\n!\n",
            "antrag.md": MOTION,
            "top-only.md": MOTION,
            "build/out.md": MOTION,
            "motions/a.md": MOTION,
            "motions/a.draft.md": MOTION,
            "motions/top-only.md": MOTION,
            "motions/keep/.gitignore": "!*.draft.md\nlokal.txt\n",
            "motions/keep/b.draft.md": MOTION,
            "motions/keep/lokal.txt": MOTION,
            "motions/keep/sub/lokal.txt": MOTION,
            "motions/build/.gitignore": "!out.md\n",
            "motions/build/out.md": MOTION,
        },
    )
    assert _found(tmp_path) == [
        "antrag.md",
        "motions/a.md",
        "motions/keep/b.draft.md",
        "motions/top-only.md",
    ]


def test_gitignore_of_the_repository_applies_to_a_subfolder_scan(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "info").mkdir()
    (tmp_path / ".git" / "info" / "exclude").write_text("privat/\n", encoding="utf-8")
    _tree(
        tmp_path,
        {
            ".gitignore": "*.draft.md\nmotions/alt/\n",
            "motions/a.md": MOTION,
            "motions/a.draft.md": MOTION,
            "motions/alt/x.md": MOTION,
            "motions/privat/y.md": MOTION,
        },
    )
    assert _found(tmp_path / "motions") == ["a.md"]
    assert _found(tmp_path) == ["motions/a.md"]  # the root's own rules and info/exclude


def test_gitignore_without_a_repository_is_the_folders_own(tmp_path: Path) -> None:
    folder = _tree(tmp_path / "scan", {".gitignore": "alt/\n", "a.md": MOTION, "alt/b.md": MOTION})
    (tmp_path / ".gitignore").write_text("*.md\n", encoding="utf-8")  # outside: no repository
    assert _found(folder) == ["a.md"]


def test_exclude_path_globs_are_relative_to_the_folder(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "a.md": MOTION,
            "entwuerfe/b.md": MOTION,
            "c.alt.md": MOTION,
            "x/archiv/2019/d.md": MOTION,
        },
    )
    assert _found(tmp_path, "entwuerfe/", "*.alt.md", "x/**/2019") == ["a.md"]
    scan = scan_folder(tmp_path, DOCUMENT_SUFFIXES, ("entwuerfe/", "*.alt.md", "x/**/2019"))
    assert scan.excluded == 3


def test_exclude_path_flag_and_config_key(tmp_path: Path) -> None:
    folder = _tree(tmp_path / "antraege", {"a.md": MOTION, "entwuerfe/b.md": MOTION})
    result = invoke("--offline", "-f", "json", "--exclude-path", "entwuerfe/", str(folder))
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == [str(folder / "a.md")]
    (tmp_path / "citecheck.toml").write_text('exclude_path = ["a.md"]\n', encoding="utf-8")
    result = invoke("--offline", "-f", "json", str(folder))
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == [
        str(folder / "entwuerfe" / "b.md")
    ]


def test_files_named_directly_are_read_even_when_excluded(tmp_path: Path) -> None:
    path = _tree(tmp_path, {"a.md": MOTION}) / "a.md"
    assert collect_paths([str(path)], ("a.md",)) == [str(path)]


def test_a_folder_with_nothing_left_says_what_was_skipped(tmp_path: Path) -> None:
    _tree(tmp_path, {".a.md": MOTION, "b.md": MOTION, ".gitignore": "b.md\n"})
    assert_input_error(
        invoke("--offline", str(tmp_path)), "skipped: 1 hidden, 1 ignored by .gitignore"
    )


def _sample_report(*, clean: bool) -> Report:
    link = Link("https://www.bundestag.de/a", LinkStatus.OK if clean else LinkStatus.DEAD)
    problems = (
        ()
        if clean
        else (Problem(ProblemCode.DEAD_LINK, Severity.ERROR, 3, "Dead link", url=link.url),)
    )
    footnote = Footnote(1, 3, "Vgl. x", urls=(link.url,), links=(link,), problems=problems)
    documents = (Document("motions/a.md", "markdown", (footnote,)),)
    return Report(documents, summarize(documents), "1.2.3", elapsed_ms=100)


@pytest.mark.parametrize("clean", [True, False])
@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_report_format_has_the_signature(fmt: OutputFormat, clean: bool) -> None:
    for width in (50, 160):
        text = get_renderer(fmt, width=width).render(_sample_report(clean=clean)).encode()
        assert is_citecheck_report(text[:4096], text[-4096:])


@pytest.mark.parametrize("path", sorted(p for p in DOCUMENTS.iterdir() if p.is_file()))
def test_no_motion_has_the_signature(path: Path) -> None:
    data = path.read_bytes()
    assert not is_citecheck_report(data[:4096], data[-4096:])


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("markdown", "bericht.md"),
        ("table", "bericht.txt"),
        ("json", "bericht.txt"),
        ("github", "annotations.txt"),
        ("sarif", "bericht.md"),
        ("html", "bericht.html"),
    ],
)
def test_a_report_written_into_the_folder_is_not_read_next_time(
    tmp_path: Path, fmt: str, name: str
) -> None:
    folder = _tree(tmp_path, {"antrag.md": MOTION})
    first = invoke("--offline", "-f", fmt, "-o", str(folder / name), str(folder))
    assert first.exit_code in (0, 1), first.output
    again = invoke("--offline", "-f", "json", str(folder))
    assert [d["path"] for d in json.loads(again.stdout)["documents"]] == [str(folder / "antrag.md")]
    # named directly, a report is read like any file: the rule is for folder scans
    assert invoke("--offline", "-f", "json", str(folder / name)).exit_code in (0, 1)


def test_an_unreadable_document_in_a_folder_is_reported_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    folder = _tree(tmp_path, {"a.md": MOTION, "c.txt": "Ein Satz.\n"})
    (folder / "b.md").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 20)  # no text encoding reads this
    result = invoke("--offline", "-f", "json", str(folder))
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    VALIDATOR.validate(data)
    assert [d["path"] for d in data["documents"]] == [
        str(folder / n) for n in ("a.md", "b.md", "c.txt")
    ]
    broken = data["documents"][1]
    assert broken["format"] == "markdown" and broken["footnotes"] == []
    assert [(p["code"], p["severity"]) for p in broken["problems"]] == [
        ("unreadable-document", "error")
    ]
    assert "cannot decode" in broken["problems"][0]["message"]
    assert str(folder) not in broken["problems"][0]["message"]  # the path is the document's
    assert len(data["documents"][0]["footnotes"]) == 1  # the others are complete
    assert result.stderr.count("\n") == 1 and "b.md could not be read" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreadable_file_named_directly_still_stops_the_run(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_bytes(b"\x81\x8d\x8f\x90\x9d" * 20)
    assert_input_error(invoke("--offline", str(path)), "b.md: ")


def test_a_file_that_cannot_be_opened_in_a_folder(tmp_path: Path) -> None:
    folder = _tree(tmp_path, {"a.md": MOTION})
    (folder / "kaputt.md").symlink_to(folder / "gibt-es-nicht.md")
    result = invoke("--offline", "-f", "json", str(folder))
    assert result.exit_code == 2
    broken = json.loads(result.stdout)["documents"][1]
    assert broken["problems"][0]["code"] == "unreadable-document"
    assert "cannot read" in broken["problems"][0]["message"]


def test_gitignore_agrees_with_git(tmp_path: Path) -> None:
    """The same tree through git itself: what git lists as untracked and not ignored is what
    the scan reads (hidden entries aside)."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _tree(
        tmp_path,
        {
            ".gitignore": "*.alt.md\nbuild/\n/nur-oben.md\n!wichtig.alt.md\n",
            "a.md": MOTION,
            "nur-oben.md": MOTION,
            "x.alt.md": MOTION,
            "wichtig.alt.md": MOTION,
            "build/b.md": MOTION,
            "sub/nur-oben.md": MOTION,
            "sub/y.alt.md": MOTION,
            "sub/.gitignore": "!y.alt.md\n*.txt\n",
            "sub/c.txt": MOTION,
            "sub/deep/d.txt": MOTION,
            "sub/deep/.gitignore": "!d.txt\n",
            "sub/build/e.md": MOTION,
            "other/build/f.md": MOTION,
            "other/[x].md": MOTION,
        },
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    listed = subprocess.run(
        ["git", "-C", str(tmp_path), "ls-files", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    expected = sorted(p for p in listed if p.endswith((".md", ".txt")) and "/." not in f"/{p}")
    assert _found(tmp_path) == expected
