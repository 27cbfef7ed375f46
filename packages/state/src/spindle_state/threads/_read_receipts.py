"""The ``thread_read_receipts`` table: where a reader of each thread stopped.

A finished turn becomes the first unread position unless an earlier one is still unread;
``update`` marks a thread read or unread when the caller saw its latest revision. Every
change gets a fresh revision, so a client holding an old one learns that something moved.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from spindle_state._exceptions import ReadStateConflict, ThreadNotFound
from spindle_state.threads._records import ReadReceipt, UnreadKind, initial_read_revision
from spindle_state.threads._schema import thread_read_receipts, threads
from spindle_state.threads._timestamps import now_ms

ReadOperation = Literal["read", "unread"]


def _row(row: RowMapping) -> ReadReceipt:
    return ReadReceipt(
        thread_id=row["thread_id"],
        first_unread_kind=row["first_unread_kind"],
        first_unread_turn_id=row["first_unread_turn_id"],
        revision=row["revision"],
        updated_at=row["updated_at"],
    )


def _initial(thread_id: str) -> ReadReceipt:
    return ReadReceipt(
        thread_id=thread_id,
        first_unread_kind=None,
        first_unread_turn_id=None,
        revision=initial_read_revision(thread_id),
        updated_at=0,
    )


# Built once: a statement built per call costs more than the lookup.
_SELECT_ONE = sa.select(thread_read_receipts).where(
    thread_read_receipts.c.thread_id == sa.bindparam("thread_id")
)


def get(connection: Connection, thread_id: str) -> ReadReceipt | None:
    row = connection.execute(_SELECT_ONE, {"thread_id": thread_id}).mappings().first()
    return None if row is None else _row(row)


def get_many(connection: Connection, thread_ids: Iterable[str]) -> dict[str, ReadReceipt]:
    ids = list(dict.fromkeys(thread_ids))
    if not ids:
        return {}
    rows = (
        connection.execute(
            sa.select(thread_read_receipts).where(thread_read_receipts.c.thread_id.in_(ids))
        )
        .mappings()
        .all()
    )
    return {row["thread_id"]: _row(row) for row in rows}


def _write(connection: Connection, receipt: ReadReceipt, *, exists: bool) -> None:
    values = {
        "first_unread_kind": receipt.first_unread_kind,
        "first_unread_turn_id": receipt.first_unread_turn_id,
        "revision": receipt.revision,
        "updated_at": receipt.updated_at,
    }
    if exists:
        connection.execute(
            sa.update(thread_read_receipts)
            .where(thread_read_receipts.c.thread_id == receipt.thread_id)
            .values(**values)
        )
    else:
        connection.execute(
            sa.insert(thread_read_receipts).values(thread_id=receipt.thread_id, **values)
        )


def _require_thread(connection: Connection, thread_id: str) -> None:
    found = connection.execute(sa.select(threads.c.id).where(threads.c.id == thread_id)).first()
    if found is None:
        raise ThreadNotFound(thread_id)


def _locked(connection: Connection, thread_id: str) -> ReadReceipt | None:
    # FOR UPDATE serialises concurrent writers on PostgreSQL; SQLite writes one at a time.
    row = (
        connection.execute(
            sa.select(thread_read_receipts)
            .where(thread_read_receipts.c.thread_id == thread_id)
            .with_for_update()
        )
        .mappings()
        .first()
    )
    return None if row is None else _row(row)


def mark_turn_unread(connection: Connection, thread_id: str, turn_id: str) -> ReadReceipt:
    """A turn finished: it is unread unless an earlier position already is."""
    _require_thread(connection, thread_id)
    current = _locked(connection, thread_id)
    kind: UnreadKind = "turn"
    turn: str | None = turn_id
    if current is not None and current.first_unread_kind is not None:
        kind, turn = current.first_unread_kind, current.first_unread_turn_id
    receipt = ReadReceipt(thread_id, kind, turn, str(uuid.uuid4()), now_ms())
    _write(connection, receipt, exists=current is not None)
    return receipt


def update(
    connection: Connection, thread_id: str, expected_revision: str, operation: ReadOperation
) -> ReadReceipt:
    """Mark the thread read or unread; :class:`ReadStateConflict` on a stale revision."""
    _require_thread(connection, thread_id)
    current = _locked(connection, thread_id)
    seen = current if current is not None else _initial(thread_id)
    if seen.revision != expected_revision:
        raise ReadStateConflict(seen)
    kind: UnreadKind | None = None if operation == "read" else "thread_start"
    receipt = ReadReceipt(
        thread_id=thread_id,
        first_unread_kind=kind,
        first_unread_turn_id=None,
        revision=str(uuid.uuid4()),
        updated_at=now_ms(),
    )
    _write(connection, receipt, exists=current is not None)
    return receipt
