"""``thread/*`` handlers: start, resume, fork, read, list, turns, archive, names, subscriptions.

Field order, null-versus-present rules and error texts follow the reference
(codex_behavior.md §1, §2, §4-§6, §9). ``thread/metadata/update`` lives in
``thread_metadata.py``.

Length: one handler module per protocol namespace (STYLE.md rule 4); the ``thread/*``
handlers here share the settings, resume and fork helpers, and the namespace's smaller
methods already live in their own modules (``thread_metadata``, ``thread_name``,
``thread_turns``, ...).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from spindle_protocol import to_wire
from spindle_protocol.errors import InvalidParams, InvalidRequest, MethodNotFound
from spindle_protocol.methods import (
    DEPRECATION_NOTICE,
    THREAD_ARCHIVE,
    THREAD_ARCHIVED,
    THREAD_FORK,
    THREAD_LIST,
    THREAD_READ,
    THREAD_RESUME,
    THREAD_START,
    THREAD_STARTED,
    THREAD_STATUS_CHANGED,
    THREAD_TOKEN_USAGE_UPDATED,
    THREAD_UNARCHIVE,
    THREAD_UNARCHIVED,
    THREAD_UNSUBSCRIBE,
)
from spindle_protocol.models import (
    DeprecationNoticeNotification,
    ThreadArchivedNotification,
    ThreadArchiveParams,
    ThreadArchiveResponse,
    ThreadForkParams,
    ThreadForkResponse,
    ThreadListParams,
    ThreadListResponse,
    ThreadReadParams,
    ThreadReadResponse,
    ThreadResumeParams,
    ThreadResumeResponse,
    ThreadStartedNotification,
    ThreadStartParams,
    ThreadStartResponse,
    ThreadStatusChangedNotification,
    ThreadStatusNotLoaded,
    ThreadTokenUsage,
    ThreadTokenUsageUpdatedNotification,
    ThreadUnarchivedNotification,
    ThreadUnarchiveParams,
    ThreadUnarchiveResponse,
    ThreadUnsubscribeParams,
    ThreadUnsubscribeResponse,
    ThreadUnsubscribeStatus,
    TokenUsageBreakdown,
)
from spindle_state import (
    INTERACTIVE_SOURCE_KINDS,
    NewThread,
    SortKey,
    ThreadListQuery,
    ThreadRecord,
    find_rollout_path,
    iter_rollout_lines,
    parse_timestamp_ms,
    summarize_rollout,
)
from spindle_state import TurnRecord as IndexTurn

from .._config import Config
from .._context import RequestContext
from .._gitinfo import git_info_for
from .._goals import resume_goal_notification
from .._history import RolloutHistory, TurnRecord, build_history
from .._ids import parse_uuid, uuid7
from .._instructions import BASE_INSTRUCTIONS
from .._params import given, thread_id_of
from .._registry import handler
from .._rollout import RolloutWriter, rollout_path_for
from .._sandbox_settings import (
    DEFAULT_SANDBOX_MODE,
    merge_config_overrides,
    mode_of_policy,
    policy_from_config,
    policy_from_rollout,
)
from .._server import AppServer
from .._thread_manager import read_state_model
from .._threads import (
    LoadedThread,
    ThreadSettings,
    active_permission_profile,
    load_history,
    now_ms,
    session_meta_payload,
    turns_cursor,
    view_from_record,
)
from .._tool_switches import ToolSwitches
from .._version import CLI_VERSION
from .._wire import ThreadView, token_usage_breakdown
from ..agents import on_thread_resumed
from ..turns import context_window, index_item

__all__ = [
    "find_rollout",
    "no_rollout",
    "thread_archive",
    "thread_fork",
    "thread_list",
    "thread_read",
    "thread_resume",
    "thread_start",
    "thread_unarchive",
    "thread_unsubscribe",
    "unload_thread",
]

SessionParams = ThreadStartParams | ThreadResumeParams | ThreadForkParams

INCLUDE_TURNS_DEPRECATION = (
    "Full-history hydration is deprecated for paginated threads; omit `includeTurns` or set it "
    "to `false`, then page with `thread/turns/list` and `thread/items/list`."
)
RESUME_TURNS_DEPRECATION = (
    "Full-history hydration is deprecated for paginated threads; use `excludeTurns: true`, then "
    "page with `thread/turns/list` and `thread/items/list`."
)
DEFAULT_APPROVAL_POLICY = "on-request"
ARCHIVED_DIR = "archived_sessions"


def no_rollout(thread_id: str) -> InvalidRequest:
    return InvalidRequest(f"no rollout found for thread id {thread_id}")


def _settings(
    ctx: RequestContext, params: SessionParams, base: ThreadSettings | None = None
) -> ThreadSettings:
    config = ctx.config
    cwd = given(params.cwd) or (base.cwd if base else os.getcwd())
    provider = given(params.model_provider) or (
        base.model_provider if base else config.model_provider
    )
    config.provider(provider)  # an unknown provider is an error now, not at the first turn
    model = given(params.model) or (base.model if base else config.model)
    effort = base.reasoning_effort if base else config.model_reasoning_effort
    approval = given(params.approval_policy)
    sandbox = given(params.sandbox)
    raw = merge_config_overrides(config.raw, given(params.config))
    configured_mode = raw.get("sandbox_mode")
    if isinstance(sandbox, str):
        policy = policy_from_config(raw, str(sandbox))
    elif base is not None:
        policy = base.policy
    else:
        mode = configured_mode if isinstance(configured_mode, str) else _default_mode(config, cwd)
        policy = policy_from_config(raw, mode)
    settings = ThreadSettings(
        model=model,
        model_provider=provider,
        reasoning_effort=effort,
        cwd=str(Path(cwd)),
        approval_policy=str(approval)
        if isinstance(approval, str)
        else (
            base.approval_policy if base else (config.approval_policy or DEFAULT_APPROVAL_POLICY)
        ),
        sandbox_mode=mode_of_policy(policy),
        explicit_sandbox=isinstance(sandbox, str)
        or (base.explicit_sandbox if base else isinstance(configured_mode, str)),
        sandbox_policy=policy,
        tools=ToolSwitches.from_config(
            raw, environments=given(getattr(params, "environments", None))
        ),
    )
    return settings


def _default_mode(config: Config, cwd: str) -> str:
    """Without a sandbox_mode, a trusted project gets workspace-write, as the reference."""
    return "workspace-write" if config.trust_level(cwd) == "trusted" else DEFAULT_SANDBOX_MODE


def _restored_settings(
    config: Config, history: RolloutHistory | None, **fields: Any
) -> ThreadSettings:
    """A resumed or forked thread's settings before the request's overrides.

    The approval policy and the sandbox policy of its latest turn come back from the rollout
    (the reference restores the approval policy; spindle keeps the sandbox policy too, so a
    thread never runs with more access after a restart than it had before).
    """
    recorded = policy_from_rollout(history.sandbox_policy) if history is not None else None
    configured = policy_from_config(config.raw, config.sandbox_mode or DEFAULT_SANDBOX_MODE)
    policy = recorded or configured
    approval = history.approval_policy if history is not None else None
    return ThreadSettings(
        approval_policy=approval or config.approval_policy or DEFAULT_APPROVAL_POLICY,
        sandbox_mode=mode_of_policy(policy),
        explicit_sandbox=config.sandbox_mode is not None or policy != configured,
        sandbox_policy=policy,
        **fields,
    )


def _session_fields(thread: LoadedThread) -> dict[str, Any]:
    """The members thread/start, thread/fork and thread/resume answer with, the thread aside."""
    s = thread.settings
    return {
        "model": s.model,
        "model_provider": s.model_provider,
        "service_tier": None,
        "disabled_plugin_ids": [],
        "cwd": s.cwd,
        "runtime_workspace_roots": [s.cwd],
        "instruction_sources": [],
        "approval_policy": s.approval_policy,
        "approvals_reviewer": "user",
        "sandbox": s.policy,
        "active_permission_profile": active_permission_profile(s),
        "reasoning_effort": s.reasoning_effort,
        "multi_agent_mode": "explicitRequestOnly",
    }


def _thread_source(params: ThreadStartParams | ThreadForkParams) -> str | None:
    # Explicit and optional: omitted means null, never inferred from `source`.
    source = given(params.thread_source)
    return None if source is None else str(source)


def _deprecation(summary: str) -> DeprecationNoticeNotification:
    return DeprecationNoticeNotification(summary=summary, details=None)


def _token_usage(
    server: AppServer, thread: LoadedThread
) -> ThreadTokenUsageUpdatedNotification | None:
    if thread.total_usage is None or not thread.turns:
        return None
    return ThreadTokenUsageUpdatedNotification(
        thread_id=thread.id,
        turn_id=thread.turns[-1].id,
        token_usage=ThreadTokenUsage(
            total=TokenUsageBreakdown.model_validate(token_usage_breakdown(thread.total_usage)),
            last=TokenUsageBreakdown.model_validate(token_usage_breakdown(thread.last_usage or {})),
            model_context_window=context_window(server),
        ),
    )


def _analytics(server: AppServer, thread: LoadedThread, mode: str) -> None:
    server.analytics.thread_initialized(
        thread_id=thread.id,
        session_id=thread.view.session_id or thread.id,
        thread_source=thread.view.thread_source,
        model=thread.settings.model,
        model_provider=thread.settings.model_provider,
        source=thread.view.source,
        originator=thread.view.originator,
        initialization_mode=mode,
        forked_from_id=thread.view.forked_from_id,
    )


# -- thread/start ---------------------------------------------------------------------------


@handler(THREAD_START)
async def thread_start(ctx: RequestContext, params: ThreadStartParams) -> ThreadStartResponse:
    server = ctx.server
    problem = ctx.config.fatal_problem
    if problem is not None:
        # As the reference: the server runs on defaults, but no thread starts on them.
        raise InvalidRequest(f"failed to load configuration: {problem.details}")
    settings = _settings(ctx, params)
    thread_id = uuid7()
    created_ms = now_ms()
    ephemeral = bool(given(params.ephemeral))
    path = rollout_path_for(ctx.config.home, thread_id, created_ms)
    view = ThreadView(
        id=thread_id,
        created_at=created_ms // 1000,
        updated_at=created_ms // 1000,
        recency_at=created_ms // 1000,
        cwd=settings.cwd,
        model_provider=settings.model_provider,
        model=settings.model,
        reasoning_effort=settings.reasoning_effort,
        path=None if ephemeral else str(path),
        cli_version=CLI_VERSION,
        originator=ctx.session.client_name,
        source="vscode",
        thread_source=_thread_source(params),
        ephemeral=ephemeral,
        status={"type": "idle"},
        loaded=True,
    )
    thread = LoadedThread(
        view=view,
        settings=settings,
        created_at_ms=created_ms,
        rollout_path=path,
        materialized=False,
        git=await asyncio.to_thread(git_info_for, settings.cwd),
    )
    ctx.threads.subscribe(thread, ctx.session)
    # Its memory block (memories in use) and memory mode (generate_memories = false).
    server.memory.thread_started(thread)
    ctx.threads.add(thread)
    _analytics(server, thread, "new")
    response = ThreadStartResponse(thread=thread.thread_model(), **_session_fields(thread))

    async def started() -> None:
        await ctx.notifier.to_thread(
            thread, THREAD_STARTED, ThreadStartedNotification(thread=thread.thread_model())
        )

    ctx.after_response(started)
    return response


# -- thread/resume --------------------------------------------------------------------------


def find_rollout(home: Path, thread_id: str, record: ThreadRecord | None) -> Path | None:
    """A thread's rollout: where its row says, else found by id under ``home``."""
    if record is not None and record.rollout_path and Path(record.rollout_path).is_file():
        return Path(record.rollout_path)
    return find_rollout_path(home, thread_id)


