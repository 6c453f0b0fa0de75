"""The value rules of the configuration: one validator per setting, which turns a value from
a file or the command line into its `Config` type or raises a `ConfigError` naming the source
and the key (each rule is in the docstring of its validator).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TypeVar

from citecheck.accept import IGNORE_KEYS, IgnoreRule
from citecheck.errors import ConfigError
from citecheck.options import ArchiveMode, HostOverride, normalize_host
from citecheck.render import OutputFormat
from citecheck.vocabulary import FailOn, ProblemCode

__all__ = ["COMMAND_LINE", "VALIDATORS", "parse_duration"]

#: The source of a value given as a command-line flag.
COMMAND_LINE = "command line"

E = TypeVar("E", bound=StrEnum)
# Patterns of values, compiled on first use (re caches them).
# Duration strings for max_age: "1d", "12h", "1d12h", "90m", "30s" (or a bare number of seconds).
_DURATION = r"(?:(\d+(?:\.\d+)?)([dhms]))+"
_DURATION_PART = r"(\d+(?:\.\d+)?)([dhms])"
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
# A host name as it appears in a URL (no scheme, path or port), optionally behind a "*." wildcard.
_HOST = r"(?:\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9])?)*\.?"


def parse_duration(value: object, *, key: str = "max_age", source: str = COMMAND_LINE) -> float:
    """Seconds from a number or a string like "1d", "12h", "1d12h", "90m", "30s" or "3600"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str) and re.fullmatch(r"\d+(?:\.\d+)?", value.strip()):
        seconds = float(value.strip())
    elif isinstance(value, str) and re.fullmatch(_DURATION, value.strip().lower()):
        seconds = sum(
            float(n) * _UNIT_SECONDS[unit]
            for n, unit in re.findall(_DURATION_PART, value.strip().lower())
        )
    else:
        raise _bad(source, key, 'a duration: seconds or a string like "1d", "12h", "30m"', value)
    if not math.isfinite(seconds) or seconds < 0:
        raise _bad(source, key, "a duration of 0 seconds or more", value)
    return seconds


def _bad(source: str, key: str, expected: str, value: object) -> ConfigError:
    """The error for a value of the wrong type or range."""
    return ConfigError(f"{source}: {key}: expected {expected}, got {_show(value)}")


def _show(value: object) -> str:
    """A value and its TOML type, for error messages."""
    kinds = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array"}
    kind = "table" if isinstance(value, dict) else kinds.get(type(value), type(value).__name__)
    return f"{kind} {value!r}"


def _number(
    source: str, key: str, value: object, *, low: float, high: float = math.inf, low_ok: bool
) -> float:
    """A finite int or float in range (TOML booleans are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _bad(source, key, "a number", value)
    if value < low or (value == low and not low_ok) or value > high:
        bounds = f"{'≥' if low_ok else '>'} {low:g}" + (
            f" and ≤ {high:g}" if high < math.inf else ""
        )
        raise _bad(source, key, f"a number {bounds}", value)
    return float(value)


def _count(source: str, key: str, value: object) -> int:
    """A positive integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _bad(source, key, "an integer ≥ 1", value)
    return value


def _choice(enum: type[E]) -> Callable[[str, str, object], E]:
    """A validator for one of the values of `enum` (any case)."""
    choices = [member.value for member in enum]

    def check(source: str, key: str, value: object) -> E:
        if not isinstance(value, str) or value.lower() not in choices:
            raise _bad(source, key, "one of " + ", ".join(choices), value)
        return enum(value.lower())

    return check


def _exclude(source: str, key: str, value: object) -> tuple[str, ...]:
    """A list of regular expressions that compile."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise _bad(source, key, "an array of regular expressions (strings)", value)
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                f"{source}: {key}: invalid regular expression {pattern!r}: {exc}"
            ) from exc
    return tuple(value)


def _globs(source: str, key: str, value: object) -> tuple[str, ...]:
    """A list of gitignore-style globs ("entwuerfe/", "*.alt.md", "archiv/**/2019-*")."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise _bad(source, key, 'an array of path globs (strings), e.g. ["entwuerfe/"]', value)
    from pathspec import GitIgnoreSpec

    for glob in value:
        try:
            GitIgnoreSpec.from_lines([glob])
        except ValueError as exc:
            raise ConfigError(f"{source}: {key}: invalid glob {glob!r}: {exc}") from exc
    return tuple(value)


