"""The web as tie-breaker for a URL printed across a line break, against the local servers
(tests/server.py, names through the static resolver): the reading that answers is the link, in
every format; the other readings are fetched only when the first one is in doubt."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from pathlib import Path

import jsonschema
import pytest

from citecheck.check import CheckRun, LinkEvent, check
from citecheck.fetch.cache import CachedFetcher
from citecheck.fetch.http import HttpFetcher
from citecheck.fetch.resolve import Resolver, StaticResolver
from citecheck.i18n import words
from citecheck.models import (
    Document,
    Footnote,
    InlineSource,
    Link,
    LinkStatus,
    ProblemCode,
    Reading,
    Reason,
    Reference,
    Report,
    Severity,
    TitleVerdict,
)
from citecheck.options import CheckOptions, FetchOptions
from citecheck.readings import doubts_reading, reading_note
from citecheck.render import OutputFormat, get_renderer
from citecheck.render.markdown import escape
from citecheck.schema import load_schema
from server import NAMES, LocalServers, run

PAGES = "/page/readings/"
SARIF_SCHEMA = json.loads(
    (Path(__file__).resolve().parent / "schemas" / "sarif-2.1.0.json").read_text("utf-8")
)


def _footnote(
    first: str,
    *others: str,
    title: str | None = None,
    context: str = "Ein Satz.",
    number: int = 1,
) -> Footnote:
    """A footnote citing one URL printed across a line break: `first` as read, `others` the
    other readings (what the parser puts into `url_alternatives`)."""
    return Footnote(
        number=number,
        line=10 + number,
        text=f"Vgl. {title or ''} {first}",
        cited_title=title,
        references=(Reference(line=3, context=context),),
        urls=(first,),
        url_alternatives=(others,),
    )


def _doc(*footnotes: Footnote, inline: Sequence[InlineSource] = ()) -> Document:
    return Document(
        path="antrag.md", format="markdown", footnotes=footnotes, inline_sources=tuple(inline)
    )


def _check(options: FetchOptions, resolver: Resolver, *documents: Document) -> Report:
    async def go() -> Report:
        async with HttpFetcher(options, resolver) as http:
            return await check(documents, http, CheckOptions())

    return run(go())


def _link(report: Report) -> Link:
    (link,) = report.documents[0].footnotes[0].links
    return link


def _assert_every_format(report: Report, used: str, failed: str, *, answered: bool) -> None:
    """Each format shows the link as `used`, read across a line break, with `failed` as the
    reading that failed (dead, HTTP 404): as a note when another reading answered, else in the
    dead-link finding."""
    code = "url-line-break" if answered else "dead-link"
    note = f"read across a line break; the reading {failed} failed (dead, HTTP 404, not_found)"
    # The reports for people give the reason in words, never the raw value (issue 14).
    shown = note.replace("not_found", "not found")
    for fmt in OutputFormat:
        text = get_renderer(fmt, width=400).render(report)
        match fmt:
            case OutputFormat.JSON:
                data = json.loads(text)
                jsonschema.Draft202012Validator(load_schema()).validate(data)
                (footnote,) = data["documents"][0]["footnotes"]
                (link,) = footnote["links"]
                assert link["url"] == used
                assert link["status"] == ("ok" if answered else "dead")
                assert link["alternatives"] == [
                    {"url": failed, "status": "dead", "reason": "not_found", "http_status": 404}
                ]
                (problem,) = [p for p in footnote["problems"] if p["code"] == code]
                assert problem["url"] == used
                assert failed in problem["message"]
            case OutputFormat.SARIF:
                log = json.loads(text)
                jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(log)
                results = log["runs"][0]["results"]
                (result,) = [r for r in results if r["ruleId"] == code]
                (link,) = result["properties"]["links"]
                assert link["url"] == used
                assert [a["url"] for a in link["alternatives"]] == [failed]
                assert result["level"] == ("note" if answered else "error")
                assert used in result["message"]["text"]
                assert failed in result["message"]["text"]
            case OutputFormat.GITHUB:
                command = "::notice " if answered else "::error "
                label = words("en").code(ProblemCode(code))
                (line,) = [ln for ln in text.splitlines() if f"title=citecheck%3A {label}" in ln]
                assert line.startswith(command)
                assert used in line and failed in line
            case OutputFormat.MARKDOWN:
                assert escape(shown) in text, text
                assert "not\\_found" not in text
                assert code in text
                assert used in text
            case OutputFormat.TABLE:  # the table wraps prose between words, never inside a URL
                assert " ".join(shown.split()) in " ".join(text.split()), text
                assert "not_found" not in text
                assert words("en").code(ProblemCode(code)) in text  # words, not raw codes
                assert used in text


# --------------------------------------------------------------------------- the three cases


def test_joined_reading_live_hyphenated_dead(
    servers: LocalServers, options: FetchOptions, resolver: StaticResolver
) -> None:
    """ "…/Jahres-|bericht-2024.html": the typesetter's hyphen kept is dead, the joined reading
    answers and is the link: its status, title verdict and figures."""
    hyphenated = servers.url("a.test", PAGES + "jahres-bericht-2024.html?case=joined")
    joined = servers.url("a.test", PAGES + "jahresbericht-2024.html?case=joined")
    footnote = _footnote(
        hyphenated,
        joined,
        title="Jahresbericht 2024",
        context="Die Ausfuhren nach Japan stiegen 2024 um 27 Prozent.",
    )
    report = _check(options, resolver, _doc(footnote))
    link = _link(report)
    assert (link.url, link.status, link.http_status) == (joined, LinkStatus.OK, 200)
    assert link.alternatives == (Reading(hyphenated, LinkStatus.DEAD, Reason.NOT_FOUND, 404),)
    assert link.title_match.verdict is TitleVerdict.MATCH
    checked = report.documents[0].footnotes[0]
    assert [(f.value, f.found) for f in checked.figures] == [("27 Prozent", True)]
    assert [(p.code, p.severity) for p in checked.problems] == [
        (ProblemCode.URL_LINE_BREAK, Severity.INFO)
    ]
    assert report.summary.by_status["ok"] == 1 and report.summary.by_status["dead"] == 0
    _assert_every_format(report, joined, hyphenated, answered=True)


def test_hyphenated_reading_live_joined_dead(
    servers: LocalServers, options: FetchOptions, resolver: StaticResolver
) -> None:
    """ "…/japan-|und-korea.html": the real hyphen dropped is dead, the reading that keeps it
    answers and is the link."""
    joined = servers.url("a.test", PAGES + "japanund-korea.html?case=hyphen")
    hyphenated = servers.url("a.test", PAGES + "japan-und-korea.html?case=hyphen")
    footnote = _footnote(
        joined,
        hyphenated,
        title="Japan und Korea: Partner in Asien",
        context="Beide Länder investierten 2023 zusammen 41 Milliarden Euro in Deutschland.",
    )
    report = _check(options, resolver, _doc(footnote))
    link = _link(report)
    assert (link.url, link.status) == (hyphenated, LinkStatus.OK)
    assert link.page_title is not None and link.page_title.startswith("Japan und Korea")
    assert link.alternatives == (Reading(joined, LinkStatus.DEAD, Reason.NOT_FOUND, 404),)
    assert link.title_match.verdict is TitleVerdict.MATCH
    checked = report.documents[0].footnotes[0]
    assert [(f.value, f.found) for f in checked.figures] == [("41 Milliarden Euro", True)]
    _assert_every_format(report, hyphenated, joined, answered=True)


def test_neither_reading_live_is_dead_with_the_first_reading(
    servers: LocalServers, options: FetchOptions, resolver: StaticResolver
) -> None:
    """No reading answers: the link keeps its first reading and its failure, and lists the
    other reading with what it found."""
    first = servers.url("a.test", PAGES + "statistiken-und-be-richte.html?case=neither")
    other = servers.url("a.test", PAGES + "statistiken-und-berichte.html?case=neither")
    report = _check(options, resolver, _doc(_footnote(first, other, title="Berichte")))
    link = _link(report)
    assert (link.url, link.status, link.reason, link.http_status) == (
        first,
        LinkStatus.DEAD,
        Reason.NOT_FOUND,
        404,
    )
    assert link.alternatives == (Reading(other, LinkStatus.DEAD, Reason.NOT_FOUND, 404),)
    (problem,) = report.documents[0].footnotes[0].problems
    assert (problem.code, problem.url) == (ProblemCode.DEAD_LINK, first)
    assert problem.message.endswith(
        f"; read across a line break, the reading {other} failed (dead, HTTP 404, not_found)"
    )
    _assert_every_format(report, first, other, answered=False)
    assert len(servers.requests_for("case=neither")) == 2


def test_a_host_read_wrongly_is_settled_by_the_reading_that_resolves(
    servers: LocalServers, options: FetchOptions
) -> None:
    """ "www.iwh-|halle…" read as "www.iwhhalle…": no such host; the hyphenated host answers."""
    resolver = StaticResolver({**NAMES, "www.iwh-halle.test": "127.0.0.3"})
    joined = servers.url("www.iwhhalle.test", "/ok?case=host")
    hyphenated = servers.url("www.iwh-halle.test", "/ok?case=host")
    report = _check(options, resolver, _doc(_footnote(joined, hyphenated)))
    link = _link(report)
    assert (link.url, link.status, link.page_title) == (hyphenated, LinkStatus.OK, "OK page")
    assert link.alternatives == (Reading(joined, LinkStatus.DEAD, Reason.NO_SUCH_HOST),)
    note = reading_note(link)
    assert note == f"read across a line break; the reading {joined} failed (dead, no_such_host)"


def test_an_inline_source_takes_the_reading_that_answers(
    servers: LocalServers, options: FetchOptions, resolver: StaticResolver
) -> None:
    """In the running text the same: the source's URL is the reading used, the first reading
    one of its alternatives, and the note a document-level finding at its line."""
    hyphenated = servers.url("b.test", PAGES + "jahres-bericht-2024.html?case=inline")
    joined = servers.url("b.test", PAGES + "jahresbericht-2024.html?case=inline")
    source = InlineSource(
        line=7, url=hyphenated, context="Siehe den Bericht.", alternatives=(joined,)
    )
    report = _check(options, resolver, _doc(inline=[source]))
    (checked,) = report.documents[0].inline_sources
    assert (checked.url, checked.alternatives) == (joined, (hyphenated,))
    (link,) = checked.links
    assert (link.url, link.status) == (joined, LinkStatus.OK)
    assert link.alternatives == (Reading(hyphenated, LinkStatus.DEAD, Reason.NOT_FOUND, 404),)
    (problem,) = report.documents[0].problems
    assert (problem.code, problem.line, problem.url) == (ProblemCode.URL_LINE_BREAK, 7, joined)
    assert "in the text" in problem.message
    data = json.loads(get_renderer(OutputFormat.JSON).render(report))
    (inline,) = data["documents"][0]["inline_sources"]
    assert inline["url"] == joined
    assert [a["url"] for a in inline["links"][0]["alternatives"]] == [hyphenated]
    table = get_renderer(OutputFormat.TABLE, width=400).render(report)
    assert f"the reading {hyphenated} failed (dead, HTTP 404" in " ".join(table.split())
    github = get_renderer(OutputFormat.GITHUB).render(report)
    assert any(ln.startswith("::notice ") and joined in ln for ln in github.splitlines())


def test_a_soft_404_first_reading_is_settled_too(
    servers: LocalServers, options: FetchOptions, resolver: StaticResolver
) -> None:
    """A first reading whose page says it does not exist is in doubt like a 404."""
    first = servers.url("a.test", "/page/soft404-de.html?case=soft")
    other = servers.url("a.test", "/ok?case=soft")
    link = _link(_check(options, resolver, _doc(_footnote(first, other))))
    assert (link.url, link.status) == (other, LinkStatus.OK)
    assert link.alternatives == (Reading(first, LinkStatus.SOFT_404, Reason.NOT_FOUND_TEXT, 200),)


def test_a_blocked_reading_does_not_answer(
    servers: LocalServers, options: FetchOptions, resolver: StaticResolver
) -> None:
    """Only ok and redirect answer: a blocked other reading leaves the first reading dead, and
    the report says the other could not be verified."""
    first = servers.url("a.test", "/sta-tus/403?case=blocked")
    other = servers.url("a.test", "/status/403?case=blocked")
    report = _check(options, resolver, _doc(_footnote(first, other)))
    link = _link(report)
    assert (link.url, link.status) == (first, LinkStatus.DEAD)
    assert link.alternatives == (Reading(other, LinkStatus.BLOCKED, Reason.FORBIDDEN, 403),)
    (problem,) = report.documents[0].footnotes[0].problems
    assert problem.message.endswith(
        f"the reading {other} could not be verified (blocked, HTTP 403, forbidden)"
    )


# --------------------------------------------------------------------------- fetch only when needed


def test_an_unambiguous_link_fetches_nothing_extra(
    servers: LocalServers, options: FetchOptions, resolver: StaticResolver
) -> None:
    dead = servers.url("a.test", PAGES + "missing.html?case=plain")
    plain = Footnote(number=1, line=11, text=f"Vgl. {dead}", urls=(dead,))
    empty = Footnote(number=2, line=12, text=f"Vgl. {dead}", urls=(dead,), url_alternatives=((),))
    run_ = CheckRun([_doc(plain, empty)], CheckOptions())

    async def go() -> None:
        async with HttpFetcher(options, resolver) as http:
            await run_.fetch_all(http)

    run(go())
    assert len(servers.requests_for("case=plain")) == 1
    assert (run_.done, run_.total) == (1, 1)
    links = [f.links[0] for f in run_.report().documents[0].footnotes]
    assert [(link.status, link.alternatives) for link in links] == [(LinkStatus.DEAD, ())] * 2


def test_a_live_first_reading_never_fetches_its_alternatives(
    servers: LocalServers, options: FetchOptions, resolver: StaticResolver
) -> None:
    live = servers.url("a.test", PAGES + "jahresbericht-2024.html?case=livefirst")
    other = servers.url("a.test", PAGES + "jahres-bericht-2024.html?case=livefirst")
    report = _check(options, resolver, _doc(_footnote(live, other, title="Jahresbericht 2024")))
    assert [r.path for r in servers.requests_for("case=livefirst")] == [
        PAGES + "jahresbericht-2024.html?case=livefirst"
    ]
    link = _link(report)
    assert (link.url, link.status, link.alternatives) == (live, LinkStatus.OK, (Reading(other),))
    assert report.documents[0].footnotes[0].problems == ()
    assert reading_note(link) is None  # nothing to tell beside the link
    data = json.loads(get_renderer(OutputFormat.JSON).render(report))
    assert data["documents"][0]["footnotes"][0]["links"][0]["alternatives"] == [
        {"url": other, "status": None, "reason": None, "http_status": None}
    ]


def test_each_reading_is_fetched_once_and_counted_in_the_progress(
    servers: LocalServers, options: FetchOptions, resolver: StaticResolver
) -> None:
    """A reading that another footnote cites as its URL is fetched once; readings fetched as
    tie-breakers raise the run's total, so the progress ends at done == total."""
    dead = servers.url("c.test", PAGES + "jahres-bericht-2024.html?case=once")
    live = servers.url("c.test", PAGES + "jahresbericht-2024.html?case=once")
    second = servers.url("d.test", PAGES + "japanund-korea.html?case=once")
    third = servers.url("d.test", PAGES + "japan-und-korea.html?case=once")
    footnotes = (
        _footnote(dead, live, number=1),
        Footnote(number=2, line=12, text=f"Vgl. {live}", urls=(live,)),
        _footnote(second, third, number=3),
    )
    run_ = CheckRun([_doc(*footnotes)], CheckOptions())
    events: list[LinkEvent] = []

    async def go() -> None:
        async with HttpFetcher(options, resolver) as http:
            await run_.fetch_all(http, events.append)

    run(go())
    paths = sorted(r.path for r in servers.requests_for("case=once"))
    assert paths == sorted(
        PAGES + name + "?case=once"
        for name in (
            "jahres-bericht-2024.html",
            "jahresbericht-2024.html",
            "japanund-korea.html",
            "japan-und-korea.html",
        )
    )
    assert (run_.done, run_.total) == (4, 4)
    finished = [e for e in events if e.finished]
    assert sorted(e.done for e in finished) == [1, 2, 3, 4]
    assert finished[-1].total == 4
    links = [f.links[0] for f in run_.report().documents[0].footnotes]
    assert [(link.url, link.status) for link in links] == [
        (live, LinkStatus.OK),
        (live, LinkStatus.OK),
        (third, LinkStatus.OK),
    ]


