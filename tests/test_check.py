"""The check pipeline with a fake Fetcher (citecheck's own seam): dedupe, skips, statuses,
problems, title placeholder, interruption, network-unavailable and exit codes."""

from __future__ import annotations

import asyncio

import pytest

from citecheck.check import (
    CheckOptions,
    CheckRun,
    FailOn,
    LinkEvent,
    check,
    exit_code,
)
from citecheck.errors import ConfigError, NetworkUnavailable
from citecheck.models import (
    LINK_RULES,
    Document,
    Fetched,
    Footnote,
    InlineSource,
    LinkStatus,
    Problem,
    ProblemCode,
    Redirect,
    Reference,
    Severity,
    TitleVerdict,
)
from conftest import FakeFetcher


def _footnote(number: int, *urls: str, title: str | None = None, line: int = 0) -> Footnote:
    return Footnote(
        number=number,
        line=line or 20 + number,
        text=f"Vgl. {' '.join(urls)}",
        cited_title=title,
        references=(Reference(line=number, context=f"Satz {number}."),),
        urls=urls,
    )


def _doc(*footnotes: Footnote, path: str = "a.md") -> Document:
    return Document(path=path, format="markdown", footnotes=footnotes)


def _run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_dedupes_urls_across_footnotes_and_documents_by_fetchable_form() -> None:
    """One fetch per distinct fetchable URL, even when written differently."""
    docs = [
        _doc(_footnote(1, "https://example.org/a"), _footnote(2, "www.example.org/b")),
        _doc(_footnote(1, "https://example.org/a", "https://www.example.org/b"), path="b.md"),
    ]
    fetcher = FakeFetcher()
    report = _run(check(docs, fetcher, CheckOptions()))
    assert sorted(fetcher.calls) == ["https://example.org/a", "https://www.example.org/b"]
    # Links keep the URL as written.
    assert report.documents[0].footnotes[1].links[0].url == "www.example.org/b"
    assert all(
        link.status is LinkStatus.OK
        for d in report.documents
        for f in d.footnotes
        for link in f.links
    )
    assert report.summary.links == 4
    assert report.summary.by_status["ok"] == 4


def test_doi_is_fetched_through_doi_org() -> None:
    fetcher = FakeFetcher()
    _run(check([_doc(_footnote(1, "doi:10.1000/xyz"))], fetcher, CheckOptions()))
    assert fetcher.calls == ["https://doi.org/10.1000/xyz"]


def test_unsupported_scheme_and_excluded_are_skipped_without_fetching() -> None:
    docs = [
        _doc(
            _footnote(1, "mailto:presse@bundestag.de"),
            _footnote(2, "ftp://ftp.example.org/x"),
            _footnote(3, "https://intranet.example.org/x", "https://example.org/ok"),
        )
    ]
    fetcher = FakeFetcher()
    report = _run(check(docs, fetcher, CheckOptions(exclude=(r"intranet\.",))))
    assert fetcher.calls == ["https://example.org/ok"]
    links = [link for f in report.documents[0].footnotes for link in f.links]
    assert [(link.status, link.reason) for link in links] == [
        (LinkStatus.SKIPPED, "unsupported_scheme"),
        (LinkStatus.SKIPPED, "unsupported_scheme"),
        (LinkStatus.SKIPPED, "excluded"),
        (LinkStatus.OK, None),
    ]
    # Skipped links are not findings.
    assert all(not f.problems for f in report.documents[0].footnotes)


def test_invalid_exclude_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="invalid --exclude"):
        CheckRun([_doc()], CheckOptions(exclude=("(",)))


