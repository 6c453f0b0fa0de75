"""The terminal report: rich tables rendered to a string, one section per document (links,
links in the text, problems) and a summary line; readable without colour and in 80 columns.
"""

from __future__ import annotations

from io import StringIO
from typing import assert_never

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from citecheck.models import (
    Document,
    Footnote,
    InlineSource,
    Link,
    LinkStatus,
    Report,
    Severity,
    TitleVerdict,
)
from citecheck.readings import reading_note
from citecheck.render.findings import count_severities, document_findings, plural

__all__ = ["TableRenderer", "shorten_url", "status_cell"]

#: Longest URL shown in full without --verbose; longer ones are cut in the middle (and to the
#: width of the details column, so that a URL stays on one line).
MAX_URL_CHARS = 100
#: Columns the table takes besides the details column (borders, padding, #, status, HTTP) …
_TABLE_OVERHEAD = 30
#: … and in an offline report (no status and HTTP columns).
_OFFLINE_OVERHEAD = 10
#: Longest citing sentence shown without --verbose.
MAX_CONTEXT_CHARS = 160

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def status_cell(status: LinkStatus) -> tuple[str, str]:
    """Symbol and word for a status, and its colour (the word keeps it readable in mono)."""
    match status:
        case LinkStatus.OK:
            return "✓ ok", "green"
        case LinkStatus.REDIRECT:
            return "↪ redirect", "yellow"
        case LinkStatus.DEAD:
            return "✗ dead", "bold red"
        case LinkStatus.SOFT_404:
            return "✗ soft 404", "bold red"
        case LinkStatus.BLOCKED:
            return "? blocked", "magenta"
        case LinkStatus.TIMEOUT:
            return "? timeout", "magenta"
        case LinkStatus.ERROR:
            return "! error", "bold red"
        case LinkStatus.SKIPPED:
            return "- skipped", "dim"
        case _:  # pragma: no cover - exhaustive
            assert_never(status)


def shorten_url(url: str, limit: int = MAX_URL_CHARS) -> str:
    """`url` cut in the middle to `limit` characters: the host and the last path part stay."""
    if len(url) <= limit:
        return url
    keep_end = limit // 3
    return url[: limit - keep_end - 1] + "…" + url[-keep_end:]


def _where(line: int | None, page: int | None) -> str:
    """ "line 40", "line 40, p. 2" (PDF input), "line -" when nothing is known."""
    where = f"line {line if line is not None else '-'}"
    return where if page is None else f"{where}, p. {page}"


def _reading_line(link: Link) -> Text | None:
    """ "read across a line break; the reading X failed (dead, HTTP 404)" under a link whose
    printed URL reads more than one way (`readings.reading_note`), None otherwise."""
    note = reading_note(link)
    return None if note is None else Text(note, style="yellow")


