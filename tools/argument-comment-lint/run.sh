#!/usr/bin/env bash
# Run argument-comment-lint from source (the workspace checkout, through uv).
#   tools/argument-comment-lint/run.sh [--project PATH] [--package NAME] [--fix] [-- LINT OPTIONS]
# With no arguments: the whole workspace, all targets, both rules denied.
# ARGUMENT_COMMENT_LINT_STRICT=1 denies both rules whatever levels are passed; see wrapper_common.py.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
exec uv run --quiet --frozen --project "$repo" python "$here/wrapper_common.py" source "$@"
