"""thread_read_receipts: finished turns become unread, read/unread with a revision guard, and
the receipt survives closing and reopening the store (R25)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from spindle_state import (
    NewThread,
    ReadStateConflict,
    StateStore,
    ThreadNotFound,
    initial_read_revision,
    open_store,
)

pytestmark = pytest.mark.requirement("R25")


def tid(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


def test_no_receipt_until_something_happens(store: StateStore) -> None:
    store.create_thread(NewThread(id=tid(n=1)))
    assert store.get_read_receipt(tid(n=1)) is None
    assert store.get_read_receipts([tid(n=1), tid(n=2)]) == {}
    assert store.get_read_receipts([]) == {}


def test_first_finished_turn_stays_the_first_unread_one(store: StateStore) -> None:
    store.create_thread(NewThread(id=tid(n=1)))
    first = store.mark_turn_unread(tid(n=1), "turn-a")
    second = store.mark_turn_unread(tid(n=1), "turn-b")
    assert (first.first_unread_kind, first.first_unread_turn_id) == ("turn", "turn-a")
    assert (second.first_unread_kind, second.first_unread_turn_id) == ("turn", "turn-a")
    assert second.revision != first.revision
    assert store.get_read_receipt(tid(n=1)) == second
    assert store.get_read_receipts([tid(n=1)]) == {tid(n=1): second}


def test_read_then_a_new_turn_is_unread_again(store: StateStore) -> None:
    store.create_thread(NewThread(id=tid(n=1)))
    unread = store.mark_turn_unread(tid(n=1), "turn-a")
    read = store.update_read_receipt(tid(n=1), unread.revision, "read")
    assert (read.first_unread_kind, read.first_unread_turn_id) == (None, None)
    assert read.revision not in (unread.revision, initial_read_revision(tid(n=1)))
    again = store.mark_turn_unread(tid(n=1), "turn-b")
    assert (again.first_unread_kind, again.first_unread_turn_id) == ("turn", "turn-b")


def test_unread_marks_the_thread_start_and_keeps_it(store: StateStore) -> None:
    store.create_thread(NewThread(id=tid(n=1)))
    marked = store.update_read_receipt(tid(n=1), initial_read_revision(tid(n=1)), "unread")
    assert (marked.first_unread_kind, marked.first_unread_turn_id) == ("thread_start", None)
    later = store.mark_turn_unread(tid(n=1), "turn-a")
    assert later.first_unread_kind == "thread_start"


def test_a_stale_revision_is_a_conflict_carrying_the_current_receipt(store: StateStore) -> None:
    store.create_thread(NewThread(id=tid(n=1)))
    unread = store.mark_turn_unread(tid(n=1), "turn-a")
    read = store.update_read_receipt(tid(n=1), unread.revision, "read")
    with pytest.raises(ReadStateConflict) as raised:
        store.update_read_receipt(tid(n=1), unread.revision, "unread")
    assert raised.value.current == read
    assert store.get_read_receipt(tid(n=1)) == read
    with pytest.raises(ReadStateConflict) as initial:
        store.create_thread(NewThread(id=tid(n=2)))
        store.update_read_receipt(tid(n=2), "made-up", "read")
    assert initial.value.current.revision == initial_read_revision(tid(n=2))
    assert store.get_read_receipt(tid(n=2)) is None


def test_unknown_thread(store: StateStore) -> None:
    with pytest.raises(ThreadNotFound):
        store.mark_turn_unread(tid(n=9), "turn")
    with pytest.raises(ThreadNotFound):
        store.update_read_receipt(tid(n=9), initial_read_revision(tid(n=9)), "read")


def test_receipt_is_deleted_with_its_thread(store: StateStore) -> None:
    store.create_thread(NewThread(id=tid(n=1)))
    store.mark_turn_unread(tid(n=1), "turn-a")
    with store.engine.begin() as connection:
        connection.execute(sa.text(f"DELETE FROM threads WHERE id = '{tid(1)}'"))
    assert store.get_read_receipt(tid(n=1)) is None


def test_receipt_survives_reopening_the_store(home: Path, db_url: str | None) -> None:
    with open_store(home, url=db_url) as first:
        first.create_thread(NewThread(id=tid(n=1)))
        written = first.mark_turn_unread(tid(n=1), "turn-a")
    with open_store(home, url=db_url) as reopened:
        assert reopened.get_read_receipt(tid(n=1)) == written


def test_point_reads_see_what_another_store_commits_after_them(
    home: Path, db_url: str | None
) -> None:
    # A reader keeps its connection between point reads (on SQLite): it must hold no
    # snapshot, so every read sees the latest commit, from this process or another store.
    with open_store(home, db_url) as reader, open_store(home, db_url) as writer:
        writer.create_thread(NewThread(id=tid(n=1)))
        record, receipt = reader.find_thread_and_receipt(tid(n=1))
        assert record is not None and record.id == tid(n=1)
        assert receipt is None
        marked = writer.mark_turn_unread(tid(n=1), "turn-a")
        assert reader.find_thread_and_receipt(tid(n=1))[1] == marked
        assert reader.get_read_receipt(tid(n=1)) == marked
        writer.delete_thread(tid(n=1))
        assert reader.find_thread_and_receipt(tid(n=1)) == (None, None)
        assert reader.find_thread(tid(n=1)) is None
