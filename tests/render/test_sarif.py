"""SARIF 2.1.0: schema-valid, one rule per problem code, results at file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from citecheck.models import LINK_RULES, ProblemCode, Severity
from citecheck.render.sarif import (
    _LINK_DESCRIPTIONS,
    _RULES,
    SarifRenderer,
    artifact_uri,
    rule_for,
)

from ._golden import assert_golden
from ._reports import (
    clean_report,
    inline_report,
    offline_report,
    paged_report,
    sample_report,
)

_SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "schemas" / "sarif-2.1.0.json").read_text("utf-8")
)


def _validate(log: dict[str, Any]) -> None:
    """Raise unless `log` is valid SARIF 2.1.0."""
    validator = jsonschema.validators.validator_for(_SCHEMA)(_SCHEMA)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def _render(report=None) -> dict[str, Any]:
    return json.loads(SarifRenderer().render(report or sample_report()))


def test_golden() -> None:
    assert_golden("report.sarif", SarifRenderer().render(sample_report()))


@pytest.mark.parametrize("make", [sample_report, clean_report, offline_report])
def test_valid_against_the_schema(make) -> None:
    _validate(_render(make()))


def test_the_validator_catches_invalid_logs() -> None:
    log = _render()
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError):
        _validate(log)
    del log["version"]
    with pytest.raises(AssertionError):
        _validate(log)


def test_one_rule_per_problem_code_with_matching_index() -> None:
    run = _render()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.value for c in ProblemCode]
    assert len({r["name"] for r in rules}) == len(rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_every_problem_code_has_exactly_one_rule() -> None:
    """Completeness: each code is a link rule (severity from models.LINK_RULES) or a rule of
    its own, never both and never neither; a new code fails here until it has a description."""
    link_codes = {rule.code for rule in LINK_RULES.values() if rule is not None}
    assert set(_LINK_DESCRIPTIONS) == link_codes
    assert not set(_RULES) & link_codes
    assert set(_RULES) | link_codes == set(ProblemCode)
    for code in ProblemCode:
        name, _, description = rule_for(code)
        assert name.isalnum() and name[0].isupper() and description.endswith(".")


def test_rule_default_levels() -> None:
    assert rule_for(ProblemCode.DEAD_LINK)[1] is Severity.ERROR
    assert rule_for(ProblemCode.BLOCKED_LINK)[1] is Severity.WARNING
    assert rule_for(ProblemCode.TITLE_TYPO)[1] is Severity.INFO
    levels = {
        r["id"]: r["defaultConfiguration"]["level"]
        for r in _render()["runs"][0]["tool"]["driver"]["rules"]
    }
    assert levels["soft-404"] == "error"
    assert levels["year-mismatch"] == "note"


def test_every_result_has_file_line_and_footnote() -> None:
    results = _render()["runs"][0]["results"]
    assert len(results) == 15
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] in {
            "motions/antrag%20japan.md",
            "pressemitteilung.txt",
        }
        assert location["region"]["startLine"] >= 1
        assert "footnote" in result["properties"]
        assert result["message"]["text"].endswith((".", "?"))
    dead = next(r for r in results if r["ruleId"] == "dead-link")
    assert dead["level"] == "error"
    assert dead["locations"][0]["physicalLocation"]["region"] == {"startLine": 32}
    assert dead["properties"]["footnote"] == 3
    assert dead["message"]["text"] == "Footnote 3: https://example.org/weg is dead (404)."
    assert dead["properties"]["links"] == [
        {
            "url": "https://example.org/weg",
            "status": "dead",
            "reason": "not_found",
            "httpStatus": 404,
            "finalUrl": "https://example.org/weg",
        }
    ]
    whole = next(r for r in results if r["ruleId"] == "nothing-found")
    assert whole["properties"]["footnote"] is None
    assert whole["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    notes = [r for r in results if r["level"] == "note"]
    assert {r["ruleId"] for r in notes} == {"year-mismatch", "title-typo", "no-source"}


def test_fingerprints_survive_line_shifts() -> None:
    import dataclasses

    report = sample_report()
    moved_doc = report.documents[0]
    moved = dataclasses.replace(
        moved_doc,
        footnotes=tuple(dataclasses.replace(f, line=f.line + 5) for f in moved_doc.footnotes),
    )
    shifted = dataclasses.replace(report, documents=(moved, *report.documents[1:]))
    before = {
        r["partialFingerprints"]["citecheckFinding/v1"] for r in _render()["runs"][0]["results"]
    }
    after = {
        r["partialFingerprints"]["citecheckFinding/v1"]
        for r in _render(shifted)["runs"][0]["results"]
    }
    assert before == after
    assert len(before) == 15


def test_artifacts_and_run_properties() -> None:
    run = _render()["runs"][0]
    assert [a["location"]["uri"] for a in run["artifacts"]] == [
        "motions/antrag%20japan.md",
        "pressemitteilung.txt",
        "file:///abs/path/clean.md",
    ]
    assert run["properties"]["summary"]["byStatus"]["dead"] == 1
    assert run["tool"]["driver"]["version"] == "0.1.0"
    assert _render(offline_report())["runs"][0]["properties"]["offline"] is True
    assert _render(clean_report())["runs"][0]["results"] == []


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("motion.md", "motion.md"),
        ("./a/b c.md", "a/b%20c.md"),
        ("/tmp/ä.md", "file:///tmp/%C3%A4.md"),
        ("C:\\Motions\\a.md", "file:///C:/Motions/a.md"),
        ("dir\\a#1.md", "dir/a%231.md"),
    ],
)
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_pdf_page_in_properties_and_message() -> None:
    log = _render(paged_report())
    _validate(log)
    results = log["runs"][0]["results"]
    where = [
        (
            r["locations"][0]["physicalLocation"]["region"],
            r["properties"].get("page"),
            r["message"]["text"],
        )
        for r in results
    ]
    assert where == [
        ({"startLine": 12}, 1, "Footnote 1 (p. 1): the sentence names 2021, the page 2023."),
        ({"startLine": 33}, None, "marker 3 has no footnote."),
        ({"startLine": 40}, 2, "Footnote 1 (p. 2): https://example.org/weg is dead (404)."),
    ]
    assert "page" not in results[1]["properties"]
    assert all("page" not in r["properties"] for r in _render()["runs"][0]["results"])


def test_link_in_the_text_has_file_line_page_and_link() -> None:
    log = _render(inline_report())
    _validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "dead-link" and result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "kleine-anfrage.pdf"
    assert location["region"] == {"startLine": 18}
    properties = result["properties"]
    assert properties["footnote"] is None and properties["page"] == 1
    assert [(link["status"], link["httpStatus"]) for link in properties["links"]] == [("dead", 404)]
    assert result["message"]["text"].startswith("Dead link in the text: https://")
    assert log["runs"][0]["properties"]["summary"]["links"] == 2
