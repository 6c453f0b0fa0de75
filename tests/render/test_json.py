"""JSON contract v1: exact field names, schema validity of every report, and a golden file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from citecheck.models import (
    Document,
    Footnote,
    Link,
    LinkStatus,
    ProblemCode,
    Reason,
    Report,
    Severity,
    TitleMatch,
    TitleVerdict,
    summarize,
)
from citecheck.parse import load_document
from citecheck.render.json import JsonRenderer, report_to_dict
from citecheck.schema import load_schema

from ._golden import assert_golden
from ._reports import (
    clean_report,
    inline_report,
    offline_report,
    paged_report,
    sample_report,
)

SCHEMA = load_schema()
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"


def validate(data: object) -> None:
    """Validate against the shipped schema (and check the schema itself first)."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


@pytest.mark.parametrize("make", [sample_report, clean_report, offline_report, inline_report])
def test_reports_validate_against_shipped_schema(make) -> None:  # type: ignore[no-untyped-def]
    text = JsonRenderer().render(make())
    assert text.endswith("}\n")
    validate(json.loads(text))


def test_golden_sample_report() -> None:
    assert_golden("report.json", JsonRenderer().render(sample_report()))


def test_contract_field_names_exactly() -> None:
    data = report_to_dict(sample_report())
    assert list(data) == [
        "schema_version",
        "tool",
        "documents",
        "interrupted",  # additive (issue 14), like everything below marked so
        "offline",
        "summary",
    ]
    assert data["schema_version"] == 1
    assert data["tool"] == {"name": "citecheck", "version": "0.1.0"}
    document = data["documents"][0]
    assert list(document) == ["path", "format", "footnotes", "problems", "date"]  # additive
    footnote = document["footnotes"][0]
    assert list(footnote)[:8] == [
        "number",
        "line",
        "text",
        "cited_title",
        "ibid_of",
        "references",
        "links",
        "problems",
    ]
    assert footnote["references"] == [{"line": 3, "context": "Satz mit Fußnote 1."}]
    link = footnote["links"][0]
    assert list(link) == [
        "url",
        "status",
        "reason",
        "http_status",
        "final_url",
        "redirects",
        "page_title",
        "title_match",
        "elapsed_ms",
        "cached",  # additive
        "checked_at",  # additive
        "archive",  # additive (issue 16)
    ]
    assert (link["cached"], link["checked_at"]) == (False, None)  # hand-built: never fetched
    assert link["title_match"] == {"verdict": "match", "score": 1.0}
    assert footnote["figures"] == [{"value": "27 Prozent", "found": True}]
    redirected = document["footnotes"][1]["links"][0]
    assert redirected["redirects"] == [
        {"url": "https://example.org/alt", "status": 301},
        {"url": "https://example.org/neu", "status": 302},
    ]
    assert redirected["suggested_url"] == "https://example.org/neu/seite_2"
    problem = document["footnotes"][2]["problems"][0]
    assert problem == {
        "code": "dead-link",
        "severity": "error",
        "line": 32,
        "message": "https://example.org/weg is dead (404)",
        "footnote": 3,
        "url": "https://example.org/weg",  # additive: the one link a link problem is about
    }
    assert "footnote" not in document["problems"][0]
    assert not any("url" in p for p in document["problems"])  # not link problems
    assert document["footnotes"][10]["ibid_of"] == 10
    assert data["summary"]["by_status"]["ok"] == 4
    assert set(data["summary"]["by_status"]) == {s.value for s in LinkStatus}
    assert list(data["summary"]) == [
        "documents",
        "footnotes",
        "links",
        "by_status",
        "by_severity",  # additive
        "verdict",  # additive
        "fail_on",  # additive
    ]
    assert data["summary"]["by_severity"] == {"error": 4, "warning": 8, "info": 3}
    assert (data["summary"]["verdict"], data["summary"]["fail_on"]) == ("fail", "error")


def test_optional_fields_absent_when_empty() -> None:
    data = report_to_dict(offline_report())
    footnote = data["documents"][0]["footnotes"][0]
    assert "figures" not in footnote
    assert "suggested_title" not in footnote
    assert "suggested_url" not in footnote["links"][0]
    assert footnote["links"][0]["status"] == "skipped"
    assert footnote["links"][0]["reason"] == "offline"


def test_unicode_is_written_as_is() -> None:
    text = JsonRenderer().render(sample_report())
    assert "Fußnote" in text and "\\u00df" not in text


def test_schema_rejects_contract_violations() -> None:
    """The schema is strict enough to catch renamed, missing or mistyped fields."""
    good = report_to_dict(sample_report())
    validate(good)
    bad_status = json.loads(json.dumps(good))
    bad_status["documents"][0]["footnotes"][0]["links"][0]["status"] = "fine"
    renamed = json.loads(json.dumps(good))
    renamed["documents"][0]["footnotes"][0]["cited"] = renamed["documents"][0]["footnotes"][0].pop(
        "cited_title"
    )
    missing = json.loads(json.dumps(good))
    del missing["documents"][0]["footnotes"][0]["links"][0]["elapsed_ms"]
    bad_severity = json.loads(json.dumps(good))
    bad_severity["documents"][0]["problems"][0]["severity"] = "fatal"
    bad_code = json.loads(json.dumps(good))
    bad_code["documents"][0]["problems"][0]["code"] = "no-such-code"
    for broken in (bad_status, renamed, missing, bad_severity, bad_code):
        with pytest.raises(jsonschema.ValidationError):
            validate(broken)


