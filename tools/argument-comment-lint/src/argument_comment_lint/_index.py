"""The project-wide index of first-party definitions, and call resolution.

A callee is resolved only through a plain name or attribute chain that leads to
exactly one first-party definition: a module-level function, a class constructor,
or a method reached through ``self``/``cls`` or the class itself. Anything else
(dynamic attributes, third-party code, star imports, unknown decorators,
``functools.partial``, names bound twice) resolves to None and is skipped.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ._model import Binding, Class, Function, ModuleSummary, Param, ParamKind, ResolvedCall

_PRESERVING = frozenset(
    {
        "functools.cache",
        "functools.lru_cache",
        "typing.final",
        "typing.override",
        "typing_extensions.final",
        "typing_extensions.override",
        "abc.abstractmethod",
        "contextlib.contextmanager",
        "contextlib.asynccontextmanager",
    }
)
_PROPERTIES = frozenset({"builtins.property", "functools.cached_property"})
_CLASS_DECORATORS = frozenset(
    {"functools.total_ordering", "typing.final", "typing_extensions.final"}
)
_IGNORABLE_BASES = frozenset(
    {
        "builtins.object",
        "typing.Generic",
        "typing.Protocol",
        "typing_extensions.Protocol",
        "abc.ABC",
    }
)
_MAX_DEPTH = 12


@dataclass(frozen=True, slots=True)
class _ModuleT:
    name: str


@dataclass(frozen=True, slots=True)
class _FunctionT:
    module: str
    function: Function


@dataclass(frozen=True, slots=True)
class _ClassT:
    module: str
    cls: Class


_Target = _ModuleT | _FunctionT | _ClassT


class _Unknown(Exception):
    """Raised inside resolution to give up on a call."""


class Index:
    """First-party modules by name, built once per run from all file summaries."""

    def __init__(
        self,
        entries: Iterable[tuple[str, ModuleSummary | bytes]],
        first_party: Iterable[str] | None = None,
    ) -> None:
        """``entries``: (module name, summary or its pickle); pickles load on first use,
        so a run only pays for the modules its call sites actually consult."""
        modules: dict[str, ModuleSummary | bytes] = {}
        duplicates: set[str] = set()
        for name, summary in entries:
            if name in modules:
                duplicates.add(name)
            modules[name] = summary
        for name in duplicates:
            del modules[name]
        self._modules = modules
        self._loaded: dict[str, ModuleSummary] = {}
        self._packages = {m.rpartition(".")[0] for m in modules}
        self._first_party = frozenset(first_party) if first_party is not None else None
        self._bindings: dict[str, Mapping[str, object]] = {}
        self._classes: dict[str, Mapping[str, Class]] = {}
        # The file being resolved, which may not be importable (and so not in _modules).
        self._current: ModuleSummary | None = None

    def _get(self, name: str) -> ModuleSummary | None:
        loaded = self._loaded.get(name)
        if loaded is not None:
            return loaded
        raw = self._modules.get(name)
        if raw is None:
            return None
        summary = pickle.loads(raw) if isinstance(raw, bytes) else raw
        self._loaded[name] = summary
        return summary

    def summary_of(self, name: str, raw: ModuleSummary | bytes) -> ModuleSummary:
        """The summary behind ``raw``, shared with the index when it is the indexed one."""
        if self._modules.get(name) is raw:
            summary = self._get(name)
            assert summary is not None
            return summary
        return pickle.loads(raw) if isinstance(raw, bytes) else raw

    def module_names(self) -> Iterable[str]:
        return self._modules.keys()

    # -- lookups --------------------------------------------------------------

    def _is_first_party(self, module: str) -> bool:
        if self._first_party is None:
            return True
        return module.split(".")[0] in self._first_party

    def _summary(self, module: str, deps: set[str]) -> ModuleSummary | None:
        deps.add(module)
        if self._current is not None and self._current.module == module:
            return self._current
        return self._get(module)

    def _binding_map(self, summary: ModuleSummary) -> Mapping[str, object]:
        cached = self._bindings.get(summary.module)
        if cached is None or self._loaded.get(summary.module) is not summary:
            cached = dict(summary.bindings)
            if self._loaded.get(summary.module) is summary:
                self._bindings[summary.module] = cached
        return cached

    def _class_map(self, summary: ModuleSummary) -> Mapping[str, Class]:
        cached = self._classes.get(summary.module)
        if cached is None or self._loaded.get(summary.module) is not summary:
            cached = dict(summary.classes)
            if self._loaded.get(summary.module) is summary:
                self._classes[summary.module] = cached
        return cached

    def _module_exists(self, name: str, deps: set[str]) -> bool:
        deps.add(name)
        return name in self._modules or name in self._packages

    def _lookup(
        self, summary: ModuleSummary, name: str, deps: set[str], depth: int
    ) -> _Target | None:
        """Resolve a module-level name of ``summary`` to a first-party target."""
        if depth > _MAX_DEPTH:
            return None
        binding = self._binding_map(summary).get(name)
        if binding is None:
            if summary.has_star_import:
                return None
            if summary.is_package:
                sub = f"{summary.module}.{name}"
                if self._module_exists(sub, deps):
                    return _ModuleT(sub)
            return None
        assert isinstance(binding, Binding)
        if binding.kind == "def":
            assert isinstance(binding.target, Function)
            return _FunctionT(summary.module, binding.target)
        if binding.kind == "class":
            assert isinstance(binding.target, str)
            cls = self._class_map(summary).get(binding.target)
            return _ClassT(summary.module, cls) if cls is not None else None
        if binding.kind == "module":
            assert isinstance(binding.target, str)
            if self._is_first_party(binding.target) and self._module_exists(binding.target, deps):
                return _ModuleT(binding.target)
            return None
        if binding.kind == "from":
            assert isinstance(binding.target, tuple)
            source: str = binding.target[0]
            original: str = binding.target[1]
            if not self._is_first_party(source):
                return None
            return self._attribute(_ModuleT(source), original, deps, depth + 1)
        return None

    def _attribute(self, target: _Target, name: str, deps: set[str], depth: int) -> _Target | None:
        if isinstance(target, _ModuleT):
            summary = self._summary(target.name, deps)
            if summary is None:
                sub = f"{target.name}.{name}"
                return _ModuleT(sub) if self._module_exists(sub, deps) else None
            found = self._lookup(summary, name, deps, depth)
            if found is None and name not in self._binding_map(summary):
                sub = f"{target.name}.{name}"
                if self._module_exists(sub, deps):
                    return _ModuleT(sub)
            return found
        return None

    def _chain(
        self, summary: ModuleSummary, chain: tuple[str, ...], deps: set[str]
    ) -> _Target | None:
        target = self._lookup(summary, chain[0], deps, depth=0)
        for name in chain[1:]:
            if target is None or isinstance(target, _FunctionT | _ClassT):
                return None
            target = self._attribute(target, name, deps, depth=0)
        return target

    def _qualify(self, summary: ModuleSummary, chain: tuple[str, ...]) -> str | None:
        """The dotted name of a non-first-party object (``functools.wraps``, ``builtins.property``)."""
        binding = self._binding_map(summary).get(chain[0])
        rest = list(chain[1:])
        if binding is None:
            return None if summary.has_star_import else ".".join(["builtins", *chain])
        assert isinstance(binding, Binding)
        if binding.kind == "module":
            assert isinstance(binding.target, str)
            return ".".join([binding.target, *rest])
        if binding.kind == "from":
            assert isinstance(binding.target, tuple)
            return ".".join([binding.target[0], binding.target[1], *rest])
        return None

    # -- signatures -----------------------------------------------------------

    def _function_kind(self, module: str, function: Function, deps: set[str]) -> str:
        """ "plain", "static", "class" or "property"; raises _Unknown for other decorators."""
        summary = self._summary(module, deps)
        kind = "plain"
        for dec in function.decorators:
            if not dec.chain or summary is None:
                raise _Unknown
            target = self._chain(summary, dec.chain, deps)
            if isinstance(target, _FunctionT):
                level = target.function.wraps_level
                if (level == 1 and not dec.called) or (level == 2 and dec.called):
                    continue
                raise _Unknown
            if target is not None:
                raise _Unknown
            name = self._qualify(summary, dec.chain)
            if name == "builtins.staticmethod" and not dec.called:
                kind = "static"
            elif name == "builtins.classmethod" and not dec.called:
                kind = "class"
            elif name in _PROPERTIES:
                kind = "property"
            elif name not in _PRESERVING:
                raise _Unknown
        return kind

    def _find_member(
        self, module: str, cls: Class, name: str, deps: set[str], depth: int = 0
    ) -> tuple[str, Function] | None:
        """The method ``name`` along an approximate MRO; None when not found anywhere."""
        if depth > _MAX_DEPTH:
            raise _Unknown
        if name in cls.instance_attributes:
            raise _Unknown
        members = dict(cls.methods)
        if name in members:
            function = members[name]
            if function is None:
                raise _Unknown
            return module, function
        summary = self._summary(module, deps)
        if summary is None:
            raise _Unknown
        for base in cls.bases:
            if base is None:
                raise _Unknown
            target = self._chain(summary, base, deps)
            if isinstance(target, _ClassT):
                found = self._find_member(target.module, target.cls, name, deps, depth + 1)
                if found is not None:
                    return found
                continue
            if target is None and self._qualify(summary, base) in _IGNORABLE_BASES:
                continue
            raise _Unknown
        return None

    def _class_decorators(
        self, module: str, cls: Class, deps: set[str]
    ) -> dict[str, object] | None:
        """Dataclass keyword arguments when ``cls`` is a dataclass, else None; _Unknown for others."""
        summary = self._summary(module, deps)
        if summary is None:
            raise _Unknown
        dataclass_kwargs: dict[str, object] | None = None
        for dec in cls.decorators:
            if not dec.chain or self._chain(summary, dec.chain, deps) is not None:
                raise _Unknown
            name = self._qualify(summary, dec.chain)
            if name == "dataclasses.dataclass":
                dataclass_kwargs = dict(dec.kwargs)
            elif name not in _CLASS_DECORATORS:
                raise _Unknown
        return dataclass_kwargs

    def _dataclass_fields(
        self, module: str, cls: Class, kwargs: Mapping[str, object], deps: set[str], depth: int
    ) -> dict[str, tuple[bool, bool]]:
        if depth > _MAX_DEPTH:
            raise _Unknown
        summary = self._summary(module, deps)
        if summary is None:
            raise _Unknown
        fields: dict[str, tuple[bool, bool]] = {}
        for base in reversed(cls.bases):
            if base is None:
                raise _Unknown
            target = self._chain(summary, base, deps)
            if isinstance(target, _ClassT):
                base_kwargs = self._class_decorators(target.module, target.cls, deps)
                if base_kwargs is not None:
                    fields.update(
                        self._dataclass_fields(
                            target.module, target.cls, base_kwargs, deps, depth + 1
                        )
                    )
                elif target.cls.fields:
                    raise _Unknown
                continue
            if target is None and self._qualify(summary, base) in _IGNORABLE_BASES:
                continue
            raise _Unknown
        kw_only = bool(kwargs.get("kw_only", False))
        for field in cls.fields:
            if field.kind == "classvar":
                continue
            if field.kind == "kw_only_marker":
                kw_only = True
                continue
            if not field.init:
                fields.pop(field.name, None)
                continue
            fields[field.name] = (
                field.has_default,
                field.kw_only if field.kw_only is not None else kw_only,
            )
        return fields

    def _constructor(
        self, module: str, cls: Class, deps: set[str], depth: int = 0
    ) -> tuple[Param, ...]:
        if depth > _MAX_DEPTH or cls.has_class_keywords:
            raise _Unknown
        dataclass_kwargs = self._class_decorators(module, cls, deps)
        members = dict(cls.methods)
        if "__new__" in members:
            raise _Unknown
        if "__init__" in members:
            init = members["__init__"]
            if init is None:
                raise _Unknown
            if self._function_kind(module, init, deps) != "plain":
                raise _Unknown
            return init.params[1:]
        if dataclass_kwargs is not None and dataclass_kwargs.get("init", True):
            fields = self._dataclass_fields(module, cls, dataclass_kwargs, deps, depth=0)
            positional = [
                Param(name, ParamKind.POSITIONAL_OR_KEYWORD, default)
                for name, (default, kw) in fields.items()
                if not kw
            ]
            keyword = [
                Param(name, ParamKind.KEYWORD_ONLY, default)
                for name, (default, kw) in fields.items()
                if kw
            ]
            return (*positional, *keyword)
        summary = self._summary(module, deps)
        if summary is None:
            raise _Unknown
        for base in cls.bases:
            if base is None:
                raise _Unknown
            target = self._chain(summary, base, deps)
            if isinstance(target, _ClassT):
                return self._constructor(target.module, target.cls, deps, depth + 1)
            if target is None and self._qualify(summary, base) in _IGNORABLE_BASES:
                continue
            raise _Unknown
        # object.__init__ takes no arguments: nothing to check.
        raise _Unknown

    def _method_params(
        self, module: str, function: Function, via_instance: bool, deps: set[str]
    ) -> tuple[Param, ...]:
        kind = self._function_kind(module, function, deps)
        if kind == "property":
            raise _Unknown
        if kind == "static":
            return function.params
        if kind == "class" or via_instance:
            if not function.params or function.params[0].kind not in (
                ParamKind.POSITIONAL_ONLY,
                ParamKind.POSITIONAL_OR_KEYWORD,
            ):
                raise _Unknown
            return function.params[1:]
        return function.params

    # -- entry point ----------------------------------------------------------

    def resolve(
        self,
        summary: ModuleSummary,
        chain: tuple[str, ...],
        self_class: str | None,
        self_kind: str | None,
        deps: set[str],
    ) -> ResolvedCall | None:
        """Resolve one call site of ``summary``; record consulted modules in ``deps``."""
        self._current = summary
        try:
            return self._resolve(summary, chain, self_class, self_kind, deps)
        except _Unknown:
            return None
        finally:
            self._current = None

    def _resolve(
        self,
        summary: ModuleSummary,
        chain: tuple[str, ...],
        self_class: str | None,
        self_kind: str | None,
        deps: set[str],
    ) -> ResolvedCall | None:
        method_name = chain[-1] if len(chain) > 1 else None
        display = ".".join(chain)
        if self_class is not None:
            cls = self._class_map(summary).get(self_class)
            if cls is None:
                return None
            found = self._find_member(summary.module, cls, chain[1], deps)
            if found is None:
                return None
            owner, function = found
            params = self._method_params(owner, function, self_kind == "self", deps)
            return ResolvedCall(display, method_name, params)
        target = self._lookup(summary, chain[0], deps, depth=0)
        for position, name in enumerate(chain[1:], start=1):
            if target is None:
                return None
            if isinstance(target, _ClassT):
                if position != len(chain) - 1:
                    return None
                found = self._find_member(target.module, target.cls, name, deps)
                if found is None:
                    return None
                owner, function = found
                params = self._method_params(owner, function, via_instance=False, deps=deps)
                return ResolvedCall(display, method_name, params)
            if isinstance(target, _FunctionT):
                return None
            target = self._attribute(target, name, deps, depth=0)
        if isinstance(target, _FunctionT):
            if self._function_kind(target.module, target.function, deps) != "plain":
                # staticmethod/classmethod/property at module level: not callable as written.
                return None
            return ResolvedCall(display, method_name, target.function.params)
        if isinstance(target, _ClassT):
            return ResolvedCall(
                display, method_name, self._constructor(target.module, target.cls, deps)
            )
        return None
