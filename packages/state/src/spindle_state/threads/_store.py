"""``StateStore``: the public runtime API over the state database."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from spindle_state._exceptions import ThreadAlreadyExists, ThreadNotFound
from spindle_state.core._database import (
    create_engine,
    reaching,
    resolve_home,
    resolve_url,
    write_transaction,
)
from spindle_state.core._engine_store import EngineStore
from spindle_state.threads import (
    _backfill,
    _read_receipts,
    _thread_memory,
    _thread_rows,
    _turn_rows,
)
from spindle_state.threads._backfill import BackfillReport
from spindle_state.threads._git import validate_git_patch
from spindle_state.threads._records import (
    BackfillState,
    GitInfoPatch,
    LatestModel,
    NewThread,
    Page,
    ReadReceipt,
    ThreadListQuery,
    ThreadMemory,
    ThreadRecord,
    ThreadUpdate,
    TurnListQuery,
    TurnRecord,
    TurnStatus,
)
from spindle_state.threads._rollout_format import find_rollout_path, summarize_rollout
from spindle_state.threads._schema import STATE_STREAM, threads, turns
from spindle_state.threads._timestamps import now_ms

_ALL_THREADS = ThreadListQuery()


def open_store(home: Path | str | None = None, url: str | None = None) -> StateStore:
    """Open (creating and migrating as needed) the state database.

    ``home`` defaults to ``$SPINDLE_HOME`` or ``~/.spindle``; the database is
    ``<home>/state.sqlite`` unless ``url`` or ``$SPINDLE_DATABASE_URL`` names another one
    (``postgresql://...`` uses psycopg 3). Raises SchemaTooNew for a newer database.
    """
    resolved_home = resolve_home(home)
    engine = create_engine(resolve_url(resolved_home, url))
    try:
        with reaching(engine):
            STATE_STREAM.migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return StateStore(engine, resolved_home)


class StateStore(EngineStore):
    """Thread rows, turns index, git metadata, thread memory and backfill state.

    Thread-safe to share within a process (SQLAlchemy pools connections). Close it (or use
    it as a context manager) to dispose the engine.
    """

    def __init__(self, engine: Engine, home: Path) -> None:
        super().__init__(engine)
        self.home = home

    # -- threads ---------------------------------------------------------------------------

    def create_thread(self, new: NewThread) -> ThreadRecord:
        """Insert a new thread row; ThreadAlreadyExists when the id is taken."""
        with write_transaction(self.engine) as connection:
            if _thread_rows.find(connection, new.id) is not None:
                raise ThreadAlreadyExists(new.id)
            return _thread_rows.insert(connection, new)

    def ensure_thread(self, new: NewThread) -> tuple[ThreadRecord, bool]:
        """Insert the row only if absent. Returns the stored row and whether it was inserted."""
        with write_transaction(self.engine) as connection:
            existing = _thread_rows.find(connection, new.id)
            if existing is not None:
                return existing, False
            return _thread_rows.insert(connection, new), True

    def upsert_thread(self, new: NewThread) -> ThreadRecord:
        """Insert, or refresh an existing row from ``new`` (see ``_thread_rows.upsert``)."""
        with write_transaction(self.engine) as connection:
            return _thread_rows.upsert(connection, new)

    def count_threads(self) -> int:
        """Number of stored thread rows (all, listed or not)."""
        with self.engine.connect() as connection:
            return int(
                connection.execute(sa.select(sa.func.count()).select_from(threads)).scalar_one()
            )

    def find_thread(self, thread_id: str) -> ThreadRecord | None:
        with self.point_reader() as connection:
            return _thread_rows.find(connection, thread_id)

    def find_thread_and_receipt(
        self, thread_id: str
    ) -> tuple[ThreadRecord | None, ReadReceipt | None]:
        """The stored row and its read receipt (thread/read of a thread not loaded), with
        one connection."""
        with self.point_reader() as connection:
            record = _thread_rows.find(connection, thread_id)
            if record is None:
                return None, None
            return record, _read_receipts.get(connection, thread_id)

    def get_thread(self, thread_id: str) -> ThreadRecord:
        """The stored row; ThreadNotFound when absent."""
        with self.point_reader() as connection:
            return _thread_rows.get(connection, thread_id)

    def update_thread(
        self, thread_id: str, patch: ThreadUpdate, *, touch: bool = True
    ) -> ThreadRecord:
        """Change non-git columns; ``touch`` (default) gives ``updated_at_ms`` a new stamp."""
        with write_transaction(self.engine) as connection:
            return _thread_rows.update(connection, thread_id, patch, touch=touch)

    def touch_thread(self, thread_id: str) -> ThreadRecord:
        """Give ``updated_at_ms`` a new unique stamp and change nothing else."""
        return self.update_thread(thread_id, {}, touch=True)

    def archive_thread(
        self, thread_id: str, *, rollout_path: str | None = None, archived_at: int | None = None
    ) -> ThreadRecord:
        """Mark archived (``archived_at`` in unix seconds, default now); stamps unchanged."""
        values: dict[str, Any] = {
            "archived": True,
            "archived_at": now_ms() // 1000 if archived_at is None else archived_at,
        }
        if rollout_path is not None:
            values["rollout_path"] = rollout_path
        return self._set_columns(thread_id, values)

    def unarchive_thread(self, thread_id: str, *, rollout_path: str | None = None) -> ThreadRecord:
        values: dict[str, Any] = {"archived": False, "archived_at": None}
        if rollout_path is not None:
            values["rollout_path"] = rollout_path
        return self._set_columns(thread_id, values)

    def delete_thread(self, thread_id: str) -> bool:
        """Delete the row (turns and thread_memory cascade). False when it was absent."""
        with write_transaction(self.engine) as connection:
            connection.execute(sa.delete(turns).where(turns.c.thread_id == thread_id))
            result = connection.execute(sa.delete(threads).where(threads.c.id == thread_id))
            return result.rowcount > 0

    def _set_columns(self, thread_id: str, values: dict[str, Any]) -> ThreadRecord:
        with write_transaction(self.engine) as connection:
            if _thread_rows.update_columns(connection, thread_id, values) == 0:
                raise ThreadNotFound(thread_id)
            return _thread_rows.get(connection, thread_id)

    def list_threads(self, query: ThreadListQuery = _ALL_THREADS) -> Page[ThreadRecord]:
        """One keyset page of visible threads (non-empty preview), reference cursors.

        Raises InvalidCursor for a malformed cursor.
        """
        with self.engine.connect() as connection:
            return _thread_rows.list_page(connection, query)

    # -- latest model ----------------------------------------------------------------------

    def get_latest_model(self, thread_id: str) -> LatestModel:
        """Model and reasoning effort written by the latest ``start_turn`` (or backfill)."""
        thread = self.get_thread(thread_id)
        return LatestModel(thread.model, thread.reasoning_effort)

    # -- turns -----------------------------------------------------------------------------

    def start_turn(
        self,
        thread_id: str,
        turn_id: str,
        *,
        rollout_ordinal: int,
        model: str | None,
        reasoning_effort: str | None,
        started_at: int | None = None,
        root_turn_id: str | None = None,
    ) -> TurnRecord:
        """Index a turn that just started and record it as the thread's latest model/effort.

        One transaction: inserts the turn (status ``inProgress``), writes ``model`` and
        ``reasoning_effort`` on the thread row and gives it a new ``updated_at_ms``.
        """
        record = TurnRecord(
            thread_id=thread_id,
            turn_id=turn_id,
            root_turn_id=root_turn_id,
            rollout_ordinal=rollout_ordinal,
            status="inProgress",
            error=None,
            started_at=now_ms() // 1000 if started_at is None else started_at,
            completed_at=None,
            duration_ms=None,
            model=model,
            reasoning_effort=reasoning_effort,
            items=[],
        )
        with write_transaction(self.engine) as connection:
            _thread_rows.update(
                connection,
                thread_id,
                {"model": model, "reasoning_effort": reasoning_effort},
                touch=True,
            )
            _turn_rows.upsert(connection, record)
        return record

    def complete_turn(
        self,
        thread_id: str,
        turn_id: str,
        *,
        status: TurnStatus,
        error: dict[str, Any] | None = None,
        completed_at: int | None = None,
        duration_ms: int | None = None,
        items: list[dict[str, Any]] | None = None,
    ) -> TurnRecord:
        """Record a turn's end (status, error, completion time, duration, summary items)."""
        values: dict[str, Any] = {
            "status": status,
            "completed_at": now_ms() // 1000 if completed_at is None else completed_at,
            "duration_ms": duration_ms,
        }
        if error is not None:
            values["error"] = error
        if items is not None:
            values["items"] = items
        with write_transaction(self.engine) as connection:
            current = _turn_rows.get(connection, thread_id, turn_id)
            updated = TurnRecord(**{**_turn_fields(current), **values})
            _turn_rows.upsert(connection, updated)
            return updated

    def upsert_turn(self, record: TurnRecord) -> None:
        """Insert or replace one turn row (the rollout writer's and backfill's entry point)."""
        with write_transaction(self.engine) as connection:
            if _thread_rows.find(connection, record.thread_id) is None:
                raise ThreadNotFound(record.thread_id)
            _turn_rows.upsert(connection, record)

    def get_turn(self, thread_id: str, turn_id: str) -> TurnRecord:
        with self.engine.connect() as connection:
            return _turn_rows.get(connection, thread_id, turn_id)

    def list_turns(self, query: TurnListQuery) -> Page[TurnRecord]:
        """One page of a thread's turns by rollout ordinal, with the reference's JSON cursors."""
        with self.engine.connect() as connection:
            return _turn_rows.list_page(connection, query)

    # -- git metadata ----------------------------------------------------------------------

    def update_thread_git_info(
        self, thread_id: str, patch: GitInfoPatch, *, rollout_path: Path | None = None
    ) -> ThreadRecord:
        """Patch the git columns only (never ``updated_at_ms`` or other metadata).

        Omitted keys are kept, None clears, strings are trimmed and must not be empty;
        InvalidGitInfo otherwise. A missing row is repaired from the thread's rollout
        (``rollout_path`` or the one found under ``home``): inserted only if absent, then
        patched. ThreadNotFound when there is neither row nor rollout.
        """
        values = validate_git_patch(dict(patch))
        with write_transaction(self.engine) as connection:
            if _thread_rows.update_columns(connection, thread_id, values) == 0:
                path = rollout_path or find_rollout_path(self.home, thread_id)
                if path is None or not path.exists():
                    raise ThreadNotFound(thread_id)
                summary = summarize_rollout(path)
                if summary.meta.id != thread_id:
                    raise ThreadNotFound(thread_id)
                _thread_rows.insert(connection, summary.to_new_thread())
                _turn_rows.insert_missing(connection, summary.turns)
                _thread_rows.update_columns(connection, thread_id, values)
            return _thread_rows.get(connection, thread_id)

    def reconcile_from_rollout(self, path: Path) -> ThreadRecord:
        """Bring a thread's row in line with its rollout without overriding SQLite.

        Absent row: inserted from the rollout (historical stamps, turns indexed). Present
        row: only gaps are filled (NULL git columns, empty preview/title/cwd/...), missing
        turns are added; stored values, git fields included, always win.
        """
        summary = summarize_rollout(path)
        with write_transaction(self.engine) as connection:
            thread_id = summary.meta.id
            if _thread_rows.find(connection, thread_id) is None:
                _thread_rows.insert(connection, summary.to_new_thread())
            else:
                _backfill.reconcile_row(connection, summary)
            _turn_rows.insert_missing(connection, summary.turns)
            return _thread_rows.get(connection, thread_id)

    # -- backfill --------------------------------------------------------------------------

    def get_backfill_state(self) -> BackfillState | None:
        """The backfill progress row (None before the first run)."""
        return _backfill.get_backfill_state(self.engine)

    def run_backfill(
        self,
        *,
        batch_size: int = _backfill.BATCH_SIZE,
        force: bool = False,
        progress: Callable[[int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> BackfillReport:
        """Index ``<home>/sessions/**/rollout-*.jsonl``; a no-op once complete (unless force).

        Call it at startup: it resumes from the last checkpoint whenever the state is not
        ``complete``. ``should_stop`` is asked before each rollout; when it says so, the run
        checkpoints what it read and returns with status ``running``. See
        ``spindle_state.threads._backfill`` for the algorithm.
        """
        return _backfill.run_backfill(
            self.engine,
            self.home,
            batch_size=batch_size,
            force=force,
            progress=progress,
            should_stop=should_stop,
        )

    # -- thread memory ---------------------------------------------------------------------

    def get_thread_memory(self, thread_id: str) -> ThreadMemory | None:
        with self.engine.connect() as connection:
            return _thread_memory.get(connection, thread_id)

    def upsert_thread_memory(
        self, thread_id: str, trace_summary: str, memory_summary: str
    ) -> ThreadMemory:
        """Write the thread's memory row; ``updated_at`` always advances (ms, strictly)."""
        with write_transaction(self.engine) as connection:
            return _thread_memory.upsert(connection, thread_id, trace_summary, memory_summary)

    def last_n_thread_memories_for_cwd(self, cwd: str, n: int) -> list[ThreadMemory]:
        """Newest first (updated_at, then thread id), threads whose cwd equals ``cwd``."""
        with self.engine.connect() as connection:
            return _thread_memory.last_n_for_cwd(connection, cwd, n)

    # -- read receipts -----------------------------------------------------------------------

    def get_read_receipt(self, thread_id: str) -> ReadReceipt | None:
        """The stored receipt, or None when the thread's read state never changed."""
        with self.point_reader() as connection:
            return _read_receipts.get(connection, thread_id)

    def get_read_receipts(self, thread_ids: Iterable[str]) -> dict[str, ReadReceipt]:
        """Stored receipts of these threads, by thread id (threads without one are absent)."""
        with self.point_reader() as connection:
            return _read_receipts.get_many(connection, thread_ids)

    def mark_turn_unread(self, thread_id: str, turn_id: str) -> ReadReceipt:
        """A finished turn becomes the first unread one unless an earlier one is; new revision."""
        with write_transaction(self.engine) as connection:
            return _read_receipts.mark_turn_unread(connection, thread_id, turn_id)

    def update_read_receipt(
        self, thread_id: str, expected_revision: str, operation: Literal["read", "unread"]
    ) -> ReadReceipt:
        """Mark read or unread (from the thread's start); ReadStateConflict when the thread's
        revision is not ``expected_revision``, ThreadNotFound without a thread row."""
        with write_transaction(self.engine) as connection:
            return _read_receipts.update(connection, thread_id, expected_revision, operation)


def _turn_fields(record: TurnRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in TurnRecord.__slots__}
