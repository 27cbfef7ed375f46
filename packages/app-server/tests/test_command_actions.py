"""``commandActions`` and the command strings shown with them.

Every expected value here was produced by codex 0.169.0 for the same ``exec_command`` call
(its ``item/commandExecution/requestApproval`` params), except where a comment says it
comes from the reference's own unit tests in ``shell-command/src/parse_command.rs``.
"""

from __future__ import annotations

from typing import Any

import pytest
from spindle_app_server.tools._command_actions import (
    parse_command_actions,
    rust_shlex_split,
    shlex_join,
    shlex_quote,
)

CWD = "/w"


def read(command: str, name: str, path: str) -> dict[str, Any]:
    return {"type": "read", "command": command, "name": name, "path": path}


def listing(command: str, path: str | None) -> dict[str, Any]:
    return {"type": "listFiles", "command": command, "path": path}


def search(command: str, query: str | None, path: str | None) -> dict[str, Any]:
    return {"type": "search", "command": command, "query": query, "path": path}


def unknown(command: str) -> dict[str, Any]:
    return {"type": "unknown", "command": command}


# (script run as `/bin/bash -lc SCRIPT` in CWD, expected actions)
SCRIPTS: list[tuple[str, list[dict[str, Any]]]] = [
    # recorded in codex_tool_transcript.json
    ("echo hello-from-tool", [unknown("echo hello-from-tool")]),
    ("touch declined.txt", [unknown("touch declined.txt")]),
    ("cat seed.txt", [read("cat seed.txt", "seed.txt", "/w/seed.txt")]),
    # reads
    ("head -n 5 seed.txt", [read("head -n 5 seed.txt", "seed.txt", "/w/seed.txt")]),
    ("head -n50 Cargo.toml", [read("head -n50 Cargo.toml", "Cargo.toml", "/w/Cargo.toml")]),
    ("tail -n +10 seed.txt", [read("tail -n +10 seed.txt", "seed.txt", "/w/seed.txt")]),
    ("sed -n 1,5p seed.txt", [read("sed -n '1,5p' seed.txt", "seed.txt", "/w/seed.txt")]),
    ("cat /etc/hosts", [read("cat /etc/hosts", "hosts", "/etc/hosts")]),
    ("cat ../x.txt", [read("cat ../x.txt", "x.txt", "/x.txt")]),
    ("cat ./seed.txt", [read("cat ./seed.txt", "seed.txt", "/w/seed.txt")]),
    ("cat -- -x", [read("cat -- -x", "-x", "/w/-x")]),
    ("cat dir/sub/file.rs", [read("cat dir/sub/file.rs", "file.rs", "/w/dir/sub/file.rs")]),
    ("cat 'my file.txt'", [read("cat 'my file.txt'", "my file.txt", "/w/my file.txt")]),
    ("cat café.txt", [read("cat 'café.txt'", "café.txt", "/w/café.txt")]),
    ("cat ''", [read("cat ''", "", "/w")]),
    ("awk '{print $1}' seed.txt", [read("awk '{print $1}' seed.txt", "seed.txt", "/w/seed.txt")]),
    ("cd sub && cat f.txt", [read("cat f.txt", "f.txt", "/w/sub/f.txt")]),
    ("cd a && cd b && cat c.txt", [read("cat c.txt", "c.txt", "/w/a/b/c.txt")]),
    ("cd /tmp && cat x", [read("cat x", "x", "/tmp/x")]),
    ("cat a.txt | wc -l", [read("cat a.txt", "a.txt", "/w/a.txt")]),
    ("cat seed.txt | head -n 3", [read("cat seed.txt", "seed.txt", "/w/seed.txt")]),
    ("head -n 3 seed.txt | tail -n 1", [read("head -n 3 seed.txt", "seed.txt", "/w/seed.txt")]),
    ("echo hi && cat a.txt", [read("cat a.txt", "a.txt", "/w/a.txt")]),
    ("printf 'x\\n'; cat f", [read("cat f", "f", "/w/f")]),
    ("cat seed.txt && cat seed.txt", [read("cat seed.txt", "seed.txt", "/w/seed.txt")]),
    (
        "nl -ba seed.txt | sed -n '1,5p'",
        [read("nl -ba seed.txt | sed -n '1,5p'", "seed.txt", "/w/seed.txt")],
    ),
    (
        "cat seed.txt | sed -n '1,5p'",
        [read("cat seed.txt | sed -n '1,5p'", "seed.txt", "/w/seed.txt")],
    ),
    # listings
    ("ls -la src", [listing("ls -la src", "src")]),
    ("ls build/src/", [listing("ls build/src/", "build/src")]),
    ("ls -I '*.test.js'", [listing("ls -I '*.test.js'", path=None)]),
    ("ls -- --x", [listing("ls -- --x", "--x")]),
    ("ls !x", [listing("ls '!x'", "!x")]),
    ("ls;", [listing("'ls;'", path=None)]),
    ("ls\tsrc", [listing("ls src", "src")]),
    ("ls \\\n src", [listing("ls '' src", "src")]),
    ("eza --color=always src", [listing("eza '--color=always' src", "src")]),
    ("git ls-files", [listing("git ls-files", path=None)]),
    ("find src -type f", [listing("find src -type f", "src")]),
    ("rg --files | head -n 5", [listing("rg --files", path=None)]),
    ("rg --files webview/src | sed -n", [listing("rg --files webview/src", "webview")]),
    ("ls -la | sed -n '1,120p'", [listing("ls -la", path=None)]),
    ("true && rg --files", [listing("rg --files", path=None)]),
    ("yes | rg --files", [listing("rg --files", path=None)]),
    (
        "python3 -c 'import os; print(os.listdir())'",
        [listing("python3 -c 'import os; print(os.listdir())'", path=None)],
    ),
    # searches
    ("rg foo src", [search("rg foo src", "foo", "src")]),
    ("rg -l TODO src", [search("rg -l TODO src", "TODO", "src")]),
    ("rg -n 'foo bar' src", [search("rg -n 'foo bar' src", "foo bar", "src")]),
    ("grep -R foo .", [search("grep -R foo .", "foo", ".")]),
    ("grep -rn TODO src/app.py", [search("grep -rn TODO src/app.py", "TODO", "app.py")]),
    ("grep -e foo -e bar src", [search("grep -e foo -e bar src", "foo", "src")]),
    ("find . -name '*.py'", [search("find . -name '*.py'", "*.py", ".")]),
    ("fd main src", [search("fd main src", "main", "src")]),
    # from the reference's unit tests
    ("git grep TODO src", [search("git grep TODO src", "TODO", "src")]),
    (
        'rg -n "BUG|FIXME|TODO|XXX|HACK" -S | head -n 200',
        [search("rg -n 'BUG|FIXME|TODO|XXX|HACK' -S", "BUG|FIXME|TODO|XXX|HACK", path=None)],
    ),
    # several actions
    (
        "cat seed.txt; ls src",
        [read("cat seed.txt", "seed.txt", "/w/seed.txt"), listing("ls src", "src")],
    ),
    ("ls src && rg foo", [listing("ls src", "src"), search("rg foo", "foo", path=None)]),
    # anything unknown makes the whole script one unknown action
    ("ls && pwd", [unknown("ls && pwd")]),
    ("git status", [unknown("git status")]),
    ("cat a b", [unknown("cat a b")]),
    ("/bin/cat seed.txt", [unknown("/bin/cat seed.txt")]),
    ("rg foo | xargs sed -i s/a/b/", [unknown("rg foo | xargs sed -i s/a/b/")]),
    # not plain words: the script as written
    ("ls > out.txt", [unknown("ls > out.txt")]),
    ("ls ~", [unknown("ls ~")]),
    ("ls *.py", [unknown("ls *.py")]),
    ('cat "$HOME/x"', [unknown('cat "$HOME/x"')]),
    ("cat foo\\ bar", [unknown("cat foo\\ bar")]),
    ("ls -la # c", [unknown("ls -la # c")]),
    ("FOO=1 ls", [unknown("FOO=1 ls")]),
    ('"cat" x', [unknown('"cat" x')]),
    ("ls\npwd", [unknown("ls\npwd")]),
]


