"""The text unified exec returns to the model, and the output buffers behind it.

Expected strings marked "observed" are what codex 0.169.0 sent for the same output when run
against a mock model; the others follow from the truncation rule worked by hand.
"""

from __future__ import annotations

import random
import re

import pytest
from spindle_app_server.tools._exec_output import (
    MAX_DELTA_BYTES,
    MOCK_MODEL_POLICY,
    HeadTailBuffer,
    TruncationPolicy,
    Utf8Chunker,
    approx_token_count,
    format_exec_response,
    formatted_truncate_text,
    model_output_budget_tokens,
    model_output_policy,
    new_chunk_id,
    output_line_count,
    truncate_output,
)


def test_approx_token_count_rounds_up() -> None:
    assert [approx_token_count(n) for n in (0, 1, 3, 4, 5, 8, 9)] == [0, 1, 1, 1, 2, 2, 3]


def test_chunk_id_is_six_lowercase_hex() -> None:
    ids = {new_chunk_id() for _ in range(50)}
    assert all(re.fullmatch(r"[0-9a-f]{6}", chunk_id) for chunk_id in ids)
    assert len(ids) > 1


def test_recorded_exec_response() -> None:
    text = format_exec_response(
        chunk_id="1758b3",
        wall_time_s=0.14291,
        exit_code=0,
        session_id=None,
        output=b"hello-from-tool\n",
        max_tokens=model_output_policy(max_output_tokens=None),
    )
    assert text == (
        "Chunk ID: 1758b3\nWall time: 0.1429 seconds\nProcess exited with code 0\n"
        "Original token count: 4\nOutput:\nhello-from-tool\n"
    )


def test_running_session_response() -> None:
    # observed
    text = format_exec_response(
        chunk_id="45a489",
        wall_time_s=0.3017,
        exit_code=None,
        session_id=50319,
        output=b"",
        max_tokens=model_output_policy(max_output_tokens=None),
    )
    assert text == (
        "Chunk ID: 45a489\nWall time: 0.3017 seconds\nProcess running with session ID 50319\n"
        "Original token count: 0\nOutput:\n"
    )


def test_token_count_is_taken_on_raw_bytes_before_replacement() -> None:
    # observed: 5 raw bytes are 2 tokens even though the replaced text is 9 bytes
    text = format_exec_response(
        chunk_id="30c94a",
        wall_time_s=0.0,
        exit_code=0,
        session_id=None,
        output=b"\xff\xfeok\n",
        max_tokens=model_output_policy(max_output_tokens=None),
    )
    assert text.endswith("Original token count: 2\nOutput:\n\ufffd\ufffdok\n")


def test_str_output_counts_its_utf8_bytes() -> None:
    text = format_exec_response(
        chunk_id="000000",
        wall_time_s=1,
        exit_code=1,
        session_id=None,
        output="é",
        max_tokens=10,
    )
    assert text == (
        "Chunk ID: 000000\nWall time: 1.0000 seconds\nProcess exited with code 1\n"
        "Original token count: 1\nOutput:\né"
    )


def test_response_truncates_over_budget() -> None:
    # observed (max_output_tokens=5)
    text = format_exec_response(
        chunk_id="9a8fad",
        wall_time_s=0.0,
        exit_code=0,
        session_id=None,
        output=b"a\nb" + b"y" * 60,
        max_tokens=model_output_policy(max_output_tokens=5),
    )
    assert text == (
        "Chunk ID: 9a8fad\nWall time: 0.0000 seconds\nProcess exited with code 0\n"
        "Original token count: 16\nOutput:\n"
        "Warning: truncated output (original token count: 16)\nTotal output lines: 2\n\n"
        "a\nbyyyyyyy…11 tokens truncated…yyyyyyyyyy"
    )


@pytest.mark.parametrize(
    ("text", "max_tokens", "expected"),
    [
        # 63 bytes, budget 20: head 10 bytes, tail 10 bytes, K = ceil(43 / 4) = 11 (observed)
        (
            "a\nb" + "y" * 60,
            5,
            "Warning: truncated output (original token count: 16)\nTotal output lines: 2\n\n"
            "a\nbyyyyyyy…11 tokens truncated…yyyyyyyyyy",
        ),
        # 90 bytes, budget 8: the head stops before the "é" that would cross byte 4, the tail
        # starts at the first character boundary at or after byte 86 (observed)
        (
            "aé" * 30,
            2,
            "Warning: truncated output (original token count: 23)\nTotal output lines: 1\n\n"
            "aéa…21 tokens truncated…aé",
        ),
        # \r\n counts as one line break and a final "\n\n" adds one empty line (observed)
        (
            "a\r\nb\n\n" + "z" * 40,
            3,
            "Warning: truncated output (original token count: 12)\nTotal output lines: 4\n\n"
            "a\r\nb\n\n…9 tokens truncated…zzzzzz",
        ),
        # a zero budget keeps nothing but the marker (observed)
        (
            "x",
            0,
            "Warning: truncated output (original token count: 1)\nTotal output lines: 1\n\n"
            "…1 tokens truncated…",
        ),
        # 12 bytes of 3-byte characters, budget 4: 2 bytes each side fit no character;
        # K = ceil(8 / 4) = 2
        (
            "€€€€",
            1,
            "Warning: truncated output (original token count: 3)\nTotal output lines: 1\n\n"
            "…2 tokens truncated…",
        ),
        # exactly at the budget: unchanged
        ("abcdefgh", 2, "abcdefgh"),
        ("", 0, ""),
    ],
)
def test_truncate_output_exact(text: str, max_tokens: int, expected: str) -> None:
    assert truncate_output(text, max_tokens) == expected


