"""End to end: the real command on a copy of the multi-package fixture workspace."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

TOOL_DIR = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The ``run_cli`` fixture of conftest.py.
RunCli = Callable[..., subprocess.CompletedProcess[str]]


LIT = "uncommented-anonymous-literal-argument"
MIS = "argument-comment-mismatch"

CORE = "packages/core/src/acme_core/net.py"
SERVICE = "packages/app/src/acme_app/service.py"
CLI = "packages/app/src/acme_app/cli.py"
TESTS = "tests/test_service.py"
EXAMPLE = "examples/demo.py"
BENCH = "benches/bench_net.py"
SCRIPT = "scripts/provision.py"

LIB = {
    (CORE, 22, LIT),
    (CORE, 26, LIT),
    (CORE, 26, LIT),
    (SERVICE, 6, LIT),
    (SERVICE, 7, LIT),
    (SERVICE, 10, MIS),
}
BINS = {(CLI, 5, LIT), (SCRIPT, 3, LIT)}
TEST_FINDINGS = {(TESTS, 5, LIT)}
EXAMPLES = {(EXAMPLE, 3, LIT)}
BENCHES = {(BENCH, 3, LIT)}
ALL = LIB | BINS | TEST_FINDINGS | EXAMPLES | BENCHES

_LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[a-z-]+) ")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    shutil.copytree(FIXTURES / "workspace", root)
    return root


def findings(stdout: str) -> set[tuple[str, int, str]]:
    out = set()
    for line in stdout.splitlines():
        match = _LINE.match(line)
        if match:
            out.add((match["path"].replace("\\", "/"), int(match["line"]), match["rule"]))
    return out


def test_no_target_flag_lints_all_targets(run_cli: RunCli, workspace: Path) -> None:
    proc = run_cli(cwd=workspace)
    assert proc.returncode == 1, proc.stderr
    assert findings(proc.stdout) == ALL
    # Every finding line is followed by its suggestion.
    lines = proc.stdout.splitlines()
    assert all(
        lines[i + 1].startswith("    suggestion: ")
        for i, text in enumerate(lines)
        if _LINE.match(text)
    )


def test_text_line_format_and_mismatch_message(run_cli: RunCli, workspace: Path) -> None:
    proc = run_cli(cwd=workspace)
    assert (
        f"{SERVICE}:10:9: {MIS} argument comment `# retries` does not match parameter `timeout`"
        in proc.stdout
    )
    assert "    suggestion: use `# timeout` [fixable with --fix]" in proc.stdout


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--lib"], LIB),
        (["--bins"], BINS),
        (["--tests"], TEST_FINDINGS),
        (["--examples"], EXAMPLES),
        (["--benches"], BENCHES),
        (["--lib", "--bins"], LIB | BINS),
        (["--all-targets"], ALL),
        (["--", "--tests"], TEST_FINDINGS),
    ],
)
def test_target_flags_select_files(
    run_cli: RunCli, workspace: Path, flags: list[str], expected: set[tuple[str, int, str]]
) -> None:
    proc = run_cli(*flags, cwd=workspace)
    assert proc.returncode == 1, proc.stderr
    assert findings(proc.stdout) == expected


def test_package_narrows_to_one_member(run_cli: RunCli, workspace: Path) -> None:
    proc = run_cli("--package", "acme-core", cwd=workspace)
    assert proc.returncode == 1
    assert findings(proc.stdout) == {f for f in ALL if f[0] == CORE}
    proc = run_cli("--package", "acme-app", "--package", "acme-core", "--lib", cwd=workspace)
    assert findings(proc.stdout) == LIB


def test_unknown_package_is_a_usage_error(run_cli: RunCli, workspace: Path) -> None:
    proc = run_cli("--package", "nope", cwd=workspace)
    assert proc.returncode == 2
    assert "no package named 'nope'" in proc.stderr


def test_unknown_option_is_a_usage_error(run_cli: RunCli, workspace: Path) -> None:
    assert run_cli("--frobnicate", cwd=workspace).returncode == 2
    assert run_cli("--fix", "--frobnicate", cwd=workspace).returncode == 2
    assert run_cli("--deny", "no-such-rule", cwd=workspace).returncode == 2


def test_fix_without_target_flag_fixes_lib_only(run_cli: RunCli, workspace: Path) -> None:
    proc = run_cli("--fix", cwd=workspace)
    # clamp()'s positional-only literal on one line cannot be fixed: exit 1.
    assert proc.returncode == 1, proc.stderr
    assert findings(proc.stdout) == {(SERVICE, 7, LIT)}
    assert "Fixed 5 finding(s) in 2 file(s)." in proc.stderr
    core = (workspace / CORE).read_text()
    assert "return self.send({}, urgent=False)" in core
    assert "return Client(base_url=None, retries=3)" in core
    service = (workspace / SERVICE).read_text()
    assert 'Client("https://example.invalid", retries=2)' in service
    assert "10,  # timeout" in service
    # bins, tests, examples and benches were not touched.
    assert (workspace / CLI).read_text() == (FIXTURES / "workspace" / CLI).read_text()
    assert (workspace / TESTS).read_text() == (FIXTURES / "workspace" / TESTS).read_text()
    # Idempotent.
    again = run_cli("--fix", cwd=workspace)
    assert again.returncode == 1
    assert "Fixed" not in again.stderr
    assert (workspace / CORE).read_text() == core


def test_fix_exits_zero_when_everything_was_fixed(run_cli: RunCli, workspace: Path) -> None:
    proc = run_cli("--fix", "--package", "acme-core", cwd=workspace)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Fixed 3 finding(s) in 1 file(s)." in proc.stderr
    assert run_cli("--package", "acme-core", cwd=workspace).returncode == 0


def test_fix_all_targets_then_only_unfixable_remain(run_cli: RunCli, workspace: Path) -> None:
    proc = run_cli("--fix", "--all-targets", cwd=workspace)
    assert proc.returncode == 1
    assert findings(proc.stdout) == {(SERVICE, 7, LIT)}
    for rel in (CORE, SERVICE, CLI, TESTS, EXAMPLE, BENCH, SCRIPT):
        compile((workspace / rel).read_text(), rel, "exec")
    assert findings(run_cli(cwd=workspace).stdout) == {(SERVICE, 7, LIT)}


def test_clean_project_exits_zero(run_cli: RunCli, tmp_path: Path) -> None:
    root = tmp_path / "clean"
    (root / "pkg").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'clean'\nversion = '0'\n")
    (root / "pkg" / "__init__.py").write_text("def f(flag):\n    return flag\n\n\nf(flag=True)\n")
    assert run_cli(cwd=root).returncode == 0
    assert run_cli("--fix", cwd=root).returncode == 0
    assert run_cli("--format", "json", cwd=root).returncode == 0


def test_unparsable_file_is_one_error_and_exit_2(run_cli: RunCli, workspace: Path) -> None:
    broken = workspace / "packages/app/src/acme_app/broken.py"
    broken.write_text("def oops(:\n    pass\n")
    proc = run_cli(cwd=workspace)
    assert proc.returncode == 2
    errors = [line for line in proc.stdout.splitlines() if "error:" in line]
    assert errors == [
        "packages/app/src/acme_app/broken.py: error: syntax error: invalid syntax (line 1)"
    ]
    # The other files are still linted.
    assert findings(proc.stdout) == ALL
    # --fix still fixes the others, and still exits 2.
    proc = run_cli("--fix", cwd=workspace)
    assert proc.returncode == 2
    assert "urgent=False" in (workspace / CORE).read_text()


def test_bad_encoding_is_one_error(run_cli: RunCli, workspace: Path) -> None:
    (workspace / "scripts" / "latin.py").write_bytes(b"x = '\xe9'\n")
    proc = run_cli("--bins", cwd=workspace)
    assert proc.returncode == 2
    assert "scripts/latin.py: error: " in proc.stdout
    assert findings(proc.stdout) == BINS


def test_json_format(run_cli: RunCli, workspace: Path) -> None:
    proc = run_cli("--format", "json", cwd=workspace)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    got = {(f["path"], f["line"], f["rule"]) for f in doc["findings"]}
    assert got == ALL
    assert all(f["level"] == "deny" for f in doc["findings"])
    assert doc["errors"] == []


def test_github_format(run_cli: RunCli, workspace: Path) -> None:
    proc = run_cli("--format", "github", "--bins", cwd=workspace)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        f"::error file={CLI},line=5,col=18,endLine=5,endColumn=22,title={LIT}::"
    )


def test_sarif_format(run_cli: RunCli, workspace: Path) -> None:
    proc = run_cli("--format", "sarif", cwd=workspace)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {LIT, MIS}
    assert len(run["results"]) == len([f for f in ALL]) + 1  # two findings on CORE line 26


def test_warn_level_from_config_exits_zero(run_cli: RunCli, workspace: Path) -> None:
    pyproject = workspace / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text()
        + f'\n[tool.argument-comment-lint.rules]\n{LIT} = "warn"\n{MIS} = "warn"\n'
    )
    proc = run_cli(cwd=workspace)
    assert proc.returncode == 0
    assert findings(proc.stdout) == ALL
    assert "(warning)" in proc.stdout
    # The command line overrides the configuration.
    assert run_cli("--deny", MIS, cwd=workspace).returncode == 1


def test_bad_config_is_a_usage_error(run_cli: RunCli, workspace: Path) -> None:
    pyproject = workspace / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text() + '\n[tool.argument-comment-lint.rules]\nnope = "deny"\n'
    )
    proc = run_cli(cwd=workspace)
    assert proc.returncode == 2
    assert "unknown rule 'nope'" in proc.stderr


def test_config_is_found_upward_from_each_file(
    run_cli: RunCli, workspace: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = run_cli(workspace / SERVICE, workspace / CLI, cwd=elsewhere)
    assert proc.returncode == 1
    got = {((elsewhere / p).resolve(), line, rule) for p, line, rule in findings(proc.stdout)}
    expected = {(workspace / p, line, rule) for p, line, rule in LIB | BINS if p in (SERVICE, CLI)}
    assert got == {(p.resolve(), line, rule) for p, line, rule in expected}


def test_excluded_file_passed_explicitly_is_skipped(run_cli: RunCli, workspace: Path) -> None:
    generated = workspace / "generated"
    generated.mkdir()
    (generated / "models.py").write_text("from acme_core import connect\n\nconnect(None)\n")
    assert run_cli("generated/models.py", cwd=workspace).returncode == 0
    assert findings(run_cli(cwd=workspace).stdout) == ALL


def test_changed_signature_invalidates_cached_callers(run_cli: RunCli, workspace: Path) -> None:
    first = run_cli("--bins", cwd=workspace)
    assert "parameter `base_url` of `core.connect`" in first.stdout
    net = workspace / CORE
    net.write_text(net.read_text().replace("def connect(base_url:", "def connect(url:"))
    second = run_cli("--bins", cwd=workspace)
    assert "parameter `url` of `core.connect`" in second.stdout
    assert "base_url" not in second.stdout.split("core.connect")[0]


def test_cache_dir_is_created_and_ignored(run_cli: RunCli, workspace: Path) -> None:
    run_cli(cwd=workspace)
    cache = workspace / ".argument-comment-lint-cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    warm = run_cli(cwd=workspace)
    assert findings(warm.stdout) == ALL
    cold = run_cli("--no-cache", cwd=workspace)
    assert cold.stdout == warm.stdout


def test_configured_target_globs(run_cli: RunCli, workspace: Path) -> None:
    qa = workspace / "qa"
    qa.mkdir()
    (qa / "smoke.py").write_text("from acme_core import connect\n\nconnect(None)\n")
    pyproject = workspace / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text() + '\n[tool.argument-comment-lint.targets]\ntests = ["qa/**"]\n'
    )
    proc = run_cli("--tests", cwd=workspace)
    assert proc.returncode == 1
    # The configured globs replace the default ones for that target.
    assert findings(proc.stdout) == {("qa/smoke.py", 3, LIT)}


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["--fix"],
        ["--fix", "--all-targets"],
        ["--format", "json"],
        ["--format", "github"],
        ["--format", "sarif"],
    ],
    ids=["lint", "fix", "fix-all-targets", "json", "github", "sarif"],
)
def test_exit_codes_0_1_2_for_every_command(
    run_cli: RunCli, tmp_path: Path, command: list[str]
) -> None:
    root = tmp_path / "p"
    (root / "pkg").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'p'\nversion = '0'\n")
    (root / "pkg" / "__init__.py").write_text("def f(a, b):\n    return a\n")
    clean = root / "pkg" / "use.py"
    clean.write_text("from pkg import f\n\nf(a=1, b=2)\n")
    assert run_cli(*command, cwd=root).returncode == 0
    # Unfixable on one line (a later positional argument is not a literal): stays 1 with --fix.
    clean.write_text("from pkg import f\n\nx = 2\nf(1, x)\n")
    assert run_cli(*command, cwd=root).returncode == 1
    (root / "pkg" / "broken.py").write_text("def (:\n")
    proc = run_cli(*command, cwd=root)
    assert proc.returncode == 2
    assert "broken.py" in proc.stdout
