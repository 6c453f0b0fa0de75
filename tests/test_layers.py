"""Import layering: the pure core never pulls in the network, terminal or CLI libraries.

Each module is imported in a fresh interpreter, so what another test imported cannot hide a
violation.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

#: Libraries that belong to the edges (fetch, render.table, cli) only.
EDGE_LIBRARIES = ("httpx", "httpcore", "h2", "rich", "typer", "click")

#: Pure modules: models and rules over them.
PURE_MODULES = (
    "citecheck.models",
    "citecheck.errors",
    "citecheck.parse",
    "citecheck.parse.base",
    "citecheck.parse.layout",
    "citecheck.parse.markdown",
    "citecheck.parse.text",
    "citecheck.parse.footnotes",
    "citecheck.urls",
    "citecheck.parse.url_finder",
    "citecheck.parse.wrap_hyphen",
    "citecheck.parse.hosts",
    "citecheck.figures",
    "citecheck.classify",
    "citecheck.titles",
    "citecheck.sentences",
    "citecheck.verify",
    "citecheck.check",
    "citecheck.schema",
    "citecheck.render",
    "citecheck.render.json",
)


def _imported_edges(module: str, edges: tuple[str, ...] = EDGE_LIBRARIES) -> list[str]:
    """The `edges` libraries loaded after importing `module` in a fresh interpreter."""
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        f"edges = {edges!r}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & set(edges))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    found: list[str] = json.loads(done.stdout)
    return found


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_no_edge_library(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} does not exist yet")
    assert _imported_edges(module) == []


def test_cli_import_stays_light() -> None:
    """`citecheck --help` must not pay for httpx or the table renderer's rich."""
    found = _imported_edges("citecheck.cli")
    assert "httpx" not in found and "httpcore" not in found
    assert "typer" in found  # the check itself works


#: Libraries a run loads only for the documents or pages that need them (bs4 costs ~60 ms).
FORMAT_LIBRARIES = ("bs4", "soupsieve", "pypdf", "pdfminer", "charset_normalizer")


@pytest.mark.parametrize("module", ["citecheck.parse", "citecheck.titles", "citecheck.cli"])
def test_format_libraries_load_on_first_use(module: str) -> None:
    """Checking a Markdown motion never imports the HTML, PDF or charset libraries."""
    assert _imported_edges(module, FORMAT_LIBRARIES) == []


def test_html_documents_still_load_bs4() -> None:
    assert "bs4" in _imported_edges("citecheck.parse._html_tree", FORMAT_LIBRARIES)


def test_the_checker_detects_a_violation() -> None:
    """The table renderer is an edge: it does import rich (so the probe can see imports)."""
    assert "rich" in _imported_edges("citecheck.render.table")
