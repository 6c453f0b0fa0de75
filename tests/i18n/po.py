"""The gettext tooling of the German catalogue, in the standard library only: extract the
message ids from the sources, read a .po file, and compile it to the committed .mo.

`python tests/i18n/po.py` recompiles src/citecheck/i18n/locale/*/LC_MESSAGES/citecheck.mo
from its .po (the sync test fails until that is done).
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "citecheck"
LOCALE = SRC / "i18n" / "locale"

#: Callables whose literal first argument(s) are message ids: N_("…"), tr("…"), self.tr("…"),
#: tr.plural("…", "…", n), words(…)("…").
_SINGULAR = frozenset({"N_", "tr"})
_PLURAL = "plural"

Key = str | tuple[str, str]
"""A message id, or (singular, plural) for a plural message."""


def extract(paths: list[Path]) -> set[Key]:
    """Every message id marked in `paths` (see `_SINGULAR`)."""
    found: set[Key] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
            strings = [v for v in literals if isinstance(v, str)]
            if name in _SINGULAR and strings and len(node.args) == 1:
                found.add(strings[0])
            elif name == _PLURAL and len(strings) == 2:
                found.add((strings[0], strings[1]))
    return found


def source_files() -> list[Path]:
    """The modules that show words: the renderers, the i18n package and the reading notes."""
    return sorted(
        [*(SRC / "render").glob("*.py"), *(SRC / "i18n").glob("*.py"), SRC / "readings.py"]
    )


def _unquote(text: str) -> str:
    """A .po string literal's content."""
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


def read_po(path: Path) -> dict[Key, str | list[str]]:
    """msgid (or (msgid, msgid_plural)) → msgstr (or the list of plural forms); the header
    is the entry of the empty msgid."""
    entries: dict[Key, str | list[str]] = {}
    fields: dict[str, str] = {}
    current: str | None = None

    def flush() -> None:
        if "msgid" not in fields:
            return
        if "msgid_plural" in fields:
            forms = [fields[k] for k in sorted(k for k in fields if k.startswith("msgstr["))]
            entries[(fields["msgid"], fields["msgid_plural"])] = forms
        else:
            entries[fields["msgid"]] = fields.get("msgstr", "")
        fields.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line:
                flush()
                current = None
            continue
        if line.startswith('"'):
            assert current is not None, f"continuation without a keyword: {raw!r}"
            fields[current] += _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid" and "msgid" in fields:
            flush()
        current = keyword
        fields[keyword] = _unquote(rest)
    flush()
    return entries


def write_mo(entries: dict[Key, str | list[str]]) -> bytes:
    """The GNU .mo bytes of `entries` (as msgfmt writes them, untranslated entries left out,
    keys sorted, no hash table)."""
    pairs: list[tuple[bytes, bytes]] = []
    for key, value in entries.items():
        if isinstance(key, tuple):
            assert isinstance(value, list)
            if not all(value):
                continue
            pairs.append(("\0".join(key).encode(), "\0".join(value).encode()))
        else:
            assert isinstance(value, str)
            if value or key == "":
                pairs.append((key.encode(), value.encode()))
    pairs.sort()
    count = len(pairs)
    keys_start = 7 * 4
    values_start = keys_start + count * 8
    data_start = values_start + count * 8
    ids = b"".join(k + b"\0" for k, _ in pairs)
    strs = b"".join(v + b"\0" for _, v in pairs)
    key_table, value_table = [], []
    offset = data_start
    for k, _ in pairs:
        key_table += [len(k), offset]
        offset += len(k) + 1
    for _, v in pairs:
        value_table += [len(v), offset]
        offset += len(v) + 1
    header = struct.pack("<7I", 0x950412DE, 0, count, keys_start, values_start, 0, 0)
    tables = struct.pack(f"<{4 * count}I", *key_table, *value_table)
    return header + tables + ids + strs


def catalogues() -> list[tuple[Path, Path]]:
    """(.po, .mo) of every language."""
    return [(po, po.with_suffix(".mo")) for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))]


def main() -> int:
    """Compile every .po next to itself."""
    for po, mo in catalogues():
        mo.write_bytes(write_mo(read_po(po)))
        print(f"compiled {mo}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
