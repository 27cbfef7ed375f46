"""The multi-agent tools: ``multi_agent_v1`` (the default) and ``collaboration`` (v2).

The specs are offered by :mod:`._specs` as one namespace; a call comes here by tool name,
and ``spawn_agent`` and ``wait_agent``, which both namespaces have, look at the call's
namespace. The agents themselves live in :mod:`..agents._runtime`.

``multi_agent_v1``:

- ``spawn_agent{message|items, agent_type?, model?, reasoning_effort?, fork_context?}`` ->
  ``{"agent_id", "nickname"}``. The child is ``<caller path>/<name>``; v1 has no name
  argument, so the name is the nickname in lower case (an optional ``task_name`` is taken
  as the name instead: spindle's extension, so v1 agents are addressable by path too);
- ``send_input{target, message|items, interrupt?}`` -> ``{"submission_id"}``;
- ``resume_agent{id}`` -> ``{"status"}``; ``close_agent{target}`` -> ``{"previous_status"}``
  (the whole subtree closes);
- ``wait_agent{targets, timeout_ms?}`` -> ``{"status": {id: status}, "timed_out"}``.

``collaboration`` (``[features] multi_agent_v2 = true``):

- ``spawn_agent{task_name, message, fork_turns?, model?, reasoning_effort?}`` ->
  ``{"task_name", "nickname"}``; ``fork_turns`` is ``all`` (default) or ``none``;
- ``send_message`` queues a message for the target's next turn; ``followup_task`` starts
  one (never on the root); both answer empty text;
- ``interrupt_agent`` -> ``{"previous_status"}``; ``list_agents{path_prefix?}`` ->
  ``{"agents": [{"agent_name", "agent_status"}]}``;
- ``wait_agent{timeout_ms?}`` -> ``{"message", "timed_out"}`` when an agent of the tree
  reaches a final status not reported yet, or at the timeout.

Targets resolve as :func:`..agents._paths.parse_target` says (thread id, ``/root``,
absolute, relative). Every refusal is a tool error the model reads; the turn goes on.
Each call (but ``list_agents``) shows as a ``collabAgentToolCall`` item.

The arguments are read by :mod:`._tool_args`, with the reference's refusals.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any, Final

from .._threads import now_ms
from .._turn_events import ItemCompleted, ItemStarted
from ..agents import _paths
from ..agents._runtime import AgentLimitReached, AgentNode, AgentRuntime, runtime
from ..agents._status import NOT_FOUND, AgentState, collab_item
from . import _specs
from ._tool_args import (
    DEFAULT_WAIT_TIMEOUT_MS,
    EMPTY_MESSAGE,
    MAX_WAIT_TIMEOUT_MS,
    MIN_WAIT_TIMEOUT_MS,
    input_preview,
    json_type,
    opt_bool,
    opt_effort,
    opt_str,
    opt_timeout,
    parse_collab_input,
    parse_error,
    reject_unknown,
    req_str,
)
from ._tool_registry import REGISTRY, ToolContext, ToolError, ToolsConfig

__all__ = [
    "DEFAULT_WAIT_TIMEOUT_MS",
    "MAX_WAIT_TIMEOUT_MS",
    "MIN_WAIT_TIMEOUT_MS",
    "CloseAgentTool",
    "FollowupTaskTool",
    "InterruptAgentTool",
    "ListAgentsTool",
    "ResumeAgentTool",
    "SendInputTool",
    "SendMessageTool",
    "SpawnAgentTool",
    "WaitAgentTool",
    "input_preview",
    "parse_collab_input",
]

JSON = dict[str, Any]

DEPTH_LIMIT: Final = "Agent depth limit reached. Solve the task yourself."
FULL_FORK_OVERRIDES: Final = (
    "Full-history forked agents inherit the parent agent type, model, and reasoning effort; "
    "omit agent_type, model, and reasoning_effort, or spawn without a full-history fork."
)
# The reasoning effort the reference reports when neither the call nor the model sets one.
DEFAULT_EFFORT: Final = "medium"


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _effort(value: str | None) -> str:
    return value or DEFAULT_EFFORT


# -- shared steps ---------------------------------------------------------------------------


def _is_v2(ctx: ToolContext) -> bool:
    return ctx.call.namespace == _specs.COLLABORATION


async def _caller(ctx: ToolContext) -> tuple[AgentRuntime, AgentNode]:
    agents = runtime(ctx.server)
    return agents, await agents.node_for(ctx.thread)


async def _target(agents: AgentRuntime, caller: AgentNode, target: str) -> AgentNode:
    try:
        return await agents.resolve(caller, target)
    except _paths.AgentPathError as exc:
        raise ToolError(str(exc)) from exc


def _root_turn_id(ctx: ToolContext) -> str:
    active = ctx.thread.active
    if active is not None and active.root_turn_id is not None:
        return active.root_turn_id
    return ctx.turn_id


class _Item:
    """The ``collabAgentToolCall`` item of one call: started now, completed later."""

    def __init__(
        self,
        ctx: ToolContext,
        tool: str,
        *,
        receivers: list[str] | None = None,
        prompt: str | None = None,
        model: str | None = None,
        reasoning_effort: str | None = None,
    ) -> None:
        self.ctx = ctx
        self.tool = tool
        self.receivers = receivers or []
        self.prompt = prompt
        self.model = model
        self.reasoning_effort = reasoning_effort
        self.started_ms = now_ms()

    def _json(self, status: str, states: dict[str, AgentState], completed: int | None) -> JSON:
        return collab_item(
            self.ctx.call.call_id,
            self.tool,
            status=status,
            sender=self.ctx.thread.id,
            receivers=self.receivers,
            prompt=self.prompt,
            model=self.model,
            reasoning_effort=self.reasoning_effort,
            states=states,
            started_ms=self.started_ms,
            completed_ms=completed,
        )

    async def start(self) -> None:
        await self.ctx.emit(ItemStarted(self._json("inProgress", {}, completed=None)))

    async def complete(self, states: dict[str, AgentState], *, failed: bool = False) -> None:
        item = self._json("failed" if failed else "completed", states, now_ms())
        # As other tool items: an item_completed line, so a resumed thread shows it again.
        rollout = {
            "type": "item_completed",
            "thread_id": self.ctx.thread.id,
            "turn_id": self.ctx.turn_id,
            "item": {
                "type": "CollabAgentToolCall",
                "id": item["id"],
                "tool": item["tool"],
                "status": item["status"],
                "sender_thread_id": item["senderThreadId"],
                "receiver_thread_ids": item["receiverThreadIds"],
                "prompt": item["prompt"],
                "model": item["model"],
                "reasoning_effort": item["reasoningEffort"],
                "agents_states": item["agentsStates"],
            },
            "started_at_ms": item["startedAtMs"],
            "completed_at_ms": item["completedAtMs"],
        }
        await self.ctx.emit(ItemCompleted(item, rollout=rollout))


# -- spawn_agent ----------------------------------------------------------------------------


def _fork_history(ctx: ToolContext, turns: str) -> list[JSON] | None:
    """The parent's conversation for a forked child, with this call answered."""
    if turns == "none":
        return None
    call_id = ctx.call.call_id
    answered = {
        item.get("call_id")
        for item in ctx.thread.conversation
        if item.get("type") == "function_call_output"
    }
    # Calls of the same response still waiting for their outputs are left out: a request
    # with a call and no output is refused by the Responses API.
    history = [
        dict(item)
        for item in ctx.thread.conversation
        if item.get("type") != "function_call"
        or item.get("call_id") in answered
        or item.get("call_id") == call_id
    ]
    if not any(
        item.get("type") == "function_call_output" and item.get("call_id") == call_id
        for item in history
    ):
        history.append(
            {
                "type": "function_call_output",
                "call_id": call_id,
                "output": (
                    "You are the newly spawned agent. The conversation above is your parent's, "
                    "copied for context; your own task is the message that follows."
                ),
            }
        )
    return history


