"""The handler registry: one decorator registers one handler per method constant.

A handler is ``async def handler(ctx: RequestContext, params: XParams) -> XResponse``, typed
with the generated models. Registration checks that pairing against the generated method
table (``CLIENT_REQUEST_TYPES``): the params annotation must name the method's params model
(``None`` for a method without params) and the return annotation its result model, or
:class:`HandlerTypeMismatch` is raised while the handler module imports. A second
registration for the same method raises :class:`DuplicateHandler`, so two modules can never
silently fight over a method. The dispatcher looks handlers up here.

The check compares names, not classes: handler modules use postponed annotations, and
resolving them would load the generated models, which ``initialize`` is answered without.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from spindle_protocol.methods import CLIENT_REQUEST_TYPES

if TYPE_CHECKING:
    from ._context import RequestContext

__all__ = [
    "REGISTRY",
    "DuplicateHandler",
    "Handler",
    "HandlerTypeMismatch",
    "Registry",
    "handler",
]

Handler = Callable[["RequestContext", Any], Awaitable[Any]]
H = TypeVar("H", bound=Handler)


class DuplicateHandler(RuntimeError):
    """A method got a second handler."""


class HandlerTypeMismatch(TypeError):
    """A handler's params or result annotation is not the one the method table names."""


def _type_name(annotation: object) -> str:
    """``ThreadStartParams`` for ``ThreadStartParams``, ``"m.ThreadStartParams"`` or the class."""
    if annotation is None or annotation is type(None):
        return "None"
    if isinstance(annotation, str):
        return annotation.strip().rsplit(".", 1)[-1]
    name = getattr(annotation, "__name__", None)
    return name if isinstance(name, str) else repr(annotation)


def check_signature(method: str, fn: Callable[..., Any], *, result: bool = True) -> None:
    """Raise :class:`HandlerTypeMismatch` unless ``fn`` takes and returns ``method``'s types."""
    where = f"{fn.__module__}.{fn.__qualname__}"
    types = CLIENT_REQUEST_TYPES.get(method)
    if types is None:
        raise HandlerTypeMismatch(f"{where}: {method} is not a client request method")
    params_name, result_name, _ = types
    parameters = list(inspect.signature(fn, eval_str=False).parameters.values())
    if len(parameters) != 2:
        raise HandlerTypeMismatch(f"{where} must take (ctx, params), not {len(parameters)}")
    expected_params = params_name or "None"
    got_params = _type_name(parameters[1].annotation)
    if got_params != expected_params:
        raise HandlerTypeMismatch(
            f"{where} handles {method}, whose params are {expected_params}, not {got_params}"
        )
    if result:
        got_result = _type_name(fn.__annotations__.get("return", inspect.Signature.empty))
        if got_result != (result_name or "None"):
            raise HandlerTypeMismatch(
                f"{where} handles {method}, whose result is {result_name}, not {got_result}"
            )


class Registry:
    """Method name -> handler."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def handler(self, method: str, *, untyped_result: str | None = None) -> Callable[[H], H]:
        """Register the decorated coroutine function as the handler of ``method``.

        ``untyped_result`` exempts the result (never the params) from the check, and says why:
        only ``initialize`` uses it, answering before the generated models are loaded.
        """

        def register(fn: H) -> H:
            check_signature(method, fn, result=untyped_result is None)
            if method in self._handlers:
                existing = self._handlers[method]
                raise DuplicateHandler(
                    f"{method} is already handled by {existing.__module__}.{existing.__qualname__}"
                )
            self._handlers[method] = fn
            return fn

        return register

    def get(self, method: str) -> Handler | None:
        return self._handlers.get(method)

    def methods(self) -> frozenset[str]:
        return frozenset(self._handlers)


REGISTRY = Registry()
handler = REGISTRY.handler
