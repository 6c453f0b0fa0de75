"""Reports for the HTML report's tests: the demo run (the real engine against the bundled replica
pages on 127.0.0.1, as `citecheck --demo` does it) and a hostile report whose every field from a
document or a web page tries to inject markup, script or a `javascript:` link.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import cache

from citecheck.check import CheckRun
from citecheck.demo import DemoFetcher, document_path
from citecheck.models import (
    Document,
    Footnote,
    InlineSource,
    Link,
    LinkStatus,
    Problem,
    ProblemCode,
    Redirect,
    Reference,
    Report,
    Severity,
    TitleMatch,
    TitleVerdict,
    summarize,
)
from citecheck.options import CheckOptions
from citecheck.parse import collect_inputs, load_input


@cache
def demo_report() -> Report:
    """The demo's report, checked once per test session."""
    documents = [load_input(i) for i in collect_inputs([str(document_path())], ())]
    run = CheckRun(documents, CheckOptions())

    async def fetch() -> None:
        fetcher = DemoFetcher()
        try:
            await run.fetch_all(fetcher)
        finally:
            await fetcher.aclose()

    asyncio.run(fetch())
    return run.report()


#: Every string here would run, load or navigate if it reached the page as markup.
SCRIPT = "<script>window.__pwned = 1; alert(1)</script>"
IMG = '<img src="x" onerror="window.__pwned = 2; alert(2)">'
ATTR = '"><svg onload="window.__pwned=3;alert(3)"><a x="'
JS_URL = "javascript:window.__pwned=4;alert(4)"
JS_URL_SPACED = " JaVaScRiPt:alert(5)"
DATA_URL = "data:text/html,<script>alert(6)</script>"
QUOTE_URL = 'https://example.org/"onmouseover="window.__pwned=7;alert(7)'

BODY = (
    f"Ein Satz mit {SCRIPT} und {IMG} darin.\n\n"
    f"Die Quelle steht hier {JS_URL} im Text. Und {ATTR} bleibt Text.\n"
)
MARK = BODY.index("darin.") + len("darin.")
"""Where footnote 1's marker stood."""


@dataclass(frozen=True, slots=True)
class ArchivedLink(Link):
    """A `Link` with the archive engineer's `archive` attribute (the report's hook reads it)."""

    archive: object = None


def hostile_report() -> Report:
    """A report whose document, footnotes, page titles and URLs all carry injections."""
    link = Link(
        url=JS_URL,
        status=LinkStatus.ERROR,
        reason="unsupported_scheme",
        page_title=SCRIPT,
    )
    moved = ArchivedLink(
        url=QUOTE_URL,
        status=LinkStatus.REDIRECT,
        reason="permanent",
        http_status=200,
        final_url=DATA_URL,
        redirects=(Redirect(JS_URL_SPACED, 301),),
        page_title=IMG + ATTR,
        title_match=TitleMatch(TitleVerdict.MISMATCH, 0.1),
        suggested_url=JS_URL,
        archive=JS_URL,
    )
    footnotes = (
        Footnote(
            number=1,
            line=5,
            text=f"Vgl. {SCRIPT} {JS_URL}",
            cited_title=ATTR,
            references=(Reference(1, f"Ein Satz mit {SCRIPT} und {IMG} darin.", offset=MARK),),
            urls=(JS_URL,),
            links=(link,),
            problems=(
                Problem(ProblemCode.LINK_ERROR, Severity.ERROR, 5, f"Link {SCRIPT}", url=JS_URL),
            ),
        ),
        Footnote(
            number=2,
            line=6,
            text=IMG,
            cited_title=SCRIPT,
            references=(Reference(3, f"Und {ATTR} bleibt Text."),),
            urls=(QUOTE_URL,),
            links=(moved,),
            suggested_title=SCRIPT,
            problems=(
                Problem(ProblemCode.TITLE_MISMATCH, Severity.WARNING, 6, ATTR, url=QUOTE_URL),
            ),
        ),
    )
    inline = InlineSource(
        line=3,
        url=JS_URL,
        context=f"Die Quelle steht hier {JS_URL} im Text.",
        links=(Link(url=JS_URL, status=LinkStatus.ERROR, reason="unsupported_scheme"),),
        offset=BODY.index(JS_URL),
    )
    document = Document(
        path=f"{SCRIPT}.md",
        format="markdown",
        footnotes=footnotes,
        problems=(
            Problem(ProblemCode.LINK_ERROR, Severity.ERROR, 3, IMG, url=JS_URL),
            Problem(ProblemCode.UNCITED_FIGURE, Severity.INFO, 1, SCRIPT),
        ),
        inline_sources=(inline,),
        body=BODY,
    )
    documents = (document,)
    return Report(documents=documents, summary=summarize(documents), tool_version=SCRIPT)
