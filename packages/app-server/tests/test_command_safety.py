"""Shell script parsing, the dangerous-command check and the known-safe list.

``PLAIN`` and ``NOT_PLAIN`` are what codex 0.169.0 treated (or refused to treat) as plain
word commands; ``DANGEROUS``/``NOT_DANGEROUS`` are scripts it did or did not reject under
``approval_policy=never`` with "rm -f style commands are not permitted".
"""

from __future__ import annotations

import sys

import pytest
from spindle_app_server.tools._command_safety import (
    extract_shell_script,
    is_dangerous_command,
    is_known_safe_command,
    literal_commands,
    plain_script_commands,
    script_words,
)

PLAIN: list[tuple[str, list[list[str]]]] = [
    ("ls -1", [["ls", "-1"]]),
    ("ls && pwd; echo 'hi there' | wc -l", [["ls"], ["pwd"], ["echo", "hi there"], ["wc", "-l"]]),
    ("ls\npwd", [["ls"], ["pwd"]]),
    ("ls;", [["ls"]]),
    ("cat x\n", [["cat", "x"]]),
    ("ls &&\n pwd", [["ls"], ["pwd"]]),
    ('git commit -m "line1\nline2"', [["git", "commit", "-m", "line1\nline2"]]),
    ('echo "/usr"\'/\'"local"/bin', [["echo", "/usr/local/bin"]]),
    ("cat a'b'c", [["cat", "abc"]]),
    ("cat \"x\"y'z'", [["cat", "xyz"]]),
    ('cat a""', [["cat", "a"]]),
    ("cat ''", [["cat", ""]]),
    ("cat 'a\\b'", [["cat", "a\\b"]]),
    ("cat a=b %x @y x:y a,b +z", [["cat", "a=b", "%x", "@y", "x:y", "a,b", "+z"]]),
    ("ls !x", [["ls", "!x"]]),
    ("echo 123 456", [["echo", "123", "456"]]),
    ("test -f x", [["test", "-f", "x"]]),
    ("ls \\\n src", [["ls", "src"]]),
    ("l\\\ns x", [["ls", "x"]]),
    ("echo 'a\\\nb'", [["echo", "a\\\nb"]]),
    ('rg -n "foo" -g"*.py"', [["rg", "-n", "foo", "-g*.py"]]),
    ("cat café.txt", [["cat", "café.txt"]]),
    ("", []),
]

NOT_PLAIN = [
    "(ls)",
    "ls || (pwd && echo hi)",
    "ls > out.txt",
    "cat x 2>/dev/null",
    "echo hi & echo bye",
    "cat x &",
    "echo $(pwd)",
    "echo `pwd`",
    "echo $HOME",
    'echo "hi $USER"',
    "cat $'x'",
    "FOO=bar ls",
    "ls &&",
    "&& ls",
    "ls ;; pwd",
    "ls | | wc",
    "; ls",
    "ls |& wc",
    "ls ~",
    "ls *.py",
    "ls [ab]",
    "ls {a,b}",
    "cat foo\\ bar",
    'cat "a\\"b"',
    "ls -la # c",
    "cat a#b",
    "cat a^b",
    "ls ''\"\"",
    '"cat" x',
    "r''m x",
    "! ls",
    "[ -f x ]",
    "if true; then ls; fi",
    "for x in a; do ls; done",
    "cat <<EOF\nhi\nEOF",
    "echo 'unterminated",
]


@pytest.mark.parametrize(("script", "expected"), PLAIN, ids=[s for s, _ in PLAIN])
def test_plain_scripts(script: str, expected: list[list[str]]) -> None:
    assert plain_script_commands(script) == expected


@pytest.mark.parametrize("script", NOT_PLAIN)
def test_scripts_that_are_not_plain(script: str) -> None:
    assert plain_script_commands(script) is None


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["bash", "-lc", "ls"], ("bash", "ls")),
        (["/bin/zsh", "-c", "ls"], ("/bin/zsh", "ls")),
        (["/usr/bin/sh", "-lc", "ls"], ("/usr/bin/sh", "ls")),
        (["bash", "-lc", "git", "status"], None),
        (["fish", "-c", "ls"], None),
        (["bash", "-x", "ls"], None),
        (["ls"], None),
    ],
)
def test_extract_shell_script(argv: list[str], expected: tuple[str, str] | None) -> None:
    assert extract_shell_script(argv) == expected


