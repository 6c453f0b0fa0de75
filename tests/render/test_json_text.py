"""The indented JSON writer (`render.json_text.dumps_indented`) against the standard library:
the same text for any contract-like data, and for the edge values `json` treats specially."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.render.json_text import dumps_indented, dumps_indented_utf8


class _Word(enum.StrEnum):
    OK = "ok"


class _Number(enum.IntEnum):
    TWO = 2


_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from([_Word.OK, _Number.TWO, '„Größe“\n\t\x00\x1f\\"/\u2028', "\ud800"])
)
_KEYS = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(_KEYS, inner, max_size=5)
    ),
    max_leaves=40,
)


@given(_VALUES, st.sampled_from([0, 1, 2, 4, "\t"]))
@settings(max_examples=400)
def test_writes_what_json_dumps_writes(value: Any, indent: int | str) -> None:
    """Any value: the text `json.dumps(…, ensure_ascii=False, indent=…)` writes."""
    assert dumps_indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": [], "b": {}, "c": [{}], "d": [[]]},
        {"score": 0.857, "tiny": 1e-05, "big": 1e16, "nan": float("nan"), "inf": float("-inf")},
        {"lone": "\udc80", "emoji": "😀", "pair": "\ud83d\ude00"},
        {_Word.OK: _Number.TWO, 3: True, 2.5: None, None: False, True: 0},
        [list(range(5000))],  # more pieces than gathered at once: flushed on the way
    ],
)
def test_edge_values(value: Any) -> None:
    """Empty containers, floats `json` spells its own way, surrogates (kept, as `json` keeps
    them), keys that are not strings, and a list long enough to be flushed in parts."""
    assert dumps_indented(value, 2, "\n") == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_what_json_refuses_it_refuses() -> None:
    """Values and keys `json` cannot write raise TypeError here too."""
    for bad in ({"a": object()}, {(1, 2): "tuple key"}):
        with pytest.raises(TypeError):
            json.dumps(bad, indent=2)
        with pytest.raises(TypeError):
            dumps_indented(bad, 2)


@given(_VALUES)
@settings(max_examples=200)
def test_utf8_is_the_text_encoded(value: Any) -> None:
    """`dumps_indented_utf8`: the same text, as UTF-8 (lone surrogates as "surrogatepass")."""
    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    assert dumps_indented_utf8(value, 2, "\n") == text.encode("utf-8", "surrogatepass")
