"""``AgentGraphStore``: the persisted agent graph behind one engine, and
``open_agent_graph_store``.

Spawning records an edge; the graph then answers what the server needs to address and
manage sub-agents without reading rollouts:

- ``add_edge`` records a spawn (a child spawned again under another parent is re-parented
  and reopened, as the reference's upsert does); a path already held in the tree raises
  :class:`AgentPathTaken`;
- ``children`` and ``subtree`` (every descendant, deepest first) walk the graph with one
  recursive query;
- ``close_subtree`` closes an agent's edge *and every open descendant's* in one
  transaction. The reference only closes the target's edge and leaves its descendants'
  open; spindle closes the whole subtree so that the stored graph says what is open;
- ``reopen`` opens one closed edge again (``resume_agent``);
- ``open_descendants`` lists the agents of a tree that a resumed root brings back: open
  edges whose every ancestor edge is open too, parents before children;
- ``resolve_path`` finds the agent holding a path in a tree.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Select, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.exc import IntegrityError

from spindle_state.agents._agents_records import AgentPathTaken, SpawnEdge, SpawnEdgeStatus
from spindle_state.agents._agents_schema import AGENTS_STREAM, thread_spawn_edges
from spindle_state.core._database import upsert_insert
from spindle_state.core._engine_store import EngineStore

_EDGES = thread_spawn_edges
_COLUMNS = tuple(_EDGES.c)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _edge(row: RowMapping) -> SpawnEdge:
    closed = row["closed_at_ms"]
    return SpawnEdge(
        child_thread_id=str(row["child_thread_id"]),
        parent_thread_id=str(row["parent_thread_id"]),
        root_thread_id=str(row["root_thread_id"]),
        agent_path=str(row["agent_path"]),
        agent_nickname=None if row["agent_nickname"] is None else str(row["agent_nickname"]),
        agent_role=None if row["agent_role"] is None else str(row["agent_role"]),
        depth=int(row["depth"]),
        status=SpawnEdgeStatus(row["status"]),
        created_at_ms=int(row["created_at_ms"]),
        updated_at_ms=int(row["updated_at_ms"]),
        closed_at_ms=None if closed is None else int(closed),
    )


def _deepest_first(edges: Iterable[SpawnEdge]) -> list[SpawnEdge]:
    return sorted(edges, key=lambda e: (-e.depth, e.agent_path))


def _shallowest_first(edges: Iterable[SpawnEdge]) -> list[SpawnEdge]:
    return sorted(edges, key=lambda e: (e.depth, e.created_at_ms, e.agent_path))


def _descendant_ids(thread_id: str) -> Select[Any]:
    """Ids of every descendant of ``thread_id`` (UNION, so a cycle cannot loop forever)."""
    first = select(_EDGES.c.child_thread_id).where(_EDGES.c.parent_thread_id == thread_id)
    descendants = first.cte("descendants", recursive=True)
    step = _EDGES.alias("step")
    descendants = descendants.union(
        select(step.c.child_thread_id).where(
            step.c.parent_thread_id == descendants.c.child_thread_id
        )
    )
    return select(descendants.c.child_thread_id)


class AgentGraphStore(EngineStore):
    """Reads and writes of the agent graph; thread-safe (one engine, pooled connections)."""

    # -- writes -----------------------------------------------------------------------------

    def add_edge(
        self,
        *,
        parent_thread_id: str,
        child_thread_id: str,
        root_thread_id: str,
        agent_path: str,
        depth: int,
        agent_nickname: str | None = None,
        agent_role: str | None = None,
    ) -> SpawnEdge:
        """Record that ``parent_thread_id`` spawned ``child_thread_id`` at ``agent_path``."""
        now = _now_ms()
        values: dict[str, Any] = {
            "child_thread_id": child_thread_id,
            "parent_thread_id": parent_thread_id,
            "root_thread_id": root_thread_id,
            "agent_path": agent_path,
            "agent_nickname": agent_nickname,
            "agent_role": agent_role,
            "depth": depth,
            "status": SpawnEdgeStatus.OPEN.value,
            "created_at_ms": now,
            "updated_at_ms": now,
            "closed_at_ms": None,
        }
        try:
            with self.engine.begin() as connection:
                row = self._upsert(connection, values)
        except IntegrityError as exc:
            raise AgentPathTaken(root_thread_id, agent_path) from exc
        return _edge(row)

    def _upsert(self, connection: Connection, values: dict[str, Any]) -> RowMapping:
        statement = upsert_insert(connection, _EDGES).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[_EDGES.c.child_thread_id],
            set_={
                k: statement.excluded[k]
                for k in values
                if k not in ("child_thread_id", "created_at_ms")
            },
        )
        row = connection.execute(statement.returning(*_COLUMNS)).mappings().first()
        assert row is not None
        return row

    def close_subtree(self, thread_id: str) -> list[SpawnEdge]:
        """Close ``thread_id``'s own edge (when it is a sub-agent) and every open edge below
        it; the edges this closed, deepest first."""
        now = _now_ms()
        col = _EDGES.c
        statement = (
            update(_EDGES)
            .where(
                col.status == SpawnEdgeStatus.OPEN.value,
                (col.child_thread_id == thread_id)
                | col.child_thread_id.in_(_descendant_ids(thread_id)),
            )
            .values(status=SpawnEdgeStatus.CLOSED.value, updated_at_ms=now, closed_at_ms=now)
            .returning(*_COLUMNS)
        )
        with self.engine.begin() as connection:
            rows = connection.execute(statement).mappings().all()
        return _deepest_first(_edge(row) for row in rows)

    def reopen(self, child_thread_id: str) -> SpawnEdge | None:
        """Open a closed edge again (its descendants stay as they are); the edge, or None
        when the thread is no sub-agent."""
        col = _EDGES.c
        statement = (
            update(_EDGES)
            .where(col.child_thread_id == child_thread_id)
            .values(status=SpawnEdgeStatus.OPEN.value, updated_at_ms=_now_ms(), closed_at_ms=None)
            .returning(*_COLUMNS)
        )
        with self.engine.begin() as connection:
            row = connection.execute(statement).mappings().first()
        return None if row is None else _edge(row)

    # -- reads ------------------------------------------------------------------------------

    def _select(self, statement: Select[Any]) -> list[SpawnEdge]:
        with self.engine.connect() as connection:
            return [_edge(row) for row in connection.execute(statement).mappings()]

    def get_edge(self, child_thread_id: str) -> SpawnEdge | None:
        """The edge that spawned ``child_thread_id``, or None for a thread no agent spawned."""
        found = self._select(select(*_COLUMNS).where(_EDGES.c.child_thread_id == child_thread_id))
        return found[0] if found else None

    def children(
        self, parent_thread_id: str, *, status: SpawnEdgeStatus | None = None
    ) -> list[SpawnEdge]:
        """The agents ``parent_thread_id`` spawned, oldest first."""
        statement = select(*_COLUMNS).where(_EDGES.c.parent_thread_id == parent_thread_id)
        if status is not None:
            statement = statement.where(_EDGES.c.status == status.value)
        return self._select(statement.order_by(_EDGES.c.created_at_ms, _EDGES.c.agent_path))

    def subtree(self, thread_id: str, *, status: SpawnEdgeStatus | None = None) -> list[SpawnEdge]:
        """Every descendant of ``thread_id`` (not itself), deepest first."""
        statement = select(*_COLUMNS).where(
            _EDGES.c.child_thread_id.in_(_descendant_ids(thread_id))
        )
        if status is not None:
            statement = statement.where(_EDGES.c.status == status.value)
        return _deepest_first(self._select(statement))

    def tree(self, root_thread_id: str) -> list[SpawnEdge]:
        """Every edge of the agent tree rooted at ``root_thread_id``, parents first."""
        return _shallowest_first(
            self._select(select(*_COLUMNS).where(_EDGES.c.root_thread_id == root_thread_id))
        )

    def open_descendants(self, root_thread_id: str) -> list[SpawnEdge]:
        """The agents a resumed root brings back: open edges of its tree whose ancestors are
        all open, parents before children."""
        statement = select(*_COLUMNS).where(
            _EDGES.c.root_thread_id == root_thread_id,
            _EDGES.c.status == SpawnEdgeStatus.OPEN.value,
        )
        reachable = {root_thread_id}
        result: list[SpawnEdge] = []
        for edge in _shallowest_first(self._select(statement)):
            if edge.parent_thread_id in reachable:
                reachable.add(edge.child_thread_id)
                result.append(edge)
        return result

    def resolve_path(self, root_thread_id: str, agent_path: str) -> SpawnEdge | None:
        """The agent at ``agent_path`` in the tree of ``root_thread_id``, or None."""
        found = self._select(
            select(*_COLUMNS).where(
                _EDGES.c.root_thread_id == root_thread_id, _EDGES.c.agent_path == agent_path
            )
        )
        return found[0] if found else None


def open_agent_graph_store(home: Path | None = None, url: str | None = None) -> AgentGraphStore:
    """Open (and migrate) the agent graph: ``<home>/agents.sqlite``, or ``url`` /
    ``SPINDLE_DATABASE_URL`` (PostgreSQL, shared with the other streams)."""
    return AgentGraphStore(AGENTS_STREAM.open_engine(home, url))
