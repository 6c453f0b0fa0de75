"""Suggestions for editors (`verify.suggestions`)."""

from __future__ import annotations

import pytest

from citecheck.models import (
    Footnote,
    Link,
    LinkStatus,
)
from citecheck.verify import suggestions

from ._support import _footnote


def test_bare_url_footnote_gets_page_title() -> None:
    link = Link(url="https://example.org/a", status=LinkStatus.OK, page_title="Ideale  Partner")
    assert suggestions(_footnote(), link) == ("Ideale Partner", None)


@pytest.mark.parametrize(
    ("footnote", "link"),
    [
        (_footnote(cited="Schon zitiert"), Link(url="u", status=LinkStatus.OK, page_title="T")),
        (_footnote(ibid_of=3), Link(url="u", status=LinkStatus.OK, page_title="T")),
        (_footnote(), Link(url="u", status=LinkStatus.OK, page_title=None)),
        (_footnote(), Link(url="u", status=LinkStatus.SOFT_404, page_title="Seite nicht gefunden")),
        (_footnote(), Link(url="u", status=LinkStatus.DEAD, page_title="404")),
    ],
)
def test_no_title_suggestion(footnote: Footnote, link: Link) -> None:
    assert suggestions(footnote, link)[0] is None


def test_permanent_redirect_suggests_final_url() -> None:
    link = Link(
        url="http://example.org/a",
        status=LinkStatus.REDIRECT,
        reason="permanent",
        final_url="https://example.org/b",
        page_title="T",
    )
    assert suggestions(_footnote(cited="T"), link) == (None, "https://example.org/b")


@pytest.mark.parametrize("reason", ["temporary", None])
def test_temporary_redirect_suggests_no_url(reason: str | None) -> None:
    link = Link(url="u", status=LinkStatus.REDIRECT, reason=reason, final_url="https://e.org/b")
    assert suggestions(_footnote(cited="T"), link)[1] is None
