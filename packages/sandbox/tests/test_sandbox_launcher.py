"""The Landlock launcher's own contract: its seccomp program, its options, its failures."""

from __future__ import annotations

import subprocess
import sys

import pytest
from spindle_sandbox import _landlock_exec as launcher
from spindle_sandbox._landlock import LAUNCHER_SOURCE

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Landlock")


def _run_launcher(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-I", "-S", "-c", LAUNCHER_SOURCE, *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("machine", sorted(launcher.SECCOMP_TABLES))
def test_seccomp_program_is_valid_classic_bpf(machine: str) -> None:
    program = launcher.seccomp_program(machine)
    assert len(program) < 64
    for index, (code, jt, jf, _) in enumerate(program):
        # Forward jumps only, and never past the end.
        assert min(jt, jf) >= 0
        if code in (launcher.BPF_JEQ_K, launcher.BPF_JGE_K):
            assert index + 1 + max(jt, jf) < len(program)
    assert program[-1] == (launcher.BPF_RET_K, 0, 0, launcher.SECCOMP_RET_ERRNO | launcher.EPERM)


@pytest.mark.parametrize("machine", sorted(launcher.SECCOMP_TABLES))
def test_seccomp_program_denies_inet_sockets_and_allows_unix_ones(machine: str) -> None:
    """Interpret the program for a few system calls, as the kernel would."""
    arch, _, (socket_nr, _), denied = launcher.SECCOMP_TABLES[machine]

    def verdict(nr: int, arg0: int = 0, arch_value: int = arch) -> int:
        data = {launcher.SECCOMP_DATA_NR: nr, launcher.SECCOMP_DATA_ARCH: arch_value}
        data[launcher.SECCOMP_DATA_ARG0] = arg0
        program = launcher.seccomp_program(machine)
        pc, acc = 0, 0
        while True:
            code, jt, jf, k = program[pc]
            if code == launcher.BPF_RET_K:
                return k
            if code == launcher.BPF_LD_W_ABS:
                acc = data[k]
                pc += 1
            else:
                hit = acc == k if code == launcher.BPF_JEQ_K else acc >= k
                pc += 1 + (jt if hit else jf)

    deny = launcher.SECCOMP_RET_ERRNO | launcher.EPERM
    assert verdict(socket_nr, arg0=2) == deny  # AF_INET
    assert verdict(socket_nr, arg0=10) == deny  # AF_INET6
    assert verdict(socket_nr, arg0=launcher.AF_UNIX) == launcher.SECCOMP_RET_ALLOW
    assert all(verdict(nr) == deny for nr in denied)
    assert verdict(0) == launcher.SECCOMP_RET_ALLOW  # read (x86_64) / io_setup (aarch64)
    assert verdict(0, arch_value=0x40000003) == deny  # a foreign (i386) system call


def test_unknown_architectures_fail_closed() -> None:
    with pytest.raises(
        launcher.LauncherError, match="no seccomp network filter for architecture riscv64"
    ):
        launcher.seccomp_program("riscv64")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--read", "/"], "missing -- before the command"),
        (["--read"], "--read needs a value"),
        (["--bogus", "x", "--", "true"], "unknown option '--bogus'"),
        (["--read", "/", "--"], "no command after --"),
    ],
)
def test_bad_launcher_arguments_never_run_anything(args: list[str], message: str) -> None:
    done = _run_launcher(*args)
    assert done.returncode == 126
    assert done.stderr == f"spindle-sandbox: {message}\n"


@linux_only
def test_a_missing_program_exits_127_like_a_shell() -> None:
    done = _run_launcher("--read", "/", "--", "no-such-program-spindle")
    assert done.returncode == 127
    assert done.stderr == "spindle-sandbox: no-such-program-spindle: No such file or directory\n"


@linux_only
def test_the_launcher_ignores_python_variables_from_the_commands_environment(
    tmp_path: object,
) -> None:
    # -I: a hostile PYTHONSTARTUP or PYTHONPATH in the command's environment is not run.
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LAUNCHER_SOURCE, "--read", "/", "--", "true"],
        env={"PYTHONPATH": "/nonexistent", "PYTHONINSPECT": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")


@linux_only
def test_landlock_abi_is_reported() -> None:
    assert launcher.landlock_abi() >= 1
    assert launcher.handled_fs_rights(abi=1) == (1 << 13) - 1
    assert launcher.handled_fs_rights(abi=3) & launcher.ACCESS_FS_TRUNCATE
