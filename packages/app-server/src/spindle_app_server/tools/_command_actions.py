"""What a command does, for people: the ``commandActions`` of a ``commandExecution`` item.

A re-implementation of the reference's ``shell-command/src/parse_command.rs`` (lossy by
design: it summarises the script inside ``bash -lc`` as reads, listings and searches), plus
the Rust ``shlex`` crate's quoting, which the reference uses for every command string it
shows. Python's :func:`shlex.join` differs (it leaves ``=`` and ``,`` bare and quotes a
single quote as ``'"'"'``), so it cannot be used.

Behaviour pinned against the 0.169.0 binary: when any part of a script is not a read,
listing or search, the whole script becomes one ``unknown`` action; ``read`` paths are made
absolute against the command's cwd and normalised lexically (``../x`` is resolved).

Length: a port of one reference file (``parse_command.rs``) plus the ``shlex`` quoting it
relies on, kept as one module so that it can be compared with its source function by
function.
"""

from __future__ import annotations

import itertools
import os.path
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ._command_safety import extract_shell_script, is_valid_sed_n_arg
from ._plain_script import plain_script_commands

__all__ = ["parse_command_actions", "rust_shlex_split", "shlex_join", "shlex_quote"]

_NUL_PLACEHOLDER = "<command included NUL byte>"
_CONNECTORS = frozenset({"&&", "||", "|", ";"})


# --- Rust `shlex` quoting and splitting ----------------------------------------------------

