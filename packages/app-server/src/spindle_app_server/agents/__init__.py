"""Sub-agents: paths, nicknames, statuses and the agent runtime (the tools are in
:mod:`..tools.multi_agents`)."""

from ._runtime import (
    AgentRuntime,
    flush_agent_notifications,
    offers_multi_agent,
    on_thread_resumed,
    runtime,
    subagent_metadata,
)

__all__ = [
    "AgentRuntime",
    "flush_agent_notifications",
    "offers_multi_agent",
    "on_thread_resumed",
    "runtime",
    "subagent_metadata",
]
