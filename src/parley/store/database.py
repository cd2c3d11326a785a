"""The Database port.

SQL is written by hand in repositories with named parameters (``:name``). A list or
tuple value used as ``IN :name`` is expanded by the adapter. Each adapter owns the
dialect differences (parameter style, sequences, list expansion).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import fields
from functools import lru_cache
from typing import Any, Protocol, TypeVar

Params = Mapping[str, Any]
T = TypeVar("T")
RollbackHook = Callable[[], None]
CommitHook = Callable[[], Awaitable[None]]

log = logging.getLogger("parley.store")

_IN_LIST = re.compile(r"\bIN\s+:([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)


class Row(Protocol):
    def __getitem__(self, key: Any) -> Any: ...


class Tx(Protocol):
    """One transaction (or, for read-only scopes on PostgreSQL, one connection)."""

    dialect: str
    # What this transaction has read and may read again (e.g. the organisation's webhook
    # subscriptions for every event it writes); gone with the transaction.
    memo: dict[Any, Any]
    # The row-lock suffix of a SELECT whose rows this transaction will change or must see
    # unchanged until it ends: `` FOR UPDATE`` on PostgreSQL (a concurrent writer waits,
    # and the read returns the latest committed version), empty on SQLite (its write
    # transactions are exclusive). ``for_update_skip_locked`` also skips rows another
    # transaction holds (workers claiming jobs side by side).
    for_update: str
    for_update_skip_locked: str

    async def fetch_all(self, sql: str, params: Params | None = None) -> list[Row]: ...

    async def fetch_one(self, sql: str, params: Params | None = None) -> Row | None: ...

    async def fetch_val(self, sql: str, params: Params | None = None) -> Any: ...

    async def execute(self, sql: str, params: Params | None = None) -> int: ...

    async def execute_many(self, sql: str, params: Sequence[Params]) -> None: ...

    async def next_id(self, sequence: str) -> int: ...

    async def seq_expr(self, sequence: str, params: dict[str, Any]) -> str:
        """The SQL expression of the next value of ``sequence`` for one statement:
        PostgreSQL draws it in the statement itself (``nextval``, one round trip less);
        SQLite draws it first (``next_id``, inline, microseconds) and binds it in
        ``params`` as ``:seq``."""
        ...

    def on_rollback(self, hook: RollbackHook) -> None:
        """Run ``hook`` if this transaction rolls back (undo a side effect outside the
        store, such as a file written for a row of this transaction)."""
        ...

    def before_commit(self, hook: CommitHook) -> None:
        """Await ``hook`` in this transaction just before it commits (derived rows that
        must follow what the transaction wrote: the analytics tallies); if it raises, the
        transaction rolls back."""
        ...

    async def offload(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work()``, a long read of this scope (a search's statements), where it does
        not hold up the process: in a scope opened with ``offload`` on SQLite, on a worker
        thread, awaiting nothing but this scope's statements; elsewhere as it is."""
        ...

    async def outside_lock(self, work: Awaitable[T]) -> T:
        """Await ``work`` (a slow wait: an attachment download) without holding a lock
        that blocks every other write. Call it only before the transaction has written
        anything, and read again afterwards whatever was read before: on SQLite the
        transaction is rolled back, the writer lock let go during ``work`` and a new
        transaction begun after it (a transaction that has written raises RuntimeError);
        on PostgreSQL the transaction stays open."""
        ...


class Database(Protocol):
    dialect: str
    url: str

    async def connect(self) -> None: ...

    async def close(self) -> None: ...

    def transaction(
        self, *, readonly: bool = False, snapshot: bool = False, offload: bool = False
    ) -> AbstractAsyncContextManager[Tx]:
        """A write transaction, or a ``readonly`` scope, in which any write fails (an
        error from the store, never a silent write); a read-only ``snapshot`` scope sees
        one snapshot of the store for all its statements (an export's walk). A read-only
        scope whose statements may take long (a search) is opened with ``offload`` and
        runs them through ``Tx.offload``, so that they never hold up the process's other
        work (SQLite: on a worker thread; PostgreSQL's statements never do)."""
        ...


_SEQUENCE_NAME = re.compile(r"[a-z_]+")


