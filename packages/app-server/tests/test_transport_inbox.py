"""The inbox both transports share between their reader and ``Connection.incoming``."""

from __future__ import annotations

import asyncio

from spindle_app_server.transport._connection import Inbox


async def _drain(inbox: Inbox) -> list[str]:
    return [text async for text in inbox.messages()]


def test_end_lets_the_handler_take_what_was_read_first() -> None:
    async def run() -> list[str]:
        inbox = Inbox(capacity=4)
        await inbox.put("a")
        await inbox.put("b")
        await inbox.end()
        return await _drain(inbox)

    assert asyncio.run(run()) == ["a", "b"]


def test_end_now_drops_what_the_handler_has_not_taken() -> None:
    async def run() -> list[str]:
        inbox = Inbox(capacity=2)
        await inbox.put("a")
        await inbox.put("b")  # full: a reader would now wait
        inbox.end_now()
        return await _drain(inbox)

    assert asyncio.run(run()) == []


def test_a_full_inbox_makes_the_reader_wait() -> None:
    async def run() -> tuple[bool, list[str]]:
        inbox = Inbox(capacity=1)
        await inbox.put("a")
        blocked = asyncio.ensure_future(inbox.put("b"))
        await asyncio.sleep(0)
        waited = not blocked.done()
        taken = []
        async for text in inbox.messages():
            taken.append(text)
            if len(taken) == 2:
                break
        await blocked
        return waited, taken

    assert asyncio.run(run()) == (True, ["a", "b"])
