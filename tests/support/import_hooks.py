"""Seeing which processes import a module: a ``sitecustomize`` hook on the interpreters'
path (PYTHONPATH) that appends the pid of each process importing it to a file.

A server and its children (the model worker) all read PYTHONPATH, so the file tells which
of them imported the module, and a missing file that none did.
"""

from __future__ import annotations

import os
from pathlib import Path

_HOOK = """\
import os
import sys


class _RecordImport:
    def find_spec(self, name, path=None, target=None):
        if name in {modules!r}:
            with open(os.environ["SPINDLE_TEST_IMPORTERS"], "a") as log:
                log.write(f"{{os.getpid()}} {{name}}\\n")
        return None


sys.meta_path.insert(0, _RecordImport())
"""


def record_imports(module: str | tuple[str, ...], folder: Path) -> tuple[dict[str, str], Path]:
    """The environment that records the importers of ``module`` (top-level names), and
    the file they are recorded in (absent until a process imports one)."""
    modules = (module,) if isinstance(module, str) else module
    hooks = folder / "hooks"
    hooks.mkdir(parents=True)
    (hooks / "sitecustomize.py").write_text(_HOOK.format(modules=frozenset(modules)))
    importers = folder / f"{'-'.join(modules)}-importers"
    path = os.pathsep.join(filter(None, [str(hooks), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, "SPINDLE_TEST_IMPORTERS": str(importers)}, importers


def importer_pids(importers: Path, module: str | None = None) -> set[int]:
    """The pids recorded so far (of ``module``'s importers, or of any recorded module's)."""
    return {pid for pid, name in imports_recorded(importers) if module in (None, name)}


def imports_recorded(importers: Path) -> set[tuple[int, str]]:
    """(pid, module) for each recorded import so far."""
    if not importers.exists():
        return set()
    found = set()
    for line in importers.read_text().splitlines():
        pid, _, name = line.partition(" ")
        found.add((int(pid), name))
    return found
