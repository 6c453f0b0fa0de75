"""Flag values turned into their types without pydantic: typer 0.2x coerces every parameter
through a pydantic TypeAdapter, which costs ~100 ms of every run (the import and one schema per
flag). The common values take this path; anything else, and every error, is typer's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from typer._click import Context
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path
from typer.core import _TyperParameter

__all__ = ["LightRuntimeParam"]

_UNHANDLED = object()
"""`_light_value`'s answer for a value it leaves to typer."""

_INTEGER = re.compile(r"0|[1-9][0-9]{0,17}")
_DECIMAL = re.compile(r"(0|[1-9][0-9]{0,14})(\.[0-9]{1,9})?")


@dataclass(frozen=True)
class LightRuntimeParam(RuntimeParam):
    """typer's runtime coercion of one parameter, built without pydantic: `_light_value` for
    the values it knows, else typer's own (pydantic) coercion, built on first need."""

    descriptor: TypeDescriptor

    @classmethod
    def of(cls, descriptor: TypeDescriptor) -> LightRuntimeParam:
        """The light coercion of the parameter `descriptor` describes."""
        return cls(descriptor.parameter_info, descriptor.annotation, descriptor)

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        light = _light_value(self.descriptor, value, param, ctx)
        if light is not _UNHANDLED:
            return light
        typer_own = build_runtime_param(self.descriptor)
        return typer_own._coerce_value(value, param=param, ctx=ctx)


def _light_value(
    descriptor: TypeDescriptor, value: Any, param: _TyperParameter, ctx: Context
) -> Any:
    """What typer's adapter makes of `value`, where that is plain: a string (or a list of
    strings), a choice of an Enum, a Path, a decimal number within its bounds; else
    `_UNHANDLED` (tests/cli/test_coercion.py holds it against typer's own coercion)."""
    info = descriptor.parameter_info
    annotation = descriptor.annotation
    if descriptor.file_annotation is not None or info.parser is not None or info.clamp:
        return _UNHANDLED
    if annotation is str:
        return value if isinstance(value, str) else _UNHANDLED
    if annotation == list[str]:
        if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
            return list(value)
        return _UNHANDLED
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:
            return coerce_cli_choice(
                value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx
            )
        except ValueError:
            return _UNHANDLED
    if annotation is Path and info.path_type is None:
        if not isinstance(value, str) or not value:
            return _UNHANDLED
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    if annotation is int or annotation is float:
        return _number(annotation, value, info.min, info.max)
    return _UNHANDLED


def _number(kind: type[int] | type[float], value: Any, low: Any, high: Any) -> Any:
    """A plain decimal string within [low, high] as `kind`, else `_UNHANDLED`."""
    if not isinstance(value, str):
        return _UNHANDLED
    if not (_INTEGER if kind is int else _DECIMAL).fullmatch(value):
        return _UNHANDLED
    number = kind(value)
    if (low is not None and number < low) or (high is not None and number > high):
        return _UNHANDLED
    return number
