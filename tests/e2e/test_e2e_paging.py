"""thread/list and thread/turns/list paging in both directions through a real server."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import hypothesis
import pytest
from hypothesis import strategies as st

from tests.support.client import Connection, StartServer, spindle_only
from tests.support.flows import run_turn, start_thread

TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

pytestmark = pytest.mark.requirement("R6")


@pytest.fixture(scope="module")
def five(shared_spindle: Any) -> list[str]:
    """Threads A..E (oldest first), each materialised by one turn."""
    conn = shared_spindle.connect()
    if not conn.initialized:
        conn.initialize()
    ids = []
    for name in "ABCDE":
        thread = start_thread(conn, cwd=str(shared_spindle.cwd))
        run_turn(conn, thread["id"], f"thread {name}")
        ids.append(thread["id"])
    if shared_spindle.transport == "ws":
        conn.close()
    return ids


def _page(conn: Connection, **params: Any) -> dict[str, Any]:
    result: dict[str, Any] = conn.call("thread/list", params)
    return result


def _ids(page: dict[str, Any]) -> list[str]:
    return [t["id"] for t in page["data"]]


def _walk(conn: Connection, **params: Any) -> list[dict[str, Any]]:
    pages = [_page(conn, **params)]
    while pages[-1]["nextCursor"] is not None:
        assert len(pages) < 10, "paging does not terminate"
        pages.append(_page(conn, **params, cursor=pages[-1]["nextCursor"]))
    return pages


def test_default_order_is_newest_first(conn: Connection, five: list[str]) -> None:
    assert _ids(_page(conn)) == five[::-1]


@pytest.mark.parametrize("sort_key", ["created_at", "updated_at"])
def test_forward_paging_desc_and_asc(conn: Connection, five: list[str], sort_key: str) -> None:
    a, b, c, d, e = five
    desc = _walk(conn, limit=2, sortKey=sort_key)
    assert [_ids(p) for p in desc] == [[e, d], [c, b], [a]]
    asc = _walk(conn, limit=2, sortKey=sort_key, sortDirection="asc")
    assert [_ids(p) for p in asc] == [[a, b], [c, d], [e]]


def test_cursor_formats(conn: Connection, five: list[str]) -> None:
    page = _page(conn, limit=2)
    last = page["data"][-1]["id"]
    assert re.fullmatch(rf"{TIME}\|{UUID}", page["nextCursor"])
    assert page["nextCursor"].endswith(f"|{last}")
    assert re.fullmatch(TIME, page["backwardsCursor"]), "backwards cursor is a timestamp only"
    assert set(page["readStates"]) == {t["id"] for t in page["data"]}


def test_empty_page_has_null_cursors(conn: Connection, five: list[str]) -> None:
    page = _page(conn, cwd="/nonexistent/dir")
    assert page == {"data": [], "readStates": {}, "nextCursor": None, "backwardsCursor": None}


@pytest.mark.parametrize("sort_key", ["created_at", "updated_at"])
def test_paging_backwards_from_desc_pages(conn: Connection, five: list[str], sort_key: str) -> None:
    """Only items strictly newer than the page's newest: nothing when nothing is new."""
    spindle_only("the reference repeats the anchor item on millisecond keys")
    _, _, _, d, e = five
    page1 = _page(conn, limit=2, sortKey=sort_key)
    page2 = _page(conn, limit=2, sortKey=sort_key, cursor=page1["nextCursor"])
    back1 = _page(conn, sortKey=sort_key, sortDirection="asc", cursor=page1["backwardsCursor"])
    back2 = _page(conn, sortKey=sort_key, sortDirection="asc", cursor=page2["backwardsCursor"])
    assert back1 == {"data": [], "readStates": {}, "nextCursor": None, "backwardsCursor": None}
    assert _ids(back2) == [d, e]


def test_paging_backwards_from_asc_pages(conn: Connection, five: list[str]) -> None:
    spindle_only("the reference repeats the anchor item on millisecond keys")
    a, b, _, _, _ = five
    page1 = _page(conn, limit=2, sortKey="updated_at", sortDirection="asc")
    page2 = _page(
        conn, limit=2, sortKey="updated_at", sortDirection="asc", cursor=page1["nextCursor"]
    )
    assert _ids(_page(conn, sortKey="updated_at", cursor=page1["backwardsCursor"])) == []
    assert _ids(_page(conn, sortKey="updated_at", cursor=page2["backwardsCursor"])) == [b, a]


