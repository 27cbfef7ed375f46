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
        if name == {module!r}:
            with open(os.environ["SPINDLE_TEST_IMPORTERS"], "a") as log:
                log.write(f"{{os.getpid()}}\\n")
        return None


sys.meta_path.insert(0, _RecordImport())
"""


def record_imports(module: str, folder: Path) -> tuple[dict[str, str], Path]:
    """The environment that records the importers of ``module`` (a top-level name), and
    the file they are recorded in (absent until a process imports it)."""
    hooks = folder / "hooks"
    hooks.mkdir(parents=True)
    (hooks / "sitecustomize.py").write_text(_HOOK.format(module=module))
    importers = folder / f"{module}-importers"
    path = os.pathsep.join(filter(None, [str(hooks), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, "SPINDLE_TEST_IMPORTERS": str(importers)}, importers


def importer_pids(importers: Path) -> set[int]:
    """The pids recorded so far."""
    if not importers.exists():
        return set()
    return {int(line) for line in importers.read_text().split()}
