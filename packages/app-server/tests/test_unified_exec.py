"""The unified exec process manager, with real processes.

No test asserts a duration. A process that must outlive a call's yield waits on a gate file
the test creates afterwards, so whether it is still running never depends on timing.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from spindle_app_server.tools._unified_exec import (
    CTRL_C,
    STDIN_CLOSED_MESSAGE,
    ExecSpec,
    ProcessManager,
    UnifiedExecError,
    clamp_yield,
    pick_process_to_prune,
    write_stdin_yield,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="unified exec is POSIX-only")

ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}


def sh(script: str, cwd: Path, *, tty: bool = False) -> ExecSpec:
    return ExecSpec(argv=["/bin/sh", "-c", script], cwd=str(cwd), env=dict(ENV), tty=tty)


def gated(cwd: Path, before: str, after: str) -> str:
    """A script that prints ``before``, waits for the file ``gate``, then prints ``after``."""
    return f"{before}; while [ ! -e {cwd / 'gate'} ]; do sleep 0.02; done; {after}"


def with_manager(body: Callable[[ProcessManager], Awaitable[None]], **kwargs: int) -> None:
    async def main() -> None:
        manager = ProcessManager(**kwargs)
        try:
            await body(manager)
        finally:
            await manager.kill_all()

    asyncio.run(main())


def is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A killed grandchild is reaped by init, not by us; until then it is a zombie.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


async def wait_gone(pid: int) -> bool:
    for _ in range(500):
        if is_gone(pid):
            return True
        await asyncio.sleep(0.01)
    return False


def pids_in(output: bytes) -> list[int]:
    return [int(match) for match in re.findall(rb"\d+", output)]


# -- pure rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "expected"),
    [(None, 10_000), (1, 250), (250, 250), (5_000, 5_000), (30_000, 30_000), (10**9, 30_000)],
)
def test_clamp_yield(requested: int | None, expected: int) -> None:
    assert clamp_yield(requested) == expected


@pytest.mark.parametrize(
    ("requested", "chars", "expected"),
    [
        (None, "x", 250),
        (1, "x", 250),
        (1_000, "x", 1_000),
        (40_000, "x", 30_000),
        (None, "", 5_000),
        (100, "", 5_000),
        (60_000, "", 60_000),
        (10**9, "", 300_000),
    ],
)
def test_write_stdin_yield(requested: int | None, chars: str, expected: int) -> None:
    assert write_stdin_yield(requested, chars=chars) == expected


def test_write_stdin_yield_respects_background_cap() -> None:
    assert write_stdin_yield(10**9, chars="", max_background_wait_ms=20_000) == 20_000


def test_prune_prefers_least_recently_used_exited() -> None:
    entries = [(1, 10, False), (2, 20, True), (3, 30, True), (4, 40, False), (5, 50, False)]
    assert pick_process_to_prune(entries, protected=2) == 2


def test_prune_falls_back_to_least_recently_used() -> None:
    entries = [(1, 30, False), (2, 10, False), (3, 20, False)]
    assert pick_process_to_prune(entries, protected=1) == 2


def test_prune_never_picks_a_protected_process() -> None:
    # the only exited one is among the 8 most recent, so the oldest running one goes
    entries = [(n, n, n == 9) for n in range(10)]
    assert pick_process_to_prune(entries) == 0
    assert pick_process_to_prune(entries[:8]) is None


def test_rejected_error_text() -> None:
    error = UnifiedExecError.rejected("rejected by user")
    assert str(error) == 'CreateProcess { message: "Rejected(\\"rejected by user\\")" }'


def test_allocated_ids_are_unique_and_in_range() -> None:
    manager = ProcessManager()
    ids = [manager.allocate_process_id() for _ in range(2_000)]
    assert len(set(ids)) == len(ids)
    assert all(1_000 <= process_id < 100_000 for process_id in ids)


# -- processes -------------------------------------------------------------------------------


def test_echo_output_and_exit_code(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        result = await manager.exec_command(
            sh("echo hello-from-tool", tmp_path), yield_time_ms=None
        )
        assert result.output == b"hello-from-tool\n"
        assert result.exit_code == 0
        assert not result.running
        assert result.session_id is None
        assert not manager.has_session(result.process_id)
        assert manager.session_count() == 0

    with_manager(body)


def test_nonzero_exit_and_merged_stderr(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        result = await manager.exec_command(
            sh("echo a; echo b >&2; echo c; exit 3", tmp_path), yield_time_ms=None
        )
        assert result.output == b"a\nb\nc\n"
        assert result.exit_code == 3

    with_manager(body)


def test_death_by_signal_reports_128_plus_signal(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        result = await manager.exec_command(sh("kill -TERM $$", tmp_path), yield_time_ms=None)
        assert result.exit_code == 128 + signal.SIGTERM

    with_manager(body)


def test_runs_in_cwd_with_given_env(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        spec = ExecSpec(
            argv=["/bin/sh", "-c", 'pwd; echo "$ONLY_HERE"; [ -t 0 ] || echo no-tty'],
            cwd=str(tmp_path),
            env={**ENV, "ONLY_HERE": "yes"},
            tty=False,
        )
        result = await manager.exec_command(spec, yield_time_ms=None)
        assert result.output == f"{tmp_path.resolve()}\nyes\nno-tty\n".encode()

    with_manager(body)


def test_session_outlives_yield_and_poll_returns_the_rest(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        first = await manager.exec_command(
            sh(gated(tmp_path, "echo first", "echo second; exit 4"), tmp_path),
            yield_time_ms=250,
        )
        assert first.running
        assert first.exit_code is None
        assert first.output == b"first\n"
        assert first.session_id == first.process_id
        assert manager.has_session(first.process_id)
        assert manager.session_count() == 1

        (tmp_path / "gate").touch()
        seen: list[bytes] = []

        async def on_output(chunk: bytes) -> None:
            seen.append(chunk)

        rest = await manager.write_stdin(
            first.process_id, "", yield_time_ms=None, on_output=on_output
        )
        assert rest.output == b"second\n"
        assert b"".join(seen) == b"second\n"
        assert rest.exit_code == 4
        assert not rest.running
        assert not manager.has_session(first.process_id)

        with pytest.raises(UnifiedExecError) as raised:
            await manager.write_stdin(first.process_id, "", yield_time_ms=None)
        assert str(raised.value) == f"Unknown process id {first.process_id}"

    with_manager(body)


def test_output_written_while_nobody_waits_is_kept_for_the_next_call(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        gate2 = tmp_path / "gate2"
        script = gated(
            tmp_path,
            "echo first",
            f"echo second; touch {tmp_path / 'printed'}; "
            f"while [ ! -e {gate2} ]; do sleep 0.02; done; echo third",
        )
        first = await manager.exec_command(sh(script, tmp_path), yield_time_ms=250)
        assert first.output == b"first\n"
        (tmp_path / "gate").touch()
        for _ in range(500):
            if (tmp_path / "printed").exists():
                break
            await asyncio.sleep(0.01)
        gate2.touch()
        rest = await manager.write_stdin(first.process_id, "", yield_time_ms=None)
        assert rest.output == b"second\nthird\n"
        assert rest.exit_code == 0

    with_manager(body)


def test_a_kept_listener_hears_the_session_until_it_ends(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        seen: list[bytes] = []

        async def on_output(chunk: bytes) -> None:
            seen.append(chunk)

        first = await manager.exec_command(
            sh(gated(tmp_path, "echo first", "echo second; exit 4"), tmp_path),
            yield_time_ms=250,
            on_output=on_output,
            keep_listening=True,
        )
        assert first.running and first.output == b"first\n"
        ended = manager.wait_ended(first.process_id)
        (tmp_path / "gate").touch()
        assert await ended == 4
        # Nobody polled: the output reached the listener, and stays for the next poll too.
        assert b"".join(seen) == b"first\nsecond\n"
        rest = await manager.write_stdin(first.process_id, "", yield_time_ms=None)
        assert rest.output == b"second\n" and rest.exit_code == 4

    with_manager(body)


def test_wait_ended_of_a_killed_or_unknown_process_is_none(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        first = await manager.exec_command(
            sh(gated(tmp_path, "true", "true"), tmp_path), yield_time_ms=250
        )
        ended = manager.wait_ended(first.process_id)
        await manager.kill_all()
        assert await ended is None
        assert await manager.wait_ended(first.process_id) is None

    with_manager(body)


def test_caller_allocated_process_id(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        process_id = manager.allocate_process_id()
        result = await manager.exec_command(
            sh(gated(tmp_path, "true", "true"), tmp_path),
            yield_time_ms=250,
            process_id=process_id,
        )
        assert result.process_id == process_id
        assert manager.has_session(process_id)

    with_manager(body)


def test_tty_cat_echoes_what_is_written(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        started = await manager.exec_command(
            ExecSpec(argv=["cat"], cwd=str(tmp_path), env=dict(ENV), tty=True),
            yield_time_ms=250,
        )
        assert started.running
        # ^D ends cat's input, so the call returns as soon as cat exits.
        result = await manager.write_stdin(started.process_id, "hello\n\x04", yield_time_ms=30_000)
        # The terminal echoes the line, then cat prints it; both with the tty's \r\n.
        assert result.output == b"hello\r\nhello\r\n"
        assert result.exit_code == 0
        assert not manager.has_session(started.process_id)

    with_manager(body)


def test_tty_process_has_a_terminal(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        result = await manager.exec_command(
            sh("[ -t 0 ] && [ -t 1 ] && stty size", tmp_path, tty=True), yield_time_ms=None
        )
        assert result.output == b"24 80\r\n"
        assert result.exit_code == 0

    with_manager(body)


def test_ctrl_c_on_tty_interrupts_the_foreground_process(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        started = await manager.exec_command(
            ExecSpec(argv=["cat"], cwd=str(tmp_path), env=dict(ENV), tty=True),
            yield_time_ms=250,
        )
        result = await manager.write_stdin(started.process_id, CTRL_C, yield_time_ms=30_000)
        assert result.output == b"^C"
        # The reference reports death by signal under a tty as exit code 1.
        assert result.exit_code == 1
        assert not result.running

    with_manager(body)


def test_write_to_a_session_without_tty_is_refused(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        started = await manager.exec_command(
            sh(gated(tmp_path, "true", "true"), tmp_path), yield_time_ms=250
        )
        with pytest.raises(UnifiedExecError) as raised:
            await manager.write_stdin(started.process_id, "ls\n", yield_time_ms=None)
        assert str(raised.value) == STDIN_CLOSED_MESSAGE
        assert str(raised.value) == (
            "stdin is closed for this session; rerun exec_command with tty=true to keep stdin open"
        )
        assert manager.has_session(started.process_id)

    with_manager(body)


def test_unknown_session_id(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        with pytest.raises(UnifiedExecError) as raised:
            await manager.write_stdin(424242, "", yield_time_ms=None)
        assert str(raised.value) == "Unknown process id 424242"

    with_manager(body)


def test_ctrl_c_without_tty_sends_sigint_to_the_group(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        started = await manager.exec_command(
            ExecSpec(argv=["sleep", "30"], cwd=str(tmp_path), env=dict(ENV), tty=False),
            yield_time_ms=250,
        )
        assert started.running
        result = await manager.write_stdin(started.process_id, CTRL_C, yield_time_ms=None)
        assert result.exit_code == 128 + signal.SIGINT
        assert not manager.has_session(started.process_id)

    with_manager(body)


def test_spawn_failure_text(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        with pytest.raises(UnifiedExecError) as raised:
            await manager.exec_command(sh("echo x", tmp_path / "missing"), yield_time_ms=None)
        # observed on codex 0.169.0 for a workdir that does not exist
        assert str(raised.value) == (
            'CreateProcess { message: "Rejected(\\"Failed to create unified exec process: '
            'No such file or directory (os error 2)\\")" }'
        )
        assert manager.session_count() == 0

    with_manager(body)


def test_storing_past_the_cap_prunes_the_least_recently_used(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        pids: dict[str, int] = {}
        ids: dict[str, int] = {}
        for name in ("a", "b", "c"):
            result = await manager.exec_command(
                sh("echo $$; exec cat", tmp_path, tty=True), yield_time_ms=250
            )
            assert result.running
            ids[name] = result.process_id
            pids[name] = pids_in(result.output)[0]
        # Using a makes b the least recently used.
        await manager.write_stdin(ids["a"], "x", yield_time_ms=None)
        d = await manager.exec_command(
            sh(gated(tmp_path, "true", "true"), tmp_path), yield_time_ms=250
        )
        assert d.running
        assert manager.session_count() == 3
        assert not manager.has_session(ids["b"])
        assert all(manager.has_session(ids[name]) for name in ("a", "c"))
        assert manager.has_session(d.process_id)
        assert await wait_gone(pids["b"])
        assert not is_gone(pids["a"])

    with_manager(body, max_processes=3, protected_recent=1)


def test_kill_all_kills_grandchildren(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        result = await manager.exec_command(
            sh("sleep 100 & echo $!; sleep 100 & echo $!; wait", tmp_path), yield_time_ms=250
        )
        assert result.running
        pids = pids_in(result.output)
        assert len(pids) == 2
        assert not any(is_gone(pid) for pid in pids)
        await manager.kill_all()
        assert manager.session_count() == 0
        for pid in pids:
            assert await wait_gone(pid)

    with_manager(body)


def test_background_child_of_an_exited_command_dies_with_kill_all(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        # The sleep keeps the output pipe open after the shell exits.
        result = await manager.exec_command(sh("sleep 100 & echo $!", tmp_path), yield_time_ms=None)
        assert result.exit_code == 0
        assert manager.session_count() == 0
        (pid,) = pids_in(result.output)
        assert not is_gone(pid)
        await manager.kill_all()
        assert await wait_gone(pid)

    with_manager(body)


def test_terminate_kills_a_session(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        result = await manager.exec_command(
            sh("echo $$; exec sleep 100", tmp_path), yield_time_ms=250
        )
        (pid,) = pids_in(result.output)
        assert await manager.terminate(result.process_id)
        assert not manager.has_session(result.process_id)
        assert await wait_gone(pid)
        assert not await manager.terminate(result.process_id)

    with_manager(body)


def test_large_output_keeps_the_buffer_bounded(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        seen = 0

        async def on_output(chunk: bytes) -> None:
            nonlocal seen
            assert len(chunk) <= 64 * 1024
            seen += len(chunk)

        result = await manager.exec_command(
            sh("yes | head -c 50000000", tmp_path), yield_time_ms=30_000, on_output=on_output
        )
        assert result.exit_code == 0
        assert seen == 50_000_000
        # 1 MiB kept, head and tail, with the reference's marker where the rest was dropped.
        dropped = 50_000_000 - (1 << 20)
        assert result.omitted_bytes == dropped
        half = b"y\n" * (1 << 18)
        assert result.output == half + f"\n... {dropped} bytes omitted ...\n".encode() + half

    with_manager(body)


def test_cancelled_exec_command_kills_the_process(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        printed = asyncio.Event()
        output = bytearray()

        async def on_output(chunk: bytes) -> None:
            output.extend(chunk)
            printed.set()

        task = asyncio.create_task(
            manager.exec_command(
                sh("sleep 100 & echo $! $$; wait", tmp_path),
                yield_time_ms=30_000,
                on_output=on_output,
            )
        )
        await printed.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert manager.session_count() == 0
        for pid in pids_in(bytes(output)):
            assert await wait_gone(pid)

    with_manager(body)


def test_failing_on_output_fails_the_call_and_kills_the_process(tmp_path: Path) -> None:
    async def body(manager: ProcessManager) -> None:
        async def on_output(chunk: bytes) -> None:
            raise RuntimeError("client went away")

        with pytest.raises(RuntimeError, match="client went away"):
            await manager.exec_command(
                sh("echo hi; exec sleep 100", tmp_path), yield_time_ms=30_000, on_output=on_output
            )
        assert manager.session_count() == 0

    with_manager(body)
