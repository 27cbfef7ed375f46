"""Thread goals in their own database: create, replace, update, delete, usage accounting,
the ``goal_id`` guard and the status rules (R5). Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from spindle_state import (
    KEEP,
    MAX_OBJECTIVE_CHARS,
    GoalNotFound,
    GoalRecord,
    GoalStatus,
    GoalStore,
    InvalidGoal,
    goals_database_path,
    open_goal_store,
)

pytestmark = pytest.mark.requirement("R5")

T1 = "01a22428-1eca-7fe1-95a3-0dacb0f57101"
T2 = "01a22428-1eca-7fe1-95a3-0dacb0f57102"


@pytest.fixture
def goals(home: Path, db_url: str | None) -> Iterator[GoalStore]:
    with open_goal_store(home, db_url) as store:
        yield store


def _stopped(store: GoalStore, status: GoalStatus) -> GoalRecord:
    store.replace_goal(T1, "objective", status=GoalStatus.PAUSED)
    updated = store.update_goal(T1, status=status)
    assert updated is not None and updated.status is status
    return updated


# -- create / get / replace -----------------------------------------------------------------


def test_get_returns_none_without_a_goal(goals: GoalStore) -> None:
    assert goals.get_goal(T1) is None


def test_create_stores_a_new_active_goal_with_zero_usage(goals: GoalStore) -> None:
    goal = goals.create_goal(T1, "  ship it  ", token_budget=500)
    assert goal is not None
    assert (goal.thread_id, goal.objective, goal.status, goal.token_budget) == (
        T1,
        "ship it",
        GoalStatus.ACTIVE,
        500,
    )
    assert (goal.tokens_used, goal.time_used_seconds) == (0, 0)
    assert uuid.UUID(goal.goal_id).version == 4
    assert goal.created_at_ms == goal.updated_at_ms
    assert goal.created_at == goal.created_at_ms // 1000
    assert goals.get_goal(T1) == goal
    assert goals.get_goal(T2) is None


def test_create_does_not_overwrite_an_existing_goal(goals: GoalStore) -> None:
    first = goals.create_goal(T1, "first", status=GoalStatus.PAUSED)
    assert goals.create_goal(T1, "second") is None
    assert goals.get_goal(T1) == first


def test_replace_gives_a_new_goal_id_and_resets_usage(goals: GoalStore) -> None:
    first = goals.replace_goal(T1, "first", token_budget=1000)
    accounted = goals.account_usage(T1, first.goal_id, tokens=300, seconds=4)
    assert accounted is not None and accounted.tokens_used == 300
    second = goals.replace_goal(T1, "second", status=GoalStatus.PAUSED)
    assert second.goal_id != first.goal_id
    assert (second.objective, second.status, second.token_budget) == (
        "second",
        GoalStatus.PAUSED,
        None,
    )
    assert (second.tokens_used, second.time_used_seconds) == (0, 0)
    assert goals.get_goal(T1) == second


# -- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize("objective", ["", "   ", "\n\t "])
def test_empty_objective_is_refused(goals: GoalStore, objective: str) -> None:
    with pytest.raises(InvalidGoal, match=r"^goal objective must not be empty$"):
        goals.create_goal(T1, objective)
    with pytest.raises(InvalidGoal, match=r"^goal objective must not be empty$"):
        goals.set_goal(T1, objective=objective)
    assert goals.get_goal(T1) is None


def test_objective_length_is_counted_in_characters_after_trimming(goals: GoalStore) -> None:
    longest = "é" * MAX_OBJECTIVE_CHARS
    goal = goals.replace_goal(T1, f"  {longest}  ")
    assert goal.objective == longest
    with pytest.raises(InvalidGoal, match=r"^goal objective must be at most 4000 characters$"):
        goals.set_goal(T1, objective=longest + "é")
    assert goals.get_goal(T1) == goal


@pytest.mark.parametrize("budget", [0, -1, -10_000])
def test_non_positive_budget_is_refused(goals: GoalStore, budget: int) -> None:
    with pytest.raises(InvalidGoal, match=r"^goal budgets must be positive when provided$"):
        goals.set_goal(T1, objective="x", token_budget=budget)
    goals.replace_goal(T1, "x")
    with pytest.raises(InvalidGoal, match=r"^goal budgets must be positive when provided$"):
        goals.update_goal(T1, token_budget=budget)


def test_set_validates_objective_before_budget_before_existence(goals: GoalStore) -> None:
    with pytest.raises(InvalidGoal, match="objective must not be empty"):
        goals.set_goal(T1, objective=" ", token_budget=0)
    with pytest.raises(InvalidGoal, match="budgets must be positive"):
        goals.set_goal(T1, token_budget=0)
    with pytest.raises(GoalNotFound) as caught:
        goals.set_goal(T1, status=GoalStatus.PAUSED)
    assert str(caught.value) == f"cannot update goal for thread {T1}: no goal exists"
    assert caught.value.thread_id == T1


def test_the_status_column_rejects_unknown_values(goals: GoalStore) -> None:
    goals.replace_goal(T1, "x")
    with pytest.raises(sa.exc.IntegrityError), goals.engine.begin() as connection:
        connection.execute(sa.text("UPDATE thread_goals SET status = 'bogus'"))


# -- set / update -----------------------------------------------------------------------------


def test_set_creates_then_patches_keeping_goal_id_and_usage(goals: GoalStore) -> None:
    created, was_created = goals.set_goal(T1, objective="obj", token_budget=1000)
    assert was_created and created.status is GoalStatus.ACTIVE
    goals.account_usage(T1, created.goal_id, tokens=110, seconds=2)
    patched, was_created = goals.set_goal(T1, objective="obj2", status=GoalStatus.PAUSED)
    assert not was_created
    assert patched.goal_id == created.goal_id
    assert (patched.objective, patched.status, patched.token_budget) == (
        "obj2",
        GoalStatus.PAUSED,
        1000,
    )
    assert (patched.tokens_used, patched.time_used_seconds) == (110, 2)
    assert patched.created_at_ms == created.created_at_ms
    assert patched.updated_at_ms >= created.updated_at_ms


def test_set_without_arguments_returns_the_goal_unchanged_but_touched(goals: GoalStore) -> None:
    created, _ = goals.set_goal(T1, objective="obj", status=GoalStatus.PAUSED, token_budget=90)
    time.sleep(0.002)  # a later millisecond for the touch
    same, was_created = goals.set_goal(T1)
    assert not was_created
    unchanged = ("objective", "status", "goal_id", "token_budget", "tokens_used",
                 "time_used_seconds", "created_at_ms")  # fmt: skip
    assert {f: getattr(same, f) for f in unchanged} == {f: getattr(created, f) for f in unchanged}
    assert same.updated_at_ms > created.updated_at_ms, "touched"
    assert goals.get_goal(T1) == same, "the touch is stored"


def test_budget_none_removes_the_budget_and_keep_leaves_it(goals: GoalStore) -> None:
    goals.replace_goal(T1, "x", status=GoalStatus.PAUSED, token_budget=50)
    kept = goals.update_goal(T1, status=GoalStatus.BLOCKED, token_budget=KEEP)
    assert kept is not None and kept.token_budget == 50
    cleared = goals.update_goal(T1, token_budget=None)
    assert cleared is not None and cleared.token_budget is None


def test_update_without_a_goal_returns_none(goals: GoalStore) -> None:
    assert goals.update_goal(T1, status=GoalStatus.PAUSED) is None
    assert goals.get_goal(T1) is None


STOPPED_TARGETS = [
    GoalStatus.PAUSED,
    GoalStatus.BLOCKED,
    GoalStatus.USAGE_LIMITED,
    GoalStatus.BUDGET_LIMITED,
    GoalStatus.COMPLETE,
]


@pytest.mark.parametrize("start", STOPPED_TARGETS)
def test_status_transitions_match_the_reference(goals: GoalStore, start: GoalStatus) -> None:
    # Observed on codex 0.169.0: only budget_limited resists paused and blocked.
    for target in STOPPED_TARGETS:
        _stopped(goals, start)
        updated = goals.update_goal(T1, status=target)
        assert updated is not None
        resists = start is GoalStatus.BUDGET_LIMITED and target in (
            GoalStatus.PAUSED,
            GoalStatus.BLOCKED,
        )
        assert updated.status is (start if resists else target), (start, target)


def test_budget_limited_set_to_paused_only_moves_updated_at(goals: GoalStore) -> None:
    limited = _stopped(goals, GoalStatus.BUDGET_LIMITED)
    again, _ = goals.set_goal(T1, status=GoalStatus.PAUSED)
    assert again.status is GoalStatus.BUDGET_LIMITED
    assert again.updated_at_ms >= limited.updated_at_ms
    assert (again.objective, again.goal_id, again.tokens_used) == (
        limited.objective,
        limited.goal_id,
        limited.tokens_used,
    )


def test_activating_a_goal_over_its_budget_makes_it_budget_limited(goals: GoalStore) -> None:
    goal = goals.replace_goal(T1, "x", token_budget=1000)
    goals.account_usage(T1, goal.goal_id, tokens=200)
    goals.update_goal(T1, status=GoalStatus.PAUSED)
    over = goals.update_goal(T1, status=GoalStatus.ACTIVE, token_budget=150)
    assert over is not None and over.status is GoalStatus.BUDGET_LIMITED
    # Raising the budget above the usage lets it be active again.
    resumed = goals.update_goal(T1, status=GoalStatus.ACTIVE, token_budget=500)
    assert resumed is not None and resumed.status is GoalStatus.ACTIVE


def test_lowering_the_budget_of_an_active_goal_limits_it(goals: GoalStore) -> None:
    goal = goals.replace_goal(T1, "x")
    goals.account_usage(T1, goal.goal_id, tokens=200)
    limited = goals.update_goal(T1, token_budget=200)
    assert limited is not None and limited.status is GoalStatus.BUDGET_LIMITED
    # A paused goal is not limited by a budget change.
    goals.replace_goal(T2, "y", status=GoalStatus.PAUSED)
    paused = goals.update_goal(T2, token_budget=1)
    assert paused is not None and paused.status is GoalStatus.PAUSED


# -- the goal_id guard ------------------------------------------------------------------------


def test_update_guarded_by_a_replaced_goal_id_changes_nothing(goals: GoalStore) -> None:
    old = goals.replace_goal(T1, "old", status=GoalStatus.PAUSED)
    new = goals.replace_goal(T1, "new", status=GoalStatus.PAUSED)
    stale = goals.update_goal(
        T1, objective="stale", status=GoalStatus.COMPLETE, expected_goal_id=old.goal_id
    )
    assert stale is None
    assert goals.get_goal(T1) == new
    fresh = goals.update_goal(T1, status=GoalStatus.COMPLETE, expected_goal_id=new.goal_id)
    assert fresh is not None and fresh.status is GoalStatus.COMPLETE


def test_usage_for_a_replaced_goal_is_not_added_to_the_new_one(goals: GoalStore) -> None:
    old = goals.replace_goal(T1, "old")
    new = goals.replace_goal(T1, "new")
    assert goals.account_usage(T1, old.goal_id, tokens=500, seconds=9) is None
    assert goals.get_goal(T1) == new


def test_delete_guarded_by_a_replaced_goal_id_keeps_the_new_goal(goals: GoalStore) -> None:
    old = goals.replace_goal(T1, "old")
    new = goals.replace_goal(T1, "new")
    assert goals.delete_goal(T1, expected_goal_id=old.goal_id) is None
    assert goals.get_goal(T1) == new


# -- usage accounting -------------------------------------------------------------------------


def test_usage_accumulates_and_reaching_the_budget_limits_the_goal(goals: GoalStore) -> None:
    goal = goals.replace_goal(T1, "stay within budget", token_budget=20)
    first = goals.account_usage(T1, goal.goal_id, tokens=5, seconds=7)
    assert first is not None
    assert (first.status, first.tokens_used, first.time_used_seconds) == (GoalStatus.ACTIVE, 5, 7)
    second = goals.account_usage(T1, goal.goal_id, tokens=15, seconds=3)
    assert second is not None
    assert (second.status, second.tokens_used, second.time_used_seconds) == (
        GoalStatus.BUDGET_LIMITED,
        20,
        10,
    )
    # A limited goal no longer accounts.
    assert goals.account_usage(T1, goal.goal_id, tokens=5, seconds=5) is None
    assert goals.get_goal(T1) == second


def test_usage_is_only_added_to_an_active_goal(goals: GoalStore) -> None:
    for status in STOPPED_TARGETS:
        goal = _stopped(goals, status)
        assert goals.account_usage(T1, goal.goal_id, tokens=10, seconds=1) is None
        stored = goals.get_goal(T1)
        assert stored is not None and stored.tokens_used == 0


def test_zero_or_negative_usage_changes_nothing(goals: GoalStore) -> None:
    goal = goals.replace_goal(T1, "x")
    assert goals.account_usage(T1, goal.goal_id) is None
    assert goals.account_usage(T1, goal.goal_id, tokens=-5, seconds=-1) is None
    assert goals.get_goal(T1) == goal


def test_usage_without_a_goal_returns_none(goals: GoalStore) -> None:
    assert goals.account_usage(T1, str(uuid.uuid4()), tokens=10) is None


def test_concurrent_usage_is_never_lost(goals: GoalStore) -> None:
    goal = goals.replace_goal(T1, "x")
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(10):
                goals.account_usage(T1, goal.goal_id, tokens=3, seconds=1)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    stored = goals.get_goal(T1)
    assert stored is not None
    assert (stored.tokens_used, stored.time_used_seconds) == (120, 40)


# -- delete -----------------------------------------------------------------------------------


def test_delete_returns_the_removed_goal_then_none(goals: GoalStore) -> None:
    goal = goals.replace_goal(T1, "x")
    goals.replace_goal(T2, "y")
    assert goals.delete_goal(T1) == goal
    assert goals.get_goal(T1) is None
    assert goals.delete_goal(T1) is None
    assert goals.get_goal(T2) is not None


def test_delete_removes_the_continuation_deferral(goals: GoalStore) -> None:
    goals.replace_goal(T1, "x")
    with goals.engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO thread_goal_continuation_deferrals (thread_id) VALUES (:t)"),
            {"t": T1},
        )
    goals.delete_goal(T1)
    with goals.engine.connect() as connection:
        left = connection.execute(
            sa.text("SELECT count(*) FROM thread_goal_continuation_deferrals")
        ).scalar_one()
    assert left == 0


# -- persistence ------------------------------------------------------------------------------


def test_goals_survive_reopening(home: Path, db_url: str | None) -> None:
    with open_goal_store(home, db_url) as store:
        goal = store.replace_goal(T1, "keep me", status=GoalStatus.PAUSED, token_budget=9)
    with open_goal_store(home, db_url) as store:
        assert store.get_goal(T1) == goal


def test_sqlite_goals_live_in_their_own_file(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPINDLE_DATABASE_URL", raising=False)
    with open_goal_store(home) as store:
        store.replace_goal(T1, "x")
    assert goals_database_path(home) == home / "goals.sqlite"
    assert goals_database_path(home).is_file()
    assert not (home / "state.sqlite").exists()