def _load_for_resume(
    ctx: RequestContext, thread_id: str, path_param: str | None
) -> tuple[Path, RolloutHistory, ThreadRecord]:
    record = ctx.store.find_thread(thread_id)
    path = Path(path_param) if path_param else find_rollout(ctx.config.home, thread_id, record)
    if path is None or not path.is_file():
        raise no_rollout(thread_id)
    history = load_history(path)
    if record is None:
        # Repair a missing row from the rollout (insert only if absent).
        summary = summarize_rollout(path)
        record, _ = ctx.store.ensure_thread(summary.to_new_thread())
    return path, history, record


@handler(THREAD_RESUME)
async def thread_resume(ctx: RequestContext, params: ThreadResumeParams) -> ThreadResumeResponse:
    server = ctx.server
    config = ctx.config
    thread_id = thread_id_of(params.thread_id)
    exclude_turns = bool(given(params.exclude_turns))
    thread = ctx.threads.get(thread_id)
    if thread is None or not thread.materialized:
        if thread is None:
            path, history, record = await asyncio.to_thread(
                _load_for_resume, ctx, thread_id, params.path
            )
            # No override: the latest turn's model and effort, as stored in SQLite (R12).
            base = _restored_settings(
                config,
                history,
                model=record.model or history.model or config.model,
                model_provider=record.model_provider or config.model_provider,
                reasoning_effort=record.reasoning_effort
                if record.model is not None
                else history.reasoning_effort,
                cwd=record.cwd or str(history.meta.get("cwd") or os.getcwd()),
            )
            settings = _settings(ctx, params, base)
            if given(params.model) is not None:
                settings = replace(settings, reasoning_effort=config.model_reasoning_effort)
            view = view_from_record(record)
            view.path = str(path)
            view.thread_source = record.thread_source
            if view.thread_source is None and isinstance(history.meta.get("thread_source"), str):
                view.thread_source = history.meta["thread_source"]
            view.model = settings.model
            view.reasoning_effort = settings.reasoning_effort
            view.model_provider = settings.model_provider
            view.loaded = True
            view.status = {"type": "idle"}
            thread = LoadedThread(
                view=view,
                settings=settings,
                created_at_ms=record.created_at_ms,
                rollout_path=path,
                materialized=True,
                writer=RolloutWriter(path, next_ordinal=history.next_ordinal),
            )
            thread.apply_history(history)
            ctx.threads.add(thread)
            _analytics(server, thread, "resumed")
        else:
            # Loaded in this process but never persisted: nothing to read back.
            if thread.view.ephemeral:
                raise no_rollout(thread_id)
    ctx.threads.subscribe(thread, ctx.session)
    session = ctx.session
    notifier = ctx.notifier
    if not exclude_turns:
        await notifier.to_session(
            session, DEPRECATION_NOTICE, _deprecation(RESUME_TURNS_DEPRECATION)
        )
    await notifier.to_session(
        session,
        THREAD_STATUS_CHANGED,
        ThreadStatusChangedNotification.model_validate(
            {"threadId": thread_id, "status": thread.view.status}
        ),
    )
    # A user's thread brings back its open sub-agents (cascade resume, R8).
    await on_thread_resumed(server, thread)
    response = ThreadResumeResponse(
        thread=thread.thread_model(turns=[] if exclude_turns else thread.turn_models("full")),
        **_session_fields(thread),
        collaboration_mode=thread.settings.collaboration_json(),
        initial_turns_page=None,
        turns_backwards_cursor=turns_cursor(thread.id, thread.last_turn_ordinal, "turns"),
        items_backwards_cursor=turns_cursor(
            thread.id, thread.last_item_ordinal, "itemsByCreatedAtOrdinal"
        ),
    )
    loaded = thread

    async def follow_up() -> None:
        usage = _token_usage(server, loaded)
        if usage is not None:
            await notifier.to_session(session, THREAD_TOKEN_USAGE_UPDATED, usage)
        goal_state = await resume_goal_notification(server, thread_id)
        if goal_state is not None:
            await notifier.to_session(session, *goal_state)

    ctx.after_response(follow_up)
    return response


