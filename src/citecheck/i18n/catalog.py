"""What every link status, machine reason and problem code means and what to do about it, in
English (the gettext message ids; the German catalogue translates them). Pure data; docs/codes.md
is generated from it (`citecheck.i18n.codes_page`) and a test keeps the page in step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from citecheck.models import LinkStatus, ProblemCode


def N_(msgid: str) -> str:
    """Marks `msgid` for translation where it is defined; translated where it is shown."""
    return msgid


@dataclass(frozen=True, slots=True)
class Entry:
    """The words for one code: a short label, what happened and what to do."""

    anchor: str
    """Its anchor on docs/codes.md (stable: SARIF helpUri and reports link to it)."""
    label: str
    """A few words, shown instead of the raw code."""
    meaning: str
    """One sentence: what happened."""
    fix: str
    """One sentence: what to do."""


def _status(status: LinkStatus, label: str, meaning: str, fix: str) -> tuple[LinkStatus, Entry]:
    return status, Entry("status-" + status.value.replace("_", "-"), label, meaning, fix)


def _reason(reason: str, label: str, meaning: str, fix: str) -> tuple[str, Entry]:
    return reason, Entry("reason-" + reason.replace("_", "-"), label, meaning, fix)


def _code(code: ProblemCode, label: str, meaning: str, fix: str) -> tuple[ProblemCode, Entry]:
    return code, Entry(code.value, label, meaning, fix)


_CHECK_BY_HAND = N_("Open the link in a browser and check the page by hand.")
_FIND_NEW = N_(
    "Find the document's current address on the site or a copy in the Internet Archive "
    "(web.archive.org) and cite that."
)
_NOTHING = N_("Nothing to do.")

STATUSES: Final[Mapping[LinkStatus, Entry]] = MappingProxyType(
    dict(
        [
            _status(LinkStatus.OK, N_("ok"), N_("The link leads to a page."), _NOTHING),
            _status(
                LinkStatus.REDIRECT,
                N_("redirect"),
                N_("The address forwards to another address."),
                N_("If the move is permanent, cite the new address."),
            ),
            _status(
                LinkStatus.DEAD,
                N_("dead"),
                N_("The page or its host no longer exists."),
                _FIND_NEW,
            ),
            _status(
                LinkStatus.SOFT_404,
                N_("soft 404"),
                N_("The server answers, but not with the cited page."),
                _FIND_NEW,
            ),
            _status(
                LinkStatus.BLOCKED,
                N_("blocked"),
                N_("The server did not let citecheck see the page; it may work in a browser."),
                _CHECK_BY_HAND,
            ),
            _status(
                LinkStatus.TIMEOUT,
                N_("timeout"),
                N_("The server did not answer in time."),
                N_("Run citecheck again later or with a longer --timeout."),
            ),
            _status(
                LinkStatus.ERROR,
                N_("error"),
                N_("The link could not be fetched (server error, connection, TLS or bad URL)."),
                N_("Read the reason; correct the URL or cite another copy of the source."),
            ),
            _status(
                LinkStatus.SKIPPED,
                N_("skipped"),
                N_("The link was not fetched (offline, excluded, not a web address, stopped)."),
                N_("Read the reason; nothing is wrong with the link itself."),
            ),
        ]
    )
)
"""The words for every link status."""

REASONS: Final[Mapping[str, Entry]] = MappingProxyType(
    dict(
        [
            _reason(
                "not_found",
                N_("not found"),
                N_("The server says the page does not exist (HTTP 404)."),
                _FIND_NEW,
            ),
            _reason(
                "gone",
                N_("removed"),
                N_("The server says the page was removed for good (HTTP 410)."),
                _FIND_NEW,
            ),
            _reason(
                "no_such_host",
                N_("no such host"),
                N_("The host name in the address does not exist."),
                N_(
                    "Check the spelling of the address; if the site is gone, cite an archived copy."
                ),
            ),
            _reason(
                "dns",
                N_("no such host"),
                N_("The host name in the address does not exist."),
                N_(
                    "Check the spelling of the address; if the site is gone, cite an archived copy."
                ),
            ),
            _reason(
                "dns_failure",
                N_("name lookup failed"),
                N_("The name server did not answer, so the host could not be looked up."),
                N_("Check the network and DNS settings, then run citecheck again."),
            ),
            _reason(
                "timeout",
                N_("no answer in time"),
                N_("The server did not answer within the time limit."),
                N_("Run citecheck again later or with a longer --timeout."),
            ),
            _reason(
                "connection",
                N_("connection failed"),
                N_("The connection to the server was refused or broken off."),
                N_("Check in a browser that the site is up; if it is, check the proxy settings."),
            ),
            _reason(
                "refused",
                N_("connection refused"),
                N_("The server refused the connection."),
                N_("Check in a browser that the site is up; if it is, check the proxy settings."),
            ),
            _reason(
                "reset",
                N_("connection reset"),
                N_("The server broke off the connection."),
                N_("Run citecheck again later; check the link in a browser."),
            ),
            _reason(
                "truncated",
                N_("answer cut off"),
                N_("The server broke off the connection before the page was complete."),
                N_("Run citecheck again later; check the link in a browser."),
            ),
            _reason(
                "protocol",
                N_("garbled answer"),
                N_("The server's answer was not valid HTTP."),
                _CHECK_BY_HAND,
            ),
            _reason(
                "tls",
                N_("certificate or TLS error"),
                N_("No secure connection could be set up (certificate or TLS problem)."),
                N_(
                    "Check the link in a browser; behind a proxy that inspects TLS, point "
                    "SSL_CERT_FILE at its certificate."
                ),
            ),
            _reason(
                "invalid_url",
                N_("malformed URL"),
                N_("The address is not a valid URL (characters, host name or port)."),
                N_("Correct the URL in the footnote: copy it again from the browser."),
            ),
            _reason(
                "too_many_redirects",
                N_("too many redirects"),
                N_("The address forwards more often than citecheck follows."),
                N_("Open it in a browser and cite the address where the page appears."),
            ),
            _reason(
                "redirect_loop",
                N_("redirect loop"),
                N_("The address forwards in a circle and never reaches a page."),
                N_("Open it in a browser; if it loops there too, cite another copy."),
            ),
            _reason(
                "private_address",
                N_("private address"),
                N_("The host has a local or private-network address; citecheck does not fetch it."),
                N_("Cite a public address; use --allow-private only for a trusted intranet."),
            ),
            _reason(
                "unsupported_scheme",
                N_("not a web address"),
                N_("The address is not http or https (mailto:, ftp:, …), so it was not fetched."),
                N_("Nothing to do if intended; otherwise cite a web address."),
            ),
            _reason(
                "excluded",
                N_("excluded"),
                N_("The URL matches an exclude pattern, so it was not fetched."),
                N_("Nothing to do; remove the pattern to check the link."),
            ),
            _reason(
                "interrupted",
                N_("not checked: run stopped"),
                N_("The run was stopped before this link was checked."),
                N_("Run citecheck again to check it."),
            ),
            _reason(
                "offline",
                N_("not fetched: offline"),
                N_("The run was made with --offline, so no link was fetched."),
                N_("Run citecheck without --offline to check the links."),
            ),
            _reason(
                "unauthorized",
                N_("login required"),
                N_("The page asks for a login."),
                N_("Cite a copy everyone can read, or check the link in a browser."),
            ),
            _reason(
                "forbidden",
                N_("access denied"),
                N_("The server refused citecheck access (HTTP 403); a browser may get through."),
                N_("Check it in a browser; if it works, add 403 to accept for this site."),
            ),
            _reason(
                "legal",
                N_("withheld for legal reasons"),
                N_("The server withholds the page for legal reasons (HTTP 451)."),
                N_("Cite another source or an archived copy."),
            ),
            _reason(
                "rate_limited",
                N_("too many requests"),
                N_("The server asked citecheck to slow down (HTTP 429)."),
                N_("Run citecheck again later, or with a lower --per-host."),
            ),
            _reason(
                "bot_protection",
                N_("bot protection"),
                N_("A bot protection (challenge page) stood between citecheck and the page."),
                _CHECK_BY_HAND,
            ),
            _reason(
                "server_error",
                N_("server error"),
                N_("The server failed with an internal error (HTTP 5xx)."),
                N_("Run citecheck again later; if it persists, cite an archived copy."),
            ),
            _reason(
                "client_error",
                N_("request rejected"),
                N_("The server rejected the request (HTTP 4xx)."),
                N_("Check the URL in a browser and correct it in the footnote."),
            ),
            _reason(
                "unexpected_status",
                N_("unexpected answer"),
                N_("The server answered with an unusual HTTP status."),
                _CHECK_BY_HAND,
            ),
            _reason(
                "body_too_large",
                N_("page too large"),
                N_("The page was larger than citecheck reads."),
                _CHECK_BY_HAND,
            ),
            _reason(
                "not_found_text",
                N_("page says “not found”"),
                N_("The server answers, but its page says the document does not exist."),
                _FIND_NEW,
            ),
            _reason(
                "homepage_redirect",
                N_("forwards to the home page"),
                N_("The address now forwards to the site's home page: the cited page is gone."),
                _FIND_NEW,
            ),
            _reason(
                "permanent",
                N_("moved permanently"),
                N_("The address forwards permanently (301/308) to a new address."),
                N_("Cite the new address (shown as “cite instead”)."),
            ),
            _reason(
                "temporary",
                N_("forwarded for now"),
                N_("The address forwards temporarily (302/303/307)."),
                N_("Usually nothing to do; check that the target is still the cited work."),
            ),
            _reason(
                "internal_error",
                N_("internal error"),
                N_("citecheck itself failed on this link (a bug)."),
                N_("Run again with --debug and report the problem."),
            ),
            _reason(
                "accepted_status",
                N_("accepted status"),
                N_("The HTTP status is listed under accept, so the link counts as reached."),
                _NOTHING,
            ),
        ]
    )
)
"""The words for every machine reason a link can carry (classify, check) and every fetch
error kind (which classify folds into a reason, or passes on as the reason)."""

CODES: Final[Mapping[ProblemCode, Entry]] = MappingProxyType(
    dict(
        [
            _code(
                ProblemCode.MISSING_DEFINITION,
                N_("footnote missing"),
                N_("A footnote marker in the text has no footnote."),
                N_("Add the footnote or remove the marker."),
            ),
            _code(
                ProblemCode.UNUSED_DEFINITION,
                N_("footnote never cited"),
                N_("A footnote is not referred to anywhere in the text."),
                N_("Add its marker to the sentence it supports, or delete it."),
            ),
            _code(
                ProblemCode.DUPLICATE_DEFINITION,
                N_("footnote number twice"),
                N_("Two footnotes carry the same number."),
                N_("Renumber the footnotes."),
            ),
            _code(
                ProblemCode.NUMBERING_GAP,
                N_("gap in numbering"),
                N_("The footnote numbers skip a number."),
                N_("Renumber the footnotes or add the missing one."),
            ),
            _code(
                ProblemCode.NUMBERING_ORDER,
                N_("numbering out of order"),
                N_("The footnote numbers are not in ascending order."),
                N_("Renumber the footnotes in reading order."),
            ),
            _code(
                ProblemCode.NO_SOURCE,
                N_("no checkable source"),
                N_("The footnote names no URL or source citecheck can check."),
                N_("Add the source's web address if it has one."),
            ),
            _code(
                ProblemCode.UNCITED_FIGURE,
                N_("figure without footnote"),
                N_("A sentence states a figure but cites no source."),
                N_("Add a footnote with the source of the figure."),
            ),
            _code(
                ProblemCode.NOTHING_FOUND,
                N_("nothing found"),
                N_("The document has no footnotes and no URLs."),
                N_("Check that it is the right file, saved in a format citecheck reads."),
            ),
            _code(
                ProblemCode.DEAD_LINK,
                N_("dead link"),
                N_("A cited URL is gone (404, 410 or no such host)."),
                _FIND_NEW,
            ),
            _code(
                ProblemCode.SOFT_404,
                N_("page not there (soft 404)"),
                N_(
                    "A cited URL answers, but not with the cited page (a not-found page or "
                    "the site's home page)."
                ),
                _FIND_NEW,
            ),
            _code(
                ProblemCode.LINK_ERROR,
                N_("link fails"),
                N_("A cited URL fails: server error, refused connection, TLS or malformed URL."),
                N_("Read the reason; correct the URL or cite another copy of the source."),
            ),
            _code(
                ProblemCode.BLOCKED_LINK,
                N_("link not verifiable"),
                N_("A cited URL cannot be verified: access denied, rate limit or bot protection."),
                _CHECK_BY_HAND,
            ),
            _code(
                ProblemCode.LINK_TIMEOUT,
                N_("link timed out"),
                N_("A cited URL did not answer in time."),
                N_("Run citecheck again later or with a longer --timeout."),
            ),
            _code(
                ProblemCode.REDIRECTED_LINK,
                N_("link forwards"),
                N_("A cited URL forwards to a different address."),
                N_("If the move is permanent, cite the new address."),
            ),
            _code(
                ProblemCode.TITLE_MISMATCH,
                N_("different title"),
                N_("The page behind the link is not the work the footnote names."),
                N_("Check that the link leads to the cited work; correct the link or the title."),
            ),
            _code(
                ProblemCode.TITLE_TYPO,
                N_("typo in title"),
                N_("The cited title differs from the page's title by a typo."),
                N_("Correct the spelling of the title."),
            ),
            _code(
                ProblemCode.UNREADABLE_DOCUMENT,
                N_("unreadable document"),
                N_("A file in the checked folder could not be read as a document."),
                N_(
                    "Save it as UTF-8 text, Markdown, PDF with a text layer, DOCX or HTML, or "
                    "leave it out with --exclude-path."
                ),
            ),
            _code(
                ProblemCode.URL_LINE_BREAK,
                N_("URL read across a line break"),
                N_(
                    "The URL is printed across a line break and reads two ways; the first "
                    "reading failed and another one answers, so that one was checked."
                ),
                N_("Print the URL on one line, or check that the reading used is the one meant."),
            ),
            _code(
                ProblemCode.FIGURE_NOT_IN_SOURCE,
                N_("figure not in source"),
                N_("A figure of the citing sentence was not found in the source."),
                N_("Check the figure against the source; correct it or cite the right source."),
            ),
            _code(
                ProblemCode.YEAR_MISMATCH,
                N_("different year"),
                N_("A cited year differs from the year in the URL or the page title."),
                N_("Check which edition is meant and correct the year or the link."),
            ),
            _code(
                ProblemCode.SOURCE_CHANGED,
                N_("source changed"),
                N_(
                    "The live page no longer has what the citing sentence quotes (a figure, "
                    "its title), but the archived copy from the time it was cited has it."
                ),
                N_("Cite the archived copy, or update the sentence to what the source says now."),
            ),
        ]
    )
)
"""The words for every problem code."""

UNKNOWN_REASON: Final = Entry(
    "reason-other",
    N_("other reason"),
    N_("citecheck gave a reason it has no words for."),
    _CHECK_BY_HAND,
)
"""The words for a reason missing from `REASONS` (a raw code is never shown instead)."""
