"""``[tool.argument-comment-lint]`` in pyproject.toml, discovered upward from each file.

Keys (all optional)::

    [tool.argument-comment-lint]
    first-party = ["mypkg"]          # top-level import names; inferred when absent
    src = ["src", "packages/*/src"]  # source roots (globs); inferred when absent
    exclude = ["generated/**"]       # globs relative to the project root

    [tool.argument-comment-lint.rules]
    uncommented-anonymous-literal-argument = "deny"   # or "warn"
    argument-comment-mismatch = "deny"

    [tool.argument-comment-lint.targets]             # replaces a target's default globs
    tests = ["tests/**", "**/test_*.py"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RULE_NAMES = ("uncommented-anonymous-literal-argument", "argument-comment-mismatch")
RULE_DESCRIPTIONS = (
    (
        "uncommented-anonymous-literal-argument",
        "anonymous literal argument passed to a named parameter",
    ),
    ("argument-comment-mismatch", "argument comment does not match the parameter"),
)
LEVELS = ("warn", "deny")
TARGETS = ("lib", "bins", "tests", "examples", "benches")
TABLE = "argument-comment-lint"


class ConfigError(Exception):
    """The configuration table is malformed."""


@dataclass(frozen=True)
class Config:
    root: Path
    first_party: tuple[str, ...] | None = None
    src: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    levels: dict[str, str] = field(default_factory=lambda: dict.fromkeys(RULE_NAMES, "deny"))
    targets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # From the root pyproject: workspace member globs and the [project.scripts] modules.
    workspace_members: tuple[str, ...] = ()
    workspace_exclude: tuple[str, ...] = ()
    has_table: bool = False

    def cache_key(self) -> tuple[object, ...]:
        """What changes findings per file (levels and targets do not)."""
        return (str(self.root), self.first_party, self.src, self.exclude, self.workspace_members)


def read_pyproject(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def load_config(root: Path) -> Config:
    """Read the configuration of the project rooted at ``root`` (defaults when absent)."""
    pyproject = root / "pyproject.toml"
    data = read_pyproject(pyproject) if pyproject.is_file() else {}
    tool = data.get("tool", {})
    table = tool.get(TABLE)
    uv_workspace = tool.get("uv", {}).get("workspace", {})
    members = _strings(uv_workspace.get("members", []), "tool.uv.workspace.members")
    member_exclude = _strings(uv_workspace.get("exclude", []), "tool.uv.workspace.exclude")
    if table is None:
        return Config(root, workspace_members=members, workspace_exclude=member_exclude)
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.{TABLE}] must be a table")
    known = {"first-party", "src", "exclude", "rules", "targets"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{pyproject}: unknown key(s) in [tool.{TABLE}]: {', '.join(unknown)}")
    where = f"{pyproject}: tool.{TABLE}"
    first_party = (
        _strings(table["first-party"], f"{where}.first-party") if "first-party" in table else None
    )
    src = _strings(table["src"], f"{where}.src") if "src" in table else None
    exclude = _strings(table.get("exclude", []), f"{where}.exclude")
    levels = dict.fromkeys(RULE_NAMES, "deny")
    rules = table.get("rules", {})
    if not isinstance(rules, dict):
        raise ConfigError(f"{where}.rules must be a table")
    for name, level in rules.items():
        if name not in RULE_NAMES:
            raise ConfigError(f"{where}.rules: unknown rule {name!r}")
        if level not in LEVELS:
            raise ConfigError(
                f"{where}.rules.{name}: level must be 'warn' or 'deny', not {level!r}"
            )
        levels[name] = level
    targets_table = table.get("targets", {})
    if not isinstance(targets_table, dict):
        raise ConfigError(f"{where}.targets must be a table")
    targets: dict[str, tuple[str, ...]] = {}
    for name, globs in targets_table.items():
        if name not in TARGETS:
            raise ConfigError(f"{where}.targets: unknown target {name!r}")
        targets[name] = _strings(globs, f"{where}.targets.{name}")
    return Config(
        root,
        first_party,
        src,
        exclude,
        levels,
        targets,
        members,
        member_exclude,
        has_table=True,
    )


def find_project_root(start: Path) -> Path:
    """The project a path belongs to.

    The nearest ancestor whose pyproject.toml has ``[tool.argument-comment-lint]``;
    else the nearest one declaring a uv workspace; else the nearest pyproject.toml;
    else the nearest folder with ``.git``; else ``start`` itself.
    """
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    nearest_pyproject: Path | None = None
    workspace: Path | None = None
    git: Path | None = None
    for candidate in (folder, *folder.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                tool = read_pyproject(pyproject).get("tool", {})
            except ConfigError:
                tool = {}
            if TABLE in tool:
                return candidate
            if workspace is None and "workspace" in tool.get("uv", {}):
                workspace = candidate
            if nearest_pyproject is None:
                nearest_pyproject = candidate
        if git is None and (candidate / ".git").exists():
            git = candidate
    return workspace or nearest_pyproject or git or folder
