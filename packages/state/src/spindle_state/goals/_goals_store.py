"""``GoalStore``: the goals database behind one engine, and ``open_goal_store``.

Every write is one SQL statement with ``RETURNING`` (SQLite 3.35+ and PostgreSQL), so it is
atomic without an explicit lock, also with several server processes on one database:

- ``create_goal`` inserts only when the thread has no goal;
- ``replace_goal`` writes a new goal (new ``goal_id``, usage reset) whatever was there;
- ``update_goal`` patches objective, status and budget of the current goal, optionally only
  if it still carries ``expected_goal_id``;
- ``set_goal`` is ``thread/goal/set``: update the goal when there is one, else create it;
- ``account_usage`` adds tokens and seconds to an *active* goal with a given ``goal_id`` and
  moves it to ``budget_limited`` when its tokens reach the budget;
- ``delete_goal`` removes the goal (and its continuation deferral).

Status rules (the reference's): asking for ``active`` when the tokens already reach the
budget gives ``budget_limited``; a ``budget_limited`` goal asked to become ``paused`` or
``blocked`` stays ``budget_limited``; lowering the budget of an active goal to or below
its usage makes it ``budget_limited``.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    and_,
    case,
    delete,
    false,
    literal,
    select,
    update,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.types import Text

from spindle_state.core._database import upsert_insert
from spindle_state.core._engine_store import EngineStore
from spindle_state.goals._goals_records import (
    KEEP,
    GoalNotFound,
    GoalRecord,
    GoalStatus,
    Keep,
    normalize_objective,
    validate_token_budget,
)
from spindle_state.goals._goals_schema import (
    GOALS_STREAM,
    thread_goal_continuation_deferrals,
    thread_goals,
)

_COLUMNS = (
    thread_goals.c.thread_id,
    thread_goals.c.goal_id,
    thread_goals.c.objective,
    thread_goals.c.status,
    thread_goals.c.token_budget,
    thread_goals.c.tokens_used,
    thread_goals.c.time_used_seconds,
    thread_goals.c.created_at_ms,
    thread_goals.c.updated_at_ms,
)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _record(row: RowMapping) -> GoalRecord:
    return GoalRecord(
        thread_id=str(row["thread_id"]),
        goal_id=str(row["goal_id"]),
        objective=str(row["objective"]),
        status=GoalStatus(row["status"]),
        token_budget=None if row["token_budget"] is None else int(row["token_budget"]),
        tokens_used=int(row["tokens_used"]),
        time_used_seconds=int(row["time_used_seconds"]),
        created_at_ms=int(row["created_at_ms"]),
        updated_at_ms=int(row["updated_at_ms"]),
    )


def _initial_status(status: GoalStatus, token_budget: int | None) -> GoalStatus:
    # A new goal has used nothing, so only a budget of 0 (refused earlier) could limit it;
    # kept explicit so the rule reads the same as in updates.
    if status is GoalStatus.ACTIVE and token_budget is not None and token_budget <= 0:
        return GoalStatus.BUDGET_LIMITED
    return status


def _status_expression(
    status: GoalStatus | None, token_budget: int | Keep | None
) -> ColumnElement[Any] | None:
    """The SET expression for ``status`` (None: the column is not touched)."""
    col = thread_goals.c
    over_budget: ColumnElement[bool]
    if token_budget is KEEP:
        over_budget = and_(col.token_budget.is_not(None), col.tokens_used >= col.token_budget)
    elif token_budget is None:
        over_budget = false()
    else:
        over_budget = col.tokens_used >= literal(token_budget, BigInteger())
    if status is None:
        if token_budget is KEEP:
            return None
        return case(
            (
                and_(col.status == GoalStatus.ACTIVE.value, over_budget),
                GoalStatus.BUDGET_LIMITED.value,
            ),
            else_=col.status,
        )
    if status is GoalStatus.ACTIVE:
        return case((over_budget, GoalStatus.BUDGET_LIMITED.value), else_=GoalStatus.ACTIVE.value)
    if status in (GoalStatus.PAUSED, GoalStatus.BLOCKED):
        return case((col.status == GoalStatus.BUDGET_LIMITED.value, col.status), else_=status.value)
    return literal(status.value, Text())


class GoalStore(EngineStore):
    """Reads and writes of the goals database; thread-safe (one engine, pooled connections)."""

    # -- reads ------------------------------------------------------------------------------

    def get_goal(self, thread_id: str) -> GoalRecord | None:
        """The thread's goal, or None."""
        with self.engine.connect() as connection:
            row = (
                connection.execute(select(*_COLUMNS).where(thread_goals.c.thread_id == thread_id))
                .mappings()
                .first()
            )
        return None if row is None else _record(row)

    # -- writes -----------------------------------------------------------------------------

    def _insert(self, connection: Connection, values: dict[str, Any], *, replace: bool) -> Any:
        statement = upsert_insert(connection, thread_goals).values(**values)
        if replace:
            keep = ("thread_id",)
            statement = statement.on_conflict_do_update(
                index_elements=[thread_goals.c.thread_id],
                set_={k: statement.excluded[k] for k in values if k not in keep},
            )
        else:
            statement = statement.on_conflict_do_nothing(index_elements=[thread_goals.c.thread_id])
        return connection.execute(statement.returning(*_COLUMNS)).mappings().first()

    def _new_values(
        self, thread_id: str, objective: str, status: GoalStatus, token_budget: int | None
    ) -> dict[str, Any]:
        now = _now_ms()
        return {
            "thread_id": thread_id,
            "goal_id": str(uuid.uuid4()),
            "objective": objective,
            "status": _initial_status(status, token_budget).value,
            "token_budget": token_budget,
            "tokens_used": 0,
            "time_used_seconds": 0,
            "created_at_ms": now,
            "updated_at_ms": now,
        }

    def create_goal(
        self,
        thread_id: str,
        objective: str,
        *,
        status: GoalStatus = GoalStatus.ACTIVE,
        token_budget: int | None = None,
    ) -> GoalRecord | None:
        """Create the thread's goal (new ``goal_id``); None when it already has one."""
        objective = normalize_objective(objective)
        validate_token_budget(token_budget)
        values = self._new_values(thread_id, objective, status, token_budget)
        with self.engine.begin() as connection:
            row = self._insert(connection, values, replace=False)
        return None if row is None else _record(row)

    def replace_goal(
        self,
        thread_id: str,
        objective: str,
        *,
        status: GoalStatus = GoalStatus.ACTIVE,
        token_budget: int | None = None,
    ) -> GoalRecord:
        """Write a new goal for the thread (new ``goal_id``, usage reset), replacing any."""
        objective = normalize_objective(objective)
        validate_token_budget(token_budget)
        values = self._new_values(thread_id, objective, status, token_budget)
        with self.engine.begin() as connection:
            connection.execute(
                delete(thread_goal_continuation_deferrals).where(
                    thread_goal_continuation_deferrals.c.thread_id == thread_id
                )
            )
            row = self._insert(connection, values, replace=True)
        assert row is not None
        return _record(row)

    def update_goal(
        self,
        thread_id: str,
        *,
        objective: str | None = None,
        status: GoalStatus | None = None,
        token_budget: int | Keep | None = KEEP,
        expected_goal_id: str | None = None,
    ) -> GoalRecord | None:
        """Patch the thread's goal; None when there is none, or when ``expected_goal_id`` is
        given and the stored goal is another one (it was replaced meanwhile).

        ``objective``/``status`` None and ``token_budget`` :data:`KEEP` leave the value;
        ``token_budget=None`` removes the budget. Usage and ``goal_id`` are kept.
        """
        if objective is not None:
            objective = normalize_objective(objective)
        if token_budget is not KEEP:
            validate_token_budget(token_budget)
        values: dict[str, Any] = {"updated_at_ms": _now_ms()}
        if objective is not None:
            values["objective"] = objective
        status_value = _status_expression(status, token_budget)
        if status_value is not None:
            values["status"] = status_value
        if token_budget is not KEEP:
            values["token_budget"] = token_budget
        condition = thread_goals.c.thread_id == thread_id
        if expected_goal_id is not None:
            condition = and_(condition, thread_goals.c.goal_id == expected_goal_id)
        with self.engine.begin() as connection:
            row = (
                connection.execute(
                    update(thread_goals).where(condition).values(**values).returning(*_COLUMNS)
                )
                .mappings()
                .first()
            )
        return None if row is None else _record(row)

    def set_goal(
        self,
        thread_id: str,
        *,
        objective: str | None = None,
        status: GoalStatus | None = None,
        token_budget: int | Keep | None = KEEP,
    ) -> tuple[GoalRecord, bool]:
        """``thread/goal/set``: patch the goal when the thread has one, else create it.

        Returns the goal and whether it was created. Without an objective there is nothing
        to create from, so a thread with no goal raises :class:`GoalNotFound`. Validation
        runs first: objective (:class:`InvalidGoal`), then budget.
        """
        if objective is not None:
            objective = normalize_objective(objective)
        if token_budget is not KEEP:
            validate_token_budget(token_budget)
        # Two rounds cover a goal deleted between a failed insert and the update.
        for _ in range(2):
            updated = self.update_goal(
                thread_id, objective=objective, status=status, token_budget=token_budget
            )
            if updated is not None:
                return updated, False
            if objective is None:
                raise GoalNotFound(thread_id)
            created = self.create_goal(
                thread_id,
                objective,
                status=status or GoalStatus.ACTIVE,
                token_budget=None if token_budget is KEEP else token_budget,
            )
            if created is not None:
                return created, True
        raise GoalNotFound(thread_id)

    def account_usage(
        self,
        thread_id: str,
        goal_id: str,
        *,
        tokens: int = 0,
        seconds: int = 0,
    ) -> GoalRecord | None:
        """Add ``tokens`` and ``seconds`` to the thread's goal if it is still goal
        ``goal_id`` and active; it becomes ``budget_limited`` once its tokens reach the
        budget. Returns the updated goal, or None when nothing was accounted (no usage, no
        such goal, a replaced goal, or a goal that is not active)."""
        tokens, seconds = max(0, tokens), max(0, seconds)
        if tokens == 0 and seconds == 0:
            return None
        col = thread_goals.c
        reached = and_(col.token_budget.is_not(None), col.tokens_used + tokens >= col.token_budget)
        statement = (
            update(thread_goals)
            .where(
                col.thread_id == thread_id,
                col.goal_id == goal_id,
                col.status == GoalStatus.ACTIVE.value,
            )
            .values(
                tokens_used=col.tokens_used + tokens,
                time_used_seconds=col.time_used_seconds + seconds,
                status=case((reached, GoalStatus.BUDGET_LIMITED.value), else_=col.status),
                updated_at_ms=_now_ms(),
            )
            .returning(*_COLUMNS)
        )
        with self.engine.begin() as connection:
            row = connection.execute(statement).mappings().first()
        return None if row is None else _record(row)

    def delete_goal(
        self, thread_id: str, *, expected_goal_id: str | None = None
    ) -> GoalRecord | None:
        """Remove the thread's goal (only goal ``expected_goal_id`` when given); the removed
        goal, or None when there was nothing to remove."""
        condition = thread_goals.c.thread_id == thread_id
        if expected_goal_id is not None:
            condition = and_(condition, thread_goals.c.goal_id == expected_goal_id)
        with self.engine.begin() as connection:
            row = (
                connection.execute(delete(thread_goals).where(condition).returning(*_COLUMNS))
                .mappings()
                .first()
            )
            if row is not None:
                # SQLite enforces the ON DELETE CASCADE only with foreign_keys on; do it here.
                connection.execute(
                    delete(thread_goal_continuation_deferrals).where(
                        thread_goal_continuation_deferrals.c.thread_id == thread_id
                    )
                )
        return None if row is None else _record(row)


def open_goal_store(home: Path | None = None, url: str | None = None) -> GoalStore:
    """Open (and migrate) the goals database: ``<home>/goals.sqlite``, or ``url`` /
    ``SPINDLE_DATABASE_URL`` (PostgreSQL, shared with the other streams)."""
    return GoalStore(GOALS_STREAM.open_engine(home, url))