def test_script_words_needs_a_shell_wrapper() -> None:
    assert script_words(["bash", "-lc", "ls && pwd"]) == [["ls"], ["pwd"]]
    assert script_words(["ls", "&&", "pwd"]) is None
    assert script_words(["bash", "-lc", "ls > x"]) is None


LITERAL: list[tuple[str, list[list[str]] | None]] = [
    ("ls && pwd", [["ls"], ["pwd"]]),
    ('rm -rf "$TARGET" >/dev/null', [["rm", "-rf"]]),
    ("cmd=rm; $cmd -rf x", []),
    ("echo 'rm -rf x'", [["echo", "rm -rf x"]]),
    ("x=$(rm -rf y)", [["rm", "-rf", "y"]]),
    ('echo "$(rm -rf y)"', [["rm", "-rf", "y"], ["echo"]]),
    ('for t in a b; do rm -r -f "$t"; done', [["rm", "-r", "-f"]]),
    ("if test -d x; then rm x; else ls; fi", [["test", "-d", "x"], ["rm", "x"], ["ls"]]),
    ("case a in a|b) ls;; *) pwd;; esac", [["ls"], ["pwd"]]),
    ("f() { ls; }", [["ls"]]),
    ("function f { ls; }", [["ls"]]),
    ("(ls) | { wc; }", [["ls"], ["wc"]]),
    ("[[ -d x ]] && ls", [["ls"]]),
    ("for ((i=0;i<1;i++)); do ls; done", [["ls"]]),
    ("diff <(ls a) b", [["ls", "a"], ["diff", "b"]]),
    ("cat <<EOF\nrm -rf x\nEOF\nls", [["cat"], ["ls"]]),
    ("cat <<EOF\n$(rm -rf x)\nEOF", [["rm", "-rf", "x"], ["cat"]]),
    ("cat <<'EOF'\n$(rm -rf x)\nEOF", [["cat"]]),
    ("arr=(a $(ls) b); echo", [["ls"], ["echo"]]),
    ("arr=(a b) rm -rf x", [["rm", "-rf", "x"]]),
    ("rm -rf\\ x", [["rm"]]),
    ("r''m -rf x", [["rm", "-rf", "x"]]),
    ("echo `ls`", [["ls"], ["echo"]]),
    ("ls 2>&1 | wc", [["ls"], ["wc"]]),
    ("if then rm -rf x", None),
    ("if true; then rm -rf x", None),
    ("ls && (rm -rf x", None),
    ("ls &&", None),
    ("echo 'open", None),
]


@pytest.mark.parametrize(("script", "expected"), LITERAL, ids=[s for s, _ in LITERAL])
def test_literal_commands(script: str, expected: list[list[str]] | None) -> None:
    assert literal_commands(script) == expected


DANGEROUS = [
    "rm -rf nx",
    "rm -f nx",
    "/bin/rm -fr nx",
    "rm -r -f nx",
    "rm nx -f",
    "rm --force nx",
    "rm -Rf nx",
    "rm -fv nx",
    "rm -i -f nx",
    'rm "-rf" nx',
    "rm -rf -- nx",
    "sudo rm -rf nx",
    "sudo env rm -rf nx",
    "env sudo rm -rf nx",
    "env -i rm -rf nx",
    "/usr/bin/env rm -rf nx",
    "env FOO=1 rm -rf nx",
    "FOO=1 rm -rf nx",
    "bash -c 'rm -rf nx'",
    'sh -c "rm -rf nx"',
    "echo `rm -rf nx`",
    'echo "$(rm -rf nx)"',
    "x=$(rm -rf nx)",
    "(rm -rf nx)",
    "{ rm -rf nx; }",
    "f() { rm -rf nx; }",
    "case a in a) rm -rf nx;; esac",
    "while false; do rm -rf nx; done",
    "if true; then rm -rf nx; fi",
    "for ((i=0;i<1;i++)); do rm -rf nx; done",
    "[[ -d x ]] && rm -rf nx",
    "! rm -rf nx",
    "rm -rf nx &",
    "echo x | rm -rf nx",
    "rm -rf nx > /dev/null",
    "RM=rm; rm -rf nx 2>/dev/null",
    "diff <(rm -rf nx) x",
    "cat <<EOF\n$(rm -rf nx)\nEOF",
    "r''m -rf nx",
]

