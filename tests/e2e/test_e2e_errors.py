"""JSON-RPC error behaviour of the real server: the reference's codes and messages, malformed
input without replies, ignored extras. One shared server per transport."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.support.client import Connection, ServerProcess, spindle_only
from tests.support.golden import load_golden
from tests.support.scenarios import UNKNOWN_THREAD
from tests.support.schema import OfficialSchema

INVALID_UUID = (
    "invalid character: expected an optional prefix of `urn:uuid:` followed by "
    "[0-9a-fA-F-], found `n` at 1"
)

# (case id, method, params, code, message) as measured on codex app-server 0.169.0.
ERROR_TABLE: list[tuple[str, str, Any, int, str]] = [
    ("missing_field", "thread/read", {}, -32600, "Invalid request: missing field `threadId`"),
    (
        "wrong_type_u32",
        "thread/list",
        {"limit": "x"},
        -32600,
        'Invalid request: invalid type: string "x", expected u32',
    ),
    (
        "wrong_type_string",
        "thread/read",
        {"threadId": 5},
        -32600,
        "Invalid request: invalid type: integer `5`, expected a string",
    ),
    (
        "negative_limit",
        "thread/list",
        {"limit": -1},
        -32600,
        "Invalid request: invalid value: integer `-1`, expected u32",
    ),
    (
        "params_array",
        "thread/list",
        [1],
        -32600,
        "Invalid request: invalid type: integer `1`, expected a boolean",
    ),
    (
        "bad_enum",
        "thread/list",
        {"sortKey": "bogus"},
        -32600,
        "Invalid request: unknown variant `bogus`, expected one of `created_at`, `updated_at`, "
        "`recency_at`, `section_position`",
    ),
    (
        "bad_sort_direction",
        "thread/list",
        {"sortDirection": "sideways"},
        -32600,
        "Invalid request: unknown variant `sideways`, expected `asc` or `desc`",
    ),
    (
        "section_sort_without_section",
        "thread/list",
        {"sortKey": "section_position"},
        -32600,
        "section-position sorting requires a section filter",
    ),
    (
        "invalid_thread_id",
        "thread/read",
        {"threadId": "not-a-uuid"},
        -32600,
        f"invalid thread id: {INVALID_UUID}",
    ),
    (
        "read_unknown_thread",
        "thread/read",
        {"threadId": UNKNOWN_THREAD},
        -32600,
        f"thread not loaded: {UNKNOWN_THREAD}",
    ),
    (
        "turns_list_unknown_thread",
        "thread/turns/list",
        {"threadId": UNKNOWN_THREAD},
        -32600,
        f"thread not loaded: {UNKNOWN_THREAD}",
    ),
    (
        "resume_unknown_thread",
        "thread/resume",
        {"threadId": UNKNOWN_THREAD},
        -32600,
        f"no rollout found for thread id {UNKNOWN_THREAD}",
    ),
    (
        "fork_unknown_thread",
        "thread/fork",
        {"threadId": UNKNOWN_THREAD},
        -32600,
        f"no rollout found for thread id {UNKNOWN_THREAD}",
    ),
    (
        "metadata_unknown_thread",
        "thread/metadata/update",
        {"threadId": UNKNOWN_THREAD, "gitInfo": {"sha": "a"}},
        -32600,
        f"no rollout found for thread id {UNKNOWN_THREAD}",
    ),
    (
        "turn_start_unknown_thread",
        "turn/start",
        {"threadId": UNKNOWN_THREAD, "input": [{"type": "text", "text": "hi"}]},
        -32600,
        f"thread not found: {UNKNOWN_THREAD}",
    ),
    (
        "turn_start_missing_input",
        "turn/start",
        {"threadId": UNKNOWN_THREAD},
        -32600,
        "Invalid request: missing field `input`",
    ),
    (
        "interrupt_unknown_thread",
        "turn/interrupt",
        {"threadId": UNKNOWN_THREAD, "turnId": UNKNOWN_THREAD},
        -32600,
        f"thread not found: {UNKNOWN_THREAD}",
    ),
    (
        "archive_unknown_thread",
        "thread/archive",
        {"threadId": UNKNOWN_THREAD},
        -32600,
        f"no rollout found for thread id {UNKNOWN_THREAD}",
    ),
    (
        "unarchive_unknown_thread",
        "thread/unarchive",
        {"threadId": UNKNOWN_THREAD},
        -32600,
        f"no archived rollout found for thread id {UNKNOWN_THREAD}",
    ),
    (
        "name_set_unknown_thread",
        "thread/name/set",
        {"threadId": UNKNOWN_THREAD, "name": "n"},
        -32600,
        f"no rollout found for thread id {UNKNOWN_THREAD}",
    ),
    ("bad_cursor", "thread/list", {"cursor": "garbage"}, -32600, "invalid cursor: garbage"),
    (
        "bad_cursor_uuid_part",
        "thread/list",
        {"cursor": "2026-01-01T00:00:00Z|nope"},
        -32600,
        "invalid cursor: 2026-01-01T00:00:00Z|nope",
    ),
    (
        "bad_excluded_thread_id",
        "thread/list",
        {"excludedThreadIds": ["nope"]},
        -32602,
        f"invalid excluded thread id: {INVALID_UUID}",
    ),
    (
        "originators_filter",
        "thread/list",
        {"originators": ["x"]},
        -32602,
        "originator filtering is not supported by the local app-server",
    ),
]


@pytest.mark.parametrize(
    ("method", "params", "code", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in ERROR_TABLE],
)
def test_error_table(conn: Connection, method: str, params: Any, code: int, message: str) -> None:
    reply = conn.request(method, params)
    assert reply == {"error": {"code": code, "message": message}, "id": reply["id"]}


def test_unknown_method_lists_every_method_like_the_reference(conn: Connection) -> None:
    expected = load_golden("errors")["responses"]["unknown_method"]["error"]["message"]
    reply = conn.request("foo/bar", {})
    assert reply["error"]["code"] == -32600
    assert reply["error"]["message"].startswith(
        "Invalid request: unknown variant `foo/bar`, expected one of `initialize`, "
    )
    assert reply["error"]["message"] == expected


@pytest.mark.parametrize("params", [{"omit": True}, {"value": None}], ids=["omitted", "null"])
def test_missing_or_null_params_object(conn: Connection, params: dict[str, Any]) -> None:
    msg: dict[str, Any] = {"id": conn.next_id(), "method": "thread/read"}
    if "value" in params:
        msg["params"] = None
    conn.send_request(msg)
    reply = conn.response(msg["id"])
    assert reply["error"] == {"code": -32600, "message": "Invalid request: missing field `params`"}


OUT_OF_SCOPE = [
    pytest.param("app/list", {}, id="app-list"),
    pytest.param("mcpServerStatus/list", {}, id="mcp-status"),
    pytest.param("plugin/list", {}, id="plugin-list"),
    pytest.param("account/login/start", {"type": "apiKey", "apiKey": "sk-x"}, id="login"),
]


@pytest.mark.parametrize(("method", "params"), OUT_OF_SCOPE)
def test_unimplemented_method_is_method_not_found_never_fake_success(
    conn: Connection, method: str, params: dict[str, Any], official_schema: OfficialSchema
) -> None:
    """Out-of-scope v2 methods (DESIGN.md) answer JSON-RPC "method not found" (-32601), even
    with valid params. (The reference implements them, so this is spindle-only.)"""
    spindle_only("the reference implements these methods")
    assert official_schema.check_params(method, params) == []
    reply = conn.request(method, params)
    assert "result" not in reply, f"{method} answered a fake success: {reply}"
    assert reply["error"]["code"] == -32601


def test_unknown_params_fields_are_ignored(conn: Connection) -> None:
    assert "data" in conn.call("thread/list", {"bogus": 1, "limit": 1})


def test_request_ids_are_echoed_unchanged(conn: Connection) -> None:
    for rid in ("abc", -7, 0, 2**40):
        conn.send_request({"id": rid, "method": "thread/list", "params": {}})
        reply = conn.response(rid)
        assert reply["id"] == rid and type(reply["id"]) is type(rid)
        assert "result" in reply


def test_jsonrpc_member_and_unknown_top_level_members_are_accepted(conn: Connection) -> None:
    rid = conn.next_id()
    conn.send_request(
        {"jsonrpc": "2.0", "id": rid, "method": "thread/list", "params": {}, "extra": 1}
    )
    reply = conn.response(rid)
    assert "result" in reply and "jsonrpc" not in reply


MALFORMED = [
    pytest.param("{not json", id="not-json"),
    pytest.param("[1,2,3]", id="array"),
    pytest.param("42", id="number"),
    pytest.param("{}", id="empty-object"),
    pytest.param("", id="empty-line"),
    pytest.param('{"id":901,"method":"thread/list","params":{}}{"id":902}', id="two-objects"),
    pytest.param('{"id":null,"method":"thread/list","params":{}}', id="null-id"),
    pytest.param('{"id":1.5,"method":"thread/list","params":{}}', id="float-id"),
    pytest.param('{"method":"foo/bar","params":{}}', id="unknown-notification"),
    pytest.param('{"id":999999,"result":{}}', id="response-to-unknown-id"),
    pytest.param('  {"method":"foo/baz"}  ', id="padded-unknown-notification"),
]


@pytest.mark.parametrize("line", MALFORMED)
def test_malformed_input_gets_no_reply_and_connection_stays_usable(
    conn: Connection, shared_spindle: ServerProcess, line: str
) -> None:
    since = conn.mark()
    conn.send_raw(line)
    rid = conn.next_id()
    reply = conn.request("thread/list", {"limit": 1}, id=rid)
    assert "result" in reply
    time.sleep(0.2)  # let a wrongly-sent late reply arrive before we look
    extra = [m for m in conn.messages[since:] if m is not reply and "method" not in m]
    assert extra == [], f"{line!r} was answered: {extra}"
    assert shared_spindle.running


def test_whitespace_around_a_request_is_accepted(conn: Connection) -> None:
    rid = conn.next_id()
    conn.send_raw(f'  {{"id":{rid},"method":"thread/list","params":{{}}}}  ')
    assert "result" in conn.response(rid)
