"""thread/metadata/update (gitInfo patch), thread/name/set, thread/archive, thread/unarchive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection
from tests.support.flows import run_turn, start_thread


def _materialised(conn: Connection) -> dict[str, Any]:
    thread = start_thread(conn)
    run_turn(conn, thread["id"], "metadata please")
    return thread


def _update(conn: Connection, thread_id: str, **params: Any) -> dict[str, Any]:
    result: dict[str, Any] = conn.call("thread/metadata/update", {"threadId": thread_id, **params})
    return result


@pytest.mark.requirement("R13")
def test_git_info_is_a_patch_null_clears_omitted_keeps(conn: Connection) -> None:
    thread_id = _materialised(conn)["id"]
    first = _update(conn, thread_id, gitInfo={"sha": "abc123"})["thread"]["gitInfo"]
    assert first == {"sha": "abc123", "branch": None, "originUrl": None}
    second = _update(conn, thread_id, gitInfo={"branch": " main "})["thread"]["gitInfo"]
    assert second == {"sha": "abc123", "branch": "main", "originUrl": None}, "trimmed, sha kept"
    third = _update(conn, thread_id, gitInfo={"originUrl": "https://example.invalid/r.git"})
    assert third["thread"]["gitInfo"]["sha"] == "abc123"
    cleared = _update(conn, thread_id, gitInfo={"sha": None})["thread"]["gitInfo"]
    assert cleared == {"sha": None, "branch": "main", "originUrl": "https://example.invalid/r.git"}
    none_left = _update(conn, thread_id, gitInfo={"branch": None, "originUrl": None})
    assert none_left["thread"]["gitInfo"] is None, "all fields null gives gitInfo null"
    read = conn.call("thread/read", {"threadId": thread_id})["thread"]
    assert read["gitInfo"] is None


@pytest.mark.requirement("R13")
def test_metadata_update_does_not_bump_updated_at_or_notify(conn: Connection) -> None:
    thread = _materialised(conn)
    before = conn.call("thread/read", {"threadId": thread["id"]})["thread"]["updatedAt"]
    since = conn.mark()
    after = _update(conn, thread["id"], gitInfo={"sha": "def456"})["thread"]
    assert after["updatedAt"] == before
    assert conn.notifications(since) == []


@pytest.mark.requirement("R13")
@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param({}, "thread metadata update must include at least one field", id="no-fields"),
        pytest.param(
            {"gitInfo": None}, "thread metadata update must include at least one field", id="null"
        ),
        pytest.param({"gitInfo": {}}, "gitInfo must include at least one field", id="empty"),
        pytest.param(
            {"gitInfo": {"branch": "  "}}, "gitInfo.branch must not be empty", id="branch"
        ),
        pytest.param({"gitInfo": {"sha": ""}}, "gitInfo.sha must not be empty", id="sha"),
        pytest.param(
            {"gitInfo": {"originUrl": " "}}, "gitInfo.originUrl must not be empty", id="origin"
        ),
    ],
)
def test_metadata_update_rejects_bad_input(
    conn: Connection, params: dict[str, Any], message: str
) -> None:
    thread_id = _materialised(conn)["id"]
    reply = conn.request("thread/metadata/update", {"threadId": thread_id, **params})
    assert reply["error"] == {"code": -32600, "message": message}


def test_name_set_is_visible_on_read(conn: Connection) -> None:
    thread_id = _materialised(conn)["id"]
    assert conn.call("thread/name/set", {"threadId": thread_id, "name": "My thread"}) == {}
    assert conn.call("thread/read", {"threadId": thread_id})["thread"]["name"] == "My thread"


def test_archive_and_unarchive(conn: Connection, shared_spindle: Any) -> None:
    thread = _materialised(conn)
    thread_id = thread["id"]
    since = conn.mark()
    assert conn.call("thread/archive", {"threadId": thread_id}) == {}
    archived = conn.wait_for("thread/archived", since=since)
    assert archived["params"] == {"threadId": thread_id}
    assert thread_id not in {t["id"] for t in conn.call("thread/list", {})["data"]}
    assert thread_id in {t["id"] for t in conn.call("thread/list", {"archived": True})["data"]}
    home: Path = shared_spindle.home
    assert not Path(thread["path"]).exists()
    assert (home / "archived_sessions" / Path(thread["path"]).name).exists()
    since = conn.mark()
    unarchived = conn.call("thread/unarchive", {"threadId": thread_id})["thread"]
    assert unarchived["id"] == thread_id
    assert conn.wait_for("thread/unarchived", since=since)["params"] == {"threadId": thread_id}
    assert thread_id in {t["id"] for t in conn.call("thread/list", {})["data"]}
    assert thread_id not in {t["id"] for t in conn.call("thread/list", {"archived": True})["data"]}
