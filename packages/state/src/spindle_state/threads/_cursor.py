"""Cursor strings in the reference's formats.

Thread cursors (thread/list) are plain text: ``<RFC3339 UTC timestamp>[|<uuid>]``. We write
millisecond precision with trailing zeros trimmed (``2026-11-28T20:16:51.76Z``; a whole second
prints without a fraction). On input any RFC 3339 timestamp is accepted (fraction digits past
milliseconds are truncated, offsets are converted to UTC), with or without ``|uuid``.

Every cursor is an *exclusive* keyset bound on the unique millisecond stamp:

* ``desc``: rows with ``(stamp, id) < (T, uuid)``; without a uuid, rows with ``stamp < T``;
* ``asc``: rows with ``(stamp, id) > (T, uuid)``; without a uuid, rows with ``stamp > T``.

A page's ``backwardsCursor`` is its first item's own stamp (timestamp only; the reference
writes that stamp ∓ 1 ms and so returns the item again). Used with the opposite direction it
returns only what lies beyond the page: catching up from a desc page gives exactly the rows
written since, and nothing when nothing is new.

Turn cursors (thread/turns/list) are JSON text, e.g.
``{"requestedThreadId":"<thread>","rolloutOrdinal":14,"includeAnchor":false,"scope":{"kind":"turns"}}``;
spindle writes them as the reference does (``includeAnchor: false`` in a ``nextCursor``,
``true`` in a ``backwardsCursor``) but bounds every page exclusively at the anchor, for the
same exact catch-up: ``includeAnchor`` is read and kept, never widened into a repeat.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from spindle_state._exceptions import InvalidCursor

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_RFC3339 = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[Tt](?P<time>\d{2}:\d{2}:\d{2})(?:\.(?P<frac>\d+))?"
    r"(?P<tz>[Zz]|[+-]\d{2}:\d{2})"
)


def format_timestamp_ms(ms: int) -> str:
    """RFC 3339 UTC with millisecond precision, trailing zeros trimmed: ``…T20:16:51.76Z``."""
    seconds, millis = divmod(ms, 1000)
    base = datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")
    if millis == 0:
        return f"{base}Z"
    return f"{base}.{millis:03d}".rstrip("0") + "Z"


def parse_timestamp_ms(text: str) -> int | None:
    """Parse an RFC 3339 timestamp into unix milliseconds, None when it does not parse."""
    match = _RFC3339.fullmatch(text)
    if match is None:
        return None
    tz = match["tz"].upper()
    try:
        base = datetime.fromisoformat(
            f"{match['date']}T{match['time']}{'+00:00' if tz == 'Z' else tz}"
        )
    except ValueError:
        return None
    frac = (match["frac"] or "")[:3].ljust(3, "0")
    return int(base.astimezone(UTC).timestamp()) * 1000 + int(frac)


@dataclass(frozen=True, slots=True)
class ThreadCursor:
    """A parsed thread/list cursor: an exclusive bound ``(stamp_ms, thread_id)``."""

    stamp_ms: int
    thread_id: str | None

    def encode(self) -> str:
        text = format_timestamp_ms(self.stamp_ms)
        return text if self.thread_id is None else f"{text}|{self.thread_id}"


def parse_thread_cursor(cursor: str) -> ThreadCursor:
    """Parse ``<RFC3339>[|<uuid>]``; anything else raises InvalidCursor(cursor)."""
    stamp_text, sep, id_text = cursor.partition("|")
    stamp = parse_timestamp_ms(stamp_text)
    if stamp is None or (sep and _UUID.fullmatch(id_text) is None):
        raise InvalidCursor(cursor)
    return ThreadCursor(stamp, id_text.lower() if sep else None)


@dataclass(frozen=True, slots=True)
class TurnCursor:
    """A parsed thread/turns/list cursor anchored at a rollout ordinal."""

    thread_id: str
    rollout_ordinal: int
    include_anchor: bool

    def encode(self) -> str:
        return json.dumps(
            {
                "requestedThreadId": self.thread_id,
                "rolloutOrdinal": self.rollout_ordinal,
                "includeAnchor": self.include_anchor,
                "scope": {"kind": "turns"},
            },
            separators=(",", ":"),
        )


def parse_turn_cursor(cursor: str, thread_id: str) -> TurnCursor:
    """Parse a turns cursor for ``thread_id``; a cursor of another thread is invalid."""
    try:
        data = json.loads(cursor)
    except ValueError:
        raise InvalidCursor(cursor) from None
    if not isinstance(data, dict):
        raise InvalidCursor(cursor)
    requested = data.get("requestedThreadId")
    ordinal = data.get("rolloutOrdinal")
    include = data.get("includeAnchor", False)
    scope = data.get("scope")
    if (
        requested != thread_id
        or not isinstance(ordinal, int)
        or isinstance(ordinal, bool)
        or ordinal < 0
        or not isinstance(include, bool)
        or scope != {"kind": "turns"}
    ):
        raise InvalidCursor(cursor)
    return TurnCursor(thread_id, ordinal, include)
