"""Which adapter a database URL opens (each imported only when used: asyncpg is not
loaded for a SQLite store)."""

from __future__ import annotations

from parley.store.database import Database


def open_database(url: str) -> Database:
    """Build the adapter for a database URL (not yet connected)."""
    if url.startswith("sqlite:"):
        from parley.store.sqlite import SqliteDatabase

        return SqliteDatabase(url)
    if url.startswith(("postgresql:", "postgres:", "postgresql+asyncpg:")):
        from parley.store.postgres import PostgresDatabase

        return PostgresDatabase(url)
    raise ValueError(f"unsupported database URL: {url.split(':', 1)[0]}")
