"""The HTML report: one self-contained page an editor opens in the browser, the motion itself
with every source's verdict on it (Jinja2, autoescaped; inline CSS and JavaScript admitted by a
Content-Security-Policy that lets nothing else load or run).
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path
from typing import Final

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

from citecheck.i18n import CODES_URL, Words, words
from citecheck.models import Report
from citecheck.render.html_body import Sentence
from citecheck.render.html_document import report_view

__all__ = ["ASSETS", "HtmlRenderer", "content_security_policy"]

ASSETS: Final = Path(__file__).resolve().parent / "html_assets"
"""The template, stylesheet and script of the report."""


def _sha256(text: str) -> str:
    """A CSP source expression admitting exactly the inline element with `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(css: str, js: str) -> str:
    """Nothing may load (no image, font, frame, fetch or form target) and only the report's
    own stylesheet and script may apply or run: injected markup stays inert even if some
    escaping failed."""
    return (
        "default-src 'none'; "
        f"style-src {_sha256(css)}; script-src {_sha256(js)}; "
        "base-uri 'none'; form-action 'none'"
    )


@cache
def _assets() -> tuple[Template, str, str]:
    """The compiled template, the stylesheet and the script (read once)."""
    env = Environment(
        loader=FileSystemLoader(ASSETS),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.tests["sentence"] = lambda item: isinstance(item, Sentence)
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    js = (ASSETS / "report.js").read_text(encoding="utf-8")
    return env.get_template("report.html.j2"), css, js


def ui_words(tr: Words) -> dict[str, str]:
    """The words of the page itself (headings, filters, labels) in the reader's language."""
    return {
        "report": tr("report"),
        "summary": tr("Summary:").rstrip(":"),
        "skip": tr("Skip to the documents"),
        "by_severity": tr("Findings by severity"),
        "by_status": tr("Links by status"),
        "filters": tr("Filters"),
        "show": tr("Show"),
        "problems_only": tr("problems only"),
        "all": tr("all"),
        "status": tr("Status"),
        "all_statuses": tr("every status"),
        "search": tr("Search"),
        "shown": tr("{shown} of {total} entries shown"),
        "no_match": tr("No entry matches the filters."),
        "contents": tr("Contents"),
        "document_findings": tr("Findings about the document"),
        "text": tr("Text"),
        "no_body": tr("The text of this document is not available."),
        "unplaced": tr("Markers whose place in the text is unknown:"),
        "footnotes": tr("Footnotes"),
        "footnote": tr("Footnote"),
        "back": tr("back to the text"),
        "link_in_text": tr("link in the text"),
        "links_in_text": tr("Links in the text"),
        "no_footnotes": tr("No footnotes found."),
        "cited_title": tr("Cited title:"),
        "page_title": tr("Page title:"),
        "chain": tr("HTTP chain"),
        "cite_instead": tr("cite instead:"),
        "archived": tr("Archived copy:"),
        "what_to_do": tr("What to do:"),
        "figures_found": tr("Figures found in the source:"),
        "figures_missing": tr("Figures not found in the source:"),
        "add_title": tr("Title to add:"),
        "codes": tr("what the codes mean"),
    }


class HtmlRenderer:
    """Renders a `Report` as one self-contained HTML page: the verdict, counts by severity with
    a bar, filters and a search field (JavaScript; without it everything shows), a contents list
    of the documents, and per document its findings, its text with every footnote marker and
    inline URL marked by colour and symbol (the citing sentence lights up on hover and focus)
    and its footnotes with their sources: status in words, HTTP chain, page title against the
    cited title, figures found and missing, archived copy, what to do. `quiet` starts the page
    on "problems only"; `lang` "en"/"de" (None: the locale); `suggest_titles` offers a bare
    URL's page title as its title."""

    def __init__(
        self, *, quiet: bool = False, lang: str | None = None, suggest_titles: bool = False
    ) -> None:
        self.quiet = quiet
        self.tr = words(lang)
        self.suggest_titles = suggest_titles

    def render(self, report: Report) -> str:
        """The whole page, ending in a newline."""
        template, css, js = _assets()
        view = report_view(report, self.tr, quiet=self.quiet, suggest_titles=self.suggest_titles)
        return template.render(
            view=view,
            t=ui_words(self.tr),
            lang=self.tr.lang,
            css=Markup(css),
            js=Markup(js),
            csp=content_security_policy(css, js),
            codes_url=CODES_URL,
        )
