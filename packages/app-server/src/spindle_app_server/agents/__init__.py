"""Sub-agents: paths, nicknames, statuses and the agent runtime (the tools are in
:mod:`..tools.multi_agents`)."""

from ._runtime import AgentRuntime, offers_multi_agent, on_thread_resumed, runtime

__all__ = ["AgentRuntime", "offers_multi_agent", "on_thread_resumed", "runtime"]
