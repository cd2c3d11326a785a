"""Which adapter a database URL opens (each imported only when used: asyncpg is not
loaded for a SQLite store)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from parley.store.database import Database, Tx
from parley.store.notifying import NotifyingDatabase


def open_database(url: str, pool_size: int = 10) -> Database:
    """Build the adapter for a database URL (not yet connected), notifying open desks of
    the activity its transactions commit (``parley.store.notifying``); on PostgreSQL each of
    its two pools keeps at most ``pool_size`` connections."""
    if url.startswith("sqlite:"):
        from parley.store.sqlite import SqliteDatabase

        return NotifyingDatabase(SqliteDatabase(url))
    if url.startswith(("postgresql:", "postgres:", "postgresql+asyncpg:")):
        from parley.store.postgres import PostgresDatabase

        return NotifyingDatabase(PostgresDatabase(url, pool_size=pool_size))
    raise ValueError(f"unsupported database URL: {url.split(':', 1)[0]}")


T = TypeVar("T")


def run_in_transaction(url: str, fn: Callable[[Tx], Awaitable[T]], *, readonly: bool = False) -> T:
    """For a command outside any event loop: ``fn`` in one transaction (a write one unless
    ``readonly``) of a store opened for it (committed when ``fn`` returns), the store
    closed after."""

    async def run() -> T:
        db = open_database(url)
        await db.connect()
        try:
            async with db.transaction(readonly=readonly) as tx:
                return await fn(tx)
        finally:
            await db.close()

    return asyncio.run(run())
