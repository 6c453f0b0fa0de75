"""The command line, `citecheck [OPTIONS] PATH...`: flags in, a report out, an exit code. The
only code that touches the terminal, the standard streams, signals and `--output`; heavy
modules are imported inside the command so that `--help` and `--version` start fast.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, NoReturn

import typer

from citecheck.cli.ahead import Ahead
from citecheck.cli.diagnostics import diagnostics, network_hint
from citecheck.cli.flags import NETWORK_HELP, Flags, PlainHelpCommand, typed_command
from citecheck.cli.output import check_output_target, read_baseline, render, write
from citecheck.cli.signals import Interrupted, Stopper
from citecheck.errors import CitecheckError
from citecheck.render import get_renderer

if TYPE_CHECKING:
    from citecheck.check import CheckRun
    from citecheck.config import Config, EffectiveConfig
    from citecheck.models import Document, FailOn, Report
    from citecheck.parse import Input

__all__ = ["app", "main"]

app = typer.Typer(
    name="citecheck",
    help="Check the footnoted sources of parliamentary documents: dead links, soft 404s, "
    "redirects, footnote structure.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: typer's rich help imports rich.markdown and markdown_it (~100 ms),
    # which would double the start-up time of `citecheck --help`.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.command(epilog=NETWORK_HELP, cls=PlainHelpCommand)
@typed_command(Flags)
def citecheck(flags: Flags) -> None:
    """Check the footnoted sources of parliamentary documents.

    Settings come from citecheck's defaults, then the first citecheck.toml or pyproject.toml
    ([tool.citecheck]) found from the first document's folder upwards, then the flags given.
    Known findings are accepted by [[tool.citecheck.ignore]] entries (code, url, document,
    footnote) or --baseline: they are shown as known and never fail the run. Every code is
    explained in docs/codes.md.
    Exit status: 0 no finding at or above --fail-on (accepted findings never count); 1
    findings; 2 usage or input error (also: a document in a folder could not be read, the
    report covers the others) or internal error; 130/143 interrupted by Ctrl-C/SIGTERM (the
    partial report is still written).
    """
    started = time.monotonic()
    flags = _usable(flags)
    with (
        diagnostics(debug=flags.debug),
        _workers_ahead(flags),  # first: the TLS thread would slow the spawn down
        Stopper().installed() as stopper,
        _tls_ahead(flags),
    ):
        _run(flags, started, stopper)


@contextlib.contextmanager
def _tls_ahead(flags: Flags) -> Iterator[None]:
    """A run that may fetch starts building its TLS context now, in a thread (`fetch.tls`):
    it overlaps the imports and the parsing before the first request. Forgotten at the end if
    no fetcher took it."""
    if flags.offline or flags.demo or flags.print_config:
        yield
        return
    from citecheck.fetch import tls

    tls.prepare()
    try:
        yield
    finally:
        tls.discard()


@contextlib.contextmanager
def _workers_ahead(flags: Flags) -> Iterator[None]:
    """A run that may fetch and whose PATHs hold enough bytes to shard (`fetch.workers.
    start_ahead`) starts its worker processes now: their start-up overlaps the imports, the
    configuration and the first document. The fetcher takes them; those it did not take (a
    small run after all, one the cache answers whole, a failed one) end with the run."""
    if flags.offline or flags.demo or flags.print_config:
        yield
        return
    from citecheck.fetch import workers

    workers.start_ahead(sum(map(_bytes_under, flags.paths or [])))
    try:
        yield
    finally:
        workers.discard()


def _bytes_under(path: str) -> int:
    """The bytes of the file `path`, or of the files in the folder `path` but not hidden (as
    `collect_inputs` skips them: .git; a guess before the inputs are collected, other filters
    are not applied); 0 for standard input or what cannot be read."""
    if not os.path.isdir(path):
        return _size(path)
    total = 0
    for top, folders, names in os.walk(path):
        folders[:] = [name for name in folders if not name.startswith(".")]
        total += sum(_size(os.path.join(top, name)) for name in names if name[:1] != ".")
    return total


def _run(flags: Flags, started: float, stopper: Stopper) -> None:
    """Configuration, documents, fetches, acceptance, report, exit status. The report's time
    is the run's wall time: from the start of the command (`started`, monotonic) to the
    report, reading the documents included. Signals: see `Stopper` (a second one never cuts the
    report short)."""
    from citecheck.accept import accept
    from citecheck.check import CheckRun  # here: `--help` and usage errors need no engine

    try:
        effective = _configuration(flags)
        if flags.print_config:
            from citecheck.config import format_config

            sys.stdout.write(format_config(effective))
            raise typer.Exit(0)
        config = effective.config
        baseline = read_baseline(flags.baseline)
        inputs = _inputs(flags, config)
        run = CheckRun([], config.check_options(offline=flags.offline), reading=True)
        more = _documents(run, inputs, offline=flags.offline)  # the rest: read while fetching
        # The answers' steps and the renderer are imported while answers are awaited (`Ahead`).
        from citecheck.deferred import import_all

        ahead = Ahead(import_all, functools.partial(get_renderer, config.format, lang=config.lang))
        stopped_by = _fetch(run, flags, config, stopper, ahead, more, _expected_urls(run, inputs))
        stopper.reporting()
        ahead.wait()
        report = accept(run.report(), config.ignore, baseline)
        report = dataclasses.replace(report, elapsed_ms=_elapsed_ms(started))
        text = render(
            report,
            config.format,
            output=flags.output,
            verbose=flags.verbose,
            quiet=flags.quiet,
            lang=config.lang,
            suggest_titles=config.suggest_titles,
        )
        write(text, flags.output)
        if (hint := network_hint(report) if stopped_by is None else None) is not None:
            sys.stderr.write(hint + "\n")
        if flags.demo and not flags.offline and stopped_by is None:
            raise typer.Exit(0 if _demo_as_designed(report) else 1)
        status = _exit_status(run, report, config.fail_on, stopped_by, len(inputs))
        if stopped_by is None and stopper.signum is not None:
            # Stopped while the complete report was being written: it was, and says so.
            sys.stderr.write("citecheck: stopped by a signal after the report was written\n")
            status = 128 + stopper.signum
        raise typer.Exit(status)
    except CitecheckError as exc:
        _fail(str(exc))
    except Interrupted as exc:
        # A signal while reading the documents: nothing checked, nothing to write.
        sys.stderr.write("citecheck: interrupted before any link was checked; no report\n")
        raise typer.Exit(128 + exc.signum) from None
    except KeyboardInterrupt:
        # Ctrl-C while reading documents or rendering: nothing checked, nothing to write.
        sys.stderr.write("citecheck: interrupted\n")
        raise typer.Exit(130) from None


def _elapsed_ms(started: float) -> int:
    """Milliseconds since `started` (`time.monotonic`)."""
    return int((time.monotonic() - started) * 1000)


def _usable(flags: Flags) -> Flags:
    """The flags after the usage rules, or a usage error (exit 2).

    `--no-cache` and `--cache-dir` exclude each other, and so do `--quiet` and `--verbose`.
    `--demo` takes no PATH and checks the bundled seed motion against replicas of its sources
    on 127.0.0.1 (`citecheck.demo`): it must look the same everywhere, so it reads no
    configuration file and no cache. Anything else but `--print-config` needs at least one
    PATH.
    """
    if flags.no_cache and flags.cache_dir is not None:
        _fail("--no-cache and --cache-dir exclude each other")
    if flags.quiet and flags.verbose:
        _fail("--quiet and --verbose exclude each other")
    if flags.demo:
        if flags.paths:
            _usage_error("--demo takes no PATH")
        from citecheck.demo import BANNER, LOOPBACK, document_path  # lazily: it imports httpx

        flags = dataclasses.replace(
            flags, paths=[str(document_path())], isolated=True, no_cache=True
        )
        if not flags.offline:
            sys.stderr.write(BANNER.format(address=LOOPBACK))
    if not flags.paths and not flags.print_config:
        _usage_error("give at least one document, folder or -")
    return flags


def _configuration(flags: Flags) -> EffectiveConfig:
    """Defaults < the configuration file found from the first document (or `--config`) < flags;
    its warnings (a misspelt table name) go to stderr."""
    from citecheck.config import config_start, resolve

    effective = resolve(
        start=config_start(flags.paths or []),
        config_file=flags.config_file,
        use_files=not flags.isolated,
        overrides=flags.overrides(),
    )
    for warning in effective.warnings:
        sys.stderr.write(f"citecheck: warning: {warning}\n")
    return effective


def _inputs(flags: Flags, config: Config) -> list[Input]:
    """Every document named by PATH (folders expanded, - read once), after making sure that
    `--output` would overwrite none of them."""
    from citecheck.parse import collect_inputs

    inputs = collect_inputs(flags.paths or [], config.exclude_path)
    if flags.output is not None:
        check_output_target(flags.output, [i.path for i in inputs])
    if any(i.path == "-" for i in inputs) and sys.stdin.isatty():
        end = "Ctrl-Z, then Enter" if sys.platform == "win32" else "Ctrl-D"
        sys.stderr.write(f"citecheck: reading a document from standard input (end with {end})\n")
    return inputs


def _documents(run: CheckRun, inputs: list[Input], *, offline: bool) -> Iterator[Document]:
    """Read (parse) the documents into `run` until it has a URL to fetch, and return the rest,
    to be read while the first ones' URLs are fetched (`CheckRun.fetch_all`). Offline, when no
    document names a URL, and when one is standard input (a person may be typing it: the
    fetches would wait, and time out, meanwhile), every document is read now and the run's
    reading is finished."""
    from citecheck.parse import load_input

    documents = (load_input(item) for item in inputs)
    overlap = not offline and all(item.path != "-" for item in inputs)
    for document in documents:
        run.add(document)
        if overlap and run.total and run.documents_read < len(inputs):
            return documents
    run.finish_reading()
    return iter(())


def _expected_urls(run: CheckRun, inputs: list[Input]) -> int:
    """The distinct URLs the run will fetch, as far as it can be told before the rest is read:
    the URLs of the documents read so far, scaled by the bytes still to read (by the number of
    documents when sizes are unknown: standard input). It chooses the fetcher (worker processes
    for a large run) and the event loop."""
    read = run.documents_read
    if not run.reading or read >= len(inputs):
        return run.total
    sizes = [_size(item.path) for item in inputs]
    done = sum(sizes[:read])
    if done <= 0 or 0 in sizes:
        return run.total * len(inputs) // max(read, 1)
    return run.total * sum(sizes) // done


def _size(path: str) -> int:
    """The size of a document's file in bytes (0: standard input, or not known)."""
    if path == "-":
        return 0
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _fetch(
    run: CheckRun,
    flags: Flags,
    config: Config,
    stopper: Stopper,
    ahead: Ahead,
    more: Iterator[Document],
    expected: int,
) -> int | None:
    """Fetch the run's URLs unless `--offline`, reading the documents `more` meanwhile; the
    signal that stopped it, or None. `ahead` starts once the first answer is in; `expected`
    is the run's size as far as it is known (`_expected_urls`)."""
    from citecheck.cli.fetching import build_fetcher, fetch

    if flags.offline or not run.total:
        return None
    make_fetcher = functools.partial(
        build_fetcher,
        config.fetch_options(allow_private=flags.allow_private),
        demo=flags.demo,
        cache=not flags.no_cache,
        cache_dir=flags.cache_dir,
        max_age=config.max_age,
    )
    return fetch(
        run,
        make_fetcher,
        progress=sys.stderr.isatty(),
        stopper=stopper,
        ahead=ahead,
        more=more,
        expected=expected,
    )


