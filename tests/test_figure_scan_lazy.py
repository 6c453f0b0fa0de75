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


def test_the_scan_has_the_group_names_read_from_its_source() -> None:
    scan = figure_scan._DIGIT_SCAN()
    names = tuple(sorted(scan.groupindex, key=scan.groupindex.__getitem__))
    assert names == ("figure", *figure_scan.GROUP_NAMES) and scan.groups == len(names)


def test_a_body_whose_uncited_sentences_hold_no_figure_is_not_scanned() -> None:
    code = (
        "from citecheck import figure_scan\n"
        "from citecheck.parse import parse_bytes\n"
        "text = '# Antrag 1\\n\\nDer Anteil stieg auf 12,3 Prozent.[^1]\\n\\n"
        "[^1]: Vgl. Amt: „Bericht“, <https://a.example/x>.\\n'\n"
        "document = parse_bytes(text.encode(), 'a.md')\n"
        "assert document.footnotes and not document.problems, document.problems\n"
        "print(figure_scan._DIGIT_SCAN.cache_info().currsize)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "0"
