"""The cheap pass: one ``ast`` parse per file, reduced to a picklable summary.

A summary holds what other files can call (module bindings, functions with their
parameters, classes with methods and dataclass fields) and this file's candidate
call sites: calls through a name or attribute chain that could reach a first-party
definition, and that pass a literal-like positional argument or carry a comment
after an argument. Only files whose call sites resolve are ever parsed by libcst.

Length: the three readings of one file's tree (module bindings, class and function
definitions, candidate call sites) share the chain, parameter and function readers
(``dotted_chain``, ``_params``, ``_function``), and :func:`summarize` is their one entry
point; split, those private readers would become an interface between modules.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable, Iterable, Iterator

from ._model import (
    Arg,
    Binding,
    CallSite,
    Class,
    Decorator,
    Field,
    Function,
    ModuleSummary,
    Param,
    ParamKind,
)

_NEWLINES = re.compile(r"\r\n|\r|\n")
_BYTE_NEWLINES = re.compile(rb"\r\n|\r|\n")
_COMMENT_AFTER = re.compile(rb"^[\s)]*,?[ \t]*#")
_IMPLICIT_CLASSMETHODS = frozenset({"__new__", "__init_subclass__", "__class_getitem__"})
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class SummaryError(Exception):
    """The file cannot be parsed (syntax error, bad encoding)."""


def is_literal_like(node: ast.expr) -> bool:
    """``None``, ``True``, ``False``, a number, or a negated / unary-plus number."""
    if isinstance(node, ast.Constant):
        value = node.value
        return value is None or isinstance(value, bool | int | float | complex)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = node.operand
        return (
            isinstance(operand, ast.Constant)
            and isinstance(operand.value, int | float | complex)
            and not isinstance(operand.value, bool)
        )
    return False


def dotted_chain(node: ast.expr) -> tuple[str, ...] | None:
    """``a.b.c`` -> ("a", "b", "c"); anything else -> None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    parts.reverse()
    return tuple(parts)


def _base_chain(node: ast.expr) -> tuple[str, ...] | None:
    if isinstance(node, ast.Subscript):
        node = node.value
    return dotted_chain(node)


def _decorator(node: ast.expr) -> Decorator:
    called = isinstance(node, ast.Call)
    target = node.func if isinstance(node, ast.Call) else node
    kwargs: list[tuple[str, object]] = []
    if isinstance(node, ast.Call):
        for kw in node.keywords:
            if kw.arg is not None and isinstance(kw.value, ast.Constant):
                kwargs.append((kw.arg, kw.value.value))
    return Decorator(dotted_chain(target) or (), called, tuple(kwargs))


def _params(args: ast.arguments) -> tuple[Param, ...]:
    positional = [*args.posonlyargs, *args.args]
    first_default = len(positional) - len(args.defaults)
    out: list[Param] = []
    for index, arg in enumerate(positional):
        kind = (
            ParamKind.POSITIONAL_ONLY
            if index < len(args.posonlyargs)
            else ParamKind.POSITIONAL_OR_KEYWORD
        )
        out.append(Param(arg.arg, kind, index >= first_default))
    if args.vararg is not None:
        out.append(Param(args.vararg.arg, ParamKind.VAR_POSITIONAL))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        out.append(Param(arg.arg, ParamKind.KEYWORD_ONLY, default is not None))
    if args.kwarg is not None:
        out.append(Param(args.kwarg.arg, ParamKind.VAR_KEYWORD))
    return tuple(out)


def _is_overload(decorators: Iterable[ast.expr]) -> bool:
    for dec in decorators:
        chain = dotted_chain(dec)
        if chain is not None and chain[-1] == "overload":
            return True
    return False