def test_offline_fetches_nothing_and_marks_every_link() -> None:
    docs = [_doc(_footnote(1, "https://example.org/a", title="A"), _footnote(2, "mailto:x@y.de"))]
    report = _run(check(docs, None, CheckOptions(offline=True)))
    links = [link for f in report.documents[0].footnotes for link in f.links]
    assert [(link.status, link.reason) for link in links] == [
        (LinkStatus.SKIPPED, "offline"),
        (LinkStatus.SKIPPED, "unsupported_scheme"),
    ]
    assert links[0].title_match.verdict is TitleVerdict.UNAVAILABLE
    assert links[1].title_match.verdict is TitleVerdict.NOT_CITED
    assert report.offline
    assert report.summary.by_status["skipped"] == 2


def test_online_check_without_fetcher_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="fetcher"):
        _run(check([_doc(_footnote(1, "https://example.org/"))], None, CheckOptions()))


ANSWERS = {
    "https://e.org/ok": Fetched(
        url="https://e.org/ok",
        final_url="https://e.org/ok",
        http_status=200,
        page_title="Zeitenwende in Japan – Analyse",
        elapsed_ms=42,
    ),
    "https://e.org/gone": Fetched(
        url="https://e.org/gone", final_url="https://e.org/gone", http_status=404
    ),
    "https://e.org/forbidden": Fetched(
        url="https://e.org/forbidden", final_url="https://e.org/forbidden", http_status=403
    ),
    "https://e.org/slow": Fetched(url="https://e.org/slow", error_kind="timeout"),
    "https://e.org/broken": Fetched(
        url="https://e.org/broken", final_url="https://e.org/broken", http_status=500, retried=3
    ),
    "https://e.org/old": Fetched(
        url="https://e.org/old",
        final_url="https://e.org/new-place/article",
        http_status=200,
        redirects=(Redirect("https://e.org/old", 301),),
        page_title="Neuer Ort",
    ),
}


def _statuses_report():  # type: ignore[no-untyped-def]
    footnotes = [
        _footnote(1, "https://e.org/ok", title="Zeitenwende in Japan"),
        _footnote(2, "https://e.org/gone", title="Weg"),
        _footnote(3, "https://e.org/forbidden"),
        _footnote(4, "https://e.org/slow"),
        _footnote(5, "https://e.org/broken"),
        _footnote(6, "https://e.org/old", title="Alter Titel"),
    ]
    return _run(check([_doc(*footnotes)], FakeFetcher(ANSWERS), CheckOptions()))


def test_statuses_link_fields_and_problems() -> None:
    report = _statuses_report()
    fns = report.documents[0].footnotes
    ok = fns[0].links[0]
    assert (ok.status, ok.http_status, ok.page_title, ok.elapsed_ms) == (
        LinkStatus.OK,
        200,
        "Zeitenwende in Japan – Analyse",
        42,
    )
    assert ok.title_match.verdict is TitleVerdict.MATCH  # cited title is part of the page's
    assert fns[0].problems == ()
    expected = [
        (LinkStatus.DEAD, ProblemCode.DEAD_LINK, Severity.ERROR),
        (LinkStatus.BLOCKED, ProblemCode.BLOCKED_LINK, Severity.WARNING),
        (LinkStatus.TIMEOUT, ProblemCode.LINK_TIMEOUT, Severity.WARNING),
        (LinkStatus.ERROR, ProblemCode.LINK_ERROR, Severity.ERROR),
        (LinkStatus.REDIRECT, ProblemCode.REDIRECTED_LINK, Severity.WARNING),
    ]
    for footnote, (status, code, severity) in zip(fns[1:], expected, strict=True):
        assert footnote.links[0].status is status
        link_problems = [p for p in footnote.problems if p.code is code]
        assert [(p.code, p.severity, p.line) for p in link_problems] == [
            (code, severity, footnote.line)
        ]
        assert footnote.links[0].url in link_problems[0].message
        assert link_problems[0].url == footnote.links[0].url  # every link problem names its URL
    redirected = fns[5].links[0]
    assert redirected.final_url == "https://e.org/new-place/article"
    assert redirected.redirects == (Redirect("https://e.org/old", 301),)
    assert "https://e.org/new-place/article" in fns[5].problems[-1].message
    # An error page's title is not compared with the cited title.
    assert fns[1].links[0].title_match.verdict is TitleVerdict.UNAVAILABLE
    # Reached page with a different title: mismatch, with its warning.
    assert redirected.title_match.verdict is TitleVerdict.MISMATCH
    assert ProblemCode.TITLE_MISMATCH in {p.code for p in fns[5].problems}
    assert fns[2].links[0].title_match.verdict is TitleVerdict.NOT_CITED
    assert report.summary.by_status == {
        "ok": 1,
        "redirect": 1,
        "dead": 1,
        "soft_404": 0,
        "blocked": 1,
        "timeout": 1,
        "error": 1,
        "skipped": 0,
    }


