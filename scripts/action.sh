#!/usr/bin/env bash
# The logic of the GitHub Action (action.yml installs citecheck and calls this script): pick the
# documents, check them, append the Markdown report to $GITHUB_STEP_SUMMARY, print annotations
# (workflow commands) and optionally write SARIF and the HTML report. Runs anywhere with bash and
# git, so tests run it on fixtures with `--offline`.
#
# Environment (all optional):
#   CITECHECK_PATHS      documents or folders, separated by whitespace; empty: the changed files
#   CITECHECK_BASE       commit to diff HEAD against for the changed files (PR base or push
#                        "before"); empty or all zeros: the files changed by HEAD itself
#   CITECHECK_PATHSPEC   git pathspecs the changed files must match
#                        (default: *.md *.txt *.pdf *.docx *.html)
#   CITECHECK_ARGS       extra citecheck arguments, separated by whitespace ("--fail-on warning")
#   CITECHECK_SARIF      also write a SARIF log to this file
#   CITECHECK_HTML       also write the HTML report to this file (action.yml attaches it)
#   CITECHECK            the citecheck command (default: citecheck)
#   GITHUB_STEP_SUMMARY  file the Markdown report is appended to (else it goes to stdout)
#   GITHUB_OUTPUT        receives exit-code=N and documents=N
#
# Exit status: citecheck's (0 clean, 1 findings at or above --fail-on, 2 usage or input error).
# citecheck runs once per output format; links are fetched in the first run and come from the
# cache in the others (timeouts and errors are never cached, so they are fetched again).
set -uo pipefail

cmd="${CITECHECK:-citecheck}"
read -r -a extra <<< "${CITECHECK_ARGS:-}"
read -r -a pathspec <<< "${CITECHECK_PATHSPEC:-*.md *.txt *.pdf *.docx *.html}"

emit() { # key=value to $GITHUB_OUTPUT when running in Actions
    if [[ -n "${GITHUB_OUTPUT:-}" ]]; then printf '%s\n' "$1" >> "$GITHUB_OUTPUT"; fi
}

summarize() { # append stdin to the step summary, or print it
    if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then cat >> "$GITHUB_STEP_SUMMARY"; else cat; fi
}

files=()
if [[ -n "${CITECHECK_PATHS:-}" ]]; then
    read -r -d '' -a files <<< "$CITECHECK_PATHS"
else
    base="${CITECHECK_BASE:-}"
    if [[ -z "$base" || "$base" =~ ^0+$ ]]; then
        listing=(git diff-tree --root --no-commit-id --name-only -r -z --diff-filter=d HEAD)
    elif ! git cat-file -e "${base}^{commit}" 2>/dev/null; then
        echo "::error title=citecheck::base commit $base is not in the checkout;" \
             "use actions/checkout with fetch-depth: 0" >&2
        emit "exit-code=2"
        exit 2
    else
        listing=(git diff --name-only -z --diff-filter=d "$base" HEAD)
    fi
    while IFS= read -r -d '' name; do
        [[ -f "$name" ]] && files+=("$name")
    done < <("${listing[@]}" -- "${pathspec[@]}")
fi

emit "documents=${#files[@]}"
if (( ${#files[@]} == 0 )); then
    printf '## citecheck: no documents to check\n\nNo changed file matches %s.\n' \
        "${pathspec[*]}" | summarize
    emit "exit-code=0"
    exit 0
fi

report="$(mktemp)"
trap 'rm -f "$report"' EXIT

"$cmd" --format markdown --output "$report" "${extra[@]}" -- "${files[@]}"
status=$?
if [[ -s "$report" ]]; then
    summarize < "$report"
else
    printf '## citecheck failed (exit %s)\n\nSee the job log.\n' "$status" | summarize
fi

if (( status != 2 )); then
    "$cmd" --format github "${extra[@]}" -- "${files[@]}"
    if [[ -n "${CITECHECK_SARIF:-}" ]]; then
        "$cmd" --format sarif --output "$CITECHECK_SARIF" "${extra[@]}" -- "${files[@]}"
    fi
    if [[ -n "${CITECHECK_HTML:-}" ]]; then
        "$cmd" --format html --output "$CITECHECK_HTML" "${extra[@]}" -- "${files[@]}"
    fi
fi

emit "exit-code=$status"
exit "$status"
