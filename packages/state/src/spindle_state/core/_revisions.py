"""Is a migration pending? Answered without importing Alembic.

Importing Alembic costs more than everything else a server start needs, and a database is
almost always already at head. The head is read from the migration scripts' own
``revision``/``down_revision`` assignments (plain text, no import), the current revision
with one SELECT on the version table; only when they differ does the caller load Alembic
(which then re-checks everything). A test pins the scan to Alembic's own answer.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

_ASSIGNMENT = re.compile(
    r"^(?P<name>revision|down_revision)\s*(?::[^=]+)?=\s*(?P<value>.+?)\s*$", re.MULTILINE
)
_QUOTED = re.compile(r"""["']([^"']+)["']""")


@functools.cache
def scanned_head(migrations_dir: Path) -> str | None:
    """The single head of the scripts in ``migrations_dir/versions``, None when unclear.

    None (several heads, a script the scan cannot read) sends the caller to Alembic.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((migrations_dir / "versions").glob("*.py")):
        found = {m["name"]: m["value"] for m in _ASSIGNMENT.finditer(script.read_text("utf-8"))}
        if "revision" not in found:
            continue
        revision = _QUOTED.fullmatch(found["revision"])
        if revision is None:
            return None
        revisions.add(revision[1])
        parents.update(_QUOTED.findall(found.get("down_revision", "None")))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revisions(connection: Connection, version_table: str) -> tuple[str, ...]:
    """The revisions stamped in ``version_table``; empty when the table does not exist."""
    if not sa.inspect(connection).has_table(version_table):
        return ()
    rows = connection.execute(sa.text(f"SELECT version_num FROM {version_table}"))
    return tuple(sorted(str(row[0]) for row in rows))


def at_head(connection: Connection, migrations_dir: Path, version_table: str) -> bool:
    """True when the database is certainly at the scripts' head (no Alembic needed)."""
    head = scanned_head(migrations_dir)
    return head is not None and current_revisions(connection, version_table) == (head,)
