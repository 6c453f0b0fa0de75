"""SARIF 2.1.0 output for code scanning: one rule per problem code, one result per finding,
at its file and line (footnote, page, its link and a fingerprint in the properties).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from citecheck.i18n import help_uri, words
from citecheck.i18n.catalog import CODES
from citecheck.models import LINK_RULES, Accepted, Link, ProblemCode, Report, Severity
from citecheck.render.findings import Finding, iter_findings, run_state

__all__ = ["SARIF_SCHEMA_URI", "SarifRenderer", "rule_for"]

SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_INFORMATION_URI = "https://github.com/citecheck/citecheck"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


#: Default severity and description of every rule that is not about one link.
_RULES: dict[ProblemCode, tuple[Severity, str]] = {
    ProblemCode.MISSING_DEFINITION: (Severity.ERROR, "A footnote marker has no definition."),
    ProblemCode.UNUSED_DEFINITION: (Severity.WARNING, "A footnote is never cited in the text."),
    ProblemCode.DUPLICATE_DEFINITION: (Severity.ERROR, "A footnote number is defined twice."),
    ProblemCode.NUMBERING_GAP: (Severity.WARNING, "Footnote numbers skip a number."),
    ProblemCode.NUMBERING_ORDER: (Severity.WARNING, "Footnote numbers are out of order."),
    ProblemCode.NO_SOURCE: (Severity.INFO, "A footnote names no source that can be checked."),
    ProblemCode.UNCITED_FIGURE: (Severity.WARNING, "A figure is stated without a footnote."),
    ProblemCode.NOTHING_FOUND: (
        Severity.WARNING,
        "The document has no footnotes and no URLs: it may be the wrong file or format.",
    ),
    ProblemCode.UNREADABLE_DOCUMENT: (
        Severity.ERROR,
        "A document found in a folder cannot be read or parsed; the others were checked.",
    ),
    ProblemCode.TITLE_MISMATCH: (
        Severity.WARNING,
        "The page behind a link is not the work the footnote names.",
    ),
    ProblemCode.TITLE_TYPO: (Severity.INFO, "The cited title has a typo."),
    ProblemCode.FIGURE_NOT_IN_SOURCE: (
        Severity.WARNING,
        "A figure of the citing sentence was not found in the source.",
    ),
    ProblemCode.YEAR_MISMATCH: (
        Severity.INFO,
        "A cited year differs from the year in the URL or page title.",
    ),
    ProblemCode.URL_LINE_BREAK: (
        Severity.INFO,
        "A URL printed across a line break reads two ways: one reading failed, another answers.",
    ),
    ProblemCode.SOURCE_CHANGED: (
        Severity.WARNING,
        "The live page lost a quoted figure or its title; the archived copy of the time has it.",
    ),
}

#: Description of every link rule (its severity is the link table's, `models.LINK_RULES`).
_LINK_DESCRIPTIONS: dict[ProblemCode, str] = {
    ProblemCode.DEAD_LINK: "A cited URL is gone (404, 410 or no such host).",
    ProblemCode.SOFT_404: "A cited URL answers, but with a page saying it does not exist.",
    ProblemCode.LINK_ERROR: (
        "A cited URL fails: server error, refused connection, TLS or malformed URL."
    ),
    ProblemCode.BLOCKED_LINK: (
        "A cited URL cannot be verified: access denied, rate limit or bot protection."
    ),
    ProblemCode.LINK_TIMEOUT: "A cited URL did not answer in time.",
    ProblemCode.REDIRECTED_LINK: "A cited URL redirects to a different resource.",
}


def rule_for(code: ProblemCode) -> tuple[str, Severity, str]:
    """(name, default severity, one-sentence description) of the rule for a problem code. The
    name is the code in CamelCase ("dead-link" → "DeadLink"); a link code takes its severity
    from `models.LINK_RULES`, every other code from `_RULES` (a test checks that each code has
    exactly one of the two)."""
    name = "".join(part.capitalize() for part in code.value.split("-"))
    link_rule = next((r for r in LINK_RULES.values() if r is not None and r.code is code), None)
    if link_rule is not None:
        return name, link_rule.severity, _LINK_DESCRIPTIONS[code]
    severity, description = _RULES[code]
    return name, severity, description


def _rules() -> list[dict[str, Any]]:
    """The rule of every problem code, in the enum's order (ruleIndex refers to it)."""
    rules = []
    for code in ProblemCode:
        name, severity, description = rule_for(code)
        entry = CODES[code]
        rules.append(
            {
                "id": code.value,
                "name": name,
                "shortDescription": {"text": description},
                "fullDescription": {"text": description},
                "helpUri": help_uri(entry.anchor),
                "help": {"text": f"{entry.meaning} {entry.fix}"},
                "defaultConfiguration": {"level": _LEVEL[severity]},
                "properties": {"tags": ["citation"]},
            }
        )
    return rules


