"""The memories folder as a git workspace (through dulwich, never the ``git`` program).

Git is only the baseline-and-diff mechanism here, not a history: the folder's ``.git`` holds
exactly one commit, the state after the last successful consolidation.

- :func:`prepare_workspace` makes the folder a repository with an empty first commit when
  it is not one yet (so everything in it shows up as added), and removes a stale diff file.
- :func:`workspace_diff` compares the files with that commit: added, modified and deleted
  paths sorted by path, and a unified diff with three lines of context.
- :func:`render_workspace_diff` writes it up for the consolidation agent, capped at 4 MiB.
- :func:`reset_baseline` replaces ``.git`` by a fresh repository whose one commit holds the
  folder as it is now (and an index matching it), after the agent has finished.

``.git`` and empty folders are never part of the tree; symlinks are stored as links.
"""

from __future__ import annotations

import difflib
import os
import shutil
import stat
import sys
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Final

from dulwich.errors import NotGitRepository
from dulwich.index import commit_tree, index_entry_from_stat
from dulwich.object_store import iter_tree_contents
from dulwich.objects import Blob, Commit, ObjectID
from dulwich.refs import HEADREF
from dulwich.repo import Repo

WORKSPACE_DIFF_FILENAME: Final = "phase2_workspace_diff.md"
WORKSPACE_DIFF_MAX_BYTES: Final = 4 * 1024 * 1024

_IDENTITY: Final = b"spindle <memories@spindle.invalid>"
_BASELINE_MESSAGE: Final = b"spindle memory baseline\n"
_EMPTY_MESSAGE: Final = b"spindle memory workspace\n"

_MODE_FILE: Final = 0o100644
_MODE_EXECUTABLE: Final = 0o100755
_MODE_LINK: Final = 0o120000


class ChangeStatus(StrEnum):
    ADDED = "A"
    MODIFIED = "M"
    DELETED = "D"


@dataclass(frozen=True, slots=True)
class WorkspaceChange:
    status: ChangeStatus
    path: str


@dataclass(frozen=True, slots=True)
class WorkspaceDiff:
    """The folder against its baseline commit."""

    changes: list[WorkspaceChange] = field(default_factory=list)
    unified_diff: str = ""

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True, slots=True)
class _Entry:
    sha: ObjectID
    mode: int


def is_workspace_repository(root: Path) -> bool:
    """True when ``root/.git`` is a repository with a commit at HEAD."""
    if not (root / ".git").is_dir():
        return False
    try:
        with Repo(str(root)) as repo:
            repo.head()
    except (NotGitRepository, KeyError, OSError):
        return False
    return True


def remove_workspace_diff(root: Path) -> None:
    (root / WORKSPACE_DIFF_FILENAME).unlink(missing_ok=True)


def prepare_workspace(root: Path) -> bool:
    """Create the folder, drop a stale diff file, and make it a repository with an empty
    first commit when it is not one. True when the repository was created."""
    root.mkdir(parents=True, exist_ok=True)
    remove_workspace_diff(root)
    if is_workspace_repository(root):
        return False
    _remove_git(root)
    with Repo.init(str(root)) as repo:
        tree_id = commit_tree(repo.object_store, [])
        _commit(repo, tree_id, _EMPTY_MESSAGE)
    return True


def reset_baseline(root: Path) -> ObjectID:
    """Replace ``.git`` by a fresh repository with one commit of the folder as it is now
    (the diff file removed first); returns the commit id."""
    remove_workspace_diff(root)
    _remove_git(root)
    with Repo.init(str(root)) as repo:
        current = _current_entries(root)
        for relative, entry in current.items():
            repo.object_store.add_object(Blob.from_string(_read_entry(root, relative, entry)))
        tree_id = commit_tree(
            repo.object_store,
            [(relative.encode(), entry.sha, entry.mode) for relative, entry in current.items()],
        )
        commit_id = _commit(repo, tree_id, _BASELINE_MESSAGE)
        index = repo.open_index()
        for relative, entry in current.items():
            index[relative.encode()] = index_entry_from_stat(
                os.lstat(root / relative), entry.sha, entry.mode
            )
        index.write()
    return commit_id


def workspace_diff(root: Path) -> WorkspaceDiff:
    """The folder against its baseline commit (the diff file itself excluded)."""
    remove_workspace_diff(root)
    with Repo(str(root)) as repo:
        head_tree = repo[repo.head()]
        assert isinstance(head_tree, Commit)
        baseline = {
            entry.path.decode(errors="surrogateescape"): _Entry(entry.sha, entry.mode)
            for entry in iter_tree_contents(repo.object_store, head_tree.tree)
            if entry.path is not None and entry.sha is not None and entry.mode is not None
        }
        current = _current_entries(root)
        changes: list[WorkspaceChange] = []
        for path, entry in current.items():
            old = baseline.get(path)
            if old is None:
                changes.append(WorkspaceChange(ChangeStatus.ADDED, path))
            elif old != entry:
                changes.append(WorkspaceChange(ChangeStatus.MODIFIED, path))
        changes.extend(
            WorkspaceChange(ChangeStatus.DELETED, path) for path in baseline if path not in current
        )
        changes.sort(key=lambda change: change.path)
        parts: list[str] = []
        for change in changes:
            old_entry = baseline.get(change.path)
            new_entry = current.get(change.path)
            old_bytes = None
            if old_entry is not None:
                blob = repo.object_store[old_entry.sha]
                assert isinstance(blob, Blob)
                old_bytes = blob.as_raw_string()
            new_bytes = None if new_entry is None else _read_entry(root, change.path, new_entry)
            parts.append(_render_change(change.path, old_entry, old_bytes, new_entry, new_bytes))
    return WorkspaceDiff(changes, "".join(parts))


