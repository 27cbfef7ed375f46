"""Plain value types returned and accepted by the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypedDict, TypeVar

SortKey = Literal["created_at", "updated_at"]
SortDirection = Literal["asc", "desc"]
TurnStatus = Literal["inProgress", "completed", "interrupted", "failed"]
BackfillStatus = Literal["pending", "running", "complete"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class GitInfo:
    """Git metadata of a thread. Every field may be None; ``is_empty`` when all are."""

    sha: str | None = None
    branch: str | None = None
    origin_url: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.sha is None and self.branch is None and self.origin_url is None


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    """One stored thread row. Timestamps are unique integer milliseconds."""

    id: str
    rollout_path: str
    created_at_ms: int
    updated_at_ms: int
    source: str
    thread_source: str | None
    originator: str | None
    model_provider: str
    model: str | None
    reasoning_effort: str | None
    cwd: str
    title: str
    preview: str
    first_user_message: str
    name: str | None
    cli_version: str
    git: GitInfo
    tokens_used: int
    archived: bool
    archived_at: int | None
    forked_from_id: str | None
    agent_path: str | None
    agent_nickname: str | None
    agent_role: str | None
    history_mode: str

    @property
    def created_at(self) -> int:
        """Creation time in unix seconds (the wire's ``createdAt``)."""
        return self.created_at_ms // 1000

    @property
    def updated_at(self) -> int:
        """Last update time in unix seconds (the wire's ``updatedAt``)."""
        return self.updated_at_ms // 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class NewThread:
    """What a caller supplies to create a thread row.

    ``created_at_ms``/``updated_at_ms`` None means "now". An explicit value (backfill of an old
    rollout) is kept, bumped by +1 until unique.
    """

    id: str
    rollout_path: str = ""
    created_at_ms: int | None = None
    updated_at_ms: int | None = None
    source: str = "vscode"
    thread_source: str | None = None
    originator: str | None = None
    model_provider: str = ""
    model: str | None = None
    reasoning_effort: str | None = None
    cwd: str = ""
    title: str = ""
    preview: str = ""
    first_user_message: str = ""
    name: str | None = None
    cli_version: str = ""
    git: GitInfo = field(default_factory=GitInfo)
    tokens_used: int = 0
    archived: bool = False
    archived_at: int | None = None
    forked_from_id: str | None = None
    agent_path: str | None = None
    agent_nickname: str | None = None
    agent_role: str | None = None
    history_mode: str = "paginated"


class ThreadUpdate(TypedDict, total=False):
    """Non-git, non-timestamp columns ``update_thread`` may change; omitted keys are kept."""

    rollout_path: str
    source: str
    thread_source: str | None
    originator: str | None
    model_provider: str
    model: str | None
    reasoning_effort: str | None
    cwd: str
    title: str
    preview: str
    first_user_message: str
    name: str | None
    cli_version: str
    tokens_used: int
    forked_from_id: str | None
    agent_path: str | None
    agent_nickname: str | None
    agent_role: str | None
    history_mode: str


class GitInfoPatch(TypedDict, total=False):
    """A git metadata patch: omitted = keep, None = clear, string = set (trimmed).

    Values are typed ``object`` because the patch usually comes straight from the wire and
    is validated by ``update_thread_git_info`` (non-strings are rejected there).
    """

    sha: object
    branch: object
    origin_url: object


@dataclass(frozen=True, slots=True)
class LatestModel:
    """Model and reasoning effort of a thread's latest turn (None when never recorded)."""

    model: str | None
    reasoning_effort: str | None


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """One indexed turn of a thread.

    ``rollout_ordinal`` is the rollout line ordinal of the turn start and orders turns.
    ``items`` holds the summary items as they appear in the rollout's ``item_completed``
    payloads (``{"type": "UserMessage", ...}``); the server maps them to wire ThreadItems.
    """

    thread_id: str
    turn_id: str
    root_turn_id: str | None
    rollout_ordinal: int
    status: TurnStatus
    error: dict[str, Any] | None
    started_at: int | None
    completed_at: int | None
    duration_ms: int | None
    model: str | None
    reasoning_effort: str | None
    items: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ThreadMemory:
    """One ``thread_memory`` row; ``updated_at`` is unix milliseconds, strictly advancing."""

    thread_id: str
    trace_summary: str
    memory_summary: str
    updated_at: int


UnreadKind = Literal["turn", "thread_start"]


@dataclass(frozen=True, slots=True)
class ReadReceipt:
    """A thread's read state: the first unread position and an opaque revision.

    ``first_unread_kind`` is ``"turn"`` (with ``first_unread_turn_id``), ``"thread_start"``
    (marked unread explicitly) or ``None`` (read). A thread without a stored receipt is read,
    with the revision :func:`initial_read_revision` gives it.
    """

    thread_id: str
    first_unread_kind: UnreadKind | None
    first_unread_turn_id: str | None
    revision: str
    updated_at: int


def initial_read_revision(thread_id: str) -> str:
    """The revision of a thread that has no stored receipt yet (read, never changed)."""
    return f"initial:{thread_id}"


@dataclass(frozen=True, slots=True)
class BackfillState:
    """The singleton backfill progress row."""

    status: BackfillStatus
    last_watermark: str | None
    last_success_at: int | None
    updated_at: int


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a keyset listing with the reference's cursor strings."""

    items: list[T]
    next_cursor: str | None
    backwards_cursor: str | None


@dataclass(frozen=True, slots=True)
class ThreadListQuery:
    """One ``list_threads`` request, carried unchanged from the handler to the SQL.

    ``limit``: None -> 25, clamped to 1..100. ``cursor``: any RFC 3339 timestamp, with or
    without ``|<id>`` (see ``spindle_state.threads._cursor``). ``model_providers`` and
    ``source_kinds``: empty means all; ``source_kinds`` are ``ThreadSourceKind`` values
    (``spindle_state.threads._source_kinds``). ``search_term``: case-insensitive
    substring of title or preview.
    """

    limit: int | None = None
    sort_key: SortKey = "created_at"
    sort_direction: SortDirection = "desc"
    cursor: str | None = None
    cwd: str | None = None
    archived: bool = False
    model_providers: Sequence[str] = ()
    source_kinds: Sequence[str] = ()
    search_term: str | None = None
    excluded_thread_ids: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class TurnListQuery:
    """One ``list_turns`` request: a page of one thread's turns by rollout ordinal.

    ``limit``: None -> 25, clamped to 1..100. ``cursor``: the JSON turn cursor a previous
    page returned for the same thread.
    """

    thread_id: str
    limit: int | None = None
    sort_direction: SortDirection = "desc"
    cursor: str | None = None