async def next_ids(tx: Tx, sequence: str, n: int) -> list[int]:
    """``n`` values of a sequence in one statement, ascending: what ``n`` calls of
    ``tx.next_id(sequence)`` would return in this transaction (for batch inserts).

    Dialect branch: PostgreSQL draws from its sequence; SQLite advances the
    ``id_sequences`` row by ``n`` (its transactions are exclusive, so the values are
    consecutive)."""
    if n <= 0:
        return []
    if not _SEQUENCE_NAME.fullmatch(sequence):
        raise ValueError("bad sequence name")
    if tx.dialect == "postgresql":
        rows = await tx.fetch_all(
            f"SELECT nextval('{sequence}') FROM generate_series(1, :n)", {"n": n}
        )
        return sorted(int(r[0]) for r in rows)
    last = await tx.fetch_val(
        "UPDATE id_sequences SET value = value + :n WHERE name = :name RETURNING value",
        {"n": n, "name": sequence},
    )
    if last is None:
        await tx.execute(
            "INSERT INTO id_sequences (name, value) VALUES (:name, :n)", {"name": sequence, "n": n}
        )
        last = n
    return list(range(int(last) - n + 1, int(last) + 1))


async def raise_sequence(tx: Tx, sequence: str, at_least: int) -> None:
    """Make the sequence's next values come after ``at_least`` (rows inserted with their
    own ids, an imported snapshot's). Dialect branch: PostgreSQL's ``setval``; SQLite's
    ``id_sequences`` row."""
    if not _SEQUENCE_NAME.fullmatch(sequence):
        raise ValueError("bad sequence name")
    if at_least < 1:
        return
    if tx.dialect == "postgresql":
        await tx.fetch_val(
            f"SELECT setval('{sequence}', GREATEST(:v, (SELECT CASE WHEN is_called THEN "
            f"last_value ELSE 0 END FROM {sequence})))",
            {"v": at_least},
        )
        return
    await tx.execute(
        "INSERT INTO id_sequences (name, value) VALUES (:name, :v) "
        "ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)",
        {"name": sequence, "v": at_least},
    )


_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)")


@lru_cache(maxsize=256)
def _joined_sql(statements: tuple[str, ...]) -> str:
    """The statements as one: all but the last as data-modifying CTEs of the last, the
    parameters of statement ``i`` renamed ``:j<i>_<name>``."""
    parts = [_PARAM.sub(rf":j{i}_\1", sql) for i, sql in enumerate(statements)]
    ctes = ", ".join(f"j{i} AS ({sql})" for i, sql in enumerate(parts[:-1]))
    return f"WITH {ctes} {parts[-1]}"


async def write_together(tx: Tx, statements: Sequence[tuple[str, Params]]) -> Row | None:
    """Run these statements in this order and return the first row the last one answers
    (its ``RETURNING``, say; None without one), in one round trip where the store allows.

    Dialect branch: PostgreSQL runs all but the last as data-modifying CTEs of the last
    (one statement, so the others must not read what an earlier one writes; none sees the
    others' rows); SQLite runs them one after the other (its statements are calls, not
    round trips). The statements take scalar parameters only (no ``IN :list``)."""
    if len(statements) == 1 or tx.dialect != "postgresql":
        for sql, params in statements[:-1]:
            await tx.execute(sql, params)
        return await tx.fetch_one(*statements[-1])
    merged = {
        f"j{i}_{name}": value
        for i, (_sql, params) in enumerate(statements)
        for name, value in params.items()
    }
    return await tx.fetch_one(_joined_sql(tuple(sql for sql, _ in statements)), merged)


def row_params(org_id: str, row: Any, **values: object) -> dict[str, object]:
    """A dataclass row as a statement's parameters: ``org``, each field under its own name,
    then ``values`` (a column stored encoded, say)."""
    return {"org": org_id, **{f.name: getattr(row, f.name) for f in fields(row)}, **values}


async def by_id(
    tx: Tx, row: Callable[[Row], T], table: str, columns: str, org_id: str, row_id: object
) -> T | None:
    """The row of ``table`` with this ``id`` in the organisation, made by ``row``; None when
    there is none."""
    found = await tx.fetch_one(
        f"SELECT {columns} FROM {table} WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": row_id},
    )
    return None if found is None else row(found)


async def rows_where(
    tx: Tx,
    row: Callable[[Row], T],
    table: str,
    columns: str,
    org_id: str,
    column: str,
    value: object,
    order: str = "created_at, id",
) -> list[T]:
    """Every row of ``table`` in the organisation whose ``column`` is ``value``, in
    ``order``, each made by ``row``."""
    found = await tx.fetch_all(
        f"SELECT {columns} FROM {table} WHERE org_id = :org AND {column} = :value ORDER BY {order}",
        {"org": org_id, "value": value},
    )
    return [row(r) for r in found]


async def rows_among(
    tx: Tx, sql: str, org_id: str, ids: Sequence[object], **params: object
) -> list[Row]:
    """The rows of ``sql`` (a statement naming ``:org`` and ``IN :ids``, then ``params``)
    for these ids, each id once; no statement when there are none (``IN ()`` is no SQL)."""
    if not ids:
        return []
    return await tx.fetch_all(sql, {"org": org_id, "ids": list(dict.fromkeys(ids)), **params})


