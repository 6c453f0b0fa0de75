"""The problem messages of the checks in the reader's language: the pure core writes each
message in English from one of the templates below; `translate_message` recognises the template
and fills in its German form. Pure (stdlib re); the templates are the gettext message ids.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Final

from citecheck.i18n.catalog import N_

if TYPE_CHECKING:
    from citecheck.i18n import Words

__all__ = ["TEMPLATES", "translate_message"]

TEMPLATES: Final = (
    # parse/structure.py
    N_("figure „{figure}“ stated without a footnote"),
    N_("marker {number} has no definition"),
    N_("footnote numbering starts at {number}, not 1"),
    N_("footnote {number} follows {previous}"),
    N_("footnote {number} comes after footnote {previous}"),
    N_("footnote {number} is defined twice (first on line {line})"),
    N_("footnote {number} is never cited in the body"),
    N_("footnote {number} gives no URL to check"),
    # verify/footnote.py
    N_("„{figure}“ from the citing sentence was not found in the source of footnote {number}."),
    # verify/years.py
    N_("The motion names „{named}“, but the source's page title names the {year} edition."),
    N_("The motion names „{named}“, but the source's URL names the {year} edition."),
    N_("The cited title „{title}“ says {cited}, but the source's page title says {source}."),
    N_("The cited title „{title}“ says {cited}, but the source's URL says {source}."),
    # titles/compare.py
    N_(
        "Cited title „{cited}“ has a typo: „{wrong}“ where the page says „{right}“ "
        "(page title „{page}“)."
    ),
    N_("Cited title „{cited}“ does not match the page title „{page}“ (similarity {score})."),
    # check.py
    N_(
        "No footnotes and no URLs found: is this the right document, saved in a format "
        "citecheck reads?"
    ),
)
"""Every message shape of the checks' problems that is not about one link (a link problem's
words are built from its link by the renderers), as written in English."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template as a regular expression whose named groups are its placeholders."""
    patterns = []
    for template in TEMPLATES:
        pieces = _PLACEHOLDER.split(template)
        regex = "".join(
            re.escape(piece) if i % 2 == 0 else f"(?P<{piece}>.+?)"
            for i, piece in enumerate(pieces)
        )
        patterns.append((re.compile(regex, re.DOTALL), template))
    return tuple(patterns)


def translate_message(message: str, tr: Words) -> str:
    """`message` in `tr`'s language when it has the shape of one of `TEMPLATES` (its values
    kept as written), else `message` as it is (English, e.g. an unreadable file's error)."""
    if tr.lang == "en":
        return message
    for pattern, template in _patterns():
        match = pattern.fullmatch(message)
        if match is not None:
            return tr(template).format(**match.groupdict())
    return message