def test_readings_go_through_the_cache(
    servers: LocalServers, options: FetchOptions, resolver: StaticResolver, tmp_path: Path
) -> None:
    """The tie-breaker uses the run's fetcher: a second run answers both readings from the
    cache and reaches the same verdict without a request."""
    dead = servers.url("b.test", PAGES + "jahres-bericht-2024.html?case=cache")
    live = servers.url("b.test", PAGES + "jahresbericht-2024.html?case=cache")
    document = _doc(_footnote(dead, live))

    async def go() -> Link:
        fetcher = CachedFetcher(HttpFetcher(options, resolver), tmp_path / "cache.sqlite", 3600)
        try:
            report = await check([document], fetcher, CheckOptions())
        finally:
            await fetcher.aclose()
        return _link(report)

    first = run(go())
    assert len(servers.requests_for("case=cache")) == 2
    again = run(go())
    assert len(servers.requests_for("case=cache")) == 2
    assert (again.url, again.status, again.alternatives) == (
        first.url,
        first.status,
        first.alternatives,
    )
    assert again.url == live


def test_an_interrupted_run_keeps_the_link_as_first_read(
    servers: LocalServers, options: FetchOptions, resolver: StaticResolver
) -> None:
    """Ctrl-C while the other reading is being fetched: the report shows the first reading and
    its failure, the other reading as not checked."""
    first = servers.url("a.test", PAGES + "jahres-bericht-2024.html?case=interrupt")
    slow = servers.url("a.test", "/slow?delay=3&case=interrupt")
    run_ = CheckRun([_doc(_footnote(first, slow))], CheckOptions())

    async def go() -> None:
        async with HttpFetcher(options, resolver) as http:
            task = asyncio.create_task(run_.fetch_all(http))
            while len(servers.requests_for("case=interrupt")) < 2:
                await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    run(go())
    assert (run_.done, run_.total) == (1, 2)
    report = run_.report()
    link = _link(report)
    assert (link.url, link.status, link.alternatives) == (first, LinkStatus.DEAD, (Reading(slow),))
    (problem,) = report.documents[0].footnotes[0].problems
    assert problem.message.endswith(
        f"read across a line break, also readable as {slow} (not checked)"
    )
    table = get_renderer(OutputFormat.TABLE, width=400).render(report)
    assert f"also readable as {slow} (not checked)" in " ".join(table.split())


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    ("status", "reason", "doubted"),
    [
        (LinkStatus.DEAD, Reason.NOT_FOUND, True),
        (LinkStatus.DEAD, Reason.GONE, True),
        (LinkStatus.DEAD, Reason.NO_SUCH_HOST, True),
        (LinkStatus.SOFT_404, Reason.NOT_FOUND_TEXT, True),
        (LinkStatus.SOFT_404, Reason.HOMEPAGE_REDIRECT, True),
        (LinkStatus.ERROR, Reason.DNS_FAILURE, True),
        (LinkStatus.ERROR, Reason.INVALID_URL, True),
        (LinkStatus.ERROR, Reason.SERVER_ERROR, False),
        (LinkStatus.ERROR, Reason.CONNECTION, False),
        (LinkStatus.ERROR, Reason.TLS, False),
        (LinkStatus.BLOCKED, Reason.FORBIDDEN, False),
        (LinkStatus.TIMEOUT, Reason.TIMEOUT, False),
        (LinkStatus.OK, None, False),
        (LinkStatus.REDIRECT, Reason.PERMANENT, False),
        (LinkStatus.SKIPPED, Reason.INTERRUPTED, False),
        (LinkStatus.SKIPPED, Reason.OFFLINE, False),
    ],
)
def test_which_verdicts_put_a_reading_in_doubt(
    status: LinkStatus, reason: Reason | None, doubted: bool
) -> None:
    assert doubts_reading(status, reason) is doubted


