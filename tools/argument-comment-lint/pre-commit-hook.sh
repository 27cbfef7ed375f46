#!/usr/bin/env bash
# Entry point of the published pre-commit hook (.pre-commit-hooks.yaml at the repository
# root). pre-commit runs it from the user's repository with the changed files as
# arguments; the package is installed from this folder of the hook's clone: through uvx
# when uv is there, else into a private virtualenv kept next to this script.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if command -v uvx >/dev/null 2>&1; then
    exec uvx --quiet --from "$here" argument-comment-lint "$@"
fi
venv="$here/.hook-venv"
if [ ! -x "$venv/bin/argument-comment-lint" ] && [ ! -x "$venv/Scripts/argument-comment-lint.exe" ]; then
    python="$(command -v python3 || command -v python)"
    "$python" -m venv "$venv" >/dev/null
    "$venv/bin/python" -m pip install --quiet "$here" 2>/dev/null || "$venv/Scripts/python.exe" -m pip install --quiet "$here"
fi
if [ -x "$venv/bin/argument-comment-lint" ]; then
    exec "$venv/bin/argument-comment-lint" "$@"
fi
exec "$venv/Scripts/argument-comment-lint.exe" "$@"