@pytest.mark.parametrize(("script", "expected"), SCRIPTS, ids=[s for s, _ in SCRIPTS])
def test_command_actions(script: str, expected: list[dict[str, Any]]) -> None:
    assert parse_command_actions(["/bin/bash", "-lc", script], CWD) == expected


@pytest.mark.parametrize("shell", ["bash", "/bin/zsh", "/usr/bin/sh"])
@pytest.mark.parametrize("flag", ["-c", "-lc"])
def test_every_posix_shell_wrapper_is_parsed(shell: str, flag: str) -> None:
    assert parse_command_actions([shell, flag, "cat seed.txt"], CWD) == [
        read("cat seed.txt", "seed.txt", "/w/seed.txt")
    ]


# Commands not wrapped in a shell (from the reference's unit tests).
ARGVS: list[tuple[list[str], list[dict[str, Any]]]] = [
    (["git", "status"], [unknown("git status")]),
    (["cd", "foo", "&&", "cat", "foo.txt"], [read("cat foo.txt", "foo.txt", "/w/foo/foo.txt")]),
    (["rg", "--files", "|", "nl", "-ba"], [listing("rg --files", path=None)]),
    (["rg", "--files", "&&", "true"], [listing("rg --files", path=None)]),
    (["fish", "-lc", "cat x"], [unknown("fish -lc 'cat x'")]),
    (["pwsh", "-NoProfile", "-c", "Write-Host hi"], [unknown("Write-Host hi")]),
]


