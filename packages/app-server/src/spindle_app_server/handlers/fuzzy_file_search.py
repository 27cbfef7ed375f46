"""``fuzzyFileSearch`` and its (experimental) sessions.

``fuzzyFileSearch`` answers the best-matching files and directories under some roots; a
request with a ``cancellationToken`` cancels the still-running search that used the same
token, which then answers an empty list, as the reference does.

A session (``fuzzyFileSearch/sessionStart|Update|Stop``) keeps its roots; each start or
update answers ``{}`` and then sends ``fuzzyFileSearch/sessionUpdated`` (no files for an
empty query) and ``fuzzyFileSearch/sessionCompleted`` to every connection, unless a newer
query overtook it; not before the walk the session starts with has ended (so a query sent
right after the start gets the one completion, after its own results). Unknown sessions:
-32600 ``fuzzy file search session not found: <id>``; no roots: -32603 ``failed to start
fuzzy file search session: at least one search directory is required``; stopping is
idempotent. The walk and the ranking are in :mod:`.._fuzzy_search`; they run off the
event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from spindle_protocol.errors import InternalError, InvalidRequest
from spindle_protocol.methods import (
    FUZZY_FILE_SEARCH,
    FUZZY_FILE_SEARCH_SESSION_COMPLETED,
    FUZZY_FILE_SEARCH_SESSION_START,
    FUZZY_FILE_SEARCH_SESSION_STOP,
    FUZZY_FILE_SEARCH_SESSION_UPDATE,
    FUZZY_FILE_SEARCH_SESSION_UPDATED,
)
from spindle_protocol.models import (
    FuzzyFileSearchParams,
    FuzzyFileSearchResponse,
    FuzzyFileSearchResult,
    FuzzyFileSearchSessionCompletedNotification,
    FuzzyFileSearchSessionStartParams,
    FuzzyFileSearchSessionStartResponse,
    FuzzyFileSearchSessionStopParams,
    FuzzyFileSearchSessionStopResponse,
    FuzzyFileSearchSessionUpdatedNotification,
    FuzzyFileSearchSessionUpdateParams,
    FuzzyFileSearchSessionUpdateResponse,
)

from .._context import RequestContext
from .._fuzzy_index import TreeIndex, index_for
from .._fuzzy_search import CancelFlag, prewalk, search
from .._notifier import Notifier
from .._params import given
from .._registry import handler

__all__ = [
    "fuzzy_file_search",
    "fuzzy_file_search_session_start",
    "fuzzy_file_search_session_stop",
    "fuzzy_file_search_session_update",
]

# Running searches by cancellation token (one process serves every connection).
_RUNNING: dict[str, CancelFlag] = {}


def _index(ctx: RequestContext) -> TreeIndex:
    """Where walks are saved for the next server (the home's cache)."""
    return index_for(ctx.server.home)


def _results(files: list[dict[str, Any]]) -> list[FuzzyFileSearchResult]:
    return [FuzzyFileSearchResult.model_validate(file) for file in files]


@handler(FUZZY_FILE_SEARCH)
async def fuzzy_file_search(
    ctx: RequestContext, params: FuzzyFileSearchParams
) -> FuzzyFileSearchResponse:
    token = given(params.cancellation_token)
    flag = CancelFlag()
    if token is not None:
        previous = _RUNNING.get(token)
        if previous is not None:
            previous.cancel()
        _RUNNING[token] = flag
    index = _index(ctx)
    try:
        files = await asyncio.to_thread(search, params.query, list(params.roots), flag, index)
    finally:
        if token is not None and _RUNNING.get(token) is flag:
            del _RUNNING[token]
    ctx.after_response(_flush(index))
    return FuzzyFileSearchResponse(files=_results(files))


def _flush(index: TreeIndex) -> Callable[[], Awaitable[None]]:
    """Save the walks a search made, once it is answered (see :mod:`.._fuzzy_index`)."""

    async def flush() -> None:
        index.flush()

    return flush


# -- sessions (experimental) ----------------------------------------------------------------


@dataclass
class _Session:
    """A search session: its roots and the query whose results are wanted now."""

    roots: list[str]
    index: TreeIndex
    query: str = ""
    flag: CancelFlag = field(default_factory=CancelFlag)
    # The walk of the roots the session starts with; stopping the session cancels it.
    walk: CancelFlag = field(default_factory=CancelFlag)
    # Set once that walk has ended (done, cancelled or failed).
    walked: asyncio.Event = field(default_factory=asyncio.Event)
    closed: bool = False


# Sessions by id, for the whole server (as the reference: not per connection).
_SESSIONS: dict[str, _Session] = {}


async def _publish(notifier: Notifier, session_id: str, session: _Session) -> None:
    """Search the session's latest query and send its results, unless overtaken meanwhile.

    As the reference's, a session completes only once its first walk has: an empty query
    (no search, no files) waits for that walk, and a query's search shares it.
    """
    query = session.query
    flag = session.flag
    files = []
    if query:
        roots = list(session.roots)
        files = await asyncio.to_thread(search, query, roots, flag, session.index)
    else:
        await session.walked.wait()
    if flag.cancelled or session.closed or _SESSIONS.get(session_id) is not session:
        session.index.flush()
        return
    await notifier.broadcast(
        FUZZY_FILE_SEARCH_SESSION_UPDATED,
        FuzzyFileSearchSessionUpdatedNotification(
            session_id=session_id, query=query, files=_results(files)
        ),
    )
    await notifier.broadcast(
        FUZZY_FILE_SEARCH_SESSION_COMPLETED,
        FuzzyFileSearchSessionCompletedNotification(session_id=session_id),
    )
    # Walks are saved once the results are out (see :mod:`.._fuzzy_index`).
    session.index.flush()


def _restart(ctx: RequestContext, session_id: str, session: _Session, query: str) -> None:
    session.flag.cancel()
    session.flag = CancelFlag()
    session.query = query
    server = ctx.server
    notifier = ctx.notifier

    async def publish() -> None:
        server.spawn(_publish(notifier, session_id, session), name=f"fuzzy session {session_id}")

    ctx.after_response(publish)


@handler(FUZZY_FILE_SEARCH_SESSION_START)
async def fuzzy_file_search_session_start(
    ctx: RequestContext, params: FuzzyFileSearchSessionStartParams
) -> FuzzyFileSearchSessionStartResponse:
    roots = list(params.roots)
    if not roots:
        raise InternalError(
            "failed to start fuzzy file search session: at least one search directory is required"
        )
    session_id = params.session_id
    previous = _SESSIONS.pop(session_id, None)
    if previous is not None:
        _close(previous)
    session = _Session(roots, _index(ctx))
    _SESSIONS[session_id] = session
    # As the reference, a session walks its roots as it starts: its first query is
    # answered from that walk (shared with the query's own search while it runs).
    ctx.server.spawn(_prewalk(session), name=f"fuzzy walk {session_id}")
    _restart(ctx, session_id, session, "")
    return FuzzyFileSearchSessionStartResponse()


async def _prewalk(session: _Session) -> None:
    try:
        await asyncio.to_thread(prewalk, list(session.roots), session.walk, session.index)
    finally:
        session.walked.set()


@handler(FUZZY_FILE_SEARCH_SESSION_UPDATE)
async def fuzzy_file_search_session_update(
    ctx: RequestContext, params: FuzzyFileSearchSessionUpdateParams
) -> FuzzyFileSearchSessionUpdateResponse:
    session_id = params.session_id
    session = _SESSIONS.get(session_id)
    if session is None:
        raise InvalidRequest(f"fuzzy file search session not found: {session_id}")
    _restart(ctx, session_id, session, params.query)
    return FuzzyFileSearchSessionUpdateResponse()


@handler(FUZZY_FILE_SEARCH_SESSION_STOP)
async def fuzzy_file_search_session_stop(
    ctx: RequestContext, params: FuzzyFileSearchSessionStopParams
) -> FuzzyFileSearchSessionStopResponse:
    session = _SESSIONS.pop(params.session_id, None)
    if session is not None:
        _close(session)
    return FuzzyFileSearchSessionStopResponse()


def _close(session: _Session) -> None:
    session.closed = True
    session.flag.cancel()
    session.walk.cancel()
