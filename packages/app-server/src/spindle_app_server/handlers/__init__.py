"""Request handlers, one module per protocol namespace.

Importing this package registers every handler in :data:`spindle_app_server._registry.REGISTRY`.
"""

from . import (
    account,
    config,
    feedback,
    initialize,
    model,
    thread,
    thread_goal,
    thread_items,
    thread_loaded,
    thread_metadata,
    thread_name,
    thread_turns,
    turn,
)

__all__ = [
    "account",
    "config",
    "feedback",
    "initialize",
    "model",
    "thread",
    "thread_goal",
    "thread_items",
    "thread_loaded",
    "thread_metadata",
    "thread_name",
    "thread_turns",
    "turn",
]
