"""Import layering inside the package, by AST over every module (rules as data below), and
the third-party libraries each module really loads, in a fresh interpreter.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: Libraries that belong to the edges (fetch, render.table, cli) only.
EDGE_LIBRARIES = ("httpx", "httpcore", "h2", "rich", "typer", "click")

#: Pure modules: models and rules over them.
PURE_MODULES = (
    "citecheck.models",
    "citecheck.vocabulary",
    "citecheck.link_problems",
    "citecheck.errors",
    "citecheck.parse",
    "citecheck.parse.base",
    "citecheck.parse.layout",
    "citecheck.parse.markdown",
    "citecheck.parse.text",
    "citecheck.parse.document",
    "citecheck.urls",
    "citecheck.parse.url_finder",
    "citecheck.parse.wrap_hyphen",
    "citecheck.parse.wrap_evidence",
    "citecheck.parse.hosts",
    "citecheck.figures",
    "citecheck.page_figures",
    "citecheck.classify",
    "citecheck.readings",
    "citecheck.challenge",
    "citecheck.titles",
    "citecheck.sentences",
    "citecheck.verify",
    "citecheck.check",
    "citecheck.schema",
    "citecheck.render",
    "citecheck.render.json",
    "citecheck.i18n",
    "citecheck.i18n.catalog",
    "citecheck.i18n.messages",
    "citecheck.accept",
    "citecheck.archive",
    "citecheck.archive_lookup",
    "citecheck.link_problems",
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
    assert importlib.util.find_spec(module) is not None, f"{module} does not exist: update the list"
    assert _imported_edges(module) == []


def test_cli_import_stays_light() -> None:
    """`citecheck --help` must not pay for httpx or the table renderer's rich."""
    found = _imported_edges("citecheck.cli")
    assert "httpx" not in found and "httpcore" not in found
    assert "typer" in found  # the check itself works


#: Libraries a run loads only for the documents or pages that need them (bs4 costs ~60 ms).
FORMAT_LIBRARIES = ("bs4", "soupsieve", "pypdf", "pdfminer", "charset_normalizer", "selectolax")


@pytest.mark.parametrize("module", ["citecheck.parse", "citecheck.titles", "citecheck.cli"])
def test_format_libraries_load_on_first_use(module: str) -> None:
    """Checking a Markdown motion never imports the HTML, PDF or charset libraries."""
    assert _imported_edges(module, FORMAT_LIBRARIES) == []


def test_html_documents_still_load_bs4() -> None:
    assert "bs4" in _imported_edges("citecheck.parse._html_tree", FORMAT_LIBRARIES)


def test_the_checker_detects_a_violation() -> None:
    """The table renderer is an edge: it does import rich (so the probe can see imports)."""
    assert "rich" in _imported_edges("citecheck.render.table")


# --------------------------------------------------------------------------- import direction
# A name covers the module and everything below it ("citecheck.parse" is the parse package).

#: The pure core: models and the rules over them.
CORE = (
    "citecheck.models",
    "citecheck.vocabulary",
    "citecheck.link_problems",
    "citecheck.challenge",
    "citecheck.urls",
    "citecheck.sentences",
    "citecheck.figures",
    "citecheck.page_figures",
    "citecheck.classify",
    "citecheck.readings",
    "citecheck.titles",
    "citecheck.verify",
    "citecheck.parse",
    "citecheck.options",
    "citecheck.accept",
    "citecheck.archive",
)

#: The modules that do I/O (network, terminal, files of the user, the command line).
IO_MODULES = (
    "citecheck.fetch",
    "citecheck.cli",
    "citecheck.render",
    "citecheck.check",
    "citecheck.demo",
)


@dataclass(frozen=True)
class Rule:
    """Modules under `importers` (but not under `exempt`) import nothing under `forbidden`."""

    importers: tuple[str, ...]
    forbidden: tuple[str, ...]
    why: str
    exempt: tuple[str, ...] = ()


RULES = (
    Rule(CORE, IO_MODULES + EDGE_LIBRARIES, "the pure core does no I/O"),
    Rule(
        ("citecheck.fetch",),
        ("citecheck.classify", "citecheck.verify", "citecheck.render"),
        "fetch observes; judging and reporting happen elsewhere",
    ),
    Rule(
        ("citecheck",),
        ("citecheck.cli",),
        "nothing imports the command line (its entry point aside)",
        exempt=("citecheck.cli", "citecheck.__main__"),
    ),
)