def test_limit_zero_acts_as_one(conn: Connection, five: list[str]) -> None:
    assert len(_page(conn, limit=0)["data"]) == 1


def test_filters_exclude_and_search(conn: Connection, five: list[str]) -> None:
    a, b, c, d, e = five
    assert _ids(_page(conn, excludedThreadIds=[e, a])) == [d, c, b]
    assert _ids(_page(conn, searchTerm="thread C")) == [c]
    assert _ids(_page(conn, modelProviders=[])) == five[::-1]
    assert _ids(_page(conn, modelProviders=["other"])) == []
    assert _ids(_page(conn, sourceKinds=["vscode"])) == five[::-1]


def test_list_entries_are_summaries(conn: Connection, five: list[str]) -> None:
    entry = _page(conn, limit=1)["data"][0]
    assert entry["preview"] == "thread E"
    assert entry["threadSource"] is None
    assert entry["turns"] == []
    assert entry["cliVersion"]
    assert entry["modelProvider"] == "mock"


def test_cursor_is_a_fixed_point_newer_items_appear_going_back(
    spindle: StartServer,
) -> None:
    """Everything newer than a backwards cursor is exactly what was added since."""
    spindle_only("the reference repeats the anchor item on millisecond keys")
    conn = spindle().connect()
    conn.initialize()
    first = [start_thread(conn)["id"] for _ in range(2)]
    for thread_id in first:
        run_turn(conn, thread_id, "old")
    page = _page(conn, sortKey="updated_at", limit=1)
    assert _ids(page) == [first[1]]
    newer = start_thread(conn)["id"]
    run_turn(conn, newer, "new")
    back = _page(conn, sortKey="updated_at", sortDirection="asc", cursor=page["backwardsCursor"])
    assert _ids(back) == [newer]
    latest = _page(conn, sortKey="updated_at", limit=1)
    run_turn(conn, first[0], "touched")
    back = _page(conn, sortKey="updated_at", sortDirection="asc", cursor=page["backwardsCursor"])
    assert _ids(back) == [newer, first[0]]
    since = _page(conn, sortKey="updated_at", sortDirection="asc", cursor=latest["backwardsCursor"])
    assert _ids(since) == [first[0]]


# --- thread/turns/list -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def three_turns(shared_spindle: Any) -> tuple[str, list[str]]:
    conn = shared_spindle.connect()
    if not conn.initialized:
        conn.initialize()
    thread = start_thread(conn)
    turns = [run_turn(conn, thread["id"], f"turn {i}").turn_id for i in (1, 2, 3)]
    if shared_spindle.transport == "ws":
        conn.close()
    return thread["id"], turns


def _turns(conn: Connection, thread_id: str, **params: Any) -> dict[str, Any]:
    result: dict[str, Any] = conn.call("thread/turns/list", {"threadId": thread_id, **params})
    return result


def test_turns_list_default_newest_first_with_summary_items(
    conn: Connection, three_turns: tuple[str, list[str]]
) -> None:
    thread_id, (t1, t2, t3) = three_turns
    page = _turns(conn, thread_id)
    assert [t["id"] for t in page["data"]] == [t3, t2, t1]
    assert all(t["itemsView"] == "summary" and t["status"] == "completed" for t in page["data"])
    assert [i["type"] for i in page["data"][0]["items"]] == ["userMessage", "agentMessage"]
    assert page["nextCursor"] is None


def test_turns_list_paging_both_ways(conn: Connection, three_turns: tuple[str, list[str]]) -> None:
    thread_id, (t1, t2, t3) = three_turns
    page1 = _turns(conn, thread_id, limit=1)
    page2 = _turns(conn, thread_id, limit=1, cursor=page1["nextCursor"])
    page3 = _turns(conn, thread_id, limit=1, cursor=page2["nextCursor"])
    assert [[t["id"] for t in p["data"]] for p in (page1, page2, page3)] == [[t3], [t2], [t1]]
    assert page3["nextCursor"] is None
    forward = json.loads(page1["nextCursor"])
    backward = json.loads(page2["backwardsCursor"])
    assert forward["requestedThreadId"] == thread_id and forward["includeAnchor"] is False
    assert forward["scope"] == {"kind": "turns"}
    assert backward["includeAnchor"] is True  # the reference's text
    spindle_only("the reference's backwards cursor includes the anchor turn")
    back = _turns(conn, thread_id, sortDirection="asc", cursor=page2["backwardsCursor"])
    assert [t["id"] for t in back["data"]] == [t3], "only turns newer than the page"
    caught_up = _turns(conn, thread_id, sortDirection="asc", cursor=page1["backwardsCursor"])
    assert caught_up["data"] == [] and caught_up["backwardsCursor"] is None


