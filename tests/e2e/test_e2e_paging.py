"""thread/list and thread/turns/list paging in both directions through a real server."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.support.client import Connection, StartServer
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


def test_paging_backwards_from_desc_pages(conn: Connection, five: list[str]) -> None:
    """updated_at (millisecond keys): the anchor item is included going back."""
    _, _, c, d, e = five
    page1 = _page(conn, limit=2, sortKey="updated_at")
    page2 = _page(conn, limit=2, sortKey="updated_at", cursor=page1["nextCursor"])
    back1 = _page(conn, sortKey="updated_at", sortDirection="asc", cursor=page1["backwardsCursor"])
    back2 = _page(conn, sortKey="updated_at", sortDirection="asc", cursor=page2["backwardsCursor"])
    assert _ids(back1) == [e]
    assert _ids(back2) == [c, d, e]


def test_paging_backwards_from_asc_pages(conn: Connection, five: list[str]) -> None:
    a, b, c, _, _ = five
    page1 = _page(conn, limit=2, sortKey="updated_at", sortDirection="asc")
    page2 = _page(
        conn, limit=2, sortKey="updated_at", sortDirection="asc", cursor=page1["nextCursor"]
    )
    assert _ids(_page(conn, sortKey="updated_at", cursor=page1["backwardsCursor"])) == [a]
    assert _ids(_page(conn, sortKey="updated_at", cursor=page2["backwardsCursor"])) == [c, b, a]


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
    assert _ids(back) == [first[1], newer]


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
    assert backward["includeAnchor"] is True
    back = _turns(conn, thread_id, sortDirection="asc", cursor=page2["backwardsCursor"])
    assert [t["id"] for t in back["data"]] == [t2, t3], "the anchor turn is included"


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
