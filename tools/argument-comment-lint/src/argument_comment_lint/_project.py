"""Which files make up a project, their module names, and their targets."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ._config import Config, ConfigError, read_pyproject
from ._glob import matches

DEFAULT_TARGETS: dict[str, tuple[str, ...]] = {
    "tests": ("**/tests/**", "**/test/**", "**/test_*.py", "**/*_test.py", "**/conftest.py"),
    "examples": ("**/examples/**", "**/example/**"),
    "benches": ("**/benches/**", "**/benchmarks/**"),
    "bins": ("**/__main__.py", "**/scripts/**", "**/bin/**"),
}
_SKIP_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})
_SKIP_AT_ROOT = frozenset({"build", "dist"})
_NORMALIZE = re.compile(r"[-_.]+")


def normalize_name(name: str) -> str:
    return _NORMALIZE.sub("-", name).lower()


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    rel: str  # POSIX path relative to the project root
    module: str  # dotted module name, or "<rel>" when not importable
    is_package: bool
    importable: bool
    in_src_root: bool


@dataclass(frozen=True, slots=True)
class Member:
    name: str  # normalized [project].name
    path: Path
    scripts: tuple[str, ...]  # modules named by [project.scripts]


class Project:
    """A project root, its configuration, workspace members and Python files."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.root = config.root

    # -- members and source roots ---------------------------------------------

    @cached_property
    def members(self) -> tuple[Member, ...]:
        """The root project and every folder below it with its own pyproject.toml."""
        out = [self._member(self.root)]
        for folder in self._pyproject_folders:
            out.append(self._member(folder))
        return tuple(out)

    def _member(self, folder: Path) -> Member:
        pyproject = folder / "pyproject.toml"
        try:
            data = read_pyproject(pyproject) if pyproject.is_file() else {}
        except ConfigError:
            data = {}
        project = data.get("project", {})
        name = project.get("name") or folder.name
        scripts = project.get("scripts", {})
        modules = tuple(
            str(value).split(":")[0].strip() for value in scripts.values() if isinstance(value, str)
        )
        return Member(normalize_name(str(name)), folder, modules)

    @cached_property
    def source_roots(self) -> tuple[Path, ...]:
        """Configured source roots, or: each member's ``src/`` when it has one, else the member."""
        roots: list[Path] = []
        if self.config.src is not None:
            for pattern in self.config.src:
                roots.extend(p for p in sorted(self.root.glob(pattern)) if p.is_dir())
            roots.append(self.root)
        else:
            for member in self.members:
                src = member.path / "src"
                roots.append(src if src.is_dir() else member.path)
            roots.append(self.root)
        unique = dict.fromkeys(r.resolve() for r in roots)
        return tuple(sorted(unique, key=lambda p: len(p.parts), reverse=True))

    @cached_property
    def _root_prefixes(self) -> tuple[tuple[Path, str], ...]:
        return tuple((r, str(r).rstrip(os.sep) + os.sep) for r in self.source_roots)

    @cached_property
    def script_modules(self) -> frozenset[str]:
        return frozenset(m for member in self.members for m in member.scripts)

    # -- files ----------------------------------------------------------------

    def _walk(self) -> tuple[list[str], list[Path]]:
        files: list[str] = []
        pyprojects: list[Path] = []
        exclude = self.config.exclude
        root = str(self.root)
        prefix = root.rstrip(os.sep) + os.sep
        cut = len(prefix)
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            if folder != root:
                names = {e.name for e in entries}
                if "pyvenv.cfg" in names:
                    continue
                if "pyproject.toml" in names:
                    pyprojects.append(Path(folder))
            for entry in entries:
                name = entry.name
                if name[0] == ".":
                    continue
                if name.endswith(".py"):
                    if entry.is_file():
                        if exclude and matches(entry.path[cut:].replace(os.sep, "/"), exclude):
                            continue
                        files.append(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    if name in _SKIP_DIRS or name.endswith(".egg-info"):
                        continue
                    if folder == root and name in _SKIP_AT_ROOT:
                        continue
                    if exclude and matches(entry.path[cut:].replace(os.sep, "/"), exclude):
                        continue
                    stack.append(entry.path)
        files.sort()
        pyprojects.sort()
        return files, pyprojects

    @cached_property
    def _walked(self) -> tuple[list[str], list[Path]]:
        return self._walk()

    @cached_property
    def _pyproject_folders(self) -> list[Path]:
        return self._walked[1]

    @cached_property
    def files(self) -> tuple[SourceFile, ...]:
        """Every Python file of the project that is not excluded, in path order."""
        return tuple(self.source_file(Path(path)) for path in self._walked[0])

    def source_file(self, path: Path) -> SourceFile:
        if not path.is_absolute():
            path = path.resolve()
        text = str(path)
        root = str(self.root).rstrip(os.sep) + os.sep
        if text.startswith(root):
            rel = text[len(root) :].replace(os.sep, "/")
        else:
            rel = path.relative_to(self.root).as_posix()
        for source_root, prefix in self._root_prefixes:
            if not text.startswith(prefix):
                continue
            parts = tuple(text[len(prefix) :].split(os.sep))
            stem = parts[-1][:-3]
            names = [*parts[:-1], stem]
            if not all(n.isidentifier() for n in names):
                continue
            is_package = stem == "__init__"
            if is_package:
                names.pop()
            if not names:
                continue
            in_src = source_root.name == "src"
            return SourceFile(
                path, rel, ".".join(names), is_package, importable=True, in_src_root=in_src
            )
        return SourceFile(
            path, rel, f"<{rel}>", is_package=False, importable=False, in_src_root=False
        )

    def excluded(self, rel: str) -> bool:
        return bool(self.config.exclude) and matches(rel, self.config.exclude)

    # -- targets --------------------------------------------------------------

    def target_of(self, file: SourceFile) -> str:
        """lib, bins, tests, examples or benches (see DEFAULT_TARGETS)."""
        configured = self.config.targets
        for target in ("tests", "examples", "benches", "bins"):
            globs = configured.get(target, DEFAULT_TARGETS[target])
            if matches(file.rel, globs):
                return target
        if file.module in self.script_modules:
            return "bins"
        if "lib" in configured:
            return "lib" if matches(file.rel, configured["lib"]) else "bins"
        if file.importable and (file.is_package or "." in file.module or file.in_src_root):
            return "lib"
        return "bins"

    def member_named(self, name: str) -> Member | None:
        wanted = normalize_name(name)
        for member in self.members:
            if member.name == wanted or normalize_name(member.path.name) == wanted:
                return member
        return None

    def in_member(self, file: SourceFile, member: Member) -> bool:
        """True when ``file`` belongs to ``member`` and not to a member nested inside it."""
        if member.path != self.root and member.path not in file.path.parents:
            return False
        deeper = [
            m.path for m in self.members if m.path != member.path and member.path in m.path.parents
        ]
        if member.path == self.root:
            deeper = [m.path for m in self.members if m.path != self.root]
        return not any(d in file.path.parents for d in deeper)
