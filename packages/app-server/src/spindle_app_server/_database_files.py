"""Whether one of the server's databases (goals, agent graph, memories) was created yet."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["database_exists"]


def database_exists(sqlite_file: Path) -> bool:
    """Always with ``SPINDLE_DATABASE_URL`` (one shared database, its tables made by
    whichever server came first); on SQLite, once ``sqlite_file`` exists. Reading from a
    database that does not exist finds nothing, without creating it."""
    return bool(os.environ.get("SPINDLE_DATABASE_URL")) or sqlite_file.exists()
