"""Bulk writes and sequence reservations, per store.

Rows go through the Database port's ``execute_many`` (one prepared statement, many
rows). The port has no bulk method that takes plain tuples, so when the transaction
exposes its driver connection (bench code only) this goes one level lower: PostgreSQL
writes with ``COPY`` (asyncpg ``copy_records_to_table``, several times faster than
INSERTs), SQLite with ``executemany`` and positional parameters (no dict per row, about
1.4x faster).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from parley.store import Tx


class Sink:
    def __init__(self, tx: Tx, *, direct: bool = True) -> None:
        self.tx = tx
        self.rows = 0
        conn = getattr(tx, "_conn", None) if direct else None
        self._copy_conn = conn if hasattr(conn, "copy_records_to_table") else None
        self._sqlite_conn = conn if isinstance(conn, sqlite3.Connection) else None

    @property
    def direct(self) -> bool:
        return self._copy_conn is not None or self._sqlite_conn is not None

    async def insert(
        self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
    ) -> None:
        if not rows:
            return
        self.rows += len(rows)
        if self._copy_conn is not None:
            await self._copy_conn.copy_records_to_table(table, records=rows, columns=list(columns))
            return
        names = ", ".join(columns)
        if self._sqlite_conn is not None:
            marks = ", ".join("?" for _ in columns)
            self._sqlite_conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            return
        values = ", ".join(f":{c}" for c in columns)
        sql = f"INSERT INTO {table} ({names}) VALUES ({values})"
        await self.tx.execute_many(sql, [dict(zip(columns, r, strict=True)) for r in rows])

    async def reserve(self, sequence: str, count: int) -> list[int]:
        """``count`` new values of a store sequence (the ones the server's ``next_id`` uses),
        so ids written here never collide with ids the server hands out later."""
        if count <= 0:
            return []
        if not re.fullmatch(r"[a-z_]+", sequence):
            raise ValueError("bad sequence name")
        if self.tx.dialect == "postgresql":
            rows = await self.tx.fetch_all(
                f"SELECT nextval('{sequence}') FROM generate_series(1, :n)", {"n": count}
            )
            return sorted(int(r[0]) for r in rows)
        last = await self.tx.fetch_val(
            "UPDATE id_sequences SET value = value + :n WHERE name = :name RETURNING value",
            {"n": count, "name": sequence},
        )
        if last is None:
            await self.tx.execute(
                "INSERT INTO id_sequences (name, value) VALUES (:name, :n)",
                {"name": sequence, "n": count},
            )
            last = count
        return list(range(int(last) - count + 1, int(last) + 1))