def test_offline_lists_the_readings_unchecked() -> None:
    footnote = _footnote("https://example.org/a-b", "https://example.org/ab")
    report = asyncio.run(check([_doc(footnote)], None, CheckOptions(offline=True)))
    link = _link(report)
    assert (link.status, link.alternatives) == (
        LinkStatus.SKIPPED,
        (Reading("https://example.org/ab"),),
    )
    assert reading_note(link) == (
        "read across a line break; also readable as https://example.org/ab (not checked)"
    )


@pytest.mark.parametrize(
    "broken",
    [
        [],
        [{"url": "https://example.org/ab", "status": "fine", "reason": None, "http_status": None}],
        [{"url": "https://example.org/ab", "status": None, "reason": None}],
        [{"url": "", "status": None, "reason": None, "http_status": None}],
        [{"url": "x", "status": None, "reason": None, "http_status": None, "extra": 1}],
    ],
)
def test_schema_rejects_a_bad_reading(broken: list[dict[str, object]]) -> None:
    footnote = _footnote("https://example.org/a-b", "https://example.org/ab")
    report = asyncio.run(check([_doc(footnote)], None, CheckOptions(offline=True)))
    data = json.loads(get_renderer(OutputFormat.JSON).render(report))
    validator = jsonschema.Draft202012Validator(load_schema())
    validator.validate(data)
    data["documents"][0]["footnotes"][0]["links"][0]["alternatives"] = broken
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)


def test_reading_notes_speak_the_readers_language() -> None:
    """The note under a link in the table and Markdown has words for statuses and reasons, in
    English and German; the problem messages keep the raw values (no translator)."""
    link = Link(
        "https://example.org/a-b",
        LinkStatus.OK,
        http_status=200,
        alternatives=(
            Reading("https://example.org/ab", LinkStatus.DEAD, Reason.NOT_FOUND, 404),
            Reading("https://example.org/a", LinkStatus.SKIPPED, Reason.EXCLUDED),
        ),
    )
    english = reading_note(link, words("en"))
    assert english == (
        "read across a line break; the reading https://example.org/ab failed "
        "(dead, HTTP 404, not found); also readable as https://example.org/a "
        "(not checked: excluded)"
    )
    german = reading_note(link, words("de"))
    assert german is not None and german.startswith(
        "über einen Zeilenumbruch gelesen; die Lesart https://example.org/ab scheiterte "
        "(tot, HTTP 404, nicht gefunden)"
    )
    assert "not_found" in (reading_note(link) or "")
