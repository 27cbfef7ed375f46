"""The login shell snapshot: the profile runs once per thread and cwd, commands get its exports."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

import pytest
from spindle_app_server.tools._exec_runtime import command_env
from spindle_app_server.tools._shell_snapshot import (
    LoginEnvironments,
    parse_env_dump,
    without_login,
)

pytestmark = [
    pytest.mark.requirement("R21"),
    pytest.mark.skipif(sys.platform == "win32", reason="login shells are POSIX-only"),
]

BASH = shutil.which("bash") or "/bin/bash"


def _home(tmp_path: Path, profile: str) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".profile").write_text(profile)
    return {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}


def test_only_a_known_shells_login_form_is_rewritten() -> None:
    assert without_login(["/bin/bash", "-lc", "ls", "x"]) == ["/bin/bash", "-c", "ls", "x"]
    assert without_login(["/usr/bin/zsh", "-lc", "ls"]) == ["/usr/bin/zsh", "-c", "ls"]
    assert without_login(["/bin/bash", "-c", "ls"]) is None
    assert without_login(["/usr/bin/fish", "-lc", "ls"]) is None
    assert without_login(["/bin/bash", "-lc"]) is None


def test_the_dump_is_read_after_the_marker_without_shell_bookkeeping() -> None:
    dump = b"hello from a profile\n__spindle_login_env__\0A=1\0B=x=y\0PWD=/w\0SHLVL=2\0_=/e\0"
    assert parse_env_dump(dump) == {"A": "1", "B": "x=y"}
    assert parse_env_dump(b"A=1\0") is None


def test_the_profile_runs_once_and_its_exports_reach_the_command_env(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    env = _home(
        tmp_path,
        f"echo noise; echo run >> {runs}\nexport FROM_PROFILE=yes\nexport TERM=xterm\n",
    )

    async def main() -> None:
        snapshots = LoginEnvironments()
        first, second = await asyncio.gather(
            snapshots.get(BASH, str(tmp_path), env), snapshots.get(BASH, str(tmp_path), env)
        )
        again = await snapshots.get(BASH, str(tmp_path), env)
        assert first is not None and first == second == again
        assert first["FROM_PROFILE"] == "yes" and "PWD" not in first
        merged = command_env("thread-1", first)
        # The reference's overrides win over the profile's exports.
        assert merged["FROM_PROFILE"] == "yes" and merged["TERM"] == "dumb"
        assert merged["CODEX_THREAD_ID"] == "thread-1"

    asyncio.run(main())
    assert runs.read_text() == "run\n"


def test_a_failing_profile_means_no_snapshot(tmp_path: Path) -> None:
    env = _home(tmp_path, "exit 3\n")

    async def main() -> None:
        assert await LoginEnvironments().get(BASH, str(tmp_path), env) is None

    asyncio.run(main())


def test_closing_stops_a_capture_and_a_cancelled_waiter_leaves_it_running(
    tmp_path: Path,
) -> None:
    gate = tmp_path / "gate"
    env = _home(tmp_path, f"while [ ! -e {gate} ]; do sleep 0.02; done\nexport LATE=1\n")

    async def main() -> None:
        snapshots = LoginEnvironments()
        waiter = asyncio.create_task(snapshots.get(BASH, str(tmp_path), env))
        await asyncio.sleep(0.05)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        gate.touch()
        result = await snapshots.get(BASH, str(tmp_path), env)
        assert result is not None and result["LATE"] == "1"

        gate.unlink()
        other = tmp_path / "other"
        other.mkdir()
        pending = asyncio.create_task(snapshots.get(BASH, str(other), env))
        await asyncio.sleep(0.05)
        snapshots.close()
        assert await pending is None

    asyncio.run(main())