@pytest.mark.parametrize(("argv", "expected"), ARGVS, ids=[" ".join(a) for a, _ in ARGVS])
def test_command_actions_without_a_shell(argv: list[str], expected: list[dict[str, Any]]) -> None:
    assert parse_command_actions(argv, CWD) == expected


# (argv, what the reference shows as the item's `command`)
JOINS: list[tuple[list[str], str]] = [
    (["/bin/bash", "-lc", "echo hello-from-tool"], "/bin/bash -lc 'echo hello-from-tool'"),
    (["/bin/bash", "-lc", "ls"], "/bin/bash -lc ls"),
    (["/bin/bash", "-lc", "find . -name '*.py'"], "/bin/bash -lc \"find . -name '*.py'\""),
    (["/bin/bash", "-lc", "awk '{print $1}' f"], "/bin/bash -lc \"awk '{print \"'$1}'\"' f\""),
    (["/bin/bash", "-lc", "cat a^b"], "/bin/bash -lc 'cat a''^b'"),
    (["/bin/bash", "-lc", "cat $'x'"], "/bin/bash -lc 'cat $'\"'x'\""),
    (["/bin/bash", "-lc", 'cat "a\\"b"'], '/bin/bash -lc "cat \\"a\\\\\\"b\\""'),
    (["sed", "-n", "1,5p", "f"], "sed -n '1,5p' f"),
    (["a=b", "", "x"], "'a=b' '' x"),
    (["^x"], "'^x'"),
    (["echo", "a\0b"], "<command included NUL byte>"),
]


@pytest.mark.parametrize(("argv", "expected"), JOINS, ids=[j for _, j in JOINS])
def test_shlex_join_quotes_like_the_rust_crate(argv: list[str], expected: str) -> None:
    assert shlex_join(argv) == expected


QUOTES = [
    ("foobar", "foobar"),
    ("foo bar", "'foo bar'"),
    ("'\"", '"\'\\""'),
    ("", "''"),
    ("it's", '"it\'s"'),
    ("a!b", "'a!b'"),
]


@pytest.mark.parametrize(("word", "expected"), QUOTES)
def test_shlex_quote(word: str, expected: str) -> None:
    assert shlex_quote(word) == expected


@pytest.mark.parametrize(
    "words",
    [["a", "b c", "it's", "$HOME", 'say "hi"', "back\\slash", "^caret", "é", "tab\there", ""]],
)
def test_split_undoes_join(words: list[str]) -> None:
    assert rust_shlex_split(shlex_join(words)) == words


SPLITS: list[tuple[str, list[str] | None]] = [
    ("foo$baz", ["foo$baz"]),
    ('foo"bar"baz', ["foobarbaz"]),
    ("   foo \nbar", ["foo", "bar"]),
    ("foo\\\nbar", ["foobar"]),
    ("'baz\\$b'", ["baz\\$b"]),
    ("ls;", ["ls;"]),
    ("foo #bar\nbaz", ["foo", "baz"]),
    ("foo#bar", ["foo#bar"]),
    ("'\\", None),
    ('"', None),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_rust_shlex_split(text: str, expected: list[str] | None) -> None:
    assert rust_shlex_split(text) == expected
