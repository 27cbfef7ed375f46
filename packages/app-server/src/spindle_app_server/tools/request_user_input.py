"""``request_user_input``: the model asks the user one to three multiple-choice questions.

Only Plan mode allows it; in any other mode the model is told so and the turn goes on. In
Plan mode the questions go to the client as an ``item/tool/requestUserInput`` server request
(each question gets the free-form "Other" choice and is not secret; the request blocks) while
the thread reports ``activeFlags: ["waitingOnUserInput"]``. The client's answer reaches the
model as compact JSON, ``{"answers":{<id>:{"answers":[...]}}}``. As in the reference, an
answer that is not such an object (garbage, a JSON-RPC error) counts as no answers at all,
and a client that goes away cancels the request.
"""

from __future__ import annotations

import json
from typing import Any

from spindle_protocol.methods import ITEM_TOOL_REQUEST_USER_INPUT

from .._collaboration import PLAN_MODE, mode_display_name
from . import _specs
from ._tool_registry import REGISTRY, ToolContext, ToolError, ToolsConfig

__all__ = ["RequestUserInputTool"]

JSON = dict[str, Any]

WAITING_ON_USER_INPUT = "waitingOnUserInput"
CANCELLED = "request_user_input was cancelled before receiving a response"
MISSING_OPTIONS = "request_user_input requires non-empty options for every question"


def _parse_error(detail: str) -> ToolError:
    return ToolError(f"failed to parse function arguments: {detail}")


def _string(value: JSON, name: str) -> str:
    text = value.get(name)
    if text is None:
        raise _parse_error(f"missing field `{name}`")
    if not isinstance(text, str):
        raise _parse_error(f"invalid type: expected a string for `{name}`")
    return text


def _option(value: Any) -> JSON:
    if not isinstance(value, dict):
        raise _parse_error("invalid type: expected an object for an option")
    return {"label": _string(value, "label"), "description": _string(value, "description")}


def _question(value: Any) -> JSON:
    """One question as the wire's ``ToolRequestUserInputQuestion``."""
    if not isinstance(value, dict):
        raise _parse_error("invalid type: expected an object for a question")
    options = value.get("options")
    if options is not None and not isinstance(options, list):
        raise _parse_error("invalid type: expected a sequence for `options`")
    return {
        "id": _string(value, "id"),
        "header": _string(value, "header"),
        "question": _string(value, "question"),
        # The client always offers a free-form "Other" answer; nothing asked here is secret.
        "isOther": True,
        "isSecret": False,
        "options": None if options is None else [_option(o) for o in options],
    }


def _answers(result: Any) -> JSON:
    """The client's answers, keeping only well-formed entries (anything else: none)."""
    answers: JSON = {}
    raw = result.get("answers") if isinstance(result, dict) else None
    if not isinstance(raw, dict):
        return answers
    for question_id, entry in raw.items():
        values = entry.get("answers") if isinstance(entry, dict) else None
        if isinstance(values, list) and all(isinstance(v, str) for v in values):
            answers[str(question_id)] = {"answers": list(values)}
    return answers


class RequestUserInputTool:
    name = "request_user_input"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return _specs.request_user_input_spec()

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        mode = ctx.thread.settings.collaboration_mode
        if mode != PLAN_MODE:
            raise ToolError(f"request_user_input is unavailable in {mode_display_name(mode)} mode")
        questions = args.get("questions")
        if questions is None:
            raise _parse_error("missing field `questions`")
        if not isinstance(questions, list):
            raise _parse_error("invalid type: expected a sequence for `questions`")
        parsed = [_question(q) for q in questions]
        if any(not q["options"] for q in parsed):
            raise ToolError(MISSING_OPTIONS)
        params = {
            "threadId": ctx.thread.id,
            "turnId": ctx.turn_id,
            "itemId": ctx.call.call_id,
            "questions": parsed,
            "isBlocking": True,
            "autoResolutionMs": None,
        }
        await ctx.set_active_flags([WAITING_ON_USER_INPUT])
        answer = await ctx.ask_client(ITEM_TOOL_REQUEST_USER_INPUT, params)
        await ctx.set_active_flags([])
        if answer.disconnected:
            raise ToolError(CANCELLED)
        # serde_json's compact form: no spaces, non-ASCII text as is.
        return json.dumps(
            {"answers": _answers(answer.result)}, separators=(",", ":"), ensure_ascii=False
        )


REGISTRY.register(RequestUserInputTool())