def test_mock_model_budget_truncates_in_chars() -> None:
    # observed: `seq 1 3000` (13893 bytes) under mock-model's 10000-byte budget
    text = "".join(f"{n}\n" for n in range(1, 3001))
    data = text.encode()
    head = data[:5000].decode()
    tail = data[-5000:].decode()
    expected = (
        "Warning: truncated output (original token count: 3474)\nTotal output lines: 3000\n\n"
        f"{head}…3893 chars truncated…{tail}"
    )
    assert formatted_truncate_text(text, model_output_policy(max_output_tokens=None)) == expected
    assert head.endswith("\n1221\n12")
    assert tail.startswith("2001\n2002\n")


def test_bytes_policy_counts_removed_characters() -> None:
    # 10 two-byte characters, budget 7: the head's 3 bytes hold one character, the tail
    # takes the characters from byte 16 on (two); the 7 in between are counted
    text = "é" * 10
    assert formatted_truncate_text(text, TruncationPolicy.in_bytes(limit=7)) == (
        "Warning: truncated output (original token count: 5)\nTotal output lines: 1\n\n"
        "é…7 chars truncated…éé"
    )


@pytest.mark.parametrize(
    ("max_output_tokens", "expected"),
    [
        (None, MOCK_MODEL_POLICY),
        (2500, MOCK_MODEL_POLICY),  # observed: an equal budget keeps the model's policy
        (2499, TruncationPolicy.in_tokens(limit=2499)),
        (3000, MOCK_MODEL_POLICY),
        (0, TruncationPolicy.in_tokens(limit=0)),
    ],
)
def test_model_output_policy(max_output_tokens: int | None, expected: TruncationPolicy) -> None:
    assert model_output_policy(max_output_tokens) == expected


def test_model_output_policy_for_token_models() -> None:
    gpt = TruncationPolicy.in_tokens(limit=10_000)
    assert model_output_policy(max_output_tokens=None, model_policy=gpt) == gpt
    assert model_output_policy(
        max_output_tokens=500, model_policy=gpt
    ) == TruncationPolicy.in_tokens(limit=500)


def test_model_output_budget_tokens() -> None:
    assert model_output_budget_tokens(max_output_tokens=None) == 2500
    assert model_output_budget_tokens(max_output_tokens=100) == 100
    assert model_output_budget_tokens(max_output_tokens=None, model_budget_tokens=10_000) == 10_000


def test_policy_budgets() -> None:
    assert TruncationPolicy.in_tokens(limit=3).byte_budget == 12
    assert TruncationPolicy.in_bytes(limit=10_000).token_budget == 2500
    assert TruncationPolicy.in_bytes(limit=10_001).token_budget == 2501


@pytest.mark.parametrize(
    ("text", "lines"),
    [("", 0), ("a", 1), ("a\n", 1), ("\n", 1), ("a\nb", 2), ("a\n\n", 2), ("a\r\nb\r\n", 2)],
)
def test_output_line_count(text: str, lines: int) -> None:
    assert output_line_count(text) == lines


def test_head_tail_buffer_keeps_both_ends() -> None:
    buffer = HeadTailBuffer(max_bytes=10)
    buffer.append(b"0123456789abcdef")
    assert buffer.retained_bytes == 10
    assert buffer.omitted_bytes == 6
    assert buffer.take() == b"01234bcdef"
    assert buffer.take() == b""
    assert buffer.omitted_bytes == 0
    assert buffer.total_bytes == 16


def test_head_tail_buffer_trims_tail_across_small_chunks() -> None:
    buffer = HeadTailBuffer(max_bytes=8)
    for piece in (b"ab", b"cd", b"ef", b"gh", b"ij", b"k"):
        buffer.append(piece)
    assert buffer.take() == b"abcdhijk"
    buffer.append(b"xy")
    assert buffer.take() == b"xy"
    assert buffer.total_bytes == 13


