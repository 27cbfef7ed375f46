"""Request handlers, one module per protocol namespace.

Importing this package registers every handler in :data:`spindle_app_server._registry.REGISTRY`.
"""

from . import (
    account,
    collaboration_mode,
    command_exec,
    config,
    feedback,
    fs,
    fuzzy_file_search,
    hooks,
    initialize,
    model,
    providers,
    skills,
    thread,
    thread_goal,
    thread_history,
    thread_items,
    thread_loaded,
    thread_metadata,
    thread_name,
    thread_read_state,
    thread_turns,
    turn,
)

__all__ = [
    "account",
    "collaboration_mode",
    "command_exec",
    "config",
    "feedback",
    "fs",
    "fuzzy_file_search",
    "hooks",
    "initialize",
    "model",
    "providers",
    "skills",
    "thread",
    "thread_goal",
    "thread_history",
    "thread_items",
    "thread_loaded",
    "thread_metadata",
    "thread_name",
    "thread_read_state",
    "thread_turns",
    "turn",
]
