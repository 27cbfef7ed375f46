"""The handler registry: one decorator registers one handler per method constant.

A second registration for the same method raises :class:`DuplicateHandler`, so two modules
can never silently fight over a method. The dispatcher looks handlers up here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ._context import RequestContext

__all__ = ["REGISTRY", "DuplicateHandler", "Handler", "Registry", "handler"]

Handler = Callable[["RequestContext", Any], Awaitable[Any]]
H = TypeVar("H", bound=Handler)


class DuplicateHandler(RuntimeError):
    """A method got a second handler."""


class Registry:
    """Method name -> handler."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def handler(self, method: str) -> Callable[[H], H]:
        """Register the decorated coroutine function as the handler of ``method``."""

        def register(fn: H) -> H:
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
