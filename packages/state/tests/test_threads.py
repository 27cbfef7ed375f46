"""Thread rows: create/get/update, unique millisecond stamps, latest model (R6, R12, R16)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from spindle_state import (
    GitInfo,
    NewThread,
    StateStore,
    ThreadAlreadyExists,
    ThreadNotFound,
    open_store,
)


def tid(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


def test_create_then_get_returns_every_column(store: StateStore) -> None:
    created = store.create_thread(
        NewThread(
            id=tid(n=1),
            rollout_path="/r.jsonl",
            created_at_ms=1_795_896_990_960,
            source="vscode",
            thread_source="probe",
            originator="probe",
            model_provider="mock",
            model="mock-model",
            reasoning_effort="high",
            cwd="/work",
            title="Say hello",
            preview="Say hello",
            first_user_message="Say hello",
            cli_version="0.169.0",
            git=GitInfo("abc", "main", "https://example.invalid/r.git"),
            tokens_used=110,
            forked_from_id=tid(n=9),
            agent_path="/root/x",
            agent_nickname="x",
            agent_role="worker",
        )
    )
    assert created.created_at_ms == 1_795_896_990_960
    assert created.created_at == 1_795_896_990
    assert store.get_thread(tid(n=1)) == created
    assert created.thread_source == "probe"
    assert created.git == GitInfo("abc", "main", "https://example.invalid/r.git")
    assert created.history_mode == "paginated"
    assert created.archived is False


def test_get_unknown_thread_raises_thread_not_found(store: StateStore) -> None:
    with pytest.raises(ThreadNotFound, match=tid(n=5)):
        store.get_thread(tid(n=5))
    assert store.find_thread(tid(n=5)) is None


def test_create_twice_raises_and_ensure_inserts_only_if_absent(store: StateStore) -> None:
    first = store.create_thread(NewThread(id=tid(n=1), preview="one"))
    with pytest.raises(ThreadAlreadyExists):
        store.create_thread(NewThread(id=tid(n=1), preview="two"))
    again, inserted = store.ensure_thread(NewThread(id=tid(n=1), preview="three"))
    assert (again, inserted) == (first, False)
    other, inserted = store.ensure_thread(NewThread(id=tid(n=2), preview="four"))
    assert inserted and other.preview == "four"


@pytest.mark.requirement("R6")
def test_colliding_explicit_stamps_are_bumped_by_one_until_unique(store: StateStore) -> None:
    stamps = [
        store.create_thread(NewThread(id=tid(i), created_at_ms=5_000, updated_at_ms=5_000))
        for i in range(5)
    ]
    assert [t.created_at_ms for t in stamps] == [5_000, 5_001, 5_002, 5_003, 5_004]
    assert [t.updated_at_ms for t in stamps] == [5_000, 5_001, 5_002, 5_003, 5_004]
    # A historic stamp below existing ones keeps its value when it is free...
    assert store.create_thread(NewThread(id=tid(n=10), created_at_ms=4_000)).created_at_ms == 4_000
    # ...and jumps over a contiguous run when it is not.
    assert store.create_thread(NewThread(id=tid(n=11), created_at_ms=5_001)).created_at_ms == 5_005


@pytest.mark.requirement("R6")
def test_live_stamps_strictly_increase_and_stay_unique(store: StateStore) -> None:
    rows = [store.create_thread(NewThread(id=tid(i), preview="p")) for i in range(50)]
    created = [r.created_at_ms for r in rows]
    assert created == sorted(set(created))
    touched = [store.touch_thread(tid(i)).updated_at_ms for i in range(50)]
    assert touched == sorted(set(touched))
    assert touched[0] > max(r.updated_at_ms for r in rows)
    with store.engine.connect() as connection:
        for column in ("created_at_ms", "updated_at_ms"):
            distinct = connection.execute(
                sa.text(f"SELECT COUNT(DISTINCT {column}), COUNT(*) FROM threads")
            ).one()
            assert distinct[0] == distinct[1] == 50


@pytest.mark.requirement("R6")
def test_unique_constraints_reject_a_duplicate_stamp_written_directly(store: StateStore) -> None:
    store.create_thread(NewThread(id=tid(n=1), created_at_ms=7_000, updated_at_ms=7_000))
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO threads (id, created_at_ms, updated_at_ms) "
                f"VALUES ('{tid(2)}', 7000, 9000)"
            )
        )


def test_update_changes_given_columns_and_touch_controls_updated_at(store: StateStore) -> None:
    original = store.create_thread(NewThread(id=tid(n=1), title="t", preview="p"))
    quiet = store.update_thread(tid(n=1), {"name": "named"}, touch=False)
    assert quiet.name == "named"
    assert quiet.updated_at_ms == original.updated_at_ms
    loud = store.update_thread(tid(n=1), {"preview": "new", "tokens_used": 42})
    assert (loud.preview, loud.tokens_used, loud.title) == ("new", 42, "t")
    assert loud.updated_at_ms > original.updated_at_ms
    assert loud.created_at_ms == original.created_at_ms
    with pytest.raises(ThreadNotFound):
        store.update_thread(tid(n=2), {"preview": "x"})


def test_update_refuses_columns_it_does_not_own(store: StateStore) -> None:
    store.create_thread(NewThread(id=tid(n=1)))
    with pytest.raises(TypeError, match="git_sha"):
        store.update_thread(tid(n=1), {"git_sha": "x"})  # type: ignore[typeddict-unknown-key]


def test_upsert_keeps_created_stamp_archive_name_and_stored_git(store: StateStore) -> None:
    store.create_thread(
        NewThread(
            id=tid(n=1),
            preview="old",
            name="kept",
            git=GitInfo("sqlite-sha", branch=None, origin_url=None),
        )
    )
    before = store.archive_thread(tid(n=1))
    after = store.upsert_thread(
        NewThread(
            id=tid(n=1),
            preview="new",
            created_at_ms=1,
            git=GitInfo("rollout-sha", "rollout-branch", origin_url=None),
        )
    )
    assert after.preview == "new"
    assert after.created_at_ms == before.created_at_ms
    assert after.archived and after.name == "kept"
    assert after.git == GitInfo("sqlite-sha", "rollout-branch", origin_url=None)
    assert after.updated_at_ms > before.updated_at_ms
    inserted = store.upsert_thread(NewThread(id=tid(n=2), preview="fresh"))
    assert inserted.preview == "fresh"


def test_archive_and_unarchive(store: StateStore) -> None:
    created = store.create_thread(NewThread(id=tid(n=1), preview="p"))
    archived = store.archive_thread(tid(n=1), rollout_path="/archived/r.jsonl", archived_at=123)
    assert (archived.archived, archived.archived_at, archived.rollout_path) == (
        True,
        123,
        "/archived/r.jsonl",
    )
    assert archived.updated_at_ms == created.updated_at_ms
    restored = store.unarchive_thread(tid(n=1))
    assert (restored.archived, restored.archived_at) == (False, None)
    with pytest.raises(ThreadNotFound):
        store.archive_thread(tid(n=2))


def test_delete_cascades_to_turns_and_memory(store: StateStore) -> None:
    store.create_thread(NewThread(id=tid(n=1), preview="p"))
    store.start_turn(tid(n=1), "turn-1", rollout_ordinal=1, model="m", reasoning_effort=None)
    store.upsert_thread_memory(tid(n=1), "trace", "memory")
    assert store.delete_thread(tid(n=1)) is True
    assert store.delete_thread(tid(n=1)) is False
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT COUNT(*) FROM turns")).scalar() == 0
        assert connection.execute(sa.text("SELECT COUNT(*) FROM thread_memory")).scalar() == 0


@pytest.mark.requirement("R12")
def test_latest_model_and_effort_are_written_when_a_turn_starts(
    store: StateStore, home: Path, db_url: str | None
) -> None:
    created = store.create_thread(NewThread(id=tid(n=1), preview="p", model="initial"))
    assert store.get_latest_model(tid(n=1)).model == "initial"
    store.start_turn(tid(n=1), "turn-1", rollout_ordinal=5, model="gpt-a", reasoning_effort="low")
    store.start_turn(tid(n=1), "turn-2", rollout_ordinal=9, model="gpt-b", reasoning_effort="high")
    latest = store.get_latest_model(tid(n=1))
    assert (latest.model, latest.reasoning_effort) == ("gpt-b", "high")
    assert store.get_thread(tid(n=1)).updated_at_ms > created.updated_at_ms
    # A reopened store (a later resume) reads the same values back.
    with open_store(home, db_url) as reopened:
        again = reopened.get_latest_model(tid(n=1))
        assert (again.model, again.reasoning_effort) == ("gpt-b", "high")
        assert reopened.get_thread(tid(n=1)).model == "gpt-b"
        assert reopened.get_turn(tid(n=1), "turn-2").model == "gpt-b"
        assert reopened.get_turn(tid(n=1), "turn-1").reasoning_effort == "low"


@pytest.mark.requirement("R12")
def test_latest_model_survives_reopen(home: Path, db_url: str | None) -> None:
    with open_store(home, db_url) as first:
        first.create_thread(NewThread(id=tid(n=1), preview="p"))
        first.start_turn(tid(n=1), "t", rollout_ordinal=1, model="m1", reasoning_effort="medium")
    with open_store(home, db_url) as second:
        latest = second.get_latest_model(tid(n=1))
    assert (latest.model, latest.reasoning_effort) == ("m1", "medium")


def test_start_turn_on_unknown_thread_raises(store: StateStore) -> None:
    with pytest.raises(ThreadNotFound):
        store.start_turn(tid(n=1), "t", rollout_ordinal=1, model="m", reasoning_effort=None)


@pytest.mark.requirement("R16")
def test_summary_columns_come_from_the_row_without_a_rollout(store: StateStore) -> None:
    store.create_thread(
        NewThread(
            id=tid(n=1),
            rollout_path="/does/not/exist.jsonl",
            title="title",
            preview="preview",
            cwd="/w",
            cli_version="0.1.0",
            git=GitInfo("s", "b", "o"),
        )
    )
    page = store.list_threads()
    [row] = page.items
    assert (row.title, row.preview, row.cwd, row.cli_version, row.git) == (
        "title",
        "preview",
        "/w",
        "0.1.0",
        GitInfo("s", "b", "o"),
    )