def test_link_rules_cover_every_status_once() -> None:
    """The one table from link status to finding is complete: every status has an entry, the
    failing and unverifiable ones a rule of their own with their severity, ok and skipped none."""
    assert set(LINK_RULES) == set(LinkStatus)
    rules = {status: rule for status, rule in LINK_RULES.items() if rule is not None}
    assert set(rules) == {s for s in LinkStatus if s.is_failure or s.is_unverifiable} | {
        LinkStatus.REDIRECT
    }
    assert len({rule.code for rule in rules.values()}) == len(rules)
    for status, rule in rules.items():
        assert rule.severity is (Severity.ERROR if status.is_failure else Severity.WARNING)


def test_every_problem_code_is_produced_somewhere() -> None:
    """No dead codes: each code is named by the code that produces it (the link codes by
    models.LINK_RULES, which check applies), not only by its enum and the SARIF rules."""
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src" / "citecheck"
    text = "\n".join(
        path.read_text(encoding="utf-8")
        for path in src.rglob("*.py")
        if path.name != "sarif.py"  # the rule catalogue describes codes; it produces none
    )
    dead = [code for code in ProblemCode if f"ProblemCode.{code.name}" not in text]
    assert dead == []


def test_exit_codes_follow_fail_on() -> None:
    report = _statuses_report()
    assert exit_code(report, FailOn.ERROR) == 1
    assert exit_code(report, FailOn.WARNING) == 1
    assert exit_code(report, FailOn.NEVER) == 0
    only_warnings = _run(
        check([_doc(_footnote(1, "https://e.org/forbidden"))], FakeFetcher(ANSWERS), CheckOptions())
    )
    assert exit_code(only_warnings, FailOn.ERROR) == 0
    assert exit_code(only_warnings, FailOn.WARNING) == 1
    info_only = _run(
        check(
            [
                Document(
                    "a.md",
                    "markdown",
                    (_footnote(1, "https://e.org/ok"),),
                    (Problem(ProblemCode.NO_SOURCE, Severity.INFO, 3, "x"),),
                )
            ],
            FakeFetcher(ANSWERS),
            CheckOptions(),
        )
    )
    assert exit_code(info_only, FailOn.WARNING) == 0


@pytest.mark.parametrize(
    ("fetched", "status"),
    [
        (Fetched(url="https://e.org/x", final_url="https://e.org/x", http_status=404), "dead"),
        (
            Fetched(
                url="https://e.org/x",
                final_url="https://e.org/x",
                http_status=200,
                page_title="Seite nicht gefunden",
                title_candidates=("Seite nicht gefunden",),
            ),
            "soft_404",
        ),
        (Fetched(url="https://e.org/x", final_url="https://e.org/x", http_status=502), "error"),
    ],
)
def test_dead_soft_404_and_error_fail_the_run_by_default(fetched: Fetched, status: str) -> None:
    report = _run(
        check(
            [_doc(_footnote(1, "https://e.org/x"))],
            FakeFetcher({"https://e.org/x": fetched}),
            CheckOptions(),
        )
    )
    assert report.documents[0].footnotes[0].links[0].status.value == status
    assert exit_code(report, FailOn.ERROR) == 1
    assert exit_code(report, FailOn.NEVER) == 0


