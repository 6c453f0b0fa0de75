"""Accepting known findings (`citecheck.accept`): ignore rules by code, URL, document glob and
footnote; a baseline read from an earlier JSON report, matched without the line; accepted
findings stay in the report and do not fail the run."""

from __future__ import annotations

import dataclasses
import json

import pytest

from citecheck.accept import IgnoreRule, accept, baseline_from_report
from citecheck.check import exit_code
from citecheck.models import (
    Accepted,
    Document,
    FailOn,
    Footnote,
    Problem,
    ProblemCode,
    Report,
    Severity,
    summarize,
)
from citecheck.render.json import report_to_dict

DEAD = "https://intranet.example/alt"


def _report(*, line: int = 7, path: str = "motions/a.md", extra: bool = False) -> Report:
    dead = Problem(ProblemCode.DEAD_LINK, Severity.ERROR, line, f"Dead link: {DEAD}", url=DEAD)
    other = Problem(
        ProblemCode.DEAD_LINK, Severity.ERROR, line, "Dead link", url="https://b.example/"
    )
    gap = Problem(ProblemCode.NUMBERING_GAP, Severity.WARNING, line, "gap")
    notes = (
        Footnote(3, line, "x", problems=(dead,)),
        Footnote(4, line + 1, "y", problems=(other,) if extra else ()),
    )
    documents = (Document(path, "markdown", notes, problems=(gap,)),)
    return Report(documents, summarize(documents), "1.0")


def _marks(report: Report) -> list[tuple[str, int | None, Accepted | None]]:
    document = report.documents[0]
    marks = [(p.code.value, None, p.accepted) for p in document.problems]
    marks += [(p.code.value, f.number, p.accepted) for f in document.footnotes for p in f.problems]
    return marks


@pytest.mark.parametrize(
    ("rule", "accepted"),
    [
        (IgnoreRule(code=ProblemCode.DEAD_LINK), True),
        (IgnoreRule(url=r"^https://intranet\."), True),
        (IgnoreRule(url=r"^https://extranet\."), False),
        (IgnoreRule(document="*.md", footnote=3), True),
        (IgnoreRule(document="motions/*.md"), True),
        (IgnoreRule(document="entwuerfe/*.md"), False),
        (IgnoreRule(footnote=4), False),
        (IgnoreRule(code=ProblemCode.DEAD_LINK, url="intranet", footnote=3), True),
        (IgnoreRule(code=ProblemCode.SOFT_404, url="intranet"), False),  # every condition holds
    ],
)
def test_ignore_rule_conditions(rule: IgnoreRule, accepted: bool) -> None:
    marks = _marks(accept(_report(), (rule,)))
    assert marks[1] == ("dead-link", 3, Accepted.IGNORE if accepted else None)


def test_a_url_rule_never_matches_a_finding_without_url() -> None:
    marks = _marks(accept(_report(), (IgnoreRule(url=".*"),)))
    assert marks[0] == ("numbering-gap", None, None)


def test_accepted_findings_stay_and_do_not_fail() -> None:
    report = _report()
    assert exit_code(report, FailOn.ERROR) == 1
    accepted = accept(report, (IgnoreRule(code=ProblemCode.DEAD_LINK),))
    assert exit_code(accepted, FailOn.ERROR) == 0
    assert exit_code(accepted, FailOn.WARNING) == 1  # the gap is not accepted
    assert len(_marks(accepted)) == len(_marks(report))  # nothing removed


def test_baseline_from_an_earlier_json_report_ignores_lines() -> None:
    earlier = json.loads(json.dumps(report_to_dict(_report(line=7))))
    baseline = baseline_from_report(earlier)
    now = accept(_report(line=30, path="./motions/x/../a.md", extra=True), baseline=baseline)
    assert _marks(now) == [
        ("numbering-gap", None, Accepted.BASELINE),
        ("dead-link", 3, Accepted.BASELINE),
        ("dead-link", 4, None),  # new since the baseline
    ]
    assert exit_code(now, FailOn.ERROR) == 1


def test_ignore_wins_over_the_baseline() -> None:
    baseline = baseline_from_report(report_to_dict(_report()))
    marks = _marks(accept(_report(), (IgnoreRule(footnote=3),), baseline))
    assert marks == [
        ("numbering-gap", None, Accepted.BASELINE),
        ("dead-link", 3, Accepted.IGNORE),
    ]


def test_a_baseline_matches_code_and_url_not_only_the_footnote() -> None:
    earlier = report_to_dict(_report())
    earlier["documents"][0]["footnotes"][0]["problems"][0]["url"] = "https://other.example/"
    marks = _marks(accept(_report(), baseline=baseline_from_report(earlier)))
    assert marks[1] == ("dead-link", 3, None)


def test_a_baseline_accepts_as_many_findings_of_a_key_as_it_had() -> None:
    """Two findings without footnote and URL share a key: the earlier report's count decides."""
    baseline = baseline_from_report(report_to_dict(_report()))
    gap = Problem(ProblemCode.NUMBERING_GAP, Severity.WARNING, 9, "another gap")
    report = _report()
    document = dataclasses.replace(
        report.documents[0], problems=(*report.documents[0].problems, gap)
    )
    now = accept(dataclasses.replace(report, documents=(document,)), baseline=baseline)
    assert [p.accepted for p in now.documents[0].problems] == [Accepted.BASELINE, None]


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"documents": "x"},
        {"documents": [{"footnotes": []}]},
        {"documents": [{"path": "a", "problems": [{"severity": "error"}]}]},
        {"documents": [{"path": "a", "footnotes": [{"problems": []}]}]},
    ],
)
def test_not_a_report(data: object) -> None:
    with pytest.raises(ValueError, match="not a citecheck JSON report"):
        baseline_from_report(data)


def test_nothing_to_accept_returns_the_same_report() -> None:
    report = _report()
    assert accept(report) is report
    assert dataclasses.replace(report) == accept(report, baseline={})
