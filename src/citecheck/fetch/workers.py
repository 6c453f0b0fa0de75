"""How many fetch worker processes a run gets, and their interpreters started ahead of the
fetcher (`start_ahead`): as soon as the inputs' sizes are known, not after the first document
is read. Light on imports (no httpx): the command line calls it before anything is fetched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)

WORKERS_ENV = "CITECHECK_WORKERS"
"""Processes that fetch: unset or "auto" decides by the run's size (`worker_count`); a number
forces that many (1: one process), whatever the size (tests use it)."""

SHARD_MIN_URLS = 1000
"""Distinct URLs from which a run is CPU-bound enough to pay for a second interpreter (one
motion's 40 URLs never are; a session's 1,400 are)."""

MAX_WORKERS = 4
"""Most processes `worker_count` chooses by itself (each adds an interpreter, ~25 MB)."""

BYTES_PER_URL = 250
"""Fewest bytes of input per distinct URL, for the guess before any document is read (the
benchmark's motions: ~360; the shared corpus: 1 KB and more): inputs of fewer than
`SHARD_MIN_URLS` × this many bytes never start a worker ahead."""

_PIPE_SIZE = 1 << 20
_WORKER = (  # SIGINT (Ctrl-C reaches the process group) ignored before the imports, too
    "import signal; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "from citecheck.fetch.shard import worker_main; worker_main()"
)
_ahead: list[subprocess.Popen[bytes]] = []


def worker_count(distinct: int) -> int:
    """Processes to fetch `distinct` URLs with: `CITECHECK_WORKERS` if it is a number, else
    one per usable core (at most `MAX_WORKERS`) once the run has `SHARD_MIN_URLS`, else one.
    Measured on this project's 2-core machine once a page cost ~1 ms of CPU (docs/engine.md):
    two processes beat one (session 2.3 vs 3.0 s, bulk 7.3 vs 9.1 s) when the cores are free;
    on two cores that other jobs keep busy they lose (`CITECHECK_WORKERS=1` then)."""
    asked = os.environ.get(WORKERS_ENV, "auto").strip().lower()
    if asked not in ("", "auto"):
        try:
            return max(1, int(asked))
        except ValueError:
            logger.warning("%s=%r is not a number; using one process", WORKERS_ENV, asked)
            return 1
    if distinct < SHARD_MIN_URLS or os.name != "posix":  # workers talk over POSIX pipes
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(MAX_WORKERS, cores or 1))


def start_ahead(input_bytes: int) -> int:
    """Start the worker interpreters a run of `input_bytes` of documents will likely want
    (`worker_count` of `input_bytes // BYTES_PER_URL`), so that their ~150–250 ms of start-up
    and imports overlap the reading of the first document; `take` hands them to the fetcher,
    `discard` ends those it did not take. Returns how many were started (a failed start:
    fewer; the fetcher then starts its own)."""
    wanted = worker_count(input_bytes // BYTES_PER_URL) - 1 - len(_ahead)
    for _ in range(max(0, wanted)):
        try:
            _ahead.append(spawn())
        except OSError as exc:
            logger.debug("no worker started ahead: %r", exc)
            break
    return len(_ahead)


def take() -> subprocess.Popen[bytes] | None:
    """A worker started ahead and not yet taken (None: none left)."""
    return _ahead.pop() if _ahead else None


def discard() -> None:
    """End the workers started ahead that no fetcher took (the run turned out small, did not
    fetch, or ended early): killed, waited for (no zombie) and their pipes closed."""
    while _ahead:
        process = _ahead.pop()
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()


def spawn() -> subprocess.Popen[bytes]:
    """Start a worker interpreter on this package (stdin and stdout: pipes, the results pipe
    widened); it waits for its options on stdin (`fetch.shard.worker_main`)."""
    package_root = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (package_root, path)))}
    process = subprocess.Popen(
        [sys.executable, "-c", _WORKER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    _widen(process.stdout)
    return process


def _widen(pipe: IO[bytes] | None) -> None:
    """Give a worker's results pipe 1 MB (Linux: `F_SETPIPE_SZ`; default 64 KB, ~7 pages),
    so the worker's results flow while this process's loop is busy with its own."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover  (not POSIX: no workers)
        return
    setpipe = getattr(fcntl, "F_SETPIPE_SZ", None)
    if pipe is not None and setpipe is not None:
        with contextlib.suppress(OSError):  # above /proc/sys/fs/pipe-max-size: as it is
            fcntl.fcntl(pipe.fileno(), setpipe, _PIPE_SIZE)
