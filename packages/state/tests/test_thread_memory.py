"""thread_memory rows: get, upsert (always advances), newest N per cwd (R18)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from spindle_state import NewThread, StateStore, ThreadNotFound

pytestmark = pytest.mark.requirement("R18")


def tid(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


def test_get_missing_returns_none_and_upsert_needs_a_thread(store: StateStore) -> None:
    assert store.get_thread_memory(tid(n=1)) is None
    with pytest.raises(ThreadNotFound):
        store.upsert_thread_memory(tid(n=1), "t", "m")


def test_upsert_writes_and_always_advances_updated_at(store: StateStore) -> None:
    store.create_thread(NewThread(id=tid(n=1)))
    stamps = [store.upsert_thread_memory(tid(n=1), "same", "same").updated_at for _ in range(20)]
    assert stamps == sorted(set(stamps))
    stored = store.get_thread_memory(tid(n=1))
    assert stored is not None
    assert (stored.trace_summary, stored.memory_summary, stored.updated_at) == (
        "same",
        "same",
        stamps[-1],
    )
    changed = store.upsert_thread_memory(tid(n=1), "trace 2", "memory 2")
    assert changed.updated_at > stamps[-1]
    assert store.get_thread_memory(tid(n=1)) == changed


def test_last_n_for_cwd_newest_first_exact_match(store: StateStore) -> None:
    for n, cwd in enumerate(["/a", "/a", "/a/b", "/a", "/b"], start=1):
        store.create_thread(NewThread(id=tid(n), cwd=cwd))
        store.upsert_thread_memory(tid(n), f"trace {n}", f"memory {n}")
    store.upsert_thread_memory(tid(n=1), "again", "again")
    newest = store.last_n_thread_memories_for_cwd("/a", 2)
    assert [m.thread_id for m in newest] == [tid(n=1), tid(n=4)]
    assert [m.thread_id for m in store.last_n_thread_memories_for_cwd("/a", 10)] == [
        tid(n=1),
        tid(n=4),
        tid(n=2),
    ]
    assert store.last_n_thread_memories_for_cwd("/a", 0) == []
    assert store.last_n_thread_memories_for_cwd("/nowhere", 3) == []


def test_memory_row_is_deleted_with_its_thread(store: StateStore) -> None:
    store.create_thread(NewThread(id=tid(n=1)))
    store.upsert_thread_memory(tid(n=1), "t", "m")
    with store.engine.begin() as connection:
        connection.execute(sa.text(f"DELETE FROM threads WHERE id = '{tid(1)}'"))
    assert store.get_thread_memory(tid(n=1)) is None


def test_updated_at_index_exists(store: StateStore) -> None:
    indexes = sa.inspect(store.engine).get_indexes("thread_memory")
    assert [ix["name"] for ix in indexes] == ["ix_thread_memory_updated_at_thread_id"]
