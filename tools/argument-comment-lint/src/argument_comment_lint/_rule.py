"""The rule interface: Fixit-style classes with VALID/INVALID tables.

A rule looks at one resolved call at a time (:class:`CallInfo`, built once per call
for all rules) and yields :class:`Report` objects, each optionally carrying a
:class:`Fix`. The engine applies noqa, positions and fixes; rules stay pure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal

if TYPE_CHECKING:
    import libcst as cst

from ._model import Param, ResolvedCall


@dataclass(frozen=True)
class Valid:
    """A snippet on which the rule reports nothing.

    ``code`` is written to ``path`` in a throwaway project together with ``files``.
    """

    code: str
    files: Mapping[str, str] = field(default_factory=dict)
    path: str = "snippet.py"


@dataclass(frozen=True)
class Invalid:
    """A snippet on which the rule reports ``count`` findings.

    ``expected_fix`` is the whole file after ``--fix`` (None: the file must stay
    unchanged); ``message`` must appear in the first finding's message.
    """

    code: str
    expected_fix: str | None = None
    message: str | None = None
    count: int = 1
    files: Mapping[str, str] = field(default_factory=dict)
    path: str = "snippet.py"


@dataclass(frozen=True, slots=True)
class Fix:
    kind: Literal["keyword", "add_comment", "replace_comment"]
    name: str


@dataclass(frozen=True, slots=True)
class Report:
    arg_index: int
    message: str
    suggestion: str
    fix: Fix | None = None


@dataclass(slots=True)
class ArgInfo:
    index: int
    node: cst.Arg
    param: Param | None  # None: unpacked, or positional after an unpacked argument
    keyword: str | None
    starred: int  # 0 plain, 1 ``*x``, 2 ``**x``
    literal: bool
    text: str  # the argument value's source
    comment: str | None  # the name in a ``# name`` argument comment, if any
    can_comment: bool  # a line break follows the argument, with no comment yet


@dataclass(slots=True)
class CallInfo:
    node: cst.Call
    resolved: ResolvedCall
    args: list[ArgInfo]
    suppressed: Callable[[str, int], bool]

    @property
    def callee_name(self) -> str:
        return self.resolved.callee.rsplit(".", 1)[-1]

    def param_names(self) -> set[str]:
        return {p.name for p in self.resolved.params}


class LintRule:
    """Base class: set ``name``, ``VALID``, ``INVALID`` and implement ``check``."""

    name: ClassVar[str]
    description: ClassVar[str]
    VALID: ClassVar[Sequence[Valid]] = ()
    INVALID: ClassVar[Sequence[Invalid]] = ()

    def check(self, call: CallInfo) -> Iterable[Report]:
        raise NotImplementedError
