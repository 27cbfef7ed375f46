"""Version strings the server reports on the wire."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

__all__ = ["CLI_VERSION", "SPINDLE_VERSION"]

# The wire protocol is the one of codex-cli 0.169.0. Clients read `cliVersion`, the rollout's
# `cli_version` and the userAgent version to decide which protocol features they may use, so
# spindle reports the version whose protocol it speaks.
CLI_VERSION = "0.169.0"

if TYPE_CHECKING:
    SPINDLE_VERSION: str


@functools.cache
def _spindle_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("spindle-app-server")
    except PackageNotFoundError:  # running from a source tree without metadata
        return "0.0.0"


def __getattr__(name: str) -> Any:
    # SPINDLE_VERSION reads the installed metadata: done on first use, not at server start.
    if name == "SPINDLE_VERSION":
        return _spindle_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
