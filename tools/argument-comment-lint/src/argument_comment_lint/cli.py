"""The ``argument-comment-lint`` command.

    argument-comment-lint [OPTIONS] [PATHS...] [-- LINT OPTIONS]

Lints the project found from the current folder (or from each PATH). One ``--``
may separate workspace options from lint options, the way the wrappers pass
them; both sides accept every option.

Exit codes: 0 no deny-level findings; 1 deny-level findings; 2 usage error,
internal error, or a file that cannot be parsed.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._config import LEVELS, RULE_DESCRIPTIONS, RULE_NAMES, TARGETS
from ._engine import Options, UsageError, run
from ._output import FORMATS, render
from ._version import __version__

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class _LevelAction(argparse.Action):
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        assert isinstance(values, str)
        rules = RULE_NAMES if values == "all" else (values,)
        for rule in rules:
            if rule not in RULE_NAMES:
                parser.error(f"unknown rule {rule!r} (choose from {', '.join(RULE_NAMES)}, all)")
        levels = list(getattr(namespace, self.dest) or [])
        levels.extend((rule, self.const) for rule in rules)
        setattr(namespace, self.dest, levels)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="argument-comment-lint",
        description=(
            "Lint Python call sites: anonymous literal arguments to first-party callables "
            "(uncommented-anonymous-literal-argument) and argument comments that name the "
            "wrong parameter (argument-comment-mismatch)."
        ),
        epilog=(
            "Without a target flag every target is linted; --fix without a target flag "
            "fixes --lib only. Exit codes: 0 clean, 1 findings, 2 usage/internal/parse error."
        ),
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: the project)"
    )
    parser.add_argument(
        "--fix", action="store_true", help="apply the fixes that keep each call valid"
    )
    targets = parser.add_argument_group("targets")
    for target in TARGETS:
        targets.add_argument(f"--{target}", action="append_const", const=target, dest="targets")
    targets.add_argument("--all-targets", action="store_true", help="lint every target")
    parser.add_argument(
        "--package",
        action="append",
        default=[],
        metavar="NAME",
        help="only this workspace member (repeatable)",
    )
    parser.add_argument("--project", type=Path, help="the project root (default: found upward)")
    parser.add_argument(
        "--workspace",
        action="store_true",
        help="lint the whole workspace (the default when no path or package is given)",
    )
    parser.add_argument("--format", choices=FORMATS, default="text")
    for level in LEVELS:
        parser.add_argument(
            f"--{level}",
            action=_LevelAction,
            const=level,
            dest="levels",
            metavar="RULE",
            help=f"report RULE (or 'all') at level {level}; overrides pyproject.toml",
        )
    parser.add_argument(
        "--jobs", "-j", type=int, default=None, help="worker processes (default: CPUs)"
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _split_separator(argv: Sequence[str]) -> list[str]:
    """Drop the first ``--``: workspace options before it, lint options after it."""
    args = list(argv)
    if "--" in args:
        args.remove("--")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    try:
        ns = parser.parse_args(_split_separator(raw))
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_ERROR
    if ns.jobs is not None and ns.jobs < 1:
        print("argument-comment-lint: error: --jobs must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    if ns.all_targets:
        targets: frozenset[str] | None = None
    elif ns.targets:
        targets = frozenset(ns.targets)
    elif ns.fix:
        targets = frozenset({"lib"})
    else:
        targets = None
    options = Options(
        paths=tuple(ns.paths),
        project=ns.project,
        targets=targets,
        packages=tuple(ns.package),
        fix=ns.fix,
        jobs=ns.jobs,
        use_cache=not ns.no_cache,
        cache_dir=ns.cache_dir,
        levels=tuple(ns.levels or ()),
    )
    try:
        result = run(options)
    except UsageError as exc:
        print(f"argument-comment-lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception:
        print("argument-comment-lint: internal error:", file=sys.stderr)
        traceback.print_exc()
        return EXIT_ERROR
    output = render(result, ns.format, RULE_DESCRIPTIONS)
    if output:
        print(output)
    if ns.format == "text":
        summary = _summary(result, ns.fix)
        if summary:
            print(summary, file=sys.stderr)
    if result.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.denied else EXIT_CLEAN


def _summary(result: Any, fix: bool) -> str:
    parts: list[str] = []
    if fix and result.fixed:
        parts.append(f"Fixed {result.fixed} finding(s) in {result.files_fixed} file(s).")
    if result.findings:
        fixable = sum(1 for f, _ in result.findings if f.fixable)
        hint = f" ({fixable} fixable with --fix)" if fixable and not fix else ""
        parts.append(f"Found {len(result.findings)} finding(s){hint}.")
    if result.errors:
        parts.append(f"{len(result.errors)} file(s) could not be parsed.")
    return " ".join(parts)


if __name__ == "__main__":
    raise SystemExit(main())
