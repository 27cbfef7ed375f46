"""``thread/metadata/update``: patch stored git metadata without resuming the thread."""

from __future__ import annotations

import asyncio

from pydantic import MISSING
from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import THREAD_METADATA_UPDATE
from spindle_protocol.models import ThreadMetadataUpdateParams, ThreadMetadataUpdateResponse
from spindle_state import GitInfo, GitInfoPatch

from .._context import RequestContext
from .._params import given, thread_id_of
from .._registry import handler
from .._threads import ensure_row, view_from_record

__all__ = ["thread_metadata_update"]


@handler(THREAD_METADATA_UPDATE)
async def thread_metadata_update(
    ctx: RequestContext, params: ThreadMetadataUpdateParams
) -> ThreadMetadataUpdateResponse:
    thread_id = thread_id_of(params.thread_id)
    git_params = given(params.git_info)
    project_id = given(params.project_id)
    if git_params is None and project_id is None:
        raise InvalidRequest("thread metadata update must include at least one field")
    if project_id is not None and project_id != "":
        raise InvalidRequest(f"project not found: {project_id}")
    loaded = ctx.threads.get(thread_id)
    if loaded is not None and loaded.view.ephemeral:
        raise InvalidRequest(f"ephemeral thread does not support metadata updates: {thread_id}")
    if git_params is not None:
        # Patch semantics: an omitted member stays, an explicit null clears it.
        patch: GitInfoPatch = {}
        if git_params.sha is not MISSING:
            patch["sha"] = git_params.sha
        if git_params.branch is not MISSING:
            patch["branch"] = git_params.branch
        if git_params.origin_url is not MISSING:
            patch["origin_url"] = git_params.origin_url
        if not patch:
            raise InvalidRequest("gitInfo must include at least one field")
        if loaded is not None and not loaded.materialized:
            # Like the reference: the row (empty preview, so not listed) appears now, the
            # rollout only with the first turn.
            await asyncio.to_thread(ensure_row, loaded, ctx.store)
        # An unknown thread is "no rollout found" here (the error table says so).
        record = await asyncio.to_thread(
            ctx.store.update_thread_git_info,
            thread_id,
            patch,
            rollout_path=loaded.rollout_path if loaded is not None else None,
        )
    else:
        found = await asyncio.to_thread(ctx.store.find_thread, thread_id)
        if found is None:
            raise InvalidRequest(f"no rollout found for thread id {thread_id}")
        record = found
    if loaded is not None:
        git = record.git
        loaded.view.git_sha, loaded.view.git_branch, loaded.view.git_origin_url = (
            git.sha,
            git.branch,
            git.origin_url,
        )
        loaded.git = GitInfo(git.sha, git.branch, git.origin_url)
        return ThreadMetadataUpdateResponse(
            thread=loaded.view.to_model(can_accept_direct_input=None)
        )
    return ThreadMetadataUpdateResponse(
        thread=view_from_record(record).to_model(can_accept_direct_input=None)
    )
