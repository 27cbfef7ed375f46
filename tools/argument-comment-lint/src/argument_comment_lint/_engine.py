"""One lint run: discover, summarize (cached, parallel), resolve, check (parallel), fix."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ._binding import bind
from ._cache import Cache, Entry
from ._config import TARGETS, Config, ConfigError, find_project_root, load_config
from ._index import Index
from ._model import FileError, Finding, ModuleSummary, ResolvedCall
from ._project import Project, SourceFile
from ._summary import SummaryError, summarize

if TYPE_CHECKING:
    from ._cst import FileResult

_POOL_THRESHOLD = 48
T = TypeVar("T")
R = TypeVar("R")


class UsageError(Exception):
    """Bad command-line input (unknown package, missing path): exit code 2."""


@dataclass(frozen=True)
class Options:
    paths: tuple[Path, ...] = ()
    project: Path | None = None
    targets: frozenset[str] | None = None  # None: all targets
    packages: tuple[str, ...] = ()
    fix: bool = False
    jobs: int | None = None
    use_cache: bool = True
    cache_dir: Path | None = None
    levels: tuple[tuple[str, str], ...] = ()  # command-line overrides, in order


@dataclass
class RunResult:
    findings: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, level)
    errors: list[FileError] = field(default_factory=list)
    fixed: int = 0
    files_fixed: int = 0
    files_checked: int = 0

    @property
    def denied(self) -> int:
        return sum(1 for _, level in self.findings if level == "deny")


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _iface_hash(summary: ModuleSummary) -> bytes:
    return _hash(pickle.dumps(summary.interface(), protocol=4))


# -- worker functions (module level so they pickle) ---------------------------


SummaryJob = tuple[str, str, bool]
# (path, stat, content hash, pickled summary, interface hash, parse error)
SummaryOut = tuple[str, tuple[int, int], bytes, bytes | None, bytes | None, str | None]


def _summarize_one(job: SummaryJob) -> SummaryOut:
    path, module, is_package = job
    st = os.stat(path)
    with open(path, "rb") as handle:
        data = handle.read()
    stat = (st.st_mtime_ns, st.st_size)
    try:
        summary = summarize(data, module, is_package, path)
    except SummaryError as exc:
        return path, stat, _hash(data), None, None, str(exc)
    # Pickled here, in the worker: the parent loads only the summaries it consults.
    blob = pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL)
    return path, stat, _hash(data), blob, _iface_hash(summary), None


Key = tuple[int, int, int, int]
CheckJob = tuple[str, list[tuple[Key, tuple[int, int] | None, ResolvedCall]], bool]


def _check_one(job: CheckJob) -> tuple[str, FileResult | str]:
    from ._cst import check_source
    from .rules import ALL_RULES

    path, sites, fix = job
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return path, check_source(data, sites, [rule() for rule in ALL_RULES], fix)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return path, f"libcst cannot parse: {first}"


def _run_batch(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [function(item) for item in items]


def _map(function: Callable[[T], R], items: list[T], jobs: int) -> list[R]:
    if jobs <= 1 or len(items) < _POOL_THRESHOLD:
        return [function(item) for item in items]
    size = max(1, min(64, len(items) // (jobs * 4)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    from concurrent.futures import ProcessPoolExecutor

    out: list[R] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for part in pool.map(_run_batch, [function] * len(chunks), chunks):
            out.extend(part)
    return out


# -- selection ----------------------------------------------------------------


def _select(project: Project, paths: Sequence[Path], options: Options) -> list[SourceFile]:
    files = project.files
    if paths:
        by_path = {f.path: f for f in files}
        chosen: dict[Path, SourceFile] = {}
        for raw in paths:
            path = raw.resolve()
            if path.is_dir():
                for f in files:
                    if path == f.path.parent or path in f.path.parents:
                        chosen[f.path] = f
            elif path in by_path:
                chosen[path] = by_path[path]
            elif path.suffix in (".py", ".pyi") and path.is_file():
                rel = path.relative_to(project.root).as_posix()
                if not project.excluded(rel):
                    chosen[path] = project.source_file(path)
        files = tuple(sorted(chosen.values(), key=lambda f: f.rel))
    if options.packages:
        members = []
        for name in options.packages:
            member = project.member_named(name)
            if member is None:
                known = ", ".join(sorted(m.name for m in project.members))
                raise UsageError(f"no package named {name!r} in {project.root} (known: {known})")
            members.append(member)
        files = tuple(f for f in files if any(project.in_member(f, m) for m in members))
    if options.targets is not None:
        files = tuple(f for f in files if project.target_of(f) in options.targets)
    return list(files)


def _levels(config: Config, overrides: Iterable[tuple[str, str]]) -> dict[str, str]:
    levels = dict(config.levels)
    for rule, level in overrides:
        levels[rule] = level
    return levels


# -- the run ------------------------------------------------------------------


def run(options: Options, cwd: Path | None = None) -> RunResult:
    """Lint (and with ``options.fix``, fix) the selected files of one or more projects."""
    cwd = cwd or Path.cwd()
    groups: dict[Path, list[Path]] = {}
    if options.paths:
        for raw in options.paths:
            path = raw if raw.is_absolute() else cwd / raw
            if not path.exists():
                raise UsageError(f"{raw}: no such file or folder")
            root = options.project.resolve() if options.project else find_project_root(path)
            groups.setdefault(root, []).append(path)
    else:
        start = options.project if options.project is not None else cwd
        if not start.exists():
            raise UsageError(f"{start}: no such project folder")
        root = start.resolve() if options.project is not None else find_project_root(start)
        groups[root] = []
    for target in options.targets or ():
        if target not in TARGETS:
            raise UsageError(f"unknown target {target!r}")
    result = RunResult()
    for root, paths in groups.items():
        try:
            config = load_config(root)
        except ConfigError as exc:
            raise UsageError(str(exc)) from exc
        project = Project(config)
        selected = _select(project, paths, options)
        _run_project(project, selected, options, result)
    result.findings.sort(
        key=lambda item: (item[0].path, item[0].line, item[0].column, item[0].rule)
    )
    return result


def _run_project(
    project: Project, selected: list[SourceFile], options: Options, result: RunResult
) -> None:
    jobs = options.jobs or os.cpu_count() or 1
    config = project.config
    cache = Cache.open(project.root, config.cache_key(), options.cache_dir, options.use_cache)
    manifest = cache.manifest
    all_files = list(project.files)
    known = {f.rel for f in all_files}
    all_files.extend(f for f in selected if f.rel not in known)

    # 1. What changed: stat, then content hash and ast summary in workers.
    to_summarize: list[SourceFile] = []
    for f in all_files:
        entry = manifest.get(f.rel)
        try:
            st = f.path.stat()
        except OSError:
            continue
        if entry is None or entry.stat != (st.st_mtime_ns, st.st_size):
            to_summarize.append(f)
    by_path = {str(f.path): f for f in to_summarize}
    fresh: dict[str, bytes] = {}
    outputs = _map(
        _summarize_one, [(str(f.path), f.module, f.is_package) for f in to_summarize], jobs
    )
    for path, stat, digest, blob, iface, error in outputs:
        f = by_path[path]
        old = manifest.get(f.rel)
        if old is not None and old.digest == digest:
            old.stat = stat
            if blob is not None:
                fresh[f.rel] = blob
            continue
        manifest[f.rel] = Entry(stat, digest, iface, error)
        if blob is not None:
            fresh[f.rel] = blob
    present = {f.rel for f in all_files}
    for rel in [r for r in manifest if r not in present]:
        del manifest[rel]

    modules: dict[str, list[bytes | None]] = {}
    for f in all_files:
        entry = manifest.get(f.rel)
        if entry is not None:
            modules.setdefault(f.module, []).append(entry.iface)
    iface_by_module = {
        name: (ifaces[0] if len(ifaces) == 1 else _hash(repr(sorted(map(repr, ifaces))).encode()))
        for name, ifaces in modules.items()
    }

    def valid(entry: Entry | None) -> bool:
        if entry is None:
            return False
        if entry.error is not None:
            return True
        if entry.findings is None or entry.deps is None:
            return False
        if options.fix and any(x.fixable for x in entry.findings):
            return False
        return all(iface_by_module.get(m) == h for m, h in entry.deps)

    stale = [f for f in selected if not valid(manifest.get(f.rel))]

    # 2. Resolve the stale files' call sites against the project-wide index.
    candidates: list[tuple[SourceFile, list[tuple[Key, tuple[int, int] | None, ResolvedCall]]]] = []
    if stale:
        stored = cache.summaries()
        for rel, blob in fresh.items():
            entry = manifest[rel]
            if stored.get(rel, (None,))[0] != entry.digest:
                stored[rel] = (entry.digest, blob)
                cache.summaries_dirty = True
        for rel in [r for r in stored if r not in present]:
            del stored[rel]
            cache.summaries_dirty = True
        missing = [
            f
            for f in all_files
            if manifest.get(f.rel) is not None
            and manifest[f.rel].error is None
            and stored.get(f.rel, (None,))[0] != manifest[f.rel].digest
        ]
        missing_by_path = {str(f.path): f for f in missing}
        for path, _stat, digest, blob, _iface, _error in _map(
            _summarize_one, [(str(f.path), f.module, f.is_package) for f in missing], jobs
        ):
            f = missing_by_path[path]
            if blob is not None:
                stored[f.rel] = (digest, blob)
                cache.summaries_dirty = True
        index = Index(
            (
                (f.module, stored[f.rel][1])
                for f in all_files
                if f.rel in stored
                and f.rel in manifest
                and stored[f.rel][0] == manifest[f.rel].digest
            ),
            config.first_party,
        )
        for f in stale:
            entry = manifest.get(f.rel)
            if entry is None or entry.error is not None or f.rel not in stored:
                continue
            summary = index.summary_of(f.module, stored[f.rel][1])
            deps: set[str] = set()
            resolved: list[tuple[Key, tuple[int, int] | None, ResolvedCall]] = []
            for site in summary.calls:
                call = index.resolve(summary, site.chain, site.self_class, site.self_kind, deps)
                if call is None:
                    continue
                if bind(call.params, [(a.keyword, a.starred) for a in site.args]) is None:
                    continue
                resolved.append((site.key, site.span, call))
            entry.deps = tuple((m, iface_by_module.get(m)) for m in sorted(deps))
            if resolved:
                candidates.append((f, resolved))
            else:
                entry.findings = ()

    # 3. The libcst pass, only on files with resolved call sites.
    levels = _levels(config, options.levels)
    files_by_path = {str(f.path): f for f, _ in candidates}
    jobs_list: list[CheckJob] = [(str(f.path), resolved, options.fix) for f, resolved in candidates]
    if jobs > 1 and len(jobs_list) >= _POOL_THRESHOLD:
        # Import libcst once here: forked workers inherit it instead of each importing it.
        from . import _cst, rules  # noqa: F401
    fixed_findings: dict[str, tuple[Finding, ...]] = {}
    for path, outcome in _map(_check_one, jobs_list, jobs):
        f = files_by_path[path]
        entry = manifest[f.rel]
        if isinstance(outcome, str):
            entry.error = outcome
            continue
        assert not isinstance(outcome, str)
        findings = tuple(
            Finding(
                f.rel,
                r.line,
                r.column,
                r.end_line,
                r.end_column,
                r.rule,
                r.message,
                r.suggestion,
                r.fixable,
            )
            for r in outcome.findings
        )
        if outcome.new_source is not None:
            f.path.write_bytes(outcome.new_source)
            result.fixed += outcome.fixed
            result.files_fixed += 1
            # The file changed: everything about it is recomputed next time.
            del manifest[f.rel]
            fixed_findings[f.rel] = findings
            continue
        entry.findings = findings

    # 4. Report, with paths relative to the working folder.
    for f in selected:
        entry = manifest.get(f.rel)
        if entry is not None and entry.error is not None:
            result.errors.append(FileError(_display(f.path), entry.error))
            continue
        shown = fixed_findings.get(f.rel) if entry is None else entry.findings
        if not shown:
            continue
        display = _display(f.path)
        for x in shown:
            result.findings.append((x._replace(path=display), levels.get(x.rule, "deny")))
    result.files_checked += len(selected)
    cache.save()


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


__all__ = ["Options", "RunResult", "UsageError", "run"]
