"""Configuration: the settings of a run from citecheck's defaults < a configuration file < the
command line, validated, with the source of every value, and the `--print-config` text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citecheck.accept import IGNORE_KEYS, IgnoreRule
from citecheck.config_values import COMMAND_LINE, VALIDATORS, parse_duration
from citecheck.errors import ConfigError
from citecheck.options import (
    ARCHIVE_MODE_DEFAULT,
    MAX_AGE,
    ArchiveMode,
    CheckOptions,
    FetchOptions,
    HostOverride,
)
from citecheck.render import OutputFormat
from citecheck.vocabulary import FailOn

__all__ = [
    "COMMAND_LINE",
    "DEFAULT",
    "KEYS",
    "Config",
    "EffectiveConfig",
    "Overrides",
    "config_start",
    "discover",
    "find_config_file",
    "format_config",
    "near_misses",
    "parse_duration",
    "read_config_file",
    "resolve",
    "validate",
]

#: The source of a value nobody set.
DEFAULT = "default"

_CHECK = CheckOptions()
_FETCH = FetchOptions()


@dataclass(frozen=True, slots=True)
class Config:
    """The effective settings of one run; every default is the engine's (`citecheck.options`)."""

    exclude: tuple[str, ...] = _CHECK.exclude
    """Regular expressions; a URL matching any of them is skipped."""
    accept: tuple[int, ...] = _CHECK.accept
    """HTTP status codes treated as ok (e.g. 403 for a site known to block robots)."""
    timeout: float = _FETCH.timeout
    """Deadline per URL in seconds, retries included."""
    max_concurrency: int = _FETCH.max_concurrency
    """Requests in flight over all hosts."""
    per_host: int = _FETCH.per_host
    """Requests in flight to one host."""
    hosts: tuple[HostOverride, ...] = _FETCH.hosts
    """Per-host overrides, sorted by host name (lower case; "*.example.org" matches every
    subdomain of example.org, see `HostOverride.matches`)."""
    fail_on: FailOn = _CHECK.fail_on
    """The lowest severity that fails the run."""
    title_threshold: float = _CHECK.title_threshold
    """Title similarity (0..1) from which a cited title matches the page."""
    user_agent: str | None = _FETCH.user_agent
    """User-Agent to send; None means citecheck's honest default."""
    max_age: float = MAX_AGE
    """How old a cached result may be, in seconds."""
    format: OutputFormat = OutputFormat.TABLE
    """Output format."""
    exclude_path: tuple[str, ...] = ()
    """Gitignore-style globs of files and folders a folder scan skips (relative to the
    folder scanned; see `parse.scan.scan_folder`)."""
    ignore: tuple[IgnoreRule, ...] = ()
    """Known findings to accept (`[[tool.citecheck.ignore]]` entries; see `accept.IgnoreRule`)."""
    lang: str | None = None
    """The language of the table, Markdown and GitHub reports ("en", "de"); None: the locale."""
    suggest_titles: bool = False
    """Offer a bare URL's page title as the footnote's title ("add title: …")."""
    archive: ArchiveMode = ARCHIVE_MODE_DEFAULT
    """Which links an archived copy is looked for: failing, all or never."""
    archive_url: str = _CHECK.archive_url
    """Base URL of the web archive (the Wayback Machine, or an organisation's own pywb/CDX)."""

    def check_options(self, *, offline: bool = False) -> CheckOptions:
        """What the check needs of these settings."""
        return CheckOptions(
            offline=offline,
            exclude=self.exclude,
            fail_on=self.fail_on,
            accept=self.accept,
            title_threshold=self.title_threshold,
            archive=self.archive,
            archive_url=self.archive_url,
        )

    def fetch_options(self, *, allow_private: bool = False) -> FetchOptions:
        """What the fetcher needs of these settings."""
        return FetchOptions(
            timeout=self.timeout,
            max_concurrency=self.max_concurrency,
            per_host=self.per_host,
            user_agent=self.user_agent,
            allow_private=allow_private,
            hosts=self.hosts,
        )


#: The setting names, in the order `format_config` prints them.
KEYS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Config))


