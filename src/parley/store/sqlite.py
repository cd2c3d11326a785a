"""SQLite adapter: stdlib sqlite3, statements run inline on the event loop.

One connection per process; an asyncio lock makes each transaction exclusive, so a
transaction that awaits something else (an HTTP download) never interleaves with
another one. Statements take microseconds, so running them inline is cheaper than a
thread hop.

A statement that breaks a unique index or primary key raises ``parley.errors.Duplicate``
(the store's integrity error, mapped in one place); services give it their own text.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from parley.errors import Duplicate
from parley.store.database import (
    Params,
    RollbackHook,
    Row,
    Tx,
    expand_in,
    list_params,
    run_rollback_hooks,
    sqlite_path,
)

_UNIQUE = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}


@contextmanager
def _unique_violation() -> Iterator[None]:
    try:
        yield
    except sqlite3.IntegrityError as exc:
        if getattr(exc, "sqlite_errorname", None) in _UNIQUE:
            raise Duplicate(detail=str(exc)) from exc
        raise


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
        self.rollback_hooks: list[RollbackHook] = []

    def on_rollback(self, hook: RollbackHook) -> None:
        self.rollback_hooks.append(hook)

    async def fetch_all(self, sql: str, params: Params | None = None) -> list[Row]:
        sql, args = _prepare(sql, params)
        with _unique_violation():
            return self._conn.execute(sql, args).fetchall()

    async def fetch_one(self, sql: str, params: Params | None = None) -> Row | None:
        sql, args = _prepare(sql, params)
        with _unique_violation():
            row: Row | None = self._conn.execute(sql, args).fetchone()
        return row

    async def fetch_val(self, sql: str, params: Params | None = None) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Params | None = None) -> int:
        sql, args = _prepare(sql, params)
        with _unique_violation():
            return self._conn.execute(sql, args).rowcount

    async def execute_many(self, sql: str, params: Sequence[Params]) -> None:
        with _unique_violation():
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
            tx = SqliteTx(conn)
            try:
                yield tx
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                run_rollback_hooks(tx.rollback_hooks)
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                run_rollback_hooks(tx.rollback_hooks)
                raise
