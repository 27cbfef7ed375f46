"""Params validation errors carry the reference's serde texts (observed on codex 0.169.0)."""

from __future__ import annotations

from typing import Any

import pytest
from spindle_protocol import errors, methods
from spindle_protocol.errors import InvalidRequest

# (method, params, message) as the reference answered them, all with code -32600.
REFERENCE_CASES: list[tuple[str, Any, str]] = [
    ("thread/list", {"limit": "x"}, 'invalid type: string "x", expected u32'),
    ("thread/list", {"limit": -1}, "invalid value: integer `-1`, expected u32"),
    ("thread/list", {"limit": 4294967296}, "invalid value: integer `4294967296`, expected u32"),
    ("thread/list", {"limit": -5000000000}, "invalid value: integer `-5000000000`, expected u32"),
    ("thread/list", {"limit": 1.5}, "invalid type: floating point `1.5`, expected u32"),
    ("thread/list", {"limit": True}, "invalid type: boolean `true`, expected u32"),
    (
        "thread/list",
        {"sortKey": "bogus"},
        "unknown variant `bogus`, expected one of `created_at`, `updated_at`, `recency_at`, "
        "`section_position`",
    ),
    ("thread/list", {"sortKey": 5}, "invalid type: integer `5`, expected string or map"),
    # serde words a two-variant enum with "or", not "one of"
    ("thread/list", {"sortDirection": "up"}, "unknown variant `up`, expected `asc` or `desc`"),
    ("thread/list", {"archived": "yes"}, 'invalid type: string "yes", expected a boolean'),
    ("thread/list", {"modelProviders": "x"}, 'invalid type: string "x", expected a sequence'),
    ("thread/list", {"modelProviders": [1]}, "invalid type: integer `1`, expected a string"),
    ("thread/list", {"cursor": {}}, "invalid type: map, expected a string"),
    ("thread/list", {"cursor": []}, "invalid type: sequence, expected a string"),
    ("thread/list", [1], "invalid type: integer `1`, expected a boolean"),
    ("thread/list", "s", 'invalid type: string "s", expected struct ThreadListParams'),
    ("thread/list", None, "missing field `params`"),
    ("thread/read", {}, "missing field `threadId`"),
    ("thread/read", {"threadId": 5}, "invalid type: integer `5`, expected a string"),
    ("thread/read", {"threadId": None}, "invalid type: null, expected a string"),
    ("turn/start", {"threadId": "x", "input": {}}, "invalid type: map, expected a sequence"),
    (
        "turn/start",
        {"threadId": "x", "input": [{"type": "nope"}]},
        "unknown variant `nope`, expected one of `text`, `image`, `localImage`, `audio`, "
        "`localAudio`, `skill`, `mention`",
    ),
    ("turn/start", {"threadId": "x", "input": [{"type": "text"}]}, "missing field `text`"),
    (
        "turn/start",
        {"threadId": "x", "input": [{"type": "text", "text": 1}]},
        "invalid type: integer `1`, expected a string",
    ),
    (
        "turn/start",
        {"threadId": "x", "input": [5]},
        "invalid type: integer `5`, expected internally tagged enum UserInput",
    ),
    (
        "thread/metadata/update",
        {"threadId": "x", "gitInfo": {"sha": 5}},
        "invalid type: integer `5`, expected a string",
    ),
    ("initialize", {}, "missing field `clientInfo`"),
]


@pytest.mark.parametrize(("method", "params", "message"), REFERENCE_CASES)
def test_bad_params_give_the_reference_message(method: str, params: Any, message: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        methods.parse_params(method, params)
    assert caught.value.code == errors.INVALID_REQUEST == -32600
    assert caught.value.message == f"Invalid request: {message}"


def test_first_bad_member_in_input_order_wins_over_a_missing_one() -> None:
    with pytest.raises(InvalidRequest, match="expected a sequence"):
        methods.parse_params("turn/start", {"input": {}, "threadId": 3})
    with pytest.raises(InvalidRequest, match="expected a string"):
        methods.parse_params("turn/start", {"threadId": 3, "input": {}})


def test_unknown_params_members_and_nulls_for_optional_members_are_accepted() -> None:
    assert methods.parse_params("thread/list", {"bogus": 1, "limit": 1}) is not None
    assert methods.parse_params("thread/list", {"archived": None, "limit": None}) is not None


def test_method_without_params_accepts_absent_params() -> None:
    assert methods.parse_params("configRequirements/read", params=None) is None


def test_unknown_method_message_lists_every_method_in_reference_order() -> None:
    message = errors.unknown_method_message("foo/bar")
    assert message.startswith(
        "Invalid request: unknown variant `foo/bar`, expected one of `initialize`, "
        "`server/diagnostics`, `userVerification/status`,"
    )
    assert message.count("`") == 2 * (1 + len(methods.UNKNOWN_METHOD_ERROR_ORDER))
    assert len(methods.UNKNOWN_METHOD_ERROR_ORDER) == 187


def test_error_codes_are_the_json_rpc_ones() -> None:
    assert (errors.INVALID_REQUEST, errors.METHOD_NOT_FOUND, errors.INVALID_PARAMS) == (
        -32600,
        -32601,
        -32602,
    )
    assert (errors.INTERNAL_ERROR, errors.PARSE_ERROR) == (-32603, -32700)
    for cls, code in [
        (errors.InvalidRequest, -32600),
        (errors.MethodNotFound, -32601),
        (errors.InvalidParams, -32602),
        (errors.InternalError, -32603),
    ]:
        exc = cls("boom")
        assert isinstance(exc, errors.RpcError)
        assert exc.to_error_object() == {"code": code, "message": "boom"}


def test_rpc_error_code_can_be_overridden() -> None:
    exc = errors.RpcError("list_turns is not supported yet", code=errors.METHOD_NOT_FOUND)
    assert exc.to_error_object() == {"code": -32601, "message": "list_turns is not supported yet"}
