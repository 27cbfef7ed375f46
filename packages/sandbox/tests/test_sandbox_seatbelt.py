"""Seatbelt profiles: golden SBPL for every policy shape, and hostile paths that cannot escape.

Regenerate the golden files after a deliberate change with
``SPINDLE_UPDATE_GOLDENS=1 uv run pytest packages/sandbox/tests/test_sandbox_seatbelt.py``
and review the diff. The paths below do not exist anywhere, so the profiles are the same on
every OS (canonicalisation leaves them alone, apart from macOS's ``/tmp`` ->
``/private/tmp``).
"""

from __future__ import annotations

import os
import posixpath
import sys
from pathlib import Path
from typing import Any

import pytest
from spindle_sandbox import InvalidPolicy, SandboxProbe, prepare_command, seatbelt_profile
from spindle_sandbox._seatbelt import _canonical

pytestmark = pytest.mark.requirement("R14")

GOLDEN = Path(__file__).parent / "golden" / "seatbelt"
CWD = "/spindle-golden/work"
HOSTILE = [
    '/spindle-golden/quote"(allow file-write* (subpath "/"))',
    "/spindle-golden/paren) (allow network*) (",
    "/spindle-golden/new\nline (allow default)",
    "/spindle-golden/back\\slash\\",
    "/spindle-golden/tab\there\x01ctl",
]

SHAPES: dict[str, tuple[dict[str, Any], dict[str, str] | None]] = {
    "read_only": ({"type": "readOnly"}, None),
    "read_only_network": ({"type": "readOnly", "networkAccess": True}, None),
    "read_only_restricted": (
        {
            "type": "readOnly",
            "access": {
                "type": "restricted",
                "includePlatformDefaults": True,
                "readableRoots": ["/spindle-golden/docs", "/spindle-golden/ref/../lib"],
            },
        },
        None,
    ),
    "read_only_restricted_no_defaults": (
        {
            "type": "readOnly",
            "access": {
                "type": "restricted",
                "includePlatformDefaults": False,
                "readableRoots": ["/spindle-golden/docs"],
            },
        },
        None,
    ),
    "workspace_write": (
        {"type": "workspaceWrite", "writableRoots": ["/spindle-golden/cache"]},
        {"TMPDIR": "/spindle-golden/tmpdir/"},
    ),
    "workspace_write_network_no_tmp": (
        {
            "type": "workspaceWrite",
            "networkAccess": True,
            "excludeSlashTmp": True,
            "excludeTmpdirEnvVar": True,
        },
        {"TMPDIR": "/spindle-golden/tmpdir"},
    ),
    "workspace_write_restricted": (
        {
            "type": "workspaceWrite",
            "excludeSlashTmp": True,
            "readOnlyAccess": {"type": "restricted", "includePlatformDefaults": True},
        },
        None,
    ),
    "hostile_paths": (
        {
            "type": "workspaceWrite",
            "writableRoots": HOSTILE,
            "excludeSlashTmp": True,
            "readOnlyAccess": {
                "type": "restricted",
                "includePlatformDefaults": False,
                "readableRoots": HOSTILE,
            },
        },
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_profile_matches_its_golden_file(name: str) -> None:
    policy, env = SHAPES[name]
    profile = seatbelt_profile(policy, cwd=CWD, env=env)
    golden = GOLDEN / f"{name}.sbpl"
    if os.environ.get("SPINDLE_UPDATE_GOLDENS") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(profile, encoding="utf-8", newline="\n")
    assert profile == golden.read_text(encoding="utf-8")


def read_sbpl(text: str) -> tuple[list[Any], list[str]]:
    """A tiny SBPL reader: the top-level forms and every string literal, unescaped."""
    strings: list[str] = []
    stack: list[list[Any]] = [[]]
    index = 0
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
    while index < len(text):
        char = text[index]
        if char == ";":
            index = text.index("\n", index)
        elif char == "(":
            stack.append([])
        elif char == ")":
            form = stack.pop()
            stack[-1].append(form)
        elif char == '"':
            out = []
            index += 1
            while text[index] != '"':
                if text[index] == "\\":
                    code = text[index + 1]
                    if code == "x":
                        out.append(chr(int(text[index + 2 : index + 4], 16)))
                        index += 4
                        continue
                    out.append(escapes[code])
                    index += 2
                    continue
                assert text[index] != "\n", "raw newline inside a string literal"
                out.append(text[index])
                index += 1
            strings.append("".join(out))
            stack[-1].append(strings[-1])
        elif not char.isspace():
            end = index
            while end < len(text) and text[end] not in '()"; \n\t':
                end += 1
            stack[-1].append(("symbol", text[index:end]))
            index = end
            continue
        index += 1
    assert len(stack) == 1, "unbalanced parentheses"
    return stack[0], strings


def test_hostile_paths_stay_inside_their_string_literals() -> None:
    policy, env = SHAPES["hostile_paths"]
    forms, strings = read_sbpl(seatbelt_profile(policy, cwd=CWD, env=env))
    for path in HOSTILE:
        assert strings.count(posixpath.normpath(path)) >= 2  # readable and writable
    # The injected "(allow default)", "(allow network*)" and "(allow file-write* (subpath
    # "/"))" never became rules: every rule's filters are spindle's own.
    rules = [form for form in forms if isinstance(form, list) and form[0] == ("symbol", "allow")]
    allowed = {form[1][1] for form in rules}
    assert "default" not in allowed
    assert not any(op.startswith("network") for op in allowed)
    writes = [form for form in rules if form[1] == ("symbol", "file-write*")]
    assert [len(form) for form in writes] == [2 + len(HOSTILE) + 1]  # the roots and the cwd


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths on disk")
def test_git_codex_and_agents_inside_writable_roots_stay_read_only(tmp_path: Path) -> None:
    for name in (".git", ".codex", ".agents"):
        (tmp_path / name).mkdir()
    profile = seatbelt_profile(
        {"type": "workspaceWrite", "excludeSlashTmp": True}, cwd=str(tmp_path), env={}
    )
    root = _canonical(str(tmp_path))  # /tmp/... is /private/tmp/... on macOS
    assert (
        f'(require-all (subpath "{root}") (require-not (subpath "{root}/.git")) '
        f'(require-not (subpath "{root}/.codex")) (require-not (subpath "{root}/.agents")))'
    ) in profile


def test_unsandboxed_policies_have_no_profile() -> None:
    with pytest.raises(InvalidPolicy, match="dangerFullAccess policy runs commands without"):
        seatbelt_profile({"type": "dangerFullAccess"}, cwd=CWD)


def test_macos_runs_sandbox_exec_with_the_profile() -> None:
    probe = SandboxProbe(platform="darwin", backend="seatbelt", reason="test")
    prepared = prepare_command(
        ["ls"], {"type": "readOnly"}, cwd=CWD, env={"A": "1"}, probe=probe, platform="darwin"
    )
    assert prepared.backend == "seatbelt"
    assert prepared.argv == [
        "/usr/bin/sandbox-exec",
        "-p",
        seatbelt_profile({"type": "readOnly"}, cwd=CWD, env={"A": "1"}),
        "--",
        "ls",
    ]
    assert prepared.env == {
        "A": "1",
        "CODEX_SANDBOX_NETWORK_DISABLED": "1",
        "CODEX_SANDBOX": "seatbelt",
    }
