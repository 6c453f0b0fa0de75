"""`verify_footnote`: one footnote verified from its links' own observations, pure and against
pages served by the local test server."""

from __future__ import annotations

from typing import Any

import pytest

from citecheck.models import (
    Fetched,
    Figure,
    Footnote,
    Link,
    LinkStatus,
    ProblemCode,
    Severity,
    TitleMatch,
    TitleVerdict,
)
from citecheck.titles import compare_titles
from citecheck.verify import verify_footnote

from ._support import (
    SEED,
    TITLE12,
    TRUTH,
    URL12,
    _contains,
    _fetched,
    _find,
    _observed,
    _reference,
    _seed_entry,
)


def test_verify_footnote_passes_the_title_threshold() -> None:
    url = "https://example.org/near"
    footnote = Footnote(
        number=1,
        line=3,
        text="t",
        cited_title="Die Sicherheitspolitik Japans im Wandel",
        urls=(url,),
        links=(Link(url, LinkStatus.OK, http_status=200),),
    )
    page = _fetched(url, ("Sicherheitspolitik Japan im Wandel",))
    assert verify_footnote(_observed(footnote, {url: page})).links[0].title_match == TitleMatch(
        TitleVerdict.MATCH, 0.932
    )
    strict = verify_footnote(_observed(footnote, {url: page}), title_threshold=0.95)
    assert strict.links[0].title_match is not None
    assert strict.links[0].title_match.verdict is TitleVerdict.MISMATCH
    assert [p.code for p in strict.problems] == [ProblemCode.TITLE_MISMATCH]


def test_verify_footnote_typo_and_figures() -> None:
    url = "https://internationalepolitik.de/de/zeitenwende-japan"
    footnote = Footnote(
        number=5,
        line=26,
        text="Vgl. Lill, Felix (2024, 02. Jan.) Zeitwende in Japan. <url>",
        cited_title="Zeitwende in Japan",
        references=(_reference(24, "Die Streitkräfte haben um 30 Prozent weniger Rekruten."),),
        urls=(url,),
        links=(Link(url, LinkStatus.OK, http_status=200, page_title="Zeitenwende in Japan"),),
    )
    page = _fetched(url, ("Zeitenwende in Japan", "Zeitenwende in Japan | IP"), "Rekruten fehlen.")
    got = verify_footnote(_observed(footnote, {url: page}), find=_find, contains=_contains)
    assert got.links[0].title_match.verdict is TitleVerdict.MATCH
    assert got.suggested_title is None  # it has a cited title
    codes = [(p.code, p.severity, p.line) for p in got.problems]
    assert (ProblemCode.TITLE_TYPO, Severity.INFO, 26) in codes
    assert (ProblemCode.FIGURE_NOT_IN_SOURCE, Severity.WARNING, 24) in codes
    assert got.figures == (Figure("30 Prozent", False),)


def test_verify_footnote_bare_url_redirect_and_unreached() -> None:
    old, new = "https://www.dw.com/de/a-1", "https://www.dw.com/de/neu/a-1"
    dead = "https://example.org/weg"
    footnote = Footnote(
        number=13,
        line=60,
        text="Vgl. <urls>",
        references=(_reference(55, "Japan hat ein restriktives Asylsystem."),),
        urls=(old, dead),
        links=(
            # page_title as the fetcher reports it: the best candidate, affixes stripped
            Link(
                old,
                LinkStatus.REDIRECT,
                "permanent",
                200,
                new,
                page_title="Japan verschärft sein Asylrecht",
            ),
            Link(dead, LinkStatus.DEAD, None, 404, dead, page_title="404"),
        ),
    )
    pages = {
        old: _fetched(new, ("Japan verschärft sein Asylrecht – DW – 12.05.2021",), "Asyl."),
        dead: _fetched(dead, ("404",), "Seite nicht gefunden"),
    }
    got = verify_footnote(_observed(footnote, pages), find=_find, contains=_contains)
    assert got.suggested_title == "Japan verschärft sein Asylrecht"  # the page title
    assert got.links[0].suggested_url == new
    assert got.links[0].title_match.verdict is TitleVerdict.NOT_CITED
    assert got.links[1].suggested_url is None
    assert got.links[1].title_match.verdict is TitleVerdict.NOT_CITED
    assert got.figures == () and got.problems == ()