def user_name(alias: str = "") -> str:
    """The SQL of a user's name (``alias`` names the users row): the display name, else the
    first and last names (NULL when both are blank), as every answer names a person."""
    u = f"{alias}." if alias else ""
    return (
        f"COALESCE({u}display_name, NULLIF(TRIM(COALESCE({u}first_name, '') || ' ' || "
        f"COALESCE({u}last_name, '')), ''))"
    )


def insert_sql(table: str, columns: str, tail: str = "") -> str:
    """``INSERT INTO table (org_id, <columns>) VALUES (:org, :<column> …)``: each value is
    the parameter of its column's name (as ``row_params`` names a row's fields), then
    ``tail`` (an ``ON CONFLICT`` clause, say)."""
    values = ", ".join(":" + c.strip() for c in columns.split(","))
    return f"INSERT INTO {table} (org_id, {columns}) VALUES (:org, {values}) {tail}".rstrip()


def update_sql(table: str, columns: str, tail: str = "") -> str:
    """``UPDATE table SET <column> = :<column> … WHERE org_id = :org AND id = :id``, then
    ``tail`` (a further condition, say): a row written back from its fields."""
    sets = ", ".join(f"{c.strip()} = :{c.strip()}" for c in columns.split(","))
    return f"UPDATE {table} SET {sets} WHERE org_id = :org AND id = :id {tail}".rstrip()


async def run_commit_hooks(hooks: list[CommitHook]) -> None:
    """The ``before_commit`` hooks, in order (one may add another)."""
    while hooks:
        await hooks.pop(0)()


def run_rollback_hooks(hooks: list[RollbackHook]) -> None:
    """Run the hooks of a transaction that rolled back; a failing hook is logged, not
    raised, so the original error stays the one reported."""
    for hook in reversed(hooks):
        try:
            hook()
        except Exception:
            log.exception("rollback hook failed")
    hooks.clear()


@lru_cache(maxsize=1024)
def in_list_names(sql: str) -> frozenset[str]:
    """The names ``sql`` uses as ``IN :name``. Cached: the statements are the code's own, a
    few thousand characters for some (the analytics refresh), scanned on every call."""
    return frozenset(_IN_LIST.findall(sql))


def list_params(sql: str, params: Params) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """Split list-valued parameters used as ``IN :name`` in ``sql`` from the scalar ones."""
    lists: dict[str, list[Any]] = {}
    scalars: dict[str, Any] = {}
    names = in_list_names(sql)
    for key, value in params.items():
        if isinstance(value, list | tuple) and key in names:
            lists[key] = list(value)
        else:
            scalars[key] = value
    return scalars, lists


def expand_in(sql: str, lists: dict[str, list[Any]], render: Any) -> str:
    """Replace ``IN :name`` for list parameters using ``render(name, values)``."""

    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in lists:
            return match.group(0)
        return str(render(name, lists[name]))

    return _IN_LIST.sub(sub, sql)


# The oldest SQLite library the store's SQL runs on: ``RETURNING`` and ``MATERIALIZED``
# (3.35). Python's ``sqlite3`` module uses the system's library, which may be older.
MIN_SQLITE = (3, 35, 0)


class SqliteTooOld(Exception):
    """The SQLite library is older than ``MIN_SQLITE`` (one-line reason)."""


def sqlite_path(url: str) -> str:
    """The file path of a ``sqlite:///path`` URL (``sqlite:///:memory:`` is refused, and
    so is every SQLite URL where the SQLite library is older than ``MIN_SQLITE``: each
    use of a SQLite store goes through here)."""
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise SqliteTooOld(
            f"SQLite {sqlite3.sqlite_version} is too old: Parley needs "
            f"{'.'.join(map(str, MIN_SQLITE))} or newer (Python's sqlite3 module uses the "
            "system's SQLite library)"
        )
    path = url.split(":///", 1)[1] if ":///" in url else url.split(":", 1)[1]
    if not path or path == ":memory:":
        raise ValueError("an in-memory SQLite database cannot be shared; give a file path")
    return path


def sqlalchemy_url(url: str) -> str:
    """The SQLAlchemy URL used by migrations: stdlib sqlite3, or asyncpg for PostgreSQL."""
    if url.startswith("sqlite:"):
        return "sqlite:///" + sqlite_path(url)
    return "postgresql+asyncpg://" + url.split("://", 1)[1]


def out_of_range(exc: BaseException) -> bool:
    """A parameter the store's column cannot hold (an integer past its range): the
    client's input, answered as a 400 by the HTTP layer. SQLite raises ``OverflowError``
    past 64 bits; asyncpg raises ``DataError`` (``value out of int32 range`` …)."""
    if isinstance(exc, OverflowError):
        return True
    return type(exc).__name__ == "DataError" and "out of" in str(exc) and "range" in str(exc)
