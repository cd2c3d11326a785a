"""Live updates for open desks: an in-process broadcaster and the activity tail.

The broadcaster keeps a counter per organisation, bumped by ``wake`` after a commit that
wrote activity (``parley.store.notifying``: in this process directly, from other
processes through PostgreSQL's ``LISTEN``). A stream reads the counter, reads the new
entries, then waits until the counter moves (or a heartbeat passes): a wake between the
read and the wait is never lost.

A stream ends when the session does (signed out, expired, deactivated) or when the
server shuts down.

What a stream sends: every activity entry of the organisation, once, with its ``seq`` as
the event id. Entries are read by ``seq`` after the last one sent (a reconnecting
browser's ``Last-Event-ID``) and, because on PostgreSQL a transaction may commit after
one that drew a later ``seq``, also by time over the last ``WINDOW_MS``; ids already sent
are skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager

import msgspec
from litestar import Litestar
from litestar.response import ServerSentEventMessage

from parley.desk import auth
from parley.desk import repository as repo
from parley.kit.clock import now_ms
from parley.store import Database
from parley.store.notifying import NotifyingDatabase

HEARTBEAT_S = 15.0
WINDOW_MS = 30_000
BATCH = 200


class Broadcaster:
    def __init__(self) -> None:
        self._versions: dict[str, int] = {}
        self._events: dict[str, asyncio.Event] = {}
        self.closed = False

    def close(self) -> None:
        """End every stream (the server is shutting down)."""
        self.closed = True
        self.wake("")

    def version(self, org_id: str) -> int:
        return self._versions.get(org_id, 0)

    def wake(self, org_id: str) -> None:
        """Wake the streams of ``org_id`` (of every organisation when it is empty)."""
        if not org_id:
            for org in list(self._events):
                self.wake(org)
            return
        self._versions[org_id] = self._versions.get(org_id, 0) + 1
        event = self._events.pop(org_id, None)
        if event is not None:
            event.set()

    async def wait(self, org_id: str, seen: int, timeout: float) -> bool:
        """Until the organisation's counter is past ``seen`` (True) or ``timeout`` (False)."""
        if self.closed or self.version(org_id) != seen:
            return True
        event = self._events.setdefault(org_id, asyncio.Event())
        try:
            async with asyncio.timeout(timeout):
                await event.wait()
        except TimeoutError:
            return self.version(org_id) != seen
        return True


@asynccontextmanager
async def lifespan(app: Litestar) -> AsyncIterator[None]:
    """Attach a broadcaster to the app's store (and, on PostgreSQL, listen)."""
    db: Database = app.state.db
    broadcaster = Broadcaster()
    app.state.desk_broadcaster = broadcaster
    listening: asyncio.Task[None] | None = None
    if isinstance(db, NotifyingDatabase):
        db.listeners.append(broadcaster.wake)
        listening = db.listen_elsewhere(broadcaster.wake)
    try:
        yield
    finally:
        broadcaster.close()
        if isinstance(db, NotifyingDatabase) and broadcaster.wake in db.listeners:
            db.listeners.remove(broadcaster.wake)
        if listening is not None:
            listening.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listening


def _message(tick: repo.ActivityTick) -> ServerSentEventMessage:
    data = {"seq": tick.seq, "conversationId": tick.conversation_id, "type": tick.type}
    return ServerSentEventMessage(
        data=msgspec.json.encode(data).decode(), event="activity", id=str(tick.seq)
    )


async def stream(
    db: Database, broadcaster: Broadcaster, cookie: str, last_id: int | None, idle_s: int
) -> AsyncGenerator[ServerSentEventMessage, None]:
    """The organisation's activity as server-sent events, until the session ends (the
    stream itself is not a request of the agent: it does not keep the session alive)."""
    sent: dict[int, int] = {}  # seq -> activity time, for the entries of the window
    start = now_ms()
    first = True
    yield ServerSentEventMessage(comment="connected", retry=1000)
    while not broadcaster.closed:
        async with db.transaction(readonly=True) as tx:
            user = await auth.resolve(tx, cookie, now_ms(), idle_s)
            if user is None:
                return
            org = user.org_id
            seen = broadcaster.version(org)
            if last_id is None:
                last_id = await repo.last_activity_seq(tx, org)
            since = max(start, now_ms()) - WINDOW_MS
            fresh = await repo.activity_after(tx, org, last_id, BATCH)
            window = await repo.activity_since(tx, org, since, BATCH)
        if first:  # what the window holds up to the starting point was seen before
            sent.update((t.seq, t.at) for t in window if t.seq <= last_id)
            first = False
        for tick in sorted({t.seq: t for t in fresh + window}.values(), key=lambda t: t.seq):
            if tick.seq in sent:
                continue
            sent[tick.seq] = tick.at
            last_id = max(last_id, tick.seq)
            yield _message(tick)
        for seq in [s for s, at in sent.items() if at < since]:
            del sent[seq]
        if not await broadcaster.wait(org, seen, HEARTBEAT_S) and not broadcaster.closed:
            yield ServerSentEventMessage(comment="heartbeat")