_V2_SPAWN_ARGS: Final = ("task_name", "message", "fork_turns", "model", "reasoning_effort")


class SpawnAgentTool:
    name = "spawn_agent"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return None  # offered inside its namespace by _specs

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        v2 = _is_v2(ctx)
        if v2:
            if "fork_context" in args:
                raise ToolError(
                    "fork_context is not supported in MultiAgentV2; use fork_turns instead"
                )
            reject_unknown(args, _V2_SPAWN_ARGS)
            name: str | None = req_str(args, "task_name")
            req_str(args, "message")
            role = None
            fork = opt_str(args, "fork_turns") or "all"
            if fork not in ("all", "none"):
                raise ToolError("fork_turns must be `all` or `none`")
        else:
            name = opt_str(args, "task_name")
            role = (opt_str(args, "agent_type") or "").strip() or None
            fork = "all" if opt_bool(args, "fork_context") else "none"
        content = parse_collab_input(args)
        model = opt_str(args, "model")
        effort = opt_effort(args)
        agents, caller = await _caller(ctx)
        if caller.depth + 1 > agents.max_depth():
            raise ToolError(DEPTH_LIMIT)
        if name is not None:
            try:
                _paths.join(caller.path, name)
            except _paths.AgentPathError as exc:
                raise ToolError(str(exc)) from exc
        if fork == "all" and (model is not None or effort is not None or role is not None):
            raise ToolError(FULL_FORK_OVERRIDES)
        prompt = input_preview(content)
        item = _Item(
            ctx, "spawnAgent", prompt=prompt, model=model or "", reasoning_effort=_effort(effort)
        )
        await item.start()
        nickname = agents.pick_nickname(caller.root_id)
        try:
            child = await agents.spawn(
                caller,
                name=name,
                nickname=nickname,
                model=model,
                reasoning_effort=effort,
                role=role,
                history=_fork_history(ctx, fork),
                v2=v2,
            )
        except (_paths.AgentPathError, AgentLimitReached) as exc:
            await item.complete({}, failed=True)
            raise ToolError(str(exc)) from exc
        item.receivers = [child.id]
        item.model = child.thread.settings.model
        item.reasoning_effort = _effort(child.thread.settings.reasoning_effort)
        await item.complete({child.id: child.state()})
        agents.start_turn(child, content, _root_turn_id(ctx))
        if v2:
            return _compact({"task_name": child.path, "nickname": child.nickname})
        return _compact({"agent_id": child.id, "nickname": child.nickname})