def _clip(text: str, limit: int) -> str:
    """`text` whitespace-normalised and cut at a word boundary near `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + " …"


class TableRenderer:
    """Renders a `Report` as rich tables, to a string.

    One section per document: a table with a row per link (footnote number, status symbol and
    word, HTTP code, and a details cell with the URL, where it went, the cited title, the citing
    sentence and the reason), then a compact table "Links in the text" for the URLs cited
    outside footnotes (line, status, HTTP, URL and reason), then the problems; a summary line
    closes. Status is a symbol *and* a word, so the table reads the same without colour. The
    status column never wraps; the details column folds, so the table fits 80 columns. In an
    offline report the status and HTTP columns are left out. Locations are lines; in a PDF the
    page follows ("line 40, p. 2").
    """

    def __init__(
        self, *, width: int | None = None, color: bool = False, verbose: bool = False
    ) -> None:
        """`width` in columns (None: rich's default, COLUMNS or 80); `color` emits ANSI styles;
        `verbose` shows full URLs, redirect chains and whole citing sentences."""
        self.width = width
        self.color = color
        self.verbose = verbose
        self._url_limit = MAX_URL_CHARS

    def render(self, report: Report) -> str:
        """The whole report as terminal text, ending in a newline."""
        buffer = StringIO()
        console = Console(
            file=buffer,
            width=self.width,
            force_terminal=self.color,
            color_system="standard" if self.color else None,
            no_color=not self.color,
            highlight=False,
            emoji=False,
            markup=False,
            legacy_windows=False,
            soft_wrap=False,
        )
        overhead = _OFFLINE_OVERHEAD if report.offline else _TABLE_OVERHEAD
        self._url_limit = max(24, min(MAX_URL_CHARS, console.width - overhead))
        for document in report.documents:
            self._document(console, document, offline=report.offline)
        console.print(self._summary(report))
        # rich pads every line to the full width; trailing blanks only make diffs noisy.
        return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"

    # ---------------------------------------------------------------- one document

    def _document(self, console: Console, document: Document, *, offline: bool) -> None:
        """Heading, footnote table and problems of one document."""
        links = sum(len(f.links) for f in document.footnotes) + sum(
            len(s.links) for s in document.inline_sources
        )
        heading = Text(document.path, style="bold")
        heading.append(
            f" ({document.format}; {plural(len(document.footnotes), 'footnote')}, "
            f"{plural(links, 'link')})",
            style="dim",
        )
        console.print(heading)
        if document.footnotes:
            console.print(self._footnote_table(document, offline=offline))
        if document.inline_sources:
            console.print(Text("Links in the text", style="bold"))
            console.print(self._inline_table(document.inline_sources, offline=offline))
        findings = document_findings(document)
        if findings:
            console.print(Text("Problems", style="bold"))
            grid = Table.grid(padding=(0, 1))
            grid.add_column("line", justify="right", no_wrap=True)
            grid.add_column("severity", no_wrap=True)
            grid.add_column("message", overflow="fold")
            for finding in findings:
                problem = finding.problem
                message = Text(f"{problem.code.value}: ", style="dim")
                if finding.number is not None:
                    message.append(f"[{finding.number}] ")
                message.append(problem.message)
                grid.add_row(
                    Text(_where(problem.line, finding.page), style="dim"),
                    Text(problem.severity.value, style=_SEVERITY_STYLE[problem.severity]),
                    message,
                )
            console.print(grid)
        console.print()

    def _footnote_table(self, document: Document, *, offline: bool) -> Table:
        """A row per link (one row for a footnote without links)."""
        table = Table(show_lines=True, header_style="bold")
        table.add_column("#", justify="right", no_wrap=True)
        if not offline:
            # min_width keeps the status readable however narrow the terminal.
            table.add_column("Status", no_wrap=True, min_width=10)
            table.add_column("HTTP", justify="right", no_wrap=True)
        table.add_column("Source", overflow="fold", ratio=1)
        for footnote in document.footnotes:
            links: tuple[Link | None, ...] = footnote.links or (None,)
            for index, link in enumerate(links):
                first = index == 0
                number = Text(str(footnote.number) if first else "")
                details = self._details(footnote, link, first=first)
                if offline:
                    table.add_row(number, details)
                    continue
                if link is None:
                    status, http = Text("-", style="dim"), Text("")
                else:
                    word, style = status_cell(link.status)
                    status = Text(word, style=style)
                    http = Text(str(link.http_status) if link.http_status else "")
                table.add_row(number, status, http, details)
        return table

    def _inline_table(self, sources: tuple[InlineSource, ...], *, offline: bool) -> Table:
        """A row per URL of the running text: line, status, HTTP, URL and reason."""
        table = Table(header_style="bold")
        table.add_column("Line", justify="right", no_wrap=True)
        if not offline:
            table.add_column("Status", no_wrap=True, min_width=10)
            table.add_column("HTTP", justify="right", no_wrap=True)
        table.add_column("URL", overflow="fold", ratio=1)
        wheres = [str(s.line) if s.page is None else f"{s.line}, p. {s.page}" for s in sources]
        # The URL column is as wide as the footnote table's details column (`_url_limit`) plus
        # the 3 characters its "#" column takes beyond padding, minus the width of "Line".
        limit = max(24, self._url_limit + 3 - max(4, *map(len, wheres)))
        for source, where in zip(sources, wheres, strict=True):
            for link in source.links or (Link(source.url),):
                url = link.url if self.verbose else shorten_url(link.url, limit)
                cell = Text(url, style="underline" if self.color else "")
                if link.final_url and link.final_url != link.url and link.redirects:
                    final = (
                        link.final_url if self.verbose else shorten_url(link.final_url, limit - 2)
                    )
                    cell.append(f"\n→ {final}")
                reading = _reading_line(link)
                if reading is not None:
                    cell.append("\n")
                    cell.append(reading)
                if link.reason and link.reason != "offline":
                    cell.append(f"\nreason: {link.reason}", style="dim")
                if offline:
                    table.add_row(Text(where), cell)
                    continue
                word, style = status_cell(link.status)
                http = Text(str(link.http_status) if link.http_status else "")
                table.add_row(Text(where), Text(word, style=style), http, cell)
        return table

    def _details(self, footnote: Footnote, link: Link | None, *, first: bool) -> RenderableType:
        """The details cell: URL, redirect target, titles, figures, sentence, reason."""
        lines: list[Text] = []
        if link is None:
            if footnote.ibid_of is not None:
                lines.append(Text(f"ibid. → footnote {footnote.ibid_of}", style="italic"))
            lines.append(Text(_clip(footnote.text, MAX_CONTEXT_CHARS)))
        else:
            url = link.url if self.verbose else shorten_url(link.url, self._url_limit)
            lines.append(Text(url, style="underline" if self.color else ""))
            if self.verbose:
                lines.extend(
                    Text(f"  {hop.status} {hop.url}", style="dim") for hop in link.redirects
                )
            if link.final_url and link.final_url != link.url and link.redirects:
                final = (
                    link.final_url
                    if self.verbose
                    else shorten_url(link.final_url, self._url_limit - 2)
                )
                lines.append(Text(f"→ {final}"))
            if link.suggested_url:
                lines.append(Text(f"cite instead: {link.suggested_url}", style="cyan"))
            reading = _reading_line(link)
            if reading is not None:
                lines.append(reading)
        if first:
            lines.extend(self._titles(footnote, link))
            if footnote.figures:
                figures = Text("figures: ")
                for i, figure in enumerate(footnote.figures):
                    mark, style = ("✓", "green") if figure.found else ("✗", "red")
                    figures.append(("" if i == 0 else ", ") + figure.value + " ")
                    figures.append(mark, style=style)
                lines.append(figures)
            lines.extend(self._contexts(footnote))
        elif link is not None:
            lines.extend(self._titles(footnote, link, cited=False))
        if link is not None and link.reason and link.reason != "offline":
            lines.append(Text(f"reason: {link.reason}", style="dim"))
        return Group(*lines)

    def _titles(self, footnote: Footnote, link: Link | None, *, cited: bool = True) -> list[Text]:
        """The cited title and, depending on the verdict, the page's title."""
        lines: list[Text] = []
        if cited and footnote.cited_title:
            lines.append(Text(f"„{footnote.cited_title}“", style="bold"))
        if link is None:
            return lines
        verdict = link.title_match.verdict
        match verdict:
            case TitleVerdict.MATCH:
                score = link.title_match.score
                shown = f" ({score:.2f})" if score is not None and score < 1 else ""
                lines.append(Text(f"title ✓ matches{shown}", style="green"))
            case TitleVerdict.MISMATCH:
                lines.append(Text(f"title ✗ page says „{link.page_title}“", style="yellow"))
            case TitleVerdict.NOT_CITED:
                if footnote.suggested_title:
                    lines.append(Text(f"add title: „{footnote.suggested_title}“", style="cyan"))
                elif link.page_title:
                    lines.append(Text(f"page: „{link.page_title}“", style="dim"))
            case TitleVerdict.UNAVAILABLE:
                pass
            case _:  # pragma: no cover - exhaustive
                assert_never(verdict)
        return lines

    def _contexts(self, footnote: Footnote) -> list[Text]:
        """The citing sentence(s), clipped unless verbose."""
        references = footnote.references if self.verbose else footnote.references[:1]
        lines = []
        for reference in references:
            context = " ".join(reference.context.split())
            if not self.verbose:
                context = _clip(context, MAX_CONTEXT_CHARS)
            where = _where(reference.line, reference.page)
            lines.append(Text(f"{where}: {context}", style="italic dim"))
        more = len(footnote.references) - len(references)
        if more:
            lines.append(Text(f"(+{more} more citing sentences)", style="dim"))
        return lines

    # ---------------------------------------------------------------- summary

    @staticmethod
    def _summary(report: Report) -> Text:
        """Counts of documents, footnotes, links per status, problems per severity; run time."""
        summary = report.summary
        text = Text("Summary: ", style="bold")
        text.append(
            f"{plural(summary.documents, 'document')}, {plural(summary.footnotes, 'footnote')}, "
            f"{plural(summary.links, 'link')}"
        )
        counts = [
            (status, summary.by_status.get(status.value, 0))
            for status in LinkStatus
            if summary.by_status.get(status.value, 0)
        ]
        if counts:
            text.append(": ")
            for i, (status, count) in enumerate(counts):
                word, style = status_cell(status)
                text.append(("" if i == 0 else ", ") + f"{count} ")
                text.append(word, style=style)
        severities = count_severities([f for d in report.documents for f in document_findings(d)])
        text.append(
            f" · {plural(severities[Severity.ERROR], 'error')}, "
            f"{plural(severities[Severity.WARNING], 'warning')}, "
            f"{plural(severities[Severity.INFO], 'note')}"
        )
        if report.offline:
            text.append(" · offline", style="dim")
        text.append(f" · {report.elapsed_ms / 1000:.1f} s")
        return text