# -- thread/fork ----------------------------------------------------------------------------


def index_turn(
    thread_id: str, turn: TurnRecord, model: str | None, effort: str | None
) -> IndexTurn:
    """A history turn as a turns-index row."""
    return IndexTurn(
        thread_id=thread_id,
        turn_id=turn.id,
        root_turn_id=turn.root_turn_id,
        rollout_ordinal=turn.ordinal,
        status=turn.status,  # type: ignore[arg-type]
        error=turn.error,
        started_at=turn.started_at,
        completed_at=turn.completed_at,
        duration_ms=turn.duration_ms,
        model=model,
        reasoning_effort=effort,
        items=[i for i in (index_item(item) for item in turn.items) if i is not None],
    )


def _fork_files(
    home: Path,
    source_path: Path,
    source: ThreadRecord | None,
    new_id: str,
    created_ms: int,
    thread_source: str | None,
    settings: ThreadSettings,
    originator: str,
) -> tuple[Path, RolloutHistory, RolloutWriter]:
    lines = list(iter_rollout_lines(source_path))
    source_meta = next((line.payload for line in lines if line.type == "session_meta"), {})
    source_id = str(source_meta.get("id") or (source.id if source else ""))
    base = source_meta.get("base_instructions")
    base_text = base.get("text") if isinstance(base, dict) else None
    path = rollout_path_for(home, new_id, created_ms)
    writer = RolloutWriter(path)
    writer.append(
        "session_meta",
        session_meta_payload(
            thread_id=new_id,
            created_at_ms=created_ms,
            cwd=settings.cwd,
            originator=originator,
            source="vscode",
            thread_source=thread_source,
            model_provider=settings.model_provider,
            model=settings.model,
            git=None,
            forked_from_id=source_id,
            base_instructions=base_text if isinstance(base_text, str) else BASE_INSTRUCTIONS,
        ),
        ts_ms=created_ms,
    )
    for line in lines:
        if line.type == "session_meta":
            continue
        writer.append(
            line.type, line.payload, ts_ms=parse_timestamp_ms(line.timestamp) or created_ms
        )
    writer.flush()
    history = build_history(iter_rollout_lines(path))
    return path, history, writer


