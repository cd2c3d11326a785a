"""SQLite adapter: stdlib sqlite3; write transactions and short reads run inline on the
event loop, long reads on worker threads.

One writer connection per process; an asyncio lock makes each write transaction
exclusive, so a transaction that awaits something else never interleaves with another
one. A slow wait (an attachment download) goes through ``outside_lock``, which lets the
lock go meanwhile (only before the transaction has written anything). Read-only scopes
take a reader connection of their own instead (``query_only``, so a write in one fails;
opened on demand, at most ``MAX_READERS``): each reads one committed snapshot (WAL),
without waiting for the writer's lock and without seeing a write transaction that has
not committed.

Where the statements run: inline on the event loop. A read's statements (a keyed row, a
keyset page) take microseconds, less than a thread hop (60-200 µs measured on two busy
cores). A scope opened with ``offload`` (search, an export's walk) may run statements
that take milliseconds each (a search: its matches, the page's hits, their highlights
and inner hits), in FTS5 code that SQLite's progress handler cannot stop; so
its long part goes whole to a worker thread through ``Tx.offload``: one hop, and there its
statements run one after another while sqlite3 lets the GIL go as they step, so the event
loop, and the writer with it, goes on meanwhile. A statement still running on a thread
when its scope ends (the awaiting task was cancelled) is interrupted and waited for before
the connection is used again. The worker threads run at a lower scheduling priority than
the event loop (``threads``): where they and the loop contend for a core, the loop's
writes go first. WAL checkpoints run on a thread of their own, never in the
writer's commit (``sqlite_wal``).

A statement that breaks a unique index or primary key raises ``parley.errors.Duplicate``
(the store's integrity error, mapped in one place); services give it their own text.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import sqlite3
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

from parley.store.database import (
    CommitHook,
    Params,
    RollbackHook,
    Row,
    Tx,
    run_commit_hooks,
    run_rollback_hooks,
    sqlite_path,
)
from parley.store.sqlite_params import check_unique, prepare
from parley.store.sqlite_wal import Checkpointer
from parley.store.threads import background_pool

T = TypeVar("T")
MAX_READERS = 8
# Worker threads for offloaded reads: one core is left to the event loop. Between its
# statements an offloaded read runs Python (building rows and hits) and holds the GIL then,
# which the event loop waits for; more threads than cores would only add contenders.
OFFLOAD_THREADS = max(1, (os.cpu_count() or 2) - 1)


class SqliteTx:
    dialect = "sqlite"
    for_update = ""
    for_update_skip_locked = ""

    def __init__(
        self,
        conn: sqlite3.Connection,
        lock: asyncio.Lock | None = None,
        executor: concurrent.futures.Executor | None = None,
    ) -> None:
        self._conn = conn
        self._executor = executor  # an offloaded read scope's
        self.running: concurrent.futures.Future[Any] | None = None
        self.rollback_hooks: list[RollbackHook] = []
        self.commit_hooks: list[CommitHook] = []
        self.memo: dict[Any, Any] = {}
        # The write transaction's: the process's writer lock (None in a read scope), whether
        # this transaction holds it, and the connection's change count when it began.
        self._lock = lock
        self.holds_lock = lock is not None
        self._changes_at_begin = conn.total_changes

    async def outside_lock(self, work: Awaitable[T]) -> T:
        """Await ``work`` (a download) without holding the writer's lock, so that other
        writes go on meanwhile. Only before this transaction has written anything: it is
        rolled back, the lock let go, and after ``work`` the lock is taken again and a new
        transaction begun. What was read before is stale: the caller reads it again."""
        lock = self._lock
        if lock is None:  # a read scope holds no lock
            return await work
        conn = self._conn
        if conn.total_changes != self._changes_at_begin:
            if isinstance(work, Coroutine):
                work.close()
            raise RuntimeError("a transaction that has written cannot let its lock go")
        conn.execute("ROLLBACK")
        self.holds_lock = False
        lock.release()
        try:
            return await work
        finally:
            await lock.acquire()
            self.holds_lock = True
            conn.execute("BEGIN IMMEDIATE")
            self._changes_at_begin = conn.total_changes
            self.memo.clear()  # others may have written meanwhile

    def before_commit(self, hook: CommitHook) -> None:
        self.commit_hooks.append(hook)

    def on_rollback(self, hook: RollbackHook) -> None:
        self.rollback_hooks.append(hook)

    async def offload(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work`` on a worker thread in an offloaded read scope (see the module
        docstring), else here."""
        if self._executor is None:
            return await work()
        future = self._executor.submit(_drive, work)
        self.running = future
        return await asyncio.wrap_future(future)

    def stop_running(self) -> None:
        """Interrupt offloaded work still running (its awaiter was cancelled) and wait
        until it has let the connection go."""
        future = self.running
        while future is not None and not future.done():
            # An interrupt stops the statement running now, if any: again until the work
            # has stopped (between two statements it runs Python, which no interrupt stops).
            self._conn.interrupt()
            concurrent.futures.wait([future], timeout=0.001)

    # The statements below run on every request: no context manager per statement, and
    # parameters without a list go to sqlite3 as they are.

    async def fetch_all(self, sql: str, params: Params | None = None) -> list[Row]:
        sql, args = prepare(sql, params)
        try:
            return self._conn.execute(sql, args).fetchall()
        except sqlite3.IntegrityError as exc:
            check_unique(exc)
            raise

    async def fetch_one(self, sql: str, params: Params | None = None) -> Row | None:
        sql, args = prepare(sql, params)
        try:
            row: Row | None = self._conn.execute(sql, args).fetchone()
        except sqlite3.IntegrityError as exc:
            check_unique(exc)
            raise
        return row

    async def fetch_val(self, sql: str, params: Params | None = None) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Params | None = None) -> int:
        sql, args = prepare(sql, params)
        try:
            return self._conn.execute(sql, args).rowcount
        except sqlite3.IntegrityError as exc:
            check_unique(exc)
            raise

    async def execute_many(self, sql: str, params: Sequence[Params]) -> None:
        try:
            self._conn.executemany(sql, [p if type(p) is dict else dict(p) for p in params])
        except sqlite3.IntegrityError as exc:
            check_unique(exc)
            raise

    async def seq_expr(self, sequence: str, params: dict[str, Any]) -> str:
        params["seq"] = await self.next_id(sequence)
        return ":seq"

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


