"""Which files of a folder a run reads: every document below it except hidden entries, what
`.gitignore` files ignore (as git does), `--exclude-path` globs and citecheck's own reports.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

__all__ = ["REPORT_PROBE_BYTES", "Scan", "is_citecheck_report", "repository_root", "scan_folder"]

REPORT_PROBE_BYTES = 4096
"""How much of a file's start and end `is_citecheck_report` looks at."""

# The signatures of citecheck's own reports (see `is_citecheck_report`).
_JSON_TOOL = re.compile(rb'"name"\s*:\s*"citecheck"')
_FOOTER = re.compile(rb"(?:<sub>)?citecheck \d+\.\d+\S*(?: |:)")
_TABLE_HEADER = re.compile(rb"\S.* \((?:markdown|text|pdf|docx|html)[;)]")
_BOX = re.compile("[\u2500-\u257f]".encode())
_HTML_GENERATOR = re.compile(rb'<meta name="generator" content="citecheck ')


def is_citecheck_report(head: bytes, tail: bytes) -> bool:
    """Is a file whose first and last `REPORT_PROBE_BYTES` are `head` and `tail` a report that
    citecheck wrote (`--output`, or standard output redirected)? The signatures, one per
    format, are cheap and never those of a motion:

    * JSON and SARIF: the text starts with ``{`` and its head names the tool,
      ``"name": "citecheck"``;
    * Markdown and GitHub annotations: the last non-blank line is citecheck's footer,
      ``<sub>citecheck 1.2.3 · …`` or ``citecheck 1.2.3: …``;
    * HTML: the head names citecheck as the generator, ``<meta name="generator"
      content="citecheck 1.2.3">``;
    * the table: box-drawing characters, and either a first line that is a document header
      (``path (markdown; 3 footnotes, …)``) or a summary ``Summary: …`` among the last
      lines.
    """
    if head.lstrip().startswith(b"{"):
        return _JSON_TOOL.search(head) is not None
    if head.lstrip()[:15].lower() == b"<!doctype html>":
        return _HTML_GENERATOR.search(head) is not None
    lines = [line.strip() for line in tail.splitlines() if line.strip()]
    last = lines[-1] if lines else b""
    if _FOOTER.match(last):
        return True
    first = head.lstrip().split(b"\n", 1)[0]
    summary = any(line.startswith(b"Summary: ") for line in lines[-8:])
    header = _TABLE_HEADER.match(first) is not None or summary
    return header and _BOX.search(head) is not None


def _looks_like_report(path: Path) -> bool:
    """`is_citecheck_report` for a file on disk (an unreadable file is not one: reading it
    later reports why)."""
    try:
        with path.open("rb") as file:
            head = file.read(REPORT_PROBE_BYTES)
            size = file.seek(0, os.SEEK_END)
            file.seek(max(0, size - REPORT_PROBE_BYTES))
            tail = file.read(REPORT_PROBE_BYTES)
    except OSError:
        return False
    return is_citecheck_report(head, tail)


