"""Accepting known findings: `ignore` rules of the configuration and a baseline (the findings of
an earlier JSON report) mark the problems they match as accepted; accepted problems stay in the
report, shown as known, and never fail the run. Pure: imports models.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from citecheck.vocabulary import Accepted, ProblemCode

if TYPE_CHECKING:  # the model's records load with the run, not with `--help` (start-up)
    from citecheck.models import Document, Footnote, Problem, Report

__all__ = [
    "IGNORE_KEYS",
    "Baseline",
    "BaselineKey",
    "IgnoreRule",
    "accept",
    "baseline_from_report",
    "finding_key",
]

IGNORE_KEYS: tuple[str, ...] = ("code", "url", "document", "footnote")
"""The keys of one `ignore` entry, each a condition (an entry needs at least one)."""

BaselineKey = tuple[str, str, int | None, str | None]
"""What identifies a finding across runs: (document path, code, footnote number, URL). The
line is left out on purpose: an edit above a finding moves it without changing it."""

Baseline = Mapping[BaselineKey, int]
"""The findings of an earlier report: how many it had of each key (two missing definitions in
one document share a key; a third one is new)."""


def _path(path: str) -> str:
    """A document path as findings compare it: "/" separators, "./" and "a/../" removed."""
    if path == "-":
        return path
    return posixpath.normpath(path.replace("\\", "/"))


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """One `[[tool.citecheck.ignore]]` entry: a finding is accepted when every condition given
    holds (conditions left out hold for every finding)."""

    code: ProblemCode | None = None
    """The problem code ("dead-link")."""
    url: str | None = None
    """A regular expression searched in the finding's URL; a finding about no URL never
    matches a rule with `url`."""
    document: str | None = None
    """A glob matched against the document's path from the right, as `PurePath.match` does:
    "*.md", "entwuerfe/*.md", "/abs/path/antrag.md"."""
    footnote: int | None = None
    """The footnote number; a document-level finding never matches a rule with `footnote`."""

    def matches(self, path: str, footnote: int | None, problem: Problem) -> bool:
        """Does this rule accept `problem` of document `path` (in footnote `footnote`)?"""
        if self.code is not None and problem.code is not self.code:
            return False
        if self.footnote is not None and footnote != self.footnote:
            return False
        if self.url is not None and (problem.url is None or not re.search(self.url, problem.url)):
            return False
        return self.document is None or PurePosixPath(_path(path)).match(self.document)


def finding_key(path: str, footnote: int | None, problem: Problem) -> BaselineKey:
    """The identity of a finding across runs (see `BaselineKey`)."""
    return (_path(path), problem.code.value, footnote, problem.url)


def baseline_from_report(data: object) -> Baseline:
    """The findings of a citecheck JSON report (contract v1, already parsed). Raises
    ValueError when `data` is not one."""
    if not isinstance(data, Mapping) or not isinstance(data.get("documents"), list):
        raise ValueError("not a citecheck JSON report (no documents)")
    keys: Counter[BaselineKey] = Counter()
    for document in data["documents"]:
        if not isinstance(document, Mapping) or not isinstance(document.get("path"), str):
            raise ValueError("not a citecheck JSON report (a document without a path)")
        path = document["path"]
        keys.update(_keys(path, None, document.get("problems", [])))
        for footnote in document.get("footnotes", []):
            number = footnote.get("number") if isinstance(footnote, Mapping) else None
            if not isinstance(number, int):
                raise ValueError("not a citecheck JSON report (a footnote without a number)")
            keys.update(_keys(path, number, footnote.get("problems", [])))
    return dict(keys)


def _keys(path: str, number: int | None, problems: object) -> Iterable[BaselineKey]:
    """The keys of a list of JSON problems."""
    if not isinstance(problems, list):
        raise ValueError("not a citecheck JSON report (problems are not a list)")
    for problem in problems:
        if not isinstance(problem, Mapping) or not isinstance(problem.get("code"), str):
            raise ValueError("not a citecheck JSON report (a problem without a code)")
        url = problem.get("url")
        yield (_path(path), problem["code"], number, url if isinstance(url, str) else None)


def _accepted(
    path: str,
    footnote: int | None,
    problem: Problem,
    rules: Sequence[IgnoreRule],
    baseline: Counter[BaselineKey],
) -> Problem:
    """`problem`, marked accepted when a rule (first) or the baseline matches it; a baseline
    match uses up one of the findings the earlier report had with that key."""
    if problem.accepted is not None:
        return problem
    if any(rule.matches(path, footnote, problem) for rule in rules):
        return dataclasses.replace(problem, accepted=Accepted.IGNORE)
    key = finding_key(path, footnote, problem)
    if baseline[key] > 0:
        baseline[key] -= 1
        return dataclasses.replace(problem, accepted=Accepted.BASELINE)
    return problem


def _document(
    document: Document, rules: Sequence[IgnoreRule], baseline: Counter[BaselineKey]
) -> Document:
    """A document with its own and its footnotes' problems marked, in document order."""
    path = document.path

    def footnote(note: Footnote) -> Footnote:
        problems = tuple(_accepted(path, note.number, p, rules, baseline) for p in note.problems)
        return dataclasses.replace(note, problems=problems)

    return dataclasses.replace(
        document,
        problems=tuple(_accepted(path, None, p, rules, baseline) for p in document.problems),
        footnotes=tuple(footnote(f) for f in document.footnotes),
    )


def accept(
    report: Report, rules: Sequence[IgnoreRule] = (), baseline: Baseline | None = None
) -> Report:
    """The report with every finding that an `ignore` rule or the baseline matches marked
    `accepted` ("ignore" wins when both do). A baseline accepts as many findings of a key as
    the earlier report had, the first ones in document order. Nothing is removed: a known
    finding is still reported, it just does not fail the run (`check.exit_code`), and the
    summary (by_severity, verdict) is counted again without it."""
    if not rules and not baseline:
        return report
    remaining = Counter(baseline or {})
    documents = tuple(_document(d, rules, remaining) for d in report.documents)
    # The summary counts what is not accepted: its by_severity and verdict agree with the exit
    # code again.
    from citecheck.models import summarize

    summary = summarize(documents, report.fail_on, interrupted=report.interrupted)
    return dataclasses.replace(report, documents=documents, summary=summary)