def _exit_status(
    run: CheckRun, report: Report, fail_on: FailOn, stopped_by: int | None, documents: int
) -> int:
    """0 or 1 by `--fail-on`; 2 when a document found in a folder could not be read (the
    report covers the others); 128+N when signal N stopped the run, which never exits 0
    since it did not check everything (of `documents`, the report has those read)."""
    from citecheck.check import exit_code, unreadable_documents

    if stopped_by is None:
        unreadable = unreadable_documents(report)
        if unreadable:
            sys.stderr.write(
                f"citecheck: error: {unreadable[0]}"
                + (f" and {len(unreadable) - 1} more" if len(unreadable) > 1 else "")
                + " could not be read (unreadable-document in the report); "
                "the other documents were checked\n"
            )
            return 2
        return exit_code(report, fail_on)
    read = run.documents_read
    unread = ""
    if read < documents:
        unread = f"reading {read} of {documents} documents (the report has those) and "
    sys.stderr.write(
        f"citecheck: interrupted after {unread}{run.done} of {run.total} URLs; "
        "the report is partial (unchecked links: skipped, interrupted)\n"
    )
    return 128 + stopped_by


def _demo_as_designed(report: Report) -> bool:
    """Did `--demo` run as designed? Its findings (a dead link, a soft 404, …) are planted, so
    they do not fail it; it failed when a replica did not answer: a link that is still
    skipped, or ended in a connection error or a timeout."""
    from citecheck.models import LinkStatus

    links = [link for d in report.documents for f in d.footnotes for link in f.links]
    links.extend(link for d in report.documents for s in d.inline_sources for link in s.links)
    broken = {LinkStatus.SKIPPED, LinkStatus.ERROR, LinkStatus.TIMEOUT}
    return all(link.status not in broken for link in links)