def test_titles_are_verified_against_the_page() -> None:
    """verify_footnote runs for every footnote: a typo is a match with an info note, a
    different work a mismatch warning, and a bare URL gets the page title suggested."""
    answers = {
        "https://e.org/typo": Fetched(
            url="https://e.org/typo",
            final_url="https://e.org/typo",
            http_status=200,
            page_title="Zeitenwende in Japan",
            title_candidates=("Zeitenwende in Japan",),
        ),
        "https://e.org/other": Fetched(
            url="https://e.org/other",
            final_url="https://e.org/other",
            http_status=200,
            page_title="Kochrezepte aus Bayern",
            title_candidates=("Kochrezepte aus Bayern",),
        ),
        "https://e.org/bare": Fetched(
            url="https://e.org/bare",
            final_url="https://e.org/bare",
            http_status=200,
            page_title="Lagebild Wirtschaftsschutz",
            title_candidates=("Lagebild Wirtschaftsschutz",),
        ),
    }
    docs = [
        _doc(
            _footnote(1, "https://e.org/typo", title="Zeitwende in Japan"),
            _footnote(2, "https://e.org/other", title="Sicherheitsstrategie Japans"),
            _footnote(3, "https://e.org/bare"),
        )
    ]
    report = _run(check(docs, FakeFetcher(answers), CheckOptions()))
    typo, other, bare = report.documents[0].footnotes
    assert typo.links[0].title_match.verdict is TitleVerdict.MATCH
    assert [p.code for p in typo.problems] == [ProblemCode.TITLE_TYPO]
    assert other.links[0].title_match.verdict is TitleVerdict.MISMATCH
    assert [p.code for p in other.problems] == [ProblemCode.TITLE_MISMATCH]
    assert bare.links[0].title_match.verdict is TitleVerdict.NOT_CITED
    assert bare.suggested_title == "Lagebild Wirtschaftsschutz"


def test_title_threshold_option_reaches_the_comparison() -> None:
    """A near title (fuzzy 0.93) matches at the default threshold and not at a stricter one."""
    url = "https://e.org/near"
    answers = {
        url: Fetched(
            url=url,
            final_url=url,
            http_status=200,
            page_title="Sicherheitspolitik Japan im Wandel",
            title_candidates=("Sicherheitspolitik Japan im Wandel",),
        )
    }
    docs = [_doc(_footnote(1, url, title="Die Sicherheitspolitik Japans im Wandel"))]

    def verdict(options: CheckOptions) -> tuple[TitleVerdict, list[ProblemCode]]:
        (footnote,) = _run(check(docs, FakeFetcher(answers), options)).documents[0].footnotes
        assert footnote.links[0].title_match is not None
        return footnote.links[0].title_match.verdict, [p.code for p in footnote.problems]

    assert CheckOptions().title_threshold == 0.90
    assert verdict(CheckOptions()) == (TitleVerdict.MATCH, [])
    assert verdict(CheckOptions(title_threshold=0.95)) == (
        TitleVerdict.MISMATCH,
        [ProblemCode.TITLE_MISMATCH],
    )


def test_fetcher_exception_becomes_error_link_not_crash() -> None:
    class Exploding(FakeFetcher):
        async def fetch(self, url: str) -> Fetched:
            if "boom" in url:
                raise RuntimeError("bug")
            return await super().fetch(url)

    report = _run(
        check(
            [_doc(_footnote(1, "https://e.org/boom", "https://e.org/fine"))],
            Exploding(),
            CheckOptions(),
        )
    )
    links = report.documents[0].footnotes[0].links
    assert [(link.status, link.reason) for link in links] == [
        (LinkStatus.ERROR, "internal_error"),
        (LinkStatus.OK, None),
    ]


def test_network_unavailable_when_every_host_fails_to_resolve() -> None:
    urls = ["https://a.example/", "https://b.example/", "https://c.example/x"]
    answers = {u: Fetched(url=u, error_kind="dns") for u in urls}
    with pytest.raises(NetworkUnavailable, match="3 hosts"):
        _run(check([_doc(_footnote(1, *urls))], FakeFetcher(answers), CheckOptions()))


