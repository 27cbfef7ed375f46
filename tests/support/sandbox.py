"""What the sandbox e2e tests share: each backend's denial wording and a confined policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["DENIED", "roots_outside_tmp", "workspace_write_outside_tmp"]

DENIED = {"bwrap": "Read-only file system", "landlock": "Permission denied"}
"""How a refused write reads: bubblewrap's read-only mount (as the reference), Landlock."""


def roots_outside_tmp(tmp_path: Path) -> tuple[Path, Path]:
    """An extra writable root and a folder that must stay untouched, both made."""
    extra, outside = tmp_path / "extra-root", tmp_path / "outside"
    extra.mkdir()
    outside.mkdir()
    return extra, outside


def workspace_write_outside_tmp(extra: Path) -> dict[str, Any]:
    """workspaceWrite with ``extra`` as a writable root and the network off; /tmp and
    $TMPDIR are excluded because the tests' folders live there."""
    return {
        "type": "workspaceWrite",
        "writableRoots": [str(extra)],
        "networkAccess": False,
        "excludeTmpdirEnvVar": True,
        "excludeSlashTmp": True,
    }
