"""list_threads: limits, filters, reference cursor strings and paging both ways (R6, R16)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from spindle_state import (
    InvalidCursor,
    NewThread,
    SortDirection,
    StateStore,
    ThreadListQuery,
    ThreadRecord,
    open_store,
)
from sqlalchemy import event

BASE = 1_795_896_990_000  # 2026-11-28T20:16:30Z


def tid(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


def make(store: StateStore, n: int, *, at: int | None = None, **fields: object) -> ThreadRecord:
    stamp = BASE + n * 1000 if at is None else at
    fields.setdefault("preview", f"preview {n}")
    return store.create_thread(
        NewThread(id=tid(n), created_at_ms=stamp, updated_at_ms=stamp, **fields)  # type: ignore[arg-type]
    )


def ids(page_items: list[ThreadRecord]) -> list[int]:
    return [int(t.id.rsplit("-", 1)[1]) for t in page_items]


def test_empty_store_lists_nothing_with_null_cursors(store: StateStore) -> None:
    page = store.list_threads()
    assert (page.items, page.next_cursor, page.backwards_cursor) == ([], None, None)


@pytest.mark.parametrize(
    ("limit", "expected"),
    [(None, 25), (0, 1), (-3, 1), (7, 7), (100, 100), (101, 100), (4_294_967_295, 100)],
)
def test_limit_default_clamp_and_zero(store: StateStore, limit: int | None, expected: int) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO threads (id, created_at_ms, updated_at_ms, preview) VALUES (:i, :c, :c, 'p')"
            ),
            [{"i": tid(n), "c": BASE + n} for n in range(120)],
        )
    assert len(store.list_threads(ThreadListQuery(limit=limit)).items) == expected


def test_default_order_is_created_desc_and_both_keys_both_directions(store: StateStore) -> None:
    for n in range(1, 5):
        make(store, n)
    store.touch_thread(tid(n=2))
    assert ids(store.list_threads().items) == [4, 3, 2, 1]
    assert ids(store.list_threads(ThreadListQuery(sort_direction="asc")).items) == [1, 2, 3, 4]
    assert ids(store.list_threads(ThreadListQuery(sort_key="updated_at")).items) == [2, 4, 3, 1]
    assert ids(
        store.list_threads(ThreadListQuery(sort_key="updated_at", sort_direction="asc")).items
    ) == [
        1,
        3,
        4,
        2,
    ]


def test_rows_with_empty_preview_are_hidden(store: StateStore) -> None:
    make(store, n=1)
    make(store, n=2, preview="")
    assert ids(store.list_threads().items) == [1]


def test_archived_rows_are_listed_only_with_archived_true(store: StateStore) -> None:
    make(store, n=1)
    make(store, n=2)
    store.archive_thread(tid(n=2))
    assert ids(store.list_threads().items) == [1]
    assert ids(store.list_threads(ThreadListQuery(archived=True)).items) == [2]


SPAWN = '{"subAgent":{"thread_spawn":{"parent_thread_id":"p","depth":1}}}'


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["cli"], [1]),
        (["vscode"], [2]),
        (["exec"], [3]),
        (["appServer"], [4]),
        (["subAgent"], [9, 8, 7, 6, 5]),
        (["subAgentReview"], [5]),
        (["subAgentCompact"], [6]),
        (["subAgentThreadSpawn"], [8, 7]),
        (["subAgentOther"], [9]),
        (["unknown"], [10]),
        (["cli", "subAgentReview", "unknown"], [10, 5, 1]),
    ],
)
def test_each_source_kind_is_a_filter_of_the_query(
    store: StateStore, kinds: list[str], expected: list[int]
) -> None:
    sources = [
        "cli",
        "vscode",
        "exec",
        "mcp",
        '{"subAgent":"review"}',
        '{"subAgent":"compact"}',
        SPAWN,
        # As a reference rollout spells it (lowercase key, spaces).
        '{"subagent": {"thread_spawn": {"parent_thread_id": "p", "depth": 2}}}',
        '{"subAgent":{"other":"guardian"}}',
        "something-new",
    ]
    for n, source in enumerate(sources, start=1):
        make(store, n=n, source=source)
    assert ids(store.list_threads(ThreadListQuery(source_kinds=kinds)).items) == expected
    # A page is filled by the query, never shortened afterwards.
    first = store.list_threads(ThreadListQuery(source_kinds=kinds, limit=1))
    assert ids(first.items) == expected[:1]
    assert (first.next_cursor is not None) == (len(expected) > 1)


def test_an_unknown_source_kind_is_refused(store: StateStore) -> None:
    with pytest.raises(ValueError, match="unknown source kinds: nope"):
        store.list_threads(ThreadListQuery(source_kinds=["nope"]))


def test_filters_cwd_providers_sources_search_and_excluded(store: StateStore) -> None:
    make(store, n=1, cwd="/a", model_provider="openai", source="vscode", title="Fix the BUG")
    make(store, n=2, cwd="/a/b", model_provider="mock", source="cli", preview="look at bug 7")
    make(store, n=3, cwd="/a", model_provider="mock", source="vscode", title="other")
    assert ids(store.list_threads(ThreadListQuery(cwd="/a")).items) == [3, 1]
    assert ids(store.list_threads(ThreadListQuery(model_providers=[])).items) == [3, 2, 1]
    assert ids(store.list_threads(ThreadListQuery(model_providers=["mock"])).items) == [3, 2]
    assert ids(store.list_threads(ThreadListQuery(source_kinds=["cli"])).items) == [2]
    assert ids(store.list_threads(ThreadListQuery(source_kinds=["appServer"])).items) == []
    assert ids(store.list_threads(ThreadListQuery(search_term="bug")).items) == [2, 1]
    assert ids(store.list_threads(ThreadListQuery(search_term="%")).items) == []
    assert ids(store.list_threads(ThreadListQuery(excluded_thread_ids=[tid(n=3)])).items) == [2, 1]
    assert ids(store.list_threads(ThreadListQuery(cwd="/a", model_providers=["mock"])).items) == [3]


def test_next_cursor_format_is_ms_rfc3339_trimmed_with_id(store: StateStore) -> None:
    make(store, n=1, at=BASE + 760)  # ...:30.76
    make(store, n=2, at=BASE + 1_000)  # ...:31 (whole second)
    make(store, n=3, at=BASE + 2_067)
    first = store.list_threads(ThreadListQuery(limit=1))
    assert first.next_cursor == f"2026-11-28T20:16:32.067Z|{tid(3)}"
    assert first.backwards_cursor == "2026-11-28T20:16:32.067Z"
    second = store.list_threads(ThreadListQuery(limit=1, cursor=first.next_cursor))
    assert second.next_cursor == f"2026-11-28T20:16:31Z|{tid(2)}"
    assert second.backwards_cursor == "2026-11-28T20:16:31Z"
    third = store.list_threads(ThreadListQuery(limit=1, cursor=second.next_cursor))
    assert ids(third.items) == [1]
    assert third.next_cursor is None
    assert third.backwards_cursor == "2026-11-28T20:16:30.76Z"
    asc = store.list_threads(ThreadListQuery(limit=1, sort_direction="asc"))
    assert asc.backwards_cursor == "2026-11-28T20:16:30.76Z"


@pytest.mark.requirement("R6")
def test_backwards_cursors_on_the_reference_examples_exclude_the_anchor(store: StateStore) -> None:
    # Five threads A..E; the reference's doc: desc pages [E,D] [C,B] [A].
    for n in range(1, 6):
        make(store, n)
    pages = []
    cursor = None
    while True:
        page = store.list_threads(ThreadListQuery(limit=2, sort_key="updated_at", cursor=cursor))
        pages.append(page)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert [ids(p.items) for p in pages] == [[5, 4], [3, 2], [1]]

    def back(cursor: str | None, direction: SortDirection) -> list[int]:
        return ids(
            store.list_threads(
                ThreadListQuery(
                    limit=100,
                    sort_key="updated_at",
                    sort_direction=direction,
                    cursor=cursor,
                )
            ).items
        )

    # Unlike the reference (which repeats the anchor), only what lies beyond the page.
    assert back(pages[0].backwards_cursor, "asc") == []
    assert back(pages[1].backwards_cursor, "asc") == [4, 5]
    assert back(pages[2].backwards_cursor, "asc") == [2, 3, 4, 5]
    asc_pages = [
        store.list_threads(ThreadListQuery(limit=2, sort_key="updated_at", sort_direction="asc"))
    ]
    asc_pages.append(
        store.list_threads(
            ThreadListQuery(
                limit=2,
                sort_key="updated_at",
                sort_direction="asc",
                cursor=asc_pages[0].next_cursor,
            )
        )
    )
    assert [ids(p.items) for p in asc_pages] == [[1, 2], [3, 4]]
    assert back(asc_pages[0].backwards_cursor, "desc") == []
    assert back(asc_pages[1].backwards_cursor, "desc") == [2, 1]


@pytest.mark.requirement("R6")
def test_catch_up_returns_exactly_the_rows_written_since(store: StateStore) -> None:
    for n in range(1, 4):
        store.create_thread(NewThread(id=tid(n), preview=f"p{n}"))
    page = store.list_threads(ThreadListQuery(sort_key="updated_at", limit=2))
    assert ids(page.items) == [3, 2]
    store.create_thread(NewThread(id=tid(n=4), preview="p4"))
    store.touch_thread(tid(n=1))
    caught = store.list_threads(
        ThreadListQuery(sort_key="updated_at", sort_direction="asc", cursor=page.backwards_cursor)
    )
    assert ids(caught.items) == [4, 1]
    created = store.list_threads(
        ThreadListQuery(sort_direction="asc", cursor=store.list_threads().backwards_cursor)
    )
    assert ids(created.items) == [], "nothing is newer than the newest row"


def test_cursor_is_accepted_with_any_sort_key_and_without_id(store: StateStore) -> None:
    for n in range(1, 4):
        make(store, n)
    assert ids(store.list_threads(ThreadListQuery(cursor="2100-01-01T00:00:00.000Z")).items) == [
        3,
        2,
        1,
    ]
    assert ids(store.list_threads(ThreadListQuery(cursor="2026-11-28T20:16:32Z")).items) == [1]
    assert ids(store.list_threads(ThreadListQuery(cursor="2026-11-28T21:16:32+01:00")).items) == [1]
    made = store.list_threads(ThreadListQuery(limit=1)).next_cursor
    assert ids(store.list_threads(ThreadListQuery(sort_key="updated_at", cursor=made)).items) == [
        2,
        1,
    ]
    assert ids(
        store.list_threads(
            ThreadListQuery(sort_direction="asc", cursor=f"2026-11-28T20:16:32Z|{tid(1)}")
        ).items
    ) == [2, 3]


@pytest.mark.parametrize(
    "bad",
    [
        "zzz",
        "",
        "2026-11-28T20:16:32Z|not-a-uuid",
        "2026-11-28T20:16:32Z|",
        "2026-11-28 20:16:32Z",
        "2026-13-40T20:16:32Z",
        "1795896990000",
        "2026-11-28T20:16:32Z|00000000-0000-7000-8000-000000000001|x",
    ],
)
def test_malformed_cursor_raises_invalid_cursor_naming_it(store: StateStore, bad: str) -> None:
    make(store, n=1)
    with pytest.raises(InvalidCursor) as raised:
        store.list_threads(ThreadListQuery(cursor=bad))
    assert raised.value.cursor == bad
    assert str(raised.value) == f"invalid cursor: {bad}"


def test_queries_are_keyset_only(store: StateStore) -> None:
    for n in range(1, 30):
        make(store, n)
    statements: list[tuple[str, object]] = []

    def capture(*args: object) -> None:
        statements.append((str(args[2]), args[3]))

    event.listen(store.engine, "before_cursor_execute", capture)
    cursor = None
    for _ in range(5):
        page = store.list_threads(ThreadListQuery(limit=3, cursor=cursor, cwd=None))
        cursor = page.next_cursor
    event.remove(store.engine, "before_cursor_execute", capture)
    selects = [(sql, params) for sql, params in statements if "FROM threads" in sql]
    assert len(selects) == 5
    for sql, params in selects:
        # SQLAlchemy's SQLite dialect always spells "LIMIT ? OFFSET ?"; the offset is 0.
        if "OFFSET" in sql.upper():
            assert sql.rstrip().endswith("OFFSET ?")
            assert isinstance(params, tuple) and params[-1] == 0


@pytest.mark.parametrize(
    ("kwargs", "index"),
    [
        ({}, "ix_threads_visible_created"),
        ({"sort_key": "updated_at"}, "ix_threads_visible_updated"),
        ({"cwd": "/w"}, "ix_threads_visible_cwd_created"),
        ({"cwd": "/w", "sort_key": "updated_at"}, "ix_threads_visible_cwd_updated"),
    ],
)
def test_sqlite_deep_pages_range_scan_the_stamp_index(
    home: Path, kwargs: dict[str, object], index: str
) -> None:
    """Page 1,000 costs like page 1: the cursor is a range bound on the index, no scan."""
    with open_store(home) as store:
        make(store, n=1, cwd="/w")
        make(store, n=2, cwd="/w")
        cursor = store.list_threads(ThreadListQuery(limit=1, **kwargs)).next_cursor  # type: ignore[arg-type]
        statements: list[tuple[str, object]] = []

        def capture(*args: object) -> None:
            statements.append((str(args[2]), args[3]))

        event.listen(store.engine, "before_cursor_execute", capture)
        store.list_threads(ThreadListQuery(limit=1, cursor=cursor, **kwargs))  # type: ignore[arg-type]
        event.remove(store.engine, "before_cursor_execute", capture)
        sql, params = next(s for s in statements if "FROM threads" in s[0])
        with store.engine.connect() as connection:
            plan = " ".join(
                str(row[3])
                for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)  # type: ignore[arg-type]
            )
    assert f"USING INDEX {index}" in plan
    assert "_ms<?" in plan
    assert "TEMP B-TREE" not in plan
