"""The Landlock launcher: restrict this process with Landlock (and seccomp), then exec the command.

Run as a script, never imported by the command it starts::

    python -I -S -c "$(cat _landlock_exec.py)" [--chdir DIR] [--read PATH]... [--write PATH]...
        [--device PATH]... [--no-network] -- ARGV...

``--read`` grants read and execute beneath PATH, ``--write`` every file system right beneath
PATH, ``--device`` read and write of one device node (``/dev/null``, ``/dev/tty``, ...).
Everything else is denied once the ruleset is enforced. ``--no-network`` denies TCP bind and
connect with Landlock (ABI 4+), scopes abstract UNIX sockets (ABI 6+), and installs the
reference's seccomp filter: no socket but AF_UNIX, no connect/bind/listen/accept/send*,
no ptrace or io_uring.

It imports only ``os``, ``stat``, ``sys`` and ``ctypes`` so that it starts fast, and it
needs nothing of spindle, so ``-I -S`` (no site-packages, no PYTHON* variables from the
command's environment) can run its source. Any failure before the exec exits with status 126 (127 when the program is not
found) and a ``spindle-sandbox:`` message on stderr; the command never runs unrestricted.
"""

from __future__ import annotations

import ctypes
import os
import stat
import sys

# Landlock system calls: one number on every architecture since Linux 5.13.
SYS_LANDLOCK_CREATE_RULESET = 444
SYS_LANDLOCK_ADD_RULE = 445
SYS_LANDLOCK_RESTRICT_SELF = 446
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1

ACCESS_FS_EXECUTE = 1 << 0
ACCESS_FS_WRITE_FILE = 1 << 1
ACCESS_FS_READ_FILE = 1 << 2
ACCESS_FS_READ_DIR = 1 << 3
ACCESS_FS_REMOVE_DIR = 1 << 4
ACCESS_FS_REMOVE_FILE = 1 << 5
ACCESS_FS_MAKE_CHAR = 1 << 6
ACCESS_FS_MAKE_DIR = 1 << 7
ACCESS_FS_MAKE_REG = 1 << 8
ACCESS_FS_MAKE_SOCK = 1 << 9
ACCESS_FS_MAKE_FIFO = 1 << 10
ACCESS_FS_MAKE_BLOCK = 1 << 11
ACCESS_FS_MAKE_SYM = 1 << 12
ACCESS_FS_REFER = 1 << 13  # ABI 2
ACCESS_FS_TRUNCATE = 1 << 14  # ABI 3

ACCESS_NET_BIND_TCP = 1 << 0  # ABI 4
ACCESS_NET_CONNECT_TCP = 1 << 1  # ABI 4
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1  # ABI 6

# Rights that make sense on a file that is not a directory; others make add_rule fail.
FILE_RIGHTS = ACCESS_FS_EXECUTE | ACCESS_FS_WRITE_FILE | ACCESS_FS_READ_FILE | ACCESS_FS_TRUNCATE
READ_RIGHTS = ACCESS_FS_EXECUTE | ACCESS_FS_READ_FILE | ACCESS_FS_READ_DIR
DEVICE_RIGHTS = ACCESS_FS_READ_FILE | ACCESS_FS_WRITE_FILE | ACCESS_FS_TRUNCATE | ACCESS_FS_READ_DIR

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
EPERM = 1
AF_UNIX = 1

BPF_LD_W_ABS = 0x20
BPF_JEQ_K = 0x15
BPF_JGE_K = 0x35
BPF_RET_K = 0x06

# seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6] (little endian here).
SECCOMP_DATA_NR = 0
SECCOMP_DATA_ARCH = 4
SECCOMP_DATA_ARG0 = 16