def _drive(work: Callable[[], Awaitable[T]]) -> T:
    """Run offloaded work to its end on this (worker) thread. It awaits nothing but the
    scope's statements, which never suspend, so one step finishes it."""
    coro = work()
    if not isinstance(coro, Coroutine):
        raise TypeError("offloaded work must be a coroutine function")
    try:
        coro.send(None)
    except StopIteration as done:
        result: T = done.value
        return result
    coro.close()
    raise RuntimeError("offloaded work may await the store's statements only")


class SqliteDatabase:
    dialect = "sqlite"

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self._conn: sqlite3.Connection | None = None
        self._lock = asyncio.Lock()
        self._readers: list[sqlite3.Connection] = []  # idle reader connections
        self._reader_slots = asyncio.Semaphore(MAX_READERS)
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        # The writer checkpoints no WAL itself (``sqlite_wal``): a checkpoint would run in
        # its commit, on the event loop.
        self._checkpointer = Checkpointer(self._checkpoint_connection, self._lock)

    def _checkpoint_connection(self) -> sqlite3.Connection:
        """The checkpointer's: it waits for readers in steps of its own, so no busy timeout
        (``sqlite3.connect``'s default would wait up to 5 s in SQLite's busy handler, in
        sleeps of up to 100 ms, while the drain holds the writer's lock)."""
        return sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=0)

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA wal_autocheckpoint=0")
        return conn

    async def connect(self) -> None:
        if self._conn is not None:
            return
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        self._conn = self._open()

    async def close(self) -> None:
        await self._checkpointer.close()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        for reader in self._readers:
            reader.close()
        self._readers.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def transaction(
        self, *, readonly: bool = False, snapshot: bool = False, offload: bool = False
    ) -> AbstractAsyncContextManager[Tx]:
        """``snapshot`` needs no more than a read scope here: one transaction on a reader
        connection reads one WAL snapshot from its first statement; a snapshot is an
        export's long walk, so it is offloaded too."""
        if self._conn is None:
            raise RuntimeError("database is not connected")
        if readonly:
            return _ReadScope(self, offload or snapshot)
        if offload or snapshot:
            raise ValueError("only a read-only scope is offloaded or a snapshot")
        return _Transaction(self._conn, self._lock, self._checkpointer)

    def _read_executor(self) -> concurrent.futures.Executor:
        if self._executor is None:
            self._executor = background_pool(OFFLOAD_THREADS, "parley-sqlite-read")
        return self._executor

    def _take_reader(self) -> sqlite3.Connection:
        if self._readers:
            return self._readers.pop()
        conn = self._open()
        conn.execute("PRAGMA query_only=ON")
        return conn

    def _give_back(self, conn: sqlite3.Connection) -> None:
        if self._conn is None:  # closed meanwhile
            conn.close()
            return
        self._readers.append(conn)