def test_verify_footnote_unreached_cited_title_is_unavailable_and_no_figures() -> None:
    url = "https://example.org/weg"
    footnote = Footnote(
        number=1,
        line=3,
        text="t",
        cited_title="Ein Titel",
        references=(_reference(1, "Es sind 27 Prozent."),),
        urls=(url,),
        links=(Link(url, LinkStatus.SOFT_404, "not_found_text", 200, url),),
    )
    got = verify_footnote(
        _observed(footnote, {url: _fetched(url, ("Seite nicht gefunden",))}),
        find=_find,
        contains=_contains,
    )
    assert got.links[0].title_match.verdict is TitleVerdict.UNAVAILABLE
    assert got.figures == () and got.problems == ()


def test_verify_footnote_ibid_uses_the_source_footnote() -> None:
    url = "https://www.swp-berlin.org/10.18449/2023A13/"
    source = Footnote(
        number=3,
        line=20,
        text="t",
        urls=(url,),
        links=(Link(url, LinkStatus.OK, None, 200, url, page_title="Neuausrichtung"),),
    )
    ibid = Footnote(
        number=4,
        line=22,
        text="Ebd.",
        ibid_of=3,
        references=(_reference(12, "Der Haushalt steigt um 2 Prozent und 9 Prozent."),),
    )
    page = _fetched(url, ("Neuausrichtung",), "Ausgaben: 2 % des BIP.")
    got = verify_footnote(
        ibid, source=_observed(source, {url: page}), find=_find, contains=_contains
    )
    assert got.figures == (Figure("2 Prozent", True), Figure("9 Prozent", False))
    (problem,) = got.problems
    assert problem.code is ProblemCode.FIGURE_NOT_IN_SOURCE and "footnote 3" in problem.message
    assert got.suggested_title is None  # ibid footnotes get no title suggestion


def test_verify_footnote_seed_12_year_note_needs_the_body() -> None:
    footnote = Footnote(
        number=12,
        line=70,
        text=f"Vgl. <{URL12}>",
        references=(_reference(50, "Laut Umfrage sehen 82 Prozent der Unternehmen ein Problem."),),
        urls=(URL12,),
        links=(Link(URL12, LinkStatus.OK, None, 200, URL12, page_title=TITLE12),),
    )
    pages = {URL12: _fetched(URL12, (TITLE12,), "82 % der Unternehmen sehen ein Problem.")}
    without_body = verify_footnote(_observed(footnote, pages), find=_find, contains=_contains)
    assert not [p for p in without_body.problems if p.code is ProblemCode.YEAR_MISMATCH]
    assert without_body.figures == (Figure("82 Prozent", True),)
    assert without_body.suggested_title == TITLE12
    body = SEED.read_text(encoding="utf-8")
    with_body = verify_footnote(
        _observed(footnote, pages), body=body, find=_find, contains=_contains
    )
    (note,) = [p for p in with_body.problems if p.code is ProblemCode.YEAR_MISMATCH]
    assert note.severity is Severity.INFO and "2023" in note.message and "2024" in note.message


# --------------------------------------------------------------------------- end to end

# The fixture pages fetched by the real HttpFetcher from the local server (tests/server.py
# serves fixtures/pages/<file> under /page/), then verified. The server sends every HTML page
# as UTF-8, so the windows-1252 pages are left to the pure tests above.


def _fetch(servers: Any, options: Any, path: str) -> Fetched:
    from citecheck.fetch.http import HttpFetcher
    from server import run  # tests/server.py, on sys.path via conftest

    async def go() -> Fetched:
        async with HttpFetcher(options, servers.resolver()) as fetcher:
            return await fetcher.fetch(servers.url("a.test", path))

    return run(go())