@handler(THREAD_FORK)
async def thread_fork(ctx: RequestContext, params: ThreadForkParams) -> ThreadForkResponse:
    server = ctx.server
    config = ctx.config
    store = ctx.store
    source_id = thread_id_of(params.thread_id)
    loaded_source = ctx.threads.get(source_id)
    record = await asyncio.to_thread(store.find_thread, source_id)
    source_path: Path | None = None
    if params.path:
        source_path = Path(params.path)
    elif loaded_source is not None and loaded_source.materialized:
        source_path = loaded_source.rollout_path
    else:
        source_path = await asyncio.to_thread(find_rollout, config.home, source_id, record)
    if source_path is None or not source_path.is_file():
        raise no_rollout(source_id)
    base = loaded_source.settings if loaded_source is not None else None
    if base is None and record is not None:
        base = _restored_settings(
            config,
            history=None,
            model=record.model or config.model,
            model_provider=record.model_provider or config.model_provider,
            reasoning_effort=record.reasoning_effort,
            cwd=record.cwd or os.getcwd(),
        )
    settings = _settings(ctx, params, base)
    new_id = uuid7()
    created_ms = now_ms()
    thread_source = _thread_source(params)
    originator = ctx.session.client_name
    path, history, writer = await asyncio.to_thread(
        _fork_files,
        config.home,
        source_path,
        record,
        new_id,
        created_ms,
        thread_source,
        settings,
        originator,
    )
    name = (
        record.name if record is not None else (loaded_source.view.name if loaded_source else None)
    )
    preview = history.preview
    stored, _ = await asyncio.to_thread(
        store.ensure_thread,
        NewThread(
            id=new_id,
            rollout_path=str(path),
            created_at_ms=created_ms,
            updated_at_ms=created_ms,
            thread_source=thread_source,
            originator=originator,
            model_provider=settings.model_provider,
            model=settings.model,
            reasoning_effort=settings.reasoning_effort,
            cwd=settings.cwd,
            title=preview,
            preview=preview,
            first_user_message=preview,
            name=name,
            cli_version=CLI_VERSION,
            tokens_used=(history.total_usage or {}).get("total_tokens", 0),
            forked_from_id=source_id,
        ),
    )
    for turn in history.turns:
        await asyncio.to_thread(
            store.upsert_turn,
            index_turn(new_id, turn, settings.model, settings.reasoning_effort),
        )
    view = view_from_record(stored)
    view.loaded = True
    view.status = {"type": "idle"}
    view.model = settings.model
    view.reasoning_effort = settings.reasoning_effort
    thread = LoadedThread(
        view=view,
        settings=settings,
        created_at_ms=stored.created_at_ms,
        rollout_path=path,
        materialized=True,
        writer=writer,
    )
    thread.apply_history(history)
    ctx.threads.subscribe(thread, ctx.session)
    ctx.threads.add(thread)
    _analytics(server, thread, "forked")
    exclude_turns = bool(given(params.exclude_turns))
    notifier = ctx.notifier
    if not exclude_turns:
        await notifier.to_session(
            ctx.session, DEPRECATION_NOTICE, _deprecation(RESUME_TURNS_DEPRECATION)
        )
    response = ThreadForkResponse(
        thread=thread.thread_model(turns=[] if exclude_turns else thread.turn_models("full")),
        **_session_fields(thread),
    )

    async def follow_up() -> None:
        usage = _token_usage(server, thread)
        if usage is not None:
            await notifier.to_thread(thread, THREAD_TOKEN_USAGE_UPDATED, usage)
        await notifier.to_thread(
            thread, THREAD_STARTED, ThreadStartedNotification(thread=thread.thread_model())
        )

    ctx.after_response(follow_up)
    return response


