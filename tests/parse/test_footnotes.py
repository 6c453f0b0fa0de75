"""The shared footnote rules on constructed layouts and on definitions copied from the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.models import ProblemCode, Severity
from citecheck.parse import load_document
from citecheck.parse.footnotes import (
    PREVIOUS,
    build_document,
    extract_cited_title,
    ibid_reference,
    markdown_to_plain,
    read_definition,
    resolve_ibids,
    structure_problems,
)
from citecheck.parse.layout import Layout, Marker, RawDefinition

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def layout(
    body: str,
    markers: list[tuple[int, int]],
    definitions: list[tuple[int, int, str]],
    *,
    markdown: bool = False,
) -> Layout:
    """A layout whose body lines are numbered from 1 and whose markers sit at given offsets."""
    starts = [(0, 1)]
    starts += [(i + 1, n + 2) for n, i in enumerate(j for j, c in enumerate(body) if c == "\n")]
    return Layout(
        format="markdown" if markdown else "text",
        body=body,
        line_starts=tuple(starts),
        markers=tuple(Marker(number, offset) for number, offset in markers),
        definitions=tuple(
            RawDefinition(number, str(number), line, text, markdown)
            for number, line, text in definitions
        ),
    )


def title(text: str, markdown: bool = False) -> str | None:
    reading = read_definition(RawDefinition(1, "1", 1, text, markdown))
    return extract_cited_title(reading.text, reading.url_starts, reading.link_titles)


# --- references and contexts ---------------------------------------------------------------


def test_references_carry_the_full_sentence_and_marker_line() -> None:
    body = (
        "Deutschland und Japan z.B. sind Partner. Die Zahl stieg im Vergleich zu 2021\n"
        "um 27 Prozent. Danach kam nichts."
    )
    marker = body.index("Prozent.") + len("Prozent")
    document = build_document("x.txt", layout(body, [(1, marker)], [(1, 5, "Vgl. https://a.de/x")]))
    (footnote,) = document.footnotes
    assert footnote.references[0].context == "Die Zahl stieg im Vergleich zu 2021 um 27 Prozent."
    assert footnote.references[0].line == 2
    assert document.problems == ()
    assert document.body == body


def test_marker_after_the_dot_belongs_to_the_sentence_it_ends() -> None:
    body = "Der Posten wurde ausgeschrieben. Japan ist Partner."
    after_dot = body.index(".") + 1
    document = build_document("x", layout(body, [(1, after_dot)], [(1, 3, "Ebd.")]))
    assert document.footnotes[0].references[0].context == "Der Posten wurde ausgeschrieben."


def test_a_number_defined_twice_gets_markers_by_position() -> None:
    body = "Erster Satz.\nZweiter Satz mit Marker.\nDritter Satz."
    marker = body.index("Marker") + len("Marker")
    document = build_document(
        "x",
        layout(body, [(3, marker)], [(3, 1, "³ Destatis"), (3, 3, "Luftverkehrskonzept - BDL")]),
    )
    first, second = document.footnotes
    assert first.references == ()
    assert [r.line for r in second.references] == [2]
    assert {p.code for p in first.problems} == {
        ProblemCode.UNUSED_DEFINITION,
        ProblemCode.NO_SOURCE,
    }
    duplicate = [p for p in second.problems if p.code is ProblemCode.DUPLICATE_DEFINITION]
    assert duplicate[0].severity is Severity.ERROR
    assert "line 1" in duplicate[0].message


def test_pages_of_a_paged_layout_reach_footnotes_and_references() -> None:
    body = "Erster Satz mit Marker.\nZweiter Satz mit Marker."
    first = body.index("Marker") + len("Marker")
    second = body.rindex("Marker") + len("Marker")
    base = layout(body, [(1, first), (1, second)], [(1, 7, "Vgl. https://a.de/x")])
    paged = Layout(
        format="pdf",
        body=base.body,
        line_starts=base.line_starts,
        markers=(Marker(1, first, page=1), Marker(1, second, page=2)),
        definitions=(RawDefinition(1, "1", 7, "Vgl. https://a.de/x", page=1),),
    )
    (footnote,) = build_document("x.pdf", paged).footnotes
    assert footnote.page == 1
    assert [(r.line, r.page) for r in footnote.references] == [(1, 1), (2, 2)]


def test_unpaged_layouts_leave_pages_none() -> None:
    body = "Ein Satz mit Marker."
    marker = body.index("Marker") + len("Marker")
    document = build_document("x.txt", layout(body, [(1, marker)], [(1, 3, "Ebd.")]))
    (footnote,) = document.footnotes
    assert footnote.page is None
    assert footnote.references[0].page is None


# --- structure problems ------------------------------------------------------------------------


def test_structure_problems() -> None:
    problems = structure_problems([1, 2, 4, 3, 3], [1, 2, 9, 9], [1, 2, 3, 4])
    assert [(p.code, p.severity, p.line, p.message) for p in problems] == [
        (ProblemCode.MISSING_DEFINITION, Severity.ERROR, 3, "marker 9 has no definition"),
        (ProblemCode.NUMBERING_GAP, Severity.WARNING, None, "footnote 4 follows 2"),
        (ProblemCode.NUMBERING_ORDER, Severity.WARNING, None, "footnote 3 comes after footnote 4"),
    ]
    assert structure_problems([2, 3], [2, 3], [1, 1])[0].code is ProblemCode.NUMBERING_GAP
    assert structure_problems([1, 2, 3], [1, 2, 3], [1, 1, 1]) == []


def test_footnote_problems_unused_and_no_source() -> None:
    document = build_document(
        "x",
        layout("Ein Satz.", [], [(1, 2, "Antwort der Bundesregierung, Drucksache 20/14693")]),
    )
    codes = {(p.code, p.severity) for p in document.footnotes[0].problems}
    assert codes == {
        (ProblemCode.UNUSED_DEFINITION, Severity.WARNING),
        (ProblemCode.NO_SOURCE, Severity.INFO),
    }


def test_an_ibid_is_a_source() -> None:
    body = "Satz eins. Satz zwei."
    document = build_document(
        "x",
        layout(body, [(1, 9), (2, 20)], [(1, 3, "https://a.de/x"), (2, 4, "Ebd., S. 4")]),
    )
    assert document.footnotes[1].ibid_of == 1
    assert document.footnotes[1].problems == ()


# --- uncited figures ----------------------------------------------------------------------------


def test_press_release_reports_its_uncited_figure() -> None:
    document = load_document(
        str(FIXTURES / "documents" / "pressemitteilung-wirtschaftssicherheit.txt")
    )
    assert document.footnotes == ()
    assert [(p.code, p.severity, p.line, p.message) for p in document.problems] == [
        (
            ProblemCode.UNCITED_FIGURE,
            Severity.WARNING,
            7,
            "figure „44,2 Mrd. Euro“ stated without a footnote",
        )
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Laut Umfrage nutzen Unternehmen um neun Prozent mehr Zulieferer.",
        "Der Studie zufolge stiegen die Einnahmen um 108 Prozent.",
        "Es ist offen, ob zwei Prozent des BIP ausreichen.",
        "So würde die Steuer ab einer Übernahme von 10% anfallen.",
        "Wie viele Betriebe zahlen mehr als 5 %?",
        "a) die Schäden von 28,5 Mrd. Euro zurückzufordern;",
        "Der Steuererlass gilt für Vermögen ab 26 Mio. Euro vollständig.",
        "Dort greift die Abgeltungsteuer in Höhe von 25% ohne Frist.",
        "Im Jahr 2022 stieg die Zahl der Fälle um 2021 Stück.",
    ],
)
def test_figures_that_are_no_uncited_claims(sentence: str) -> None:
    assert build_document("x", layout(sentence, [], [])).problems == ()


def test_figure_cited_elsewhere_is_covered_and_uncited_one_is_reported() -> None:
    body = (
        "Der Schaden beträgt 28,5 Mrd. Euro. Die 28,5 Mrd. Euro fehlen.\n\n"
        "Die Zahl der Angriffe stieg um 27 Prozent."
    )
    marker = body.index("Euro.") + 4
    document = build_document("x", layout(body, [(1, marker)], [(1, 9, "https://a.de")]))
    assert [p.message for p in document.problems] == [
        "figure „27 Prozent“ stated without a footnote"
    ]
    assert document.problems[0].line == 3


# --- URLs and text of definitions -----------------------------------------------------------------


def test_markdown_definitions_seed_style() -> None:
    raw = (
        "Vgl. [https://www.bka.de/DE/Listenseite\\\\_Pressemitteilungen/230816\\\\_PM.html]"
        "(https://www.bka.de/DE/Listenseite_Pressemitteilungen/230816_PM.html)"
    )
    reading = read_definition(RawDefinition(8, "8", 41, raw, markdown=True))
    assert reading.urls == ("https://www.bka.de/DE/Listenseite_Pressemitteilungen/230816_PM.html",)
    assert reading.text == (
        "Vgl. https://www.bka.de/DE/Listenseite_Pressemitteilungen/230816_PM.html"
    )
    auto = read_definition(
        RawDefinition(13, "13", 1, "Vgl. <https://www.dw.com/de/versch%C3%A4rft/a-1>", True)
    )
    assert auto.urls == ("https://www.dw.com/de/versch%C3%A4rft/a-1",)


def test_markdown_link_text_is_a_title() -> None:
    plain, titles = markdown_to_plain("Vgl. **[Zeitenwende in Japan](https://ip.de/z)**, 2024.")
    assert titles == ("Zeitenwende in Japan",)
    assert plain == "Vgl. Zeitenwende in Japan (https://ip.de/z), 2024."
    assert title("Vgl. [Zeitenwende in Japan](https://ip.de/z)", markdown=True) == (
        "Zeitenwende in Japan"
    )


def test_text_rejoins_urls_and_prose_hyphenation() -> None:
    raw = (
        "Vgl. Bach (2022), „Erbschaftsteuer:\nPrivilegien abschaffen“, Working Pa-\nper, "
        "https://www.fes.de/index.php?eID=dumpFile&to-\nken=0ffe (abgerufen am 25.05.2025); "
        "CO2-\nPreise und Hin-\nund Rückflug."
    )
    reading = read_definition(RawDefinition(4, "4", 1, raw))
    assert reading.urls == ("https://www.fes.de/index.php?eID=dumpFile&token=0ffe",)
    assert reading.text == (
        "Vgl. Bach (2022), „Erbschaftsteuer: Privilegien abschaffen“, Working Paper, "
        "https://www.fes.de/index.php?eID=dumpFile&token=0ffe (abgerufen am 25.05.2025); "
        "CO2-Preise und Hin- und Rückflug."
    )
    assert reading.text[reading.url_starts[0] :].startswith("https://www.fes.de/")


def test_duplicate_urls_in_one_footnote_count_once() -> None:
    reading = read_definition(RawDefinition(1, "1", 1, "https://a.de/x und wieder https://a.de/x."))
    assert reading.urls == ("https://a.de/x",)


# --- cited titles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Author (Jahr, Datum). Titel. URL (seed footnotes 3 and 5)
        ("Vgl. Sakaki, Alexander (2023, 17. Februar). Japans sicherheitspolitische "
         "Neuausrichtung 2023. <https://www.swp-berlin.org/10.18449/2023A13/>",
         "Japans sicherheitspolitische Neuausrichtung 2023"),
        ("Vgl. Lill, Felix (2024, 02. Jan.) Zeitwende in Japan. "
         "<https://internationalepolitik.de/de/zeitenwende-japan>", "Zeitwende in Japan"),
        # Quotes: German, English, straight
        ("Deutsche Bundesbank „Monatsbericht April“ (2025): https://publikationen.bundesbank.de/x",
         "Monatsbericht April"),
        ("Vgl. Bundesministerium der Finanzen (2019), 27. Subventionsbericht des Bundes: "
         "2017-2020, 19 und Bach/Eichfelder (2021), “Reform der\nImmobilienbesteuerung: "
         "Bodenwerte belasten und Privilegien streichen”, DIW Wochenbericht 2021/27, https://www.diw.de/x.pdf",
         "Reform der Immobilienbesteuerung: Bodenwerte belasten und Privilegien streichen"),
        ('Charles Russell, "College Teach-ins on Environment Crisis Proposed," Seattle '
         "Post-Intelligencer, September 21, 1969, p. 10.",
         "College Teach-ins on Environment Crisis Proposed"),
        # Quelle, Datum, Titel; URL
        ("Destatis, Pressemitteilung Nr. 166 vom 13. April 2022, Einnahmen aus der "
         "Luftverkehrsteuer 2021 um\n49,8 % gegenüber 2020 gestiegen; https://www.destatis.de/x.html.",
         "Einnahmen aus der Luftverkehrsteuer 2021 um 49,8 % gegenüber 2020 gestiegen"),
        ("Destatis, 15.04.2025, 1,9 Milliarden Euro Luftverkehrsteuer im Jahr 2024 angemeldet;\n"
         "https://www.destatis.de/x.html",
         "1,9 Milliarden Euro Luftverkehrsteuer im Jahr 2024 angemeldet"),
        ("C. Spengel 2021, Estimation of the Tax Revenue Loss Caused by Cum/Cum Transactions, "
         "Universität\nMannheim, zuletzt aufgerufen am 19.05.2025. https://www.bwl.uni-mannheim.de/x",
         "Estimation of the Tax Revenue Loss Caused by Cum/Cum Transactions"),
        # Titel, S. 8; URL
        ("Koalitionsvertrag zwischen CDU, CSU und SPD, 21. Legislaturperiode, S.8; "
         "https://www.spd.de/fileadmin/Dokumente/Koalitionsvertrag2025_bf.pdf.",
         "Koalitionsvertrag zwischen CDU, CSU und SPD, 21. Legislaturperiode"),
        # Titel, in: Quelle
        ("Müller, Hans: Die neue Wehrpflicht, in: FAZ, 03.04.2024, https://www.faz.net/x",
         "Die neue Wehrpflicht"),
        # Several works: the first titled one; "; " inside a quoted title does not split
        ("U.S. Navy et al., The Commander’s Handbook on the Law of Naval Operations, March 2022, "
         "pp. 2-8 to 2-9, https://www.marines.mil/x.pdf; Alexander Lott, “The Legal Regime of the "
         "Strait of Hormuz,” Ocean Development, https://www.tandfonline.com/x#abstract.",
         "The Commander’s Handbook on the Law of Naval Operations"),
        ('Gladwin Hill, "Millions Join Earth Day Observances Across the Nation; Activity Ranges '
         'from Oratory to Legislation," New York Times, April 23, 1970, p. A1.',
         "Millions Join Earth Day Observances Across the Nation; Activity Ranges from Oratory "
         "to Legislation"),
        ("U.S. Department of Transportation, MARAD, United States-Flag Privately-Owned Merchant "
         "Fleet Report, January 5, 2026, p. 9, https://www.maritime.dot.gov/x.pdf.",
         "United States-Flag Privately-Owned Merchant Fleet Report"),
        ("CRS Report R48887, U.S. Conflict with Iran, coordinated by Clayton Thomas.",
         "U.S. Conflict with Iran"),
        # Without URL
        ("Microsoft Word - The economic impact of air taxes in Europe - Germany.docx",
         "The economic impact of air taxes in Europe - Germany"),
        ("Luftverkehrskonzept für Deutschland dringend erforderlich - BDL",
         "Luftverkehrskonzept für Deutschland dringend erforderlich"),
        ("Adam Rome, The Genius of Earth Day: How a 1970 Teach-In Unexpectedly Made the First "
         "Green Generation (Hill and Wang, 2013), p. 58.",
         "The Genius of Earth Day: How a 1970 Teach-In Unexpectedly Made the First Green "
         "Generation"),
    ],
)  # fmt: skip
def test_cited_title_styles(text: str, expected: str) -> None:
    assert title(text, markdown="<https://" in text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Vgl. <https://www.deutschland.de/de/topic/politik/japan>",
        "Vgl https://www.fr.de/wirtschaft/x-92050686.html",
        "vgl. Bundestagsdrucksache 21/69, Frage 21, MdB Münzenmaier https://dserver.bundestag.de/x",
        "vgl. Juraforum, Lexikon https://www.juraforum.de/lexikon/strafhaft",
        "vgl. § 27 Abs.1 SGB XII analog https://www.gesetze-im-internet.de/sgb_12/__27.html",
        "DIW Wochenbericht 29/2020, S. 511-521: https://www.diw.de/x.pdf",
        "Statistisches Bundesamt (2025): https://www.destatis.de/x.html",
        "Vgl. Wissenschaftliche Dienste des Deutschen Bundestages (2017), Nr. 06/17 "
        "(09. Februar 2017), https://www.bundestag.de/x.pdf",
        "Vgl. ifo Schnelldienst 12/2021 74. Jahrgang 8. Dezember 2021: https://www.ifo.de/x.pdf",
        "Antwort der Bundesregierung auf die Kleine Anfrage der Fraktion der AfD, "
        "Bundestagsdrucksache 20/14693",
        "Letter from Gaylord Nelson, U.S. Senator, to Frank Stanton, CBS president, April 7, 1971, "
        "https://nelsonearthday.net/x.pdf.",
        "S. 864, 106th Cong.",
        "Ebd.",
        "The Department of Defense is “using a secondary Department of War designation” under "
        "Executive Order 14347 dated September 5, 2025.",
    ],
)
def test_footnotes_without_a_title(text: str) -> None:
    assert title(text, markdown="<https://" in text) is None


# --- ibid ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ebd.", PREVIOUS),
        ("ebd.", PREVIOUS),
        ("Ebd., S. 4", PREVIOUS),
        ("Ebenda", PREVIOUS),
        ("a.a.O.", PREVIOUS),
        ("Ibid., p. 3.", PREVIOUS),
        ("Vgl. ebd.", PREVIOUS),
        ("s. FN. 5", 5),
        ("s. Fn. 5", 5),
        ("siehe Fußnote 12", 12),
        ("wie in Fn. 4", 4),
        ("a.a.O. (Fn. 7), S. 3", 7),
        ("Ebenfalls interessant: die Studie", None),
        ("Ebert, Titel", None),
    ],
)
def test_ibid_reference(text: str, expected: int | None) -> None:
    assert ibid_reference(text, has_urls=False) == expected


def test_a_footnote_with_its_own_url_is_no_ibid() -> None:
    assert ibid_reference("Ebd., https://a.de/x", has_urls=True) is None


def test_resolve_ibids_chains_to_the_original() -> None:
    numbers = [1, 2, 3, 4, 5, 6]
    references = [PREVIOUS, None, PREVIOUS, PREVIOUS, 3, 9]
    assert resolve_ibids(numbers, references) == [None, None, 2, 2, 2, None]


def test_ibids_in_a_document() -> None:
    body = "Eins. Zwei. Drei. Vier."
    definitions = [
        (1, 5, "https://a.de/1"),
        (2, 6, "ebd."),
        (3, 7, "https://a.de/3"),
        (4, 8, "s. FN. 2"),
    ]
    markers = [
        (n, body.index(w) + len(w)) for n, w in enumerate(["Eins", "Zwei", "Drei", "Vier"], 1)
    ]
    document = build_document("x", layout(body, markers, definitions))
    assert [f.ibid_of for f in document.footnotes] == [None, 1, None, 1]


# --- whole documents ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["antrag-japan-partnerschaft.md", "antrag-japan-partnerschaft.txt"]
)
def test_seed_motion(name: str) -> None:
    document = load_document(str(FIXTURES / "documents" / name))
    footnotes = document.footnotes
    assert [f.number for f in footnotes] == list(range(1, 16))
    assert footnotes[3].ibid_of == 3
    assert footnotes[2].cited_title == "Japans sicherheitspolitische Neuausrichtung 2023"
    assert footnotes[4].cited_title == "Zeitwende in Japan"
    assert all(f.cited_title is None for i, f in enumerate(footnotes) if i not in (2, 4))
    assert sum(len(f.urls) for f in footnotes) == 14
    assert all("\\" not in url for f in footnotes for url in f.urls)
    assert "_" in footnotes[7].urls[0] and "_" in footnotes[14].urls[0]
    assert footnotes[4].references[0].context.startswith("Ähnlich wie die Bundeswehr haben auch")
    assert footnotes[4].references[0].context.endswith("Arbeitgeber zu positionieren.")
    assert document.problems == ()
    # Only paged formats have pages.
    assert all(f.page is None and all(r.page is None for r in f.references) for f in footnotes)


_FRAGMENTS = st.sampled_from(
    ["https://", "www.", "a.de/", "-\n", "\n", "\n\n", ". ", "Ebd.", "s. FN. ", "„", "“", "(",
     ")", "%20", "_", "&", "27 %", "44,2 Mrd. Euro", "neun Prozent", "z.B. ", "1. ", "\\_",
     "[x](https://a.de)", "<https://b.de>", "Microsoft Word - ", " - BDL", "(2023). ", "\x00"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=6)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _TEXT,
    st.lists(st.tuples(st.integers(0, 20), st.integers(0, 400)), max_size=6),
    st.lists(st.tuples(st.integers(0, 20), _TEXT, st.booleans()), max_size=6),
)
def test_build_document_never_raises(
    body: str, markers: list[tuple[int, int]], definitions: list[tuple[int, str, bool]]
) -> None:
    built = Layout(
        format="text",
        body=body,
        line_starts=((0, 1),),
        markers=tuple(Marker(n, min(o, len(body))) for n, o in markers),
        definitions=tuple(
            RawDefinition(n, str(n), i + 1, text, md) for i, (n, text, md) in enumerate(definitions)
        ),
    )
    document = build_document("x", built)
    assert len(document.footnotes) == len(definitions)
    for footnote in document.footnotes:
        assert all(url.strip() == url and url for url in footnote.urls)
