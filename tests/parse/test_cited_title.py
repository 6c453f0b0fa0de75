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


# --- the styles real Drucksachen use (issue 13 item 7; from fixtures/corpus/dip_titles.json) ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Source, date, Title; URL: a series number after the date is not the title
        ("Deutscher Bundestag, 15.05.2024, Finanzen – Ausschuss – hib 313/2024 , AfD-Fraktion "
         "scheitert mit Antrag zu Solidaritätszuschlag; www.bundestag.de/presse/hib/kurz-1002808",
         "AfD-Fraktion scheitert mit Antrag zu Solidaritätszuschlag"),
        # Publisher, Title; URL: the publisher is not part of the title
        ("Statista, IWF-Prognose: Deutschland bleibt Konjunktur-Schlusslicht; "
         "https://de.statista.com/infografik/23188/iwf-prognose/",
         "IWF-Prognose: Deutschland bleibt Konjunktur-Schlusslicht"),
        ("FAZ, Mar-a-Lago-Plan: Trump setzt den Dollar aufs Spiel; https://www.faz.net/pro/x.html",
         "Mar-a-Lago-Plan: Trump setzt den Dollar aufs Spiel"),
        ("Haufe.de, Kryptowährungen: Ertragssteuerliche Behandlung im Privatbereich, 2.3.5.2 "
         "Erträge aus dem Mining; https://www.haufe.de/id/beitrag/x.html",
         "Kryptowährungen: Ertragssteuerliche Behandlung im Privatbereich"),
        ("Wissenschaftliche Dienste des Bundestages, WD 4 - 3000 - 073/22, Ertragsteuerliche "
         "Behandlung von Tätigkeiten im Zusammenhang mit virtuellen Währungen; "
         "https://www.bundestag.de/resource/blob/905068/WD-4-073-22-pdf.pdf;",
         "Ertragsteuerliche Behandlung von Tätigkeiten im Zusammenhang mit virtuellen Währungen"),
        # A quoted publication before its date is the publisher, not the title
        ("vgl. „Merkur“ vom 22.05.2024, Wirbel um möglichen Bürgergeldbetrug: Größeres Ausmaß als "
         "bisher bekannt: www.merkur.de/wirtschaft/betrug-zr-92856533.html",
         "Wirbel um möglichen Bürgergeldbetrug: Größeres Ausmaß als bisher bekannt"),
        ("vgl. „FOCUS“ 24.03.2025, Krankenkassen am Limit: www.focus.de/finanzen/x_id_2607.html",
         "Krankenkassen am Limit"),
        # Author (Jahr): Title, in: Journal / Title, Vortrag …, Universität …
        ("Hajiaghapour-Moghimi, et al (2024):Cryptocurrency mining as a novel virtual energy "
         "storage system in islanded and grid-connected microgrids, in: International Journal of "
         "Electrical Power & Energy Systems Volume 158, July 2024, 109915; "
         "https://www.sciencedirect.com/science/article/pii/S0142061524001364",
         "Cryptocurrency mining as a novel virtual energy storage system in islanded and "
         "grid-connected microgrids"),
        ("Taik, M. / Gallei, R. (2024): Regulierung von Kryptowerten unter der MiCA-Verordnung, "
         "Vortrag am Börsenrechtstag Leipzig, Universität Leipzig; https://www.jura.uni-leipzig.de/x.pdf",
         "Regulierung von Kryptowerten unter der MiCA-Verordnung"),
        # Author: Title (Journal Jahr, Seite); Author [Jahr]. Title. Ort: Verlag
        ("vgl. Dr. Christian Zieglmeier: Befristete Rentnerbeschäftigung (NZA 2023, 1078), "
         "https://beck-online.beck.de/Bcid/Y-300-Z-NZA-B-2023-S-1078-N-1",
         "Befristete Rentnerbeschäftigung"),
        ("Schmal, J. [2023]. Prüfungswissen Pflegefachfrau Pflegefachmann für die Generalistische "
         "Pflegeausbildung. Deutschland: Elsevier Health Sciences, ISBN: 978-3437286216",
         "Prüfungswissen Pflegefachfrau Pflegefachmann für die Generalistische Pflegeausbildung"),
        # [Organisation, ]Title[ vom Datum], S. 8 | Tabelle 1 | Zeile 30, URL
        ("vgl. Bundesagentur für Arbeit, Arbeitsmarktsituation schwerbehinderter Menschen 2023, "
         "Seite 11, https://statistik.arbeitsagentur.de/x.pdf?__blob=publicationFile",
         "Arbeitsmarktsituation schwerbehinderter Menschen 2023"),
        ("vgl. Koalitionsvertrag zwischen CDU, CSU und SPD vom 9. April 2025, Zeile 3099 ff.: "
         "www.spd.de/fileadmin/Dokumente/Koalitionsvertrag2025_bf.pdf#page=99",
         "Koalitionsvertrag zwischen CDU, CSU und SPD"),
        ("vgl. IAB-Zuwanderungsmonitor April 2025, Tabelle 1 "
         "https://doku.iab.de/arbeitsmarktdaten/Zuwanderungsmonitor_2504.pdf#page=4",
         "IAB-Zuwanderungsmonitor April 2025"),
        # Quelle vom Datum: Titel
        ("Legal Tribune Online vom 5. Juli 2023: Warum das Heizungsgesetz noch warten muss; "
         "www.lto.de/recht/nachrichten/n/bverfg-heizungsgesetz-beschluss",
         "Warum das Heizungsgesetz noch warten muss"),
        ("DPA vom 28. Juni 2023: Heizungsgesetz: Ausschussvorsitzender kritisiert engen Zeitplan",
         "Heizungsgesetz: Ausschussvorsitzender kritisiert engen Zeitplan"),
        # An explanatory quotation opening the footnote is not the title
        ("„Geld, das nicht im Austausch gegen Verbindlichkeiten des privaten Sektors geschaffen "
         "wird.“ Wirtschaftslexikon Gabler, Outside Money; "
         "https://wirtschaftslexikon.gabler.de/definition/outside-money-42301.",
         "Outside Money"),
        ("“Überall da, wo ein Stoff als solcher dient, wollen wir die Verfassung authylisch nennen "
         "(„Hyle“ bedeutet Stoff). Der Autometallismus ist nur ein Beispiel; und der Authylismus "
         "selber ist nur ein Beispiel des Zahlungsmittels.“ Georg Friedrich Knapp: Glossar; "
         "https://www.um-bruch.net/uwiki/index.php?title=Georg_Friedrich_Knapp:_Glossar",
         "Georg Friedrich Knapp: Glossar"),
    ],
)  # fmt: skip
def test_cited_title_styles_of_real_drucksachen(text: str, expected: str) -> None:
    assert title(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Welt am Sonntag vom 11.02.2024, Seiten 1 und 3",
        "vgl. Sonderauswertung der Bundesagentur für Arbeit Stand Dezember 2023, Ihre Vorsorge, "
        "www.ihre-vorsorge.de/rente/gesetzliche-rente/arbeiten-im-rentenalter",
        "vgl. May/Beste/Haßlöcher, DB 2023, 1795-1798 mit Lösungsvorschlag in Fußnote 21",
        "UNCTAD, p. 7, https://unctad.org/system/files/official-document/x.pdf.",
        "vgl. IAB-Forschungsbericht 16/2024, Tabelle A1 https://doku.iab.de/forschungsbericht/x.pdf",
        "Bundesministerium der Finanzen – Referat I A 5; Ergebnis der Steuerschätzung Oktober "
        "2024; Tabelle 3; www.bundesfinanzministerium.de/Content/DE/x.pdf",
        "Anzahl der deutschen und ausländischen Auswanderer aus Deutschland von 1991 bis 2023, "
        "Statista, https://de.statista.com/statistik/daten/studie/76972/umfrage/x/",
        "vgl. Destatis, Pressemitteilung Nr. 330 vom 4.8.2022, www.destatis.de/DE/Presse/x.html",
        "vgl. „NOZ“ vom 20.04.2024: www.noz.de/deutschland-welt/politik/artikel/x-46848348",
        # A quoted passage of the cited document is no title.
        "Vgl. Ausschussdrucksache 20-G-46 Seite 2: „Gleichwohl legt der Beschluss des "
        "Bundesverfassungsgerichts nahe, dass die abschließenden Beratungen im Plenum nicht in "
        "der gleichen Sitzungswoche erfolgen sollten.“",
    ],
)
def test_no_title_in_real_drucksachen(text: str) -> None:
    """A publisher, a page, a table, a series number or a quoted term is no title."""
    assert title(text) is None
