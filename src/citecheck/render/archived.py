"""How a report shows a link's archived copy (`Link.archive`): the words next to the link, in the
report's language; the URL itself is the renderer's to place."""

from __future__ import annotations

from citecheck.archive import capture_date
from citecheck.i18n import Words
from citecheck.models import Link

__all__ = ["archive_label"]


def archive_label(link: Link, tr: Words) -> str | None:
    """ "archived copy of 3 Mar 2024 (verified)" ("archivierte Kopie vom 3.3.2024 (geprüft)"),
    or "(not verified)" for a capture that is no usable page; None without a copy."""
    copy = link.archive
    if copy is None:
        return None
    stamp = copy.timestamp
    date = (
        capture_date(stamp)
        if tr.lang == "en"
        else f"{int(stamp[6:8])}.{int(stamp[4:6])}.{stamp[:4]}"
    )
    if copy.verified:
        return tr("archived copy of {date} (verified)").format(date=date)
    return tr("archived copy of {date} (not verified)").format(date=date)