def test_cached_answers_do_not_hide_a_dead_network() -> None:
    # An ok answer from an earlier run's cache says nothing about the network now.
    urls = ["https://a.example/", "https://b.example/", "https://c.example/x", "https://ok.org/"]
    answers = {u: Fetched(url=u, error_kind="dns") for u in urls[:3]}
    answers[urls[3]] = Fetched(url=urls[3], final_url=urls[3], http_status=200, from_cache=True)
    with pytest.raises(NetworkUnavailable, match="3 hosts"):
        _run(check([_doc(_footnote(1, *urls))], FakeFetcher(answers), CheckOptions()))


def test_a_failing_resolver_counts_as_a_failed_lookup_but_is_no_dead_link() -> None:
    urls = ["https://a.example/", "https://b.example/", "https://c.example/"]
    answers = {u: Fetched(url=u, error_kind="dns_failure") for u in urls}
    with pytest.raises(NetworkUnavailable):
        _run(check([_doc(_footnote(1, *urls))], FakeFetcher(answers), CheckOptions()))
    # On one host it is an error (could not verify), never "dead".
    report = _run(
        check(
            [_doc(_footnote(1, urls[0]))], FakeFetcher({urls[0]: answers[urls[0]]}), CheckOptions()
        )
    )
    link = report.documents[0].footnotes[0].links[0]
    assert (link.status, link.reason) == (LinkStatus.ERROR, "dns_failure")


def test_dns_failures_on_two_hosts_are_just_dead_links() -> None:
    urls = ["https://a.example/", "https://b.example/", "https://b.example/y"]
    answers = {u: Fetched(url=u, error_kind="dns") for u in urls}
    report = _run(check([_doc(_footnote(1, *urls))], FakeFetcher(answers), CheckOptions()))
    assert {link.status for link in report.documents[0].footnotes[0].links} == {LinkStatus.DEAD}


def test_one_resolving_host_means_the_network_works() -> None:
    urls = ["https://a.example/", "https://b.example/", "https://c.example/", "https://ok.org/"]
    answers = {u: Fetched(url=u, error_kind="dns") for u in urls[:3]}
    report = _run(check([_doc(_footnote(1, *urls))], FakeFetcher(answers), CheckOptions()))
    assert report.summary.by_status["dead"] == 3


def test_interrupted_run_reports_what_was_done() -> None:
    """Cancelling fetch_all mid-run leaves a report: done links kept, the rest interrupted."""
    fast = "https://fast.org/"
    slow = [f"https://slow.org/{i}" for i in range(3)]

    class Mixed(FakeFetcher):
        async def fetch(self, url: str) -> Fetched:
            self.calls.append(url)
            if url.startswith("https://slow.org"):
                await asyncio.sleep(30)
            return Fetched(url=url, final_url=url, http_status=200)

    run = CheckRun([_doc(_footnote(1, fast, *slow))], CheckOptions())
    events: list[LinkEvent] = []

    async def main() -> None:
        task = asyncio.create_task(run.fetch_all(Mixed(), events.append))
        while run.done < 1:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    _run(main())
    report = run.report()
    links = report.documents[0].footnotes[0].links
    assert [(link.status, link.reason) for link in links] == [
        (LinkStatus.OK, None),
        *[(LinkStatus.SKIPPED, "interrupted")] * 3,
    ]
    assert (run.done, run.total) == (1, 4)
    finished = [e for e in events if e.finished]
    assert [(e.url, e.host, e.done, e.total) for e in finished] == [(fast, "fast.org", 1, 4)]
    assert len([e for e in events if not e.finished]) == 4


