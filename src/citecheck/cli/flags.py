"""The flags of `citecheck`, declared once as the fields of the frozen dataclass `Flags`, which
typer fills (`typed_command`); their defaults are shown from `config.Config`, never restated.
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
import typing
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer._click import Context as ClickContext
from typer._click import Parameter as ClickParameter
from typer._coercion import RuntimeParam
from typer.core import TyperArgument, TyperCommand, TyperOption

from citecheck import __version__
from citecheck.cli.coercion import LightRuntimeParam
from citecheck.config import Config, Overrides
from citecheck.options import ArchiveMode
from citecheck.render import OutputFormat
from citecheck.vocabulary import FailOn

__all__ = ["NETWORK_HELP", "Flags", "Language", "PlainHelpCommand", "typed_command"]

NETWORK_HELP = """Network: HTTPS_PROXY and HTTP_PROXY (or ALL_PROXY) name a proxy, e.g.
http://proxy.example:3128; NO_PROXY lists hosts reached directly (comma-separated, e.g.
localhost,.intranet.example); SSL_CERT_FILE names a PEM file of CA certificates to trust, e.g.
for a company proxy that inspects TLS. The system resolver answers for host names."""
"""The epilog of `--help`: the environment variables that shape the network."""

_DEFAULT = Config()


class Language(StrEnum):
    """The values of `--lang` (`citecheck.i18n.LANGUAGES`)."""

    EN = "en"
    DE = "de"


F = TypeVar("F")


def _version_callback(value: bool) -> None:
    """`--version`: print and exit before anything else is done."""
    if value:
        sys.stdout.write(f"citecheck {__version__}\n")
        raise typer.Exit(0)


def _duration(seconds: float) -> str:
    """Seconds in the largest unit `--max-age` takes that divides them ("1d", "90m", "45")."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}"


@dataclasses.dataclass(frozen=True, slots=True)
class Flags:
    """The command line as given (None: not given, so the configuration decides)."""

    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="Documents (.md, .txt, .pdf, .docx, .html) or folders of them; "
            "- reads standard input.",
            show_default=False,
        ),
    ] = None
    offline: Annotated[
        bool, typer.Option("--offline", help="Check footnotes only; fetch nothing.")
    ] = False
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="Report format.", show_default=_DEFAULT.format.value),
    ] = None
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report to FILE (atomically) instead of standard output.",
        ),
    ] = None
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Lowest problem severity that makes the exit code 1.",
            show_default=_DEFAULT.fail_on.value,
        ),
    ] = None
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=0.1,
            metavar="SECONDS",
            help="Deadline per URL in seconds, retries included.",
            show_default=f"{_DEFAULT.timeout:g}",
        ),
    ] = None
    max_concurrency: Annotated[
        int | None,
        typer.Option(
            "--max-concurrency",
            min=1,
            metavar="N",
            help="Requests in flight in total.",
            show_default=str(_DEFAULT.max_concurrency),
        ),
    ] = None
    per_host: Annotated[
        int | None,
        typer.Option(
            "--per-host",
            min=1,
            metavar="N",
            help="Requests in flight to one host.",
            show_default=str(_DEFAULT.per_host),
        ),
    ] = None
    user_agent: Annotated[
        str | None,
        typer.Option("--user-agent", metavar="TEXT", help="User-Agent header to send."),
    ] = None
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Allow loopback and private-network addresses."),
    ] = False
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="REGEX",
            help="Skip URLs matching REGEX (repeatable; replaces the configured list).",
            show_default=False,
        ),
    ] = None
    exclude_path: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-path",
            metavar="GLOB",
            help="Skip files and folders matching GLOB in folder scans, gitignore-style and "
            "relative to the folder (repeatable; replaces the configured list). Hidden "
            "entries, what .gitignore ignores and citecheck's own reports are always skipped.",
            show_default=False,
        ),
    ] = None
    archive: Annotated[
        ArchiveMode | None,
        typer.Option(
            "--archive",
            help="Look for an archived copy (web archive, CDX API) of failing links, of all "
            "links, or never; never with --offline.",
            show_default=_DEFAULT.archive.value,
        ),
    ] = None
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            metavar="DIR",
            file_okay=False,
            help="Folder of the result cache (default: the user cache folder).",
        ),
    ] = None
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the cache.")
    ] = False
    max_age: Annotated[
        str | None,
        typer.Option(
            "--max-age",
            metavar="AGE",
            help="Reuse cached results younger than AGE (3600, 30m, 12h, 1d).",
            show_default=_duration(_DEFAULT.max_age),
        ),
    ] = None
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            metavar="REPORT",
            dir_okay=False,
            help="Accept the findings of an earlier JSON report (--format json): they are "
            "shown as known and do not fail the run. Matched by document, code, footnote "
            "and URL, not by line.",
        ),
    ] = None
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            dir_okay=False,
            help="Read settings from FILE instead of searching citecheck.toml/pyproject.toml.",
        ),
    ] = None
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore configuration files.")] = (
        False
    )
    print_config: Annotated[
        bool,
        typer.Option(
            "--print-config", help="Show the effective configuration and its sources, and exit."
        ),
    ] = False
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Every footnote, redirect chains, whole citing sentences."
        ),
    ] = False
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Only the findings at or above --fail-on (table, Markdown, GitHub; JSON and "
            "SARIF stay complete).",
        ),
    ] = False
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help="Language of the table, Markdown and GitHub reports (default: the locale, "
            "LANG/LC_ALL/LC_MESSAGES; anything but German is English).",
            show_default=False,
        ),
    ] = None
    suggest_titles: Annotated[
        bool,
        typer.Option(
            "--suggest-titles",
            help="For a footnote that gives a bare URL, suggest the page's title "
            "(also suggest_titles = true in the configuration).",
        ),
    ] = False
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Check a bundled sample motion against local replicas of its sources "
            "(no network needed). Takes no PATH. Its findings are planted: it exits 0 when "
            "every replica answered.",
        ),
    ] = False
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show tracebacks and debug messages on standard error."),
    ] = False
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False

    def overrides(self) -> Overrides:
        """The settings these flags give (the last layer of the configuration)."""
        return Overrides(
            exclude=tuple(self.exclude) if self.exclude else None,
            timeout=self.timeout,
            max_concurrency=self.max_concurrency,
            per_host=self.per_host,
            fail_on=self.fail_on,
            user_agent=self.user_agent,
            max_age=self.max_age,
            format=self.output_format,
            exclude_path=tuple(self.exclude_path) if self.exclude_path else None,
            lang=self.lang.value if self.lang is not None else None,
            suggest_titles=True if self.suggest_titles else None,
            archive=self.archive,
        )


