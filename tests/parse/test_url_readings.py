"""The parser carries each printed URL's other plausible readings into the model
(`Footnote.url_alternatives`, `InlineSource.alternatives`), and URLs in the running text follow
the same line-break rules as footnote URLs (issue 13, items 2 and 6)."""

from __future__ import annotations

from citecheck.parse.markdown import MarkdownParser
from citecheck.parse.text import TextParser

MOTION = """Deutscher Bundestag Drucksache 21/9999
21. Wahlperiode 01.07.2025

Antrag

Der Bundestag stellt fest, dass die Zahl der Fälle gestiegen ist.1 Das Institut (www.iwh-
halle.de/publikationen/) hat dazu geforscht, und die Ansicht2 ist bekannt, siehe
bundesfinanzministerium.de/Content/DE/Monatsberichte/2024/x.html zu den Zahlen.

1 Vgl. Statistisches Bundesamt, https://www.destatis.de/DE/Monatsbe-
richte/2024/x.pdf, abgerufen am 3.3.2024.
2 Vgl. https://www.a.de/einzel-
ansicht.html, https://www.a.de/y, abgerufen am 3.3.2024.
"""


def test_footnote_url_alternatives_run_parallel_to_urls() -> None:
    document = TextParser().parse(MOTION.encode(), "motion.txt")
    first, second = document.footnotes
    assert first.urls == ("https://www.destatis.de/DE/Monatsberichte/2024/x.pdf",)
    assert first.url_alternatives == ((),)
    assert second.urls == ("https://www.a.de/einzel-ansicht.html", "https://www.a.de/y")
    assert second.url_alternatives == (("https://www.a.de/einzelansicht.html",), ())


def test_running_text_urls_are_not_dehyphenated_as_prose() -> None:
    """ "www.iwh-" at a line end is the URL finder's to judge, not "www.iwhhalle.de"."""
    document = TextParser().parse(MOTION.encode(), "motion.txt")
    assert [(s.url, s.alternatives) for s in document.inline_sources] == [
        ("www.iwh-halle.de/publikationen/", ("www.iwhhalle.de/publikationen/",)),
        ("bundesfinanzministerium.de/Content/DE/Monatsberichte/2024/x.html", ()),
    ]
    assert "www.iwh-\nhalle.de" in document.body


def test_markdown_running_text_follows_the_same_rules() -> None:
    text = (
        "# Antrag\n\nDas Institut (www.iwh-\nhalle.de/publikationen/) und die Seite\n"
        "https://www.destatis.de/DE/Monatsbe-\nrichte/2024/x.pdf sind genannt.\n"
    )
    document = MarkdownParser().parse(text.encode(), "motion.md")
    assert [s.url for s in document.inline_sources] == [
        "www.iwh-halle.de/publikationen/",
        "https://www.destatis.de/DE/Monatsberichte/2024/x.pdf",
    ]
