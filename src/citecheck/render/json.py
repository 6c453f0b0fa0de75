"""JSON contract v1: an explicit mapping of the domain model to the shape that
`citecheck.schema` (report-v1.schema.json) defines; fields added after v1 appear only when they
carry something, so a plain v1 report stays exactly v1.
"""

from __future__ import annotations

import io
import json
from typing import Any

from citecheck.models import Document, Footnote, InlineSource, Link, Problem, Reference, Report

__all__ = ["SCHEMA_VERSION", "JsonRenderer", "report_to_dict"]

SCHEMA_VERSION = 1
"""The contract version this module writes."""


def _problem(problem: Problem, footnote: Footnote | None = None) -> dict[str, Any]:
    """A Problem; footnote problems also name their footnote and link problems their URL, so
    a finding is self-contained."""
    data: dict[str, Any] = {
        "code": problem.code.value,
        "severity": problem.severity.value,
        "line": problem.line,
        "message": problem.message,
    }
    if footnote is not None:
        data["footnote"] = footnote.number
    if problem.url is not None:
        data["url"] = problem.url
    return data


def _link(link: Link) -> dict[str, Any]:
    """A Link with every contract field (null where nothing is known)."""
    data: dict[str, Any] = {
        "url": link.url,
        "status": link.status.value,
        "reason": link.reason,
        "http_status": link.http_status,
        "final_url": link.final_url,
        "redirects": [{"url": hop.url, "status": hop.status} for hop in link.redirects],
        "page_title": link.page_title,
        "title_match": {"verdict": link.title_match.verdict.value, "score": link.title_match.score},
        "elapsed_ms": link.elapsed_ms,
    }
    if link.suggested_url is not None:
        data["suggested_url"] = link.suggested_url
    return data


def _reference(reference: Reference) -> dict[str, Any]:
    """A Reference: line and context, and its page when the input has pages."""
    data: dict[str, Any] = {"line": reference.line, "context": reference.context}
    if reference.page is not None:
        data["page"] = reference.page
    return data


def _footnote(footnote: Footnote) -> dict[str, Any]:
    """A Footnote with its references, links and problems."""
    data: dict[str, Any] = {
        "number": footnote.number,
        "line": footnote.line,
        "text": footnote.text,
        "cited_title": footnote.cited_title,
        "ibid_of": footnote.ibid_of,
        "references": [_reference(r) for r in footnote.references],
        "links": [_link(link) for link in footnote.links],
        "problems": [_problem(p, footnote) for p in footnote.problems],
    }
    if footnote.page is not None:
        data["page"] = footnote.page
    if footnote.figures:
        data["figures"] = [{"value": f.value, "found": f.found} for f in footnote.figures]
    if footnote.suggested_title is not None:
        data["suggested_title"] = footnote.suggested_title
    return data


def _inline_source(source: InlineSource) -> dict[str, Any]:
    """An InlineSource: line, URL, sentence and links, and its page when the input has pages."""
    data: dict[str, Any] = {
        "line": source.line,
        "url": source.url,
        "context": source.context,
        "links": [_link(link) for link in source.links],
    }
    if source.page is not None:
        data["page"] = source.page
    return data


def _document(document: Document) -> dict[str, Any]:
    """A Document with its footnotes, document-level problems and (only when there are any)
    the URLs of its running text."""
    data: dict[str, Any] = {
        "path": document.path,
        "format": document.format,
        "footnotes": [_footnote(f) for f in document.footnotes],
        "problems": [_problem(p) for p in document.problems],
    }
    if document.inline_sources:
        data["inline_sources"] = [_inline_source(s) for s in document.inline_sources]
    return data


def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole report as contract-v1 data (plain dicts, lists, strings, numbers, None)."""
    summary = report.summary
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "citecheck", "version": report.tool_version},
        "documents": [_document(d) for d in report.documents],
        "summary": {
            "documents": summary.documents,
            "footnotes": summary.footnotes,
            "links": summary.links,
            "by_status": dict(summary.by_status),
        },
    }


class JsonRenderer:
    """Renders a `Report` as contract-v1 JSON (UTF-8 text, not ASCII-escaped)."""

    def __init__(self, *, indent: int | None = 2) -> None:
        """`indent` as for `json.dumps` (None for one line)."""
        self.indent = indent

    def render(self, report: Report) -> str:
        """The JSON text, ending in a newline."""
        data = report_to_dict(report)
        if self.indent is None:  # one line: the C encoder
            return json.dumps(data, ensure_ascii=False) + "\n"
        # json.dumps(…, indent=…) joins a list of every token at once (70 MB for 8,000 links);
        # written into a StringIO as they come, the same text takes a fraction of that.
        encoder = json.JSONEncoder(ensure_ascii=False, indent=self.indent)
        text = io.StringIO()
        for chunk in encoder.iterencode(data):
            text.write(chunk)
        text.write("\n")
        return text.getvalue()
