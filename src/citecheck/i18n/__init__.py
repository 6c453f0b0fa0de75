"""The words of the reports in the reader's language (English or German): `words(lang)` gives
a `Words` that translates through the gettext catalogue under i18n/locale/. Pure (stdlib gettext).

The catalogue ships compiled: locale/de/LC_MESSAGES/citecheck.mo is committed next to its .po
(no build step, no runtime dependency), and tests/i18n checks that the two are in sync.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Final

from citecheck.i18n.catalog import CODES, REASONS, STATUSES, UNKNOWN_REASON, Entry
from citecheck.models import LinkStatus, ProblemCode

__all__ = [
    "CODES_URL",
    "LANGUAGES",
    "REASONS",
    "Words",
    "codes_page",
    "help_uri",
    "resolve_language",
    "words",
]

LANGUAGES: Final = ("en", "de")
"""The languages citecheck reports in; the first is the default."""

DOMAIN: Final = "citecheck"
"""The gettext domain (the .po/.mo file name)."""

LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
"""Where the catalogues live (<lang>/LC_MESSAGES/citecheck.mo)."""

CODES_URL: Final = "https://github.com/citecheck/citecheck/blob/main/docs/codes.md"
"""The documentation page of every code (docs/codes.md), as reports and SARIF link to it."""


def resolve_language(lang: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """ "en" or "de": `lang` when given, else the first set of LC_ALL, LC_MESSAGES and LANG
    (as POSIX orders them: "de_DE.UTF-8" → "de"); anything unknown is English."""
    if lang:
        chosen = lang
    else:
        env = os.environ if environ is None else environ
        chosen = next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), "en")
    code = chosen.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else LANGUAGES[0]


def help_uri(anchor: str) -> str:
    """The stable link to one code's entry on docs/codes.md."""
    return f"{CODES_URL}#{anchor}"


class Words:
    """Translates report words into one language (a gettext catalogue behind it)."""

    def __init__(self, lang: str, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        """ "en" or "de"."""
        self._translations = translations

    def __call__(self, msgid: str) -> str:
        """`msgid` in this language."""
        return self._translations.gettext(msgid)

    def plural(self, singular: str, plural: str, n: int) -> str:
        """The form for `n`, with `{n}` filled in ("1 link", "2 Links")."""
        return self._translations.ngettext(singular, plural, n).format(n=n)

    def entry(self, entry: Entry) -> Entry:
        """`entry` with its label, meaning and fix translated (the anchor stays)."""
        return Entry(entry.anchor, self(entry.label), self(entry.meaning), self(entry.fix))

    def status(self, status: LinkStatus) -> str:
        """The word for a link status ("dead", "tot")."""
        return self(STATUSES[status].label)

    def reason(self, reason: str) -> str:
        """A few words for a machine reason; an unknown reason is called that, never shown raw."""
        return self(REASONS.get(reason, UNKNOWN_REASON).label)

    def reason_advice(self, reason: str) -> str:
        """What happened and what to do, for a machine reason (two sentences)."""
        entry = REASONS.get(reason, UNKNOWN_REASON)
        return f"{self(entry.meaning)} {self(entry.fix)}"

    def code(self, code: ProblemCode) -> str:
        """A few words for a problem code ("dead link", "toter Link")."""
        return self(CODES[code].label)

    def code_fix(self, code: ProblemCode) -> str:
        """What to do about a problem (one sentence)."""
        return self(CODES[code].fix)

    def code_advice(self, code: ProblemCode) -> str:
        """What the problem means and what to do (two sentences)."""
        entry = CODES[code]
        return f"{self(entry.meaning)} {self(entry.fix)}"


def words(lang: str | None = None) -> Words:
    """The `Words` for `lang` ("en", "de"; None: from the locale as it is now, see
    `resolve_language`)."""
    return _words(resolve_language(lang))


@cache
def _words(chosen: str) -> Words:
    """The `Words` of a resolved language (each catalogue is read once)."""
    if chosen == "en":
        return Words("en", gettext.NullTranslations())
    translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[chosen], fallback=True)
    return Words(chosen, translations)


def codes_page() -> str:
    """docs/codes.md: every problem code, status and reason with its meaning and fix, at its
    anchor, in English with the German beside it (a test keeps the committed page equal)."""
    de = words("de")
    lines = [
        "# citecheck codes",
        "",
        "Every problem code, link status and reason citecheck reports, what it means and what "
        "to do. The anchors are stable: reports and SARIF `helpUri` link here. German below "
        "each entry (*Deutsch*).",
        "",
    ]
    sections: tuple[tuple[str, Mapping[str, Entry]], ...] = (
        ("Problem codes", {c.value: e for c, e in CODES.items()}),
        ("Link statuses", {s.value: e for s, e in STATUSES.items()}),
        ("Reasons", dict(REASONS)),
    )
    lines += [
        "## Run state",
        "",
        '<a id="run-interrupted"></a>',
        "### interrupted",
        "",
        "The run was stopped (Ctrl-C, SIGTERM) before every link was checked. The report is "
        'written anyway and says so in every format: `"interrupted": true` in JSON, '
        '`executionSuccessful: false` in SARIF, "interrupted: N of M links checked" instead '
        "of a verdict elsewhere; unchecked links are `skipped` with reason `interrupted`, and "
        "the verdict is `fail`.",
        "",
        '<a id="run-offline"></a>',
        "### offline",
        "",
        "The run was made with `--offline`: footnotes were checked, no link was fetched. Every "
        'format says so (`"offline": true` in JSON).',
        "",
        '<a id="run-cached"></a>',
        "### cached",
        "",
        'A verdict from the cache of an earlier run (`"cached": true` and `"checked_at"` '
        'in JSON; "cached, 3 h ago" in the table and Markdown). `--no-cache` or a shorter '
        "`--max-age` fetches again.",
        "",
    ]
    for title, entries in sections:
        lines += [f"## {title}", ""]
        for code, entry in entries.items():
            german = de.entry(entry)
            lines += [
                f'<a id="{entry.anchor}"></a>',
                f"### `{code}`: {entry.label}",
                "",
                f"{entry.meaning} **Fix:** {entry.fix}",
                "",
                f"*{german.label}:* {german.meaning} **Abhilfe:** {german.fix}",
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"
