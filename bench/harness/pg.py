"""PostgreSQL administration for the benchmark: databases for the cache and run copies.

The server is found at PARLEY_BENCH_PG_URL (an admin URL such as
postgresql://postgres@127.0.0.1:5432/postgres), else at 127.0.0.1:5432 as user
postgres or root, like the test suite.
"""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import asyncpg

_NAME = re.compile(r"^[a-z0-9_]+$")


def _check(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"unsafe database name {name!r}")
    return name


@dataclass(frozen=True)
class PgAdmin:
    url: str  # admin connection, to the maintenance database

    def url_for(self, database: str) -> str:
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path="/" + database))

    async def _conn(self) -> asyncpg.Connection:
        return await asyncpg.connect(self.url, timeout=10)

    async def version(self) -> str:
        conn = await self._conn()
        try:
            return str(await conn.fetchval("SHOW server_version"))
        finally:
            await conn.close()

    async def databases(self, prefix: str) -> list[str]:
        conn = await self._conn()
        try:
            rows = await conn.fetch("SELECT datname FROM pg_database")
            return [str(r[0]) for r in rows if str(r[0]).startswith(prefix)]
        finally:
            await conn.close()

    async def create(self, name: str, template: str | None = None) -> None:
        conn = await self._conn()
        try:
            sql = f"CREATE DATABASE {_check(name)}"
            if template:
                sql += f" TEMPLATE {_check(template)}"
                if conn.get_server_version().major >= 15:
                    # a file copy: much faster than the default WAL_LOG for a large store
                    sql += " STRATEGY FILE_COPY"
            await conn.execute(sql)
        finally:
            await conn.close()

    async def drop(self, name: str) -> None:
        conn = await self._conn()
        try:
            await conn.execute(f"DROP DATABASE IF EXISTS {_check(name)} WITH (FORCE)")
        finally:
            await conn.close()

    async def vacuum_analyze(self, name: str) -> None:
        conn = await asyncpg.connect(self.url_for(name), timeout=10)
        try:
            await conn.execute("VACUUM (ANALYZE)")
        finally:
            await conn.close()


async def _try(url: str) -> bool:
    try:
        conn = await asyncpg.connect(url, timeout=5)
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return False
    await conn.close()
    return True


def find_admin() -> PgAdmin | None:
    """The PostgreSQL server to use, or None when none answers."""
    explicit = os.environ.get("PARLEY_BENCH_PG_URL")
    if explicit:
        return PgAdmin(explicit) if asyncio.run(_try(explicit)) else None
    host = os.environ.get("PARLEY_TEST_PG_HOST", "127.0.0.1")
    port = os.environ.get("PARLEY_TEST_PG_PORT", "5432")
    for user in ("postgres", "root"):
        url = f"postgresql://{user}@{host}:{port}/postgres"
        if asyncio.run(_try(url)):
            return PgAdmin(url)
    return None
