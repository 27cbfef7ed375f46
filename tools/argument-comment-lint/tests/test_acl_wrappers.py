"""wrapper_common.py: the exact final argument lists, and both wrapper scripts for real."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOL_DIR = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _load() -> ModuleType:
    name = "acl_wrapper_common"
    spec = importlib.util.spec_from_file_location(name, TOOL_DIR / "wrapper_common.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


wrapper = _load()
ROOT = Path("/repo")
LIT = "uncommented-anonymous-literal-argument"
MIS = "argument-comment-mismatch"
DENY = ["--deny", LIT, "--deny", MIS]


def final(argv: list[str], env: dict[str, str] | None = None) -> list[str]:
    result: list[str] = wrapper.build_final_args(wrapper.parse_wrapper_args(argv), ROOT, env or {})
    return result


def test_defaults_lint_the_workspace_all_targets_and_deny_both_rules() -> None:
    assert final([]) == ["--project", "/repo", "--workspace", "--", "--all-targets", *DENY]


def test_forwarded_tests_flag() -> None:
    assert final(["--", "--tests"]) == ["--project", "/repo", "--workspace", "--", "--tests", *DENY]


def test_forwarded_lib_and_bins_flags() -> None:
    assert final(["--", "--lib", "--bins"]) == [
        "--project",
        "/repo",
        "--workspace",
        "--",
        "--lib",
        "--bins",
        *DENY,
    ]


def test_fix_does_not_add_all_targets() -> None:
    assert final(["--fix"]) == ["--project", "/repo", "--workspace", "--fix", "--", *DENY]
    assert final(["--fix", "--", "--tests"]) == [
        "--project",
        "/repo",
        "--workspace",
        "--fix",
        "--",
        "--tests",
        *DENY,
    ]


def test_explicit_project_is_preserved_and_not_forced_workspace_wide() -> None:
    assert final(["--project", "/tmp/custom", "--", "--bins"]) == [
        "--project",
        "/tmp/custom",
        "--",
        "--bins",
        *DENY,
    ]
    assert final(["--project=/tmp/custom", "--workspace"]) == [
        "--project",
        "/tmp/custom",
        "--workspace",
        "--",
        "--all-targets",
        *DENY,
    ]


def test_explicit_package_does_not_force_a_workspace_run() -> None:
    assert final(["--package", "acme-core", "--package", "acme-app", "--", "--tests"]) == [
        "--project",
        "/repo",
        "--package",
        "acme-core",
        "--package",
        "acme-app",
        "--",
        "--tests",
        *DENY,
    ]


def test_caller_levels_replace_the_default_denies() -> None:
    assert final(["--", "--warn", MIS]) == [
        "--project",
        "/repo",
        "--workspace",
        "--",
        "--warn",
        MIS,
        "--all-targets",
    ]


def test_strict_env_denies_both_rules_even_over_caller_levels() -> None:
    assert final(["--", "--warn", MIS], {"ARGUMENT_COMMENT_LINT_STRICT": "1"}) == [
        "--project",
        "/repo",
        "--workspace",
        "--",
        "--warn",
        MIS,
        "--all-targets",
        *DENY,
    ]


def test_strict_env_zero_adds_no_levels() -> None:
    assert final([], {"ARGUMENT_COMMENT_LINT_STRICT": "0"}) == [
        "--project",
        "/repo",
        "--workspace",
        "--",
        "--all-targets",
    ]


def test_exactly_one_separator_whatever_the_caller_passed() -> None:
    result = final(["--", "--tests", "--", "--lib", "--"])
    assert result.count("--") == 1
    assert result == ["--project", "/repo", "--workspace", "--", "--tests", "--lib", *DENY]


def test_lint_options_before_the_separator_move_after_it() -> None:
    assert final(["--lib", "--format", "json"]) == [
        "--project",
        "/repo",
        "--workspace",
        "--",
        "--lib",
        "--format",
        "json",
        *DENY,
    ]


def test_missing_option_value_is_an_error() -> None:
    with pytest.raises(wrapper.WrapperError):
        wrapper.parse_wrapper_args(["--project"])


def test_prebuilt_command_uses_the_bin_env() -> None:
    cmd = wrapper.linter_command(
        "prebuilt", ["--", "--lib"], {"ARGUMENT_COMMENT_LINT_BIN": "/opt/acl"}
    )
    assert cmd == ["/opt/acl", "--", "--lib"]
    assert wrapper.linter_command("source", ["--"], {})[1:] == ["-m", "argument_comment_lint", "--"]


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    shutil.copytree(FIXTURES / "workspace", root)
    return root


def test_prebuilt_wrapper_runs_the_installed_command(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    binary = shutil.which("argument-comment-lint", path=str(Path(sys.executable).parent))
    assert binary is not None
    env = {**os.environ, "ARGUMENT_COMMENT_LINT_BIN": str(binary)}
    script = TOOL_DIR / "run-prebuilt-linter.sh"
    proc = subprocess.run(
        ["bash", str(script), "--project", str(root), "--", "--tests"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "tests/test_service.py:5:" in proc.stdout.replace(os.sep, "/")
    assert "packages/" not in proc.stdout
    proc = subprocess.run(
        ["bash", str(script), "--project", str(root), "--package", "acme-core", "--fix"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("uv") is None, reason="run.sh runs from source through uv")
def test_source_wrapper_runs_through_uv(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    proc = subprocess.run(
        ["bash", str(TOOL_DIR / "run.sh"), "--project", str(root), "--", "--benches"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "benches/bench_net.py:3:" in proc.stdout.replace(os.sep, "/")
