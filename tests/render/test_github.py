"""GitHub workflow commands: golden file, line-by-line structure and escaping."""

from __future__ import annotations

import re

import pytest

from citecheck.i18n import words
from citecheck.models import LinkStatus, ProblemCode
from citecheck.render.github import GithubRenderer, escape_data, escape_property

from ._golden import assert_golden
from ._reports import (
    clean_report,
    inline_report,
    offline_report,
    paged_report,
    sample_report,
)

# How the Actions runner reads a command: ::name key=value,key=value::message
_COMMAND = re.compile(r"::(?P<cmd>error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)")


def _unescape(value: str) -> str:
    """What the runner decodes (the inverse of the escapes; %25 last)."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    """Split a command line like the runner: properties at commas, then key=value; the
    message's first line (the finding; the second says what to do)."""
    cmd, props, message = _parse_whole(line)
    return cmd, props, message.split("\n")[0]


def _parse_whole(line: str) -> tuple[str, dict[str, str], str]:
    """Split a command line like the runner: properties at commas, then key=value."""
    match = _COMMAND.fullmatch(line)
    assert match, line
    props = dict(p.split("=", 1) for p in match["props"].split(","))
    return match["cmd"], {k: _unescape(v) for k, v in props.items()}, _unescape(match["msg"])


_LABELS = {words("en").code(code): code for code in ProblemCode}


def test_golden() -> None:
    assert_golden("report.github.txt", GithubRenderer().render(sample_report()))


def test_every_finding_is_one_command_with_file_line_and_footnote() -> None:
    report = sample_report()
    lines = GithubRenderer().render(report).splitlines()
    commands = [_parse(line) for line in lines[:-1]]
    expected = [
        (fn, p)
        for d in report.documents
        for fn, p in [(None, p) for p in d.problems]
        + [(f, p) for f in d.footnotes for p in f.problems]
    ]
    assert len(commands) == len(expected) == 15
    by_severity = {"error": "error", "warning": "warning", "notice": "info"}
    for cmd, props, message in commands:
        assert props["file"] in {"motions/antrag japan.md", "pressemitteilung.txt"}
        title = re.fullmatch(r"citecheck: (.+?)(?: \(footnote (\d+)\))?", props["title"])
        assert title, props["title"]
        code = _LABELS[title[1]].value  # a real problem code, in words
        severity = {p.code.value: p.severity.value for _, p in expected}[code]
        assert by_severity[cmd] == severity
        if code != "nothing-found":
            assert props["line"].isdigit()
        if title[2] is not None:
            assert message.startswith(f"Footnote {title[2]}: ")
    # the dead link: error at the footnote's line, with its number
    assert (
        "error",
        {
            "file": "motions/antrag japan.md",
            "line": "32",
            "title": "citecheck: dead link (footnote 3)",
        },
        "Footnote 3: https://example.org/weg is dead (404)",
    ) in commands


def test_every_annotation_says_what_to_do() -> None:
    lines = GithubRenderer().render(sample_report()).splitlines()[:-1]
    whole = {_parse_whole(line)[2].split("\n")[0]: _parse_whole(line)[2] for line in lines}
    dead = whole["Footnote 3: https://example.org/weg is dead (404)"]
    assert dead.split("\n")[1].startswith("The server says the page does not exist (HTTP 404).")
    typo = whole["Footnote 10: title typo: „Zeitwende“ should be „Zeitenwende“"]
    assert typo.split("\n")[1] == "Correct the spelling of the title."
    german = GithubRenderer(lang="de").render(sample_report())
    assert "title=citecheck%3A toter Link (Fußnote 3)" in german
    assert "Korrigieren Sie die Schreibweise des Titels." in german


def test_lines_are_in_document_then_line_order() -> None:
    commands = [_parse(line) for line in GithubRenderer().render(sample_report()).splitlines()[:-1]]
    motion = [int(p["line"]) for _, p, _ in commands if p["file"].startswith("motions/")]
    assert motion == sorted(motion)
    assert commands[-1][1]["file"] == "pressemitteilung.txt"
    assert "line" not in commands[-1][1]


def test_summary_line_is_not_a_command() -> None:
    last = GithubRenderer().render(sample_report()).splitlines()[-1]
    assert not last.startswith("::")
    assert last == (
        "citecheck 0.1.0: 4 errors, 8 warnings, 3 notes (3 documents, 12 footnotes, 11 links)"
        " — fail (fail on: error)"
    )


def test_newlines_and_percent_cannot_break_out() -> None:
    text = GithubRenderer().render(sample_report())
    line = next(line for line in text.splitlines() if "figure without footnote" in line)
    _cmd, _props, message = _parse_whole(line)
    assert message == (
        "figure „44,2 Mrd. Euro“ stated without a footnote\nsecond line %0A"
        "\nAdd a footnote with the source of the figure."
    )
    assert "%0Asecond line %250A" in line
    assert len(text.splitlines()) == 16


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("50 %", "50 %25", "50 %25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b, c", "a:b, c", "a%3Ab%2C c"),
        ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_escapes(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop
    assert _unescape(prop) == raw


def test_properties_with_comma_and_colon_stay_one_property() -> None:
    line = next(
        line
        for line in GithubRenderer().render(sample_report()).splitlines()
        if "no checkable source" in line
    )
    cmd, _props, message = _parse(line)
    assert cmd == "notice"
    assert message == "Footnote 11: footnote names no source, 50 % | a:b, c"


def test_clean_report_has_only_the_summary() -> None:
    assert GithubRenderer().render(clean_report()) == (
        "citecheck 0.1.0: no findings (1 document, 1 footnote, 1 link) — pass (fail on: error)\n"
    )


def test_offline_report() -> None:
    lines = GithubRenderer().render(offline_report()).splitlines()
    assert lines[0].startswith(
        "::warning file=antrag.md,line=9,title=citecheck%3A footnote never cited::"
        "footnote 1 is never cited%0A"
    )
    assert offline_report().documents[0].footnotes[0].links[0].status is LinkStatus.SKIPPED
    # The run state is an annotation of its own, and the summary names it too.
    assert lines[1] == "::notice title=citecheck%3A offline::offline: links were not fetched"
    assert lines[2].endswith("offline: links were not fetched")


def test_pdf_page_goes_into_the_message() -> None:
    lines = GithubRenderer().render(paged_report()).splitlines()
    commands = [_parse(line) for line in lines[:-1]]
    assert not paged_report().offline and not paged_report().interrupted
    assert [(props["line"], message) for _, props, message in commands] == [
        ("12", "Footnote 1 (p. 1): the sentence names 2021, the page 2023"),
        ("33", "marker 3 has no footnote"),
        ("40", "Footnote 1 (p. 2): https://example.org/weg is dead (404)"),
    ]
    # The annotation's properties stay file, line and title.
    assert all(set(props) == {"file", "line", "title"} for _, props, _ in commands)


def test_link_in_the_text_is_an_error_at_its_file_and_line() -> None:
    lines = GithubRenderer().render(inline_report()).splitlines()
    command, props, message = _parse(lines[0])
    assert command == "error"
    assert props == {
        "file": "kleine-anfrage.pdf",
        "line": "18",
        "title": "citecheck: dead link",
    }
    assert message.startswith("Dead link in the text: https://") and message.endswith("(p. 1)")
    assert "(1 document, 0 footnotes, 2 links)" in lines[1]