@pytest.mark.parametrize(
    ("file", "cited", "verdict", "code"),
    [
        ("typo.html", "Zeitwende in Japan", TitleVerdict.MATCH, ProblemCode.TITLE_TYPO),
        (
            "mismatch.html",
            "Zeitenwende in Japan",
            TitleVerdict.MISMATCH,
            ProblemCode.TITLE_MISMATCH,
        ),
        ("edition.html", "Lagebericht 2023", TitleVerdict.MISMATCH, ProblemCode.TITLE_MISMATCH),
        (
            "site-suffix-swp.html",
            "Japans sicherheitspolitische Neuausrichtung",
            TitleVerdict.MATCH,
            None,
        ),
        ("site-suffix-dw.html", "Japan verschärft sein Asylrecht", TitleVerdict.MATCH, None),
        (
            "entities.html",
            "„Zeitenwende“ in Japan – Tokios & Berlins Kurs",
            TitleVerdict.MATCH,
            None,
        ),
        ("no-title.html", "Irgendein Titel", TitleVerdict.UNAVAILABLE, None),
    ],
)
def test_served_title_pages(servers, options, file, cited, verdict, code) -> None:
    fetched = _fetch(servers, options, f"/page/titles/{file}")
    assert fetched.http_status == 200
    match, problem = compare_titles(cited, fetched.title_candidates, line=1)
    assert match.verdict is verdict
    assert (problem.code if problem else None) == code


def test_served_seed_pages_figures_and_year(servers, options) -> None:
    seed = {f["number"]: f for f in TRUTH["documents"][0]["footnotes"]}
    sentences = {
        7: "Im Jahr 2022 stieg die Zahl der Cyberangriffe im Vergleich zu 2021 um 27 Prozent.",
        8: "Die errechneten Schäden durch Cyberkriminalität in Deutschland beliefen sich laut "
        "Wirtschaftsschutzbericht 2022 auf 203 Milliarden Euro und sind damit etwas doppelt so "
        "hoch wie 2019.",
        12: "Laut Umfrage sehen 82 Prozent der deutschen Unternehmen in Japan hier ein "
        "signifikantes Problem.",
        11: "Von den japanischen Niederlassungen deutscher Unternehmen sind 69 Prozent an "
        "Projekten und Aktivitäten in Drittstaaten beteiligt.",
    }
    body = SEED.read_text(encoding="utf-8")
    for number, sentence in sentences.items():
        url = seed[number]["urls"][0]
        fetched = _fetch(servers, options, "/page/seed/" + _seed_entry(url)["file"])
        link = Link(url, LinkStatus.OK, None, 200, url, page_title=fetched.page_title)
        footnote = Footnote(
            number=number,
            line=60 + number,
            text=f"Vgl. <{url}>",
            references=(_reference(40 + number, sentence),),
            urls=(url,),
            links=(link,),
        )
        got = verify_footnote(_observed(footnote, {url: fetched}), body=body)  # real figures.py
        # The footnote 11 replica says "zwei Drittel", not 69 Prozent (a demo of the warning).
        assert all(f.found is (number != 11) for f in got.figures), (number, got.figures)
        missing = [p for p in got.problems if p.code is ProblemCode.FIGURE_NOT_IN_SOURCE]
        assert bool(missing) is (number == 11)
        assert got.figures, number
        assert got.suggested_title, number
        years = [p for p in got.problems if p.code is ProblemCode.YEAR_MISMATCH]
        assert bool(years) is (number == 12), (number, got.problems)


def test_verify_footnote_reads_each_links_own_observation() -> None:
    # The evidence travels on the link (Link.fetched): a reached link without it is judged
    # like an unreached one, and two links of one footnote never see each other's page.
    a, b = "https://example.org/a", "https://example.org/b"
    footnote = Footnote(
        number=2,
        line=9,
        text="t",
        cited_title="Zeitenwende in Japan",
        references=(_reference(4, "Es sind 27 Prozent."),),
        urls=(a, b),
        links=(Link(a, LinkStatus.OK, None, 200, a), Link(b, LinkStatus.OK, None, 200, b)),
    )
    observed = _observed(footnote, {b: _fetched(b, ("Ganz anders",), "27 Prozent.")})
    assert observed.links[0].fetched is None and observed.links[1].fetched is not None
    got = verify_footnote(observed, find=_find, contains=_contains)
    assert [link.title_match.verdict for link in got.links] == [
        TitleVerdict.UNAVAILABLE,
        TitleVerdict.MISMATCH,
    ]
    assert got.figures == (Figure("27 Prozent", True),)
    assert [p.code for p in got.problems] == [ProblemCode.TITLE_MISMATCH]
