"""figure_scan compiles its two big reference patterns (`FIGURE_RE`, `DIGIT_FIGURE_RE`) at
first use: parsing a document with digit figures does not; their groups are `GROUP_NAMES`."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from citecheck import figure_scan


def test_the_lazy_patterns_have_the_group_names_of_the_scan() -> None:
    for pattern in (figure_scan.FIGURE_RE, figure_scan.DIGIT_FIGURE_RE):
        assert isinstance(pattern, re.Pattern)
        names = tuple(sorted(pattern.groupindex, key=pattern.groupindex.__getitem__))
        assert names == figure_scan.GROUP_NAMES and pattern.groups == len(names)
    assert figure_scan.FIGURE_RE.flags & re.IGNORECASE
    assert figure_scan.FIGURE_RE is figure_scan.FIGURE_RE  # compiled once


def test_digit_figures_do_not_compile_them() -> None:
    code = (
        "from citecheck import figure_scan\n"
        "from citecheck.figures import find_figures\n"
        "assert find_figures('Es kostet 5 Mio. Euro, also 12 %.')\n"
        "print(figure_scan._compiled.cache_info().currsize)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "0"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NOPE'"):
        figure_scan.NOPE  # noqa: B018
