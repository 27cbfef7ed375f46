"""JSON-RPC framing as observed on the reference (codex_behavior.md section 1)."""

from __future__ import annotations

import json

import pytest
from spindle_protocol.jsonrpc import (
    ErrorResponse,
    FramingError,
    Message,
    Notification,
    Request,
    Response,
    encode,
    encode_error,
    encode_notification,
    encode_response,
    parse_message,
)
from spindle_protocol.models import ThreadGoalClearResponse


@pytest.mark.parametrize(
    ("frame", "detail"),
    [
        ("{not json", "key must be a string at line 1 column 2"),
        ("[1,2,3]", "data did not match any variant of untagged enum JSONRPCMessage"),
        ("42", "data did not match any variant of untagged enum JSONRPCMessage"),
        ("{}", "data did not match any variant of untagged enum JSONRPCMessage"),
        ("", "EOF while parsing a value at line 1 column 0"),
        (
            '{"id":1,"method":"a","params":{}}{"id":2,"method":"b","params":{}}',
            "trailing characters at line 1 column 34",
        ),
        (
            '{"id":1.5,"result":{}}',
            "data did not match any variant of untagged enum JSONRPCMessage",
        ),
        (
            '{"id":true,"method":1}',
            "data did not match any variant of untagged enum JSONRPCMessage",
        ),
        (b"\xff\xfe", "invalid unicode code point at byte 0"),
    ],
)
def test_malformed_frames_raise_a_precise_framing_error(frame: str | bytes, detail: str) -> None:
    with pytest.raises(FramingError) as caught:
        parse_message(frame)
    assert caught.value.detail == detail
    assert str(caught.value) == f"Failed to deserialize JSONRPCMessage: {detail}"


def test_request_with_jsonrpc_member_and_unknown_members() -> None:
    frame = '{"jsonrpc":"2.0","id":"a","method":"thread/list","params":{"limit":1},"extra":1}'
    assert parse_message(frame) == Request(id="a", method="thread/list", params={"limit": 1})


@pytest.mark.parametrize("request_id", [7, -3, "x-1", 2**63 - 1])
def test_ids_string_or_integer_are_kept(request_id: int | str) -> None:
    msg = parse_message(json.dumps({"id": request_id, "method": "m"}))
    assert msg == Request(id=request_id, method="m", params=None)


@pytest.mark.parametrize("bad_id", ["null", "1.5", "true", str(2**63)])
def test_null_float_or_out_of_range_id_is_read_as_a_notification(bad_id: str) -> None:
    msg = parse_message(f'{{"id":{bad_id},"method":"thread/list","params":{{}}}}')
    assert msg == Notification(method="thread/list", params={})


def test_surrounding_whitespace_is_accepted() -> None:
    assert parse_message(b'  {"method":"initialized"} \n') == Notification("initialized")


def test_responses_and_errors_from_the_client_are_parsed() -> None:
    assert parse_message('{"id":999,"result":{}}') == Response(id=999, result={})
    assert parse_message('{"error":{"code":-1,"message":"no"},"id":"r"}') == ErrorResponse(
        id="r", code=-1, message="no"
    )


def test_outgoing_member_order_and_no_jsonrpc_member() -> None:
    assert (
        encode_response(request_id=1, result={"cleared": True})
        == '{"id":1,"result":{"cleared":true}}'
    )
    assert encode_response("a", ThreadGoalClearResponse(cleared=False)) == (
        '{"id":"a","result":{"cleared":false}}'
    )
    assert encode_error(request_id=3, code=-32600, message="Already initialized") == (
        '{"error":{"code":-32600,"message":"Already initialized"},"id":3}'
    )
    assert encode_notification("thread/goal/cleared", {"threadId": "t"}, emitted_at_ms=5) == (
        '{"method":"thread/goal/cleared","params":{"threadId":"t"},"emittedAtMs":5}'
    )
    for line in (
        encode_response(request_id=1, result={}),
        encode_error(request_id=1, code=-1, message="x"),
    ):
        assert "jsonrpc" not in json.loads(line)


def test_notifications_are_stamped_with_emitted_at_ms() -> None:
    stamp = json.loads(encode_notification("x", {}))["emittedAtMs"]
    assert isinstance(stamp, int) and stamp > 1_700_000_000_000


def test_encode_round_trips_every_message_kind() -> None:
    messages: list[Message] = [
        Request(id=1, method="m", params={"a": 1}),
        Notification(method="n", params={"b": None}, emitted_at_ms=1),
        Response(id="x", result={"c": [1]}),
        ErrorResponse(id=2, code=-32601, message="nope"),
    ]
    for message in messages:
        assert parse_message(encode(message)) == (
            Notification(method="n", params={"b": None})
            if isinstance(message, Notification)
            else message
        )


def test_requests_are_written_method_first_as_the_reference() -> None:
    line = encode(Request(id=0, method="item/tool/requestUserInput", params={"a": 1}))
    assert list(json.loads(line)) == ["method", "id", "params"]


def test_non_ascii_is_written_as_is() -> None:
    assert encode_response(request_id=1, result={"t": "é"}) == '{"id":1,"result":{"t":"é"}}'


def test_a_model_is_written_by_its_compiled_serializer_exactly_as_its_wire_dict() -> None:
    from spindle_protocol import to_wire
    from spindle_protocol.models import ThreadNameUpdatedNotification, ThreadReadStateUpdateResponse

    result = ThreadReadStateUpdateResponse.model_validate(
        {"readState": {"firstUnread": {"type": "turn", "turnId": "é"}, "revision": "r"}}
    )
    assert encode_response("id-1", result) == encode_response("id-1", to_wire(result))
    # An omitted optional member stays omitted; a null one is written as null.
    named = ThreadNameUpdatedNotification(thread_id="t")
    line = encode_notification("thread/name/updated", named, emitted_at_ms=5)
    assert line == '{"method":"thread/name/updated","params":{"threadId":"t"},"emittedAtMs":5}'
    assert line == encode_notification("thread/name/updated", to_wire(named), emitted_at_ms=5)


def test_a_name_that_is_not_utf8_is_sent_lossily_not_lost() -> None:
    """A file name the OS gives as bytes that are not UTF-8 reaches Python with lone
    surrogates (surrogateescape), which JSON cannot carry: answers, errors and
    notifications show each bad byte as U+FFFD, as the reference's lossy conversion
    does, instead of failing to encode (which left the request unanswered)."""
    from spindle_protocol.models import FsReadDirectoryEntry, FsReadDirectoryResponse

    name = b"bad\xffname.txt".decode("utf-8", "surrogateescape")
    entry = FsReadDirectoryEntry(file_name=name, is_directory=False, is_file=True)
    answer = json.loads(
        encode_response(request_id=3, result=FsReadDirectoryResponse(entries=[entry]))
    )
    assert answer["result"]["entries"][0]["fileName"] == "bad\ufffdname.txt"
    assert json.loads(encode_response(request_id=4, result={"name": name}))["result"] == {
        "name": "bad\ufffdname.txt"
    }
    error = json.loads(encode_error(request_id=5, code=-32603, message=f"no such file: {name}"))
    assert error["error"]["message"] == "no such file: bad\ufffdname.txt"
    note = json.loads(encode_notification("x/y", {"path": name}, emitted_at_ms=1))
    assert note["params"] == {"path": "bad\ufffdname.txt"}
    # Valid text, ASCII or not, is left as it is.
    assert json.loads(encode_response(request_id=6, result={"name": "crème 数据"}))["result"] == {
        "name": "crème 数据"
    }