# -- thread/read ----------------------------------------------------------------------------


@handler(THREAD_READ)
async def thread_read(ctx: RequestContext, params: ThreadReadParams) -> ThreadReadResponse:
    thread_id = thread_id_of(params.thread_id)
    include_turns = bool(given(params.include_turns))
    thread = ctx.threads.get(thread_id)
    deprecation = _deprecation(INCLUDE_TURNS_DEPRECATION)
    if thread is not None:
        turns = []
        if include_turns:
            if not thread.materialized and not thread.view.ephemeral:
                raise MethodNotFound("list_turns is not supported yet")
            turns = thread.turn_models("full")
            await ctx.notifier.to_session(ctx.session, DEPRECATION_NOTICE, deprecation)
        read_state = (
            ctx.threads.read_state(thread_id)
            if thread.materialized and thread.view.thread_source is None
            else None
        )
        return ThreadReadResponse(thread=thread.thread_model(turns=turns), read_state=read_state)
    record, receipt = await ctx.point_read(ctx.store.find_thread_and_receipt, thread_id)
    if record is None:
        raise InvalidRequest(f"thread not loaded: {thread_id}")
    view = view_from_record(record)
    turns = []
    if include_turns:
        path = await asyncio.to_thread(find_rollout, ctx.config.home, thread_id, record)
        if path is not None:
            history = await asyncio.to_thread(load_history, path)
            turns = [turn.to_model("full") for turn in history.turns]
        await ctx.notifier.to_session(ctx.session, DEPRECATION_NOTICE, deprecation)
    read_state = read_state_model(thread_id, receipt) if view.thread_source is None else None
    return ThreadReadResponse(
        thread=view.to_model(turns, can_accept_direct_input=None), read_state=read_state
    )


