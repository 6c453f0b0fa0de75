"""The Renderer protocol every output format implements. Imports: models.

A renderer turns a finished `Report` into text and never writes anywhere: only `cli` opens
`--output` or writes to standard output, after rendering has succeeded.
"""

from __future__ import annotations

from typing import Protocol

from citecheck.models import Report


class Renderer(Protocol):
    """An output format: a `Report` in, the whole output text out."""

    def render(self, report: Report) -> str:
        """The report as text, ending in a newline."""
        ...
