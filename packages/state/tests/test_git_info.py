"""update_thread_git_info: patch semantics, validation, repair, git authority (R13)."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest
from spindle_state import (
    GitInfo,
    InvalidGitInfo,
    NewThread,
    StateStore,
    ThreadNotFound,
    TurnListQuery,
    encode_rollout_line,
    rollout_relative_path,
)

pytestmark = pytest.mark.requirement("R13")

THREAD = "00000000-0000-7000-8000-000000000001"


def test_omitted_kept_null_cleared_string_trimmed(store: StateStore) -> None:
    store.create_thread(NewThread(id=THREAD, git=GitInfo("s1", "b1", "o1")))
    assert store.update_thread_git_info(THREAD, {"branch": "  dev "}).git == GitInfo(
        "s1", "dev", "o1"
    )
    assert store.update_thread_git_info(THREAD, {"sha": None}).git == GitInfo(
        sha=None, branch="dev", origin_url="o1"
    )
    cleared = store.update_thread_git_info(THREAD, {"branch": None, "origin_url": None})
    assert cleared.git.is_empty


def test_only_git_columns_change(store: StateStore) -> None:
    before = store.create_thread(NewThread(id=THREAD, title="t", preview="p", name="n"))
    after = store.update_thread_git_info(THREAD, {"sha": "abc"})
    assert after.updated_at_ms == before.updated_at_ms
    assert after == dataclasses.replace(before, git=GitInfo("abc", branch=None, origin_url=None))


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({}, "gitInfo must include at least one field"),
        ({"branch": ""}, "gitInfo.branch must not be empty"),
        ({"sha": "  "}, "gitInfo.sha must not be empty"),
        ({"origin_url": "\t"}, "gitInfo.originUrl must not be empty"),
        ({"sha": 1}, "gitInfo.sha must be a string or null"),
        ({"branch": ["x"]}, "gitInfo.branch must be a string or null"),
        ({"commit": "x"}, "gitInfo has an unknown field: commit"),
    ],
)
def test_bad_patches_are_rejected_and_change_nothing(
    store: StateStore, patch: dict[str, object], message: str
) -> None:
    store.create_thread(NewThread(id=THREAD, git=GitInfo("s", "b", "o")))
    with pytest.raises(InvalidGitInfo) as raised:
        store.update_thread_git_info(THREAD, patch)  # type: ignore[arg-type]
    assert str(raised.value) == message
    assert store.get_thread(THREAD).git == GitInfo("s", "b", "o")


def test_unknown_thread_without_rollout_is_not_found(store: StateStore) -> None:
    with pytest.raises(ThreadNotFound):
        store.update_thread_git_info(THREAD, {"sha": "x"})


def _write_rollout(home: Path, *, git: dict[str, str] | None = None) -> Path:
    created = 1_795_896_990_960
    path = home / "sessions" / rollout_relative_path(created, THREAD)
    path.parent.mkdir(parents=True)
    meta: dict[str, object] = {
        "id": THREAD, "timestamp": "2026-11-28T20:16:30.960Z", "cwd": "/w",
        "originator": "probe", "cli_version": "0.169.0", "source": "vscode",
        "model_provider": "mock",
    }  # fmt: skip
    if git is not None:
        meta["git"] = git
    lines = [
        encode_rollout_line(created, ordinal=0, type_="session_meta", payload=meta),
        encode_rollout_line(created + 5, ordinal=1, type_="event_msg", payload={"type": "task_started", "turn_id": "t1"}),
        encode_rollout_line(
            created + 6, ordinal=2, type_="event_msg",
            payload={"type": "item_completed", "turn_id": "t1",
             "item": {"type": "UserMessage", "id": "u", "content": [{"type": "text", "text": "hello"}]}},
        ),
        encode_rollout_line(created + 9, ordinal=3, type_="event_msg", payload={"type": "task_complete", "turn_id": "t1"}),
    ]  # fmt: skip
    path.write_text("".join(lines))
    return path


def test_missing_row_is_repaired_from_the_rollout_then_patched(store: StateStore) -> None:
    _write_rollout(store.home, git={"commit_hash": "rollout-sha", "branch": "rollout-branch"})
    repaired = store.update_thread_git_info(THREAD, {"branch": "patched"})
    assert repaired.git == GitInfo("rollout-sha", "patched", origin_url=None)
    assert (repaired.cwd, repaired.preview, repaired.created_at_ms) == (
        "/w",
        "hello",
        1_795_896_990_960,
    )
    assert [t.turn_id for t in store.list_turns(TurnListQuery(THREAD)).items] == ["t1"]
    # The row now exists: a second patch does not re-insert, it only patches.
    again = store.update_thread_git_info(THREAD, {"sha": None})
    assert again.git == GitInfo(sha=None, branch="patched", origin_url=None)
    assert again.updated_at_ms == repaired.updated_at_ms


def test_concurrent_patches_of_different_fields_all_land(store: StateStore) -> None:
    store.create_thread(NewThread(id=THREAD, preview="p"))
    errors: list[BaseException] = []

    def patch(field: str, rounds: int) -> None:
        try:
            for n in range(rounds):
                store.update_thread_git_info(THREAD, {field: f"{field}-{n}"})  # type: ignore[misc]
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    workers = [
        threading.Thread(target=patch, args=(field, 30))
        for field in ("sha", "branch", "origin_url")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert store.get_thread(THREAD).git == GitInfo("sha-29", "branch-29", "origin_url-29")


def test_reconcile_from_rollout_keeps_sqlite_git_and_fills_gaps(store: StateStore) -> None:
    path = _write_rollout(store.home, git={"commit_hash": "rollout-sha", "branch": "rollout-br"})
    inserted = store.reconcile_from_rollout(path)
    assert inserted.git == GitInfo("rollout-sha", "rollout-br", origin_url=None)
    store.update_thread_git_info(THREAD, {"sha": "sqlite-sha", "branch": None})
    store.update_thread(THREAD, {"preview": ""}, touch=False)
    again = store.reconcile_from_rollout(path)
    # sha stays SQLite's, the cleared branch is a gap and is filled, empty preview is filled.
    assert again.git == GitInfo("sqlite-sha", "rollout-br", origin_url=None)
    assert again.preview == "hello"
    assert [t.turn_id for t in store.list_turns(TurnListQuery(THREAD)).items] == ["t1"]
