"""The reader restores URLs wrapped as a typesetter wraps them (benchmarks/url_wraps.py).

Every break point of the check half of fixtures/urls/corpus_urls.txt (the URLs a fixed hash
puts there, `url_wraps.half_of`; the rules were studied on the other half only). Every miss
must carry the right reading among its alternatives (the tie-breaker fetches them); the exact
rates must not fall below what the reader achieves (raise the floors when it improves).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("url_wraps", ROOT / "benchmarks" / "url_wraps.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["url_wraps"] = module
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()

#: Exact rates reached on the check half (per direction), from print alone (the evidence is a
#: fixed sentence) and inside the URL's own document (`url_wraps.document_context`). The
#: issue's goal is 99 % in every direction; the hyphen directions are not there (see
#: docs/README-wraps.md).
FLOORS = {"inserted": 0.969, "real": 0.965, "plain": 0.999}
FLOORS_IN_CONTEXT = {"inserted": 0.980, "real": 0.971, "plain": 0.999}


def test_halves_are_large_disjoint_and_deterministic() -> None:
    urls = bench.corpus_urls()
    assert len(urls) > 1900
    tune, check = bench.corpus_urls("tune"), bench.corpus_urls("check")
    assert sorted(tune + check) == sorted(urls)
    assert min(len(tune), len(check)) > 900
    first = bench.generate(check, per_url=1)
    assert first == bench.generate(check, per_url=1)
    counts = {d: sum(c.direction == d for c in bench.generate(check)) for d in bench.DIRECTIONS}
    assert min(counts.values()) > 2500


def _assert_rates(context: bool, floors: dict[str, float]) -> None:
    cases = bench.generate(bench.corpus_urls("check"), context=context)
    outcomes = [bench.read_case(case) for case in cases]
    rates = bench.score(outcomes)
    for direction, floor in floors.items():
        assert rates[direction].rate >= floor, (direction, rates[direction])
    missed = [o for o in outcomes if not o.exact and not o.among_alternatives]
    assert [(o.case.text, o.read) for o in missed] == []


def test_wrapped_urls_are_restored_or_carry_the_right_reading() -> None:
    _assert_rates(False, FLOORS)


def test_wrapped_urls_in_their_documents_are_restored_or_carry_the_right_reading() -> None:
    _assert_rates(True, FLOORS_IN_CONTEXT)


def test_a_document_context_never_prints_the_url_itself() -> None:
    """The evidence of a case is the URL's document without any print of the URL: on one
    line, or wrapped with or without a line-end hyphen."""
    contexts = bench._contexts()
    urls = bench.corpus_urls()
    with_document = [u for u in urls if u in contexts[1]]
    assert len(with_document) > 1800
    for url in with_document:
        context = bench.document_context(url, contexts)
        assert bench._core(url) not in bench._squashed(context), url


def test_document_context_leaves_out_every_print_of_the_url() -> None:
    documents = {
        "d": {
            "entries": [
                "1 https://www.a.de/x-y/z",
                "2 Vgl. www.a.de/x-\ny/z, abgerufen",
                "3 https://www.a.de/x-y/other",
            ],
            "opening": "Antrag",
            "words": "Zeile",
        }
    }
    context = bench.document_context(
        "https://www.a.de/x-y/z", (documents, {"https://www.a.de/x-y/z": "d"})
    )
    assert context == "Antrag\n3 https://www.a.de/x-y/other\nZeile"
