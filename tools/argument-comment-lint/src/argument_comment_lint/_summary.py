"""The cheap pass: one ``ast`` parse per file, reduced to a picklable summary.

A summary holds what other files can call (module bindings, functions with their
parameters, classes with methods and dataclass fields) and this file's candidate
call sites: calls through a name or attribute chain that could reach a first-party
definition, and that pass a literal-like positional argument or carry a comment
after an argument. Only files whose call sites resolve are ever parsed by libcst.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable, Iterator

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
        elif isinstance(node, ast.ExceptHandler) and node.name:
            yield node.name
        elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
            yield node.name
        elif isinstance(node, ast.MatchMapping) and node.rest:
            yield node.rest
        stack.extend(ast.iter_child_nodes(node))


def _declared_nonlocal(body: Iterable[ast.stmt]) -> set[str]:
    out: set[str] = set()
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Global | ast.Nonlocal):
            out.update(node.names)
        elif not isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
        ):
            stack.extend(ast.iter_child_nodes(node))
    return out


class _Scope:
    __slots__ = ("assigned", "class_qualname", "in_function", "kind", "names", "self_kind", "self_name")

    def __init__(self, kind: str, names: set[str], assigned: set[str] | None = None) -> None:
        self.kind = kind
        self.names = names
        self.assigned = assigned if assigned is not None else names
        self.class_qualname: str | None = None
        self.self_name: str | None = None
        self.self_kind: str | None = None
        self.in_function = False


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
                for name in _stores([stmt]):
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
    nested = [
        s for s in node.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
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
        return Field(stmt.target.id, False, kind)
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
    return Field(stmt.target.id, True, kind)


class _Summarizer(ast.NodeVisitor):
    def __init__(
        self,
        module: str,
        bindings: dict[str, Binding],
        raw_lines: list[bytes],
    ) -> None:
        self.module = module
        self.bindings = bindings
        self.raw_lines = raw_lines
        self.scopes: list[_Scope] = [_Scope("module", set(bindings))]
        self.classes: dict[str, Class] = {}
        self.calls: list[CallSite] = []
        self.qualnames: list[str] = []

    # -- scopes ---------------------------------------------------------------

    def _in_function(self) -> bool:
        return any(s.kind == "function" for s in self.scopes)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for dec in node.decorator_list:
            self.visit(dec)
        for base in node.bases:
            self.visit(base)
        for kw in node.keywords:
            self.visit(kw.value)
        qualname = ".".join([*self.qualnames, node.name])
        in_function = self._in_function()
        self.classes[qualname] = self._class(node, qualname, in_function)
        scope = _Scope("class", set(_stores(node.body)))
        scope.class_qualname = qualname
        scope.in_function = in_function
        self.scopes.append(scope)
        self.qualnames.append(node.name)
        for stmt in node.body:
            self.visit(stmt)
        self.qualnames.pop()
        self.scopes.pop()

    def _function_scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for dec in node.decorator_list:
            self.visit(dec)
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        params = {p.name for p in _params(node.args)}
        assigned = set(_stores(node.body)) - _declared_nonlocal(node.body)
        scope = _Scope("function", params | assigned, assigned)
        parent = self.scopes[-1]
        positional = [*node.args.posonlyargs, *node.args.args]
        if parent.kind == "class" and not parent.in_function and positional:
            decorators = {(dotted_chain(d) or ("",))[-1] for d in node.decorator_list}
            if "staticmethod" not in decorators:
                scope.class_qualname = parent.class_qualname
                scope.self_name = positional[0].arg
                is_cls = "classmethod" in decorators or node.name in _IMPLICIT_CLASSMETHODS
                scope.self_kind = "cls" if is_cls else "self"
        self.scopes.append(scope)
        self.qualnames.append(node.name)
        self.qualnames.append("<locals>")
        for stmt in node.body:
            self.visit(stmt)
        self.qualnames.pop()
        self.qualnames.pop()
        self.scopes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._function_scope(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._function_scope(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        self.scopes.append(_Scope("lambda", {p.name for p in _params(node.args)}))
        self.visit(node.body)
        self.scopes.pop()

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp) -> None:
        names: set[str] = set()
        for gen in node.generators:
            names.update(_stores([gen.target]))
        self.scopes.append(_Scope("comprehension", names))
        self.generic_visit(node)
        self.scopes.pop()

    visit_ListComp = _comprehension
    visit_SetComp = _comprehension
    visit_DictComp = _comprehension
    visit_GeneratorExp = _comprehension

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        # Positions inside f-strings are unreliable before 3.12: never report there.
        return

    # -- classes --------------------------------------------------------------

    def _class(self, node: ast.ClassDef, qualname: str, in_function: bool) -> Class:
        methods: dict[str, Function | None] = {}
        fields: list[Field] = []
        attributes: set[str] = set()

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
                    attributes.update(_self_attributes(stmt))
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
                    for name in _stores([stmt]):
                        add(name, None)

        walk(node.body)
        return Class(
            node.name,
            qualname,
            tuple(_base_chain(b) for b in node.bases),
            bool(node.keywords),
            tuple(_decorator(d) for d in node.decorator_list),
            tuple(methods.items()),
            tuple(fields),
            tuple(sorted(attributes)),
            in_function,
        )

    # -- calls ----------------------------------------------------------------

    def _char_col(self, line: int, col: int) -> int:
        raw = self.raw_lines[line - 1] if line - 1 < len(self.raw_lines) else b""
        if raw.isascii():
            return col
        return len(raw[:col].decode("utf-8", "replace"))

    def _comment_after(self, node: ast.AST) -> bool:
        end_line = getattr(node, "end_lineno", None)
        end_col = getattr(node, "end_col_offset", None)
        if end_line is None or end_col is None or end_line - 1 >= len(self.raw_lines):
            return False
        return _COMMENT_AFTER.match(self.raw_lines[end_line - 1][end_col:]) is not None

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        chain = dotted_chain(node.func)
        if chain is None or not (node.args or node.keywords):
            return
        args: list[Arg] = []
        interesting = False
        multiline = node.end_lineno is not None and node.end_lineno > node.lineno
        seen_star = False
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                seen_star = True
                args.append(Arg(None, 1, False))
                continue
            literal = is_literal_like(arg)
            args.append(Arg(None, 0, literal))
            if literal and not seen_star:
                interesting = True
            if multiline and not interesting and self._comment_after(arg):
                interesting = True
        for kw in node.keywords:
            if kw.arg is None:
                args.append(Arg(None, 2, False))
                continue
            args.append(Arg(kw.arg, 0, False))
            if multiline and not interesting and self._comment_after(kw.value):
                interesting = True
        if not interesting:
            return
        site = self._resolve_head(chain)
        if site is None:
            return
        self_class, self_kind = site
        assert node.end_lineno is not None and node.end_col_offset is not None
        key = (
            node.lineno,
            self._char_col(node.lineno, node.col_offset),
            node.end_lineno,
            self._char_col(node.end_lineno, node.end_col_offset),
        )
        self.calls.append(CallSite(key, chain, self_class, self_kind, tuple(args)))

    def _resolve_head(self, chain: tuple[str, ...]) -> tuple[str | None, str | None] | None:
        """Where the chain's first name comes from: (None, None) for a module binding,
        (class, "self"|"cls") for a method's first parameter, None when unresolvable."""
        name = chain[0]
        innermost = len(self.scopes) - 1
        for depth in range(innermost, -1, -1):
            scope = self.scopes[depth]
            if scope.kind == "class":
                if depth == innermost and name in scope.names:
                    return None
                continue
            if scope.kind == "module":
                binding = self.bindings.get(name)
                if binding is None or binding.kind in ("other", "ambiguous"):
                    return None
                return (None, None)
            if name in scope.names:
                if (
                    scope.self_name == name
                    and name not in scope.assigned
                    and len(chain) == 2
                    and scope.class_qualname is not None
                ):
                    return (scope.class_qualname, scope.self_kind)
                return None
        return None


def _self_attributes(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    positional = [*node.args.posonlyargs, *node.args.args]
    if not positional:
        return set()
    me = positional[0].arg
    out: set[str] = set()
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Attribute)
            and isinstance(sub.ctx, ast.Store)
            and isinstance(sub.value, ast.Name)
            and sub.value.id == me
        ):
            out.add(sub.attr)
    return out


def summarize(source: bytes, module: str, is_package: bool, filename: str = "<unknown>") -> ModuleSummary:
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
    summarizer = _Summarizer(module, bindings, raw_lines)
    for stmt in tree.body:
        summarizer.visit(stmt)
    return ModuleSummary(
        module,
        is_package,
        tuple(sorted(bindings.items())),
        tuple(sorted(summarizer.classes.items())),
        star,
        tuple(summarizer.calls),
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
