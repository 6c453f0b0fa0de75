"""The report's way out: rendered for the terminal or a file, written to standard output or
atomically to `--output`, which must never be one of the input documents; and the way back in
of an earlier one, `--baseline`.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from citecheck.errors import InputError
from citecheck.render import OutputFormat

if TYPE_CHECKING:
    from citecheck.accept import Baseline
    from citecheck.models import Report

__all__ = [
    "Rendered",
    "check_output_target",
    "read_baseline",
    "render",
    "write",
    "write_atomically",
]

Rendered = str | bytes | bytearray
"""A rendered report: its text, or that text as UTF-8 (`render.base.EncodedRenderer`)."""


def read_baseline(path: Path | None) -> Baseline:
    """The findings of the `--baseline` report (none without one). Raises `InputError` for a
    file that cannot be read or is no citecheck JSON report."""
    if path is None:
        return {}
    import json

    from citecheck.accept import baseline_from_report

    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise InputError(f"--baseline {path}: cannot read: {exc.strerror or exc}") from exc
    except ValueError:
        raise InputError(
            f"--baseline {path}: not a citecheck JSON report (write one with --format json)"
        ) from None
    try:
        return baseline_from_report(data)
    except ValueError as exc:
        raise InputError(f"--baseline {path}: {exc}") from exc


def check_output_target(output: Path, paths: Sequence[str]) -> None:
    """Refuse an --output that is one of the documents `paths` (it would destroy it) or a
    folder. Raises `InputError`."""
    target = output.resolve()
    for path in paths:
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


_SURROGATE = re.compile(b"\xed[\xa0-\xbf]")
"""A lone surrogate as the "surrogatepass" handler writes it in UTF-8."""


def _use_color(output: Path | None) -> bool:
    """ANSI colour only for a terminal on stdout, and never under NO_COLOR or TERM=dumb."""
    if output is not None or not sys.stdout.isatty():
        return False
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def render(
    report: Report,
    fmt: OutputFormat,
    *,
    output: Path | None,
    verbose: bool = False,
    quiet: bool = False,
    lang: str | None = None,
    suggest_titles: bool = False,
) -> Rendered:
    """The report as text in `fmt`: coloured (table only) and as wide as the terminal when it
    goes to one; `quiet`, `lang` and `suggest_titles` as `render.get_renderer` takes them.
    A format that writes UTF-8 itself (JSON) gives the text so encoded, never held as `str`."""
    from citecheck.render import get_renderer
    from citecheck.render.base import EncodedRenderer

    color = _use_color(output) and fmt is OutputFormat.TABLE
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    renderer = get_renderer(
        fmt,
        width=width,
        color=color,
        verbose=verbose,
        quiet=quiet,
        lang=lang,
        suggest_titles=suggest_titles,
    )
    if isinstance(renderer, EncodedRenderer):
        return renderer.render_utf8(report)
    return renderer.render(report)


def _plain_utf8(text: Rendered) -> bytes | bytearray | None:
    """`text` when it is UTF-8 that any error handler encodes alike (no lone surrogate, which
    "surrogatepass" writes as ED A0–BF …), else None: then it is written as text, as before."""
    if isinstance(text, str):
        return None
    if b"\xed" in text and _SURROGATE.search(text) is not None:
        return None
    return text


def _as_text(text: Rendered) -> str:
    """A rendered report as `str`."""
    return text if isinstance(text, str) else text.decode("utf-8", "surrogatepass")


def write(text: Rendered, output: Path | None) -> None:
    """`text` to standard output, or atomically to `output`. Raises `InputError`."""
    if output is None:
        _write_stdout(text)
        return
    try:
        write_atomically(output, text)
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc


def _write_stdout(text: Rendered) -> None:
    """`text` to standard output, whole even when a signal interrupts a write into a full pipe.

    Python's buffered streams can lose the rest of a large write that a signal interrupts
    (a pipe takes 64 KiB at a time; the report may be megabytes, and Ctrl-C or SIGTERM while
    the reader is slow is exactly when a partial report must still arrive whole). On POSIX the
    encoded text therefore goes to the descriptor with `os.write` in a loop that resumes after
    a short write; elsewhere, and when stdout has no descriptor, through `sys.stdout`.
    """
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        descriptor = None
    if descriptor is None or os.name != "posix":
        sys.stdout.write(_as_text(text))
        sys.stdout.flush()
        return
    sys.stdout.flush()
    encoding = sys.stdout.encoding or "utf-8"
    data = _plain_utf8(text) if codecs.lookup(encoding).name == "utf-8" else None
    if data is None:
        data = _as_text(text).encode(encoding, sys.stdout.errors or "strict")
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def write_atomically(path: Path, text: Rendered) -> None:
    """Write `text` to `path` via a temporary file in the same folder and `os.replace`.

    A reader sees the old file or the whole new one, never half a report; on any failure the
    temporary file is removed and the target is untouched.
    """
    import tempfile  # here: it imports random, which `citecheck --help` does not need

    directory = path.parent if str(path.parent) else Path(".")
    data = _plain_utf8(text)
    handle = tempfile.NamedTemporaryFile(  # closed by `with handle` below
        mode="wb",
        dir=directory,
        prefix=f".{path.name}.",
        suffix=".tmp",
        delete=False,
    )
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(data if data is not None else _as_text(text).encode("utf-8"))
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
