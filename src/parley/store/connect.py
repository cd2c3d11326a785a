"""Which adapter a database URL opens (each imported only when used: asyncpg is not
loaded for a SQLite store)."""

from __future__ import annotations

from parley.store.database import Database
from parley.store.notifying import NotifyingDatabase


def open_database(url: str) -> Database:
    """Build the adapter for a database URL (not yet connected), notifying open desks of
    the activity its transactions commit (``parley.store.notifying``)."""
    if url.startswith("sqlite:"):
        from parley.store.sqlite import SqliteDatabase

        return NotifyingDatabase(SqliteDatabase(url))
    if url.startswith(("postgresql:", "postgres:", "postgresql+asyncpg:")):
        from parley.store.postgres import PostgresDatabase

        return NotifyingDatabase(PostgresDatabase(url))
    raise ValueError(f"unsupported database URL: {url.split(':', 1)[0]}")
