"""Reading a definition: Markdown to plain text, URLs rejoined, prose hyphenation."""

from __future__ import annotations

from citecheck.parse.layout import RawDefinition
from citecheck.parse.markup import markdown_to_plain, read_definition

from ._layouts import title

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
