"""``review/start``: a code review of the working tree, a branch, a commit or custom
instructions, run as a turn of the given thread (``delivery`` ``inline`` only)."""

from __future__ import annotations

import asyncio
import logging

from spindle_protocol.methods import REVIEW_START
from spindle_protocol.models import ReviewStartParams, ReviewStartResponse
from spindle_state import ThreadNotFound

from .._context import RequestContext
from .._params import thread_id_of
from .._registry import handler
from .._review import resolve_target
from .._threads import ActiveTurn
from ..turns import mark_replaced, schedule_review, warn_unknown_model

__all__ = ["review_start"]

log = logging.getLogger(__name__)


@handler(REVIEW_START)
async def review_start(ctx: RequestContext, params: ReviewStartParams) -> ReviewStartResponse:
    server = ctx.server
    thread_id = thread_id_of(params.thread_id)
    thread = ctx.threads.get(thread_id)
    if thread is None:
        raise ThreadNotFound(thread_id)
    # The target is read in its wire shape; one that cannot be reviewed (TargetError) is
    # refused through the error table. The merge base of a base-branch review is read from
    # the repository: off the loop.
    raw = ctx.raw_params if isinstance(ctx.raw_params, dict) else {}
    target = raw.get("target") if isinstance(raw.get("target"), dict) else {}
    assert isinstance(target, dict)
    review = await asyncio.to_thread(resolve_target, target, thread.settings.cwd)
    active = ActiveTurn.starting_now()
    previous = thread.active
    if previous is None:
        thread.active = active

    async def start() -> None:
        warned = False
        if previous is not None:
            # As the reference: a review replaces the running turn (after its first
            # notification, the unknown-model warning).
            await warn_unknown_model(server, thread)
            warned = True
            previous.interrupt_requested = True
            mark_replaced(previous)
            if previous.task is not None:
                previous.task.cancel()
                await asyncio.wait([previous.task])
            mark_replaced(previous, done=True)
            if thread.active is not None:
                # Another turn started meanwhile: it runs, the review does not.
                log.warning("review %s of thread %s not started: busy", active.turn_id, thread_id)
                return
            thread.active = active
        schedule_review(active, review, warned=warned)
        server.start_turn(thread, active, [], None)

    ctx.after_response(start)
    # As the reference: the turn is announced with one userMessage (the review's hint) whose
    # id is the turn's, and no root turn yet.
    return ReviewStartResponse.model_validate(
        {
            "turn": {
                "id": active.turn_id,
                "rootTurnId": None,
                "items": [
                    {
                        "type": "userMessage",
                        "id": active.turn_id,
                        "clientId": None,
                        "content": [{"type": "text", "text": review.hint, "text_elements": []}],
                        "startedAtMs": None,
                        "completedAtMs": None,
                    }
                ],
                "itemsView": "notLoaded",
                "status": "inProgress",
                "error": None,
                "startedAt": None,
                "completedAt": None,
                "durationMs": None,
            },
            "reviewThreadId": thread_id,
        }
    )
