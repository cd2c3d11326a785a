"""SQLite adapter: stdlib sqlite3, statements run inline on the event loop.

One connection per process; an asyncio lock makes each transaction exclusive, so a
transaction that awaits something else (an HTTP download) never interleaves with
another one. Statements take microseconds, so running them inline is cheaper than a
thread hop.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from parley.store.database import Params, Row, Tx, expand_in, list_params, sqlite_path


def _render_in(name: str, values: list[Any]) -> str:
    return "IN (" + ", ".join(f":{name}__{i}" for i in range(len(values))) + ")"


def _prepare(sql: str, params: Params | None) -> tuple[str, dict[str, Any]]:
    if not params:
        return sql, {}
    sql, scalars, lists = list_params(sql, params)
    if lists:
        sql = expand_in(sql, lists, _render_in)
        for name, values in lists.items():
            for i, value in enumerate(values):
                scalars[f"{name}__{i}"] = value
    return sql, scalars


class SqliteTx:
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    async def fetch_all(self, sql: str, params: Params | None = None) -> list[Row]:
        sql, args = _prepare(sql, params)
        return self._conn.execute(sql, args).fetchall()

    async def fetch_one(self, sql: str, params: Params | None = None) -> Row | None:
        sql, args = _prepare(sql, params)
        row: Row | None = self._conn.execute(sql, args).fetchone()
        return row

    async def fetch_val(self, sql: str, params: Params | None = None) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Params | None = None) -> int:
        sql, args = _prepare(sql, params)
        return self._conn.execute(sql, args).rowcount

    async def execute_many(self, sql: str, params: Sequence[Params]) -> None:
        self._conn.executemany(sql, [dict(p) for p in params])

    async def next_id(self, sequence: str) -> int:
        row = self._conn.execute(
            "UPDATE id_sequences SET value = value + 1 WHERE name = :name RETURNING value",
            {"name": sequence},
        ).fetchone()
        if row is None:
            self._conn.execute(
                "INSERT INTO id_sequences (name, value) VALUES (:name, 1)", {"name": sequence}
            )
            return 1
        return int(row[0])


class SqliteDatabase:
    dialect = "sqlite"

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self._conn: sqlite3.Connection | None = None
        self._lock = asyncio.Lock()

    async def connect(self) -> None:
        if self._conn is not None:
            return
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=10000")
        self._conn = conn

    async def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @asynccontextmanager
    async def transaction(self, *, readonly: bool = False) -> AsyncIterator[Tx]:
        if self._conn is None:
            raise RuntimeError("database is not connected")
        conn = self._conn
        async with self._lock:
            conn.execute("BEGIN" if readonly else "BEGIN IMMEDIATE")
            try:
                yield SqliteTx(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")
