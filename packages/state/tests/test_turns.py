"""Turns index and list_turns paging with the reference's JSON cursors (R6)."""

from __future__ import annotations

import json

import pytest
from spindle_state import (
    InvalidCursor,
    NewThread,
    StateStore,
    ThreadNotFound,
    TurnListQuery,
    TurnNotFound,
    TurnRecord,
)

THREAD = "00000000-0000-7000-8000-000000000001"


def seed(store: StateStore, count: int) -> None:
    store.create_thread(NewThread(id=THREAD, preview="p"))
    for n in range(count):
        store.start_turn(
            THREAD, f"turn-{n}", rollout_ordinal=10 * n + 1, model="m", reasoning_effort=None
        )


def turn_ids(items: list[TurnRecord]) -> list[int]:
    return [int(t.turn_id.split("-")[1]) for t in items]


def test_start_then_complete_records_the_turn(store: StateStore) -> None:
    seed(store, count=1)
    started = store.get_turn(THREAD, "turn-0")
    assert (started.status, started.completed_at, started.items) == ("inProgress", None, [])
    items = [{"type": "UserMessage", "id": "u1", "content": [{"type": "text", "text": "hi"}]}]
    done = store.complete_turn(
        THREAD, "turn-0", status="failed", error={"message": "boom"}, completed_at=99,
        duration_ms=45, items=items,
    )  # fmt: skip
    assert store.get_turn(THREAD, "turn-0") == done
    assert (done.status, done.error, done.completed_at, done.duration_ms, done.items) == (
        "failed",
        {"message": "boom"},
        99,
        45,
        items,
    )
    with pytest.raises(TurnNotFound):
        store.complete_turn(THREAD, "nope", status="completed")


def test_upsert_turn_requires_the_thread(store: StateStore) -> None:
    record = TurnRecord(
        THREAD,
        "t",
        root_turn_id=None,
        rollout_ordinal=1,
        status="completed",
        error=None,
        started_at=1,
        completed_at=2,
        duration_ms=3,
        model=None,
        reasoning_effort=None,
        items=[],
    )
    with pytest.raises(ThreadNotFound):
        store.upsert_turn(record)
    store.create_thread(NewThread(id=THREAD))
    store.upsert_turn(record)
    assert store.get_turn(THREAD, "t") == record


def test_default_desc_pages_and_json_cursors(store: StateStore) -> None:
    seed(store, count=5)
    first = store.list_turns(TurnListQuery(THREAD, limit=2))
    assert turn_ids(first.items) == [4, 3]
    assert first.next_cursor == (
        f'{{"requestedThreadId":"{THREAD}","rolloutOrdinal":31,"includeAnchor":false,'
        '"scope":{"kind":"turns"}}'
    )
    assert json.loads(first.backwards_cursor or "") == {
        "requestedThreadId": THREAD,
        "rolloutOrdinal": 41,
        "includeAnchor": True,
        "scope": {"kind": "turns"},
    }
    second = store.list_turns(TurnListQuery(THREAD, limit=2, cursor=first.next_cursor))
    third = store.list_turns(TurnListQuery(THREAD, limit=2, cursor=second.next_cursor))
    assert (turn_ids(second.items), turn_ids(third.items)) == ([2, 1], [0])
    assert third.next_cursor is None
    assert turn_ids(store.list_turns(TurnListQuery(THREAD, sort_direction="asc")).items) == [
        0,
        1,
        2,
        3,
        4,
    ]


def test_backwards_cursor_with_opposite_direction_excludes_the_anchor(store: StateStore) -> None:
    seed(store, count=5)
    first = store.list_turns(TurnListQuery(THREAD, limit=2))
    assert (
        turn_ids(
            store.list_turns(
                TurnListQuery(THREAD, sort_direction="asc", cursor=first.backwards_cursor)
            ).items
        )
        == []
    )
    second = store.list_turns(TurnListQuery(THREAD, limit=2, cursor=first.next_cursor))
    back = store.list_turns(
        TurnListQuery(THREAD, sort_direction="asc", cursor=second.backwards_cursor)
    )
    assert turn_ids(back.items) == [3, 4]
    asc = store.list_turns(TurnListQuery(THREAD, limit=2, sort_direction="asc"))
    assert (
        turn_ids(store.list_turns(TurnListQuery(THREAD, cursor=asc.backwards_cursor)).items) == []
    )
    later = store.list_turns(
        TurnListQuery(THREAD, limit=2, sort_direction="asc", cursor=asc.next_cursor)
    )
    assert turn_ids(
        store.list_turns(TurnListQuery(THREAD, cursor=later.backwards_cursor)).items
    ) == [1, 0]


def test_a_backwards_cursor_reads_like_the_references_but_never_repeats_its_anchor(
    store: StateStore,
) -> None:
    seed(store, count=3)
    first = store.list_turns(TurnListQuery(THREAD, limit=1))
    assert '"includeAnchor":true' in (first.backwards_cursor or "")
    # The reference would return turn 2 again here; catching up must return nothing new.
    back = store.list_turns(
        TurnListQuery(THREAD, sort_direction="asc", cursor=first.backwards_cursor)
    )
    assert turn_ids(back.items) == []
    # Same in the page's own direction: the anchor is not repeated.
    again = store.list_turns(TurnListQuery(THREAD, cursor=first.backwards_cursor))
    assert turn_ids(again.items) == [1, 0]


def test_limit_zero_acts_as_one_and_empty_thread_has_null_cursors(store: StateStore) -> None:
    seed(store, count=3)
    assert len(store.list_turns(TurnListQuery(THREAD, limit=0)).items) == 1
    store.create_thread(NewThread(id="00000000-0000-7000-8000-000000000002"))
    empty = store.list_turns(TurnListQuery("00000000-0000-7000-8000-000000000002"))
    assert (empty.items, empty.next_cursor, empty.backwards_cursor) == ([], None, None)


@pytest.mark.parametrize(
    "bad",
    [
        "zzz",
        "[]",
        '{"requestedThreadId":"00000000-0000-7000-8000-000000000009","rolloutOrdinal":1,"includeAnchor":false,"scope":{"kind":"turns"}}',
        f'{{"requestedThreadId":"{THREAD}","rolloutOrdinal":"1","includeAnchor":false,"scope":{{"kind":"turns"}}}}',
        f'{{"requestedThreadId":"{THREAD}","rolloutOrdinal":1,"includeAnchor":false,"scope":{{"kind":"itemsByCreatedAtOrdinal"}}}}',
        f'{{"requestedThreadId":"{THREAD}","rolloutOrdinal":-1,"includeAnchor":false,"scope":{{"kind":"turns"}}}}',
    ],
)
def test_bad_turn_cursor_raises_invalid_cursor(store: StateStore, bad: str) -> None:
    seed(store, count=1)
    with pytest.raises(InvalidCursor) as raised:
        store.list_turns(TurnListQuery(THREAD, cursor=bad))
    assert str(raised.value) == f"invalid cursor: {bad}"
