"""classify(): every status and reason from constructed `Fetched` values (pure, no server)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.classify import (
    _LONGER_THAN_SHORT,
    ERROR_KINDS,
    SHORT_PAGE_WORDS,
    _title_says_not_found,
    classify,
    says_not_found,
)
from citecheck.models import ErrorKind, Fetched, LinkStatus, Reason, Redirect

URL = "https://www.example.de/themen/bericht-2024.html"


def page(
    status: int = 200,
    title: str | None = "Bericht 2024",
    text: str = "Ein ganz normaler Bericht mit Inhalt.",
    url: str = URL,
    final_url: str | None = None,
    redirects: tuple[Redirect, ...] = (),
    headers: tuple[tuple[str, str], ...] = (),
    extra_titles: tuple[str, ...] = (),
) -> Fetched:
    titles = ((title,) if title else ()) + extra_titles
    return Fetched(
        url=url,
        final_url=final_url or url,
        http_status=status,
        redirects=redirects,
        content_type="text/html",
        headers=headers,
        page_title=title,
        title_candidates=titles,
        text_excerpt=text,
    )


def failed(kind: ErrorKind) -> Fetched:
    return Fetched(url=URL, error_kind=kind)


def test_plain_200_is_ok():
    assert classify(page()) == (LinkStatus.OK, None)


def test_204_and_other_2xx_are_ok():
    assert classify(page(status=204, title=None, text="")) == (LinkStatus.OK, None)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("dns", (LinkStatus.DEAD, "no_such_host")),
        ("timeout", (LinkStatus.TIMEOUT, "timeout")),
        ("refused", (LinkStatus.ERROR, "connection")),
        ("reset", (LinkStatus.ERROR, "connection")),
        ("protocol", (LinkStatus.ERROR, "connection")),
        ("tls", (LinkStatus.ERROR, "tls")),
        ("invalid_url", (LinkStatus.ERROR, "invalid_url")),
        ("too_many_redirects", (LinkStatus.ERROR, "too_many_redirects")),
        ("redirect_loop", (LinkStatus.ERROR, "redirect_loop")),
        ("private_address", (LinkStatus.SKIPPED, "private_address")),
        ("unsupported_scheme", (LinkStatus.SKIPPED, "unsupported_scheme")),
        ("truncated", (LinkStatus.ERROR, "reset")),
        ("internal", (LinkStatus.ERROR, "internal_error")),
    ],
)
def test_transport_failures(kind, expected):
    assert classify(failed(ErrorKind(kind))) == expected


def test_every_error_kind_has_a_verdict():
    # Exhaustive: a new ErrorKind without a row in ERROR_KINDS fails here, not in a run.
    assert set(ERROR_KINDS) == set(ErrorKind)
    assert all(isinstance(reason, Reason) for _status, reason in ERROR_KINDS.values())


def test_reasons_and_error_kinds_keep_their_contract_strings():
    # JSON carries the values; StrEnum members compare equal to them.
    assert Reason.NOT_FOUND_TEXT == "not_found_text" and ErrorKind.DNS == "dns"
    assert [kind.value for kind in ErrorKind] == [kind.name.lower() for kind in ErrorKind]
    assert [reason.value for reason in Reason] == [reason.name.lower() for reason in Reason]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (404, (LinkStatus.DEAD, "not_found")),
        (410, (LinkStatus.DEAD, "gone")),
        (401, (LinkStatus.BLOCKED, "unauthorized")),
        (403, (LinkStatus.BLOCKED, "forbidden")),
        (451, (LinkStatus.BLOCKED, "legal")),
        (429, (LinkStatus.BLOCKED, "rate_limited")),
        (999, (LinkStatus.BLOCKED, "bot_protection")),
        (500, (LinkStatus.ERROR, "server_error")),
        (503, (LinkStatus.ERROR, "server_error")),
        (400, (LinkStatus.ERROR, "client_error")),
        (405, (LinkStatus.ERROR, "client_error")),
        (300, (LinkStatus.ERROR, "unexpected_status")),
    ],
)
def test_http_statuses(status, expected):
    assert classify(page(status=status, title=f"Status {status}", text="")) == expected


def test_no_status_and_no_error_is_a_connection_error():
    assert classify(Fetched(url=URL)) == (LinkStatus.ERROR, "connection")


# --- soft 404 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Seite nicht gefunden",
        "Seite nicht gefunden - Bundesministerium des Innern",
        "Fehler 404: Seite nicht gefunden",
        "404 – Seite nicht gefunden",
        "Bundesamt | 404",
        "Page not found | Example Agency",
        "Oops! Page not found",
        "404 Not Found",
        "Error 404",
        "Die angeforderte Seite existiert nicht",
        "Diese Seite existiert nicht mehr",
        "Dieser Artikel ist nicht mehr verfügbar",
        "Inhalt nicht verfügbar – Tagesschau",
    ],
)
def test_not_found_titles_are_soft_404(title):
    assert classify(page(title=title, text="x " * 1000)) == (LinkStatus.SOFT_404, "not_found_text")


def test_not_found_h1_is_soft_404():
    fetched = page(title="Landesamt für Statistik", extra_titles=("Seite nicht gefunden",))
    assert classify(fetched) == (LinkStatus.SOFT_404, "not_found_text")


@pytest.mark.parametrize(
    "text",
    [
        "Hinweis Die angeforderte Seite konnte nicht gefunden werden. Zur Startseite",
        "Sorry, we couldn't find that page. Try the search.",
        "The page you requested does not exist.",
        "Diese Seite gibt es nicht.",
        "Der Inhalt ist nicht mehr verfügbar.",
    ],
)
def test_short_page_saying_not_found_is_soft_404(text):
    fetched = page(title="Landesamt für Statistik", text=text)
    assert classify(fetched) == (LinkStatus.SOFT_404, "not_found_text")


@pytest.mark.parametrize(
    "title",
    [
        "HTTP 404 erklärt: Was bedeutet „Seite nicht gefunden“? | Webwissen",
        "What is a 404 error? How to fix 'Page not found'",
        "Warum so viele Behördenseiten nicht gefunden werden – eine Analyse",
        "HTTP 404 – Wikipedia",
    ],
)
def test_article_about_404_is_not_soft_404(title):
    long_text = "Der Statuscode 404 bedeutet Seite nicht gefunden, Page not found. " * 60
    assert classify(page(title=title, text=long_text)) == (LinkStatus.OK, None)


def test_phrase_in_a_long_page_body_alone_is_not_soft_404():
    text = "Bericht " * 400 + "Fehler 404: Seite nicht gefunden (Zitat eines Nutzers)."
    assert not says_not_found(page(title="Bericht", text=text))


def test_soft_404_text_beats_redirect():
    fetched = page(
        title="Seite nicht gefunden",
        final_url="https://www.example.de/404.html",
        redirects=(Redirect(URL, 302),),
    )
    assert classify(fetched) == (LinkStatus.SOFT_404, "not_found_text")


@pytest.mark.parametrize(
    "home",
    [
        "https://www.example.de/",
        "https://www.example.de",
        "https://www.example.de/index.html",
        "https://www.example.de/de/",
        "https://www.example.de/en",
        "https://www.example.de/DE/Startseite/startseite_node.html",
        "https://www.example.de/DE/Home/home_node.html",
    ],
)
def test_deep_url_redirected_to_home_is_soft_404(home):
    fetched = page(title="Startseite", final_url=home, redirects=(Redirect(URL, 301),))
    assert classify(fetched) == (LinkStatus.SOFT_404, "homepage_redirect")


def test_home_page_redirecting_to_language_home_is_not_soft_404():
    fetched = page(
        url="https://www.example.de/",
        final_url="https://www.example.de/de/",
        redirects=(Redirect("https://www.example.de/", 302),),
    )
    assert classify(fetched)[0] is not LinkStatus.SOFT_404


def test_redirect_to_a_page_that_is_not_home_is_a_redirect():
    fetched = page(final_url="https://www.example.de/ok", redirects=(Redirect(URL, 301),))
    assert classify(fetched) == (LinkStatus.REDIRECT, "permanent")


# --- redirects --------------------------------------------------------------------------------

NEW = "https://www.example.de/archiv/bericht-2024.html"


@pytest.mark.parametrize(
    ("statuses", "reason"),
    [
        ((301,), "permanent"),
        ((308,), "permanent"),
        ((302,), "temporary"),
        ((303,), "temporary"),
        ((307,), "temporary"),
        ((301, 302), "temporary"),
        ((302, 301), "temporary"),
        ((301, 308), "permanent"),
    ],
)
def test_redirect_reason(statuses, reason):
    hops = [URL] + [f"https://www.example.de/step{i}" for i in range(1, len(statuses))]
    redirects = tuple(Redirect(u, s) for u, s in zip(hops, statuses, strict=True))
    fetched = page(final_url=NEW, redirects=redirects)
    assert classify(fetched) == (LinkStatus.REDIRECT, reason)


@pytest.mark.parametrize(
    ("start", "final"),
    [
        ("http://example.de/a/b", "https://example.de/a/b"),  # https upgrade
        ("https://example.de/a/b", "https://example.de/a/b/"),  # trailing slash
        ("https://example.de/a/b/", "https://example.de/a/b"),  # slash removed
        ("https://example.de/a/b", "https://www.example.de/a/b"),  # www. added
        ("https://www.example.de/a/b", "https://example.de/a/b"),  # www. removed
        ("http://example.de:80/a", "https://EXAMPLE.de/a"),  # default port, host case
    ],
)
def test_trivial_hops_stay_ok_and_are_recorded(start, final):
    redirects = (Redirect(start, 301),)
    fetched = page(url=start, final_url=final, redirects=redirects)
    assert classify(fetched) == (LinkStatus.OK, None)
    assert fetched.redirects == redirects


def test_trivial_then_temporary_hop_is_temporary():
    # http→https (301, trivial) then a temporary move: the move decides.
    redirects = (
        Redirect("http://example.de/a", 301),
        Redirect("https://example.de/a", 302),
    )
    fetched = page(url="http://example.de/a", final_url="https://example.de/b", redirects=redirects)
    assert classify(fetched) == (LinkStatus.REDIRECT, "temporary")


def test_query_change_is_not_trivial():
    redirects = (Redirect("https://example.de/a?id=1", 301),)
    fetched = page(
        url="https://example.de/a?id=1", final_url="https://example.de/a?id=2", redirects=redirects
    )
    assert classify(fetched) == (LinkStatus.REDIRECT, "permanent")


# --- bot walls --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [200, 403, 503])
def test_cf_mitigated_header_is_bot_protection(status):
    fetched = page(status=status, headers=(("cf-mitigated", "challenge"),))
    assert classify(fetched) == (LinkStatus.BLOCKED, "bot_protection")


@pytest.mark.parametrize("status", [200, 403, 429, 503])
def test_recognised_challenge_vendor_is_bot_protection(status):
    fetched = dataclasses.replace(page(status=status), challenge="datadome")
    assert classify(fetched) == (LinkStatus.BLOCKED, "bot_protection")


@pytest.mark.parametrize("title", ["Just a moment...", "Attention Required! | Cloudflare"])
def test_challenge_title_on_403_is_bot_protection(title):
    assert classify(page(status=403, title=title, text="")) == (
        LinkStatus.BLOCKED,
        "bot_protection",
    )


def test_article_quoting_just_a_moment_is_not_a_bot_wall():
    fetched = page(title="Why Cloudflare says 'Just a moment...'", text="Just a moment... " * 5)
    assert classify(fetched) == (LinkStatus.OK, None)


def test_akamai_access_denied_text_is_bot_protection():
    text = (
        'Access Denied You don\'t have permission to access "http://www.example.com/x.pdf" '
        "on this server. Reference #18.5a6c2c17.1700000000.1f2e3d4c"
    )
    fetched = page(status=403, title="Access Denied", text=text)
    assert classify(fetched) == (LinkStatus.BLOCKED, "bot_protection")


def test_plain_403_is_forbidden_not_bot_protection():
    fetched = page(status=403, title="403 Forbidden", text="Forbidden")
    assert classify(fetched) == (LinkStatus.BLOCKED, "forbidden")


def test_every_reason_is_produced():
    # No dead entries: classify gives every Reason but those `check` sets for links it does not
    # classify (not fetched, or vouched for by --accept).
    produced = {reason for _status, reason in ERROR_KINDS.values()}
    samples = [page(status=code, title=None, text="") for code in (300, 400, 401, 403, 404)]
    samples += [page(status=code, title=None, text="") for code in (410, 429, 451, 500, 999)]
    samples += [
        page(title="Seite nicht gefunden"),
        page(final_url="https://www.example.de/", redirects=(Redirect(URL, 301),)),
        page(final_url=NEW, redirects=(Redirect(URL, 301),)),
        page(final_url=NEW, redirects=(Redirect(URL, 302),)),
        Fetched(url=URL),
    ]
    produced |= {classify(fetched)[1] for fetched in samples}
    by_check = {Reason.OFFLINE, Reason.EXCLUDED, Reason.INTERRUPTED, Reason.ACCEPTED_STATUS}
    assert produced - {None} | by_check == set(Reason)


# --------------------------------------------------------------------------- cheaper, the same
# `says_not_found` lets a title without any not-found word go after one search, and counts a
# page's words with one pattern; the former forms are kept here as the reference.


def _title_says_not_found_before(title: str) -> bool:
    """`classify._title_says_not_found` without its first search (`_MAY_SAY_NOT_FOUND`)."""
    from citecheck.classify import _NOT_FOUND, _NOT_FOUND_TITLES, _TITLE_FILLERS, _TITLE_SEPARATORS
    from citecheck.classify import _WORD as WORD

    for segment in _TITLE_SEPARATORS.split(title):
        cleaned = " ".join(WORD.findall(segment.casefold()))
        if not cleaned:
            continue
        if cleaned in _NOT_FOUND_TITLES:
            return True
        if _NOT_FOUND.search(segment) is None:
            continue
        rest = _NOT_FOUND.sub(" ", segment).casefold()
        if "?" not in rest and all(word in _TITLE_FILLERS for word in WORD.findall(rest)):
            return True
    return False


def _longer_than_short_before(text: str) -> bool:
    """More than SHORT_PAGE_WORDS words in the first 20,000 characters, counted one by one."""
    from itertools import islice

    from citecheck.classify import _WORD as WORD

    return next(islice(WORD.finditer(text, 0, 20_000), SHORT_PAGE_WORDS, None), None) is not None


_PHRASES = (
    "Seite nicht gefunden",
    "404",
    "Fehler 404: Seite nicht gefunden",
    "Oops! Page not found",
    "NOT FOUND",
    "Error",
    "FEHLER",
    "Was bedeutet Fehler 404?",
    "The page you requested does not exist",
    "We couldn't find that page",
    "Content is no longer available",
    "Inhalt nicht mehr verfügbar",
    "Diese Seite existiert nicht mehr",
    "Zeitenwende in Japan",
    "Notfallplan 2024",
    "Nichtraucherschutz",
    "Existenzgründung",
    "Findelkind",
    "Available Now",
    "Sorry",
    "ſeite nicht gefunden",
    "SEİTE NİCHT GEFUNDEN",
    "fınd",
    "Ｎot found",
)


@pytest.mark.parametrize("phrase", _PHRASES)
@pytest.mark.parametrize("shape", ["{}", "{} | BMI", "Startseite – {}", "{}: Bundestag", "x {} y"])
def test_title_signal_as_before(phrase: str, shape: str) -> None:
    title = shape.format(phrase)
    assert _title_says_not_found(title) == _title_says_not_found_before(title)


@given(st.text(alphabet=st.sampled_from(list("nicht404otexsfdavlbERrogu |–:?!ſıİK")), max_size=40))
@settings(max_examples=500)
def test_title_signal_as_before_on_any_mix(title: str) -> None:
    assert _title_says_not_found(title) == _title_says_not_found_before(title)


@pytest.mark.parametrize("words", [0, 1, 299, 300, 301, 302, 5000])
@pytest.mark.parametrize("gap", [" ", " – ", "\n\n", "-", "."])
def test_short_page_count_as_before(words: int, gap: str) -> None:
    text = gap.join(f"wort{i % 7}" for i in range(words))
    assert (_LONGER_THAN_SHORT.match(text, 0, 20_000) is not None) == _longer_than_short_before(
        text
    )
    padded = "!" * 19_990 + text  # words past the 20,000 characters are not counted
    assert (_LONGER_THAN_SHORT.match(padded, 0, 20_000) is not None) == _longer_than_short_before(
        padded
    )


@given(st.text(alphabet=st.sampled_from(list("ab1_ ÄĳΩ.-\n\t")), min_size=0, max_size=1200))
@settings(max_examples=200)
def test_short_page_count_as_before_on_any_text(text: str) -> None:
    counted = _LONGER_THAN_SHORT.match(text * 2, 0, 20_000) is not None
    assert counted == _longer_than_short_before(text * 2)


_TRICKY = "nicht404otexsfdavlbERrogu ſıİKΣςµ\u212a"  # \u212a: the Kelvin sign, re's "k"


@given(st.text(alphabet=st.sampled_from(list(_TRICKY)), max_size=30))
@settings(max_examples=500)
def test_title_words_looked_up_in_the_case_key_as_the_pattern_finds_them(title: str) -> None:
    """The substring tests on `case_key(title)` say what `_MAY_SAY_NOT_FOUND.search` says."""
    from citecheck.classify import _MAY_SAY_NOT_FOUND, _MAY_SAY_WORDS
    from citecheck.titles.affixes import case_key

    keyed = case_key(title)
    found = any(word in keyed for word in _MAY_SAY_WORDS)
    assert found == (_MAY_SAY_NOT_FOUND.search(title) is not None)


def test_latin1_word_table_is_the_patterns_word_characters() -> None:
    from citecheck.classify import _LATIN1_WORDS

    for code in range(256):
        is_word = re.fullmatch(r"\w", chr(code)) is not None
        assert (_LATIN1_WORDS[code] == code and code != 0x20) == is_word, hex(code)
        assert is_word or _LATIN1_WORDS[code] == 0x20


@pytest.mark.parametrize("words", [0, 1, 299, 300, 301, 302, 600, 5000])
@pytest.mark.parametrize("gap", [" ", " – ", "„ “", "\n\n", "-", ".", "ĳ", " ĳ "])
@pytest.mark.parametrize("lead", ["", "„", "!" * 3_000, "ĳ " * 2_000, "!" * 19_990])
def test_word_count_as_the_pattern_counts(words: int, gap: str, lead: str) -> None:
    from citecheck.classify import longer_than_short

    text = lead + gap.join(f"wort{i % 7}" for i in range(words))
    assert longer_than_short(text) == (_LONGER_THAN_SHORT.match(text, 0, 20_000) is not None)
    assert longer_than_short(text) == _longer_than_short_before(text)


@given(
    st.text(alphabet=st.sampled_from(list("ab1_ ÄĳΩ.-\n\t„–€ł")), min_size=0, max_size=1500),
    st.integers(min_value=1, max_value=8),
)
@settings(max_examples=300, deadline=None)
def test_word_count_as_the_pattern_counts_on_any_text(text: str, times: int) -> None:
    from citecheck.classify import longer_than_short

    counted = _LONGER_THAN_SHORT.match(text * times, 0, 20_000) is not None
    assert longer_than_short(text * times) == counted