def repository_root(folder: Path) -> Path | None:
    """The root of the git work tree that holds `folder` (the nearest folder, `folder`
    included, with a `.git` entry), or None."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


@dataclass(frozen=True, slots=True)
class _Rules:
    """Ignore patterns and the folder they are relative to."""

    base: Path
    spec: GitIgnoreSpec


def _spec(lines: Sequence[str]) -> GitIgnoreSpec:
    """Gitignore patterns; a line that is no valid pattern is left out, as git does."""
    from pathspec import GitIgnoreSpec  # here: only folder scans pay for it

    try:
        return GitIgnoreSpec.from_lines(lines)
    except ValueError:
        valid = []
        for line in lines:
            try:
                GitIgnoreSpec.from_lines([line])
            except ValueError:
                continue
            valid.append(line)
        return GitIgnoreSpec.from_lines(valid)


def _read_rules(base: Path, file: Path) -> _Rules | None:
    """The gitignore patterns of `file`, relative to `base`; None without such a file."""
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return _Rules(base, _spec(lines))


@dataclass(slots=True)
class Scan:
    """What a folder scan found and what it left out (for an honest "no documents" message)."""

    found: list[Path] = field(default_factory=list)
    """The documents, sorted, as paths below the folder given."""
    hidden: int = 0
    """Hidden files and folders skipped (names starting with a dot)."""
    ignored: int = 0
    """Files and folders skipped because a .gitignore or .git/info/exclude ignores them."""
    excluded: int = 0
    """Files and folders skipped by an `--exclude-path` glob."""
    reports: int = 0
    """citecheck reports skipped."""

    def skipped(self) -> str:
        """What was skipped, in words ("2 hidden, 1 ignored by .gitignore"), or ""."""
        parts = [
            f"{self.hidden} hidden" if self.hidden else "",
            f"{self.ignored} ignored by .gitignore" if self.ignored else "",
            f"{self.excluded} excluded by --exclude-path" if self.excluded else "",
            f"{self.reports} citecheck reports" if self.reports else "",
        ]
        return ", ".join(p for p in parts if p)


class _Walk:
    """One folder scan: the rules in force and the counts."""

    def __init__(self, folder: Path, suffixes: Collection[str], exclude: Sequence[str]) -> None:
        self.top = folder.resolve()
        self.suffixes = suffixes
        self.exclude = _spec(exclude) if exclude else None
        self.scan = Scan()
        root = repository_root(self.top)
        self.inherited: list[_Rules] = []
        if root is not None:
            info = _read_rules(root, root / ".git" / "info" / "exclude")
            if info is not None:
                self.inherited.append(info)
            for ancestor in reversed(self.top.relative_to(root).parents):
                rules = _read_rules(root / ancestor, root / ancestor / ".gitignore")
                if rules is not None:
                    self.inherited.append(rules)

    def ignored(self, path: Path, is_dir: bool, rules: Sequence[_Rules]) -> bool:
        """Git's verdict on `path`: the deepest .gitignore with a matching pattern decides, and
        within one file the last matching pattern (a `!pattern` re-includes)."""
        verdict = False
        slash = "/" if is_dir else ""
        for rule in rules:
            result = rule.spec.check_file(path.relative_to(rule.base).as_posix() + slash)
            if result.include is not None:
                verdict = result.include
        return verdict

    def keep(self, path: Path, is_dir: bool, rules: Sequence[_Rules]) -> bool:
        """Whether the walk enters folder or reads file `path`, counting why not (files
        without a document suffix and `.git` are not worth counting)."""
        if not is_dir and path.suffix.lower() not in self.suffixes:
            return False
        if path.name.startswith("."):
            self.scan.hidden += path.name != ".git"
            return False
        if self.ignored(path, is_dir, rules):
            self.scan.ignored += 1
            return False
        relative = path.relative_to(self.top).as_posix() + ("/" if is_dir else "")
        if self.exclude is not None and self.exclude.match_file(relative):
            self.scan.excluded += 1
            return False
        if is_dir:
            return True
        if path.suffix.lower() not in (".pdf", ".docx", ".docm") and _looks_like_report(path):
            self.scan.reports += 1
            return False
        return True

    def files(self) -> Iterator[Path]:
        """Every kept file below the folder (folders are pruned, never entered)."""
        rules_of: dict[Path, list[_Rules]] = {}
        for current, dirnames, filenames in os.walk(self.top):
            here = Path(current)
            rules = list(self.inherited if here == self.top else rules_of[here.parent])
            own = _read_rules(here, here / ".gitignore")
            if own is not None:
                rules.append(own)
            rules_of[here] = rules
            dirnames[:] = sorted(d for d in dirnames if self.keep(here / d, True, rules))
            yield from (here / f for f in filenames if self.keep(here / f, False, rules))


def scan_folder(folder: Path, suffixes: Collection[str], exclude: Sequence[str] = ()) -> Scan:
    """The documents below `folder` (by suffix, recursively, sorted) a run reads.

    Skipped, and counted in the `Scan`:

    * hidden files and folders (a name starting with ``.``), below the folder given;
    * what git ignores: every ``.gitignore`` from the root of the folder's git work tree
      (the nearest folder upwards with a ``.git``; without one, the folder itself) down to
      the file, each relative to its own folder, deeper files overriding shallower ones, plus
      ``.git/info/exclude``; an ignored folder is not entered, so a ``!pattern`` cannot
      re-include a file inside it (as in git);
    * `exclude`: gitignore-style globs relative to `folder` (``entwuerfe/``, ``*.alt.md``,
      ``archiv/**/2019-*``);
    * citecheck's own reports (`is_citecheck_report`), so a report written into the folder
      is not read as a motion by the next run.
    """
    walk = _Walk(folder, suffixes, exclude)
    walk.scan.found = sorted((folder / p.relative_to(walk.top) for p in walk.files()), key=str)
    return walk.scan
