"""The model's tools: a registry by tool name, one module per tool.

Each tool module declares the spec offered to the model and the handler that runs a call.
Helpers shared by several tools (unified exec, command parsing, approvals) live in private
modules beside them.
"""

from . import exec_command, goals, multi_agents, request_user_input, view_image, write_stdin
from ._specs import default_tool_specs
from ._tool_registry import (
    REGISTRY,
    DuplicateTool,
    Tool,
    ToolCall,
    ToolContext,
    ToolError,
    ToolRegistry,
    ToolResult,
    ToolsConfig,
)


def tool_specs(config: ToolsConfig) -> list[dict[str, object]]:
    """The tools offered to the model for ``config``: exactly the reference's list, in order."""
    return default_tool_specs(
        goals_enabled=config.goals,
        multi_agent_v2=config.multi_agent_v2,
        web_search_live=config.web_search_live,
        multi_agent=config.multi_agent,
        shell=config.switches.shell,
        request_user_input=config.switches.request_user_input,
        view_image=config.switches.view_image,
        web_search=config.switches.web_search,
    )


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
    "exec_command",
    "goals",
    "multi_agents",
    "request_user_input",
    "tool_specs",
    "view_image",
    "write_stdin",
]