#: Known violations (importer, imported), each with the change that removes it.
EXPECTED_VIOLATIONS: dict[tuple[str, str], str] = {}

#: Modules named above that another branch adds: exempt from the existence check until then.
PENDING_MODULES: dict[str, str] = {}


def _within(module: str, name: str) -> bool:
    """`module` is `name` or lies below it."""
    return module == name or module.startswith(name + ".")


def _module_name(path: Path) -> str:
    """The dotted name of a source file under src/."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {_module_name(path): path for path in sorted((SRC / "citecheck").rglob("*.py"))}


def _exists(name: str) -> bool:
    """A module or package of that name is in src/."""
    base = SRC.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """Every module `source` imports, anywhere in the file (lazy and type-only imports too);
    `from a import b` counts as importing `a` and `a.b`, relative imports are resolved."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _violations(rule: Rule) -> set[tuple[str, str]]:
    """(importer, imported) pairs that break `rule`."""
    found = set()
    for module, path in _modules().items():
        if not any(_within(module, n) for n in rule.importers):
            continue
        if any(_within(module, n) for n in rule.exempt):
            continue
        source = path.read_text(encoding="utf-8")
        for imported in imports_of(source, module, is_package=path.name == "__init__.py"):
            for name in rule.forbidden:
                if _within(imported, name):
                    found.add((module, name))
    return found


def test_every_named_module_exists() -> None:
    """A rename or a move cannot make the rules pass silently: each name must be a module."""
    named = {*CORE, *IO_MODULES, *(k for pair in EXPECTED_VIOLATIONS for k in pair)}
    for rule in RULES:
        named.update(n for n in (*rule.importers, *rule.forbidden, *rule.exempt))
    internal = {n for n in named if _within(n, "citecheck")}
    missing = sorted(n for n in internal if not _exists(n) and n not in PENDING_MODULES)
    assert missing == [], f"modules named in tests/test_layers.py do not exist: {missing}"


def test_pending_modules_are_still_pending() -> None:
    """Once a pending module lands, it leaves PENDING_MODULES and the existence check holds."""
    landed = sorted(n for n in PENDING_MODULES if _exists(n))
    assert landed == [], f"remove from PENDING_MODULES (they exist now): {landed}"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.why)
def test_import_direction(rule: Rule) -> None:
    broken = sorted(_violations(rule) - set(EXPECTED_VIOLATIONS))
    assert broken == [], f"{rule.why}: forbidden imports (importer, imported): {broken}"


def test_expected_violations_are_still_there() -> None:
    """An exception that no longer happens is deleted, so it cannot hide a new violation."""
    found = set().union(*(_violations(rule) for rule in RULES))
    gone = sorted(set(EXPECTED_VIOLATIONS) - found)
    assert gone == [], f"remove from EXPECTED_VIOLATIONS (fixed): {gone}"


def test_imports_of_sees_every_form_of_import() -> None:
    source = (
        "import citecheck.fetch.http\n"
        "from citecheck import render\n"
        "from . import cli\n"
        "from ..fetch.base import Fetcher\n"
        "def lazy():\n"
        "    from rich.console import Console\n"
    )
    found = set(imports_of(source, "citecheck.parse.text"))
    assert {
        "citecheck.fetch.http",
        "citecheck.render",
        "citecheck.parse.cli",
        "citecheck.fetch.base",
        "rich.console",
    } <= found
    in_package = set(imports_of("from .. import render", "citecheck.fetch", is_package=True))
    assert "citecheck.render" in in_package


def test_the_fetcher_loads_httpcore_only_for_its_own_path() -> None:
    """The fast path serves HTTP/1.1 GETs; httpcore, h11 and h2 (~40 ms) load with the
    httpcore path (HTTP/2 origins, proxies, refused answers) at its first request."""
    assert _imported_edges("citecheck.fetch.http", ("httpx", "httpcore", "h11", "h2")) == ["httpx"]
    assert "httpcore" in _imported_edges("citecheck.fetch.httpcore_path", ("httpcore",))