def artifact_uri(path: str) -> str:
    """A document path as a SARIF artifact URI: relative stays relative, absolute gets file://."""
    posix = PureWindowsPath(path).as_posix() if "\\" in path else path
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix, safe="/")
    if PureWindowsPath(path).drive:
        return "file:///" + quote(posix, safe="/:")
    return quote(posix.removeprefix("./"), safe="/")


def _fingerprint(finding: Finding) -> str:
    """Identifies a finding across runs even when lines shift (code, path, footnote, message)."""
    key = "\0".join(
        (finding.path, finding.problem.code.value, str(finding.number), finding.problem.message)
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class SarifRenderer:
    """Renders a `Report` as a SARIF 2.1.0 log with a single run.

    A region has no page, so for a PDF the page goes into the result's properties (`page`) and
    its message text. The log is valid against the OASIS SARIF 2.1.0 schema and clean under
    Microsoft's SARIF Multitool (both checked in tests and in `nox -s validate`).
    """

    def __init__(self, *, indent: int | None = 2) -> None:
        """`indent` as for `json.dumps` (None for one line)."""
        self.indent = indent

    def render(self, report: Report) -> str:
        """The SARIF log as JSON text ending in a newline."""
        codes = list(ProblemCode)
        artifacts: dict[str, int] = {}
        for document in report.documents:
            artifacts.setdefault(artifact_uri(document.path), len(artifacts))
        results = [
            self._result(f, codes.index(f.problem.code), artifacts) for f in iter_findings(report)
        ]
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "citecheck",
                    "version": report.tool_version,
                    "informationUri": _INFORMATION_URI,
                    "rules": _rules(),
                }
            },
            "artifacts": [
                {"location": {"uri": uri}, "roles": ["analysisTarget"]} for uri in artifacts
            ],
            "invocations": [_invocation(report)],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "offline": report.offline,
                "interrupted": report.interrupted,
                "elapsedMs": report.elapsed_ms,
                "summary": {
                    "documents": report.summary.documents,
                    "footnotes": report.summary.footnotes,
                    "links": report.summary.links,
                    "byStatus": dict(report.summary.by_status),
                },
            },
        }
        log = {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return json.dumps(log, indent=self.indent, ensure_ascii=False) + "\n"

    @staticmethod
    def _result(finding: Finding, rule_index: int, artifacts: dict[str, int]) -> dict[str, Any]:
        """One finding as a SARIF result at its file and line; an accepted (known) finding is
        suppressed externally, with why."""
        uri = artifact_uri(finding.path)
        location: dict[str, Any] = {"artifactLocation": {"uri": uri, "index": artifacts[uri]}}
        # A whole-document finding (no line) points at line 1: code scanning and the Multitool
        # (SARIF2017) want a region on every location.
        line = finding.line if finding.line is not None and finding.line >= 1 else 1
        location["region"] = {"startLine": line}
        properties: dict[str, Any] = {"footnote": finding.number}
        page = finding.page
        if page is not None:
            properties["page"] = page
        link = finding.link
        if link is not None:
            properties["links"] = [
                {
                    "url": link.url,
                    "status": link.status.value,
                    "reason": link.reason,
                    "httpStatus": link.http_status,
                    "finalUrl": link.final_url,
                    **_alternatives(link),
                }
            ]
        result: dict[str, Any] = {
            "ruleId": finding.problem.code.value,
            "ruleIndex": rule_index,
            "level": _LEVEL[finding.problem.severity],
            "message": {"text": _sentence(finding.located_message)},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"citecheckFinding/v1": _fingerprint(finding)},
            "properties": properties,
        }
        accepted = finding.problem.accepted
        if accepted is not None:
            # Accepted outside the log (the configuration, an earlier report): external.
            justification = (
                "Accepted by an ignore entry of the citecheck configuration."
                if accepted is Accepted.IGNORE
                else "In the --baseline report of known findings."
            )
            result["suppressions"] = [{"kind": "external", "justification": justification}]
        return result


def _invocation(report: Report) -> dict[str, Any]:
    """The run's invocation: unsuccessful when it was interrupted, with a notification that
    says how far it got; an offline run says so in a note."""
    invocation: dict[str, Any] = {"executionSuccessful": not report.interrupted}
    state = run_state(report, words("en"))
    if state is not None:
        level = "error" if report.interrupted else "note"
        invocation["toolExecutionNotifications"] = [
            {"level": level, "message": {"text": _sentence(state)}}
        ]
    return invocation


def _alternatives(link: Link) -> dict[str, Any]:
    """For a URL printed across a line break: {"alternatives": the readings not used, each
    with what fetching it found (null: not fetched)}; nothing for a URL that reads one way."""
    if not link.alternatives:
        return {}
    readings = [
        {
            "url": r.url,
            "status": r.status.value if r.status is not None else None,
            "reason": r.reason,
            "httpStatus": r.http_status,
        }
        for r in link.alternatives
    ]
    return {"alternatives": readings}


def _sentence(text: str) -> str:
    """A message that ends in a period, as SARIF's authoring guidance asks (rule SARIF2001)."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."