def test_schema_enums_are_the_model_enums() -> None:
    """The schema lists every problem code, link status and reason, in the model's order."""
    defs = SCHEMA["$defs"]
    assert defs["code"]["enum"] == [code.value for code in ProblemCode]
    assert defs["reason"]["enum"] == [reason.value for reason in Reason]
    assert defs["status"]["enum"] == [status.value for status in LinkStatus]
    verdict = defs["link"]["properties"]["title_match"]["properties"]["verdict"]
    assert verdict["enum"] == [v.value for v in TitleVerdict]
    severity = defs["problem"]["properties"]["severity"]
    assert severity["enum"] == [s.value for s in Severity]


def test_suggested_title_and_null_fields() -> None:
    link = Link(
        url="https://x.org/",
        status=LinkStatus.OK,
        http_status=200,
        title_match=TitleMatch(TitleVerdict.NOT_CITED),
    )
    footnote = Footnote(
        1, 4, "Vgl. https://x.org/", urls=(link.url,), links=(link,), suggested_title="Ein Titel"
    )
    documents = (Document("a.md", "markdown", (footnote,)),)
    data = report_to_dict(Report(documents, summarize(documents), "9.9.9"))
    validate(data)
    fn = data["documents"][0]["footnotes"][0]
    assert fn["suggested_title"] == "Ein Titel"
    assert (fn["cited_title"], fn["ibid_of"], fn["links"][0]["final_url"]) == (None, None, None)


def _report_of(*documents: Document) -> Report:
    return Report(documents, summarize(documents), "0.1.0")


def test_pages_of_a_pdf_are_written_and_valid() -> None:
    data = report_to_dict(paged_report())
    validate(data)
    first, second = data["documents"][0]["footnotes"]
    assert (first["line"], first["page"]) == (40, 2)
    assert first["references"] == [{"line": 12, "context": "Ein Satz von Seite eins.", "page": 1}]
    assert second["page"] == 2


def test_parsed_pdf_carries_pages_and_markdown_does_not() -> None:
    pytest.importorskip("pdfminer")
    pdf = load_document(str(FIXTURES / "antrag-japan-partnerschaft.pdf"))
    markdown = load_document(str(FIXTURES / "antrag-japan-partnerschaft.md"))
    data = report_to_dict(_report_of(pdf, markdown))
    validate(data)
    pdf_notes, md_notes = (d["footnotes"] for d in data["documents"])
    assert [f["page"] for f in pdf_notes] == [1] * 4 + [2] * 6 + [3] * 5
    assert [r["page"] for f in pdf_notes for r in f["references"]] == [1] * 4 + [2] * 6 + [3] * 5
    assert md_notes and all("page" not in f for f in md_notes)
    assert all("page" not in r for f in md_notes for r in f["references"])


@pytest.mark.parametrize("page", [0, "2", None])
def test_schema_rejects_a_bad_page(page: object) -> None:
    data = report_to_dict(paged_report())
    data["documents"][0]["footnotes"][0]["page"] = page
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
    data = report_to_dict(paged_report())
    data["documents"][0]["footnotes"][0]["references"][0]["page"] = page
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


def test_inline_sources_written_only_when_there_are_any() -> None:
    assert all("inline_sources" not in d for d in report_to_dict(sample_report())["documents"])
    data = report_to_dict(inline_report())
    validate(data)
    (document,) = data["documents"]
    assert list(document) == ["path", "format", "footnotes", "problems", "inline_sources", "date"]
    first, second = document["inline_sources"]
    assert list(first) == ["line", "url", "context", "links", "page"]
    assert (first["line"], first["page"], second["line"]) == (18, 1, 49)
    assert "page" not in second
    assert second["context"] == "n) German Marshall Fund (vgl. www.gmfus.org/),"
    # The same link object as a footnote's.
    assert list(second["links"][0]) == list(data_link_fields())
    assert second["links"][0]["status"] == "ok" and first["links"][0]["http_status"] == 404
    assert data["summary"]["links"] == 2


def data_link_fields() -> list[str]:
    """The field names of a footnote link object in the sample report."""
    footnote = report_to_dict(sample_report())["documents"][0]["footnotes"][0]
    return [k for k in footnote["links"][0] if k != "suggested_url"]


@pytest.mark.parametrize(
    "broken",
    [
        {"line": 0},
        {"url": ""},
        {"links": None},
        {"extra": 1},
    ],
)
def test_schema_rejects_a_bad_inline_source(broken: dict[str, object]) -> None:
    data = report_to_dict(inline_report())
    data["documents"][0]["inline_sources"][0].update(broken)
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


def test_schema_rejects_an_empty_inline_sources_list() -> None:
    data = report_to_dict(inline_report())
    data["documents"][0]["inline_sources"] = []
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


@pytest.mark.parametrize(
    "make", [sample_report, clean_report, offline_report, inline_report, paged_report]
)
@pytest.mark.parametrize("indent", [2, 4, None])
def test_render_writes_what_json_dumps_writes(make, indent) -> None:  # type: ignore[no-untyped-def]
    """The renderer makes its data as it writes (lazily) and gathers UTF-8: same text."""
    report = make()
    expected = json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent) + "\n"
    assert JsonRenderer(indent=indent).render(report) == expected


@pytest.mark.parametrize(
    "make", [sample_report, clean_report, offline_report, inline_report, paged_report]
)
@pytest.mark.parametrize("indent", [2, None])
def test_render_utf8_is_the_text_encoded(make, indent) -> None:  # type: ignore[no-untyped-def]
    """`render_utf8` writes the bytes of `render`'s text in UTF-8, never the text itself."""
    report = make()
    expected = json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent) + "\n"
    assert bytes(JsonRenderer(indent=indent).render_utf8(report)) == expected.encode("utf-8")
