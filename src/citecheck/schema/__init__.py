"""The shipped JSON Schemas of citecheck's output contracts, read from package data.

`report-v1.schema.json` describes `--format json` (contract v1). Imports: stdlib only.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

__all__ = ["REPORT_SCHEMA_V1", "load_schema"]

REPORT_SCHEMA_V1 = "report-v1.schema.json"
"""File name of the report contract v1 schema inside this package."""


def load_schema(name: str = REPORT_SCHEMA_V1) -> dict[str, Any]:
    """The parsed JSON Schema `name` from this package (default: report contract v1)."""
    text = files(__name__).joinpath(name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