class _Transaction:
    """One exclusive write transaction on the process's writer connection (a class
    rather than a generator-based context manager: it is entered on every request)."""

    __slots__ = ("_checkpointer", "_conn", "_lock", "_tx")

    def __init__(
        self, conn: sqlite3.Connection, lock: asyncio.Lock, checkpointer: Checkpointer
    ) -> None:
        self._conn = conn
        self._lock = lock
        self._checkpointer = checkpointer
        self._tx: SqliteTx | None = None

    async def __aenter__(self) -> Tx:
        await self._lock.acquire()
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._lock.release()
            raise
        self._tx = SqliteTx(self._conn, self._lock)
        return self._tx

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        conn = self._conn
        tx = self._tx
        assert tx is not None
        if not tx.holds_lock:
            # Ended while ``outside_lock`` waited for the lock again: the connection may be
            # another transaction's by now; there is nothing of this one to roll back.
            run_rollback_hooks(tx.rollback_hooks)
            return
        try:
            if exc_type is None:
                try:
                    await run_commit_hooks(tx.commit_hooks)
                    conn.execute("COMMIT")
                    self._checkpointer.committed()
                    return
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    run_rollback_hooks(tx.rollback_hooks)
                    raise
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            run_rollback_hooks(tx.rollback_hooks)
        finally:
            self._lock.release()


class _ReadScope:
    """A read transaction on a reader connection of its own: one snapshot, no lock."""

    __slots__ = ("_conn", "_db", "_offload", "_tx")

    def __init__(self, db: SqliteDatabase, offload: bool) -> None:
        self._db = db
        self._offload = offload
        self._conn: sqlite3.Connection | None = None
        self._tx: SqliteTx | None = None

    async def __aenter__(self) -> Tx:
        db = self._db
        await db._reader_slots.acquire()
        try:
            conn = db._take_reader()
            try:
                conn.execute("BEGIN")
            except BaseException:
                db._give_back(conn)
                raise
        except BaseException:
            db._reader_slots.release()
            raise
        self._conn = conn
        self._tx = SqliteTx(conn, executor=db._read_executor() if self._offload else None)
        return self._tx

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        conn = self._conn
        tx = self._tx
        assert conn is not None and tx is not None
        try:
            tx.stop_running()
            if conn.in_transaction:
                conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
            if exc_type is not None:
                run_rollback_hooks(tx.rollback_hooks)
        finally:
            self._db._give_back(conn)
            self._db._reader_slots.release()
