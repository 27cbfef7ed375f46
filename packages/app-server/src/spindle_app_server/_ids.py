"""Thread and turn ids: UUIDv7 generation, and parsing with the reference's error texts.

The reference parses ids with the Rust ``uuid`` crate and reports its error messages
verbatim (``invalid thread id: invalid character: ...``); :func:`parse_uuid` reproduces
those messages so a client sees the same text.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

__all__ = ["InvalidUuid", "normalize_uuid", "parse_uuid", "uuid7"]

_HEX = frozenset("0123456789abcdefABCDEF")
_BLOCK_STARTS = (0, 9, 14, 19, 24)
_GROUP_LENGTHS = (8, 4, 4, 4, 12)
_URN = "urn:uuid:"

_lock = threading.Lock()
_last_ms = 0
_counter = 0


class InvalidUuid(ValueError):
    """The text is not a UUID; the message is the uuid crate's."""


def uuid7() -> str:
    """A new UUIDv7 (time-ordered), hyphenated lowercase; monotonic within the process."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            _counter += 1
            if _counter >= 1 << 12:
                _last_ms += 1
                _counter = 0
            ms = _last_ms
        else:
            _last_ms = ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x7FF
        rand_a = _counter
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= rand_a << 64
    value |= 0b10 << 62
    value |= rand_b
    return str(uuid.UUID(int=value))


def _is_hex(text: str) -> bool:
    return all(c in _HEX for c in text)


def _try_parse(text: str) -> str | None:
    body = text
    if len(text) == 38 and text.startswith("{") and text.endswith("}"):
        body = text[1:-1]
    elif len(text) == 45 and text.startswith(_URN):
        body = text[len(_URN) :]
    if len(body) == 32 and body is text and _is_hex(body):
        return str(uuid.UUID(hex=body))
    if len(body) == 36:
        groups = body.split("-")
        if [len(g) for g in groups] == list(_GROUP_LENGTHS) and all(_is_hex(g) for g in groups):
            return str(uuid.UUID(hex="".join(groups)))
    return None


def _error_for(text: str) -> str:
    if text.startswith("{") and text.endswith("}") and len(text) >= 2:
        body, offset, simple = text[1:-1], 1, False
    elif text.startswith(_URN):
        body, offset, simple = text[len(_URN) :], len(_URN), False
    else:
        body, offset, simple = text, 0, True
    hyphens = 0
    bounds = [0, 0, 0, 0]
    index = 0
    for ch in body:
        if ord(ch) > 0x7F or (ch != "-" and ch not in _HEX):
            return (
                "invalid character: expected an optional prefix of `urn:uuid:` followed by "
                f"[0-9a-fA-F-], found `{ch}` at {index + offset + 1}"
            )
        if ch == "-":
            if hyphens < 4:
                bounds[hyphens] = index
            hyphens += 1
        index += len(ch.encode())
    if hyphens == 0 and simple:
        return f"invalid length: expected length 32 for simple format, found {len(text.encode())}"
    if hyphens != 4:
        return f"invalid group count: expected 5, found {hyphens + 1}"
    for group in range(4):
        if bounds[group] != _BLOCK_STARTS[group + 1] - 1:
            found = bounds[group] - _BLOCK_STARTS[group]
            return (
                f"invalid group length in group {group}: expected {_GROUP_LENGTHS[group]}, "
                f"found {found}"
            )
    found = len(text.encode()) - _BLOCK_STARTS[4]
    return f"invalid group length in group 4: expected 12, found {found}"


def parse_uuid(text: str) -> str:
    """The canonical (lowercase, hyphenated) form of ``text``, or :class:`InvalidUuid`."""
    parsed = _try_parse(text)
    if parsed is None:
        raise InvalidUuid(_error_for(text))
    return parsed


def normalize_uuid(text: str) -> str | None:
    """The canonical form of ``text`` or None when it is not a UUID."""
    return _try_parse(text)