class _LightArgument(TyperArgument):
    """An argument whose value is coerced without pydantic where that is plain
    (`LightRuntimeParam`)."""

    def get_runtime_param(self) -> RuntimeParam:
        if self._runtime_param is None:
            self._runtime_param = LightRuntimeParam.of(self.type_descriptor)
        return self._runtime_param


class _LightOption(TyperOption):
    """An option whose value is coerced without pydantic where that is plain
    (`LightRuntimeParam`): also typer's own `--help` and completion options."""

    def get_runtime_param(self) -> RuntimeParam:
        if self._runtime_param is None:
            self._runtime_param = LightRuntimeParam.of(self.type_descriptor)
        return self._runtime_param


class _PlainArgument(_LightArgument):
    """An argument whose help shows its metavar only, not typer's type (`PATH <list[str]>`)."""

    def display_type_rich(self, ctx: ClickContext) -> str | None:
        return None


class _PlainOption(_LightOption):
    """An option whose help speaks plainly: choices as `[a|b]` (not `<a|b>`), a default as
    `[default: table]` (not `(table)`), and no range phrasing (`x>=0.1`: a wrong value's error
    says it)."""

    def display_type_rich(self, ctx: ClickContext) -> str | None:
        shown = super().display_type_rich(ctx)
        if shown is not None and shown.startswith("<") and shown.endswith(">"):
            return f"[{shown[1:-1]}]"
        return shown

    def _get_default_string(
        self, *, ctx: ClickContext, show_default_is_str: bool, default_value: Any
    ) -> str:
        text = super()._get_default_string(
            ctx=ctx, show_default_is_str=show_default_is_str, default_value=default_value
        )
        if show_default_is_str and text.startswith("(") and text.endswith(")"):
            return text[1:-1]
        return text

    def _get_number_range_help_str(self) -> str | None:
        return None


class PlainHelpCommand(TyperCommand):
    """The command with plain help text: no internals of typer or click in `--help`
    (`_PlainArgument`, `_PlainOption`), and flag values coerced without pydantic where that is
    plain (also those of the options typer adds: `_LightOption`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _PlainArgument
            elif type(param) is TyperOption:
                param.__class__ = _PlainOption

    def get_params(self, ctx: ClickContext) -> list[ClickParameter]:
        params = super().get_params(ctx)
        for param in params:
            if type(param) is TyperOption:
                param.__class__ = _LightOption
        return params


def typed_command(flags_type: type[F]) -> Callable[[Callable[[F], None]], Callable[..., None]]:
    """A decorator that lets typer fill a dataclass: `run(flags)` becomes a command whose
    parameters are the fields of `flags_type`, with their `Annotated` typer metadata."""
    hints = typing.get_type_hints(flags_type, include_extras=True)
    parameters = [
        inspect.Parameter(
            field.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=field.default,
            annotation=hints[field.name],
        )
        for field in dataclasses.fields(flags_type)  # type: ignore[arg-type]
    ]

    def decorate(run: Callable[[F], None]) -> Callable[..., None]:
        def command(**values: Any) -> None:
            run(flags_type(**values))

        command.__name__ = run.__name__
        command.__doc__ = run.__doc__
        command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in parameters}
        return command

    return decorate