# The reference's network filter (codex-rs/linux-sandbox/src/landlock.rs), per architecture:
# (AUDIT_ARCH_*, x32 syscall bit or 0, socket-creating calls, calls denied outright).
SECCOMP_TABLES: dict[str, tuple[int, int, tuple[int, ...], tuple[int, ...]]] = {
    "x86_64": (
        0xC000003E,
        0x40000000,
        (41, 53),  # socket, socketpair
        # connect accept accept4 bind listen getpeername getsockname shutdown sendto
        # sendmmsg recvmmsg getsockopt setsockopt ptrace process_vm_readv process_vm_writev
        # io_uring_setup io_uring_enter io_uring_register
        (42, 43, 288, 49, 50, 52, 51, 48, 44, 307, 299, 55, 54, 101, 310, 311, 425, 426, 427),
    ),
    "aarch64": (
        0xC00000B7,
        0,
        (198, 199),
        (
            203,
            202,
            242,
            200,
            201,
            205,
            204,
            210,
            206,
            269,
            243,
            209,
            208,
            117,
            270,
            271,
            425,
            426,
            427,
        ),
    ),
}


class LauncherError(Exception):
    """A step of the restriction failed; the command must not run."""


class _RulesetAttr(ctypes.Structure):
    _fields_ = (
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    )


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # __attribute__((packed)) in <linux/landlock.h>
    _fields_ = (("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32))


class _SockFilter(ctypes.Structure):
    _fields_ = (
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    )


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter)))


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise LauncherError(f"{what}: {os.strerror(err)}")
    return result


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, or 0 when Landlock is absent or disabled."""
    if not sys.platform.startswith("linux"):
        return 0
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    abi = int(
        libc.syscall(
            ctypes.c_long(SYS_LANDLOCK_CREATE_RULESET),
            None,
            ctypes.c_size_t(0),
            ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION),
        )
    )
    return max(abi, 0)


def handled_fs_rights(abi: int) -> int:
    """Every file system right the kernel's ABI knows (device ioctls are left unhandled)."""
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= ACCESS_FS_REFER
    if abi >= 3:
        rights |= ACCESS_FS_TRUNCATE
    return rights


def seccomp_program(machine: str) -> list[tuple[int, int, int, int]]:
    """The network-deny filter for ``machine`` as (code, jt, jf, k) instructions."""
    if machine not in SECCOMP_TABLES:
        raise LauncherError(f"no seccomp network filter for architecture {machine}")
    arch, x32_bit, socket_calls, denied = SECCOMP_TABLES[machine]
    # Symbolic program: jumps name a label; resolved to relative offsets below.
    code: list[tuple[int, str | None, str | None, int]] = [
        (BPF_LD_W_ABS, None, None, SECCOMP_DATA_ARCH),
        (BPF_JEQ_K, None, "deny", arch),
        (BPF_LD_W_ABS, None, None, SECCOMP_DATA_NR),
    ]
    if x32_bit:
        code.append((BPF_JGE_K, "deny", None, x32_bit))
    code += [(BPF_JEQ_K, "socket", None, nr) for nr in socket_calls]
    code += [(BPF_JEQ_K, "deny", None, nr) for nr in denied]
    code.append((BPF_RET_K, None, None, SECCOMP_RET_ALLOW))
    # Classic BPF only jumps forward, so the socket check has its own allow.
    labels = {"socket": len(code)}
    code.append((BPF_LD_W_ABS, None, None, SECCOMP_DATA_ARG0))
    code.append((BPF_JEQ_K, None, "deny", AF_UNIX))
    code.append((BPF_RET_K, None, None, SECCOMP_RET_ALLOW))
    labels["deny"] = len(code)
    code.append((BPF_RET_K, None, None, SECCOMP_RET_ERRNO | EPERM))

    def offset(index: int, label: str | None) -> int:
        return 0 if label is None else labels[label] - index - 1

    return [(op, offset(i, jt), offset(i, jf), k) for i, (op, jt, jf, k) in enumerate(code)]


def install_seccomp(libc: ctypes.CDLL) -> None:
    program = seccomp_program(os.uname().machine)
    filters = (_SockFilter * len(program))(*(_SockFilter(*insn) for insn in program))
    prog = _SockFprog(len(program), ctypes.cast(filters, ctypes.POINTER(_SockFilter)))
    _check(
        libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0),
        "installing the seccomp network filter",
    )


