"""What a handler gets besides its params."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._server import AppServer
    from ._session import RequestId, Session

__all__ = ["RequestContext"]


@dataclass
class RequestContext:
    """The server, the calling session and the request being answered."""

    server: AppServer
    session: Session
    request_id: RequestId
    method: str
    # The params exactly as received: patch semantics need "omitted" apart from "null".
    raw_params: Any = None
    _after: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def after_response(self, callback: Callable[[], Awaitable[None]]) -> None:
        """Run ``callback`` once the response has been queued (e.g. follow-up notifications)."""
        self._after.append(callback)

    def after_callbacks(self) -> list[Callable[[], Awaitable[None]]]:
        return list(self._after)
