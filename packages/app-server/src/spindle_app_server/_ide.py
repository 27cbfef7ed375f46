"""Per-server state of the IDE surface: ``command/exec`` processes and ``fs/watch`` watches.

Both are scoped to the connection that created them, so the server tells them when a
connection closes (its processes are killed, its watches dropped) and when it shuts down.
:func:`ide_state` creates the state on first use and hooks it into the server.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._command_exec import CommandExecManager
from ._fs_watch import FsWatches

if TYPE_CHECKING:
    from ._server import AppServer
    from ._session import Session

__all__ = ["IdeState", "ide_state"]


@dataclass
class IdeState:
    commands: CommandExecManager
    watches: FsWatches

    async def connection_closed(self, session: Session) -> None:
        await self.watches.connection_closed(session)
        await self.commands.connection_closed(session)

    async def shutdown(self) -> None:
        await self.commands.kill_all()


_STATES: weakref.WeakKeyDictionary[AppServer, IdeState] = weakref.WeakKeyDictionary()


def ide_state(server: AppServer) -> IdeState:
    state = _STATES.get(server)
    if state is None:
        state = IdeState(CommandExecManager(server.notifier), FsWatches(server.notifier))
        _STATES[server] = state
        server.connection_close_hooks.append(state.connection_closed)
        server.shutdown_hooks.append(state.shutdown)
    return state
