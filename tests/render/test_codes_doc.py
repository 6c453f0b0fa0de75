"""docs/codes.md: generated from the catalogue and committed in step with it; every status,
reason and problem code has its anchor there, and every link the reports make (SARIF helpUri,
Markdown) points at an anchor that exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

from citecheck.i18n import CODES_URL, codes_page
from citecheck.i18n.catalog import CODES, REASONS, STATUSES
from citecheck.models import LinkStatus, ProblemCode
from citecheck.render.markdown import MarkdownRenderer
from citecheck.render.sarif import SarifRenderer

from ._reports import paged_report, sample_report

PAGE = Path(__file__).resolve().parents[2] / "docs" / "codes.md"
ANCHOR = re.compile(r'<a id="([a-z0-9-]+)"></a>')


def _anchors() -> list[str]:
    return ANCHOR.findall(PAGE.read_text(encoding="utf-8"))


def test_page_is_in_step_with_the_catalogue() -> None:
    # After changing the catalogue: python -c "from citecheck.i18n import codes_page; \
    #   open('docs/codes.md', 'w').write(codes_page())"
    assert PAGE.read_text(encoding="utf-8") == codes_page()


def test_every_code_status_and_reason_has_a_stable_anchor() -> None:
    anchors = _anchors()
    assert len(anchors) == len(set(anchors))
    for code in ProblemCode:
        assert code.value in anchors  # "#dead-link": the code itself
    for status in LinkStatus:
        assert "status-" + status.value.replace("_", "-") in anchors
    for reason in REASONS:
        assert "reason-" + reason.replace("_", "-") in anchors
    assert "reason-not-found-text" in anchors and "dead-link" in anchors
    assert {"run-interrupted", "run-offline", "run-cached"} <= set(anchors)
    entries = [*CODES.values(), *STATUSES.values(), *REASONS.values()]
    assert {e.anchor for e in entries} <= set(anchors)


def test_every_code_is_explained_in_english_and_german() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for code in ProblemCode:
        section = text.split(f'<a id="{code.value}"></a>', 1)[1].split("<a id=", 1)[0]
        assert "**Fix:**" in section and "**Abhilfe:**" in section


def test_every_sarif_help_uri_points_at_an_anchor_on_the_page() -> None:
    log = json.loads(SarifRenderer().render(sample_report()))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) == len(ProblemCode)
    anchors = set(_anchors())
    for rule in rules:
        url, _, anchor = rule["helpUri"].partition("#")
        assert url == CODES_URL == "https://github.com/citecheck/citecheck/blob/main/docs/codes.md"
        assert anchor == rule["id"] and anchor in anchors
        assert rule["help"]["text"].endswith(".")


def test_every_markdown_link_to_the_page_has_its_anchor() -> None:
    anchors = set(_anchors())
    for report in (sample_report(), paged_report()):
        text = MarkdownRenderer().render(report)
        linked = re.findall(re.escape(CODES_URL) + r"#([a-z0-9-]+)\)", text)
        assert linked and set(linked) <= anchors
