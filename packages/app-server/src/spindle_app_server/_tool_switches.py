"""Which tools a thread offers, from its effective configuration.

A client may switch tools off for one thread through ``thread/start`` ``config`` (the Codex
TUI does for its temporary structured threads): ``features.shell_tool``,
``features.view_image``, ``features.goals``, ``features.multi_agent``,
``tools.experimental_request_user_input.enabled`` and ``web_search = "disabled"``. A tool
switched off is not offered, and a call to it gets ``unsupported call: <name>``, as the
reference answers. ``environments: []`` leaves the shell tools offered but without an
environment to run in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["NO_ENVIRONMENT", "ToolSwitches"]

NO_ENVIRONMENT: Final = (
    "No usable execution environment is available. Wait for an environment to become "
    "available before using this tool."
)


def _table(raw: Mapping[str, Any], *path: str) -> Mapping[str, Any]:
    node: Any = raw
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


def _on(table: Mapping[str, Any], key: str) -> bool:
    return table.get(key) is not False


@dataclass(frozen=True, slots=True)
class ToolSwitches:
    """The tools one thread may offer (all on unless its configuration turns them off)."""

    shell: bool = True
    request_user_input: bool = True
    view_image: bool = True
    multi_agent: bool = True
    goals: bool = True
    web_search: bool = True
    # False when the thread was started with no execution environment (``environments: []``).
    environment: bool = True

    @classmethod
    def from_config(cls, raw: Mapping[str, Any], *, environments: Any = None) -> ToolSwitches:
        features = _table(raw, "features")
        return cls(
            shell=_on(features, "shell_tool"),
            request_user_input=_on(
                _table(raw, "tools", "experimental_request_user_input"), "enabled"
            ),
            view_image=_on(features, "view_image"),
            multi_agent=_on(features, "multi_agent"),
            goals=_on(features, "goals"),
            web_search=raw.get("web_search") != "disabled",
            environment=not (isinstance(environments, list) and not environments),
        )

    def refusal(self, tool: str) -> str | None:
        """The model-facing answer to a call of ``tool`` this thread cannot run, or None."""
        switch = _SWITCH_OF.get(tool)
        if switch is None:
            return None
        if not getattr(self, switch):
            return f"unsupported call: {tool}"
        if switch == "shell" and not self.environment:
            return NO_ENVIRONMENT
        return None


_SWITCH_OF: Final = {
    "exec_command": "shell",
    "write_stdin": "shell",
    "request_user_input": "request_user_input",
    "view_image": "view_image",
    "get_goal": "goals",
    "create_goal": "goals",
    "update_goal": "goals",
    **{
        name: "multi_agent"
        for name in (
            "spawn_agent",
            "send_input",
            "send_message",
            "followup_task",
            "interrupt_agent",
            "list_agents",
            "wait_agent",
            "resume_agent",
            "close_agent",
        )
    },
}
