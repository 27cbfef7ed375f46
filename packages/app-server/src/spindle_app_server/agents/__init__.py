"""Sub-agents: paths, nicknames, the agent graph runtime and the multi-agent tools."""
