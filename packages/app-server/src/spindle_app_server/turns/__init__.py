"""The turn engine: the agent loop, its typed events and their three sinks.

- :mod:`._engine`: the loop (sample, dispatch tools, sample again) and the turn's end;
- :mod:`._sampling`: one model sample with its retries;
- :mod:`._prompt`: instructions and the per-turn context messages;
- :mod:`._review_turn`: ``review/start`` turns (a child review turn does the work);
- :mod:`._rollout_sink`, :mod:`._index_sink`, :mod:`._notify_sink`: where events go.
"""

from ._engine import run_turn, user_content_from_input
from ._index_sink import index_item, wire_item_from_index
from ._notify_sink import rate_limits_json
from ._review_registry import interruptible_turn_id, mark_replaced, schedule_review
from ._review_turn import warn_unknown_model
from ._state import DEFAULT_CONTEXT_WINDOW, context_window

__all__ = [
    "DEFAULT_CONTEXT_WINDOW",
    "context_window",
    "index_item",
    "interruptible_turn_id",
    "mark_replaced",
    "rate_limits_json",
    "run_turn",
    "schedule_review",
    "user_content_from_input",
    "warn_unknown_model",
    "wire_item_from_index",
]