def test_head_tail_buffer_under_cap_is_lossless() -> None:
    buffer = HeadTailBuffer()
    data = bytes(range(256)) * 100
    for start in range(0, len(data), 999):
        buffer.append(data[start : start + 999])
    assert buffer.omitted_bytes == 0
    assert buffer.take() == data


def test_head_tail_buffer_stays_bounded() -> None:
    buffer = HeadTailBuffer()
    chunk = b"y\n" * 32_768
    for _ in range(800):  # 50 MiB
        buffer.append(chunk)
        assert buffer.retained_bytes <= 1 << 20
    assert buffer.total_bytes == 800 * len(chunk)
    out = buffer.take()
    assert len(out) == 1 << 20
    assert out == b"y\n" * (1 << 19)


def test_head_tail_buffer_marks_what_it_dropped() -> None:
    buffer = HeadTailBuffer(max_bytes=10)
    buffer.append(b"0123456789ab")
    assert buffer.take_marked() == (b"01234\n... 2 bytes omitted ...\n789ab", 2)
    buffer.append(b"xy")
    assert buffer.take_marked() == (b"xy", 0)


def test_output_past_the_buffer_counts_every_byte_and_names_the_omission() -> None:
    """Observed: ``seq 1 300000`` (1988895 bytes) through the 1 MiB buffer, mock model."""
    buffer = HeadTailBuffer()
    written = "".join(f"{n}\n" for n in range(1, 300_001)).encode()
    for start in range(0, len(written), 65_536):
        buffer.append(written[start : start + 65_536])
    output, omitted = buffer.take_marked()
    assert omitted == 940_319 and len(output) == 1_048_606
    text = format_exec_response(
        chunk_id="f10d2b",
        wall_time_s=0.7617,
        exit_code=0,
        session_id=None,
        output=output,
        max_tokens=MOCK_MODEL_POLICY,
        omitted_bytes=omitted,
    )
    head, _, rest = text.partition("\n1\n2\n3\n")
    assert head == (
        "Chunk ID: f10d2b\nWall time: 0.7617 seconds\nProcess exited with code 0\n"
        "Original token count: 497224\nOutput:\n"
        "Warning: truncated output (original token count: 497224)\n"
        "... 940319 bytes omitted ...\n"
    )
    assert "\n1202\n1203\n" in rest and "12…1038606 chars truncated…6\n299287\n" in rest
    assert rest.endswith("\n299999\n300000\n")


def test_head_tail_buffer_zero_capacity() -> None:
    buffer = HeadTailBuffer(max_bytes=0)
    buffer.append(b"abc")
    assert buffer.take() == b""
    assert buffer.total_bytes == 3


def _feed_all(chunker: Utf8Chunker, data: bytes, rng: random.Random) -> list[str]:
    out: list[str] = []
    position = 0
    while position < len(data):
        size = rng.choice([1, 2, 3, 7, 100, 5000, 9000, 20_000])
        out += chunker.feed(data[position : position + size])
        position += size
    return out + chunker.flush()


def test_utf8_chunker_never_splits_characters_or_exceeds_max() -> None:
    rng = random.Random(1234)
    alphabet = ["a", "\n", "é", "€", "😀", "中"]
    text = "".join(rng.choice(alphabet) for _ in range(40_000))
    data = text.encode()
    for _ in range(5):
        chunks = _feed_all(Utf8Chunker(), data, rng)
        assert "".join(chunks) == text
        assert all(0 < len(chunk.encode()) <= MAX_DELTA_BYTES for chunk in chunks)
        assert "\ufffd" not in "".join(chunks)


def test_utf8_chunker_splits_large_feed_on_boundaries() -> None:
    chunks = Utf8Chunker().feed("😀".encode() * 5000)
    assert [len(chunk.encode()) for chunk in chunks] == [8192, 8192, 3616]
    assert "".join(chunks) == "😀" * 5000


def test_utf8_chunker_holds_a_split_character() -> None:
    chunker = Utf8Chunker()
    data = "é".encode()
    assert chunker.feed(b"x" + data[:1]) == ["x"]
    assert chunker.feed(data[1:]) == ["é"]
    assert chunker.flush() == []


def test_utf8_chunker_replaces_invalid_bytes() -> None:
    chunker = Utf8Chunker()
    assert chunker.feed(b"ok\xff\xfe!") == ["ok\ufffd\ufffd!"]
    assert chunker.feed(b"\xe2\x82") == []
    assert chunker.flush() == ["\ufffd"]


def test_utf8_chunker_counts_replacements_in_the_limit() -> None:
    chunks = Utf8Chunker(max_bytes=8).feed(b"\xff" * 5)
    # each U+FFFD is 3 bytes: two fit in 8
    assert chunks == ["\ufffd\ufffd", "\ufffd\ufffd", "\ufffd"]
