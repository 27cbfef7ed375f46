"""Domain exceptions raised by ``spindle_state``.

They know nothing of JSON-RPC; the app server maps each one to a wire error in one table.

Exception tree::

    StateError
    ├── SchemaTooNew            the database was written by a newer spindle (unknown revision)
    ├── DatabaseUnavailable     the database URL names an unsupported kind of database, or
    │                           the database cannot be reached; the message names the URL
    │                           without its password
    ├── ThreadNotFound          no row (and, where repair applies, no rollout) for a thread id
    ├── ThreadAlreadyExists     create_thread on an id that is already stored
    ├── TurnNotFound            no turn row for (thread id, turn id)
    ├── InvalidCursor           a list cursor that does not parse; carries the cursor text
    ├── InvalidGitInfo          a git metadata patch that is empty or has a bad value
    ├── ReadStateConflict       a read-state update whose expected revision is stale;
    │                           carries the current receipt
    └── RolloutError            a rollout file that cannot be read
        └── CorruptRollout      a rollout line (not a torn last line) that is not valid JSON,
                                or a rollout that does not start with session_meta
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spindle_state.threads._records import ReadReceipt


class StateError(Exception):
    """Base class of every error raised by spindle_state."""


class SchemaTooNew(StateError):
    """The database carries a schema revision this version of spindle does not know."""

    def __init__(self, revision: str, known_head: str) -> None:
        self.revision = revision
        self.known_head = known_head
        super().__init__(
            f"database schema revision {revision!r} is newer than this spindle understands "
            f"(latest known revision {known_head!r}); upgrade spindle instead of opening it"
        )


class DatabaseUnavailable(StateError):
    """The database cannot be used: unreachable, or a URL scheme spindle does not support.

    ``url`` is the URL with its password hidden; ``reason`` is one line.
    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"cannot open the database {url}: {reason}")


class ThreadNotFound(StateError):
    """No stored thread has this id."""

    def __init__(self, thread_id: str) -> None:
        self.thread_id = thread_id
        super().__init__(f"thread not found: {thread_id}")


class ThreadAlreadyExists(StateError):
    """A thread with this id is already stored."""

    def __init__(self, thread_id: str) -> None:
        self.thread_id = thread_id
        super().__init__(f"thread already exists: {thread_id}")


class TurnNotFound(StateError):
    """No stored turn has this id in this thread."""

    def __init__(self, thread_id: str, turn_id: str) -> None:
        self.thread_id = thread_id
        self.turn_id = turn_id
        super().__init__(f"turn not found: {turn_id} in thread {thread_id}")


class InvalidCursor(StateError):
    """A paging cursor that cannot be parsed. ``cursor`` is the text as given."""

    def __init__(self, cursor: str) -> None:
        self.cursor = cursor
        super().__init__(f"invalid cursor: {cursor}")


class InvalidGitInfo(StateError):
    """A git metadata patch that is empty, names an unknown field or holds a bad value.

    ``field`` is the wire name of the offending field (``sha``, ``branch``, ``originUrl``), or
    None when the patch as a whole is wrong. The message is the reference's text.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class RolloutError(StateError):
    """A rollout file that cannot be read."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class CorruptRollout(RolloutError):
    """A rollout with an unparsable line before its last one, or without session_meta."""


class ReadStateConflict(StateError):
    """A read-state update expected a revision the thread no longer has."""

    def __init__(self, current: ReadReceipt) -> None:
        self.current = current
        super().__init__("read state changed")
