"""What the model and the client see of a unified exec process's output.

Pure helpers, no I/O:

- :class:`HeadTailBuffer` caps the output retained between two reads (1 MiB): it keeps the
  first and the last half and drops the middle, so a command that prints gigabytes cannot
  exhaust memory while the model still sees how the output started and ended. The dropped
  middle is marked as the reference marks it (:func:`omission_marker`).
- :func:`format_exec_response` renders the text an ``exec_command``/``write_stdin`` call
  returns to the model (``Chunk ID: …``, ``Wall time: …``, …, ``Output:``), truncating the
  output with :func:`formatted_truncate_text` under the budget picked by
  :func:`model_output_policy`.
- :class:`Utf8Chunker` turns raw output bytes into the ``item/commandExecution/outputDelta``
  texts: at most 8192 UTF-8 bytes each, never splitting a character.

The truncation rules match what codex 0.169.0 actually sends; these were checked by running
the binary against a mock model, and where that differs from older source it is noted below.
"""

from __future__ import annotations

import codecs
import secrets
from collections import deque
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "APPROX_BYTES_PER_TOKEN",
    "DEFAULT_MAX_OUTPUT_TOKENS",
    "MAX_DELTA_BYTES",
    "MAX_OUTPUT_DELTAS_PER_CALL",
    "MOCK_MODEL_POLICY",
    "OUTPUT_MAX_BYTES",
    "HeadTailBuffer",
    "TruncationPolicy",
    "Utf8Chunker",
    "approx_token_count",
    "format_exec_response",
    "formatted_truncate_text",
    "model_output_budget_tokens",
    "model_output_policy",
    "new_chunk_id",
    "omission_marker",
    "output_line_count",
    "truncate_output",
    "truncate_text",
]

APPROX_BYTES_PER_TOKEN = 4
# Retained output between two reads of one process (the reference's head_tail_buffer).
OUTPUT_MAX_BYTES = 1 << 20
# The model's ``max_output_tokens`` when it gives none.
DEFAULT_MAX_OUTPUT_TOKENS = 10_000
# One outputDelta notification carries at most this many UTF-8 bytes.
MAX_DELTA_BYTES = 8192
# The reference stops emitting outputDelta notifications for one call after this many.
MAX_OUTPUT_DELTAS_PER_CALL = 10_000


@dataclass(frozen=True)
class TruncationPolicy:
    """A model's output budget, in bytes or in (approximate) tokens.

    The kind matters beyond the size: a ``bytes`` policy reports what it dropped as
    ``…N chars truncated…`` and a ``tokens`` policy as ``…N tokens truncated…``.
    """

    kind: Literal["bytes", "tokens"]
    limit: int

    @classmethod
    def in_bytes(cls, limit: int) -> TruncationPolicy:
        return cls("bytes", limit)

    @classmethod
    def in_tokens(cls, limit: int) -> TruncationPolicy:
        return cls("tokens", limit)

    @property
    def byte_budget(self) -> int:
        return self.limit if self.kind == "bytes" else self.limit * APPROX_BYTES_PER_TOKEN

    @property
    def token_budget(self) -> int:
        return approx_token_count(self.limit) if self.kind == "bytes" else self.limit


# Models without metadata (mock-model included) fall back to a 10000-byte budget.
MOCK_MODEL_POLICY = TruncationPolicy.in_bytes(limit=10_000)


def approx_token_count(n_bytes: int) -> int:
    """The reference's token estimate for ``n_bytes`` of text: one token per 4 bytes, rounded up."""
    if n_bytes <= 0:
        return 0
    return (n_bytes + APPROX_BYTES_PER_TOKEN - 1) // APPROX_BYTES_PER_TOKEN


def new_chunk_id() -> str:
    """A fresh ``Chunk ID``: 6 lowercase hex digits."""
    return secrets.token_hex(3)


def model_output_budget_tokens(
    max_output_tokens: int | None, model_budget_tokens: int = 2500
) -> int:
    """The output budget in tokens: the model's request, capped by the model's own budget.

    Prefer :func:`model_output_policy`, which also keeps the budget's kind; this is the same
    number for callers that only need a size.
    """
    requested = DEFAULT_MAX_OUTPUT_TOKENS if max_output_tokens is None else max_output_tokens
    return min(requested, model_budget_tokens)


def model_output_policy(
    max_output_tokens: int | None, model_policy: TruncationPolicy = MOCK_MODEL_POLICY
) -> TruncationPolicy:
    """The policy an exec response is truncated under.

    The model's ``max_output_tokens`` (default 10000) wins only when it is strictly smaller
    than the model's own budget; otherwise the model's policy applies unchanged, kind
    included. So mock-model output over 10000 bytes says ``chars truncated`` unless the call
    asked for fewer than 2500 tokens (observed on codex 0.169.0: 2500 gives ``chars``, 2499
    gives ``tokens``).
    """
    requested = TruncationPolicy.in_tokens(
        DEFAULT_MAX_OUTPUT_TOKENS if max_output_tokens is None else max(max_output_tokens, 0)
    )
    if requested.byte_budget < model_policy.byte_budget:
        return requested
    return model_policy