_UNQUOTED_OK = frozenset("+-./:@]_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_UNQUOTED, _SINGLE, _DOUBLE = 1, 2, 4


def _allowed(ch: str) -> int:
    ok = _UNQUOTED | _SINGLE | _DOUBLE
    if ch not in _UNQUOTED_OK:
        ok &= ~_UNQUOTED
    if ch in "'^\\":
        ok &= ~_SINGLE
    if ch in "`$!^":
        ok &= ~_DOUBLE
    return ok


def shlex_quote(word: str) -> str:
    """Quote one word the way the Rust ``shlex`` crate (1.3) does."""
    if not word:
        return "''"
    out: list[str] = []
    pos = 0
    while pos < len(word):
        # Extend the chunk while some quoting style still works for all of it.
        ok = _SINGLE if word[pos] == "^" else _UNQUOTED | _SINGLE | _DOUBLE
        end = pos + 1 if word[pos] == "^" else pos
        while end < len(word) and (cur := ok & _allowed(word[end])):
            ok = cur
            end += 1
        chunk = word[pos:end]
        if ok & _UNQUOTED:
            out.append(chunk)
        elif ok & _SINGLE:
            out.append(f"'{chunk}'")
        else:
            out.append('"' + re.sub(r'([$`"\\])', r"\\\1", chunk) + '"')
        pos = end
    return "".join(out)


def shlex_join(argv: list[str]) -> str:
    """The item's ``command`` string: ``/bin/bash -lc 'echo hello-from-tool'``."""
    if any("\0" in word for word in argv):
        return _NUL_PLACEHOLDER
    return " ".join(shlex_quote(word) for word in argv)


def rust_shlex_split(text: str) -> list[str] | None:
    """Split like the Rust ``shlex`` crate: no operators, ``#`` comments, ``None`` on error."""
    words: list[str] = []
    pos = 0
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch in " \t\n":
            pos += 1
            continue
        if ch == "#":
            end = text.find("\n", pos)
            pos = n if end < 0 else end + 1
            continue
        word: list[str] = []
        while pos < n and text[pos] not in " \t\n":
            ch = text[pos]
            if ch == "'":
                end = text.find("'", pos + 1)
                if end < 0:
                    return None
                word.append(text[pos + 1 : end])
                pos = end + 1
            elif ch == '"':
                pos += 1
                while True:
                    if pos >= n:
                        return None
                    ch = text[pos]
                    if ch == '"':
                        pos += 1
                        break
                    if ch == "\\":
                        if pos + 1 >= n:
                            return None
                        nxt = text[pos + 1]
                        if nxt in '$`"\\':
                            word.append(nxt)
                        elif nxt != "\n":
                            word.append("\\" + nxt)
                        pos += 2
                    else:
                        word.append(ch)
                        pos += 1
            elif ch == "\\":
                if pos + 1 >= n:
                    return None
                if text[pos + 1] != "\n":
                    word.append(text[pos + 1])
                pos += 2
            else:
                word.append(ch)
                pos += 1
        words.append("".join(word))
    return words


# --- parsed commands -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    cmd: str
    name: str
    path: str


@dataclass(frozen=True)
class _ListFiles:
    cmd: str
    path: str | None


@dataclass(frozen=True)
class _Search:
    cmd: str
    query: str | None
    path: str | None


@dataclass(frozen=True)
class _Unknown:
    cmd: str


_Parsed = _Read | _ListFiles | _Search | _Unknown


def parse_command_actions(argv: list[str], cwd: str) -> list[dict[str, Any]]:
    """The wire ``commandActions`` (camelCase) of ``argv`` run in ``cwd``."""
    return [_to_wire(parsed, cwd) for parsed in parse_command(argv)]


def _to_wire(parsed: _Parsed, cwd: str) -> dict[str, Any]:
    if isinstance(parsed, _Read):
        path = os.path.normpath(os.path.join(cwd, parsed.path))
        return {"type": "read", "command": parsed.cmd, "name": parsed.name, "path": path}
    if isinstance(parsed, _ListFiles):
        return {"type": "listFiles", "command": parsed.cmd, "path": parsed.path}
    if isinstance(parsed, _Search):
        return {
            "type": "search",
            "command": parsed.cmd,
            "query": parsed.query,
            "path": parsed.path,
        }
    return {"type": "unknown", "command": parsed.cmd}


def parse_command(argv: list[str]) -> list[_Parsed]:
    """The reference's ``parse_command``: summaries with consecutive duplicates collapsed."""
    deduped: list[_Parsed] = []
    for parsed in _parse_impl(argv):
        if not deduped or deduped[-1] != parsed:
            deduped.append(parsed)
    if any(isinstance(parsed, _Unknown) for parsed in deduped):
        extracted = _extract_any_shell_script(argv)
        return [_Unknown(extracted if extracted is not None else shlex_join(argv))]
    return deduped


def _extract_any_shell_script(argv: list[str]) -> str | None:
    bash = extract_shell_script(argv)
    if bash is not None:
        return bash[1]
    return _extract_powershell_script(argv)


def _extract_powershell_script(argv: list[str]) -> str | None:
    if len(argv) < 3:
        return None
    name = PurePosixPath(argv[0].replace("\\", "/")).name.lower().removesuffix(".exe")
    if name not in ("pwsh", "powershell"):
        return None
    flags = [flag.lower() for flag in argv[1:-1]]
    if flags and flags[-1] in ("-command", "-c") and all(f.startswith("-") for f in flags):
        return argv[-1]
    return None


def _parse_impl(argv: list[str]) -> list[_Parsed]:
    bash = extract_shell_script(argv)
    if bash is not None:
        return _parse_shell_script(bash[1])
    powershell = _extract_powershell_script(argv)
    if powershell is not None:
        return [_Unknown(powershell)]
    tokens = _normalize_tokens(argv)
    parts = _split_on_connectors(tokens) if _CONNECTORS.intersection(tokens) else [tokens]
    commands = _summarize_with_cd(parts)
    while (simpler := _simplify_once(commands)) is not None:
        commands = simpler
    return commands


def _normalize_tokens(argv: list[str]) -> list[str]:
    if len(argv) >= 2 and argv[0] in ("yes", "y", "no", "n") and argv[1] == "|":
        return argv[2:]
    if len(argv) == 3 and argv[0] in ("bash", "zsh") and argv[1] in ("-c", "-lc"):
        split = rust_shlex_split(argv[2])
        return split if split is not None else list(argv)
    return list(argv)


def _split_on_connectors(tokens: list[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token in _CONNECTORS:
            parts.append([])
        else:
            parts[-1].append(token)
    return [part for part in parts if part]


def _summarize_with_cd(parts: list[list[str]]) -> list[_Parsed]:
    """Summaries of each command, tracking ``cd`` so reads get their effective path."""
    commands: list[_Parsed] = []
    cwd: str | None = None
    for tokens in parts:
        if tokens and tokens[0] == "cd":
            target = _cd_target(tokens[1:])
            if target is not None:
                cwd = target if cwd is None else _join_paths(cwd, target)
            continue
        parsed = _summarize(tokens)
        if isinstance(parsed, _Read) and cwd is not None:
            parsed = _Read(parsed.cmd, parsed.name, _join_paths(cwd, parsed.path))
        commands.append(parsed)
    return commands


def _parse_shell_script(script: str) -> list[_Parsed]:
    all_commands = plain_script_commands(script)
    if not all_commands:
        return [_Unknown(script)]
    script_tokens = rust_shlex_split(script)
    if script_tokens is None:
        script_tokens = [script]
    # Bias towards the primary command of a pipeline by dropping formatting helpers.
    filtered = [tokens for tokens in all_commands if not _is_small_formatting_command(tokens)]
    if not filtered:
        return [_Unknown(script)]
    commands = _summarize_with_cd(filtered)
    if len(commands) > 1:
        commands = [c for c in commands if not (isinstance(c, _Unknown) and c.cmd == "true")]
        while (simpler := _simplify_once(commands)) is not None:
            commands = simpler
    if len(commands) != 1:
        return commands
    # A lone command is shown with the whole script when that reads better.
    had_connectors = len(all_commands) > 1 or bool(_CONNECTORS.intersection(script_tokens))
    only = commands[0]
    if isinstance(only, _Read):
        if not had_connectors:
            return [_Read(shlex_join(script_tokens), only.name, only.path)]
        has_sed_n = any(
            first == "sed" and second == "-n" for first, second in itertools.pairwise(script_tokens)
        )
        if "|" in script_tokens and has_sed_n:
            return [_Read(script, only.name, only.path)]
        return [only]
    if isinstance(only, _ListFiles) and not had_connectors:
        return [_ListFiles(shlex_join(script_tokens), only.path)]
    if isinstance(only, _Search) and not had_connectors:
        return [_Search(shlex_join(script_tokens), only.query, only.path)]
    return [only]


def _first_word(cmd: str) -> str | None:
    tokens = rust_shlex_split(cmd)
    return tokens[0] if tokens else None


def _simplify_once(commands: list[_Parsed]) -> list[_Parsed] | None:
    if len(commands) <= 1:
        return None
    first = commands[0]
    if isinstance(first, _Unknown) and _first_word(first.cmd) == "echo":
        return commands[1:]
    for index, parsed in enumerate(commands):
        if isinstance(parsed, _Unknown) and _first_word(parsed.cmd) == "cd":
            if index + 1 < len(commands):
                return commands[:index] + commands[index + 1 :]
            break
    for index, parsed in enumerate(commands):
        if isinstance(parsed, _Unknown) and parsed.cmd == "true":
            return commands[:index] + commands[index + 1 :]
    for index, parsed in enumerate(commands):
        if isinstance(parsed, _Unknown):
            tokens = rust_shlex_split(parsed.cmd)
            if tokens and tokens[0] == "nl" and all(t.startswith("-") for t in tokens[1:]):
                return commands[:index] + commands[index + 1 :]
    return None


# --- formatting helpers --------------------------------------------------------------------

_ALWAYS_FORMATTING = frozenset(
    {"wc", "tr", "cut", "sort", "uniq", "tee", "column", "yes", "printf"}
)


def _all_digits(text: str) -> bool:
    """ASCII digits only; true for ``""`` as in the reference's ``chars().all(..)``."""
    return all("0" <= c <= "9" for c in text)


def _tail_count(text: str) -> bool:
    """A count ``tail`` accepts in a pipeline: ``30`` or ``+10``."""
    return _all_digits(text) or (text.startswith("+") and _all_digits(text[1:]))


def _tail_n(text: str) -> bool:
    """A ``tail -n`` value naming lines of a file: ``30`` or ``+10``, never empty."""
    rest = text.removeprefix("+")
    return bool(rest) and _all_digits(rest)


def _is_small_formatting_command(tokens: list[str]) -> bool:
    """A pipeline helper such as ``head -n 40``, ``wc -l``, ``awk '{print $1}'``."""
    if not tokens:
        return False
    cmd, args = tokens[0], tokens[1:]
    if cmd in _ALWAYS_FORMATTING:
        return True
    if cmd == "xargs":
        return not _is_mutating_xargs(tokens)
    if cmd == "awk":
        return _awk_data_file_operand(args) is None
    if cmd in ("head", "tail"):
        if not args:
            return True
        if len(args) == 1:
            return args[0].startswith("-")
        if len(args) == 2 and args[0] in ("-n", "-c"):
            return (_all_digits if cmd == "head" else _tail_count)(args[1])
        return False
    if cmd == "sed":
        return _sed_read_path(args) is None
    return False


def _xargs_subcommand(tokens: list[str]) -> list[str] | None:
    index = 1
    while index < len(tokens):
        token = tokens[index]
        if token == "--":
            return tokens[index + 1 :] or None
        if not token.startswith("-"):
            return tokens[index:]
        index += 2 if token in ("-E", "-e", "-I", "-L", "-n", "-P", "-s") else 1
    return None


def _is_mutating_xargs(tokens: list[str]) -> bool:
    sub = _xargs_subcommand(tokens)
    if not sub:
        return False
    head, tail = sub[0], sub[1:]
    in_place = any(t.startswith(("-i", "-pi")) for t in tail)
    if head in ("perl", "ruby"):
        return in_place
    if head == "sed":
        return in_place or "--in-place" in tail
    return head == "rg" and "--replace" in tail


# --- argument helpers ----------------------------------------------------------------------


def _trim_at_connector(tokens: list[str]) -> list[str]:
    for index, token in enumerate(tokens):
        if token in _CONNECTORS:
            return tokens[:index]
    return tokens


def _skip_flag_values(args: list[str], flags_with_values: frozenset[str]) -> list[str]:
    """Arguments minus the values of flags that take one, and minus ``--flag=value``."""
    out: list[str] = []
    skip_next = False
    for index, arg in enumerate(args):
        if skip_next:
            skip_next = False
            continue
        if arg == "--":
            out.extend(args[index + 1 :])
            break
        if arg.startswith("--") and "=" in arg:
            continue
        if arg in flags_with_values:
            skip_next = index + 1 < len(args)
            continue
        out.append(arg)
    return out


def _positional_operands(args: list[str], flags_with_values: frozenset[str]) -> list[str]:
    out: list[str] = []
    after_double_dash = False
    skip_next = False
    for index, arg in enumerate(args):
        if skip_next:
            skip_next = False
        elif after_double_dash:
            out.append(arg)
        elif arg == "--":
            after_double_dash = True
        elif arg.startswith("--") and "=" in arg:
            pass
        elif arg in flags_with_values:
            skip_next = index + 1 < len(args)
        elif not arg.startswith("-"):
            out.append(arg)
    return out


def _non_flags(args: list[str], flags_with_values: frozenset[str]) -> list[str]:
    return [a for a in _skip_flag_values(args, flags_with_values) if not a.startswith("-")]


def _short_display_path(path: str) -> str:
    """The last useful component: ``webview/src`` -> ``webview``, ``src/app.py`` -> ``app.py``."""
    trimmed = path.replace("\\", "/").rstrip("/")
    for part in reversed(trimmed.split("/")):
        if part and part not in ("build", "dist", "node_modules", "src"):
            return part
    return trimmed


def _is_pathish(text: str) -> bool:
    return text in (".", "..") or "/" in text or "\\" in text


def _join_paths(base: str, rel: str) -> str:
    if rel.startswith("/") or re.match(r"[A-Za-z]:\\|\\\\", rel) or not base:
        return rel
    return str(PurePosixPath(base) / rel) if rel else base.rstrip("/") + "/"


def _cd_target(args: list[str]) -> str | None:
    target: str | None = None
    for index, arg in enumerate(args):
        if arg == "--":
            return args[index + 1] if index + 1 < len(args) else None
        if not arg.startswith("-"):
            target = arg
    return target


def _sed_read_path(args: list[str]) -> str | None:
    args = _trim_at_connector(args)
    if "-n" not in args:
        return None
    has_range = False
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in ("-e", "--expression"):
            if is_valid_sed_n_arg(args[index + 1] if index + 1 < len(args) else None):
                has_range = True
            index += 2
        elif arg in ("-f", "--file"):
            index += 2
        else:
            index += 1
    if not has_range:
        has_range = any(not a.startswith("-") and is_valid_sed_n_arg(a) for a in args)
    if not has_range:
        return None
    operands = _non_flags(args, frozenset({"-e", "-f", "--expression", "--file"}))
    if not operands:
        return None
    if is_valid_sed_n_arg(operands[0]):
        return operands[1] if len(operands) > 1 else None
    return operands[0]


def _awk_data_file_operand(args: list[str]) -> str | None:
    if not args:
        return None
    args = _trim_at_connector(args)
    has_script_file = any(a in ("-f", "--file") for a in args)
    flags = frozenset({"-F", "-v", "-f", "--field-separator", "--assign", "--file"})
    operands = _non_flags(args, flags)
    if has_script_file:
        return operands[0] if operands else None
    return operands[1] if len(operands) >= 2 else None


def _python_walks_files(args: list[str]) -> bool:
    args = _trim_at_connector(args)
    for index, arg in enumerate(args[:-1]):
        if arg == "-c":
            script = args[index + 1]
            needles = ("os.walk", "os.listdir", "os.scandir", "glob.glob", "glob.iglob")
            return any(n in script for n in (*needles, "pathlib.Path", ".rglob("))
    return False


def _is_python(cmd: str) -> bool:
    return cmd in ("python", "python2", "python3") or cmd.startswith(("python2.", "python3."))


# --- per-command summaries -----------------------------------------------------------------

_LS_FLAGS = {
    "ls": frozenset(
        {"-I", "-w", "--block-size", "--format", "--time-style", "--color", "--quoting-style"}
    ),
    "eza": frozenset({"-I", "--ignore-glob", "--color", "--sort", "--time-style", "--time"}),
}
_LS_FLAGS["exa"] = _LS_FLAGS["eza"]
_TREE_FLAGS = frozenset({"-L", "-P", "-I", "--charset", "--filelimit", "--sort"})
_DU_FLAGS = frozenset({"-d", "--max-depth", "-B", "--block-size", "--exclude", "--time-style"})
_RG_FLAGS = frozenset(
    {"-g", "--glob", "--iglob", "-t", "--type", "--type-add", "--type-not", "-m"}
    | {"--max-count", "-A", "-B", "-C", "--context", "--max-depth"}
)
_GIT_LS_FILES_FLAGS = frozenset({"--exclude", "--exclude-from", "--pathspec-from-file"})
_FD_FLAGS = frozenset({"-t", "--type", "-e", "--extension", "-E", "--exclude", "--search-path"})
_AG_FLAGS = frozenset(
    {"-G", "-g", "--file-search-regex", "--ignore-dir", "--ignore-file", "--path-to-ignore"}
)
_BAT_FLAGS = frozenset(
    {"--theme", "--language", "--style", "--terminal-width", "--tabs", "--line-range"}
    | {"--map-syntax"}
)
_LESS_FLAGS = frozenset(
    {"-p", "-P", "-x", "-y", "-z", "-j", "--pattern", "--prompt", "--tabs", "--shift"}
    | {"--jump-target"}
)
_NL_FLAGS = frozenset({"-s", "-w", "-v", "-i", "-b"})
_GREP_VALUE_FLAGS = frozenset(
    {"-m", "--max-count", "-C", "--context", "-A", "--after-context", "-B"} | {"--before-context"}
)


def _read(main: list[str], path: str) -> _Read:
    return _Read(shlex_join(main), _short_display_path(path), path)


def _single_operand(args: list[str], flags: frozenset[str]) -> str | None:
    operands = _positional_operands(args, flags)
    return operands[0] if len(operands) == 1 else None


def _summarize(main: list[str]) -> _Parsed:
    if not main:
        return _Unknown("")
    head, tail = main[0], main[1:]
    joined = shlex_join(main)
    if head in _LS_FLAGS or head in ("tree", "du"):
        flags = _LS_FLAGS.get(head) or (_TREE_FLAGS if head == "tree" else _DU_FLAGS)
        operands = _positional_operands(tail, flags)
        return _ListFiles(joined, _short_display_path(operands[0]) if operands else None)
    if head in ("rg", "rga", "ripgrep-all"):
        args = _trim_at_connector(tail)
        operands = _non_flags(args, _RG_FLAGS)
        if "--files" in args:
            return _ListFiles(joined, _short_display_path(operands[0]) if operands else None)
        return _Search(
            joined,
            operands[0] if operands else None,
            _short_display_path(operands[1]) if len(operands) > 1 else None,
        )
    if head == "git":
        if tail[:1] == ["grep"]:
            return _parse_grep_like(main, tail[1:])
        if tail[:1] == ["ls-files"]:
            operands = _positional_operands(tail[1:], _GIT_LS_FILES_FLAGS)
            return _ListFiles(joined, _short_display_path(operands[0]) if operands else None)
        return _Unknown(joined)
    if head in ("fd", "find"):
        query, path = _fd_query_and_path(tail) if head == "fd" else _find_query_and_path(tail)
        return _Search(joined, query, path) if query is not None else _ListFiles(joined, path)
    if head in ("grep", "egrep", "fgrep"):
        return _parse_grep_like(main, tail)
    if head in ("ag", "ack", "pt"):
        operands = _non_flags(_trim_at_connector(tail), _AG_FLAGS)
        return _Search(
            joined,
            operands[0] if operands else None,
            _short_display_path(operands[1]) if len(operands) > 1 else None,
        )
    single_flags = {
        "cat": frozenset[str](),
        "more": frozenset[str](),
        "bat": _BAT_FLAGS,
        "batcat": _BAT_FLAGS,
        "less": _LESS_FLAGS,
    }
    if head in single_flags:
        path = _single_operand(tail, single_flags[head])
        return _read(main, path) if path is not None else _Unknown(joined)
    if head in ("head", "tail"):
        return _summarize_head_tail(main)
    if head == "awk":
        path = _awk_data_file_operand(tail)
        return _read(main, path) if path is not None else _Unknown(joined)
    if head == "nl":
        candidates = [a for a in _skip_flag_values(tail, _NL_FLAGS) if not a.startswith("-")]
        return _read(main, candidates[0]) if candidates else _Unknown(joined)
    if head == "sed":
        path = _sed_read_path(tail)
        return _read(main, path) if path is not None else _Unknown(joined)
    if _is_python(head) and _python_walks_files(tail):
        return _ListFiles(joined, path=None)
    return _Unknown(joined)


def _summarize_head_tail(main: list[str]) -> _Parsed:
    head, tail = main[0], main[1:]
    valid_n = _all_digits if head == "head" else _tail_n
    if tail and tail[0] == "-n":
        has_valid_n = len(tail) > 1 and valid_n(tail[1])
    else:
        has_valid_n = bool(tail) and tail[0].startswith("-n") and valid_n(tail[0][2:])
    if has_valid_n:
        # The count after a separate `-n` is not a file.
        candidates = tail[2:] if tail[0] == "-n" else tail
        for candidate in candidates:
            if not candidate.startswith("-"):
                return _read(main, candidate)
    if len(tail) == 1 and not tail[0].startswith("-"):
        return _read(main, tail[0])
    return _Unknown(shlex_join(main))


def _parse_grep_like(main: list[str], args: list[str]) -> _Search:
    operands: list[str] = []
    pattern: str | None = None
    after_double_dash = False
    iterator = iter(_trim_at_connector(args))
    for arg in iterator:
        if after_double_dash:
            operands.append(arg)
        elif arg == "--":
            after_double_dash = True
        elif arg in ("-e", "--regexp", "-f", "--file"):
            value = next(iterator, None)
            if value is not None and pattern is None:
                pattern = value
        elif arg in _GREP_VALUE_FLAGS:
            next(iterator, None)
        elif not arg.startswith("-"):
            operands.append(arg)
    # Queries keep their slashes; only the path is shortened for display.
    query = pattern if pattern is not None else (operands[0] if operands else None)
    path_index = 0 if pattern is not None else 1
    path = _short_display_path(operands[path_index]) if len(operands) > path_index else None
    return _Search(shlex_join(main), query, path)


def _fd_query_and_path(tail: list[str]) -> tuple[str | None, str | None]:
    operands = _non_flags(_trim_at_connector(tail), _FD_FLAGS)
    if len(operands) == 1:
        only = operands[0]
        return (None, _short_display_path(only)) if _is_pathish(only) else (only, None)
    if len(operands) >= 2:
        return operands[0], _short_display_path(operands[1])
    return None, None


def _find_query_and_path(tail: list[str]) -> tuple[str | None, str | None]:
    args = _trim_at_connector(tail)
    path = next(
        (
            _short_display_path(a)
            for a in args
            if not a.startswith("-") and a not in ("!", "(", ")")
        ),
        None,
    )
    query: str | None = None
    for index, arg in enumerate(args):
        if arg in ("-name", "-iname", "-path", "-regex"):
            if index + 1 < len(args):
                query = args[index + 1]
            break
    return query, path
