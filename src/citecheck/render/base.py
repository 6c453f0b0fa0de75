"""The Renderer protocol every output format implements: a finished `Report` in, text out;
only `cli` writes the text anywhere, after rendering has succeeded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:  # `--help` needs the format names, not the model (start-up)
    from citecheck.models import Report


class Renderer(Protocol):
    """An output format: a `Report` in, the whole output text out."""

    def render(self, report: Report) -> str:
        """The report as text, ending in a newline."""
        ...


@runtime_checkable
class EncodedRenderer(Renderer, Protocol):
    """An output format that also writes its text as UTF-8 directly (JSON: a large report
    is then never held as text, which costs up to 4 bytes a character)."""

    def render_utf8(self, report: Report) -> bytes | bytearray:
        """`render`'s text as UTF-8 (lone surrogates as the "surrogatepass" handler writes
        them)."""
        ...