def test_turns_list_items_views(conn: Connection, three_turns: tuple[str, list[str]]) -> None:
    thread_id, _ = three_turns
    not_loaded = _turns(conn, thread_id, itemsView="notLoaded")
    assert all(t["items"] == [] and t["itemsView"] == "notLoaded" for t in not_loaded["data"])
    full = _turns(conn, thread_id, itemsView="full")
    assert all(t["itemsView"] == "full" for t in full["data"])


def test_turns_list_bad_cursor(conn: Connection, three_turns: tuple[str, list[str]]) -> None:
    thread_id, _ = three_turns
    reply = conn.request("thread/turns/list", {"threadId": thread_id, "cursor": "zzz"})
    assert reply["error"] == {"code": -32600, "message": "invalid cursor: zzz"}


# --- property: pages both ways and catch-ups through a real server ----------------------------


@hypothesis.settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck),
)
@hypothesis.given(
    limit=st.integers(min_value=1, max_value=3),
    sort_key=st.sampled_from(["created_at", "updated_at"]),
    # Per gap between pages: how many new threads, then which existing threads get a turn.
    writes=st.lists(
        st.tuples(st.integers(min_value=0, max_value=2), st.lists(st.integers(0, 50), max_size=2)),
        min_size=1,
        max_size=4,
    ),
)
def test_paging_and_catch_up_list_every_thread_once(
    shared_spindle: Any,
    limit: int,
    sort_key: str,
    writes: list[tuple[int, list[int]]],
) -> None:
    """Inserts and turns interleave with desc pages, then an asc catch-up from page 1's
    backwardsCursor: no thread version twice, every current version at least once."""
    spindle_only("the reference repeats the anchor item on millisecond keys")
    conn = shared_spindle.connect()
    if not conn.initialized:
        conn.initialize()
    cwd = str(shared_spindle.cwd / f"prop-{uuid.uuid4()}")  # a fresh listing scope per example
    ids: list[str] = []
    turns: dict[str, int] = {}  # a thread's version: its turn count (wire stamps are seconds)
    pending = iter(writes)

    def write() -> None:
        new, touched = next(pending, (0, []))
        for _ in range(new):
            thread = start_thread(conn, cwd=cwd)
            run_turn(conn, thread["id"], f"p{len(ids)}")
            ids.append(thread["id"])
            turns[thread["id"]] = 1
        for pick in touched:
            if ids:
                thread_id = ids[pick % len(ids)]
                run_turn(conn, thread_id, "again")
                turns[thread_id] += 1

    def versions(page: dict[str, Any]) -> list[tuple[str, int]]:
        return [(t["id"], turns[t["id"]]) for t in page["data"]]

    for _ in range(2):
        write()
    params: dict[str, Any] = {"limit": limit, "sortKey": sort_key, "cwd": cwd}
    first = _page(conn, **params)
    seen = versions(first)
    cursor = first["nextCursor"]
    while cursor is not None:
        write()
        page = _page(conn, **params, cursor=cursor)
        seen += versions(page)
        cursor = page["nextCursor"]
    write()
    cursor = first["backwardsCursor"]
    while True:
        page = _page(conn, **params, sortDirection="asc", cursor=cursor)
        seen += versions(page)
        if page["nextCursor"] is None:
            break
        cursor = page["nextCursor"]
        write()
    listed_ids = [thread_id for thread_id, _ in seen]
    assert set(listed_ids) == set(ids), "every thread is listed"
    if sort_key == "created_at":
        assert len(listed_ids) == len(set(listed_ids)), "no thread twice"
    else:
        assert len(seen) == len(set(seen)), "no version twice"
        assert set(turns.items()) <= set(seen), "every thread's latest version is listed"