def output_line_count(text: str) -> int:
    """Lines as Rust's ``str::lines`` counts them: a final newline does not start a line."""
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _is_continuation(byte: int) -> bool:
    return byte & 0xC0 == 0x80


def _truncate_middle(text: str, max_bytes: int, *, use_tokens: bool) -> str:
    """Keep about ``max_bytes`` of ``text``: its start and end, on character boundaries."""
    if not text:
        return ""
    data = text.encode("utf-8", "surrogatepass")
    total = len(data)
    if max_bytes <= 0:
        removed = approx_token_count(total) if use_tokens else len(text)
        return _marker(removed, use_tokens=use_tokens)
    if total <= max_bytes:
        return text
    head_budget = max_bytes // 2
    tail_budget = max_bytes - head_budget
    # The head is the longest run of whole characters that fits; the tail starts at the first
    # character boundary at or after the tail budget's start.
    head_end = head_budget
    while head_end > 0 and _is_continuation(data[head_end]):
        head_end -= 1
    tail_start = total - tail_budget
    while tail_start < total and _is_continuation(data[tail_start]):
        tail_start += 1
    tail_start = max(tail_start, head_end)
    if use_tokens:
        # The reference counts what the budget cut, not what the boundaries left out.
        removed = approx_token_count(total - max_bytes)
    else:
        removed = len(data[head_end:tail_start].decode("utf-8", "surrogatepass"))
    head = data[:head_end].decode("utf-8", "surrogatepass")
    tail = data[tail_start:].decode("utf-8", "surrogatepass")
    return head + _marker(removed, use_tokens=use_tokens) + tail


def _marker(removed: int, *, use_tokens: bool) -> str:
    unit = "tokens" if use_tokens else "chars"
    return f"…{removed} {unit} truncated…"


def truncate_text(text: str, policy: TruncationPolicy) -> str:
    """The middle-truncated text alone, without the header lines."""
    if policy.kind == "bytes":
        return _truncate_middle(text, policy.limit, use_tokens=False)
    if not text:
        return ""
    budget = policy.byte_budget
    # A zero-token budget still truncates: only a positive budget lets short text through.
    if policy.limit > 0 and len(text.encode("utf-8", "surrogatepass")) <= budget:
        return text
    return _truncate_middle(text, budget, use_tokens=True)


def formatted_truncate_text(text: str, policy: TruncationPolicy) -> str:
    """``text`` unchanged when it fits ``policy``, else the reference's truncated form.

    The truncated form is::

        Warning: truncated output (original token count: T)
        Total output lines: N

        <head>…K tokens truncated…<tail>

    The ``Warning`` line is what codex 0.169.0 sends; older sources and notes start at
    ``Total output lines``.
    """
    n_bytes = len(text.encode("utf-8", "surrogatepass"))
    if n_bytes <= policy.byte_budget:
        return text
    return (
        f"Warning: truncated output (original token count: {approx_token_count(n_bytes)})\n"
        f"Total output lines: {output_line_count(text)}\n\n"
        f"{truncate_text(text, policy)}"
    )


def truncate_output(text: str, max_tokens: int) -> str:
    """:func:`formatted_truncate_text` under a budget of ``max_tokens`` tokens."""
    return formatted_truncate_text(text, TruncationPolicy.in_tokens(max_tokens))


def omission_marker(omitted_bytes: int) -> bytes:
    """What stands between the head and the tail of output whose middle was dropped."""
    return f"\n... {omitted_bytes} bytes omitted ...\n".encode()


def format_exec_response(
    *,
    chunk_id: str,
    wall_time_s: float,
    exit_code: int | None,
    session_id: int | None,
    output: str | bytes,
    max_tokens: int | TruncationPolicy,
    omitted_bytes: int = 0,
) -> str:
    """The text an ``exec_command``/``write_stdin`` call returns to the model.

    ``output`` should be the raw bytes the process wrote: the reference counts the original
    tokens on those bytes, before invalid UTF-8 is replaced (``\\xff\\xfeok\\n`` is 2 tokens,
    not 3). ``max_tokens`` is a token budget, or the exact policy from
    :func:`model_output_policy`. The exit line and the session line are independent, as in
    the reference; a call normally has exactly one of them.

    ``omitted_bytes`` is what the retained-output buffer dropped (``output`` then carries
    :func:`omission_marker` between head and tail). As codex 0.169.0 does, the token counts
    then cover every byte the process wrote, and the ``Total output lines`` line gives way
    to the omission line.
    """
    if isinstance(output, bytes):
        n_bytes = len(output)
        text = output.decode("utf-8", "replace")
    else:
        text = output
        n_bytes = len(output.encode("utf-8", "surrogatepass"))
    policy = (
        max_tokens
        if isinstance(max_tokens, TruncationPolicy)
        else TruncationPolicy.in_tokens(max_tokens)
    )
    lines = [f"Chunk ID: {chunk_id}", f"Wall time: {wall_time_s:.4f} seconds"]
    if exit_code is not None:
        lines.append(f"Process exited with code {exit_code}")
    if session_id is not None:
        lines.append(f"Process running with session ID {session_id}")
    if omitted_bytes > 0:
        n_bytes += omitted_bytes - len(omission_marker(omitted_bytes))
    lines.append(f"Original token count: {approx_token_count(n_bytes)}")
    lines.append("Output:")
    if omitted_bytes > 0:
        lines.append(
            f"Warning: truncated output (original token count: {approx_token_count(n_bytes)})\n"
            f"... {omitted_bytes} bytes omitted ...\n\n{truncate_text(text, policy)}"
        )
    else:
        lines.append(formatted_truncate_text(text, policy))
    return "\n".join(lines)