@dataclass(frozen=True, slots=True)
class Overrides:
    """The settings given on the command line; None: not given (the file or default applies).

    Validated like a file's values, so an error names the key and "command line".
    """

    exclude: tuple[str, ...] | None = None
    timeout: float | None = None
    max_concurrency: int | None = None
    per_host: int | None = None
    fail_on: FailOn | None = None
    user_agent: str | None = None
    max_age: str | float | None = None
    """A duration: seconds or a string like "12h" (see `parse_duration`)."""
    format: OutputFormat | None = None
    exclude_path: tuple[str, ...] | None = None
    lang: str | None = None
    suggest_titles: bool | None = None
    archive: ArchiveMode | None = None

    def given(self) -> dict[str, object]:
        """The values that were given, by setting name."""
        values = ((f.name, getattr(self, f.name)) for f in dataclasses.fields(self))
        return {key: value for key, value in values if value is not None}


@dataclass(frozen=True, slots=True)
class EffectiveConfig:
    """The configuration of a run and where each value came from."""

    config: Config
    """The values."""
    sources: dict[str, str] = field(default_factory=dict)
    """Setting name → "default", "command line" or the path of the file that set it."""
    file: Path | None = None
    """The configuration file that was read, if any."""
    warnings: tuple[str, ...] = ()
    """Things worth a warning on the way (a misspelt `[tool.citecheck]` table)."""


def config_start(paths: Sequence[str], cwd: Path | None = None) -> Path:
    """Where discovery starts: the first document's folder (a folder argument itself), else cwd."""
    base = cwd if cwd is not None else Path.cwd()
    for arg in paths:
        if arg == "-":
            continue
        path = base / arg
        return path if path.is_dir() else path.parent
    return base


def find_config_file(start: Path) -> Path | None:
    """The configuration file of a run started in `start` (see `discover`)."""
    return discover(start)[0]


def discover(start: Path) -> tuple[Path | None, list[str]]:
    """The configuration file of a run started in `start`, and warnings about near misses.

    Settings live in `[tool.citecheck]` of a `pyproject.toml` or at the top level of a
    `citecheck.toml`. The first folder, from `start` upwards to the filesystem root, that has a
    `citecheck.toml` (looked for first) or a `pyproject.toml` with that table wins. A
    pyproject.toml passed on the way whose table is misspelt (`near_misses`) is a warning.
    """
    warnings: list[str] = []
    for folder in (start.resolve(), *start.resolve().parents):
        own = folder / "citecheck.toml"
        if own.is_file():
            return own, warnings
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _load_toml(pyproject)
            warnings.extend(near_misses(pyproject, data))
            if _table_of(pyproject, data) is not None:
                return pyproject, warnings
    return None, warnings


def near_misses(path: Path, data: Mapping[str, object]) -> list[str]:
    """Warnings for tables of a pyproject.toml that look meant for citecheck but are not read:
    `[tool.citechek]` (a name close to citecheck) or a top-level `[citecheck]`."""
    if path.name != "pyproject.toml":
        return []
    tool = data.get("tool")
    names = [name for name in tool if isinstance(name, str)] if isinstance(tool, dict) else []
    found = [f"[tool.{name}]" for name in names if _close_to_citecheck(name)]
    found += [f"[{name}]" for name in data if name.lower() in ("citecheck", "cite-check")]
    return [f"{path}: {table} is not read: did you mean [tool.citecheck]?" for table in found]


def _close_to_citecheck(name: str) -> bool:
    """A table name that is not "citecheck" but a misspelling of it ("citechek", "CiteCheck",
    "cite-check", "citecheker")."""
    import difflib

    if name == "citecheck":
        return False
    return difflib.SequenceMatcher(None, name.lower(), "citecheck").ratio() >= 0.75


def read_config_file(path: Path) -> dict[str, Any]:
    """The raw settings table of a configuration file (empty if a pyproject has none)."""
    return _table_of(path, _load_toml(path)) or {}


def _load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; unreadable or invalid files are a ConfigError naming the file."""
    import tomllib  # here: `citecheck --help` reads no file

    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def _table_of(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """citecheck's table: `[tool.citecheck]` of a pyproject.toml, else the whole file."""
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    table = tool.get("citecheck") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'tool.citecheck' must be a table")
    return table


