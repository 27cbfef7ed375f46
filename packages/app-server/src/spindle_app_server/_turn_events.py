"""The typed events of a running turn.

The engine turns every model output item and every tool step into one of these; three sinks
consume them in order (rollout recorder, state indexer, notifier), each in its own module.
A new event kind touches one place per sink.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AgentMessageCompleted",
    "AgentMessageDelta",
    "AgentMessageStarted",
    "CommandOutputDelta",
    "Compacted",
    "Event",
    "ItemCompleted",
    "ItemStarted",
    "ModelItem",
    "StatusChanged",
    "TerminalInteraction",
    "ToolOutput",
    "TurnBegan",
    "TurnEnded",
    "UsageReported",
    "UserMessageCompleted",
    "UserMessageStarted",
]

JSON = dict[str, Any]


@dataclass(frozen=True)
class TurnBegan:
    """The turn is under way: its context lines, its index row, ``turn/started``.

    ``context_items`` are the developer and environment-context messages the model is sent
    for this turn (recorded in the rollout as they are sent).
    """

    settings_changed: bool
    context_items: list[JSON] = field(default_factory=list)


@dataclass(frozen=True)
class UserMessageStarted:
    item: JSON


@dataclass(frozen=True)
class UserMessageCompleted:
    """The user's input: ``item`` (wire) and ``model_item`` (the message the model gets,
    None when the input has nothing the model can take)."""

    item: JSON
    model_item: JSON | None
    text: str


@dataclass(frozen=True)
class AgentMessageStarted:
    item_id: str
    started_ms: int


@dataclass(frozen=True)
class AgentMessageDelta:
    item_id: str
    delta: str


@dataclass(frozen=True)
class AgentMessageCompleted:
    item: JSON


@dataclass(frozen=True)
class ModelItem:
    """A non-message model output item kept in history (function call, reasoning...)."""

    item: JSON


@dataclass(frozen=True)
class ItemStarted:
    """A tool's wire item (commandExecution, imageView, webSearch...) started."""

    item: JSON


@dataclass(frozen=True)
class ItemCompleted:
    """A tool's wire item completed; ``rollout`` is the event_msg payload recording it."""

    item: JSON
    rollout: JSON | None = None


@dataclass(frozen=True)
class CommandOutputDelta:
    item_id: str
    delta: str


@dataclass(frozen=True)
class TerminalInteraction:
    item_id: str
    process_id: str
    stdin: str


@dataclass(frozen=True)
class ToolOutput:
    """The ``function_call_output`` (or ``custom_tool_call_output``) the model gets back."""

    item: JSON


@dataclass(frozen=True)
class StatusChanged:
    """The thread's ``activeFlags`` changed (waiting on approval, or not)."""

    active_flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UsageReported:
    """A response's token usage (``add``: count it in the thread's totals)."""

    usage: dict[str, int]
    response_id: str | None = None


@dataclass(frozen=True)
class Compacted:
    """The conversation was replaced by ``replacement_history`` (ending in the summary
    ``message``); the rollout's ``compacted`` line, which a resume replays."""

    message: str
    replacement_history: list[JSON]


@dataclass(frozen=True)
class TurnEnded:
    status: str
    error: JSON | None
    rollout_error: JSON | None
    last_agent_text: str | None


Event = (
    TurnBegan
    | UserMessageStarted
    | UserMessageCompleted
    | AgentMessageStarted
    | AgentMessageDelta
    | AgentMessageCompleted
    | ModelItem
    | ItemStarted
    | ItemCompleted
    | CommandOutputDelta
    | TerminalInteraction
    | ToolOutput
    | StatusChanged
    | UsageReported
    | Compacted
    | TurnEnded
)
