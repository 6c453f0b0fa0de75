"""Cited titles in the styles footnotes use, and footnotes without one."""

from __future__ import annotations

import pytest

from ._layouts import title

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
