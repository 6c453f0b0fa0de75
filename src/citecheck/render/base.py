"""The Renderer protocol every output format implements: a finished `Report` in, text out;
only `cli` writes the text anywhere, after rendering has succeeded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # `--help` needs the format names, not the model (start-up)
    from citecheck.models import Report


class Renderer(Protocol):
    """An output format: a `Report` in, the whole output text out."""

    def render(self, report: Report) -> str:
        """The report as text, ending in a newline."""
        ...