class HeadTailBuffer:
    """Output retained between two reads, capped: the head half and the tail half survive.

    Bytes fill the head until it holds half the cap; later bytes go to the tail, which drops
    its oldest bytes to stay within the other half. :meth:`take` drains both.
    """

    def __init__(self, max_bytes: int = OUTPUT_MAX_BYTES) -> None:
        self._head_budget = max_bytes // 2
        self._tail_budget = max_bytes - self._head_budget
        self._head = bytearray()
        # Chunks rather than one bytearray, so trimming the tail never copies the whole tail.
        self._tail: deque[bytes] = deque()
        self._tail_len = 0
        self._omitted = 0
        self._total = 0

    @property
    def retained_bytes(self) -> int:
        """Bytes held now (head and tail)."""
        return len(self._head) + self._tail_len

    @property
    def omitted_bytes(self) -> int:
        """Bytes dropped from the middle since the last :meth:`take`."""
        return self._omitted

    @property
    def total_bytes(self) -> int:
        """Every byte ever appended, dropped ones included."""
        return self._total

    def append(self, data: bytes) -> None:
        if not data:
            return
        self._total += len(data)
        room = self._head_budget - len(self._head)
        if room > 0:
            self._head += data[:room]
            data = data[room:]
        if not data:
            return
        if self._tail_budget == 0:
            self._omitted += len(data)
            return
        if len(data) >= self._tail_budget:
            self._omitted += self._tail_len + len(data) - self._tail_budget
            self._tail.clear()
            self._tail.append(bytes(data[len(data) - self._tail_budget :]))
            self._tail_len = self._tail_budget
            return
        self._tail.append(bytes(data))
        self._tail_len += len(data)
        excess = self._tail_len - self._tail_budget
        while excess > 0:
            first = self._tail[0]
            if len(first) <= excess:
                self._tail.popleft()
                cut = len(first)
            else:
                self._tail[0] = first[excess:]
                cut = excess
            self._tail_len -= cut
            self._omitted += cut
            excess -= cut

    def take_marked(self) -> tuple[bytes, int]:
        """Drain like :meth:`take`, with :func:`omission_marker` where bytes were dropped;
        also how many were."""
        omitted = self._omitted
        if omitted == 0:
            return self.take(), 0
        head = bytes(self._head)
        tail = b"".join(self._tail)
        self.take()
        return head + omission_marker(omitted) + tail, omitted

    def take(self) -> bytes:
        """Drain what is retained, head then tail; the dropped middle is simply absent."""
        out = bytes(self._head) + b"".join(self._tail)
        self._head.clear()
        self._tail.clear()
        self._tail_len = 0
        self._omitted = 0
        return out


class Utf8Chunker:
    """Raw output bytes in, delta texts out: each at most ``max_bytes`` UTF-8 bytes.

    A character split across two reads is held back until its last byte arrives; bytes that
    can never form a character become U+FFFD. Nothing else is held back, so live deltas are
    not delayed. Call :meth:`flush` once the output has ended.
    """

    def __init__(self, max_bytes: int = MAX_DELTA_BYTES) -> None:
        if max_bytes < 4:
            raise ValueError("max_bytes must fit any UTF-8 character (4 bytes)")
        self._max_bytes = max_bytes
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, data: bytes) -> list[str]:
        return self._split(self._decoder.decode(data))

    def flush(self) -> list[str]:
        return self._split(self._decoder.decode(b"", final=True))

    def _split(self, text: str) -> list[str]:
        if not text:
            return []
        encoded = text.encode("utf-8", "surrogatepass")
        if len(encoded) <= self._max_bytes:
            return [text]
        chunks = []
        start = 0
        while start < len(encoded):
            end = min(start + self._max_bytes, len(encoded))
            while end < len(encoded) and _is_continuation(encoded[end]):
                end -= 1
            chunks.append(encoded[start:end].decode("utf-8", "surrogatepass"))
            start = end
        return chunks