def restrict(*, read: list[str], write: list[str], devices: list[str], no_network: bool) -> None:
    """Enforce the ruleset on this process (and everything it executes)."""
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    abi = landlock_abi()
    if abi < 1:
        raise LauncherError("Landlock is not available in this kernel")
    handled_fs = handled_fs_rights(abi)
    attr = _RulesetAttr(handled_fs, 0, 0)
    size = 8
    if abi >= 4:
        size = 16
        if no_network:
            attr.handled_access_net = ACCESS_NET_BIND_TCP | ACCESS_NET_CONNECT_TCP
    if abi >= 6:
        size = 24
        attr.scoped = SCOPE_SIGNAL | (SCOPE_ABSTRACT_UNIX_SOCKET if no_network else 0)
    ruleset = _check(
        libc.syscall(
            ctypes.c_long(SYS_LANDLOCK_CREATE_RULESET),
            ctypes.byref(attr),
            ctypes.c_size_t(size),
            ctypes.c_uint32(0),
        ),
        "landlock_create_ruleset",
    )
    rules = [(path, READ_RIGHTS) for path in read]
    rules += [(path, handled_fs) for path in write]
    rules += [(path, DEVICE_RIGHTS) for path in devices]
    for path, rights in rules:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except FileNotFoundError:
            continue  # nothing to grant beneath a path that does not exist
        except OSError as exc:
            raise LauncherError(f"opening {path!r}: {exc.strerror}") from None
        try:
            is_dir = stat.S_ISDIR(os.fstat(fd).st_mode)
            allowed = rights & handled_fs
            if not is_dir:
                allowed &= FILE_RIGHTS
            beneath = _PathBeneathAttr(allowed, fd)
            _check(
                libc.syscall(
                    ctypes.c_long(SYS_LANDLOCK_ADD_RULE),
                    ctypes.c_int(ruleset),
                    ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                    ctypes.byref(beneath),
                    ctypes.c_uint32(0),
                ),
                f"landlock_add_rule for {path!r}",
            )
        finally:
            os.close(fd)
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
    if no_network:
        install_seccomp(libc)
    _check(
        libc.syscall(
            ctypes.c_long(SYS_LANDLOCK_RESTRICT_SELF), ctypes.c_int(ruleset), ctypes.c_uint32(0)
        ),
        "landlock_restrict_self",
    )
    os.close(ruleset)


def parse_args(args: list[str]) -> tuple[dict[str, list[str]], str | None, bool, list[str]]:
    options: dict[str, list[str]] = {"--read": [], "--write": [], "--device": []}
    chdir: str | None = None
    no_network = False
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            command = args[index + 1 :]
            if not command:
                raise LauncherError("no command after --")
            return options, chdir, no_network, command
        if arg == "--no-network":
            no_network = True
            index += 1
            continue
        if index + 1 >= len(args):
            raise LauncherError(f"{arg} needs a value")
        if arg == "--chdir":
            chdir = args[index + 1]
        elif arg in options:
            options[arg].append(args[index + 1])
        else:
            raise LauncherError(f"unknown option {arg!r}")
        index += 2
    raise LauncherError("missing -- before the command")


def execute(command: list[str], search_path: list[str]) -> None:
    """``execvp`` without its lazy imports, which the ruleset may no longer let Python read."""
    if "/" in command[0]:
        os.execv(command[0], command)
    first_error: OSError | None = None
    for directory in search_path:
        try:
            os.execv(os.path.join(directory, command[0]), command)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            first_error = first_error or exc
    raise first_error or FileNotFoundError(2, os.strerror(2))


def main(args: list[str]) -> int:
    try:
        options, chdir, no_network, command = parse_args(args)
        search_path = os.get_exec_path()
        restrict(
            read=options["--read"],
            write=options["--write"],
            devices=options["--device"],
            no_network=no_network,
        )
        if chdir is not None:
            os.chdir(chdir)
    except (LauncherError, OSError) as exc:
        sys.stderr.write(f"spindle-sandbox: {exc}\n")
        return 126
    try:
        execute(command, search_path)
    except OSError as exc:
        sys.stderr.write(f"spindle-sandbox: {command[0]}: {exc.strerror}\n")
        return 127 if isinstance(exc, FileNotFoundError) else 126
    return 126  # pragma: no cover - execvp does not return


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
