"""Output formats: the `OutputFormat` enum and `get_renderer`, the one place that maps a format
to its renderer (imported lazily, so `citecheck --help` does not pay for rich).
"""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never

from citecheck.render.base import Renderer

__all__ = ["OutputFormat", "Renderer", "get_renderer"]


class OutputFormat(StrEnum):
    """The values of `--format`."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    GITHUB = "github"
    SARIF = "sarif"
    HTML = "html"


def get_renderer(
    fmt: OutputFormat,
    *,
    width: int | None = None,
    color: bool = False,
    verbose: bool = False,
    quiet: bool = False,
    lang: str | None = None,
    suggest_titles: bool = False,
) -> Renderer:
    """The renderer for `fmt`. `width` and `color` matter for terminal formats only;
    `verbose` shows every footnote, full redirect chains and whole sentences where a format has
    room for them; `quiet` keeps only the findings at or above the report's fail_on (table,
    Markdown, GitHub; the machine formats stay complete); `lang` "en" or "de" for the words of
    the table, Markdown and GitHub formats (None: the locale; SARIF and JSON stay English);
    `suggest_titles` offers a bare URL's page title as its title. A new format is an enum
    member and a `case` here (mypy's exhaustiveness check and a test make sure no member is
    forgotten)."""
    match fmt:
        case OutputFormat.TABLE:
            from citecheck.render.table import TableRenderer

            return TableRenderer(
                width=width,
                color=color,
                verbose=verbose,
                quiet=quiet,
                lang=lang,
                suggest_titles=suggest_titles,
            )
        case OutputFormat.JSON:
            from citecheck.render.json import JsonRenderer

            return JsonRenderer()
        case OutputFormat.MARKDOWN:
            from citecheck.render.markdown import MarkdownRenderer

            return MarkdownRenderer(
                verbose=verbose, quiet=quiet, lang=lang, suggest_titles=suggest_titles
            )
        case OutputFormat.GITHUB:
            from citecheck.render.github import GithubRenderer

            return GithubRenderer(quiet=quiet, lang=lang)
        case OutputFormat.SARIF:
            from citecheck.render.sarif import SarifRenderer

            return SarifRenderer()
        case OutputFormat.HTML:
            from citecheck.render.html import HtmlRenderer

            return HtmlRenderer(quiet=quiet, lang=lang, suggest_titles=suggest_titles)
        case _:  # pragma: no cover - exhaustive
            assert_never(fmt)