def _ignore(source: str, key: str, value: object) -> tuple[IgnoreRule, ...]:
    """An array of tables, each with at least one of code, url, document and footnote."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, dict) for v in value):
        raise _bad(
            source,
            key,
            'an array of tables, e.g. [[tool.citecheck.ignore]] code = "dead-link"',
            value,
        )
    rules: list[IgnoreRule] = []
    errors: list[str] = []
    for i, entry in enumerate(value):
        try:
            rules.append(_ignore_rule(source, f"{key}[{i}]", entry))
        except ConfigError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ConfigError(*errors)
    return tuple(rules)


def _ignore_rule(source: str, where: str, entry: Mapping[str, object]) -> IgnoreRule:
    """One ignore entry (see `accept.IgnoreRule`)."""
    import difflib

    for name in entry:
        if name not in IGNORE_KEYS:
            close = difflib.get_close_matches(name, IGNORE_KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(IGNORE_KEYS)
            raise ConfigError(f"{source}: unknown key {where}.{name} ({hint})")
    if not entry:
        raise ConfigError(f"{source}: {where}: give at least one of " + ", ".join(IGNORE_KEYS))
    codes = [c.value for c in ProblemCode]
    code, url, document, number = (entry.get(k) for k in IGNORE_KEYS)
    if code is not None and code not in codes:
        close = difflib.get_close_matches(str(code), codes, n=1)
        expected = f"a problem code such as {close[0]!r}" if close else "a problem code"
        raise _bad(source, f"{where}.code", expected, code)
    if url is not None and not isinstance(url, str):
        raise _bad(source, f"{where}.url", "a regular expression (string)", url)
    if url is not None:
        _exclude(source, f"{where}.url", [url])
    if document is not None and (not isinstance(document, str) or not document.strip()):
        raise _bad(source, f"{where}.document", 'a path glob such as "entwuerfe/*.md"', document)
    if number is not None and (
        isinstance(number, bool) or not isinstance(number, int) or number < 0
    ):
        raise _bad(source, f"{where}.footnote", "a footnote number (an integer ≥ 0)", number)
    return IgnoreRule(
        code=ProblemCode(code) if code is not None else None,
        url=url if isinstance(url, str) else None,
        document=document if isinstance(document, str) else None,
        footnote=number if isinstance(number, int) else None,
    )


def _flag(source: str, key: str, value: object) -> bool:
    """A TOML boolean (true or false)."""
    if not isinstance(value, bool):
        raise _bad(source, key, "true or false", value)
    return value


def _lang(source: str, key: str, value: object) -> str:
    """A language citecheck reports in ("en", "de"; any case)."""
    from citecheck.i18n import LANGUAGES

    if not isinstance(value, str) or value.lower() not in LANGUAGES:
        raise _bad(source, key, "one of " + ", ".join(LANGUAGES), value)
    return value.lower()


def _accept(source: str, key: str, value: object) -> tuple[int, ...]:
    """A list of HTTP status codes (100–599)."""
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 100 <= v <= 599 for v in value
    ):
        raise _bad(source, key, "an array of HTTP status codes (100–599)", value)
    return tuple(sorted(set(value)))


def _user_agent(source: str, key: str, value: object) -> str:
    """A non-empty one-line string (a header value must not contain line breaks)."""
    if not isinstance(value, str) or not value.strip() or any(c in value for c in "\r\n\0"):
        raise _bad(source, key, "a non-empty one-line string", value)
    return value


def _hosts(source: str, key: str, value: object) -> tuple[HostOverride, ...]:
    """A table of host name (or "*.domain") → {per_host, timeout}."""
    if not isinstance(value, dict):
        raise _bad(
            source, key, 'a table of host names, e.g. {"www.bundestag.de" = {per_host = 1}}', value
        )
    hosts: dict[str, HostOverride] = {}
    for host, limits in value.items():
        name = normalize_host(host)
        if not re.fullmatch(_HOST, name):
            raise ConfigError(
                f"{source}: {key}: {host!r} is not a host name or *.domain wildcard "
                "(no scheme, port or path)"
            )
        where = f"{key}.{host}"
        if not isinstance(limits, dict):
            raise _bad(source, where, "a table with per_host and/or timeout", limits)
        unknown = sorted(set(limits) - {"per_host", "timeout"})
        if unknown:
            raise ConfigError(
                f"{source}: unknown key {where}.{unknown[0]} (allowed: per_host, timeout)"
            )
        per_host = limits.get("per_host")
        timeout = limits.get("timeout")
        hosts[name] = HostOverride(
            name,
            per_host=_count(source, f"{where}.per_host", per_host)
            if per_host is not None
            else None,
            timeout=(
                _number(source, f"{where}.timeout", timeout, low=0, low_ok=False)
                if timeout is not None
                else None
            ),
        )
    return tuple(hosts[name] for name in sorted(hosts))


def _archive_url(source: str, key: str, value: object) -> str:
    """An http(s) URL without query or fragment (a trailing slash is dropped)."""
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip()) if isinstance(value, str) else None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
    ):
        raise _bad(source, key, 'an http(s) URL such as "https://web.archive.org"', value)
    assert isinstance(value, str)
    return value.strip().rstrip("/")


VALIDATORS: dict[str, Callable[[str, str, object], object]] = {
    "exclude": _exclude,
    "accept": _accept,
    "timeout": lambda s, k, v: _number(s, k, v, low=0, low_ok=False),
    "max_concurrency": _count,
    "per_host": _count,
    "hosts": _hosts,
    "fail_on": _choice(FailOn),
    "title_threshold": lambda s, k, v: _number(s, k, v, low=0, high=1, low_ok=True),
    "user_agent": _user_agent,
    "max_age": lambda s, k, v: parse_duration(v, key=k, source=s),
    "format": _choice(OutputFormat),
    "exclude_path": _globs,
    "ignore": _ignore,
    "lang": _lang,
    "suggest_titles": _flag,
    "archive": _choice(ArchiveMode),
    "archive_url": _archive_url,
}
