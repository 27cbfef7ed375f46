"""argument-comment-lint: a libcst linter for anonymous literal arguments and argument comments.

Public names are imported lazily (PEP 562), so the command line starts without loading
libcst or the rule classes when the cache answers everything.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._config import Config, ConfigError, find_project_root, load_config
    from ._engine import Options, RunResult, UsageError, run
    from ._model import FileError, Finding
    from ._rule import Invalid, LintRule, Valid
    from ._version import __version__
    from .cli import main
    from .rules import ALL_RULES, ArgumentCommentMismatch, UncommentedAnonymousLiteralArgument

_EXPORTS = {
    "ALL_RULES": ".rules",
    "ArgumentCommentMismatch": ".rules",
    "Config": "._config",
    "ConfigError": "._config",
    "FileError": "._model",
    "Finding": "._model",
    "Invalid": "._rule",
    "LintRule": "._rule",
    "Options": "._engine",
    "RunResult": "._engine",
    "UncommentedAnonymousLiteralArgument": ".rules",
    "UsageError": "._engine",
    "Valid": "._rule",
    "__version__": "._version",
    "find_project_root": "._config",
    "load_config": "._config",
    "main": ".cli",
    "run": "._engine",
}

__all__ = [
    "ALL_RULES",
    "ArgumentCommentMismatch",
    "Config",
    "ConfigError",
    "FileError",
    "Finding",
    "Invalid",
    "LintRule",
    "Options",
    "RunResult",
    "UncommentedAnonymousLiteralArgument",
    "UsageError",
    "Valid",
    "__version__",
    "find_project_root",
    "load_config",
    "main",
    "run",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
