"""Bind call arguments to parameters the way Python does, or give up."""

from __future__ import annotations

from collections.abc import Sequence

from ._model import Param, ParamKind

_POSITIONAL = (ParamKind.POSITIONAL_ONLY, ParamKind.POSITIONAL_OR_KEYWORD)
_BY_KEYWORD = (ParamKind.POSITIONAL_OR_KEYWORD, ParamKind.KEYWORD_ONLY)


def bind(
    params: Sequence[Param], args: Sequence[tuple[str | None, int]]
) -> list[Param | None] | None:
    """Map each ``(keyword, starred)`` argument to the parameter it binds to.

    ``starred`` is 0 for a plain argument, 1 for ``*x`` and 2 for ``**x``. Unpacked
    arguments, and positional arguments after a ``*x``, map to None. Returns None
    when the call cannot bind (too many arguments, unknown or duplicate keyword, a
    missing required parameter): the resolved signature is then not the one called,
    and the call is skipped rather than guessed about.
    """
    positional = [p for p in params if p.kind in _POSITIONAL]
    var_positional = next((p for p in params if p.kind == ParamKind.VAR_POSITIONAL), None)
    var_keyword = next((p for p in params if p.kind == ParamKind.VAR_KEYWORD), None)
    by_name = {p.name: p for p in params if p.kind in _BY_KEYWORD}
    result: list[Param | None] = [None] * len(args)
    bound: set[str] = set()
    index = 0
    unpacked = False
    for i, (keyword, starred) in enumerate(args):
        if keyword is not None:
            continue
        if starred:
            unpacked = True
            continue
        if unpacked:
            continue
        if index < len(positional):
            result[i] = positional[index]
            bound.add(positional[index].name)
            index += 1
        elif var_positional is not None:
            result[i] = var_positional
        else:
            return None
    for i, (keyword, starred) in enumerate(args):
        if starred == 2:
            unpacked = True
            continue
        if keyword is None:
            continue
        param = by_name.get(keyword)
        if param is None:
            if var_keyword is None:
                return None
            result[i] = Param(keyword, ParamKind.VAR_KEYWORD)
            continue
        if param.name in bound:
            return None
        bound.add(param.name)
        result[i] = param
    if not unpacked:
        for param in params:
            required = param.kind in _POSITIONAL or param.kind == ParamKind.KEYWORD_ONLY
            if required and not param.has_default and param.name not in bound:
                return None
    return result