# -- thread/list ----------------------------------------------------------------------------


@handler(THREAD_LIST)
async def thread_list(ctx: RequestContext, params: ThreadListParams) -> ThreadListResponse:
    if given(params.originators):
        raise InvalidParams("originator filtering is not supported by the local app-server")
    # A malformed id is "invalid excluded thread id: ..." (the error table).
    excluded = [parse_uuid(raw) for raw in given(params.excluded_thread_ids) or []]
    sort_key = given(params.sort_key) or "created_at"
    section_id = given(params.section_id)
    if sort_key == "section_position" and section_id is None:
        raise InvalidRequest("section-position sorting requires a section filter")
    state_key: SortKey = "created_at" if sort_key == "created_at" else "updated_at"
    # On a first start over existing rollouts the listing waits until the backfill has
    # indexed them all: a client never gets a partial list it cannot tell from a full one.
    await ctx.server.index_complete()
    # As the reference: without sourceKinds only interactive threads are listed; every kind
    # is a filter in the query itself, so a page is never shortened afterwards.
    kinds = given(params.source_kinds)
    source_kinds = [str(kind) for kind in kinds] if kinds else list(INTERACTIVE_SOURCE_KINDS)
    cwd = given(params.cwd)
    providers = given(params.model_providers)
    query = ThreadListQuery(
        limit=given(params.limit),
        sort_key=state_key,
        sort_direction="asc" if given(params.sort_direction) == "asc" else "desc",
        cursor=given(params.cursor),
        cwd=None if cwd is None else str(cwd),
        archived=bool(given(params.archived)),
        model_providers=providers or [],
        source_kinds=source_kinds,
        search_term=given(params.search_term),
        excluded_thread_ids=excluded,
    )
    page = await asyncio.to_thread(ctx.store.list_threads, query)
    data = []
    listed: list[str] = []
    in_section_or_project = section_id is not None or given(params.project_id) is not None
    for record in page.items:
        if in_section_or_project:
            continue  # spindle has no sections or projects: nothing is in one
        view = view_from_record(record)
        loaded = ctx.threads.get(record.id)
        if loaded is not None:
            view.loaded = True
            view.status = dict(loaded.view.status)
        # Listing entries show neither threadSource nor forkedFromId, like the reference.
        view.forked_from_id = None
        data.append(view.to_model(can_accept_direct_input=None, show_thread_source=False))
        listed.append(record.id)
    read_states = ctx.threads.read_states(listed)
    return ThreadListResponse(
        data=data,
        read_states={tid: to_wire(state) for tid, state in read_states.items()},
        next_cursor=page.next_cursor,
        backwards_cursor=page.backwards_cursor if data else None,
    )


