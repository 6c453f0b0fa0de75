"""`citecheck.titles` imports its comparison (rapidfuzz) at the first use of one of its names:
reading a page's title, as the fetcher does, does not load it."""

from __future__ import annotations

import subprocess
import sys

import pytest

import citecheck.titles as titles
from citecheck.titles import compare


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def test_reading_a_title_does_not_load_the_comparison() -> None:
    code = (
        "import sys\n"
        "from citecheck.titles import PageInfo, extract_page\n"
        "extract_page(b'<title>Ein Titel</title>', 'text/html', None)\n"
        "print('rapidfuzz' in sys.modules, 'citecheck.titles.compare' in sys.modules)\n"
    )
    assert _run(code) == "False False"


@pytest.mark.parametrize("name", sorted(titles._FROM_COMPARE))
def test_the_comparison_names_are_compares(name: str) -> None:
    assert getattr(titles, name) is getattr(compare, name)
    assert name in titles.__all__


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        titles.nope  # noqa: B018
