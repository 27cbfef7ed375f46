"""Plain, picklable data shared by the summary, index, cache and rule passes.

Everything here crosses process boundaries (worker pool) and is stored in the
cache, so it is made of named tuples and plain values only: they pickle several
times faster than dataclasses.
"""

from __future__ import annotations

from typing import NamedTuple


class ParamKind:
    """Parameter kinds, as plain ints (cheap to pickle and compare)."""

    POSITIONAL_ONLY = 0
    POSITIONAL_OR_KEYWORD = 1
    VAR_POSITIONAL = 2
    KEYWORD_ONLY = 3
    VAR_KEYWORD = 4


class Param(NamedTuple):
    name: str
    kind: int  # a ParamKind constant
    has_default: bool = False


class Decorator(NamedTuple):
    """A decorator expression reduced to a dotted name, whether it is called, and literal kwargs."""

    chain: tuple[str, ...]
    called: bool
    kwargs: tuple[tuple[str, object], ...] = ()


class Function(NamedTuple):
    name: str
    params: tuple[Param, ...]
    decorators: tuple[Decorator, ...]
    # 0: not a decorator we understand; 1: a functools.wraps-based decorator
    # (``@deco``); 2: a factory returning such a decorator (``@deco(...)``).
    wraps_level: int = 0


class Field(NamedTuple):
    """A dataclass field candidate from a class-body annotation."""

    name: str
    has_default: bool
    kind: str  # "field", "classvar", "initvar", "kw_only_marker"
    init: bool = True
    kw_only: bool | None = None


class Class(NamedTuple):
    name: str
    qualname: str
    # Each base as a dotted chain, or None when it is not a plain (subscripted) name.
    bases: tuple[tuple[str, ...] | None, ...]
    has_class_keywords: bool
    decorators: tuple[Decorator, ...]
    # Method name -> function, or None when the name is bound more than once / not a def.
    methods: tuple[tuple[str, Function | None], ...]
    fields: tuple[Field, ...]
    instance_attributes: tuple[str, ...]  # sorted, so pickles are deterministic


# Module-level bindings. ``kind`` is one of:
#   "def"      -> target: Function
#   "class"    -> target: qualname (str) of a Class in the same module
#   "module"   -> target: absolute module name (``import a.b as c``; ``import a`` binds a)
#   "from"     -> target: (absolute module, name)
#   "other"    -> assigned some other way: never resolved
#   "ambiguous"-> bound more than once: never resolved
class Binding(NamedTuple):
    kind: str
    target: object = None


class Arg(NamedTuple):
    """One argument at a call site, as seen by the prefilter."""

    keyword: str | None  # None for positional
    starred: int  # 0 plain, 1 ``*x``, 2 ``**x``
    literal: bool


class CallSite(NamedTuple):
    # (line, column, end line, end column), 1-based lines, 0-based character columns.
    key: tuple[int, int, int, int]
    chain: tuple[str, ...]
    # For ``self.x(...)``/``cls.x(...)``: the qualname of the enclosing class and
    # "self" or "cls"; otherwise None.
    self_class: str | None
    self_kind: str | None
    args: tuple[Arg, ...]
    # First and last line of the innermost statement that starts its own line: the
    # libcst pass parses only these lines. None: parse the whole file.
    span: tuple[int, int] | None = None


class ModuleSummary(NamedTuple):
    module: str
    is_package: bool
    bindings: tuple[tuple[str, Binding], ...]
    classes: tuple[tuple[str, Class], ...]
    has_star_import: bool
    calls: tuple[CallSite, ...]

    def interface(self) -> tuple[object, ...]:
        """What other modules can observe: everything except the call sites."""
        return (self.module, self.is_package, self.bindings, self.classes, self.has_star_import)


class ResolvedCall(NamedTuple):
    """A call site whose callee was resolved to exactly one first-party signature."""

    callee: str
    method_name: str | None  # the attribute name for ``x.name(...)`` calls
    params: tuple[Param, ...]


class Finding(NamedTuple):
    path: str
    line: int
    column: int  # 1-based
    end_line: int
    end_column: int
    rule: str
    message: str
    suggestion: str
    fixable: bool


class FileError(NamedTuple):
    path: str
    message: str
