"""Telling open desks that an organisation's activity log grew.

A transaction that writes activity entries marks their organisations
(``mark_activity``). When it commits, ``NotifyingDatabase`` wakes the process's
listeners for those organisations; on PostgreSQL it also sends ``NOTIFY parley_activity``
with the organisation's id from inside the transaction, which PostgreSQL delivers only
when it commits, so other server processes (``listen``) and ``parley worker`` processes
reach every open desk. A transaction that rolls back notifies nobody.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, cast

from parley.store.database import Database, Tx

CHANNEL = "parley_activity"
_WRITTEN = "parley.store.activity_written"

log = logging.getLogger("parley.store")

Listener = Callable[[str], None]


def mark_activity(tx: Tx, org_id: str) -> None:
    """Record that this transaction wrote activity of ``org_id``."""
    orgs: set[str] = tx.memo.setdefault(_WRITTEN, set())
    orgs.add(org_id)


class NotifyingDatabase:
    """A Database that notifies after commits which wrote activity (see the module)."""

    def __init__(self, inner: Database) -> None:
        self.inner = inner
        self.dialect = inner.dialect
        self.url = inner.url
        self.listeners: list[Listener] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def connect(self) -> None:
        await self.inner.connect()

    async def close(self) -> None:
        await self.inner.close()

    def transaction(
        self, *, readonly: bool = False, snapshot: bool = False, offload: bool = False
    ) -> AbstractAsyncContextManager[Tx]:
        if readonly:
            return self.inner.transaction(readonly=True, snapshot=snapshot, offload=offload)
        return self._notifying(snapshot)

    @asynccontextmanager
    async def _notifying(self, snapshot: bool) -> AsyncIterator[Tx]:
        async with self.inner.transaction(snapshot=snapshot) as tx:
            yield tx
            orgs: set[str] = tx.memo.get(_WRITTEN, set())
            if orgs and tx.dialect == "postgresql":
                for org_id in sorted(orgs):  # sent with the COMMIT, in its round trip
                    cast(Any, tx).notify_at_commit(CHANNEL, org_id)
        for org_id in orgs:
            self.wake(org_id)

    def listen_elsewhere(self, listener: Listener) -> asyncio.Task[None] | None:
        """Hear the activity other processes commit: on PostgreSQL a task that ``listen``s
        (cancel it to stop); None on SQLite, whose one process wakes its listeners itself."""
        if self.dialect != "postgresql":
            return None
        return asyncio.create_task(listen(self.url, listener))

    def wake(self, org_id: str) -> None:
        for listener in list(self.listeners):
            try:
                listener(org_id)
            except Exception:
                log.exception("activity listener failed")


async def _closed(conn: Any) -> None:
    """Until the connection is lost."""
    lost = asyncio.Event()
    conn.add_termination_listener(lambda _conn: lost.set())
    await lost.wait()


async def listen(url: str, listener: Listener, *, retry_s: float = 1.0) -> None:
    """PostgreSQL: call ``listener(org_id)`` for every activity committed by any process,
    on a connection of its own, connecting again whenever it is lost, until cancelled.
    Each (re)connection also calls ``listener("")``: what was committed while nobody
    listened is read by whoever wakes."""
    import asyncpg

    dsn = "postgresql://" + url.split("://", 1)[1]

    def on_notify(_conn: Any, _pid: int, _channel: str, payload: str) -> None:
        listener(payload)

    while True:
        conn: Any = None
        try:
            conn = await asyncpg.connect(dsn)
            await conn.add_listener(CHANNEL, on_notify)
            listener("")
            await _closed(conn)
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("activity listener: %s; connecting again", exc)
        finally:
            if conn is not None and not conn.is_closed():
                await conn.close()
        await asyncio.sleep(retry_s)
