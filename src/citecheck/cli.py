"""The command line: `citecheck [OPTIONS] PATH...` — options in, report out, exit code.

This is the only module that touches the terminal, standard streams, signals and `--output`.
It reads the documents (`parse`), runs `check.CheckRun` with a `CachedFetcher(HttpFetcher)` (or
nothing with `--offline`), renders with the chosen format and writes the result atomically.
Heavy modules (httpx, rich, bs4, the renderers) are imported inside the command so that
`--help` and `--version` start fast.

Exit codes: 0 nothing at or above `--fail-on`; 1 findings at or above it; 2 usage or input
error (one line on stderr, never a traceback); 128+N when stopped by signal N (130 for Ctrl-C,
143 for SIGTERM) — the partial report is still written, unchecked links `skipped` with reason
`interrupted`. An interrupted run never exits 0: it did not check everything.

`--demo` checks the bundled seed motion against replicas of its sources served on 127.0.0.1
(`citecheck.demo` explains how, and why it is honest); it reads no configuration file and no cache.

Test/debug seam: `CITECHECK_RESOLVE="name=127.0.0.2,other=127.0.0.3"` makes the fetcher resolve
host names through that fixed table only (`fetch.resolve.StaticResolver`); any other name does
not exist. The test suite uses it so that no DNS query leaves the machine.

Imports: everything (typer at module level; the rest lazily).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from citecheck import __version__
from citecheck.errors import CitecheckError, ConfigError, InputError
from citecheck.models import FailOn
from citecheck.render import OutputFormat

if TYPE_CHECKING:
    from citecheck.check import CheckOptions, CheckRun, OnLink
    from citecheck.config import Config
    from citecheck.fetch.base import Fetcher, FetchOptions
    from citecheck.fetch.resolve import Resolver
    from citecheck.models import Document

__all__ = ["app", "main", "run_options"]

RESOLVE_ENV = "CITECHECK_RESOLVE"
"""Environment variable of the resolver test seam (see the module docstring)."""

CACHE_FILENAME = "links.sqlite3"
"""The cache file inside --cache-dir (the default location is fetch.cache's choice)."""

app = typer.Typer(
    name="citecheck",
    help="Check the footnoted sources of parliamentary documents: dead links, soft 404s, "
    "redirects, footnote structure.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: typer's rich help imports rich.markdown and markdown_it (~100 ms),
    # which would double the start-up time of `citecheck --help`.
    rich_markup_mode=None,
)


def _usage_error(message: str) -> NoReturn:
    """A usage error in click's words and exit status (2)."""
    raise typer.BadParameter(message, param_hint="'PATH...'")


def _fail(message: str) -> NoReturn:
    """One line on stderr, exit 2."""
    sys.stderr.write(f"citecheck: error: {message}\n")
    raise typer.Exit(2)


def parse_resolve_table(text: str) -> dict[str, str]:
    """The `CITECHECK_RESOLVE` table: "name=address,name=address". Raises `ConfigError`."""
    table: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, address = item.partition("=")
        if not sep or not name.strip() or not address.strip():
            raise ConfigError(f"{RESOLVE_ENV}: expected name=address, got {item!r}")
        table[name.strip()] = address.strip()
    return table


def _version_callback(value: bool) -> None:
    """`--version`: print and exit before anything else is done."""
    if value:
        sys.stdout.write(f"citecheck {__version__}\n")
        raise typer.Exit(0)


def _load(paths: list[str]) -> list[Document]:
    """Expand directories and parse every document. Raises `InputError`."""
    from citecheck.parse import collect_paths, load_document

    expanded = collect_paths(paths)
    if expanded.count("-") > 1:
        raise InputError("standard input (-) can be read only once")
    return [load_document(path) for path in expanded]


def _check_output_target(output: Path, paths: list[str]) -> None:
    """Refuse an --output that is one of the inputs (it would destroy the document)."""
    from citecheck.parse import collect_paths

    target = output.resolve()
    for path in collect_paths(paths):
        if path == "-":
            continue
        source = Path(path)
        same = source.resolve() == target
        if not same and output.exists():
            try:
                same = os.path.samefile(source, output)
            except OSError:
                same = False
        if same:
            raise InputError(f"--output {output} is an input document; refusing to overwrite it")
    if output.is_dir():
        raise InputError(f"--output {output} is a directory")


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file in the same folder and `os.replace`.

    A reader sees the old file or the whole new one, never half a report; on any failure the
    temporary file is removed and the target is untouched.
    """
    directory = path.parent if str(path.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile(  # closed by `with handle` below
        mode="w",
        encoding="utf-8",
        newline="",
        dir=directory,
        prefix=f".{path.name}.",
        suffix=".tmp",
        delete=False,
    )
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; give the report the mode a plain open() would have.
        if path.exists():
            mode = path.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        temp.chmod(mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _resolver_from_env() -> Resolver | None:
    """The test/debug resolver seam (`CITECHECK_RESOLVE`), or None for the system resolver."""
    text = os.environ.get(RESOLVE_ENV)
    if text is None:
        return None
    from citecheck.fetch.resolve import StaticResolver

    return StaticResolver(parse_resolve_table(text))


def run_options(
    settings: Config, *, offline: bool = False, allow_private: bool = False
) -> tuple[CheckOptions, FetchOptions]:
    """The check and fetch options of a run from its effective configuration.

    Every configuration key ends up here except `format` (the renderer) and `max_age` (the
    cache), which the command uses directly; tests/test_cli.py checks that each key changes
    what the run does.
    """
    from citecheck.check import CheckOptions
    from citecheck.fetch.base import FetchOptions

    check_options = CheckOptions(
        offline=offline,
        exclude=settings.exclude,
        fail_on=FailOn(settings.fail_on),
        accept=settings.accept,
        title_threshold=settings.title_threshold,
    )
    fetch_options = FetchOptions(
        timeout=settings.timeout,
        max_concurrency=settings.max_concurrency,
        per_host=settings.per_host,
        user_agent=settings.user_agent,
        allow_private=allow_private,
        hosts=settings.host_overrides(),
    )
    return check_options, fetch_options


def _build_fetcher(
    options: FetchOptions, *, cache: bool, cache_dir: Path | None, max_age: float
) -> Fetcher:
    """`HttpFetcher`, wrapped in the on-disk cache unless `cache` is False."""
    from citecheck.fetch.http import HttpFetcher

    fetcher: Fetcher = HttpFetcher(options, resolver=_resolver_from_env())
    if not cache:
        return fetcher
    from citecheck.fetch.cache import CachedFetcher

    path = cache_dir / CACHE_FILENAME if cache_dir is not None else None
    namespace = "allow-private:" if options.allow_private else ""
    return CachedFetcher(fetcher, path, max_age, namespace=namespace)


async def _fetch_interruptibly(
    run: CheckRun, make_fetcher: Callable[[], Fetcher], on_link: OnLink | None
) -> int | None:
    """Run the fetches; SIGINT/SIGTERM cancel them. Returns the signal number, or None."""
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    fetcher = make_fetcher()
    task = asyncio.ensure_future(run.fetch_all(fetcher, on_link))
    received: list[int] = []

    def stop(signum: int) -> None:
        received.append(signum)
        task.cancel()

    installed = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop, signum)
            installed.append(signum)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, Windows
            pass
    try:
        await task
    except asyncio.CancelledError:
        if not received:
            raise
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)
        await fetcher.aclose()
    return received[0] if received else None


def _run(run: CheckRun, make_fetcher: Callable[[], Fetcher], *, progress: bool) -> int | None:
    """Fetch with an optional progress bar on stderr; returns the interrupting signal or None."""
    import asyncio

    if not progress:
        return asyncio.run(_fetch_interruptibly(run, make_fetcher, None))
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from citecheck.check import LinkEvent

    with Progress(
        TextColumn("[bold]checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", style="dim"),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task_id = bar.add_task("", total=run.total)

        def on_link(event: LinkEvent) -> None:
            bar.update(task_id, completed=event.done, description=event.host)

        return asyncio.run(_fetch_interruptibly(run, make_fetcher, on_link))


def _use_color(output: Path | None) -> bool:
    """ANSI colour only for a terminal on stdout, and never under NO_COLOR or TERM=dumb."""
    if output is not None or not sys.stdout.isatty():
        return False
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


@app.command()
def citecheck(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help=(
                "Documents (.md, .txt, .pdf, .docx, .html) or folders of them; "
                "- reads standard input."
            ),
            show_default=False,
        ),
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Check footnotes only; fetch nothing.")
    ] = False,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="Report format.", show_default="table"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report to FILE (atomically) instead of standard output.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Lowest problem severity that makes the exit code 1.",
            show_default="error",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=0.1,
            help="Deadline per URL in seconds, retries included.",
            show_default="20",
        ),
    ] = None,
    max_concurrency: Annotated[
        int | None,
        typer.Option(
            "--max-concurrency", min=1, help="Requests in flight in total.", show_default="64"
        ),
    ] = None,
    per_host: Annotated[
        int | None,
        typer.Option("--per-host", min=1, help="Requests in flight to one host.", show_default="4"),
    ] = None,
    user_agent: Annotated[
        str | None, typer.Option("--user-agent", help="User-Agent header to send.")
    ] = None,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Allow loopback and private-network addresses."),
    ] = False,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="REGEX",
            help="Skip URLs matching REGEX (repeatable; replaces the configured list).",
            show_default=False,
        ),
    ] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            file_okay=False,
            help="Folder of the result cache (default: the user cache folder).",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the cache.")
    ] = False,
    max_age: Annotated[
        str | None,
        typer.Option(
            "--max-age",
            metavar="AGE",
            help="Reuse cached results younger than AGE (3600, 30m, 12h, 1d).",
            show_default="1d",
        ),
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            dir_okay=False,
            help="Read settings from FILE instead of searching citecheck.toml/pyproject.toml.",
        ),
    ] = None,
    isolated: Annotated[
        bool, typer.Option("--isolated", help="Ignore configuration files.")
    ] = False,
    print_config: Annotated[
        bool,
        typer.Option(
            "--print-config", help="Show the effective configuration and its sources, and exit."
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Full URLs, redirect chains, whole citing sentences."),
    ] = False,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Check a bundled sample motion against local replicas of its sources "
            "(no network needed). Takes no PATH.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Check the footnoted sources of parliamentary documents.

    Settings come from citecheck's defaults, then the first citecheck.toml or pyproject.toml
    ([tool.citecheck]) found from the first document's folder upwards, then the flags given.
    Exit status: 0 no finding at or above --fail-on; 1 findings; 2 usage or input error;
    130/143 interrupted by Ctrl-C/SIGTERM (the partial report is still written).
    """
    from citecheck import config as configuration
    from citecheck.check import CheckRun, exit_code
    from citecheck.render import get_renderer

    paths = paths or []
    if demo:
        if paths:
            _usage_error("--demo takes no PATH")
        from citecheck.demo import BANNER, LOOPBACK, document_path  # lazily: it imports httpx

        # A demo must look the same everywhere: no configuration file, no cache.
        paths, isolated, no_cache = [str(document_path())], True, True
        if not offline:
            sys.stderr.write(BANNER.format(address=LOOPBACK))
    if not paths and not print_config:
        _usage_error("give at least one document, folder or -")
    interrupted: int | None = None
    try:
        effective = configuration.resolve(
            start=configuration.config_start(paths),
            config_file=config_file,
            use_files=not isolated,
            overrides={
                "exclude": tuple(exclude) if exclude else None,
                "timeout": timeout,
                "max_concurrency": max_concurrency,
                "per_host": per_host,
                "fail_on": fail_on.value if fail_on is not None else None,
                "user_agent": user_agent,
                "max_age": max_age,
                "format": output_format.value if output_format is not None else None,
            },
        )
        if print_config:
            sys.stdout.write(configuration.format_config(effective))
            raise typer.Exit(0)
        settings = effective.config
        fmt = OutputFormat(settings.format)
        threshold = FailOn(settings.fail_on)
        if output is not None:
            _check_output_target(output, paths)
        documents = _load(paths)
        options, fetch_options = run_options(settings, offline=offline, allow_private=allow_private)
        run = CheckRun(documents, options)
        if not offline and run.total:

            def make_fetcher() -> Fetcher:
                if demo:
                    from citecheck.demo import DemoFetcher

                    return DemoFetcher(fetch_options)
                return _build_fetcher(
                    fetch_options,
                    cache=not no_cache,
                    cache_dir=cache_dir,
                    max_age=settings.max_age,
                )

            interrupted = _run(run, make_fetcher, progress=sys.stderr.isatty())
        report = run.report()
        color = _use_color(output) and fmt is OutputFormat.TABLE
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        text = get_renderer(fmt, width=width, color=color, verbose=verbose).render(report)
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            try:
                write_atomically(output, text)
            except OSError as exc:
                raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    except CitecheckError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        # Ctrl-C while reading documents or rendering: nothing checked, nothing to write.
        sys.stderr.write("citecheck: interrupted\n")
        raise typer.Exit(130) from None
    if interrupted is not None:
        sys.stderr.write(
            f"citecheck: interrupted after {run.done} of {run.total} URLs; "
            "the report is partial (unchecked links: skipped, interrupted)\n"
        )
        raise typer.Exit(128 + interrupted)
    raise typer.Exit(exit_code(report, threshold))


def main() -> None:
    """Console-script entry point (`citecheck`, `python -m citecheck`)."""
    app(prog_name="citecheck")
