"""The persisted agent graph: spawn edges, subtree walks, cascade close, the open
descendants a resumed root brings back, path resolution (R8). SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spindle_state import (
    AgentGraphStore,
    AgentPathTaken,
    SpawnEdge,
    SpawnEdgeStatus,
    StateError,
    open_agent_graph_store,
)

pytestmark = pytest.mark.requirement("R8")

ROOT = "root-thread"
OTHER_ROOT = "other-root"


@pytest.fixture
def graph(home: Path, db_url: str | None) -> Iterator[AgentGraphStore]:
    with open_agent_graph_store(home, db_url) as store:
        yield store


def _spawn(
    graph: AgentGraphStore, parent: str, child: str, path: str, root: str = ROOT
) -> SpawnEdge:
    return graph.add_edge(
        parent_thread_id=parent,
        child_thread_id=child,
        root_thread_id=root,
        agent_path=path,
        depth=path.count("/") - 1,
        agent_nickname=child.capitalize(),
    )


@pytest.fixture
def tree(graph: AgentGraphStore) -> AgentGraphStore:
    """/root -> a -> (b -> c, d); /root -> e."""
    _spawn(graph, ROOT, "a", "/root/a")
    _spawn(graph, "a", "b", "/root/a/b")
    _spawn(graph, "b", "c", "/root/a/b/c")
    _spawn(graph, "a", "d", "/root/a/d")
    _spawn(graph, ROOT, "e", "/root/e")
    return graph


def test_add_edge_stores_every_field(graph: AgentGraphStore) -> None:
    edge = _spawn(graph, ROOT, "a", "/root/a")
    assert (edge.parent_thread_id, edge.child_thread_id, edge.root_thread_id) == (ROOT, "a", ROOT)
    assert (edge.agent_path, edge.name, edge.depth, edge.agent_nickname) == ("/root/a", "a", 1, "A")
    assert edge.status is SpawnEdgeStatus.OPEN and edge.is_open
    assert edge.closed_at_ms is None and edge.created_at_ms == edge.updated_at_ms > 0
    assert graph.get_edge("a") == edge
    assert graph.get_edge(ROOT) is None


def test_a_path_is_unique_within_a_tree_only(graph: AgentGraphStore) -> None:
    _spawn(graph, ROOT, "a", "/root/a")
    with pytest.raises(AgentPathTaken) as caught:
        _spawn(graph, ROOT, "a2", "/root/a")
    assert isinstance(caught.value, StateError)
    assert caught.value.agent_path == "/root/a"
    assert graph.get_edge("a2") is None
    # Another user's tree has its own /root/a.
    assert _spawn(graph, OTHER_ROOT, "x", "/root/a", root=OTHER_ROOT).agent_path == "/root/a"


def test_spawning_a_child_again_reparents_and_reopens_it(tree: AgentGraphStore) -> None:
    tree.close_subtree("e")
    edge = _spawn(tree, "a", "e", "/root/a/e")
    assert (edge.parent_thread_id, edge.agent_path, edge.status) == (
        "a",
        "/root/a/e",
        SpawnEdgeStatus.OPEN,
    )
    assert [e.child_thread_id for e in tree.children("a")] == ["b", "d", "e"]


def test_children_oldest_first_and_by_status(tree: AgentGraphStore) -> None:
    assert [e.child_thread_id for e in tree.children("a")] == ["b", "d"]
    tree.close_subtree("d")
    assert [e.child_thread_id for e in tree.children("a", status=SpawnEdgeStatus.OPEN)] == ["b"]
    assert [e.child_thread_id for e in tree.children("a", status=SpawnEdgeStatus.CLOSED)] == ["d"]
    assert tree.children("c") == []


def test_subtree_is_every_descendant_deepest_first(tree: AgentGraphStore) -> None:
    assert [e.child_thread_id for e in tree.subtree("a")] == ["c", "b", "d"]
    assert [e.child_thread_id for e in tree.subtree(ROOT)] == ["c", "b", "d", "a", "e"]
    assert tree.subtree("c") == []


def test_close_subtree_closes_the_target_and_all_its_descendants_deepest_first(
    tree: AgentGraphStore,
) -> None:
    closed = tree.close_subtree("a")
    assert [e.child_thread_id for e in closed] == ["c", "b", "d", "a"]
    assert all(e.status is SpawnEdgeStatus.CLOSED and e.closed_at_ms for e in closed)
    for child in "abcd":
        edge = tree.get_edge(child)
        assert edge is not None and edge.status is SpawnEdgeStatus.CLOSED
    e = tree.get_edge("e")
    assert e is not None and e.is_open
    # Closing again closes nothing more.
    assert tree.close_subtree("a") == []


def test_closing_the_root_closes_the_whole_tree(tree: AgentGraphStore) -> None:
    closed = tree.close_subtree(ROOT)
    assert [e.child_thread_id for e in closed] == ["c", "b", "d", "a", "e"]
    assert tree.open_descendants(ROOT) == []


def test_open_descendants_skip_closed_subtrees_parents_first(tree: AgentGraphStore) -> None:
    assert [e.child_thread_id for e in tree.open_descendants(ROOT)] == ["a", "e", "b", "d", "c"]
    tree.close_subtree("b")
    assert [e.child_thread_id for e in tree.open_descendants(ROOT)] == ["a", "e", "d"]


def test_an_open_edge_under_a_closed_one_is_not_brought_back(tree: AgentGraphStore) -> None:
    tree.close_subtree("b")
    tree.reopen("c")  # c open, its parent b closed
    assert "c" not in [e.child_thread_id for e in tree.open_descendants(ROOT)]


def test_reopen_opens_only_the_target(tree: AgentGraphStore) -> None:
    tree.close_subtree("a")
    reopened = tree.reopen("a")
    assert reopened is not None and reopened.is_open and reopened.closed_at_ms is None
    assert [e.child_thread_id for e in tree.open_descendants(ROOT)] == ["a", "e"]
    assert tree.reopen("nobody") is None


def test_resolve_path_and_tree(tree: AgentGraphStore) -> None:
    found = tree.resolve_path(ROOT, "/root/a/b/c")
    assert found is not None and found.child_thread_id == "c"
    assert tree.resolve_path(ROOT, "/root/zz") is None
    assert tree.resolve_path(OTHER_ROOT, "/root/a") is None
    assert [e.agent_path for e in tree.tree(ROOT)] == [
        "/root/a", "/root/e", "/root/a/b", "/root/a/d", "/root/a/b/c",
    ]  # fmt: skip


def test_stores_on_one_database_see_each_others_edges(home: Path, db_url: str | None) -> None:
    with open_agent_graph_store(home, db_url) as one, open_agent_graph_store(home, db_url) as two:
        _spawn(one, ROOT, "a", "/root/a")
        assert [e.child_thread_id for e in two.open_descendants(ROOT)] == ["a"]
        two.close_subtree("a")
        edge = one.get_edge("a")
        assert edge is not None and not edge.is_open
