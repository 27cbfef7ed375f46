"""The memories folder as a git workspace, through real dulwich repositories."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from dulwich import porcelain
from dulwich.objects import Commit
from dulwich.repo import Repo
from spindle_memories import (
    WORKSPACE_DIFF_FILENAME,
    ChangeStatus,
    WorkspaceChange,
    WorkspaceDiff,
    prepare_workspace,
    render_workspace_diff,
    reset_baseline,
    workspace_diff,
    write_workspace_diff,
)
from spindle_memories._workspace import WORKSPACE_DIFF_MAX_BYTES

pytestmark = pytest.mark.requirement("R4")

POSIX_ONLY = pytest.mark.skipif(
    sys.platform == "win32", reason="executable bits and symlinks are POSIX file system features"
)


def commits(root: Path) -> list[Commit]:
    with Repo(str(root)) as repo:
        return [entry.commit for entry in repo.get_walker()]


def statuses(diff: WorkspaceDiff) -> list[tuple[str, str]]:
    return [(change.status.value, change.path) for change in diff.changes]


def test_a_fresh_folder_gets_a_repository_with_an_empty_first_commit(tmp_path: Path) -> None:
    root = tmp_path / "memories"
    assert prepare_workspace(root)
    history = commits(root)
    assert len(history) == 1 and history[0].parents == []
    with Repo(str(root)) as repo:
        assert len(repo[history[0].tree]) == 0  # type: ignore[arg-type]
    assert not prepare_workspace(root)  # already a repository: kept as is
    assert len(commits(root)) == 1


def test_existing_files_of_a_non_repository_show_up_as_added(tmp_path: Path) -> None:
    root = tmp_path / "memories"
    (root / "rollout_summaries").mkdir(parents=True)
    (root / "MEMORY.md").write_text("old memory\n")
    (root / ".git").write_text("gitdir: /nowhere\n")  # a broken .git is replaced
    (root / WORKSPACE_DIFF_FILENAME).write_text("stale")
    assert prepare_workspace(root)
    assert not (root / WORKSPACE_DIFF_FILENAME).exists()
    assert statuses(workspace_diff(root)) == [("A", "MEMORY.md")]


@POSIX_ONLY
def test_diff_lists_added_modified_deleted_sorted_with_unified_hunks(tmp_path: Path) -> None:
    root = tmp_path / "m"
    prepare_workspace(root)
    (root / "b.md").write_text("one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n")
    (root / "gone.md").write_text("bye\n")
    (root / "sub").mkdir()
    (root / "sub" / "a.md").write_text("a\n")
    (root / "empty-dir").mkdir()
    reset_baseline(root)
    assert not workspace_diff(root).has_changes
    (root / "b.md").write_text("one\ntwo\nthree\nfour\nFIVE\nsix\nseven\neight\n")
    (root / "gone.md").unlink()
    (root / "a-new.md").write_text("fresh")
    (root / "tool.sh").write_text("#!/bin/sh\n")
    os.chmod(root / "tool.sh", 0o755)
    diff = workspace_diff(root)
    assert statuses(diff) == [("A", "a-new.md"), ("M", "b.md"), ("D", "gone.md"), ("A", "tool.sh")]
    assert diff.unified_diff == (
        "diff --git a/a-new.md b/a-new.md\nnew file mode 100644\n--- /dev/null\n+++ b/a-new.md\n"
        "@@ -0,0 +1 @@\n+fresh\n\\ No newline at end of file\n"
        "diff --git a/b.md b/b.md\n--- a/b.md\n+++ b/b.md\n@@ -2,7 +2,7 @@\n two\n three\n"
        " four\n-five\n+FIVE\n six\n seven\n eight\n"
        "diff --git a/gone.md b/gone.md\ndeleted file mode 100644\n--- a/gone.md\n"
        "+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n"
        "diff --git a/tool.sh b/tool.sh\nnew file mode 100755\n--- /dev/null\n+++ b/tool.sh\n"
        "@@ -0,0 +1 @@\n+#!/bin/sh\n"
    )
    os.chmod(root / "sub" / "a.md", 0o755)
    assert ("M", "sub/a.md") in statuses(workspace_diff(root))
    assert "old mode 100644\nnew mode 100755\n" in workspace_diff(root).unified_diff


def test_hand_edits_between_runs_appear_in_the_next_diff(tmp_path: Path) -> None:
    root = tmp_path / "m"
    prepare_workspace(root)
    (root / "MEMORY.md").write_text("# Task Group: builds\n")
    reset_baseline(root)
    (root / "MEMORY.md").write_text("# Task Group: builds\n- always use uv\n")
    diff = workspace_diff(root)
    assert statuses(diff) == [("M", "MEMORY.md")]
    assert "+- always use uv\n" in diff.unified_diff


@POSIX_ONLY
def test_symlinks_are_stored_as_links(tmp_path: Path) -> None:
    root = tmp_path / "m"
    prepare_workspace(root)
    (root / "target.md").write_text("t")
    os.symlink("target.md", root / "link.md")
    os.symlink("/", root / "dirlink")
    diff = workspace_diff(root)
    assert statuses(diff) == [("A", "dirlink"), ("A", "link.md"), ("A", "target.md")]
    assert "new file mode 120000\n--- /dev/null\n+++ b/link.md\n@@ -0,0 +1 @@\n+target.md" in (
        diff.unified_diff
    )
    reset_baseline(root)
    assert not workspace_diff(root).has_changes


def test_reset_leaves_one_commit_a_clean_index_and_no_diff_file(tmp_path: Path) -> None:
    root = tmp_path / "m"
    prepare_workspace(root)
    for round_ in range(3):
        (root / f"f{round_}.md").write_text(f"{round_}\n")
        write_workspace_diff(root, workspace_diff(root))
        reset_baseline(root)
        assert len(commits(root)) == 1
    assert not (root / WORKSPACE_DIFF_FILENAME).exists()
    status = porcelain.status(str(root))
    assert status.unstaged == [] and status.untracked == []
    assert status.staged == {"add": [], "delete": [], "modify": []}


def test_the_diff_file_is_never_part_of_the_diff(tmp_path: Path) -> None:
    root = tmp_path / "m"
    prepare_workspace(root)
    (root / "a.md").write_text("a\n")
    write_workspace_diff(root, workspace_diff(root))
    assert (root / WORKSPACE_DIFF_FILENAME).exists()
    diff = workspace_diff(root)  # removes the stale file first
    assert statuses(diff) == [("A", "a.md")]
    assert not (root / WORKSPACE_DIFF_FILENAME).exists()


def test_rendered_diff_file_layout_and_truncation(tmp_path: Path) -> None:
    root = tmp_path / "m"
    prepare_workspace(root)
    assert render_workspace_diff(workspace_diff(root)).endswith("## Status\n- none\n")
    (root / "a.md").write_text("a\n")
    rendered = render_workspace_diff(workspace_diff(root))
    assert rendered.startswith("# Memory Workspace Diff\n\n")
    assert "\n## Status\n- A a.md\n\n## Diff\n\n```diff\ndiff --git a/a.md b/a.md\n" in rendered
    assert rendered.endswith("+a\n```\n")
    big = WorkspaceDiff(
        [WorkspaceChange(ChangeStatus.ADDED, "big.md")],
        "+" + "x" * (WORKSPACE_DIFF_MAX_BYTES + 10) + "\n",
    )
    text = render_workspace_diff(big)
    assert text.endswith(f"\n[workspace diff truncated at {WORKSPACE_DIFF_MAX_BYTES} bytes]\n```\n")
    assert len(text.encode()) < WORKSPACE_DIFF_MAX_BYTES + 1000


def test_a_thousand_summary_files_diff_in_one_pass(tmp_path: Path) -> None:
    root = tmp_path / "m"
    prepare_workspace(root)
    (root / "rollout_summaries").mkdir()
    for n in range(1000):
        (root / "rollout_summaries" / f"{n:04d}.md").write_text(f"summary {n}\n")
    reset_baseline(root)
    (root / "rollout_summaries" / "0500.md").write_text("changed\n")
    assert statuses(workspace_diff(root)) == [("M", "rollout_summaries/0500.md")]
