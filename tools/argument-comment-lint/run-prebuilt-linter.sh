#!/usr/bin/env bash
# Run the installed argument-comment-lint (pip install ./tools/argument-comment-lint, or a
# wheel) with the same defaults as run.sh; $ARGUMENT_COMMENT_LINT_BIN picks the binary.
#   tools/argument-comment-lint/run-prebuilt-linter.sh [--project PATH] [--package NAME] [--fix] [-- LINT OPTIONS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="$(command -v python3 || command -v python)"
exec "$python" "$here/wrapper_common.py" prebuilt "$@"