def test_progress_events_count_up_to_total() -> None:
    events: list[LinkEvent] = []
    urls = [f"https://h{i}.org/" for i in range(5)]
    _run(check([_doc(_footnote(1, *urls))], FakeFetcher(), CheckOptions(), events.append))
    finished = sorted(e.done for e in events if e.finished)
    assert finished == [1, 2, 3, 4, 5]
    assert {e.total for e in events} == {5}


def test_fetches_run_concurrently() -> None:
    """Twenty 0.2 s fetches finish in far less than 20 × 0.2 s (the fake has no limit)."""
    import time

    urls = [f"https://h{i}.org/" for i in range(20)]
    started = time.monotonic()
    _run(check([_doc(_footnote(1, *urls))], FakeFetcher(delay=0.2), CheckOptions()))
    assert time.monotonic() - started < 1.5


def test_nothing_found_warning_added_once() -> None:
    empty = Document("p.txt", "text")
    report = _run(check([empty], None, CheckOptions(offline=True)))
    problems = report.documents[0].problems
    assert [(p.code, p.severity, p.line) for p in problems] == [
        (ProblemCode.NOTHING_FOUND, Severity.WARNING, None)
    ]
    assert exit_code(report, FailOn.ERROR) == 0
    assert exit_code(report, FailOn.WARNING) == 1
    already = Document(
        "p.txt", "text", problems=(Problem(ProblemCode.NOTHING_FOUND, Severity.WARNING, None, "x"),)
    )
    report = _run(check([already], None, CheckOptions(offline=True)))
    assert len(report.documents[0].problems) == 1
    with_footnote = _run(check([_doc(Footnote(1, 3, "Ebd."))], None, CheckOptions(offline=True)))
    assert with_footnote.documents[0].problems == ()


def test_parser_problems_are_kept() -> None:
    doc = Document(
        "a.md",
        "markdown",
        (_footnote(1, "https://e.org/gone"),),
        (Problem(ProblemCode.NUMBERING_GAP, Severity.WARNING, 9, "gap"),),
    )
    doc = Document(
        doc.path,
        doc.format,
        (
            Footnote(
                1,
                21,
                "x",
                urls=("https://e.org/gone",),
                problems=(Problem(ProblemCode.NO_SOURCE, Severity.INFO, 21, "y"),),
            ),
        ),
        doc.problems,
    )
    report = _run(check([doc], FakeFetcher(ANSWERS), CheckOptions()))
    assert [p.code for p in report.documents[0].problems] == [ProblemCode.NUMBERING_GAP]
    assert [p.code for p in report.documents[0].footnotes[0].problems] == [
        ProblemCode.NO_SOURCE,
        ProblemCode.DEAD_LINK,
    ]


def test_accepted_status_codes_count_as_ok() -> None:
    docs = [_doc(_footnote(1, "https://e.org/forbidden", "https://e.org/gone"))]
    report = _run(check(docs, FakeFetcher(ANSWERS), CheckOptions(accept=(403,))))
    links = report.documents[0].footnotes[0].links
    assert [(link.status, link.reason, link.http_status) for link in links] == [
        (LinkStatus.OK, "accepted_status", 403),
        (LinkStatus.DEAD, "not_found", 404),
    ]
    assert [p.code for p in report.documents[0].footnotes[0].problems] == [ProblemCode.DEAD_LINK]


