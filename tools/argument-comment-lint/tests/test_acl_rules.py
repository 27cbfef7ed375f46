"""Each rule's VALID/INVALID table, one test per case, through the real pipeline."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from argument_comment_lint import ALL_RULES, Invalid, LintRule, Options, Valid, run

TESTS = Path(__file__).resolve().parent


def _write(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if "pyproject.toml" not in files:
        (root / "pyproject.toml").write_text("[project]\nname = 'snippet'\nversion = '0'\n")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


CASES_VALID = [
    pytest.param(rule, case, id=f"{rule.name}-valid-{i}")
    for rule in ALL_RULES
    for i, case in enumerate(rule.VALID)
]
CASES_INVALID = [
    pytest.param(rule, case, id=f"{rule.name}-invalid-{i}")
    for rule in ALL_RULES
    for i, case in enumerate(rule.INVALID)
]


def _lint(root: Path, path: Path, fix: bool) -> list[tuple[str, str]]:
    result = run(Options(paths=(path,), project=root, fix=fix, use_cache=False), cwd=root)
    assert not result.errors, result.errors
    return [(f.rule, f.message) for f, _ in result.findings]


def _setup(tmp_path: Path, case: Valid | Invalid) -> tuple[Path, Path]:
    root = _write(tmp_path / "p", {**case.files, case.path: textwrap.dedent(case.code)})
    return root, root / case.path


@pytest.mark.parametrize(("rule", "case"), CASES_VALID)
def test_valid_case_reports_nothing(tmp_path: Path, rule: type[LintRule], case: Valid) -> None:
    root, path = _setup(tmp_path, case)
    findings = _lint(root, path, fix=False)
    assert [f for f in findings if f[0] == rule.name] == []


@pytest.mark.parametrize(("rule", "case"), CASES_INVALID)
def test_invalid_case_reports_and_fixes(
    tmp_path: Path, rule: type[LintRule], case: Invalid
) -> None:
    root, path = _setup(tmp_path, case)
    before = path.read_text()
    findings = [f for f in _lint(root, path, fix=False) if f[0] == rule.name]
    assert len(findings) == case.count, findings
    if case.message is not None:
        assert case.message in findings[0][1]
    _lint(root, path, fix=True)
    after = path.read_text()
    expected = (
        before if case.expected_fix is None else textwrap.dedent(case.expected_fix).lstrip("\n")
    )
    assert after == expected
    # Idempotent: a second --fix changes nothing.
    _lint(root, path, fix=True)
    assert path.read_text() == after


def test_public_api_is_sorted_and_lazy() -> None:
    import argument_comment_lint
    from argument_comment_lint._config import RULE_DESCRIPTIONS, RULE_NAMES

    assert argument_comment_lint.__all__ == sorted(argument_comment_lint.__all__)
    for name in argument_comment_lint.__all__:
        assert getattr(argument_comment_lint, name) is not None
    assert [r.name for r in ALL_RULES] == list(RULE_NAMES)
    assert [(r.name, r.description) for r in ALL_RULES] == list(RULE_DESCRIPTIONS)
    # Lazy: importing the package loads neither libcst nor the rules; naming a rule loads
    # the rules (still without libcst).
    probe = (
        "import sys, argument_comment_lint as acl\n"
        "before = sorted(m for m in ('libcst', 'argument_comment_lint.rules') if m in sys.modules)\n"
        "acl.ALL_RULES\n"
        "after = sorted(m for m in ('libcst', 'argument_comment_lint.rules') if m in sys.modules)\n"
        "print(before, after)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "[] ['argument_comment_lint.rules']"