def _stores(nodes: Iterable[ast.AST]) -> Iterator[str]:
    """Names bound by these statements, not descending into nested scopes."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name
            # Decorators, defaults and bases are evaluated in this scope.
            stack.extend(node.decorator_list)
            if isinstance(node, ast.ClassDef):
                stack.extend(node.bases)
            else:
                stack.extend(node.args.defaults)
                stack.extend(d for d in node.args.kw_defaults if d is not None)
            continue
        if isinstance(node, ast.Lambda):
            stack.extend(node.args.defaults)
            continue
        if isinstance(node, _COMPREHENSIONS):
            # Only walrus targets leak out of a comprehension.
            for sub in ast.walk(node):
                if isinstance(sub, ast.NamedExpr) and isinstance(sub.target, ast.Name):
                    yield sub.target.id
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            yield node.id
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                if alias.name != "*":
                    yield alias.asname or alias.name.split(".")[0]
        elif (isinstance(node, ast.ExceptHandler) and node.name) or (
            isinstance(node, ast.MatchAs | ast.MatchStar) and node.name
        ):
            yield node.name
        elif isinstance(node, ast.MatchMapping) and node.rest:
            yield node.rest
        stack.extend(ast.iter_child_nodes(node))


def _bound_by(stmt: ast.stmt) -> Iterable[str]:
    """Names a module- or class-level statement binds, without walking assigned values."""
    if isinstance(stmt, ast.Assign):
        return _stores(stmt.targets)
    if isinstance(stmt, ast.AnnAssign | ast.AugAssign):
        return _stores([stmt.target])
    if isinstance(stmt, ast.Expr):
        # Only a walrus binds inside an expression statement.
        return [
            n.target.id
            for n in ast.walk(stmt.value)
            if isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name)
        ]
    if isinstance(stmt, ast.Pass | ast.Return | ast.Raise | ast.Assert):
        return ()
    return _stores([stmt])


def _module_bindings(tree: ast.Module, package: str) -> tuple[dict[str, Binding], bool]:
    bindings: dict[str, Binding] = {}
    star = False

    def bind(name: str, binding: Binding) -> None:
        if name in bindings:
            bindings[name] = Binding("ambiguous")
        else:
            bindings[name] = binding

    def walk(statements: Iterable[ast.stmt]) -> None:
        nonlocal star
        for stmt in statements:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                if _is_overload(stmt.decorator_list):
                    continue
                bind(stmt.name, Binding("def", _function(stmt)))
            elif isinstance(stmt, ast.ClassDef):
                bind(stmt.name, Binding("class", stmt.name))
            elif isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.asname:
                        bind(alias.asname, Binding("module", alias.name))
                    else:
                        top = alias.name.split(".")[0]
                        # ``import a.b`` and ``import a`` both bind ``a``: not ambiguous.
                        if bindings.get(top) != Binding("module", top):
                            bind(top, Binding("module", top))
            elif isinstance(stmt, ast.ImportFrom):
                source = _absolute(stmt.module, stmt.level, package)
                for alias in stmt.names:
                    if alias.name == "*":
                        star = True
                        continue
                    name = alias.asname or alias.name
                    if source is None:
                        bind(name, Binding("other"))
                    else:
                        bind(name, Binding("from", (source, alias.name)))
            elif isinstance(stmt, ast.If | ast.Try | ast.TryStar | ast.With | ast.AsyncWith):
                # ``if TYPE_CHECKING:`` and try/except imports bind in the module scope.
                for name in _stores(_header_nodes(stmt)):
                    bind(name, Binding("other"))
                walk(stmt.body)
                for handler in getattr(stmt, "handlers", ()):
                    if handler.name:
                        bind(handler.name, Binding("other"))
                    walk(handler.body)
                walk(getattr(stmt, "orelse", ()))
                walk(getattr(stmt, "finalbody", ()))
            else:
                for name in _bound_by(stmt):
                    bind(name, Binding("other"))

    walk(tree.body)
    return bindings, star


def _header_nodes(stmt: ast.stmt) -> list[ast.AST]:
    if isinstance(stmt, ast.With | ast.AsyncWith):
        return list(stmt.items)
    if isinstance(stmt, ast.If):
        return [stmt.test]
    return []


def _absolute(module: str | None, level: int, package: str) -> str | None:
    if level == 0:
        return module
    parts = package.split(".") if package else []
    if level - 1 > len(parts) or (level - 1 == len(parts) and not module):
        return None
    base = parts[: len(parts) - (level - 1)]
    if module:
        base.append(module)
    return ".".join(base) if base else None


def _function(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Function:
    return Function(
        node.name,
        _params(node.args),
        tuple(_decorator(d) for d in node.decorator_list),
        _wraps_level(node),
    )


def _is_wraps_call(dec: ast.expr, params: set[str]) -> bool:
    if not isinstance(dec, ast.Call) or not dec.args:
        return False
    chain = dotted_chain(dec.func)
    if chain not in (("wraps",), ("functools", "wraps")):
        return False
    first = dec.args[0]
    return isinstance(first, ast.Name) and first.id in params


def _returned_names(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    return {
        stmt.value.id
        for stmt in node.body
        if isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Name)
    }


def _wraps_level(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """1 for ``def deco(fn): @wraps(fn) def w(...): ...; return w``; 2 for a factory of one."""
    params = {p.arg for p in (*node.args.posonlyargs, *node.args.args)}
    returned = _returned_names(node)
    nested = [s for s in node.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)]
    for inner in nested:
        if inner.name in returned and any(_is_wraps_call(d, params) for d in inner.decorator_list):
            return 1
    for inner in nested:
        if inner.name in returned and _wraps_level(inner) == 1:
            return 2
    return 0


def _field(stmt: ast.AnnAssign) -> Field | None:
    if not isinstance(stmt.target, ast.Name):
        return None
    annotation = stmt.annotation
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        head = annotation.value.split("[")[0].strip().split(".")[-1]
    else:
        chain = _base_chain(annotation)
        head = chain[-1] if chain else ""
    kind = {"ClassVar": "classvar", "InitVar": "initvar", "KW_ONLY": "kw_only_marker"}.get(
        head, "field"
    )
    value = stmt.value
    if value is None:
        return Field(stmt.target.id, has_default=False, kind=kind)
    if isinstance(value, ast.Call):
        chain = dotted_chain(value.func)
        if chain is not None and chain[-1] == "field":
            init = True
            kw_only: bool | None = None
            has_default = False
            for kw in value.keywords:
                if kw.arg in ("default", "default_factory"):
                    has_default = True
                elif kw.arg == "init" and isinstance(kw.value, ast.Constant):
                    init = bool(kw.value.value)
                elif kw.arg == "kw_only" and isinstance(kw.value, ast.Constant):
                    kw_only = bool(kw.value.value)
            return Field(stmt.target.id, has_default, kind, init, kw_only)
    return Field(stmt.target.id, has_default=True, kind=kind)


_ATTRIBUTE_STORE = re.compile(
    rb"\b(?:self|cls)[ \t]*\.[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?(?:[-+*/%&|^@]|//|\*\*|<<|>>)?=(?!=)"
)


def _class(node: ast.ClassDef, qualname: str, raw_lines: list[bytes]) -> Class:
    methods: dict[str, Function | None] = {}
    fields: list[Field] = []

    def add(name: str, value: Function | None) -> None:
        methods[name] = None if name in methods else value

    def walk(body: Iterable[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                if _is_overload(stmt.decorator_list):
                    continue
                function = _function(stmt)
                accessor = any(
                    d.chain[-1:] in (("setter",), ("getter",), ("deleter",))
                    and d.chain[:1] == (stmt.name,)
                    for d in function.decorators
                )
                if accessor and stmt.name in methods:
                    continue
                add(stmt.name, function)
            elif isinstance(stmt, ast.AnnAssign):
                field = _field(stmt)
                if field is not None:
                    fields.append(field)
                    if stmt.value is not None or field.kind == "classvar":
                        add(field.name, None)
            elif isinstance(stmt, ast.If | ast.Try | ast.TryStar):
                for name in _stores(_header_nodes(stmt)):
                    add(name, None)
                walk(stmt.body)
                for handler in getattr(stmt, "handlers", ()):
                    walk(handler.body)
                walk(stmt.orelse)
                walk(getattr(stmt, "finalbody", ()))
            else:
                for name in _bound_by(stmt):
                    add(name, None)

    walk(node.body)
    # Attributes assigned through self/cls anywhere in the class shadow its methods.
    # A textual scan is a cheap superset of the assignments an ast walk would find.
    end = node.end_lineno or node.lineno
    text = b"\n".join(raw_lines[node.lineno - 1 : end])
    attributes = {m.group(1).decode() for m in _ATTRIBUTE_STORE.finditer(text)}
    return Class(
        node.name,
        qualname,
        tuple(_base_chain(b) for b in node.bases),
        bool(node.keywords),
        tuple(_decorator(d) for d in node.decorator_list),
        tuple(methods.items()),
        tuple(fields),
        tuple(sorted(attributes)),
    )


def _collect_classes(tree: ast.Module, raw_lines: list[bytes]) -> dict[str, Class]:
    """Classes at module level and nested in class bodies (not those inside functions)."""
    out: dict[str, Class] = {}

    def walk(body: Iterable[ast.stmt], prefix: str) -> None:
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                qualname = prefix + stmt.name
                out[qualname] = _class(stmt, qualname, raw_lines)
                walk(stmt.body, qualname + ".")
            elif isinstance(stmt, ast.If | ast.Try | ast.TryStar | ast.With | ast.AsyncWith):
                walk(stmt.body, prefix)
                for handler in getattr(stmt, "handlers", ()):
                    walk(handler.body, prefix)
                walk(getattr(stmt, "orelse", ()), prefix)
                walk(getattr(stmt, "finalbody", ()), prefix)

    walk(tree.body, "")
    return out


_MODULE, _FUNCTION, _CLASS, _LAMBDA, _COMPREHENSION = range(5)


class _Scope:
    __slots__ = (
        "declared",
        "in_function",
        "kind",
        "names",
        "params",
        "parent",
        "qualname",
        "self_kind",
        "self_name",
    )

    def __init__(self, kind: int, parent: _Scope | None, qualname: str = "") -> None:
        self.kind = kind
        self.parent = parent
        self.names: set[str] = set()
        self.params: set[str] = set()
        self.declared: set[str] = set()
        self.qualname = qualname
        self.self_name: str | None = None
        self.self_kind: str | None = None
        self.in_function: bool = parent is not None and (
            parent.in_function or parent.kind in (_FUNCTION, _LAMBDA, _COMPREHENSION)
        )

    def binds(self, name: str) -> bool:
        return name in self.params or (name in self.names and name not in self.declared)


# A statement record: (node, enclosing record).
_StmtRec = tuple[ast.stmt, "object"]


class _Collector:
    """One explicit-stack walk: names bound per scope, and candidate calls."""

    def __init__(self, bindings: dict[str, Binding], raw_lines: list[bytes]) -> None:
        self.bindings = bindings
        self.raw_lines = raw_lines
        self.pending: list[tuple[ast.Call, _Scope, object, tuple[Arg, ...]]] = []

    def _comment_after(self, node: ast.expr) -> bool:
        end_line = node.end_lineno
        end_col = node.end_col_offset
        if end_line is None or end_col is None or end_line - 1 >= len(self.raw_lines):
            return False
        return _COMMENT_AFTER.match(self.raw_lines[end_line - 1][end_col:]) is not None

    def _call(self, node: ast.Call) -> tuple[Arg, ...] | None:
        if not (node.args or node.keywords):
            return None
        func = node.func
        if not isinstance(func, ast.Name | ast.Attribute):
            return None
        args: list[Arg] = []
        interesting = False
        multiline = node.end_lineno is not None and node.end_lineno > node.lineno
        seen_star = False
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                seen_star = True
                args.append(_STAR)
                continue
            literal = is_literal_like(arg)
            args.append(_LITERAL if literal else _PLAIN)
            if (literal and not seen_star) or (
                multiline and not interesting and self._comment_after(arg)
            ):
                interesting = True
        for kw in node.keywords:
            if kw.arg is None:
                args.append(_DOUBLE_STAR)
                continue
            args.append(Arg(kw.arg, starred=0, literal=False))
            if multiline and not interesting and self._comment_after(kw.value):
                interesting = True
        return tuple(args) if interesting else None

    def run(self, tree: ast.Module) -> None:
        module = _Scope(_MODULE, parent=None)
        module.names.update(self.bindings)
        stack: list[tuple[ast.AST, _Scope, object]] = [(stmt, module, None) for stmt in tree.body]
        push = stack.append
        AST = ast.AST
        while stack:
            node, scope, srec = stack.pop()
            kind = type(node)
            if kind is ast.Name:
                if type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
                    scope.names.add(node.id)  # type: ignore[attr-defined]
                continue
            if kind is ast.Constant or kind is ast.JoinedStr:
                # Positions inside f-strings are unreliable before 3.12: never report there.
                continue
            if isinstance(node, ast.stmt):
                srec = (node, srec)
            if kind is ast.Call:
                assert isinstance(node, ast.Call)
                args = self._call(node)
                if args is not None:
                    self.pending.append((node, scope, srec, args))
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                self._function(node, scope, srec, push)
                continue
            elif kind is ast.Lambda:
                assert isinstance(node, ast.Lambda)
                for default in [*node.args.defaults, *node.args.kw_defaults]:
                    if default is not None:
                        push((default, scope, srec))
                inner = _Scope(_LAMBDA, scope)
                inner.params.update(p.name for p in _params(node.args))
                push((node.body, inner, srec))
                continue
            elif kind is ast.ClassDef:
                assert isinstance(node, ast.ClassDef)
                scope.names.add(node.name)
                for sub in (*node.decorator_list, *node.bases, *(k.value for k in node.keywords)):
                    push((sub, scope, srec))
                inner = _Scope(_CLASS, scope, scope.qualname + node.name + ".")
                for stmt in node.body:
                    push((stmt, inner, srec))
                continue
            elif kind in _COMPREHENSION_TYPES:
                inner = _Scope(_COMPREHENSION, scope)
                for name in node._fields:
                    value = getattr(node, name)
                    if type(value) is list:
                        for item in value:
                            push((item, inner, srec))
                    elif isinstance(value, AST):
                        push((value, inner, srec))
                continue
            elif kind is ast.comprehension:
                assert isinstance(node, ast.comprehension)
                for name in _stores([node.target]):
                    scope.names.add(name)
                push((node.iter, scope, srec))
                for cond in node.ifs:
                    push((cond, scope, srec))
                continue
            elif kind is ast.NamedExpr:
                assert isinstance(node, ast.NamedExpr)
                target = scope
                while target.kind == _COMPREHENSION and target.parent is not None:
                    target = target.parent
                if isinstance(node.target, ast.Name):
                    target.names.add(node.target.id)
                push((node.value, scope, srec))
                continue
            elif kind is ast.Global or kind is ast.Nonlocal:
                scope.declared.update(node.names)  # type: ignore[attr-defined]
                continue
            elif kind is ast.Import or kind is ast.ImportFrom:
                for alias in node.names:  # type: ignore[attr-defined]
                    if alias.name != "*":
                        scope.names.add(alias.asname or alias.name.split(".")[0])
                continue
            elif kind is ast.ExceptHandler or kind is ast.MatchAs or kind is ast.MatchStar:
                name = node.name  # type: ignore[attr-defined]
                if name:
                    scope.names.add(name)
            elif kind is ast.MatchMapping:
                rest = node.rest  # type: ignore[attr-defined]
                if rest:
                    scope.names.add(rest)
            for name in node._fields:
                value = getattr(node, name)
                if type(value) is list:
                    for item in value:
                        if isinstance(item, AST):
                            push((item, scope, srec))
                elif isinstance(value, AST):
                    push((value, scope, srec))

    def _function(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        scope: _Scope,
        srec: object,
        push: Callable[[tuple[ast.AST, _Scope, object]], None],
    ) -> None:
        scope.names.add(node.name)
        for sub in node.decorator_list:
            push((sub, scope, srec))
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                push((default, scope, srec))
        inner = _Scope(_FUNCTION, scope, scope.qualname + node.name + ".<locals>.")
        inner.params.update(p.name for p in _params(node.args))
        positional = [*node.args.posonlyargs, *node.args.args]
        if scope.kind == _CLASS and not scope.in_function and positional:
            decorators = {(dotted_chain(d) or ("",))[-1] for d in node.decorator_list}
            if "staticmethod" not in decorators:
                inner.self_name = positional[0].arg
                is_cls = "classmethod" in decorators or node.name in _IMPLICIT_CLASSMETHODS
                inner.self_kind = "cls" if is_cls else "self"
        for stmt in node.body:
            push((stmt, inner, srec))

    def _head(self, chain: tuple[str, ...], scope: _Scope) -> tuple[str | None, str | None] | None:
        """(None, None) for a module binding, (class, "self"|"cls") for a method's first
        parameter, None when the name is local, a builtin or otherwise unresolvable."""
        name = chain[0]
        current: _Scope | None = scope
        innermost = True
        while current is not None:
            if current.kind == _CLASS:
                if innermost and name in current.names:
                    return None
            elif current.kind == _MODULE:
                binding = self.bindings.get(name)
                if binding is None or binding.kind in ("other", "ambiguous"):
                    return None
                return (None, None)
            elif current.binds(name):
                if (
                    current.self_name == name
                    and name not in current.names
                    and len(chain) == 2
                    and current.parent is not None
                ):
                    return (current.parent.qualname[:-1], current.self_kind)
                return None
            innermost = False
            current = current.parent
        return None

    def _span(self, srec: object) -> tuple[int, int] | None:
        """Lines of the innermost statement that starts its own line (for the libcst pass)."""
        while srec is not None:
            assert isinstance(srec, tuple)
            stmt: ast.stmt = srec[0]
            parent: object = srec[1]
            line, col = stmt.lineno, stmt.col_offset
            decorators = getattr(stmt, "decorator_list", None)
            if decorators:
                first = min(decorators, key=lambda d: (d.lineno, d.col_offset))
                line, col = first.lineno, max(first.col_offset - 1, 0)
            raw = self.raw_lines[line - 1] if line - 1 < len(self.raw_lines) else b""
            if not raw[:col].strip() and stmt.end_lineno is not None:
                return (line, stmt.end_lineno)
            srec = parent
        return None

    def sites(self) -> list[CallSite]:
        out: list[CallSite] = []
        for node, scope, srec, args in self.pending:
            chain = dotted_chain(node.func)
            if chain is None:
                continue
            head = self._head(chain, scope)
            if head is None:
                continue
            assert node.end_lineno is not None and node.end_col_offset is not None
            key = (
                node.lineno,
                _char_col(self.raw_lines, node.lineno, node.col_offset),
                node.end_lineno,
                _char_col(self.raw_lines, node.end_lineno, node.end_col_offset),
            )
            out.append(CallSite(key, chain, head[0], head[1], args, self._span(srec)))
        return out


def _char_col(raw_lines: list[bytes], line: int, col: int) -> int:
    raw = raw_lines[line - 1] if line - 1 < len(raw_lines) else b""
    if raw.isascii():
        return col
    return len(raw[:col].decode("utf-8", "replace"))


_STAR = Arg(keyword=None, starred=1, literal=False)
_DOUBLE_STAR = Arg(keyword=None, starred=2, literal=False)
_LITERAL = Arg(keyword=None, starred=0, literal=True)
_PLAIN = Arg(keyword=None, starred=0, literal=False)
_COMPREHENSION_TYPES = frozenset({ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp})
# Cheap gate: a literal right after "(" or ",", or a one-word comment ending a line.
_CANDIDATE = re.compile(
    rb"[(,][ \t\r\n]*(?:None\b|True\b|False\b|[-+]?\.?[0-9])|#[ \t]*[A-Za-z_]\w*[ \t]*\r?$",
    re.M,
)


def summarize(
    source: bytes, module: str, is_package: bool, filename: str = "<unknown>"
) -> ModuleSummary:
    """Parse ``source`` with ``ast`` and reduce it to a :class:`ModuleSummary`."""
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError as exc:
        where = f" (line {exc.lineno})" if exc.lineno else ""
        raise SummaryError(f"syntax error: {exc.msg}{where}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise SummaryError(f"cannot decode: {exc}") from exc
    package = module if is_package else module.rpartition(".")[0]
    bindings, star = _module_bindings(tree, package)
    raw_lines = _split_lines(source)
    calls: list[CallSite] = []
    if _CANDIDATE.search(source):
        collector = _Collector(bindings, raw_lines)
        collector.run(tree)
        calls = collector.sites()
    return ModuleSummary(
        module,
        is_package,
        tuple(sorted(bindings.items())),
        tuple(sorted(_collect_classes(tree, raw_lines).items())),
        star,
        tuple(calls),
    )


def _split_lines(source: bytes) -> list[bytes]:
    """Source lines as UTF-8 bytes, the way ``ast`` counts lines and columns."""
    if source.isascii():
        return _BYTE_NEWLINES.split(source)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
        if encoding.replace("_", "-").lower() not in ("utf-8", "utf-8-sig"):
            source = source.decode(encoding).encode("utf-8")
    except (SyntaxError, LookupError, UnicodeDecodeError):
        pass
    text = source.decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return [line.encode("utf-8") for line in _NEWLINES.split(text)]