# -- send_input / send_message / followup_task ----------------------------------------------


class SendInputTool:
    name = "send_input"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return None

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        target = opt_str(args, "target") or opt_str(args, "id")
        if target is None:
            raise parse_error("missing field `target`")
        content = parse_collab_input(args)
        interrupt = opt_bool(args, "interrupt")
        agents, caller = await _caller(ctx)
        node = await _target(agents, caller, target)
        item = _Item(ctx, "sendInput", receivers=[node.id], prompt=input_preview(content))
        await item.start()
        if node.closed or agents.loaded_node(node.id) is None:
            # As the reference: a closed agent is no longer there to take input.
            await item.complete({node.id: NOT_FOUND}, failed=True)
            raise ToolError(f"agent with id {node.id} not found")
        await agents.send_input(node, content, interrupt=interrupt, root_turn_id=_root_turn_id(ctx))
        await item.complete({node.id: node.state()})
        return _compact({"submission_id": str(uuid.uuid4())})


async def _message_target(ctx: ToolContext, args: JSON) -> tuple[AgentRuntime, AgentNode, str]:
    reject_unknown(args, ("target", "message"))
    target = req_str(args, "target")
    message = req_str(args, "message")
    if not message.strip():
        raise ToolError(EMPTY_MESSAGE)
    agents, caller = await _caller(ctx)
    node = await _target(agents, caller, target)
    if node.closed:
        raise ToolError(f"agent with id {node.id} is closed")
    return agents, node, message


class SendMessageTool:
    name = "send_message"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return None

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        agents, node, message = await _message_target(ctx, args)
        item = _Item(ctx, "sendMessage", receivers=[node.id], prompt=message)
        await item.start()
        node.mailbox.append(message)
        await item.complete({node.id: node.state()})
        del agents
        return ""


class FollowupTaskTool:
    name = "followup_task"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return None

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        agents, node, message = await _message_target(ctx, args)
        if node.parent_id is None:
            raise ToolError("Follow-up tasks can't target the root agent")
        item = _Item(ctx, "followupTask", receivers=[node.id], prompt=message)
        await item.start()
        content = [{"type": "text", "text": message, "text_elements": []}]
        await agents.send_input(node, content, interrupt=False, root_turn_id=_root_turn_id(ctx))
        await item.complete({node.id: node.state()})
        return ""


# -- interrupt_agent / list_agents ----------------------------------------------------------


class InterruptAgentTool:
    name = "interrupt_agent"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return None

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        reject_unknown(args, ("target",))
        target = req_str(args, "target")
        agents, caller = await _caller(ctx)
        node = await _target(agents, caller, target)
        if node.parent_id is None:
            raise ToolError("interrupt_agent can't target the root agent")
        if node is caller:
            raise ToolError("an agent can't interrupt itself")
        item = _Item(ctx, "interruptAgent", receivers=[node.id])
        await item.start()
        previous = node.state()
        await agents.interrupt(node)
        await item.complete({node.id: node.state()})
        return _compact({"previous_status": previous.tool_json()})


class ListAgentsTool:
    name = "list_agents"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return None

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        reject_unknown(args, ("path_prefix",))
        prefix = opt_str(args, "path_prefix")
        agents, caller = await _caller(ctx)
        root = agents.nodes.get(caller.root_id)
        nodes = ([root] if root is not None else []) + agents.tree_nodes(caller.root_id)
        listed = [
            {"agent_name": n.path, "agent_status": n.state().tool_json()}
            for n in nodes
            if prefix is None or n.path == prefix or n.path.startswith(prefix.rstrip("/") + "/")
        ]
        return _compact({"agents": listed})


# -- wait_agent -----------------------------------------------------------------------------