def test_ibid_footnote_is_verified_against_the_source_it_means() -> None:
    # Footnote 2 is "Ebd.": its sentence's figures are looked up in footnote 1's page, through
    # the whole pipeline (check → verify), not in nothing.
    url = "https://e.org/bericht"
    page = Fetched(
        url=url,
        final_url=url,
        http_status=200,
        page_title="Bericht",
        text_excerpt="Die Ausgaben stiegen um 27 Prozent auf 44,2 Mrd. Euro.",
    )
    first = _footnote(1, url)
    ibid = Footnote(
        number=2,
        line=30,
        text="Ebd.",
        ibid_of=1,
        references=(Reference(line=9, context="Sie erreichten 44,2 Mrd. Euro, nicht 50 Prozent."),),
    )
    report = _run(check([_doc(first, ibid)], FakeFetcher({url: page}), CheckOptions()))
    checked = report.documents[0].footnotes[1]
    assert [(f.value, f.found) for f in checked.figures] == [
        ("44,2 Mrd. Euro", True),
        ("50 Prozent", False),
    ]
    assert [p.code for p in checked.problems] == [ProblemCode.FIGURE_NOT_IN_SOURCE]


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("Ein Satz ohne Quellen.\n", True),
        # URLs of the text are sources of their own (inline), so something was found
        (
            "Siehe https://www.bundestag.de/a und https://www.bundestag.de/a sowie www.bmi.de/b.\n",
            False,
        ),
        # a publisher's notice of where its papers are online is no source
        (
            "Drucksachen und Plenarprotokolle sind im Internet abrufbar unter: "
            "www.landtag-bw.de/Dokumente\n",
            True,
        ),
    ],
)
def test_nothing_found_only_without_footnotes_and_urls_in_the_text(text: str, warned: bool) -> None:
    from citecheck.parse import parse_bytes

    document = parse_bytes(text.encode("utf-8"), "a.txt")
    report = _run(check([document], None, CheckOptions(offline=True)))
    found = [p for p in report.documents[0].problems if p.code is ProblemCode.NOTHING_FOUND]
    assert bool(found) is warned
    for problem in found:
        assert problem.severity is Severity.WARNING
        assert problem.message.startswith("No footnotes and no URLs found")


# --------------------------------------------------------------------------- inline sources


def _inline_doc(*sources: InlineSource, footnotes: tuple[Footnote, ...] = ()) -> Document:
    return Document(path="k.txt", format="text", footnotes=footnotes, inline_sources=sources)


def test_inline_urls_are_fetched_once_with_the_footnote_urls() -> None:
    docs = [
        _inline_doc(
            InlineSource(7, "https://example.org/a", "Satz (vgl. https://example.org/a)."),
            InlineSource(9, "www.example.org/b", "Satz (vgl. www.example.org/b)."),
            footnotes=(_footnote(1, "https://example.org/a"),),
        ),
        _inline_doc(InlineSource(3, "https://www.example.org/b", "Noch einer.")),
    ]
    fetcher = FakeFetcher()
    report = _run(check(docs, fetcher, CheckOptions()))
    assert sorted(fetcher.calls) == ["https://example.org/a", "https://www.example.org/b"]
    first, second = report.documents
    assert [(s.url, [link.status for link in s.links]) for s in first.inline_sources] == [
        ("https://example.org/a", [LinkStatus.OK]),
        ("www.example.org/b", [LinkStatus.OK]),
    ]
    assert second.inline_sources[0].links[0].url == "https://www.example.org/b"
    assert report.summary.links == 4 and report.summary.by_status["ok"] == 4
    assert first.problems == () and second.problems == ()  # no nothing-found warning either


def test_failing_inline_link_is_a_problem_at_its_line() -> None:
    doc = _inline_doc(
        InlineSource(12, "https://e.org/gone", "Dort (vgl. https://e.org/gone)."),
        InlineSource(14, "https://e.org/ok", "Hier (vgl. https://e.org/ok)."),
        InlineSource(15, "https://e.org/slow", "Langsam."),
        InlineSource(16, "https://e.org/old", "Umgezogen."),
    )
    report = _run(check([doc], FakeFetcher(ANSWERS), CheckOptions()))
    (checked,) = report.documents
    assert [(p.code, p.severity, p.line) for p in checked.problems] == [
        (ProblemCode.DEAD_LINK, Severity.ERROR, 12),
        (ProblemCode.LINK_TIMEOUT, Severity.WARNING, 15),
        (ProblemCode.REDIRECTED_LINK, Severity.WARNING, 16),
    ]
    assert checked.problems[0].message == (
        "Dead link in the text: https://e.org/gone (HTTP 404, not found)"
    )
    moved = checked.inline_sources[3].links[0]
    assert moved.suggested_url == "https://e.org/new-place/article"
    assert moved.title_match.verdict is TitleVerdict.NOT_CITED
    assert exit_code(report, FailOn.ERROR) == 1
    assert report.summary.by_status["dead"] == 1 and report.summary.links == 4


