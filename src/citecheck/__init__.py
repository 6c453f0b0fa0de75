"""citecheck: verify the footnoted sources of parliamentary documents."""

from __future__ import annotations

# The single source of the version (pyproject reads it through hatch); a literal rather than
# importlib.metadata, which costs ~50 ms at every start of `citecheck --help`.
__version__ = "0.1.0"

__all__ = ["__version__"]