class WaitAgentTool:
    name = "wait_agent"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return None

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        if _is_v2(ctx):
            return await self._wait_v2(ctx, args)
        raw_targets = args.get("targets")
        if raw_targets is None:
            raw_targets = []
        if not isinstance(raw_targets, list) or not all(isinstance(t, str) for t in raw_targets):
            raise parse_error(f"invalid type: {json_type(raw_targets)}, expected a sequence")
        agents, caller = await _caller(ctx)
        nodes: list[AgentNode] = []
        for target in raw_targets:
            node = await _target(agents, caller, target)
            if node not in nodes:
                nodes.append(node)
        timeout_ms = opt_timeout(args)
        ids = [n.id for n in nodes]
        item = _Item(ctx, "wait", receivers=ids)
        await item.start()
        deadline = now_ms() + timeout_ms
        final: dict[str, AgentState] = {}
        while True:
            final = {n.id: s for n in nodes if (s := n.state()).is_final}
            remaining = deadline - now_ms()
            if final or remaining <= 0 or not nodes:
                break
            # Re-check at least every second: a turn started by a client has no hook here.
            await agents.wait_changed(min(remaining, 1000) / 1000)
        await item.complete(final)
        status = {thread_id: state.tool_json() for thread_id, state in final.items()}
        return _compact({"status": status, "timed_out": not final})

    async def _wait_v2(self, ctx: ToolContext, args: JSON) -> str:
        reject_unknown(args, ("timeout_ms",))
        timeout_ms = opt_timeout(args)
        agents, caller = await _caller(ctx)
        item = _Item(ctx, "wait")
        await item.start()
        deadline = now_ms() + timeout_ms
        fresh: dict[str, AgentState] = {}
        while True:
            for node in [*agents.tree_nodes(caller.root_id), *_closed(agents, caller)]:
                state = node.state()
                key = (node.id, _compact(state.tool_json()))
                if node is not caller and state.is_final and key not in caller.reported:
                    fresh[node.id] = state
                    caller.reported.add(key)
            remaining = deadline - now_ms()
            if fresh or remaining <= 0:
                break
            await agents.wait_changed(min(remaining, 1000) / 1000)
        item.receivers = list(fresh)
        await item.complete(fresh)
        message = "Wait completed." if fresh else "Wait timed out."
        return _compact({"message": message, "timed_out": not fresh})


def _closed(agents: AgentRuntime, caller: AgentNode) -> list[AgentNode]:
    return [n for n in agents.nodes.values() if n.root_id == caller.root_id and n.closed]


# -- resume_agent / close_agent -------------------------------------------------------------


class ResumeAgentTool:
    name = "resume_agent"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return None

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        target = req_str(args, "id")
        agents, caller = await _caller(ctx)
        if caller.depth + 1 > agents.max_depth():
            raise ToolError(DEPTH_LIMIT)
        try:
            node: AgentNode | None = await agents.resolve(caller, target)
        except _paths.AgentPathError as exc:
            node = None
            error = str(exc)
        thread_id = node.id if node is not None else target
        item = _Item(
            ctx, "resumeAgent", receivers=[thread_id] if _paths.is_thread_id(thread_id) else []
        )
        await item.start()
        if node is None or node.closed:
            store = await agents.store()
            edge = await asyncio.to_thread(store.get_edge, thread_id)
            if edge is None or edge.root_thread_id != caller.root_id:
                await item.complete({thread_id: NOT_FOUND} if item.receivers else {}, failed=True)
                raise ToolError(error if node is None else f"agent with id {thread_id} not found")
            node = await agents.reopen(edge)
            if node is None:
                await item.complete({thread_id: NOT_FOUND}, failed=True)
                raise ToolError(f"agent with id {thread_id} not found")
            item.receivers = [node.id]
        state = node.state()
        await item.complete({node.id: state})
        return _compact({"status": state.tool_json()})


class CloseAgentTool:
    name = "close_agent"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return None

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        target = req_str(args, "target")
        agents, caller = await _caller(ctx)
        node = await _target(agents, caller, target)
        if (
            node.parent_id is None
            or caller.path == node.path
            or caller.path.startswith(node.path + "/")
        ):
            raise ToolError("an agent can only close its sub-agents, never itself or an ancestor")
        item = _Item(ctx, "closeAgent", receivers=[node.id])
        await item.start()
        previous = node.state()
        await agents.close(node)
        await item.complete({node.id: previous})
        return _compact({"previous_status": previous.tool_json()})


for _tool in (
    SpawnAgentTool(),
    SendInputTool(),
    ResumeAgentTool(),
    WaitAgentTool(),
    CloseAgentTool(),
    SendMessageTool(),
    FollowupTaskTool(),
    InterruptAgentTool(),
    ListAgentsTool(),
):
    REGISTRY.register(_tool)
