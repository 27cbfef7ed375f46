"""Property: walk forward, then catch up backwards, under interleaved writes (R6).

Pages of ``list_threads`` are fetched while random inserts and updates land between pages.
Walking forward with ``next_cursor`` from page 1, then catching up with page 1's
``backwards_cursor`` in the opposite direction (also under writes), visits every row
version exactly once: the only repeat is page 1's first item, which the catch-up returns
again by design (the reference's ms-key semantics). Every row's final version is visited.
"""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spindle_state import NewThread, SortKey, StateStore, ThreadRecord

pytestmark = pytest.mark.requirement("R6")

Version = tuple[str, int]

operations = st.lists(
    st.lists(st.tuples(st.booleans(), st.integers(min_value=0, max_value=10_000)), max_size=6),
    max_size=14,
)


def _version(thread: ThreadRecord, sort_key: SortKey) -> Version:
    stamp = thread.created_at_ms if sort_key == "created_at" else thread.updated_at_ms
    return (thread.id, stamp)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    initial=st.integers(min_value=0, max_value=25),
    limit=st.integers(min_value=1, max_value=6),
    sort_key=st.sampled_from(["created_at", "updated_at"]),
    batches=operations,
)
def test_forward_walk_then_catch_up_visits_every_version_once(
    store: StateStore,
    initial: int,
    limit: int,
    sort_key: SortKey,
    batches: list[list[tuple[bool, int]]],
) -> None:
    with store.engine.begin() as connection:
        for table in ("thread_memory", "turns", "threads"):
            connection.execute(sa.text(f"DELETE FROM {table}"))
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

    first = store.list_threads(limit=limit, sort_key=sort_key)
    forward = [_version(t, sort_key) for t in first.items]
    cursor = first.next_cursor
    while cursor is not None:
        interleave()
        page = store.list_threads(limit=limit, sort_key=sort_key, cursor=cursor)
        forward.extend(_version(t, sort_key) for t in page.items)
        cursor = page.next_cursor
    interleave()

    catch_up: list[Version] = []
    cursor = first.backwards_cursor
    while True:
        page = store.list_threads(
            limit=limit, sort_key=sort_key, sort_direction="asc", cursor=cursor
        )
        catch_up.extend(_version(t, sort_key) for t in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
        interleave()

    counts = Counter(forward + catch_up)
    anchor = _version(first.items[0], sort_key) if first.items else None
    repeated = {version: n for version, n in counts.items() if n > 1}
    with store.engine.connect() as connection:
        column = "created_at_ms" if sort_key == "created_at" else "updated_at_ms"
        final = {
            (row[0], row[1])
            for row in connection.execute(sa.text(f"SELECT id, {column} FROM threads"))
        }
    # Only the anchor repeats (twice at most): the catch-up starts with it again, unless it
    # was rewritten before the catch-up reached it.
    assert set(repeated) <= {anchor} and all(n == 2 for n in repeated.values())
    if anchor is not None and anchor in final:
        assert repeated == {anchor: 2}
    assert final <= set(counts)
    # Versions seen but no longer current belong to rows rewritten after page 1 was loaded.
    if anchor is not None:
        stale = set(counts) - final
        current = dict(final)
        assert all(current[thread_id] > anchor[1] for thread_id, _ in stale)
    # Forward and catch-up each list every version at most once.
    assert len(forward) == len(set(forward)) and len(catch_up) == len(set(catch_up))
