"""The agent runtime of one server: the agents of each tree, their threads and their graph.

Every loaded thread that takes part in multi-agent work has an :class:`AgentNode`: its
path (``/root`` for the user's thread), the root thread of its tree, its depth, nickname
and role. A sub-agent is a real spindle thread: its own rollout and SQLite row,
``threadSource: "subagent"``, a ``source`` of ``{"subAgent": {"thread_spawn": ...}}`` that
carries its parent, depth, path and nickname, and the parent's settings unless the spawn
overrides model or effort. Its notifications reach the connections subscribed to its root.

The spawn edges live in the agent graph (:class:`spindle_state.AgentGraphStore`), so:

- closing an agent closes its whole subtree, deepest first: each running turn is
  interrupted, its processes are killed, a ``shutdown_complete`` line closes its rollout,
  ``thread/closed`` is notified and the thread is unloaded. The graph marks every closed
  edge ``closed`` (the reference only marks the target's);
- a root thread resumed after a restart brings back its open descendants under the same
  paths (:meth:`AgentRuntime.restore_tree`, called by ``thread/resume`` and, lazily, by
  the first agent tool that needs the tree).

Length: one class, ``AgentRuntime``, holds the loaded agents of every tree and their graph
store; spawn, input, interrupt, close and restore all read and change those same nodes
(spawn and restore under a per-tree lock), so they stay together.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import json
import logging
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from spindle_protocol.methods import THREAD_STATUS_CHANGED
from spindle_state import (
    AgentGraphStore,
    NewThread,
    SpawnEdge,
    agents_database_path,
    find_rollout_path,
    open_agent_graph_store,
)

from .._database_files import LazyDatabase
from .._ids import uuid7
from .._rollout import RolloutWriter, rollout_path_for
from .._threads import (
    ActiveTurn,
    LoadedThread,
    load_history,
    new_thread_row,
    now_ms,
    session_meta_payload,
    view_from_record,
)
from .._version import CLI_VERSION
from .._wire import ThreadView
from . import _paths
from ._nicknames import pick_nickname
from ._status import PENDING_INIT, SHUTDOWN, AgentState, state_of_thread

if TYPE_CHECKING:
    from spindle_protocol.models import ThreadStatusChangedNotification

    from .._server import AppServer

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_THREADS",
    "SUBAGENT_THREAD_SOURCE",
    "AgentLimitReached",
    "AgentNode",
    "AgentRuntime",
    "flush_agent_notifications",
    "offers_multi_agent",
    "on_thread_resumed",
    "runtime",
    "subagent_metadata",
]

log = logging.getLogger(__name__)

JSON = dict[str, Any]

SUBAGENT_THREAD_SOURCE: Final = "subagent"
"""``threadSource`` of every thread an agent spawned."""

MEMORY_CONSOLIDATION_THREAD_SOURCE: Final = "memory_consolidation"
"""``threadSource`` of the memory consolidation agent (``spindle_memories``' own name)."""

DEFAULT_MAX_DEPTH: Final = 1
"""``[agents] max_depth`` when unset: the user's agent may spawn, its children may not."""

DEFAULT_MAX_THREADS: Final = 6
"""``[agents] max_threads`` when unset: open sub-agents of one tree (closing frees a slot)."""


class AgentLimitReached(Exception):
    """A spawn past ``[agents] max_threads`` open sub-agents; the message is the model's."""

    def __init__(self) -> None:
        super().__init__("collab spawn failed: agent thread limit reached")


@dataclass
class AgentNode:
    """One agent: a loaded thread and where it sits in its tree."""

    thread: LoadedThread
    path: str
    root_id: str
    parent_id: str | None
    depth: int
    nickname: str | None = None
    role: str | None = None
    closed: bool = False
    # Inputs sent while a turn ran (send_input without interrupt): next turns, in order.
    pending: list[list[JSON]] = field(default_factory=list)
    # Messages that wait for the agent's next turn without starting one (send_message).
    mailbox: list[str] = field(default_factory=list)
    # Agents whose final status this agent's wait_agent (v2) reported already.
    reported: set[tuple[str, str]] = field(default_factory=set)
    # Brought back by resume_agent and not run since: reported as pending_init.
    fresh: bool = False
    # How notifications to its parent name it: its thread id (v1) or its path (v2).
    label: str | None = None

    @property
    def id(self) -> str:
        return self.thread.id

    def state(self) -> AgentState:
        if self.closed:
            return SHUTDOWN
        if self.fresh and self.thread.active is None:
            return PENDING_INIT
        return state_of_thread(self.thread)


def _idle(thread_id: str) -> ThreadStatusChangedNotification:
    """``thread/status/changed`` to idle."""
    from spindle_protocol.models import ThreadStatusChangedNotification, ThreadStatusIdle

    return ThreadStatusChangedNotification(thread_id=thread_id, status=ThreadStatusIdle())


def source_json(
    parent_id: str, depth: int, path: str, nickname: str | None, role: str | None
) -> JSON:
    """The wire ``SessionSource`` of a spawned thread (``SubAgentSource::ThreadSpawn``)."""
    return {
        "subAgent": {
            "thread_spawn": {
                "parent_thread_id": parent_id,
                "depth": depth,
                "agent_path": path,
                "agent_nickname": nickname,
                "agent_role": role,
            }
        }
    }


def _rollout_source(
    parent_id: str, depth: int, path: str, nickname: str | None, role: str | None
) -> JSON:
    # The rollout spells the session source as the core protocol does (lowercase variant).
    return {"subagent": source_json(parent_id, depth, path, nickname, role)["subAgent"]}


def _root_node(thread: LoadedThread) -> AgentNode:
    return AgentNode(thread, _paths.ROOT, thread.id, parent_id=None, depth=0)


class AgentRuntime:
    """The agents loaded in one server process and the graph that persists their edges."""

    def __init__(self, server: AppServer) -> None:
        self._server = server
        self._database = LazyDatabase(
            agents_database_path(server.home),
            functools.partial(open_agent_graph_store, server.home),
        )
        self.nodes: dict[str, AgentNode] = {}
        # Roots whose open descendants were brought back (or that never had any to bring).
        self._restored: set[str] = set()
        self._tree_locks: dict[str, asyncio.Lock] = {}
        # Signalled whenever an agent's status may have changed (turn ended, agent closed).
        self._changed = asyncio.Condition()
        # Messages telling a parent that a child finished, until its next sample.
        self.notifications: dict[str, list[JSON]] = {}

    # -- the graph --------------------------------------------------------------------------

    async def store(self) -> AgentGraphStore:
        return await self._database.store()

    async def existing_store(self) -> AgentGraphStore | None:
        """The store, or None when no sub-agent was ever spawned here (with SQLite, its file
        does not exist): reading the graph (every resume does) never creates the database,
        nor runs its migrations; the first spawn does."""
        return await self._database.existing()

    def _agents_setting(self, key: str, default: int) -> int:
        agents = self._server.config.raw.get("agents")
        if isinstance(agents, dict):
            value = agents.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        return default

    def max_depth(self) -> int:
        return self._agents_setting("max_depth", DEFAULT_MAX_DEPTH)

    def max_threads(self) -> int:
        return self._agents_setting("max_threads", DEFAULT_MAX_THREADS)

    def _tree_lock(self, root_id: str) -> asyncio.Lock:
        lock = self._tree_locks.get(root_id)
        if lock is None:
            lock = self._tree_locks[root_id] = asyncio.Lock()
        return lock

    # -- nodes ------------------------------------------------------------------------------

    async def node_for(self, thread: LoadedThread) -> AgentNode:
        """The agent of a loaded thread: known, a persisted sub-agent, or a new ``/root``."""
        node = self.nodes.get(thread.id)
        if node is not None and node.thread is thread:
            return node
        store = await self.existing_store()
        edge = None if store is None else await asyncio.to_thread(store.get_edge, thread.id)
        node = _root_node(thread) if edge is None else self._node_from_edge(thread, edge)
        self.nodes[thread.id] = node
        await self.restore_tree(node.root_id)
        return node

    def _node_from_edge(self, thread: LoadedThread, edge: SpawnEdge) -> AgentNode:
        return AgentNode(
            thread,
            edge.agent_path,
            edge.root_thread_id,
            edge.parent_thread_id,
            edge.depth,
            edge.agent_nickname,
            edge.agent_role,
            closed=not edge.is_open,
        )

    def loaded_node(self, thread_id: str) -> AgentNode | None:
        """An agent whose thread is loaded in this process (closed ones are not)."""
        node = self.nodes.get(thread_id)
        if node is None or node.closed or self._server.loaded.get(thread_id) is not node.thread:
            return None
        return node

    async def resolve(self, caller: AgentNode, target: str) -> AgentNode:
        """The agent a tool's ``target`` names, seen from ``caller``; a closed agent too
        (its status is ``shutdown``). Raises :class:`_paths.AgentPathError` with the text
        for the model."""
        parsed = _paths.parse_target(target, caller.path)
        if parsed.thread_id is not None:
            node = self.nodes.get(parsed.thread_id)
            if node is not None and node.root_id == caller.root_id:
                return node
            raise _paths.AgentPathError(f"agent with id {parsed.thread_id} not found")
        path = parsed.path
        assert path is not None
        if path == _paths.ROOT:
            root = self.nodes.get(caller.root_id)
            if root is not None:
                return root
        for node in self.nodes.values():
            if node.root_id == caller.root_id and node.path == path:
                return node
        raise _paths.AgentPathError(f"live agent path `{path}` not found")

    def tree_nodes(self, root_id: str) -> list[AgentNode]:
        """The open sub-agents of a tree loaded here, parents first."""
        nodes = [
            n
            for n in self.nodes.values()
            if n.root_id == root_id and n.parent_id is not None and not n.closed
        ]
        return sorted(nodes, key=lambda n: (n.depth, n.path))

    # -- spawning ---------------------------------------------------------------------------

    def child_name(self, parent: AgentNode, nickname: str) -> str:
        """A name for a child spawned without one (multi_agent_v1): its nickname in lower
        case, numbered when a sibling holds it already."""
        taken = {
            n.path.rsplit("/", 1)[-1]
            for n in self.nodes.values()
            if n.root_id == parent.root_id and n.parent_id == parent.id
        }
        base = nickname.lower()
        name, number = base, 2
        while name in taken:
            name, number = f"{base}_{number}", number + 1
        return name

    def pick_nickname(self, root_id: str) -> str:
        used = {n.nickname for n in self.nodes.values() if n.root_id == root_id and n.nickname}
        return pick_nickname(used)

    async def spawn(
        self,
        parent: AgentNode,
        *,
        name: str | None,
        nickname: str,
        model: str | None,
        reasoning_effort: str | None,
        role: str | None,
        history: list[JSON] | None,
        v2: bool = False,
    ) -> AgentNode:
        """Create, persist and load a child of ``parent`` (no turn started yet)."""
        server = self._server
        async with self._tree_lock(parent.root_id):
            if len(self.tree_nodes(parent.root_id)) >= self.max_threads():
                raise AgentLimitReached
            child_name = name if name is not None else self.child_name(parent, nickname)
            path = _paths.join(parent.path, child_name)
            if any(n.root_id == parent.root_id and n.path == path for n in self.nodes.values()):
                raise _paths.AgentPathError(f"agent path `{path}` already exists")
            settings = dataclasses.replace(parent.thread.settings)
            if model is not None:
                settings.model = model
            if reasoning_effort is not None:
                settings.reasoning_effort = reasoning_effort
            thread_id = uuid7()
            created = now_ms()
            depth = parent.depth + 1
            rollout = rollout_path_for(server.home, thread_id, created)
            parent_view = parent.thread.view
            view = ThreadView(
                id=thread_id,
                created_at=created // 1000,
                updated_at=created // 1000,
                recency_at=created // 1000,
                cwd=settings.cwd,
                model_provider=settings.model_provider,
                model=settings.model,
                reasoning_effort=settings.reasoning_effort,
                path=str(rollout),
                cli_version=CLI_VERSION,
                originator=parent_view.originator,
                source=source_json(parent.id, depth, path, nickname, role),  # type: ignore[arg-type]
                thread_source=SUBAGENT_THREAD_SOURCE,
                status={"type": "idle"},
                loaded=True,
                agent_nickname=nickname,
                agent_role=role,
            )
            thread = LoadedThread(
                view=view,
                settings=settings,
                created_at_ms=created,
                rollout_path=rollout,
                materialized=False,
                git=parent.thread.git,
                base_instructions=parent.thread.base_instructions,
            )
            # Whoever follows the tree's root sees its agents' notifications.
            root = self.nodes.get(parent.root_id)
            thread.subscribers = (root or parent).thread.subscribers
            view.session_id = parent.root_id
            node = AgentNode(thread, path, parent.root_id, parent.id, depth, nickname, role)
            node.label = path if name is not None and v2 else thread_id
            await asyncio.to_thread(self._materialize, node, history or [])
            store = await self.store()
            await asyncio.to_thread(
                lambda: store.add_edge(
                    parent_thread_id=parent.id,
                    child_thread_id=thread_id,
                    root_thread_id=parent.root_id,
                    agent_path=path,
                    depth=depth,
                    agent_nickname=nickname,
                    agent_role=role,
                )
            )
            self.nodes[thread_id] = node
            server.loaded[thread_id] = thread
        await server.notifier.to_thread(thread, THREAD_STATUS_CHANGED, _idle(thread_id))
        return node

    def _materialize(self, node: AgentNode, history: list[JSON]) -> None:
        """The child's rollout (session_meta, then any forked history) and its SQLite row."""
        thread = node.thread
        view = thread.view
        payload = session_meta_payload(
            thread_id=view.id,
            created_at_ms=thread.created_at_ms,
            cwd=view.cwd,
            originator=view.originator,
            source="vscode",
            thread_source=view.thread_source,
            model_provider=view.model_provider,
            model=thread.settings.model,
            git=thread.git,
            base_instructions=thread.base_instructions,
        )
        assert node.parent_id is not None
        payload["source"] = _rollout_source(
            node.parent_id, node.depth, node.path, node.nickname, node.role
        )
        payload["agent_nickname"] = node.nickname
        payload["agent_role"] = node.role
        payload["agent_path"] = node.path
        writer = RolloutWriter(thread.rollout_path)
        writer.append("session_meta", payload, ts_ms=thread.created_at_ms)
        for item in history:
            writer.append("response_item", item)
        writer.flush()
        thread.writer = writer
        thread.conversation = list(history)
        row: NewThread = dataclasses.replace(
            new_thread_row(thread),
            source=json.dumps(view.source, separators=(",", ":")),
            agent_path=node.path,
            agent_nickname=node.nickname,
            agent_role=node.role,
        )
        self._server.store.ensure_thread(row)
        thread.materialized = True

    # -- turns ------------------------------------------------------------------------------

    def start_turn(self, node: AgentNode, content: list[JSON], root_turn_id: str | None) -> None:
        """Run a turn of the agent with ``content`` as its user input (it must be idle)."""
        thread = node.thread
        node.fresh = False
        active = ActiveTurn.starting_now(root_turn_id=root_turn_id)
        thread.active = active
        self._server.start_turn_task(self._run(node, active, content), active)

    async def _run(self, node: AgentNode, active: ActiveTurn, content: list[JSON]) -> None:
        self._deliver_mailbox(node)
        try:
            await self._server.turn(node.thread, active, content, None)
        finally:
            self._tell_parent(node)
            await self.notify_changed()
            if (
                node.pending
                and not node.closed
                and node.thread.active is None
                and not self._server.shutting_down
            ):
                self.start_turn(node, node.pending.pop(0), active.root_turn_id)

    def _tell_parent(self, node: AgentNode) -> None:
        """A child that reached a final status tells its parent, as a user message the
        parent's model reads before its next sample (the reference's notification)."""
        state = node.state()
        if node.closed or node.parent_id is None or not state.is_final:
            return
        body = {"agent_path": node.label or node.id, "status": state.tool_json()}
        text = (
            "<subagent_notification>\n"
            + json.dumps(body, separators=(",", ":"), ensure_ascii=False)
            + "\n</subagent_notification>"
        )
        item: JSON = {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": text}],
        }
        self.notifications.setdefault(node.parent_id, []).append(item)

    def flush_notifications(self, thread: LoadedThread) -> None:
        """Put the pending child notifications into the thread's conversation and rollout."""
        pending = self.notifications.pop(thread.id, None)
        for item in pending or []:
            thread.conversation.append(item)
            if thread.writer is not None:
                thread.writer.append("response_item", item)

    def _deliver_mailbox(self, node: AgentNode) -> None:
        """Queued messages join the agent's conversation (and rollout) before its turn."""
        thread = node.thread
        for text in node.mailbox:
            item: JSON = {
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": text}],
            }
            thread.conversation.append(item)
            if thread.writer is not None:
                thread.writer.append("response_item", item)
        node.mailbox.clear()

    async def send_input(
        self, node: AgentNode, content: list[JSON], *, interrupt: bool, root_turn_id: str | None
    ) -> None:
        """Give the agent input: a new turn when idle; queued for the next turn while one
        runs, unless ``interrupt`` ends the running turn first."""
        thread = node.thread
        if thread.active is not None and interrupt:
            await self.interrupt(node)
        if thread.active is not None:
            node.pending.append(content)
            return
        self.start_turn(node, content, root_turn_id)

    async def interrupt(self, node: AgentNode) -> None:
        """End the agent's running turn (recorded as interrupted) and wait for it."""
        active = node.thread.active
        if active is None or active.task is None or active.task.done():
            return
        if active.task is asyncio.current_task():
            return
        active.interrupt_requested = True
        active.task.cancel()
        await asyncio.gather(active.task, return_exceptions=True)

    # -- waiting ----------------------------------------------------------------------------

    async def notify_changed(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_changed(self, timeout: float) -> None:
        """Return after a status change or ``timeout`` seconds, whichever comes first."""
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout)

    # -- closing ----------------------------------------------------------------------------

    async def close(self, node: AgentNode) -> list[AgentNode]:
        """Close ``node`` and its whole subtree, deepest first; the agents shut down."""
        store = await self.store()
        edges = await asyncio.to_thread(store.close_subtree, node.id)
        order = [edge.child_thread_id for edge in edges]
        # Loaded descendants whose edges were closed already still have to stop here.
        for other in sorted(self.nodes.values(), key=lambda n: -n.depth):
            below = other.root_id == node.root_id and other.path.startswith(node.path + "/")
            if below and other.id not in order:
                order.append(other.id)
        if node.id not in order:
            order.append(node.id)
        closed: list[AgentNode] = []
        for thread_id in order:
            found = self.nodes.get(thread_id)
            if found is not None and not found.closed:
                await self._shut_down(found)
                closed.append(found)
        await self.notify_changed()
        return closed

    async def _shut_down(self, node: AgentNode) -> None:
        server = self._server
        thread = node.thread
        node.closed = True
        node.pending.clear()
        await self.interrupt(node)
        try:
            await thread.kill_processes()
        except Exception:
            log.exception("killing the processes of agent %s failed", node.path)
        if thread.writer is not None:
            try:
                thread.writer.append("event_msg", {"type": "shutdown_complete"})
                thread.close_writer()
            except OSError:
                log.exception("closing the rollout of agent %s failed", node.path)
        thread.view.status = {"type": "notLoaded"}
        thread.view.loaded = False
        if server.loaded.get(thread.id) is thread:
            del server.loaded[thread.id]
        from spindle_protocol.models import (
            ThreadStatusChangedNotification,
            ThreadStatusNotLoaded,
        )

        await server.notifier.to_thread(
            thread,
            THREAD_STATUS_CHANGED,
            ThreadStatusChangedNotification(thread_id=thread.id, status=ThreadStatusNotLoaded()),
        )

    # -- resuming ---------------------------------------------------------------------------

    async def restore_tree(self, root_id: str) -> list[AgentNode]:
        """Bring back the open descendants of a root thread (after a restart), parents
        first; the agents loaded now."""
        if root_id in self._restored:
            return []
        root = self._server.loaded.get(root_id)
        if root is None:
            return []
        async with self._tree_lock(root_id):
            if root_id in self._restored:
                return []
            if root_id not in self.nodes:
                self.nodes[root_id] = _root_node(root)
            store = await self.existing_store()
            edges = (
                [] if store is None else await asyncio.to_thread(store.open_descendants, root_id)
            )
            loaded: list[AgentNode] = []
            for edge in edges:
                if self.loaded_node(edge.child_thread_id) is not None:
                    continue
                node = await self._load(edge)
                if node is not None:
                    loaded.append(node)
            self._restored.add(root_id)
        return loaded

    async def reopen(self, edge: SpawnEdge) -> AgentNode | None:
        """Load a closed agent again from its rollout and mark its edge open."""
        node = await self._load(edge)
        if node is None:
            return None
        store = await self.store()
        await asyncio.to_thread(store.reopen, edge.child_thread_id)
        node.fresh = True
        await self._server.notifier.to_thread(node.thread, THREAD_STATUS_CHANGED, _idle(node.id))
        return node

    async def _load(self, edge: SpawnEdge) -> AgentNode | None:
        server = self._server
        root = server.loaded.get(edge.root_thread_id)
        parent = server.loaded.get(edge.parent_thread_id)
        try:
            loaded = await asyncio.to_thread(self._read_thread, edge, root or parent)
        except Exception:
            log.exception("bringing back agent %s failed", edge.agent_path)
            return None
        if loaded is None:
            return None
        if root is not None:
            loaded.subscribers = root.subscribers
        node = self._node_from_edge(loaded, edge)
        node.closed = False
        self.nodes[loaded.id] = node
        server.loaded[loaded.id] = loaded
        return node

    def _read_thread(self, edge: SpawnEdge, like: LoadedThread | None) -> LoadedThread | None:
        server = self._server
        record = server.store.find_thread(edge.child_thread_id)
        path: Path | None = None
        if record is not None and record.rollout_path and Path(record.rollout_path).is_file():
            path = Path(record.rollout_path)
        else:
            path = find_rollout_path(server.home, edge.child_thread_id)
        if record is None or path is None:
            return None
        history = load_history(path)
        view = view_from_record(record)
        view.path = str(path)
        view.source = source_json(  # type: ignore[assignment]
            edge.parent_thread_id, edge.depth, edge.agent_path, edge.agent_nickname, edge.agent_role
        )
        view.thread_source = SUBAGENT_THREAD_SOURCE
        view.session_id = edge.root_thread_id
        view.agent_nickname = edge.agent_nickname
        view.agent_role = edge.agent_role
        view.loaded = True
        view.status = {"type": "idle"}
        if like is None:
            return None
        settings = dataclasses.replace(like.settings)
        settings.model = record.model or history.model or settings.model
        settings.reasoning_effort = (
            record.reasoning_effort if record.model is not None else history.reasoning_effort
        )
        view.model = settings.model
        view.reasoning_effort = settings.reasoning_effort
        thread = LoadedThread(
            view=view,
            settings=settings,
            created_at_ms=record.created_at_ms,
            rollout_path=path,
            materialized=True,
            writer=RolloutWriter(path, next_ordinal=history.next_ordinal),
        )
        thread.apply_history(history)
        return thread


_RUNTIMES: weakref.WeakKeyDictionary[AppServer, AgentRuntime] = weakref.WeakKeyDictionary()


def runtime(server: AppServer) -> AgentRuntime:
    """The agent runtime of ``server`` (made on first use)."""
    found = _RUNTIMES.get(server)
    if found is None:
        found = AgentRuntime(server)
        _RUNTIMES[server] = found
    return found


def offers_multi_agent(server: AppServer, thread: LoadedThread) -> bool:
    """Whether the thread's model is offered the multi-agent tools: not for a v1 sub-agent
    at the depth limit, as the reference turns them off for it, nor for the memory
    consolidation agent (its collaboration tools are off)."""
    if thread.view.thread_source == MEMORY_CONSOLIDATION_THREAD_SOURCE:
        return False
    if bool(server.config.features.get("multi_agent_v2", False)):
        return True
    agents = runtime(server)
    node = agents.nodes.get(thread.id)
    return node is None or node.depth < agents.max_depth()


def flush_agent_notifications(server: AppServer, thread: LoadedThread) -> None:
    """Called before each sample: child notifications join the thread's conversation."""
    found = _RUNTIMES.get(server)
    if found is not None and thread.id in found.notifications:
        found.flush_notifications(thread)


def subagent_metadata(thread: LoadedThread, root_turn_id: str) -> JSON:
    """Extra ``client_metadata`` of a sub-agent's model requests (its parent and turn)."""
    source = thread.view.source
    if not isinstance(source, dict):
        return {}
    sub_agent = source.get("subAgent")
    spawn = (sub_agent.get("thread_spawn") if isinstance(sub_agent, dict) else None) or {}
    parent = spawn.get("parent_thread_id")
    if not isinstance(parent, str):
        return {}
    return {
        "x-codex-parent-thread-id": parent,
        "x-openai-subagent": "collab_spawn",
        "parent_turn_id": root_turn_id,
    }


async def on_thread_resumed(server: AppServer, thread: LoadedThread) -> None:
    """``thread/resume`` of a user's thread brings back its open agents (cascade resume)."""
    if thread.view.thread_source == SUBAGENT_THREAD_SOURCE:
        return
    try:
        await runtime(server).node_for(thread)
    except Exception:
        log.exception("bringing back the agents of %s failed", thread.id)