# -- thread/unsubscribe ---------------------------------------------------------------------


@handler(THREAD_UNSUBSCRIBE)
async def thread_unsubscribe(
    ctx: RequestContext, params: ThreadUnsubscribeParams
) -> ThreadUnsubscribeResponse:
    thread_id = thread_id_of(params.thread_id)
    thread = ctx.threads.get(thread_id)
    if thread is None:
        status = ThreadUnsubscribeStatus.not_loaded
    elif ctx.threads.unsubscribe(thread, ctx.session):
        status = ThreadUnsubscribeStatus.unsubscribed
    else:
        status = ThreadUnsubscribeStatus.not_subscribed
    return ThreadUnsubscribeResponse(status=status)


# -- thread/archive, thread/unarchive -------------------------------------------------------


def _move(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(src), str(dest))


async def unload_thread(ctx: RequestContext, thread_id: str) -> None:
    """Stop a loaded thread (its turn interrupted, processes killed, rollout closed) and tell
    its subscribers it is ``notLoaded``; nothing when it is not loaded."""
    loaded = ctx.threads.get(thread_id)
    if loaded is None:
        return
    if loaded.active is not None and loaded.active.task is not None:
        loaded.active.interrupt_requested = True
        loaded.active.task.cancel()
        await asyncio.gather(loaded.active.task, return_exceptions=True)
    await loaded.kill_processes()
    loaded.close_writer()
    loaded.view.status = {"type": "notLoaded"}
    await ctx.notifier.to_thread(
        loaded,
        THREAD_STATUS_CHANGED,
        ThreadStatusChangedNotification(thread_id=thread_id, status=ThreadStatusNotLoaded()),
    )
    ctx.threads.remove(thread_id)


@handler(THREAD_ARCHIVE)
async def thread_archive(ctx: RequestContext, params: ThreadArchiveParams) -> ThreadArchiveResponse:
    thread_id = thread_id_of(params.thread_id)
    home = ctx.config.home
    record = await asyncio.to_thread(ctx.store.find_thread, thread_id)
    path = await asyncio.to_thread(find_rollout, home, thread_id, record)
    if path is None or record is None:
        raise no_rollout(thread_id)
    await unload_thread(ctx, thread_id)
    dest = home / ARCHIVED_DIR / path.name
    if path != dest:
        await asyncio.to_thread(_move, path, dest)
    await asyncio.to_thread(ctx.store.archive_thread, thread_id, rollout_path=str(dest))

    async def archived() -> None:
        await ctx.notifier.broadcast(
            THREAD_ARCHIVED, ThreadArchivedNotification(thread_id=thread_id)
        )

    ctx.after_response(archived)
    return ThreadArchiveResponse()


@handler(THREAD_UNARCHIVE)
async def thread_unarchive(
    ctx: RequestContext, params: ThreadUnarchiveParams
) -> ThreadUnarchiveResponse:
    home = ctx.config.home
    store = ctx.store
    thread_id = thread_id_of(params.thread_id)
    record = await asyncio.to_thread(store.find_thread, thread_id)
    archived_path: Path | None = None
    if record is not None and record.archived and record.rollout_path:
        archived_path = Path(record.rollout_path)
    if archived_path is None or not archived_path.is_file():
        candidates = sorted((home / ARCHIVED_DIR).glob(f"rollout-*-{thread_id}.jsonl"))
        archived_path = candidates[0] if candidates else None
    if archived_path is None or record is None:
        raise InvalidRequest(f"no archived rollout found for thread id {thread_id}")
    dest = rollout_path_for(home, thread_id, record.created_at_ms)
    dest = dest.parent / archived_path.name
    await asyncio.to_thread(_move, archived_path, dest)
    await asyncio.to_thread(store.unarchive_thread, thread_id, rollout_path=str(dest))
    updated = await asyncio.to_thread(store.touch_thread, thread_id)
    view = view_from_record(updated)

    async def unarchived() -> None:
        await ctx.notifier.broadcast(
            THREAD_UNARCHIVED, ThreadUnarchivedNotification(thread_id=thread_id)
        )

    ctx.after_response(unarchived)
    return ThreadUnarchiveResponse(thread=view.to_model(can_accept_direct_input=None))
