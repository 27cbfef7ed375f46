#!/usr/bin/env python3
"""What run.sh and run-prebuilt-linter.sh share: the final argument list, and the launch.

    run.sh [WRAPPER OPTIONS] [-- LINT OPTIONS]
    run-prebuilt-linter.sh [WRAPPER OPTIONS] [-- LINT OPTIONS]

Wrapper options (before ``--``): ``--project PATH``, ``--package NAME`` (repeatable),
``--workspace``, ``--fix``. Anything else before ``--`` is treated as a lint option.
Lint options (after ``--``): target flags, ``--format``, ``--deny/--warn RULE``, paths...

Defaults, in the order they are applied:

* no ``--project`` and no ``--package``: lint the whole workspace from the repository
  root (``--project <repo root> --workspace``);
* ``--package`` without ``--project``: ``--project <repo root>`` only; an explicit
  package never forces a workspace-wide run;
* an explicit ``--project`` is kept as given;
* no target flag and no ``--fix``: ``--all-targets`` (``--fix`` alone fixes --lib);
* no ``--deny``/``--warn`` from the caller: deny both rules;
* ``ARGUMENT_COMMENT_LINT_STRICT=1``: deny both rules even when the caller set levels
  (appended last, so it wins); ``ARGUMENT_COMMENT_LINT_STRICT=0``: add no levels (the
  ``[tool.argument-comment-lint.rules]`` levels apply).

The final list always holds exactly one ``--``, whatever the caller passed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

RULES = ("uncommented-anonymous-literal-argument", "argument-comment-mismatch")
TARGET_FLAGS = frozenset({"--lib", "--bins", "--tests", "--examples", "--benches", "--all-targets"})
LEVEL_FLAGS = frozenset({"--deny", "--warn"})
STRICT_ENV = "ARGUMENT_COMMENT_LINT_STRICT"
BIN_ENV = "ARGUMENT_COMMENT_LINT_BIN"
TOOL_DIR = Path(__file__).resolve().parent
REPO_ROOT = TOOL_DIR.parents[1]


class WrapperError(Exception):
    """Bad wrapper arguments: exit code 2."""


@dataclass
class WrapperArgs:
    project: str | None = None
    packages: list[str] = field(default_factory=list)
    workspace: bool = False
    fix: bool = False
    lint: list[str] = field(default_factory=list)


def parse_wrapper_args(argv: Sequence[str]) -> WrapperArgs:
    """Split the caller's arguments into wrapper options and lint options."""
    parsed = WrapperArgs()
    args = list(argv)
    if "--" in args:
        cut = args.index("--")
        before, after = args[:cut], args[cut + 1 :]
    else:
        before, after = args, []
    i = 0
    while i < len(before):
        arg = before[i]
        if arg in ("--project", "--package"):
            if i + 1 >= len(before):
                raise WrapperError(f"{arg} needs a value")
            value = before[i + 1]
            if arg == "--project":
                parsed.project = value
            else:
                parsed.packages.append(value)
            i += 2
            continue
        if arg.startswith("--project="):
            parsed.project = arg.split("=", 1)[1]
        elif arg.startswith("--package="):
            parsed.packages.append(arg.split("=", 1)[1])
        elif arg == "--workspace":
            parsed.workspace = True
        elif arg == "--fix":
            parsed.fix = True
        else:
            parsed.lint.append(arg)
        i += 1
    # Further separators the caller passed are dropped: exactly one reaches the linter.
    parsed.lint.extend(a for a in after if a != "--")
    return parsed


def build_final_args(
    parsed: WrapperArgs, repo_root: Path = REPO_ROOT, env: Mapping[str, str] | None = None
) -> list[str]:
    """The exact argument list given to ``argument-comment-lint``."""
    env = os.environ if env is None else env
    head: list[str] = []
    if parsed.project is not None:
        head += ["--project", parsed.project]
    else:
        head += ["--project", str(repo_root)]
    if parsed.workspace or (parsed.project is None and not parsed.packages):
        head.append("--workspace")
    for package in parsed.packages:
        head += ["--package", package]
    if parsed.fix:
        head.append("--fix")
    lint = list(parsed.lint)
    if not parsed.fix and not any(a in TARGET_FLAGS for a in lint):
        lint.append("--all-targets")
    strict = env.get(STRICT_ENV, "")
    caller_levels = any(a in LEVEL_FLAGS or a.split("=", 1)[0] in LEVEL_FLAGS for a in lint)
    if strict == "1" or (strict != "0" and not caller_levels):
        for rule in RULES:
            lint += ["--deny", rule]
    return [*head, "--", *lint]


def linter_command(
    mode: str, final: Sequence[str], env: Mapping[str, str] | None = None
) -> list[str]:
    """``source``: this interpreter (run.sh starts it through ``uv run``); ``prebuilt``:
    the installed ``argument-comment-lint`` (or ``$ARGUMENT_COMMENT_LINT_BIN``)."""
    env = os.environ if env is None else env
    if mode == "source":
        return [sys.executable, "-m", "argument_comment_lint", *final]
    if mode == "prebuilt":
        binary = env.get(BIN_ENV) or shutil.which("argument-comment-lint")
        if not binary:
            raise WrapperError(
                "argument-comment-lint is not installed: pip install ./tools/argument-comment-lint "
                f"(or set {BIN_ENV})"
            )
        return [binary, *final]
    raise WrapperError(f"unknown mode {mode!r} (source or prebuilt)")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(
            "usage: wrapper_common.py {source|prebuilt} [OPTIONS] [-- LINT OPTIONS]",
            file=sys.stderr,
        )
        return 2
    mode, rest = args[0], args[1:]
    try:
        command = linter_command(mode, build_final_args(parse_wrapper_args(rest)))
    except WrapperError as exc:
        print(f"argument-comment-lint wrapper: error: {exc}", file=sys.stderr)
        return 2
    if os.environ.get("ARGUMENT_COMMENT_LINT_PRINT_COMMAND") == "1":
        print(" ".join(command), file=sys.stderr)
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