def _usage_error(message: str) -> NoReturn:
    """A usage error in click's words and exit status (2)."""
    raise typer.BadParameter(message, param_hint="'PATH...'")


def _fail(message: str) -> NoReturn:
    """One line on stderr, exit 2."""
    sys.stderr.write(f"citecheck: error: {message}\n")
    raise typer.Exit(2)


def main() -> None:
    """Console-script entry point (`citecheck`, `python -m citecheck`)."""
    try:
        app(prog_name="citecheck")
    except SystemExit as done:
        _exit_quickly(done)


def _exit_quickly(done: SystemExit) -> NoReturn:
    """Exit with `done`'s status without tearing the interpreter down: the exit handlers run
    and the standard streams are flushed, then `os._exit` skips freeing every module and
    object one by one (~50 ms after a run, a sixth of a motion's network time). Anything
    unusual (a message as the status, another thread still running that is not a daemon, a
    stream that cannot be flushed, a profiler or tracer that writes its results when the
    program returns, as `python -m cProfile` does) takes Python's ordinary exit."""
    import atexit
    import os
    import threading

    status = done.code
    if status is not None and not isinstance(status, int):
        raise done
    if sys.getprofile() is not None or sys.gettrace() is not None:
        raise done
    main_thread = threading.main_thread()
    if any(t is not main_thread and not t.daemon for t in threading.enumerate()):
        raise done
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise done from None
    os._exit(status or 0)
