"""Helpers for the race tests: a PostgreSQL transaction held open on its own connection,
and requests sent at the same moment from several threads."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import asyncpg


class HeldTransaction:
    """A transaction on its own PostgreSQL connection, left open until ``commit``.

    Used to make a request overtake deterministically: the held transaction writes a row
    (uncommitted, so the request's checks do not see it), the request is started and
    waits on the row's unique index lock, then the held transaction commits first.
    """

    def __init__(self, url: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._conn: Any = self._run(asyncpg.connect(url))
        self._tx = self._conn.transaction()
        self._run(self._tx.start())

    def _run(self, coro: Any) -> Any:
        return self._loop.run_until_complete(coro)

    def execute(self, sql: str, *args: Any) -> None:
        self._run(self._conn.execute(sql, *args))

    def fetchval(self, sql: str, *args: Any) -> Any:
        return self._run(self._conn.fetchval(sql, *args))

    def wait_for_lock_waiter(self, timeout: float = 20.0) -> None:
        """Block until another backend of this database waits on a lock (the request)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            waiting = self.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
            )
            if waiting:
                return
            time.sleep(0.02)
        raise AssertionError("no request ever waited on the held transaction's lock")

    def commit(self) -> None:
        self._run(self._tx.commit())

    def close(self) -> None:
        try:
            self._run(self._conn.close())
        finally:
            self._loop.close()


class Background:
    """Run one blocking call (an HTTP request) in a thread; ``result`` waits for it."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._value: Any = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = fn()
            except BaseException as exc:
                self._error = exc

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def result(self, timeout: float = 30.0) -> Any:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the request did not finish"
        if self._error is not None:
            raise self._error
        return self._value


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Start every call at the same moment (one thread each); their results in order."""
    barrier = threading.Barrier(len(calls))

    def wrap(fn: Callable[[], Any]) -> Callable[[], Any]:
        def go() -> Any:
            barrier.wait()
            return fn()

        return go

    runs = [Background(wrap(fn)) for fn in calls]
    return [r.result() for r in runs]
