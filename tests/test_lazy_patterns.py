"""`lazy_pattern` compiles at the first call, once; the parse of a Markdown motion leaves the
patterns it does not need uncompiled (the start-up cost they would add)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from citecheck.lazy_patterns import lazy_pattern

MOTION = Path(__file__).parent.parent / "fixtures" / "documents" / "antrag-japan-partnerschaft.md"


def test_compiles_once_at_the_first_call() -> None:
    pattern = lazy_pattern(r"(?P<word>a+)b", re.IGNORECASE)
    assert pattern.cache_info().currsize == 0  # type: ignore[attr-defined]
    compiled = pattern()
    assert compiled is pattern()
    assert compiled.pattern == r"(?P<word>a+)b" and compiled.flags & re.IGNORECASE
    assert compiled.fullmatch("AaB") is not None


#: The child: the parse of a Markdown motion with `re`'s compiles recorded; prints the lazy
#: patterns of citecheck's modules that it compiled, and how many there are.
_CHILD = """
import sys, re._compiler as rc
compiled = set()
real = rc.compile
def record(pattern, flags=0):
    compiled.add(pattern)
    return real(pattern, flags)
rc.compile = record
from citecheck.parse import load_document
document = load_document(sys.argv[1])
assert document.footnotes
lazy = {}
for name, module in list(sys.modules.items()):
    if not name.startswith("citecheck"):
        continue
    for attr, value in vars(module).items():
        wrapped = getattr(value, "__wrapped__", None)
        cells = getattr(wrapped, "__closure__", None) or ()
        if getattr(wrapped, "__qualname__", "") == "lazy_pattern.<locals>.compiled":
            source = next(c.cell_contents for c in cells if isinstance(c.cell_contents, str))
            lazy[f"{name}.{attr}"] = source
print(len(lazy), sorted(key for key, source in lazy.items() if source in compiled))
"""


def test_a_markdown_motion_leaves_most_of_them_uncompiled() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(MOTION)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    count, used = done.stdout.split(" ", 1)
    assert int(count) >= 60
    # The seed motion's footnotes need some of them (titles after a publisher, access dates).
    assert len(ast.literal_eval(used)) < int(count) // 2, used
