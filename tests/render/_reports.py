"""Hand-built reports for the renderer golden tests: every LinkStatus, every severity.

Elapsed times are fixed so that rendered output is byte-for-byte stable.
"""

from __future__ import annotations

from citecheck.models import (
    Document,
    Figure,
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

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO


def _fn(number: int, line: int, text: str, *links: Link, **kwargs: object) -> Footnote:
    """A footnote at `line` whose urls are its links' urls."""
    return Footnote(
        number=number,
        line=line,
        text=text,
        urls=tuple(link.url for link in links),
        links=links,
        references=(Reference(line=number + 2, context=f"Satz mit Fußnote {number}."),),
        **kwargs,  # type: ignore[arg-type]
    )


def motion() -> Document:
    """A Markdown motion with one footnote per link status and problems of every severity."""
    footnotes = (
        _fn(
            1,
            30,
            "Vgl. Auswärtiges Amt: „Japan: Steckbrief“, https://www.auswaertiges-amt.de/de/japan",
            Link(
                url="https://www.auswaertiges-amt.de/de/japan",
                status=LinkStatus.OK,
                http_status=200,
                final_url="https://www.auswaertiges-amt.de/de/japan",
                page_title="Japan: Steckbrief",
                title_match=TitleMatch(TitleVerdict.MATCH, 1.0),
                elapsed_ms=120,
            ),
            cited_title="Japan: Steckbrief",
            figures=(Figure("27 Prozent", True),),
        ),
        _fn(
            2,
            31,
            "Vgl. https://example.org/alt",
            Link(
                url="https://example.org/alt",
                status=LinkStatus.REDIRECT,
                reason="permanent",
                http_status=200,
                final_url="https://example.org/neu/seite_2",
                redirects=(
                    Redirect("https://example.org/alt", 301),
                    Redirect("https://example.org/neu", 302),
                ),
                page_title="Neue Seite",
                title_match=TitleMatch(TitleVerdict.NOT_CITED),
                elapsed_ms=80,
                suggested_url="https://example.org/neu/seite_2",
            ),
            problems=(
                Problem(
                    ProblemCode.REDIRECTED_LINK,
                    W,
                    31,
                    "https://example.org/alt redirects permanently to "
                    "https://example.org/neu/seite_2",
                    url="https://example.org/alt",
                ),
            ),
        ),
        _fn(
            3,
            32,
            "Studie 2023, https://example.org/weg",
            Link(
                url="https://example.org/weg",
                status=LinkStatus.DEAD,
                reason="not_found",
                http_status=404,
                final_url="https://example.org/weg",
                elapsed_ms=50,
            ),
            cited_title="Studie 2023",
            problems=(
                Problem(
                    ProblemCode.DEAD_LINK,
                    E,
                    32,
                    "https://example.org/weg is dead (404)",
                    url="https://example.org/weg",
                ),
            ),
        ),
        _fn(
            4,
            33,
            "Bericht | Teil 1, https://example.org/bericht?a=1&b=2",
            Link(
                url="https://example.org/bericht?a=1&b=2",
                status=LinkStatus.SOFT_404,
                reason="not_found_text",
                http_status=200,
                final_url="https://example.org/bericht?a=1&b=2",
                page_title="Seite nicht gefunden",
                title_match=TitleMatch(TitleVerdict.MISMATCH, 0.21),
                elapsed_ms=70,
            ),
            cited_title="Bericht | Teil 1",
            problems=(
                Problem(
                    ProblemCode.SOFT_404,
                    E,
                    33,
                    "https://example.org/bericht?a=1&b=2 answers 200 but says "
                    "„Seite nicht gefunden“",
                    url="https://example.org/bericht?a=1&b=2",
                ),
            ),
        ),
        _fn(
            5,
            34,
            "Vgl. https://www.linkedin.com/posts/x",
            Link(
                url="https://www.linkedin.com/posts/x",
                status=LinkStatus.BLOCKED,
                reason="bot_protection",
                http_status=999,
                final_url="https://www.linkedin.com/posts/x",
                elapsed_ms=90,
            ),
            problems=(
                Problem(
                    ProblemCode.BLOCKED_LINK,
                    W,
                    34,
                    "https://www.linkedin.com/posts/x cannot be verified: bot protection",
                    url="https://www.linkedin.com/posts/x",
                ),
            ),
        ),
        _fn(
            6,
            35,
            "Vgl. https://slow.example.org/",
            Link(
                url="https://slow.example.org/",
                status=LinkStatus.TIMEOUT,
                reason="timeout",
                elapsed_ms=20000,
            ),
            problems=(
                Problem(
                    ProblemCode.LINK_TIMEOUT,
                    W,
                    35,
                    "https://slow.example.org/ did not answer within 20 s",
                    url="https://slow.example.org/",
                ),
            ),
        ),
        _fn(
            7,
            36,
            "Vgl. https://expired.example.org/a_b",
            Link(
                url="https://expired.example.org/a_b",
                status=LinkStatus.ERROR,
                reason="tls",
                elapsed_ms=30,
            ),
            problems=(
                Problem(
                    ProblemCode.LINK_ERROR,
                    E,
                    36,
                    "https://expired.example.org/a_b: TLS error (certificate expired)",
                    url="https://expired.example.org/a_b",
                ),
            ),
        ),
        _fn(
            8,
            37,
            "Kontakt: mailto:presse@example.org",
            Link(
                url="mailto:presse@example.org",
                status=LinkStatus.SKIPPED,
                reason="unsupported_scheme",
            ),
        ),
        _fn(
            9,
            38,
            "„Lagebericht 2023“, https://example.org/lagebericht",
            Link(
                url="https://example.org/lagebericht",
                status=LinkStatus.OK,
                http_status=200,
                final_url="https://example.org/lagebericht",
                page_title="Lagebericht 2024",
                title_match=TitleMatch(TitleVerdict.MISMATCH, 0.94),
                elapsed_ms=110,
            ),
            cited_title="Lagebericht 2023",
            figures=(Figure("203 Milliarden Euro", False),),
            problems=(
                Problem(
                    ProblemCode.TITLE_MISMATCH,
                    W,
                    38,
                    "cited „Lagebericht 2023“ but the page is titled „Lagebericht 2024“",
                ),
                Problem(
                    ProblemCode.FIGURE_NOT_IN_SOURCE,
                    W,
                    11,
                    "„203 Milliarden Euro“ not found in the source",
                ),
                Problem(
                    ProblemCode.YEAR_MISMATCH,
                    N,
                    38,
                    "cited year 2023, the page says 2024",
                ),
            ),
        ),
        _fn(
            10,
            39,
            "Zeitwende in Japan, https://example.org/zeitenwende",
            Link(
                url="https://example.org/zeitenwende",
                status=LinkStatus.OK,
                http_status=200,
                final_url="https://example.org/zeitenwende",
                page_title="Zeitenwende in Japan",
                title_match=TitleMatch(TitleVerdict.MATCH, 0.97),
                elapsed_ms=100,
            ),
            cited_title="Zeitwende in Japan",
            problems=(
                Problem(
                    ProblemCode.TITLE_TYPO,
                    N,
                    39,
                    "title typo: „Zeitwende“ should be „Zeitenwende“",
                ),
            ),
        ),
        _fn(
            11,
            40,
            "Ebd., S. 4.",
            ibid_of=10,
            problems=(
                Problem(ProblemCode.NO_SOURCE, N, 40, "footnote names no source, 50 % | a:b, c"),
            ),
        ),
    )
    problems = (
        Problem(
            ProblemCode.UNCITED_FIGURE,
            W,
            12,
            "figure „44,2 Mrd. Euro“ stated without a footnote\nsecond line %0A",
        ),
        Problem(ProblemCode.NUMBERING_GAP, W, 20, "footnote 12 follows 10 * _emphasis_ <b>"),
        Problem(ProblemCode.MISSING_DEFINITION, E, 21, "marker 12 has no definition"),
    )
    return Document(
        path="motions/antrag japan.md", format="markdown", footnotes=footnotes, problems=problems
    )


def press_release() -> Document:
    """A text document with no footnotes: the nothing-found warning without a line."""
    return Document(
        path="pressemitteilung.txt",
        format="text",
        problems=(
            Problem(
                ProblemCode.NOTHING_FOUND,
                W,
                None,
                "no footnotes and no URLs found: is this the right file?",
            ),
        ),
    )


def clean_document() -> Document:
    """A document whose one footnote is fine."""
    return Document(
        path="/abs/path/clean.md",
        format="markdown",
        footnotes=(
            _fn(
                1,
                5,
                "Vgl. https://example.org/ok",
                Link(
                    url="https://example.org/ok",
                    status=LinkStatus.OK,
                    http_status=200,
                    final_url="https://example.org/ok",
                    page_title="Ok",
                    title_match=TitleMatch(TitleVerdict.NOT_CITED),
                    elapsed_ms=10,
                ),
            ),
        ),
    )


def sample_report() -> Report:
    """The varied report every CI renderer's golden file shows."""
    documents = (motion(), press_release(), clean_document())
    return Report(
        documents=documents, summary=summarize(documents), tool_version="0.1.0", elapsed_ms=1234
    )


def clean_report() -> Report:
    """A report with nothing to say."""
    documents = (clean_document(),)
    return Report(
        documents=documents, summary=summarize(documents), tool_version="0.1.0", elapsed_ms=56
    )


def offline_report() -> Report:
    """An --offline run: links skipped, structure problems only."""
    document = Document(
        path="antrag.md",
        format="markdown",
        footnotes=(
            _fn(
                1,
                9,
                "Vgl. https://example.org/a",
                Link(url="https://example.org/a", status=LinkStatus.SKIPPED, reason="offline"),
            ),
        ),
        problems=(Problem(ProblemCode.UNUSED_DEFINITION, W, 9, "footnote 1 is never cited"),),
    )
    documents = (document,)
    return Report(
        documents=documents,
        summary=summarize(documents),
        tool_version="0.1.0",
        elapsed_ms=7,
        offline=True,
    )


def paged_report() -> Report:
    """A PDF: footnote 1 defined on page 2 and cited on page 1 (a dead link at the definition, a
    year note at the citing line); footnote 2 on page 2 with nothing wrong; a document-level
    problem, which has a line but no page."""
    dead = Link(
        url="https://example.org/weg",
        status=LinkStatus.DEAD,
        reason="not_found",
        http_status=404,
        final_url="https://example.org/weg",
        elapsed_ms=30,
    )
    ok = Link(
        url="https://example.org/ok",
        status=LinkStatus.OK,
        http_status=200,
        final_url="https://example.org/ok",
        title_match=TitleMatch(TitleVerdict.NOT_CITED),
        elapsed_ms=10,
    )
    first = Footnote(
        number=1,
        line=40,
        text="Vgl. https://example.org/weg",
        urls=(dead.url,),
        links=(dead,),
        references=(Reference(line=12, context="Ein Satz von Seite eins.", page=1),),
        problems=(
            Problem(
                ProblemCode.DEAD_LINK, E, 40, "https://example.org/weg is dead (404)", url=dead.url
            ),
            Problem(ProblemCode.YEAR_MISMATCH, N, 12, "the sentence names 2021, the page 2023"),
        ),
        page=2,
    )
    second = Footnote(
        number=2,
        line=41,
        text="Vgl. https://example.org/ok",
        urls=(ok.url,),
        links=(ok,),
        references=(Reference(line=30, context="Ein Satz von Seite zwei.", page=2),),
        page=2,
    )
    document = Document(
        path="drucksache.pdf",
        format="pdf",
        footnotes=(first, second),
        problems=(Problem(ProblemCode.MISSING_DEFINITION, E, 33, "marker 3 has no footnote"),),
    )
    documents = (document,)
    return Report(
        documents=documents, summary=summarize(documents), tool_version="0.1.0", elapsed_ms=9
    )


def inline_report() -> Report:
    """A PDF without footnotes whose running text cites two URLs: a long dead one on page 1 (a
    document-level dead-link problem at its line) and a fine one on page 2."""
    dead_url = (
        "https://securingdemocracy.gmfus.org/the-states-of-foreign-information-operations-a-state"
        "-by-state-look-at-foreign-information-manipulation-in-the-united-states/"
    )
    dead = Link(
        url=dead_url,
        status=LinkStatus.DEAD,
        reason="not_found",
        http_status=404,
        final_url=dead_url,
        title_match=TitleMatch(TitleVerdict.NOT_CITED),
        elapsed_ms=30,
    )
    ok = Link(
        url="www.gmfus.org/",
        status=LinkStatus.OK,
        http_status=200,
        final_url="https://www.gmfus.org/",
        page_title="German Marshall Fund",
        title_match=TitleMatch(TitleVerdict.NOT_CITED),
        elapsed_ms=10,
    )
    document = Document(
        path="kleine-anfrage.pdf",
        format="pdf",
        problems=(
            Problem(
                ProblemCode.DEAD_LINK,
                E,
                18,
                f"Dead link in the text: {dead_url} (HTTP 404, not_found)",
                url=dead_url,
            ),
        ),
        inline_sources=(
            InlineSource(18, dead_url, f"Die Anfrage (vgl. {dead_url}).", page=1, links=(dead,)),
            InlineSource(49, ok.url, "n) German Marshall Fund (vgl. www.gmfus.org/),", links=(ok,)),
        ),
    )
    documents = (document,)
    return Report(
        documents=documents, summary=summarize(documents), tool_version="0.1.0", elapsed_ms=9
    )