def validate(table: Mapping[str, object], source: str) -> dict[str, object]:
    """Check a settings table and return its values in their `Config` types.

    Keys may be spelt with dashes ("max-concurrency"). `source` (a path or "command line") is
    named in every error; every bad key and value is reported at once (one `ConfigError`
    carrying all messages).
    """
    import difflib

    values: dict[str, object] = {}
    errors: list[str] = []
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key not in VALIDATORS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(KEYS)})"
            errors.append(f"{source}: unknown key '{raw_key}'{hint}")
        elif key in values:
            errors.append(f"{source}: '{raw_key}' is set twice (with - and with _)")
        else:
            try:
                values[key] = VALIDATORS[key](source, raw_key, value)
            except ConfigError as exc:
                errors.extend(exc.messages)
    if errors:
        raise ConfigError(*errors)
    return values


def resolve(
    *,
    start: Path | None = None,
    config_file: Path | None = None,
    overrides: Overrides | None = None,
    use_files: bool = True,
) -> EffectiveConfig:
    """Defaults < configuration file < command line, and which layer each value came from.

    `config_file` is an explicit file (`--config`); otherwise one is searched from `start`
    upwards (`discover`). `overrides` are the flags the user gave. `use_files=False` skips
    files entirely (`--isolated`). Unknown keys and wrong types, of the file and of the
    command line, are one `ConfigError` that names each key and its source. Near-miss table
    names (`[tool.citechek]`) on the way are warnings of the result.
    """
    sources = dict.fromkeys(KEYS, DEFAULT)
    values: dict[str, Any] = {}
    path: Path | None = None
    warnings: list[str] = []
    if use_files and config_file is not None:
        path = config_file
        warnings = near_misses(path, _load_toml(path))
    elif use_files and start is not None:
        path, warnings = discover(start)
    errors: list[str] = []
    layers: list[tuple[str, Mapping[str, object]]] = []
    if path is not None:
        layers.append((str(path), read_config_file(path)))
    layers.append((COMMAND_LINE, overrides.given() if overrides is not None else {}))
    for source, table in layers:
        try:
            checked = validate(table, source)
        except ConfigError as exc:
            errors.extend(exc.messages)
            continue
        for key, value in checked.items():
            values[key] = value
            sources[key] = source
    if errors:
        raise ConfigError(*errors)
    return EffectiveConfig(Config(**values), sources, path, tuple(warnings))


def _toml(value: object) -> str:
    """A value as TOML (strings, numbers, booleans, arrays, one host's limits)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        import json

        # A JSON string is a TOML basic string, except that TOML also wants DEL escaped.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, HostOverride):
        limits = {"per_host": value.per_host, "timeout": value.timeout}
        items = [f"{k} = {_toml(v)}" for k, v in limits.items() if v is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(value, IgnoreRule):
        fields = {k: getattr(value, k) for k in IGNORE_KEYS}
        return (
            "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in fields.items() if v is not None) + " }"
        )
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")  # pragma: no cover - closed set of types


def format_config(effective: EffectiveConfig) -> str:
    """The effective configuration as `citecheck.toml` text, each line commented with its source.

    The output is valid TOML: saved as `citecheck.toml` it reproduces the configuration.
    """
    where = (
        f"{effective.file} ([tool.citecheck])"
        if effective.file is not None and effective.file.name == "pyproject.toml"
        else str(effective.file)
        if effective.file is not None
        else "none found"
    )
    lines = ["# citecheck: effective configuration", f"# configuration file: {where}"]
    body: list[tuple[str, str]] = []
    for key in KEYS:
        value = getattr(effective.config, key)
        if value is None:
            body.append((f"# {key} = (not set: citecheck's default)", effective.sources[key]))
        elif key == "hosts":
            tables = ", ".join(f"{_toml(host.host)} = {_toml(host)}" for host in value)
            body.append(
                (f"hosts = {{ {tables} }}" if tables else "hosts = {}", effective.sources[key])
            )
        else:
            body.append((f"{key} = {_toml(value)}", effective.sources[key]))
    width = max(len(text) for text, _ in body)
    lines.extend(f"{text.ljust(width)}  # {source}" for text, source in body)
    return "\n".join(lines) + "\n"
