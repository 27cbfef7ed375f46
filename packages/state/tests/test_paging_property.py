"""Property: page one way, catch up the other way, under interleaved writes (R6).

Pages of ``list_threads`` (and ``list_turns``) are fetched while random inserts and updates
land between pages. Walking with ``next_cursor`` from page 1 in either direction, then
catching up with page 1's ``backwards_cursor`` in the opposite direction (also under
writes), visits every row version at most once (no duplicates, not even page 1's first
item) and visits every row's final version (no misses).
"""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spindle_state import (
    NewThread,
    SortDirection,
    SortKey,
    StateStore,
    ThreadListQuery,
    ThreadRecord,
    TurnListQuery,
)

pytestmark = pytest.mark.requirement("R6")

Version = tuple[str, int]

operations = st.lists(
    st.lists(st.tuples(st.booleans(), st.integers(min_value=0, max_value=10_000)), max_size=6),
    max_size=14,
)
SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _opposite(direction: SortDirection) -> SortDirection:
    return "asc" if direction == "desc" else "desc"


def _version(thread: ThreadRecord, sort_key: SortKey) -> Version:
    stamp = thread.created_at_ms if sort_key == "created_at" else thread.updated_at_ms
    return (thread.id, stamp)


def _clear(store: StateStore) -> None:
    with store.engine.begin() as connection:
        for table in ("thread_memory", "turns", "threads"):
            connection.execute(sa.text(f"DELETE FROM {table}"))


@SETTINGS
@given(
    initial=st.integers(min_value=0, max_value=25),
    limit=st.integers(min_value=1, max_value=6),
    sort_key=st.sampled_from(["created_at", "updated_at"]),
    direction=st.sampled_from(["desc", "asc"]),
    batches=operations,
)
def test_walk_then_catch_up_visits_every_version_exactly_once(
    store: StateStore,
    initial: int,
    limit: int,
    sort_key: SortKey,
    direction: SortDirection,
    batches: list[list[tuple[bool, int]]],
) -> None:
    _clear(store)
    ids: list[str] = []

    def insert() -> None:
        thread_id = f"00000000-0000-7000-8000-{len(ids):012d}"
        store.create_thread(NewThread(id=thread_id, preview=f"p{len(ids)}"))
        ids.append(thread_id)

    for _ in range(initial):
        insert()
    pending = iter(batches)

    def interleave() -> None:
        for is_insert, pick in next(pending, []):
            if is_insert or not ids:
                insert()
            else:
                store.touch_thread(ids[pick % len(ids)])

    # Writes land at the newest end. They may happen whenever a later walk towards the newest
    # end follows: always on the desc-then-asc round trip, and only during the forward walk
    # on the asc-then-desc one (its catch-up walks away from them).
    writes_after_forward = direction == "desc"

    def walk(first_cursor: str | None, towards: SortDirection, writes: bool) -> list[Version]:
        seen: list[Version] = []
        cursor = first_cursor
        while True:
            page = store.list_threads(
                ThreadListQuery(
                    limit=limit, sort_key=sort_key, sort_direction=towards, cursor=cursor
                )
            )
            seen.extend(_version(t, sort_key) for t in page.items)
            if page.next_cursor is None:
                return seen
            cursor = page.next_cursor
            if writes:
                interleave()

    first = store.list_threads(
        ThreadListQuery(limit=limit, sort_key=sort_key, sort_direction=direction)
    )
    forward = [_version(t, sort_key) for t in first.items]
    if first.next_cursor is not None:
        interleave()
        forward += walk(first.next_cursor, direction, writes=True)
    if writes_after_forward:
        interleave()
    if first.items:
        catch_up = walk(first.backwards_cursor, _opposite(direction), writes_after_forward)
    else:
        # An empty first page has no cursors: the catch-up is a fresh listing.
        catch_up = walk(None, "asc", writes=False)

    counts = Counter(forward + catch_up)
    assert [v for v, n in counts.items() if n > 1] == [], "no version is listed twice"
    with store.engine.connect() as connection:
        column = "created_at_ms" if sort_key == "created_at" else "updated_at_ms"
        final = {
            (row[0], row[1])
            for row in connection.execute(sa.text(f"SELECT id, {column} FROM threads"))
        }
    assert final - set(counts) == set(), "every current row version is listed"


@SETTINGS
@given(
    initial=st.integers(min_value=0, max_value=12),
    limit=st.integers(min_value=1, max_value=5),
    direction=st.sampled_from(["desc", "asc"]),
    batches=st.lists(st.integers(min_value=0, max_value=3), max_size=10),
)
def test_turn_pages_then_catch_up_list_every_turn_exactly_once(
    store: StateStore,
    initial: int,
    limit: int,
    direction: SortDirection,
    batches: list[int],
) -> None:
    _clear(store)
    thread = "00000000-0000-7000-8000-000000000001"
    store.create_thread(NewThread(id=thread, preview="p"))
    started: list[str] = []

    def start_turns(count: int) -> None:
        for _ in range(count):
            turn_id = f"turn-{len(started)}"
            store.start_turn(
                thread, turn_id, rollout_ordinal=10 * len(started) + 1, model="m",
                reasoning_effort=None,
            )  # fmt: skip
            started.append(turn_id)

    start_turns(initial)
    pending = iter(batches)

    writes_after_forward = direction == "desc"  # as for threads: new turns are the newest

    def walk(first_cursor: str | None, towards: SortDirection, writes: bool) -> list[str]:
        seen: list[str] = []
        cursor = first_cursor
        while True:
            page = store.list_turns(
                TurnListQuery(thread, limit=limit, sort_direction=towards, cursor=cursor)
            )
            seen.extend(t.turn_id for t in page.items)
            if page.next_cursor is None:
                return seen
            cursor = page.next_cursor
            if writes:
                start_turns(next(pending, 0))

    first = store.list_turns(TurnListQuery(thread, limit=limit, sort_direction=direction))
    listed = [t.turn_id for t in first.items]
    if first.next_cursor is not None:
        start_turns(next(pending, 0))
        listed += walk(first.next_cursor, direction, writes=True)
    if writes_after_forward:
        start_turns(next(pending, 0))
    if first.items:
        listed += walk(first.backwards_cursor, _opposite(direction), writes_after_forward)
    else:
        listed += walk(None, "asc", writes=False)
    assert sorted(listed) == sorted(started), "every turn exactly once"
