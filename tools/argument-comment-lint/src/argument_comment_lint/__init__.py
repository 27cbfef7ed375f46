"""argument-comment-lint: a libcst linter for anonymous literal arguments and argument comments."""

from ._config import Config, ConfigError, find_project_root, load_config
from ._engine import Options, RunResult, UsageError, run
from ._model import FileError, Finding
from ._rule import Invalid, LintRule, Valid
from ._version import __version__
from .cli import main
from .rules import ALL_RULES, ArgumentCommentMismatch, UncommentedAnonymousLiteralArgument

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
