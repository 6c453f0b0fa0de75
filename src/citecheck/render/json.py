"""JSON contract v1: an explicit mapping of the domain model to the shape that
`citecheck.schema` (report-v1.schema.json) defines; fields added after v1 are additions (the
run state, cache evidence, severities and verdict always; page, figures … only when known).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from citecheck.models import (
    ArchiveCopy,
    Document,
    Footnote,
    InlineSource,
    Link,
    Problem,
    Reading,
    Reference,
    Report,
    Severity,
)
from citecheck.render.json_text import dumps_indented_utf8

__all__ = ["SCHEMA_VERSION", "JsonRenderer", "report_to_dict"]

SCHEMA_VERSION = 1
"""The contract version this module writes."""


class _Lazy(list[Any]):
    """A list whose items are made as the (pure-Python, indenting) encoder reaches them, so
    one footnote's data at a time is alive instead of the whole report's. Not for the C
    encoder (one-line output), which reads a list's storage directly."""

    def __init__(self, items: Sequence[Any], make: Callable[[Any], Any]) -> None:
        super().__init__()
        self._items = items
        self._make = make

    def __iter__(self) -> Iterator[Any]:
        return map(self._make, self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


def _listed(items: Sequence[Any], make: Callable[[Any], Any], lazy: bool) -> list[Any]:
    """`[make(item) for item in items]`, or made as written (`_Lazy`)."""
    return _Lazy(items, make) if lazy else [make(item) for item in items]


def _problem(problem: Problem, footnote: Footnote | None = None) -> dict[str, Any]:
    """A Problem; footnote problems also name their footnote and link problems their URL, so
    a finding is self-contained; an accepted (known) finding says why ("ignore", "baseline")."""
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
    if problem.accepted is not None:
        data["accepted"] = problem.accepted.value
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
    fetched = link.fetched
    data["cached"] = fetched is not None and fetched.from_cache
    data["checked_at"] = iso_time(fetched.checked_at if fetched is not None else None)
    if link.alternatives:
        data["alternatives"] = [_reading(r) for r in link.alternatives]
    data["archive"] = _archive(link.archive)
    return data


def _archive(copy: ArchiveCopy | None) -> dict[str, Any] | None:
    """A link's archived copy (`Link.archive`), or None when none was looked for or found."""
    if copy is None:
        return None
    return {
        "url": copy.url,
        "timestamp": copy.timestamp,
        "target": copy.target,
        "target_from": copy.target_from.value,
        "verified": copy.verified,
    }


def iso_time(epoch: float | None) -> str | None:
    """Epoch seconds as ISO 8601 in UTC to the second ("2026-12-07T17:49:09Z"), or None.
    A run's links were checked within a few seconds: each second is written once
    (`_iso_second`) unless the epoch is so near the next one that rounding to microseconds,
    as `datetime.fromtimestamp` does, could carry into it (`_iso_time` then)."""
    if epoch is None:
        return None
    second = math.floor(epoch)
    if epoch - second < _NEAR_NEXT:
        return _iso_second(second)
    return _iso_time(epoch)


_NEAR_NEXT = 0.999
"""The fraction of a second from which `iso_time` leaves an epoch to `_iso_time`."""


def _iso_time(epoch: float) -> str:
    """`iso_time` of an epoch as `datetime` writes it (the reference)."""
    moment = datetime.fromtimestamp(epoch, UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


@functools.lru_cache(maxsize=256)
def _iso_second(second: int) -> str:
    """`_iso_time` of a whole second."""
    return _iso_time(second)


def _reading(reading: Reading) -> dict[str, Any]:
    """Another reading of a link's printed URL (status, reason, HTTP null when not fetched)."""
    return {
        "url": reading.url,
        "status": reading.status.value if reading.status is not None else None,
        "reason": reading.reason,
        "http_status": reading.http_status,
    }


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
        "accessed": footnote.accessed,
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


def _document(document: Document, lazy: bool = False) -> dict[str, Any]:
    """A Document with its footnotes, document-level problems and (only when there are any)
    the URLs of its running text (`lazy`: footnotes and sources made as written)."""
    data: dict[str, Any] = {
        "path": document.path,
        "format": document.format,
        "footnotes": _listed(document.footnotes, _footnote, lazy),
        "problems": [_problem(p) for p in document.problems],
    }
    if document.inline_sources:
        data["inline_sources"] = _listed(document.inline_sources, _inline_source, lazy)
    data["date"] = document.date
    return data


def report_to_dict(report: Report, *, lazy: bool = False) -> dict[str, Any]:
    """The whole report as contract-v1 data (plain dicts, lists, strings, numbers, None);
    `lazy`: each footnote's data made as the indenting encoder writes it (`_Lazy`)."""
    summary = report.summary
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "citecheck", "version": report.tool_version},
        "documents": _listed(report.documents, lambda d: _document(d, lazy), lazy),
        "interrupted": report.interrupted,
        "offline": report.offline,
        "summary": {
            "documents": summary.documents,
            "footnotes": summary.footnotes,
            "links": summary.links,
            "by_status": dict(summary.by_status),
            "by_severity": {s.value: summary.by_severity.get(s.value, 0) for s in Severity},
            "verdict": summary.verdict,
            "fail_on": report.fail_on.value,
        },
    }


class JsonRenderer:
    """Renders a `Report` as contract-v1 JSON (UTF-8 text, not ASCII-escaped)."""

    def __init__(self, *, indent: int | None = 2) -> None:
        """`indent` as for `json.dumps` (None for one line)."""
        self.indent = indent

    def render(self, report: Report) -> str:
        """The JSON text, ending in a newline."""
        return self.render_utf8(report).decode("utf-8", "surrogatepass")

    def render_utf8(self, report: Report) -> bytes | bytearray:
        """`render`'s text encoded as UTF-8 (a lone surrogate as "surrogatepass" encodes it),
        made so without the text: a report's text costs 2 bytes a character once one character
        is beyond Latin-1 (a German quotation mark), its UTF-8 ~1 (bulk: 20 MB → 10 MB)."""
        if self.indent is None:  # one line: the C encoder
            text = json.dumps(report_to_dict(report), ensure_ascii=False) + "\n"
            return text.encode("utf-8", "surrogatepass")
        # json.dumps(…, indent=…) joins a list of every token at once (70 MB for 8,000 links),
        # and indents in pure Python through a generator per level; `dumps_indented_utf8`
        # writes the same text several times faster, gathered as UTF-8. The data is made as it
        # is written (`lazy`): one footnote's data is alive at a time.
        return dumps_indented_utf8(report_to_dict(report, lazy=True), self.indent, "\n")
