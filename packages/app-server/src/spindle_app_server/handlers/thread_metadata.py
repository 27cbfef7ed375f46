"""``thread/metadata/update``: patch stored git metadata without resuming the thread."""

from __future__ import annotations

import asyncio
from typing import Any

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import THREAD_METADATA_UPDATE
from spindle_state import GitInfo, GitInfoPatch, InvalidGitInfo, ThreadNotFound

from .._context import RequestContext
from .._params import thread_id_of
from .._registry import handler
from .._threads import ensure_row, view_from_record

__all__ = ["thread_metadata_update"]

_WIRE_TO_PATCH = {"sha": "sha", "branch": "branch", "originUrl": "origin_url"}


@handler(THREAD_METADATA_UPDATE)
async def thread_metadata_update(ctx: RequestContext, params: Any) -> dict[str, Any]:
    server = ctx.server
    thread_id = thread_id_of(params.thread_id)
    raw = ctx.raw_params if isinstance(ctx.raw_params, dict) else {}
    git_raw = raw.get("gitInfo")
    project_id = raw.get("projectId")
    if git_raw is None and project_id is None:
        raise InvalidRequest("thread metadata update must include at least one field")
    if project_id is not None and project_id != "":
        raise InvalidRequest(f"project not found: {project_id}")
    loaded = server.loaded.get(thread_id)
    if loaded is not None and loaded.view.ephemeral:
        raise InvalidRequest(f"ephemeral thread does not support metadata updates: {thread_id}")
    record = None
    if isinstance(git_raw, dict):
        patch: GitInfoPatch = {}
        for wire, key in _WIRE_TO_PATCH.items():
            if wire in git_raw:
                patch[key] = git_raw[wire]  # type: ignore[literal-required]
        if not patch:
            raise InvalidRequest("gitInfo must include at least one field")
        if loaded is not None and not loaded.materialized:
            # Like the reference: the row (empty preview, so not listed) appears now, the
            # rollout only with the first turn.
            await asyncio.to_thread(ensure_row, loaded, server.store)
        try:
            record = await asyncio.to_thread(
                server.store.update_thread_git_info,
                thread_id,
                patch,
                rollout_path=loaded.rollout_path if loaded is not None else None,
            )
        except ThreadNotFound:
            raise InvalidRequest(f"no rollout found for thread id {thread_id}") from None
        except InvalidGitInfo as exc:
            raise InvalidRequest(str(exc)) from None
    else:
        record = await asyncio.to_thread(server.store.find_thread, thread_id)
        if record is None:
            raise InvalidRequest(f"no rollout found for thread id {thread_id}")
    if loaded is not None:
        git = record.git
        loaded.view.git_sha, loaded.view.git_branch, loaded.view.git_origin_url = (
            git.sha,
            git.branch,
            git.origin_url,
        )
        loaded.git = GitInfo(git.sha, git.branch, git.origin_url)
        view = loaded.view
        return {"thread": view.to_json([], can_accept_direct_input=None)}
    return {"thread": view_from_record(record).to_json([], can_accept_direct_input=None)}
