"""The pre-commit hook and the GitHub Action's script, run for real on fixtures (offline).

The manifests themselves are validated by `nox -s validate` (pre-commit validate-manifest,
check-jsonschema); here we check that what they run works.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "fixtures" / "documents"
SEED = "fixtures/documents/antrag-japan-partnerschaft.md"
PRESS = "fixtures/documents/pressemitteilung-wirtschaftssicherheit.txt"
SCRIPT = ROOT / "scripts" / "action.sh"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _manifest_field(name: str) -> str:
    """A top-level field of the single hook in .pre-commit-hooks.yaml (plain scalars only)."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    match = re.search(rf"^\s*-?\s*{name}: (.+)$", text, re.MULTILINE)
    assert match, name
    return match.group(1).strip()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: venv first on PATH, no colour, Actions files in tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CITECHECK", "GITHUB_"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        NO_COLOR="1",
        TERM="dumb",
        GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
        GITHUB_OUTPUT=str(tmp_path / "output.txt"),
        CITECHECK_ARGS="--offline",
    )
    env.update(extra)
    return env


def _outputs(tmp_path: Path) -> dict[str, str]:
    """What the script wrote to $GITHUB_OUTPUT."""
    lines = (tmp_path / "output.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


def _run_action(tmp_path: Path, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT)],
        cwd=cwd,
        env=_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- pre-commit ----------------------------------------------------------------------------


def test_hook_files_pattern() -> None:
    files = re.compile(_manifest_field("files"))
    for name in ("a.md", "motions/b.txt", "c.pdf", "d.docx", "e.html"):
        assert files.search(name), name
    for name in ("a.py", "b.md.orig", "pyproject.toml", "c.htm"):
        assert not files.search(name), name
    assert _manifest_field("id") == "citecheck"
    assert _manifest_field("language") == "python"
    assert _manifest_field("require_serial") == "true"


