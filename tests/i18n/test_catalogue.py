"""The German catalogue: in sync with its compiled .mo, complete for every word the reports show,
placeholders intact; the language chosen from the locale or explicitly; words for every status,
reason and problem code, including every reason the checker can produce today."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import citecheck.models as models
from citecheck.i18n import resolve_language, words
from citecheck.i18n.catalog import CODES, REASONS, STATUSES, UNKNOWN_REASON
from citecheck.models import LinkStatus, ProblemCode

from .po import SRC, catalogues, extract, read_po, source_files, write_mo

PLACEHOLDER = re.compile(r"\{\w*\}")


def test_there_is_a_german_catalogue() -> None:
    assert [po.parent.parent.name for po, _ in catalogues()] == ["de"]


@pytest.mark.parametrize(("po", "mo"), catalogues(), ids=lambda p: str(p.parent.parent.name))
def test_compiled_catalogue_is_in_sync_with_its_po(po: Path, mo: Path) -> None:
    # After editing the .po: python tests/i18n/po.py
    assert mo.read_bytes() == write_mo(read_po(po)), f"{mo} is stale: run tests/i18n/po.py"


def test_every_shown_word_has_a_german_translation_and_none_is_stale() -> None:
    entries = read_po(catalogues()[0][0])
    used = extract(source_files())
    assert len(used) > 150  # the extraction sees the renderers and the catalogue
    untranslated = [k for k in used if not entries.get(k)]
    assert untranslated == []
    stale = [k for k in entries if k and k not in used]
    assert stale == []


def test_translations_keep_their_placeholders() -> None:
    for key, value in read_po(catalogues()[0][0]).items():
        if not key:
            continue
        singular = key[0] if isinstance(key, tuple) else key
        forms = value if isinstance(value, list) else [value]
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(singular)), key


@pytest.mark.parametrize(
    ("environ", "lang", "expected"),
    [
        ({}, None, "en"),
        ({"LANG": "de_DE.UTF-8"}, None, "de"),
        ({"LANG": "de_AT"}, None, "de"),
        ({"LANG": "fr_FR.UTF-8"}, None, "en"),
        ({"LANG": "C.UTF-8"}, None, "en"),
        ({"LC_MESSAGES": "de_DE", "LANG": "en_GB.UTF-8"}, None, "de"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "de_DE", "LANG": "de_DE"}, None, "en"),
        ({"LC_ALL": "", "LANG": "de_CH.UTF-8@euro"}, None, "de"),
        ({"LANG": "de_DE.UTF-8"}, "en", "en"),
        ({}, "de", "de"),
        ({}, "DE", "de"),
        ({}, "de-DE", "de"),
        ({}, "xx", "en"),
    ],
)
def test_language_follows_the_option_then_the_locale(
    environ: dict[str, str], lang: str | None, expected: str
) -> None:
    assert resolve_language(lang, environ) == expected


def test_words_follow_the_locale_as_it_is_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert words().status(LinkStatus.DEAD) == "tot"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert words().status(LinkStatus.DEAD) == "dead"
    assert words("de").plural("{n} link", "{n} links", 2) == "2 Links"
    assert words("de").plural("{n} link", "{n} links", 1) == "1 Link"


def test_every_status_reason_and_code_has_words_in_both_languages() -> None:
    assert set(STATUSES) == set(LinkStatus)
    assert set(CODES) == set(ProblemCode)
    de = words("de")
    for entry in (*STATUSES.values(), *REASONS.values(), *CODES.values(), UNKNOWN_REASON):
        assert entry.label and entry.meaning.endswith(".") and entry.fix.endswith(".")
        german = de.entry(entry)
        # A sentence that says what happened and one that says what to do, translated.
        assert german.meaning != entry.meaning and german.fix != entry.fix, entry.anchor
    anchors = [e.anchor for e in (*STATUSES.values(), *REASONS.values(), *CODES.values())]
    assert len(set(anchors)) == len(anchors)


def _string_at(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _reasons_in_source() -> set[str]:
    """Every machine reason and error kind written in the checker's source today: the string of
    each `(LinkStatus.X, "reason")` pair (classify, check), each `_Plan`/`Link` skip reason and
    each fetch failure kind (`_Failure("kind", …)`, `error_kind=` in the fetch package), and
    the tables of classify (error kind → status and reason, HTTP status → reason)."""
    files = [SRC / "classify.py", SRC / "check.py", *sorted((SRC / "fetch").rglob("*.py"))]
    found: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple) and len(node.elts) == 2:
                first, second = node.elts
                if isinstance(first, ast.Attribute) and ast.unparse(first).startswith(
                    "LinkStatus."
                ):
                    found |= {s for s in [_string_at(second)] if s}
            if isinstance(node, ast.Dict):  # error kind → (status, reason); HTTP code → reason
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(value, ast.Tuple) and key is not None:
                        found |= {s for s in [_string_at(key)] if s}
                    elif isinstance(key, ast.Constant) and isinstance(key.value, int):
                        found |= {s for s in [_string_at(value)] if s}
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name == "_Failure" and node.args:
                    found |= {s for s in [_string_at(node.args[0])] if s}
                if name in ("_Plan", "Link") and len(node.args) >= 2:
                    found |= {s for s in [_string_at(node.args[-1])] if s}
                for keyword in node.keywords:
                    if keyword.arg in ("error_kind", "reason"):
                        found |= {s for s in [_string_at(keyword.value)] if s}
    return found


def test_every_reason_the_checker_produces_has_words() -> None:
    today = _reasons_in_source()
    for enum_name in ("Reason", "ErrorKind"):  # the typed vocabularies, once they exist
        enum = getattr(models, enum_name, None)
        if enum is not None:
            today |= {member.value for member in enum}
    assert len(today) >= 25  # the scan sees classify, check and the fetcher
    assert today - {"internal"} <= set(REASONS), sorted(today - set(REASONS))
    # The brief's list, spelled out.
    named = (
        "not_found_text homepage_redirect permanent temporary rate_limited bot_protection "
        "dns_failure dns refused reset tls timeout too_many_redirects redirect_loop invalid_url "
        "private_address unsupported_scheme body_too_large protocol interrupted offline excluded "
        "internal_error accepted_status"
    ).split()
    assert set(named) <= set(REASONS)


def test_an_unknown_reason_is_never_shown_raw() -> None:
    for lang in ("en", "de"):
        tr = words(lang)
        assert "surprise_reason" not in tr.reason("surprise_reason")
        assert tr.reason("surprise_reason") == tr(UNKNOWN_REASON.label)
        assert "surprise_reason" not in tr.reason_advice("surprise_reason")
