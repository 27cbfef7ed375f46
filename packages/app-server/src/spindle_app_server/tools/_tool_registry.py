"""The tool registry: tool name -> the tool that declares its spec and runs its calls.

Like the handler registry, a second registration of one name raises. The turn engine asks
the registry which specs to offer for a thread's config and dispatches each function call
by name; an unknown name or arguments that are not a JSON object give the model the
reference's error text and the turn goes on.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .._tool_switches import ToolSwitches
from .._turn_events import Event

if TYPE_CHECKING:
    from .._config import Config
    from .._server import AppServer
    from .._server_requests import ClientAnswer
    from .._threads import LoadedThread, ThreadSettings

__all__ = [
    "REGISTRY",
    "DuplicateTool",
    "Tool",
    "ToolCall",
    "ToolContext",
    "ToolError",
    "ToolRegistry",
    "ToolResult",
    "ToolsConfig",
]

JSON = dict[str, Any]

# What a tool hands back to the model: text, or content items (an image, say).
ToolResult = str | list[JSON]


class ToolError(Exception):
    """A call that failed: the message is the output the model gets; the turn goes on."""


class DuplicateTool(RuntimeError):
    """A tool name got a second registration."""


@dataclass(frozen=True)
class ToolCall:
    """One function call of the model."""

    call_id: str
    name: str
    arguments: str
    namespace: str | None = None

    def parse_arguments(self) -> JSON:
        """The arguments as a JSON object, or the reference's error for the model."""
        try:
            value = json.loads(self.arguments) if self.arguments.strip() else {}
        except ValueError as exc:
            raise ToolError(f"failed to parse function arguments: {exc}") from exc
        if not isinstance(value, dict):
            raise ToolError(
                "failed to parse function arguments: invalid type: expected a JSON object"
            )
        return value


@dataclass(frozen=True)
class ToolsConfig:
    """What decides the tool list offered for a turn."""

    goals: bool
    multi_agent_v2: bool
    # The reference searches live when commands are unsandboxed, from its cache otherwise.
    web_search_live: bool
    plan_mode: bool = False
    # False for a sub-agent at the spawn depth limit: the reference drops the v1 namespace.
    multi_agent: bool = True
    # The thread's own switches (thread/start `config`).
    switches: ToolSwitches = field(default_factory=ToolSwitches)

    @classmethod
    def from_config(cls, config: Config, settings: ThreadSettings) -> ToolsConfig:
        features = config.features
        switches = settings.tools
        return cls(
            goals=bool(features.get("goals", True)) and switches.goals,
            multi_agent_v2=bool(features.get("multi_agent_v2", False)),
            web_search_live=settings.sandbox_mode == "danger-full-access",
            multi_agent=switches.multi_agent,
            switches=switches,
        )


@dataclass
class ToolContext:
    """What a tool call may touch: its thread, the server, and the turn's event stream."""

    server: AppServer
    thread: LoadedThread
    turn_id: str
    call: ToolCall
    emit: Callable[[Event], Awaitable[None]]
    ask_client: Callable[[str, JSON], Awaitable[ClientAnswer]]
    set_active_flags: Callable[[list[str]], Awaitable[None]]
    # Set by a tool when the turn must end (an approval answered with cancel).
    interrupt_turn: bool = False


class Tool(Protocol):
    """A model tool."""

    name: str

    def spec(self, config: ToolsConfig) -> JSON | None:
        """The spec offered to the model, or None when this config does not offer it."""
        ...

    async def handle(self, ctx: ToolContext, args: JSON) -> ToolResult:
        """Run one call; raise :class:`ToolError` for an error the model should see."""
        ...


class ToolRegistry:
    """Tool name -> tool, in registration order (the order specs are offered in)."""

    def __init__(self) -> None:
        self._tools: dict[str, Tool] = {}

    def register(self, tool: Tool) -> Tool:
        if tool.name in self._tools:
            raise DuplicateTool(f"tool {tool.name} is already registered")
        self._tools[tool.name] = tool
        return tool

    def get(self, name: str) -> Tool | None:
        return self._tools.get(name)

    def names(self) -> list[str]:
        return list(self._tools)

    def specs(self, config: ToolsConfig) -> list[JSON]:
        return [spec for tool in self._tools.values() if (spec := tool.spec(config)) is not None]


REGISTRY = ToolRegistry()
