"""A run that reads its documents while fetching and verifies footnotes as their answers come
in, against the local archive and live pages (tests/archive_server.py): its report equals the
one-shot verification of the same results (ibids, other readings, figures, archived copies),
each footnote is verified once unless what it reads changed, and the results keep what a run
over all documents keeps (`TextUse`)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from archive_server import ArchiveServer, Snapshot, page
from citecheck.check import CheckRun
from citecheck.fetch.http import HttpFetcher
from citecheck.models import Document, Footnote, InlineSource, LinkStatus, ProblemCode, Reference
from citecheck.options import ArchiveMode, CheckOptions, FetchOptions
from citecheck.parse import parse_bytes
from citecheck.verify import TextUse
from server import LocalServers, run

GONE = "/gone"


@pytest.fixture(scope="module")
def archive(servers: LocalServers) -> Iterator[ArchiveServer]:
    with ArchiveServer(servers.ca) as server:
        yield server


@pytest.fixture
def web(archive: ArchiveServer) -> ArchiveServer:
    archive.reset()
    return archive


def _documents(web: ArchiveServer) -> list[Document]:
    """Three documents: figures, an ibid whose figure only an archived copy has, a changed
    title, a dead link with a copy; a URL read across a line break whose second reading
    answers, and an inline source; a document without URLs."""
    live = web.state.live
    live["/bericht"] = (200, page("Bericht", "Die Lage ist ernst."))
    live["/zahlen"] = (200, page("Zahlen", "Die Angriffe stiegen um 27 Prozent."))
    live["/artikel"] = (200, page("Ein völlig neuer Artikel über Wetter", "Text."))
    live["/geteilt"] = (200, page("Geteilt", "Text."))
    bericht, artikel, gone = (web.live_url(p) for p in ("/bericht", "/artikel", GONE))
    web.state.captures += [
        Snapshot("20230816000000", bericht, page("Bericht", "Die Angriffe stiegen um 12 %.")),
        Snapshot("20240301000000", artikel, page("Cyberangriffe nehmen zu", "Text.")),
        Snapshot("20240301000000", gone, page("Weg", "Text.")),
    ]
    first = (
        "# Antrag\n\nDie Lage ist ernst.[^1] Die Angriffe stiegen um 12 %.[^2] Mehr.[^3]"
        " Es stieg um 27 Prozent.[^4] Weg.[^5]\n\n"
        f"[^1]: Vgl. Bericht, {bericht}, abgerufen am 20.08.2023\n[^2]: Ebd.\n"
        f"[^3]: Vgl. „Cyberangriffe nehmen zu“, {artikel}, abgerufen am 3. März 2024.\n"
        f"[^4]: Zahlen, {web.live_url('/zahlen')}\n[^5]: Weg, {gone}, Stand: März 2024\n"
    )
    wrapped = Footnote(
        number=1,
        line=5,
        text="Vgl. Geteilt",
        cited_title="Geteilt",
        references=(Reference(line=3, context="Es stieg um 27 Prozent."),),
        urls=(web.live_url("/ge-teilt"),),
        url_alternatives=((web.live_url("/geteilt"),),),
    )
    inline = InlineSource(7, web.live_url("/zahlen"), "Siehe")
    second = Document("zwei.md", "markdown", footnotes=(wrapped,), inline_sources=(inline,))
    empty = parse_bytes(b"# Antrag\n\nNur Text.\n", "drei.md")
    return [parse_bytes(first.encode(), "eins.md"), second, empty]


def _options(web: ArchiveServer, ca_file: str) -> tuple[CheckOptions, FetchOptions]:
    fetch = FetchOptions(timeout=5.0, allow_private=True, ca_file=ca_file, backoff=0.05)
    return CheckOptions(archive=ArchiveMode.FAILING, archive_url=web.url), fetch


def _reading_run(
    web: ArchiveServer, ca_file: str, documents: list[Document], *, slowly: bool = False
) -> CheckRun:
    """A run given its first document, reading the others while it fetches (`slowly`: 20 ms
    a document, and 20 more documents without URLs, so that answers come in meanwhile)."""
    options, fetch = _options(web, ca_file)
    checked = CheckRun(documents[:1], options, reading=True)

    def reading() -> Iterator[Document]:
        rest = documents[1:] + documents[-1:] * 20 if slowly else documents[1:]
        for document in rest:
            time.sleep(0.02 if slowly else 0)
            yield document
            during.append(len(checked._unkept))

    during: list[int] = []

    async def go() -> None:
        async with HttpFetcher(fetch, resolver=web.resolver()) as http:
            await checked.fetch_all(http, more=reading())

    run(go())
    _UNKEPT[id(checked)] = during
    return checked


_UNKEPT: dict[int, list[int]] = {}
"""Per run: how many results were kept whole after each document was read."""


def _afresh(checked: CheckRun) -> tuple[Document, ...]:
    """The reference: every footnote verified again against the run's results and copies."""
    checks = checked._checks
    return tuple(checks.document(i, d, fresh=True) for i, d in enumerate(checked._documents))


