"""Version strings the server reports on the wire."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["CLI_VERSION", "SPINDLE_VERSION"]

# The wire protocol is the one of codex-cli 0.169.0. Clients read `cliVersion`, the rollout's
# `cli_version` and the userAgent version to decide which protocol features they may use, so
# spindle reports the version whose protocol it speaks.
CLI_VERSION = "0.169.0"

try:
    SPINDLE_VERSION = version("spindle-app-server")
except PackageNotFoundError:  # running from a source tree without metadata
    SPINDLE_VERSION = "0.0.0"