def test_hook_entry_runs_on_the_files_pre_commit_passes(tmp_path: Path) -> None:
    entry = _manifest_field("entry").split()
    files = re.compile(_manifest_field("files"))
    staged = [p for p in (SEED, PRESS, "README.md", "pyproject.toml") if files.search(p)]
    assert staged == [SEED, PRESS, "README.md"]
    # pre-commit runs `entry args... files...` from the repository root
    result = subprocess.run(
        [str(BIN / entry[0]), *entry[1:], "--offline", SEED, PRESS],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "antrag-japan-partnerschaft.md" in result.stdout
    # the press release cites nothing: a warning, not a silent pass
    failing = subprocess.run(
        [str(BIN / entry[0]), "--offline", "--fail-on", "warning", PRESS],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert failing.returncode == 1, failing.stderr


# --- the Action's script -------------------------------------------------------------------


def test_action_script_on_given_paths(tmp_path: Path) -> None:
    sarif = tmp_path / "out.sarif"
    result = _run_action(tmp_path, CITECHECK_PATHS=f"{SEED}\n{PRESS}", CITECHECK_SARIF=str(sarif))
    assert result.returncode == 0, result.stderr
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## ")
    assert f"`{SEED}`" in summary
    assert f"`{PRESS}`" in summary
    assert "offline: links were not fetched" in summary
    # the press release cites nothing: never a silent pass
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations
    # one per finding at its file, and the offline run state as an annotation of its own
    assert annotations[-1] == "::notice title=citecheck%3A offline::offline: links were not fetched"
    assert all(
        re.match(r"::(error|warning|notice) file=[^,]+(,line=\d+)?,title=citecheck%3A ", a)
        for a in annotations[:-1]
    )
    assert any(
        a.startswith(f"::warning file={PRESS},title=citecheck%3A nothing found::")
        for a in annotations
    )
    assert _outputs(tmp_path) == {"documents": "2", "exit-code": "0"}
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    } >= {PRESS}


def test_action_script_fails_on_findings(tmp_path: Path) -> None:
    result = _run_action(
        tmp_path, CITECHECK_PATHS=PRESS, CITECHECK_ARGS="--offline --fail-on warning"
    )
    assert result.returncode == 1
    assert _outputs(tmp_path)["exit-code"] == "1"
    assert "⚠️" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_action_script_input_error_exits_2(tmp_path: Path) -> None:
    result = _run_action(tmp_path, CITECHECK_PATHS="no/such/motion.md")
    assert result.returncode == 2
    assert "no/such/motion.md" in result.stderr
    assert "## citecheck failed (exit 2)" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "::" not in result.stdout  # no annotation run after an input error


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture(name="repo")
def _repo(tmp_path: Path) -> Path:
    """A git repo: base commit with one motion, then a commit adding and deleting files."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    repo = tmp_path / "repo"
    (repo / "motions").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    shutil.copy(DOCS / "antrag-japan-partnerschaft.md", repo / "motions" / "old.md")
    shutil.copy(DOCS / "antrag-japan-partnerschaft.txt", repo / "motions" / "gone.txt")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    shutil.copy(DOCS / "pressemitteilung-wirtschaftssicherheit.txt", repo / "motions" / "neu 1.txt")
    (repo / "README.md").write_text("# notes\n", encoding="utf-8")
    (repo / "tool.py").write_text("x = 1\n", encoding="utf-8")
    (repo / "motions" / "gone.txt").unlink()
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "change")
    return repo


def test_action_script_checks_the_changed_motions(tmp_path: Path, repo: Path) -> None:
    base = _git(repo, "rev-parse", "HEAD~1")
    result = _run_action(tmp_path, cwd=repo, CITECHECK_BASE=base, CITECHECK_PATHSPEC="motions/")
    assert result.returncode == 0, result.stderr
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "`motions/neu 1.txt`" in summary  # added, with a space in its name
    assert "old.md" not in summary  # unchanged
    assert "gone.txt" not in summary  # deleted
    assert "README.md" not in summary  # outside the pathspec
    assert _outputs(tmp_path)["documents"] == "1"


def test_action_script_default_pathspec_and_push_to_new_branch(tmp_path: Path, repo: Path) -> None:
    # an all-zero "before" (first push of a branch) checks what HEAD itself changed
    result = _run_action(tmp_path, cwd=repo, CITECHECK_BASE="0" * 40)
    assert result.returncode == 0, result.stderr
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "`motions/neu 1.txt`" in summary
    assert "`README.md`" in summary  # *.md matches by default
    assert "tool.py" not in summary
    assert _outputs(tmp_path)["documents"] == "2"


def test_action_script_nothing_changed(tmp_path: Path, repo: Path) -> None:
    head = _git(repo, "rev-parse", "HEAD")
    result = _run_action(tmp_path, cwd=repo, CITECHECK_BASE=head)
    assert result.returncode == 0
    assert (
        (tmp_path / "summary.md")
        .read_text(encoding="utf-8")
        .startswith("## citecheck: no documents to check")
    )
    assert _outputs(tmp_path) == {"documents": "0", "exit-code": "0"}


def test_action_script_missing_base_commit(tmp_path: Path, repo: Path) -> None:
    result = _run_action(tmp_path, cwd=repo, CITECHECK_BASE="1" * 40)
    assert result.returncode == 2
    assert "fetch-depth: 0" in result.stderr


# --- the action.yml wiring -----------------------------------------------------------------


def test_action_yml_passes_every_input_to_the_script() -> None:
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    script = SCRIPT.read_text(encoding="utf-8")
    assert 'run: bash "$GITHUB_ACTION_PATH/scripts/action.sh"' in action
    assert "using: composite" in action
    for variable in re.findall(r"^\s+(CITECHECK_[A-Z]+):", action, re.MULTILINE):
        assert f"${{{variable}" in script or f"${variable}" in script, variable
    for name in ("paths", "pathspec", "args", "sarif-file"):
        assert f"${{{{ inputs.{name} }}}}" in action, name
    workflow = (ROOT / "examples" / "workflow.yml").read_text(encoding="utf-8")
    assert "fetch-depth: 0" in workflow
    assert "sarif-file: citecheck.sarif" in workflow
