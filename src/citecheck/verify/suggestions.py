"""What an editor could write instead: a page title for a bare-URL footnote, the target of a
permanent redirect for its URL."""

from __future__ import annotations

from citecheck.models import Footnote, Link, LinkStatus
from citecheck.titles import WORD


def suggestions(footnote: Footnote, link: Link) -> tuple[str | None, str | None]:
    """What an editor could write instead: (suggested_title, suggested_url).

    A footnote that gives only a URL (no cited title, not an ibid) gets the page title as a title
    to add, when the link reached its page (ok or redirect). A permanent redirect (status
    redirect, reason "permanent") gets its final URL as the URL to cite instead.
    """
    title: str | None = None
    if (
        footnote.cited_title is None
        and footnote.ibid_of is None
        and link.status in (LinkStatus.OK, LinkStatus.REDIRECT)
        and link.page_title
        and WORD.search(link.page_title)
    ):
        title = " ".join(link.page_title.split())
    return title, suggested_url(link)


def suggested_url(link: Link) -> str | None:
    """The URL to cite instead: a permanent redirect's final URL, else None."""
    if (
        link.status is LinkStatus.REDIRECT
        and link.reason == "permanent"
        and link.final_url
        and link.final_url != link.url
    ):
        return link.final_url
    return None