NOT_DANGEROUS = [
    "rm nx",
    "rm -r nx",
    "rm -- -f",
    "rm -r -- -f nx",
    "rm -rf\\ nx",
    "git rm -rf nx",
    "git reset --hard",
    "env -u X rm -rf nx",
    "sudo -u root rm -rf nx",
    "command rm -rf nx",
    "exec rm -rf nx",
    "nohup rm -rf nx",
    "timeout 5 rm -rf nx",
    "nice rm -rf nx",
    "time rm -rf nx",
    "ls | xargs -0 rm -rf",
    "cmd=rm; $cmd -rf nx",
    "echo 'rm -rf nx'",
    "cat <<EOF\nrm -rf nx\nEOF",
    "if then rm -rf nx",
    "if true; then rm -rf nx",
    "ls && (rm -rf nx",
]


@pytest.mark.parametrize("script", DANGEROUS)
def test_dangerous_scripts(script: str) -> None:
    assert is_dangerous_command(["/bin/bash", "-lc", script])


@pytest.mark.parametrize("script", NOT_DANGEROUS)
def test_scripts_that_are_not_dangerous(script: str) -> None:
    assert not is_dangerous_command(["/bin/bash", "-lc", script])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["rm", "-rf", "/"], True),
        (["sudo", "rm", "-f", "x"], True),
        (["rm", "x"], False),
        (["sudo"], False),
        ([], False),
    ],
)
def test_dangerous_argv(argv: list[str], expected: bool) -> None:
    assert is_dangerous_command(argv) is expected


SAFE = [
    ["ls"],
    ["/bin/ls", "-la"],
    ["cat", "x"],
    ["base64"],
    ["base64", "-d", "x"],
    ["find", ".", "-name", "file.txt"],
    ["rg", "Cargo.toml", "-n"],
    ["sed", "-n", "1,5p", "file.txt"],
    ["sed", "-n", "10p"],
    ["nl", "-nrz", "Cargo.toml"],
    ["git", "status"],
    ["git", "log", "-p", "-1"],
    ["git", "diff", "--stat"],
    ["git", "show", "HEAD"],
    ["git", "branch"],
    ["git", "branch", "--show-current"],
    ["bash", "-lc", "ls"],
    ["zsh", "-lc", "ls -1"],
    ["bash", "-lc", "ls && pwd"],
    ["bash", "-lc", "echo 'hi' ; ls"],
    ["bash", "-lc", "ls | wc -l"],
    ["bash", "-lc", 'grep -R "Cargo.toml" -n || true'],
    ["bash", "-lc", "sed -n '1,5p' file.txt"],
    ["bash", "-lc", "git status"],
]

UNSAFE = [
    ["foo"],
    ["cargo", "check"],
    ["touch", "x"],
    ["git", "fetch"],
    ["git", "-C", "x", "status"],
    ["git", "-c", "core.pager=evil", "log"],
    ["git", "--git-dir=.x", "status"],
    ["git", "-p", "log"],
    ["git", "diff", "--output=x"],
    ["git", "log", "--ext-diff"],
    ["git", "branch", "new-branch"],
    ["git", "branch", "-D", "old"],
    ["find", ".", "-delete"],
    ["find", ".", "-name", "x", "-exec", "rm", "{}", ";"],
    ["find", ".", "-fprint", "/etc/passwd"],
    ["rg", "--pre", "pwned", "files"],
    ["rg", "--pre=pwned", "files"],
    ["rg", "-z", "files"],
    ["rg", "--search-zip", "files"],
    ["base64", "-o", "out.bin"],
    ["base64", "--output=out.bin"],
    ["base64", "-ob64.txt"],
    ["sed", "-i", "s/a/b/", "f"],
    ["sed", "-n", "xp", "f"],
    ["sed", "-n", "1,5p", "a", "b"],
    ["bash", "-lc", "ls > out"],
    ["bash", "-lc", "ls && rm -rf /"],
    ["bash", "-lc", "(ls)"],
    ["bash", "-lc", "'git status'"],
    ["bash", "-lc", "git", "status"],
    ["bash", "-lc", "find . -name file.txt -delete"],
    ["bash", "-lc", ""],
]


@pytest.mark.parametrize("argv", SAFE, ids=[" ".join(a) for a in SAFE])
def test_known_safe(argv: list[str]) -> None:
    assert is_known_safe_command(argv)


@pytest.mark.parametrize("argv", UNSAFE, ids=[" ".join(a) for a in UNSAFE])
def test_not_known_safe(argv: list[str]) -> None:
    assert not is_known_safe_command(argv)


def test_numfmt_and_tac_are_safe_on_linux_only() -> None:
    linux = sys.platform.startswith("linux")
    assert is_known_safe_command(["tac", "Cargo.toml"]) is linux
    assert is_known_safe_command(["numfmt", "1000"]) is linux