@pytest.mark.parametrize(
    ("footnote_wise", "batch"),
    [(16, 512), (0, 512), (16, 4), (0, 4)],
    ids=["by-footnote", "by-document", "in-batches", "documents-in-batches"],
)
def test_the_report_equals_the_one_shot_verification(
    web: ArchiveServer,
    ca_file: str,
    monkeypatch: pytest.MonkeyPatch,
    footnote_wise: int,
    batch: int,
) -> None:
    import citecheck.check_docs as check_docs

    monkeypatch.setattr(check_docs, "FOOTNOTE_WISE", footnote_wise)
    monkeypatch.setattr(check_docs, "BATCH", batch)
    documents = _documents(web)
    checked = _reading_run(web, ca_file, documents)
    report = checked.report()
    assert [d.path for d in report.documents] == ["eins.md", "zwei.md", "drei.md"]
    assert not report.interrupted and not checked.reading
    assert report.documents == _afresh(checked)
    # What the documents hold: the cases the reference had to agree on.
    one, two, three = report.documents
    codes = [[p.code for p in f.problems] for f in one.footnotes]
    assert ProblemCode.SOURCE_CHANGED in codes[1]  # the ibid's figure is in the copy only
    assert ProblemCode.SOURCE_CHANGED in codes[2]  # the cited title is in the copy only
    assert one.footnotes[3].figures[0].found  # its page kept its figures
    assert one.footnotes[4].links[0].archive is not None  # the dead link's copy
    assert two.footnotes[0].links[0].url == web.live_url("/geteilt")  # the reading answered
    assert two.inline_sources[0].links[0].status is LinkStatus.OK
    assert [p.code for p in three.problems] == [ProblemCode.NOTHING_FOUND]


def test_results_keep_what_a_run_over_every_document_keeps(
    web: ArchiveServer, ca_file: str
) -> None:
    """Results that came in before the last document was read were kept whole until then:
    afterwards each keeps exactly what `TextUse` of all documents says (nothing left to drop)."""
    documents = _documents(web)
    checked = _reading_run(web, ca_file, documents, slowly=True)
    assert max(_UNKEPT[id(checked)]) > 0  # answers came in while the documents were read
    assert not checked._unkept and checked.report().documents == _afresh(checked)
    use = TextUse.of(documents)
    live = {k: v for k, v in checked._results.items() if k.startswith("http://live.test")}
    assert live and all(use.kept(key, fetched) == fetched for key, fetched in live.items())
    assert any(f.figures is not None for f in live.values())  # the figure source's index


