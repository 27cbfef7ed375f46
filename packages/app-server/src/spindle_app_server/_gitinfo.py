"""Git facts about a working directory (through dulwich, never the ``git`` program)."""

from __future__ import annotations

from dulwich.errors import NotGitRepository
from dulwich.repo import Repo
from spindle_state import GitInfo

__all__ = ["git_info_for"]


def git_info_for(cwd: str) -> GitInfo | None:
    """HEAD sha, current branch and ``origin`` URL of the repository holding ``cwd``."""
    try:
        repo = Repo.discover(cwd)
    except (NotGitRepository, OSError, ValueError):
        return None
    try:
        sha: str | None = None
        branch: str | None = None
        try:
            sha = repo.head().decode()
        except KeyError:  # no commit yet
            sha = None
        refs, _ = repo.refs.follow(b"HEAD")  # type: ignore[arg-type]
        if len(refs) > 1 and refs[1].startswith(b"refs/heads/"):
            branch = refs[1][len(b"refs/heads/") :].decode()
        origin: str | None = None
        config = repo.get_config()
        try:
            origin = config.get((b"remote", b"origin"), b"url").decode()
        except KeyError:
            origin = None
        if sha is None and branch is None and origin is None:
            return None
        return GitInfo(sha=sha, branch=branch, origin_url=origin)
    except Exception:  # a damaged repository must not break thread/start
        return None
    finally:
        repo.close()
