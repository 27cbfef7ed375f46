"""How risky a command is: the reference's dangerous-command check and known-safe list.

Both read the script inside ``bash|zsh|sh -c|-lc SCRIPT`` with two parsers of our own:
:func:`plain_script_commands` (:mod:`._plain_script`) for scripts of plain words only, as
the reference's tree-sitter walk accepts them, and :func:`literal_commands`
(:mod:`._shell_grammar`) for every literal command of any script that parses. Both are
re-exported here.

The 0.169.0 reference no longer consults :func:`is_known_safe_command` when deciding
approvals (``untrusted`` prompts for everything an allow rule does not cover); the list is
kept, as 0.140 had it, for callers that want a read-only hint.
"""

from __future__ import annotations

import re
import sys
from pathlib import PurePosixPath

from ._plain_script import plain_script_commands
from ._shell_grammar import ASSIGNMENT, MAX_DEPTH, literal_commands

__all__ = [
    "extract_shell_script",
    "is_dangerous_command",
    "is_known_safe_command",
    "literal_commands",
    "plain_script_commands",
    "script_words",
]

_SHELLS = frozenset({"bash", "zsh", "sh"})


def _executable_name(raw: str) -> str:
    return PurePosixPath(raw).name


def extract_shell_script(argv: list[str]) -> tuple[str, str] | None:
    """``(shell, script)`` for exactly ``[bash|zsh|sh, -c|-lc, script]``, else ``None``."""
    if len(argv) != 3 or argv[1] not in ("-c", "-lc"):
        return None
    name = _executable_name(argv[0]).removesuffix(".exe")
    return (argv[0], argv[2]) if name in _SHELLS else None


def script_words(argv: list[str]) -> list[list[str]] | None:
    """The simple commands of a ``bash -lc`` script, or ``None`` when it is not plain."""
    extracted = extract_shell_script(argv)
    if extracted is None:
        return None
    return plain_script_commands(extracted[1])


# --- dangerous commands --------------------------------------------------------------------


def is_dangerous_command(argv: list[str]) -> bool:
    """A forced ``rm`` (``-f``, ``-rf``, ``--force``...), directly or inside a shell script.

    Follows the reference's ``command_might_be_dangerous`` as 0.169.0 behaves:
    ``sudo`` and ``env`` prefixes are looked through, ``bash -c`` scripts are searched
    recursively, and so are the literal commands of any script that parses.
    """
    return _dangerous(argv, depth=0)


def _dangerous(argv: list[str], *, depth: int) -> bool:
    if depth > MAX_DEPTH:
        return False
    if _dangerous_exec(argv):
        return True
    extracted = extract_shell_script(argv)
    if extracted is None:
        return False
    commands = literal_commands(extracted[1])
    return any(_dangerous(command, depth=depth + 1) for command in commands or [])


def _dangerous_exec(argv: list[str]) -> bool:
    while argv:
        name = _executable_name(argv[0])
        if name == "rm":
            return _rm_is_forced(argv[1:])
        if name == "sudo":
            argv = argv[1:]
        elif name == "env":
            rest = argv[1:]
            while rest and (rest[0].startswith("-") or ASSIGNMENT.match(rest[0])):
                rest = rest[1:]
            argv = rest
        else:
            return False
    return False


def _rm_is_forced(args: list[str]) -> bool:
    for arg in args:
        if arg == "--":
            return False
        if arg == "--force" or (arg.startswith("-") and not arg.startswith("--") and "f" in arg):
            return True
    return False


# --- known safe ----------------------------------------------------------------------------

_SAFE_PROGRAMS = frozenset(
    {"cat", "cd", "cut", "echo", "expr", "false", "grep", "head", "id", "ls", "nl", "paste"}
    | {"pwd", "rev", "seq", "stat", "tail", "tr", "true", "uname", "uniq", "wc", "which"}
    | {"whoami"}
)
_LINUX_SAFE_PROGRAMS = frozenset({"numfmt", "tac"})
_UNSAFE_FIND_OPTIONS = frozenset(
    {"-exec", "-execdir", "-ok", "-okdir", "-delete", "-fls", "-fprint", "-fprint0", "-fprintf"}
)
_GIT_READ_ONLY_SUBCOMMANDS = frozenset({"status", "log", "diff", "show", "branch"})
_GIT_GLOBALS_WITH_VALUE = frozenset(
    {"-C", "-c", "--config-env", "--exec-path", "--git-dir", "--namespace", "--super-prefix"}
    | {"--work-tree"}
)
_GIT_GLOBAL_PREFIXES = (
    "--config-env=",
    "--exec-path=",
    "--git-dir=",
    "--namespace=",
    "--super-prefix=",
    "--work-tree=",
)
_GIT_BRANCH_QUERY_FLAGS = frozenset(
    {"--list", "-l", "--show-current", "-a", "--all", "-r", "--remotes", "-v", "-vv", "--verbose"}
)


def is_known_safe_command(argv: list[str]) -> bool:
    """Read-only by construction: the reference's safe list (0.140), incl. plain scripts."""
    if _safe_exec(argv):
        return True
    commands = script_words(argv)
    return bool(commands) and all(_safe_exec(command) for command in commands or [])


def _safe_exec(argv: list[str]) -> bool:
    if not argv:
        return False
    name = _executable_name(argv[0])
    args = argv[1:]
    if name in _SAFE_PROGRAMS or (
        name in _LINUX_SAFE_PROGRAMS and sys.platform.startswith("linux")
    ):
        return True
    if name == "base64":
        return not any(
            a in ("-o", "--output")
            or a.startswith("--output=")
            or (a.startswith("-o") and a != "-o")
            for a in args
        )
    if name == "find":
        return not any(a in _UNSAFE_FIND_OPTIONS for a in args)
    if name == "rg":
        return not any(
            a in ("--search-zip", "-z", "--pre", "--hostname-bin")
            or a.startswith(("--pre=", "--hostname-bin="))
            for a in args
        )
    if name == "sed":
        return (
            len(argv) <= 4
            and args[:1] == ["-n"]
            and is_valid_sed_n_arg(args[1] if len(args) > 1 else None)
        )
    if name == "git":
        return _safe_git(args)
    return False


def is_valid_sed_n_arg(arg: str | None) -> bool:
    """``N p`` or ``M,N p`` without spaces: ``/^(\\d+,)?\\d+p$/``."""
    return arg is not None and re.fullmatch(r"(?:\d+,)?\d+p", arg, flags=re.ASCII) is not None


def _is_git_global(arg: str) -> bool:
    return (
        arg in _GIT_GLOBALS_WITH_VALUE
        or arg in ("-p", "--paginate")
        or arg.startswith(_GIT_GLOBAL_PREFIXES)
        or (arg[:2] in ("-C", "-c") and len(arg) > 2)
    )


def _safe_git(args: list[str]) -> bool:
    skip = False
    for index, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if _is_git_global(arg):
            # Any of these can point git at another repository, config or pager.
            return False
        if arg.startswith("-"):
            continue
        if arg not in _GIT_READ_ONLY_SUBCOMMANDS:
            return False
        rest = args[index + 1 :]
        if any(
            a in ("--output", "--ext-diff", "--textconv", "--exec")
            or a.startswith(("--output=", "--exec="))
            for a in rest
        ):
            return False
        if arg == "branch":
            return not rest or all(
                a in _GIT_BRANCH_QUERY_FLAGS or a.startswith("--format=") for a in rest
            )
        return True
    return False
