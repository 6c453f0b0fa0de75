"""Configuration: discovery, precedence, every key and its effect, unknown keys, wrong types,
--print-config."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from citecheck.accept import IgnoreRule
from citecheck.config import (
    COMMAND_LINE,
    DEFAULT,
    KEYS,
    Config,
    Overrides,
    config_start,
    find_config_file,
    format_config,
    parse_duration,
    read_config_file,
    resolve,
    validate,
)
from citecheck.errors import ConfigError
from citecheck.models import FailOn, ProblemCode
from citecheck.options import (
    ARCHIVE_MODE_DEFAULT,
    ArchiveMode,
    CheckOptions,
    FetchOptions,
    HostOverride,
    find_override,
)
from citecheck.render import OutputFormat


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(name="tree")
def _tree(tmp_path: Path) -> Path:
    """repo/pyproject.toml with the table, repo/motions/2025/ without any file."""
    _write(
        tmp_path / "repo" / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.citecheck]\ntimeout = 5\n',
    )
    (tmp_path / "repo" / "motions" / "2025").mkdir(parents=True)
    return tmp_path / "repo"


# --- discovery ---------------------------------------------------------------------------


def test_found_from_the_documents_folder_upwards(tree: Path) -> None:
    assert find_config_file(tree / "motions" / "2025") == tree / "pyproject.toml"
    assert resolve(start=tree / "motions" / "2025").config.timeout == 5.0


def test_pyproject_without_the_table_is_skipped(tree: Path) -> None:
    inner = _write(tree / "motions" / "pyproject.toml", "[tool.ruff]\nline-length = 80\n")
    assert find_config_file(inner.parent / "2025") == tree / "pyproject.toml"


def test_closest_file_wins(tree: Path) -> None:
    own = _write(tree / "motions" / "pyproject.toml", "[tool.citecheck]\ntimeout = 7\n")
    assert find_config_file(tree / "motions" / "2025") == own
    assert resolve(start=tree / "motions" / "2025").config.timeout == 7.0


def test_citecheck_toml_wins_over_pyproject_in_the_same_folder(tree: Path) -> None:
    own = _write(tree / "citecheck.toml", "timeout = 9\n")
    assert find_config_file(tree / "motions") == own
    assert resolve(start=tree).config.timeout == 9.0


def test_empty_citecheck_toml_counts_and_stops_the_search(tree: Path) -> None:
    own = _write(tree / "motions" / "citecheck.toml", "")
    assert find_config_file(tree / "motions" / "2025") == own
    effective = resolve(start=tree / "motions")
    assert effective.config == Config()
    assert effective.file == own


def test_nothing_found_means_defaults(tmp_path: Path) -> None:
    effective = resolve(start=tmp_path)
    assert effective.file is None
    assert effective.config == Config()
    assert set(effective.sources.values()) == {DEFAULT}


def test_explicit_file_and_isolated(tree: Path, tmp_path: Path) -> None:
    other = _write(tmp_path / "elsewhere.toml", "per_host = 2\n")
    effective = resolve(start=tree, config_file=other)
    assert effective.config.per_host == 2
    assert effective.config.timeout == 20.0  # the discovered pyproject is not read
    assert resolve(start=tree, use_files=False).config == Config()


def test_explicit_pyproject_without_table_is_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert read_config_file(path) == {}


def test_config_start(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    _write(tmp_path / "d" / "a.md", "x")
    assert config_start(["d/a.md"], cwd=tmp_path) == tmp_path / "d"
    assert config_start(["d"], cwd=tmp_path) == tmp_path / "d"
    assert config_start(["-", "d/a.md"], cwd=tmp_path) == tmp_path / "d"
    assert config_start(["-"], cwd=tmp_path) == tmp_path
    assert config_start([], cwd=tmp_path) == tmp_path


# --- precedence ----------------------------------------------------------------------------


def test_command_line_overrides_file_overrides_default(tree: Path) -> None:
    _write(
        tree / "citecheck.toml", 'timeout = 9\nper_host = 2\nexclude = ["^https://intra\\\\."]\n'
    )
    effective = resolve(
        start=tree,
        overrides=Overrides(timeout=3.5, per_host=None, exclude=("x",), fail_on=FailOn.WARNING),
    )
    config, sources = effective.config, effective.sources
    assert (config.timeout, sources["timeout"]) == (3.5, COMMAND_LINE)
    assert (config.per_host, sources["per_host"]) == (2, str(tree / "citecheck.toml"))
    assert (config.exclude, sources["exclude"]) == (("x",), COMMAND_LINE)  # replaced, not merged
    assert (config.fail_on, sources["fail_on"]) == ("warning", COMMAND_LINE)
    assert (config.max_concurrency, sources["max_concurrency"]) == (64, DEFAULT)


def test_command_line_values_are_validated_too() -> None:
    with pytest.raises(ConfigError, match=r"^command line: timeout: expected a number > 0"):
        resolve(overrides=Overrides(timeout=-1))


# --- every key -----------------------------------------------------------------------------

VALID = [
    (
        'exclude = ["^https://intranet\\\\.", "\\\\.pdf$"]',
        "exclude",
        ("^https://intranet\\.", "\\.pdf$"),
    ),
    ("accept = [403, 200, 403]", "accept", (200, 403)),
    ("timeout = 7.5", "timeout", 7.5),
    ("timeout = 3", "timeout", 3.0),
    ("max_concurrency = 8", "max_concurrency", 8),
    ("max-concurrency = 8", "max_concurrency", 8),
    ("per_host = 1", "per_host", 1),
    ('fail_on = "warning"', "fail_on", "warning"),
    ('fail_on = "NEVER"', "fail_on", "never"),
    ("title_threshold = 0.8", "title_threshold", 0.8),
    ("title_threshold = 1", "title_threshold", 1.0),
    ('user_agent = "Fraktionsbüro-Bot/1.0"', "user_agent", "Fraktionsbüro-Bot/1.0"),
    ("max_age = 3600", "max_age", 3600.0),
    ('max_age = "1d"', "max_age", 86400.0),
    ('max_age = "1d12h"', "max_age", 129600.0),
    ('max_age = "90m"', "max_age", 5400.0),
    ('max_age = "0"', "max_age", 0.0),
    ('format = "sarif"', "format", "sarif"),
    ('lang = "DE"', "lang", "de"),
    ("suggest_titles = true", "suggest_titles", True),
    ('archive = "all"', "archive", "all"),
    ('archive_url = "https://wayback.example.org/"', "archive_url", "https://wayback.example.org"),
    ('exclude_path = ["entwuerfe/", "*.alt.md"]', "exclude_path", ("entwuerfe/", "*.alt.md")),
    (
        '[[ignore]]\ncode = "dead-link"\nurl = "^https://intranet\\\\."\n\n'
        '[[ignore]]\ndocument = "entwuerfe/*.md"\nfootnote = 0',
        "ignore",
        (
            IgnoreRule(code=ProblemCode.DEAD_LINK, url="^https://intranet\\."),
            IgnoreRule(document="entwuerfe/*.md", footnote=0),
        ),
    ),
    (
        'hosts = { "WWW.Bundestag.de" = { per_host = 1, timeout = 60 }, "x.org" = { timeout = 2 } }',  # noqa: E501
        "hosts",
        (HostOverride("www.bundestag.de", 1, 60.0), HostOverride("x.org", None, 2.0)),
    ),
]


@pytest.mark.parametrize(("toml", "key", "value"), VALID)
def test_each_key(tmp_path: Path, toml: str, key: str, value: object) -> None:
    path = _write(tmp_path / "citecheck.toml", toml + "\n")
    effective = resolve(start=tmp_path)
    assert getattr(effective.config, key) == value
    assert effective.sources[key] == str(path)
    assert [k for k, s in effective.sources.items() if s != DEFAULT] == [key]


def test_every_key_has_a_valid_example() -> None:
    assert {key for _, key, _ in VALID} == set(KEYS)


def test_hosts_as_pyproject_subtables(tmp_path: Path) -> None:
    _write(
        tmp_path / "pyproject.toml",
        "[tool.citecheck]\nper_host = 4\n\n"
        '[tool.citecheck.hosts."www.bundestag.de"]\nper_host = 1\n',
    )
    config = resolve(start=tmp_path).config
    assert find_override(config.hosts, "WWW.BUNDESTAG.DE.") == HostOverride("www.bundestag.de", 1)
    assert find_override(config.hosts, "example.org") is None


def test_hosts_wildcards_and_fetch_overrides(tmp_path: Path) -> None:
    _write(
        tmp_path / "citecheck.toml",
        'hosts = { "*.Bundestag.de" = { per_host = 1 }, "dip.bundestag.de" = { timeout = 60 } }\n',
    )
    config = resolve(start=tmp_path).config
    assert find_override(config.hosts, "www.bundestag.de") == HostOverride("*.bundestag.de", 1)
    assert find_override(config.hosts, "dip.bundestag.de") == HostOverride(  # exact wins
        "dip.bundestag.de", timeout=60.0
    )
    assert find_override(config.hosts, "bundestag.de") is None
    assert config.hosts == (
        HostOverride("*.bundestag.de", 1, None),
        HostOverride("dip.bundestag.de", None, 60.0),
    )
    fetch = FetchOptions(per_host=4, timeout=20, hosts=config.hosts)
    assert fetch.per_host_for("www.bundestag.de") == 1
    assert fetch.timeout_for("dip.bundestag.de") == 60


WRONG = [
    ("exclude = '^x'", "exclude", "an array of regular expressions"),
    ("exclude = ['(unclosed']", "exclude", "invalid regular expression '(unclosed'"),
    ("accept = [200, '403']", "accept", "an array of HTTP status codes"),
    ("accept = [999]", "accept", "an array of HTTP status codes"),
    ("timeout = '20'", "timeout", "expected a number, got string '20'"),
    ("timeout = 0", "timeout", "a number > 0"),
    ("timeout = true", "timeout", "expected a number, got boolean True"),
    ("timeout = nan", "timeout", "expected a number"),
    ("max_concurrency = 2.5", "max_concurrency", "an integer ≥ 1"),
    ("per_host = 0", "per_host", "an integer ≥ 1"),
    ("fail_on = 'info'", "fail_on", "one of error, warning, never"),
    ("title_threshold = 1.5", "title_threshold", "≤ 1"),
    ("user_agent = ''", "user_agent", "a non-empty one-line string"),
    ('user_agent = "a\\r\\nX-Evil: 1"', "user_agent", "a non-empty one-line string"),
    ("max_age = '1 week'", "max_age", "a duration"),
    ("max_age = -1", "max_age", "a duration of 0 seconds or more"),
    ("format = 'pdf'", "format", "one of table, json, markdown, github, sarif, html"),
    ("hosts = ['a']", "hosts", "a table of host names"),
    ("hosts = { 'https://a.org/' = { per_host = 1 } }", "hosts", "is not a host name"),
    ("hosts = { 'a.org:8080' = { per_host = 1 } }", "hosts", "is not a host name"),
    ("hosts = { '*a.org' = { per_host = 1 } }", "hosts", "is not a host name"),
    ("hosts = { 'a.*.org' = { per_host = 1 } }", "hosts", "is not a host name"),
    ("hosts = { 'a.org' = 3 }", "hosts.a.org", "a table with per_host and/or timeout"),
    ("hosts = { 'a.org' = { per_host = 0 } }", "hosts.a.org.per_host", "an integer ≥ 1"),
    ("hosts = { 'a.org' = { timeout = 'x' } }", "hosts.a.org.timeout", "a number"),
    ("hosts = { 'a.org' = { delay = 1 } }", "hosts.a.org.delay", "allowed: per_host, timeout"),
    ("exclude_path = 'a/'", "exclude_path", "an array of path globs"),
    ("exclude_path = ['!']", "exclude_path", "invalid glob '!'"),
    ("ignore = { code = 'dead-link' }", "ignore", "an array of tables"),
    ("ignore = [{}]", "ignore[0]", "give at least one of code, url, document, footnote"),
    ("ignore = [{ code = 'dead-links' }]", "ignore[0].code", "a problem code such as 'dead-link'"),
    ("ignore = [{ cod = 'dead-link' }]", "ignore[0].cod", "did you mean 'code'?"),
    ("ignore = [{ url = '(x' }]", "ignore[0].url", "invalid regular expression '(x'"),
    ("ignore = [{ url = 3 }]", "ignore[0].url", "a regular expression (string)"),
    ("ignore = [{ document = '' }]", "ignore[0].document", "a path glob"),
    ("ignore = [{ footnote = '3' }]", "ignore[0].footnote", "a footnote number"),
    ("ignore = [{ footnote = true }]", "ignore[0].footnote", "a footnote number"),
]


@pytest.mark.parametrize(("toml", "key", "message"), WRONG)
def test_wrong_types_name_the_key_and_the_file(
    tmp_path: Path, toml: str, key: str, message: str
) -> None:
    path = _write(tmp_path / "citecheck.toml", toml + "\n")
    with pytest.raises(ConfigError) as info:
        resolve(start=tmp_path)
    text = str(info.value)
    assert text.startswith(f"{path}: ")
    assert key in text
    assert message in text


def test_unknown_key_names_key_file_and_suggestion(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[tool.citecheck]\ntimout = 5\n")
    with pytest.raises(
        ConfigError, match=re.escape(f"{path}: unknown key 'timout' (did you mean 'timeout'?)")
    ):
        resolve(start=tmp_path)
    with pytest.raises(ConfigError, match="unknown key 'colour' \\(known: exclude, accept"):
        validate({"colour": "red"}, "x.toml")


def test_key_given_twice_with_dash_and_underscore() -> None:
    with pytest.raises(ConfigError, match="'per-host' is set twice"):
        validate({"per_host": 1, "per-host": 2}, "x.toml")


def test_invalid_toml_and_bad_table(tmp_path: Path) -> None:
    bad = _write(tmp_path / "a" / "citecheck.toml", "timeout = \n")
    with pytest.raises(ConfigError, match=f"^{re.escape(str(bad))}: not valid TOML"):
        resolve(start=bad.parent)
    scalar = _write(tmp_path / "b" / "pyproject.toml", "[tool]\ncitecheck = 3\n")
    with pytest.raises(ConfigError, match=r"'tool\.citecheck' must be a table"):
        resolve(start=scalar.parent)
    with pytest.raises(ConfigError, match="cannot read configuration"):
        read_config_file(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(0, 0.0), (1.5, 1.5), ("45s", 45.0), ("2h", 7200.0), ("1.5h", 5400.0), (" 1D ", 86400.0)],
)
def test_parse_duration(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["", "d", "1x", "1h 30m", True, None, [1]])
def test_parse_duration_rejects(value: object) -> None:
    with pytest.raises(ConfigError, match=r"^command line: max_age: expected a duration"):
        parse_duration(value)


# --- defaults stay in step with the modules that use them --------------------------------


def test_defaults_match_the_engine() -> None:
    from citecheck.verify import MATCH_THRESHOLD

    config = Config()
    assert config.fetch_options() == FetchOptions()
    # The one engine default a program calling check() must opt into: archive look-ups.
    assert config.check_options() == CheckOptions(archive=ARCHIVE_MODE_DEFAULT)
    assert config.title_threshold == MATCH_THRESHOLD
    assert config.fail_on is FailOn.ERROR


@pytest.mark.parametrize(("key", "enum"), [("fail_on", FailOn), ("format", OutputFormat)])
def test_choices_are_the_enum_values(key: str, enum: type[FailOn] | type[OutputFormat]) -> None:
    for member in enum:
        assert validate({key: member.value.upper()}, "x.toml") == {key: member}
    with pytest.raises(ConfigError, match="one of " + ", ".join(m.value for m in enum)):
        validate({key: "nope"}, "x.toml")
    assert Config().format is OutputFormat.TABLE


# One non-default value per configuration key. `--print-config` lists exactly these keys, so
# each of them must change what a run does: `format`, `max_age`, `exclude_path`, `ignore`,
# `lang` and `suggest_titles` are checked through the command (test_command.py,
# test_fetching.py, test_scope.py, test_accepting.py, test_report_options.py), every other key
# through the options `Config` builds (`run_options`).
_NON_DEFAULT: dict[str, object] = {
    "exclude": ("^https://intranet",),
    "accept": (403,),
    "timeout": 3.0,
    "max_concurrency": 7,
    "per_host": 2,
    "hosts": (HostOverride("www.bundestag.de", per_host=1),),
    "fail_on": FailOn.NEVER,
    "title_threshold": 0.95,
    "user_agent": "Büro-Bot/1.0",
    "max_age": 60.0,
    "format": OutputFormat.JSON,
    "exclude_path": ("entwuerfe/",),
    "ignore": (IgnoreRule(code=ProblemCode.DEAD_LINK),),
    "lang": "de",
    "suggest_titles": True,
    "archive": ArchiveMode.NEVER,
    "archive_url": "https://wayback.example.org",
}


def run_options(
    config: Config, *, offline: bool = False, allow_private: bool = False
) -> tuple[CheckOptions, FetchOptions]:
    """The check and fetch options a run builds from `config`."""
    return config.check_options(offline=offline), config.fetch_options(allow_private=allow_private)


def test_every_config_key_has_an_effect() -> None:
    assert set(_NON_DEFAULT) == set(KEYS)  # a new key needs a decision here
    default = run_options(Config())
    through_the_command = {"format", "max_age", "exclude_path", "ignore", "lang", "suggest_titles"}
    for key in set(KEYS) - through_the_command:
        assert run_options(Config(**{key: _NON_DEFAULT[key]})) != default, key  # type: ignore[arg-type]
    assert run_options(Config(), offline=True, allow_private=True)[1].allow_private


# --- --print-config ------------------------------------------------------------------------


def test_print_config_is_toml_with_sources(tree: Path) -> None:
    _write(
        tree / "pyproject.toml",
        '[tool.citecheck]\nexclude = ["^https://intra\\\\."]\n'
        'hosts = { "www.bundestag.de" = { per_host = 1 } }\nuser_agent = "Büro \\"A\\""\n',
    )
    effective = resolve(start=tree / "motions", overrides=Overrides(timeout=2))
    text = format_config(effective)
    assert (
        text.splitlines()[1]
        == f"# configuration file: {tree / 'pyproject.toml'} ([tool.citecheck])"
    )
    lines = {line.split(" = ")[0]: line for line in text.splitlines() if not line.startswith("#")}
    assert lines["timeout"].endswith("# command line")
    assert lines["exclude"].endswith(f"# {tree / 'pyproject.toml'}")
    assert lines["per_host"].endswith("# default")
    # valid TOML that reproduces the configuration
    again = validate(tomllib.loads(text), "printed")
    assert Config(**again) == effective.config  # type: ignore[arg-type]


def test_print_config_without_file_and_unset_user_agent(tmp_path: Path) -> None:
    text = format_config(resolve(start=tmp_path))
    assert "# configuration file: none found" in text
    assert re.search(r"^# user_agent = \(not set: citecheck's default\)\s+# default$", text, re.M)
    assert tomllib.loads(text) == {
        "exclude": [],
        "accept": [],
        "timeout": 20.0,
        "max_concurrency": 64,
        "per_host": 4,
        "hosts": {},
        "fail_on": "error",
        "title_threshold": 0.9,
        "max_age": 86400.0,
        "format": "table",
        "exclude_path": [],
        "ignore": [],
        "suggest_titles": False,
        "archive": "failing",
        "archive_url": "https://web.archive.org",
    }
