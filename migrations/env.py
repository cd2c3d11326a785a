"""Alembic environment: runs the same revisions on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import create_engine, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from parley.store.database import sqlalchemy_url
from parley.store.schema import metadata

config = context.config
MIGRATION_LOCK = 7_261_736_572  # pg_advisory_xact_lock key of Parley's migrations
url = config.attributes.get("parley_url") or os.environ.get("PARLEY_DATABASE_URL")
if not url:
    raise SystemExit("set PARLEY_DATABASE_URL (sqlite:///path or postgresql://...)")


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two upgrades at once (several servers starting, or `parley db upgrade` while
            # one starts): the second waits here, then finds the schema up to date.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


async def _run_async(sa_url: str) -> None:
    engine = create_async_engine(sa_url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


def run() -> None:
    sa_url = sqlalchemy_url(url)
    if sa_url.startswith("sqlite"):
        engine = create_engine(sa_url, poolclass=pool.NullPool)
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        asyncio.run(_run_async(sa_url))


run()