@pytest.mark.parametrize(
    ("footnote_wise", "batch"),
    [(16, 512), (0, 512), (16, 4), (0, 4)],
    ids=["by-footnote", "by-document", "in-batches", "documents-in-batches"],
)
def test_each_footnote_is_verified_once_unless_its_links_change(
    web: ArchiveServer,
    ca_file: str,
    monkeypatch: pytest.MonkeyPatch,
    footnote_wise: int,
    batch: int,
) -> None:
    """Footnotes are verified during the fetch phase as their results come in (one by one, or
    a document's together: many documents); the archive step and the report verify again only
    those an archived copy changed (and an ibid whose source's link changed), never once per
    answer."""
    import citecheck.check_docs as check_docs

    monkeypatch.setattr(check_docs, "FOOTNOTE_WISE", footnote_wise)
    monkeypatch.setattr(check_docs, "BATCH", batch)

    calls: list[tuple[str, int]] = []
    verify = check_docs.verify_cited
    look = CheckRun._look_for_archives
    fetched: list[int] = []  # the count of calls when the last answer was in

    def counting(footnote: Footnote, *args: object) -> Footnote:
        calls.append((footnote.text[:12], footnote.number))
        return verify(footnote, *args)  # type: ignore[arg-type]

    async def looking(run_: CheckRun, *args: object) -> None:
        fetched.append(len(calls))
        await look(run_, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(check_docs, "verify_cited", counting)
    monkeypatch.setattr(CheckRun, "_look_for_archives", looking)
    documents = _documents(web)
    checked = _reading_run(web, ca_file, documents)
    footnotes = sum(len(d.footnotes) for d in documents)
    # Every footnote verified once, before the last answer was in (the archive step next).
    assert fetched == [footnotes] and len(set(calls)) == footnotes
    after_fetch = len(calls)
    checked.report()
    checked.report()
    # Again: footnotes 1-3 and 5 of the first document, whose links (or whose source's)
    # got an archived copy; the figure footnote 4 and the second document's are not.
    assert len(calls) - after_fetch <= 4
    assert {number for _, number in calls[after_fetch:]} <= {1, 2, 3, 5}


def test_an_interrupted_reading_reports_what_was_read(web: ArchiveServer, ca_file: str) -> None:
    """Cancelled while reading: the report has the documents read so far, is interrupted, and
    its footnotes are what the results give (the reference)."""
    documents = _documents(web)
    options, fetch = _options(web, ca_file)
    checked = CheckRun(documents[:1], options, reading=True)

    def slowly() -> Iterator[Document]:
        yield documents[1]
        raise asyncio.CancelledError  # as a signal cancelling the task would, mid-reading

    async def go() -> None:
        async with HttpFetcher(fetch, resolver=web.resolver()) as http:
            with pytest.raises(asyncio.CancelledError):
                await checked.fetch_all(http, more=slowly())

    run(go())
    report = checked.report()
    assert report.interrupted and checked.reading
    assert [d.path for d in report.documents] == ["eins.md", "zwei.md"]
    assert report.documents == _afresh(checked)


def test_reading_a_document_that_fails_stops_the_fetches(web: ArchiveServer, ca_file: str) -> None:
    """A document that cannot be read raises its error out of the run (not wrapped in an
    exception group), the fetches cancelled."""
    from citecheck.errors import InputError

    documents = _documents(web)
    options, fetch = _options(web, ca_file)
    checked = CheckRun(documents[:1], options, reading=True)

    def failing() -> Iterator[Document]:
        raise InputError("zwei.md: cannot read")
        yield documents[1]

    async def go() -> None:
        async with HttpFetcher(fetch, resolver=web.resolver()) as http:
            await checked.fetch_all(http, more=failing())

    with pytest.raises(InputError, match=r"zwei\.md"):
        run(go())


def _three_footnotes(*urls: tuple[str, ...]) -> Document:
    return Document(
        "x.md",
        "markdown",
        footnotes=tuple(
            Footnote(number=i + 1, line=i + 1, text="Vgl.", urls=u) for i, u in enumerate(urls)
        ),
    )


def test_readiness_by_footnote_and_by_document() -> None:
    """A footnote is ready once every URL it needs is settled (an ibid: its source's too); by
    document, a document's footnotes are handed out together once all are ready, once."""
    from citecheck.check_docs import Readiness

    first = _three_footnotes(("a",), ("a", "b"), ())
    ibid = Document(
        "y.md",
        "markdown",
        footnotes=(
            Footnote(number=1, line=1, text="Vgl.", urls=("c",)),
            Footnote(number=2, line=2, text="Ebd.", ibid_of=1),
        ),
    )

    def needs(footnote: Footnote) -> set[str]:
        return set(footnote.urls)

    for by_document in (False, True):
        ready = Readiness()
        ready.by_document = by_document
        ready.add(0, first, needs)
        ready.add(1, ibid, needs)
        assert ready.take() == ([] if by_document else [(0, 2)])  # no URL: ready at once
        ready.settled("a")
        assert ready.take() == ([] if by_document else [(0, 0)])
        ready.settled("c")  # the ibid with its source
        assert ready.take() == [(1, 0), (1, 1)]
        ready.settled("b")
        assert ready.waiting
        assert ready.take(1) == ([(0, 0), (0, 1), (0, 2)] if by_document else [(0, 1)])
        assert not ready.waiting and ready.take() == []


def test_worker_figure_wishes_while_reading_and_after() -> None:
    # While documents are read, a worker is asked to index what those read so far look up
    # alone for figures (`TextUseSoFar`); once reading is done, `TextUse` of every document.
    def motion(body: str, *urls: str) -> Document:
        text = f"{body}[^1]\n\n[^1]: Bericht, {' und '.join(urls)}\n"
        return parse_bytes(text.encode(), "m.md")

    alone, joined, other = (f"https://{h}.example/a" for h in ("alone", "joined", "other"))
    options = CheckOptions(archive_url="https://web.archive.example/")
    run = CheckRun([motion("Der Anteil stieg auf 27 Prozent.", alone)], options, reading=True)
    assert run.wants_figures(alone) and not run.wants_figures(other)
    assert not run.wants_figures("https://web.archive.example/wayback/available?url=x")
    run.add(motion("Ohne Zahl.", other))
    assert run.wants_figures(alone) and not run.wants_figures(other)  # still the same
    run.add(motion("Der Anteil sank auf 12 Prozent.", alone, joined))
    # What the documents read so far say: the first page is now looked up with another one.
    assert not run.wants_figures(alone) and not run.wants_figures(joined)
    run.finish_reading()
    # Over every document the first page is looked up with another one: its text is kept.
    assert not run.wants_figures(alone) and not run.wants_figures(other)