def test_inline_links_follow_exclude_and_offline_rules() -> None:
    doc = _inline_doc(
        InlineSource(1, "https://e.org/gone", "a"),
        InlineSource(2, "ftp://e.org/file", "b"),
    )
    excluded = _run(check([doc], FakeFetcher(ANSWERS), CheckOptions(exclude=("e\\.org/gone",))))
    links = [s.links[0] for s in excluded.documents[0].inline_sources]
    assert [(link.status, link.reason) for link in links] == [
        (LinkStatus.SKIPPED, "excluded"),
        (LinkStatus.SKIPPED, "unsupported_scheme"),
    ]
    offline = _run(check([doc], None, CheckOptions(offline=True)))
    (checked,) = offline.documents
    assert [s.links[0].reason for s in checked.inline_sources] == ["offline", "unsupported_scheme"]
    assert checked.problems == ()  # inline URLs were found: nothing-found does not apply
    assert exit_code(offline, FailOn.WARNING) == 0


def test_interrupted_run_marks_unfetched_inline_links() -> None:
    run = CheckRun([_inline_doc(InlineSource(1, "https://e.org/ok", "a"))], CheckOptions())
    assert run.total == 1
    (source,) = run.report().documents[0].inline_sources
    assert (source.links[0].status, source.links[0].reason) == (LinkStatus.SKIPPED, "interrupted")


def test_at_most_a_window_of_urls_has_a_task(monkeypatch: pytest.MonkeyPatch) -> None:
    """With more URLs than `_TASK_WINDOW`, never more fetches at once, and every URL done."""
    import citecheck.check as check_module

    monkeypatch.setattr(check_module, "_TASK_WINDOW", 3)
    at_once: list[int] = []

    class Counting(FakeFetcher):
        running = 0

        async def fetch(self, url: str) -> Fetched:
            self.running += 1
            at_once.append(self.running)
            try:
                return await super().fetch(url)
            finally:
                self.running -= 1

    urls = [f"https://h{i}.org/" for i in range(10)]
    fetcher = Counting(delay=0.01)
    report = _run(check([_doc(_footnote(1, *urls))], fetcher, CheckOptions()))
    assert sorted(fetcher.calls) == sorted(urls) and max(at_once) == 3
    assert all(link.status is LinkStatus.OK for link in report.documents[0].footnotes[0].links)


def test_documents_are_checked_once_when_no_archived_copy_is_needed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each footnote is verified once its results are in, during the fetch phase; the archive
    step and the report reuse that check when nothing the footnote reads has changed since (a
    footnote an archived copy changes is verified again: tests/test_check_pipeline.py)."""
    import citecheck.check_docs as check_module
    from citecheck.options import ArchiveMode

    calls: list[int] = []
    verify = check_module.verify_cited

    def counting(footnote: Footnote, *args: object) -> Footnote:
        calls.append(footnote.number)
        return verify(footnote, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(check_module, "verify_cited", counting)
    options = CheckOptions(archive=ArchiveMode.FAILING)
    document = _doc(_footnote(1, "https://e.org/a"), _footnote(2, "https://e.org/b"))
    run = CheckRun([document], options)
    _run(run.fetch_all(FakeFetcher()))
    assert sorted(calls) == [1, 2]  # each as its answer came; every link ok, no copy wanted
    first = run.report()
    assert run.report().documents == first.documents
    assert sorted(calls) == [1, 2]  # nothing new: both reports reuse the same check
    run._results["https://e.org/c"] = Fetched(url="https://e.org/c")  # a result no one reads …
    run.report()
    assert sorted(calls) == [1, 2]  # … changes no footnote