def render_workspace_diff(diff: WorkspaceDiff) -> str:
    """The ``phase2_workspace_diff.md`` text: status lines, then the fenced unified diff
    (cut at 4 MiB with a truncation line)."""
    lines = [
        "# Memory Workspace Diff",
        "",
        "Written by spindle before phase-2 memory consolidation: every change in the memory "
        "folder since the last consolidation. Read it first; do not edit it.",
        "",
        "## Status",
    ]
    if not diff.has_changes:
        return "\n".join([*lines, "- none", ""])
    lines.extend(f"- {change.status.value} {change.path}" for change in diff.changes)
    rendered = "\n".join([*lines, "", "## Diff", "", "```diff", ""])
    body = diff.unified_diff
    data = body.encode()
    if len(data) <= WORKSPACE_DIFF_MAX_BYTES:
        rendered += body if body.endswith("\n") else body + "\n"
    else:
        kept = data[:WORKSPACE_DIFF_MAX_BYTES].decode(errors="ignore")
        rendered += kept if kept.endswith("\n") else kept + "\n"
        rendered += f"\n[workspace diff truncated at {WORKSPACE_DIFF_MAX_BYTES} bytes]\n"
    return rendered + "```\n"


def write_workspace_diff(root: Path, diff: WorkspaceDiff) -> Path:
    path = root / WORKSPACE_DIFF_FILENAME
    path.write_text(render_workspace_diff(diff), encoding="utf-8", newline="")
    return path


# -- helpers ---------------------------------------------------------------------------------


def _remove_git(root: Path) -> None:
    git = root / ".git"
    if git.is_symlink() or git.is_file():
        git.unlink()
    elif git.is_dir():
        shutil.rmtree(git)


def _commit(repo: Repo, tree_id: ObjectID, message: bytes) -> ObjectID:
    commit = Commit()
    commit.tree = tree_id
    commit.parents = []
    commit.author = commit.committer = _IDENTITY
    commit.author_time = commit.commit_time = int(time.time())
    commit.author_timezone = commit.commit_timezone = 0
    commit.encoding = b"UTF-8"
    commit.message = message
    repo.object_store.add_object(commit)
    repo.refs[HEADREF] = commit.id
    return commit.id


def _current_entries(root: Path) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    for directory, dirnames, filenames in os.walk(root):
        if Path(directory) == root and ".git" in dirnames:
            dirnames.remove(".git")
        dirnames.sort()
        names = list(filenames)
        # os.walk lists symlinks to folders as folders; they are links here.
        names.extend(d for d in dirnames if os.path.islink(os.path.join(directory, d)))
        for name in names:
            path = Path(directory, name)
            relative = path.relative_to(root).as_posix()
            if relative == WORKSPACE_DIFF_FILENAME:
                continue
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                data = os.fsencode(os.readlink(path))
                mode = _MODE_LINK
            elif stat.S_ISREG(info.st_mode):
                data = path.read_bytes()
                # Windows has no executable bit worth recording (git stores 100644 there).
                executable = sys.platform != "win32" and bool(info.st_mode & 0o111)
                mode = _MODE_EXECUTABLE if executable else _MODE_FILE
            else:
                continue
            entries[relative] = _Entry(Blob.from_string(data).id, mode)
    return entries


def _read_entry(root: Path, relative: str, entry: _Entry) -> bytes:
    path = root / relative
    if entry.mode == _MODE_LINK:
        return os.fsencode(os.readlink(path))
    return path.read_bytes()


def _mode_label(mode: int) -> str:
    return f"{mode:06o}"


def _render_change(
    path: str,
    old_entry: _Entry | None,
    old_bytes: bytes | None,
    new_entry: _Entry | None,
    new_bytes: bytes | None,
) -> str:
    header = [f"diff --git a/{path} b/{path}"]
    if old_entry is None and new_entry is not None:
        header.append(f"new file mode {_mode_label(new_entry.mode)}")
    elif new_entry is None and old_entry is not None:
        header.append(f"deleted file mode {_mode_label(old_entry.mode)}")
    elif old_entry is not None and new_entry is not None and old_entry.mode != new_entry.mode:
        header.append(f"old mode {_mode_label(old_entry.mode)}")
        header.append(f"new mode {_mode_label(new_entry.mode)}")
    old_text = (old_bytes or b"").decode(errors="replace")
    new_text = (new_bytes or b"").decode(errors="replace")
    hunks = list(
        difflib.unified_diff(
            old_text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=f"a/{path}" if old_bytes is not None else "/dev/null",
            tofile=f"b/{path}" if new_bytes is not None else "/dev/null",
            n=3,
        )
    )
    body: list[str] = []
    for line in hunks:
        if line.endswith("\n"):
            body.append(line)
        else:
            body.append(line + "\n\\ No newline at end of file\n")
    return "\n".join(header) + "\n" + "".join(body)
