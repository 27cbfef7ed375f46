"""Collaboration modes: ``default`` and ``plan``, set per turn by ``turn/start``.

A turn/start ``collaborationMode`` sticks to the thread (later turns keep it, and a resumed
thread gets it back from its rollout). The mode's developer instructions go to the model in
the developer message, as a ``<collaboration_mode>`` part; ``request_user_input`` only works
in Plan mode. When the client leaves ``developer_instructions`` null, the mode's built-in
text below is used (our own words; the reference ships its own) and the thread settings
report it. A thread that never chose a mode is in Default mode without instructions.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DEFAULT_MODE",
    "DEFAULT_MODE_INSTRUCTIONS",
    "PLAN_MODE",
    "PLAN_MODE_INSTRUCTIONS",
    "builtin_instructions",
    "collaboration_mode_json",
    "mode_display_name",
]

JSON = dict[str, Any]

DEFAULT_MODE = "default"
PLAN_MODE = "plan"

_DISPLAY_NAMES = {DEFAULT_MODE: "Default", PLAN_MODE: "Plan"}

PLAN_MODE_INSTRUCTIONS = """\
# Plan Mode

You are planning, not implementing. Stay in Plan Mode until a developer message ends it; \
requests to "just do it" while in Plan Mode mean: plan how it would be done.

## What you may do

- Explore freely without changing anything: read and search files, inspect configuration, \
schemas and docs, run builds, tests or dry runs whose only writes are caches or build \
output.
- Do not edit files, run formatters that rewrite files, apply patches or migrations, or \
run anything whose purpose is to carry the plan out.

## How to work

1. Ground yourself first: find out from the environment whatever it can tell you before \
asking anything.
2. Settle intent with the user: the goal and how success is judged, scope, constraints and \
the important preferences. When a question would change the plan and exploration cannot \
answer it, ask.
3. Settle the implementation: approach, interfaces, data flow, failure cases, tests, and \
any migration or compatibility concerns, until nothing is left for the implementer to \
decide.

## Asking questions

- Use the `request_user_input` tool for questions, with two or three meaningful, mutually \
exclusive options and the recommended one first.
- Only ask what materially changes the plan, confirms an important assumption or chooses \
between real tradeoffs; never ask what a read-only command could tell you.
- If a question stays unanswered, go on with the recommended option and list it as an \
assumption.

## The plan

When the plan is complete, present it once in a `<proposed_plan>` block: the opening and \
closing tags each on a line of their own, Markdown inside. Keep it concise: a title, a \
short summary, the key changes (by behaviour or subsystem rather than file by file), the \
test plan, and the assumptions made. A revised plan replaces the previous block entirely. \
Do not end by asking whether to proceed: the user leaves Plan Mode to have it implemented.
"""


DEFAULT_MODE_INSTRUCTIONS = """\
# Collaboration Mode: Default

You are in Default mode now; instructions given for any other mode (Plan mode, say) no \
longer apply.

Only a new developer message with a different `<collaboration_mode>` block changes the mode; \
user requests and tool descriptions do not. The modes are Default and Plan.

## Asking the user

- Use `request_user_input` only when this turn offers it, and only for optional questions \
whose answer would clearly improve the result; otherwise make reasonable assumptions and \
carry out the request.
- When it comes back without answers, go on with your best judgement instead of asking \
again or treating the turn as blocked.
- Never use it to ask for permissions or escalations.
- When you truly need the user before you can continue safely, ask one short plain-text \
question instead, and never write a multiple-choice question as a plain message.
"""


def builtin_instructions(mode: str) -> str | None:
    """The developer instructions a mode gets when the client sends none."""
    if mode == PLAN_MODE:
        return PLAN_MODE_INSTRUCTIONS
    if mode == DEFAULT_MODE:
        return DEFAULT_MODE_INSTRUCTIONS
    return None


def mode_display_name(mode: str) -> str:
    """``plan`` -> ``Plan`` (as the model is told which mode it is in)."""
    return _DISPLAY_NAMES.get(mode, mode.replace("_", " ").title())


def collaboration_mode_json(
    mode: str, model: str, reasoning_effort: str | None, developer_instructions: str | None
) -> JSON:
    """A ``CollaborationMode`` value (the wire's snake_case ``settings`` members included)."""
    return {
        "mode": mode,
        "settings": {
            "model": model,
            "reasoning_effort": reasoning_effort,
            "developer_instructions": developer_instructions,
        },
    }
