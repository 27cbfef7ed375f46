"""argument-comment-lint speed on a pinned ``moto`` corpus, against Fixit in the same run.

Corpus: the ``moto`` wheel from PyPI (version pinned below), unpacked into
``benches/.corpus/`` (gitignored) and linted with ``moto`` as first-party.
Baseline: Fixit 2.x running one equivalent libcst rule (positional literal arguments to
callables whose qualified name is first-party), installed in a throwaway environment
through ``uvx``, never as a project dependency.

Printed: cold run (empty cache), warm runs (nothing changed), an incremental run (one
file edited), a single-process cold run, files per second, and the ratios against
Fixit. Nothing is asserted.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

MOTO_VERSION = "5.1.4"
FIXIT_VERSION = "2.1.0"
HERE = Path(__file__).resolve().parent
CORPUS = HERE / ".corpus"

_PYPROJECT = """\
[project]
name = "moto-corpus"
version = "0"

[tool.argument-comment-lint]
first-party = ["moto"]

[tool.fixit]
root = true
enable = [".acl_bench_rule"]
disable = ["fixit.rules"]
"""

# The Fixit rule doing the same job with libcst's own name resolution.
_FIXIT_RULE = """\
import libcst as cst
from fixit import LintRule
from libcst.metadata import QualifiedNameProvider

_LITERALS = (cst.Integer, cst.Float, cst.Imaginary)


def _literal(node):
    if isinstance(node, cst.Name):
        return node.value in ("None", "True", "False")
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.expression, _LITERALS)
    return isinstance(node, _LITERALS)


class UncommentedAnonymousLiteralArgument(LintRule):
    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def visit_Call(self, node: cst.Call) -> None:
        names = self.get_metadata(QualifiedNameProvider, node.func, set())
        if not any(n.name.startswith("moto.") for n in names):
            return
        for arg in node.args:
            if arg.keyword is None and not arg.star and _literal(arg.value):
                self.report(arg, "anonymous literal argument")
"""


def _pip_download(spec: str, dest: Path) -> None:
    args = ["download", "--no-deps", "--only-binary", ":all:", spec, "-d", str(dest)]
    if shutil.which("uvx"):
        command = ["uvx", "--quiet", "pip", *args]
    else:
        command = [sys.executable, "-m", "pip", *args]
    subprocess.run(command, check=True, capture_output=True)


def corpus() -> Path:
    """Download and unpack the pinned moto wheel once; return the corpus project root."""
    root = CORPUS / f"moto-{MOTO_VERSION}"
    if (root / "moto").is_dir() and (root / "pyproject.toml").is_file():
        return root
    CORPUS.mkdir(parents=True, exist_ok=True)
    wheel = CORPUS / f"moto-{MOTO_VERSION}-py3-none-any.whl"
    if not wheel.is_file():
        print(f"downloading moto=={MOTO_VERSION} ...", flush=True)
        _pip_download(f"moto=={MOTO_VERSION}", CORPUS)
    staging = CORPUS / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    with zipfile.ZipFile(wheel) as archive:
        members = [n for n in archive.namelist() if n.startswith("moto/")]
        archive.extractall(staging, members)
    (staging / "pyproject.toml").write_text(_PYPROJECT)
    (staging / "acl_bench_rule.py").write_text(_FIXIT_RULE)
    shutil.rmtree(root, ignore_errors=True)
    staging.rename(root)
    return root


CPU: dict[float, float] = {}  # wall seconds of a run -> CPU seconds of its process tree


def _timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall time of one run; its CPU time (user + sys of the whole process tree) goes to CPU."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[wall] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, proc


def _lint(root: Path, *extra: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    command = [sys.executable, "-m", "argument_comment_lint", "--project", str(root)]
    return _timed([*command, "--all-targets", "--format", "json", *extra], root)


def _count(proc: subprocess.CompletedProcess[str]) -> int:
    try:
        return len(json.loads(proc.stdout)["findings"])
    except (ValueError, KeyError):
        return -1


def main() -> None:
    root = corpus()
    files = sorted((root / "moto").rglob("*.py"))
    lines = sum(len(f.read_bytes().splitlines()) for f in files)
    print(f"corpus: moto {MOTO_VERSION}: {len(files)} files, {lines} lines; cpus: {os.cpu_count()}")
    cache = root / ".argument-comment-lint-cache"

    shutil.rmtree(cache, ignore_errors=True)
    cold, proc = _lint(root)
    findings = _count(proc)
    print(
        f"cold (empty cache, {os.cpu_count()} workers): {cold:.2f} s, exit {proc.returncode}, {findings} findings"
    )

    warm_times = []
    for _ in range(5):
        seconds, proc = _lint(root)
        warm_times.append(seconds)
    warm = min(warm_times)
    print(f"warm (nothing changed): min {warm:.3f} s, median {statistics.median(warm_times):.3f} s")

    target = root / "moto" / "core" / "utils.py"
    original = target.read_bytes()
    try:
        target.write_bytes(original + b"\n# edited by the benchmark\n")
        incremental, proc = _lint(root)
        print(f"incremental (one file edited): {incremental:.3f} s, {_count(proc)} findings")
    finally:
        target.write_bytes(original)
    _lint(root)

    single, proc = _lint(root, "--no-cache", "--jobs", "1")
    print(f"cold, one process, no cache: {single:.2f} s, {_count(proc)} findings")

    fixit_cmd = ["uvx", "--quiet", "--from", f"fixit=={FIXIT_VERSION}", "fixit", "lint", "moto"]
    _timed(["uvx", "--quiet", "--from", f"fixit=={FIXIT_VERSION}", "fixit", "--version"], root)
    fixit, proc = _timed(fixit_cmd, root)
    fixit_findings = proc.stdout.count("UncommentedAnonymousLiteralArgument")
    print(
        f"baseline: Fixit {FIXIT_VERSION}, one equivalent libcst rule: {fixit:.2f} s, {fixit_findings} reports"
    )

    print()
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus")
    header = (
        f"{'run':<36}{'wall s':>9}{'files/s':>10}{'vs Fixit':>10}{'cpu s':>9}{'cpu vs Fixit':>14}"
    )
    print(header)
    fixit_cpu = CPU[fixit]
    for name, seconds in (
        ("argument-comment-lint cold", cold),
        ("argument-comment-lint warm (min)", warm),
        ("argument-comment-lint incremental", incremental),
        ("argument-comment-lint cold, 1 process", single),
        (f"fixit {FIXIT_VERSION}", fixit),
    ):
        cpu = CPU[seconds]
        print(
            f"{name:<36}{seconds:>9.3f}{len(files) / seconds:>10.0f}{seconds / fixit:>10.3f}"
            f"{cpu:>9.2f}{cpu / fixit_cpu:>14.3f}"
        )
    print()
    print(
        f"targets: cold <= 0.1x Fixit -> {cold / fixit:.3f}x (cpu {CPU[cold] / fixit_cpu:.3f}x); warm <= 0.3 s -> {warm:.3f} s"
    )


if __name__ == "__main__":
    main()
