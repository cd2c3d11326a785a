"""WAL checkpoints off the event loop, for the SQLite adapter.

SQLite copies the WAL back into the database file (a checkpoint) inside the commit that
takes the WAL past ``wal_autocheckpoint`` pages, on the committing connection: for this
adapter, on the event loop, which then waits for thousands of page writes and an fsync of
the database file (40-60 ms on a 3 GB store: the tail of every write behind it). So the
writer connection has auto-checkpoints off, and ``Checkpointer`` runs them on a thread of
its own with a connection of its own:

- after a commit, at most once per ``PERIOD_S`` and never two at once, a PASSIVE
  checkpoint: it copies what no reader still needs, waiting for nobody and blocking
  nobody (the writer goes on appending meanwhile; its statements let the GIL go);
- the WAL restarts from its beginning at the next write once a checkpoint has copied
  everything and no reader is left on it, so under steady writes it stays small;
- bounded: when a checkpoint finds the WAL at ``LIMIT_PAGES`` or more (readers kept it from
  restarting, or writes outran the copying), the next one copies what it can, then takes
  the writer's lock (writes wait; the event loop does not) and tries a RESTART checkpoint
  every ``DRAIN_POLL_S`` until the readers still on the WAL have ended (searches:
  milliseconds) and it could copy it all, for at most ``DRAIN_S``; the next write then
  starts the WAL from its beginning. Each try answers at once: the checkpointer's
  connection has no busy timeout (SQLite's busy handler would wait in steps of up to
  100 ms). A reader that keeps the WAL longer (an export's walk) is waited for again only
  after ``RETRY_S``: meanwhile the WAL grows, as SQLite's would.

The WAL file keeps its size when it restarts (RESTART, not TRUNCATE): its blocks are
written over from the start. Truncating would free them, which on a file system with online
discard costs a discard of every block inside the checkpoint's journal commit (the last
TRUNCATE try took 28-45 ms under the writer's lock, measured with other I/O on the
machine), and the writes after it would allocate them again. So the file's size is
bounded by what the WAL held at its largest (about ``LIMIT_PAGES``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable

_log = logging.getLogger("parley.store")

# The least time between two checkpoints' starts. Under steady writes each copies the
# pages of the commits of that time (a note dirties about 15 pages).
PERIOD_S = 0.2
# The WAL size (pages of 4 KiB) from which a checkpoint waits for readers and restarts it.
LIMIT_PAGES = 16_000
DRAIN_POLL_S = 0.0005
DRAIN_S = 0.5
RETRY_S = 10.0


class Checkpointer:
    """Checkpoints of one SQLite database (see the module docstring). ``committed`` is
    called on the event loop after each write commit; ``close`` waits for the running
    checkpoint and closes the connection."""

    def __init__(self, connect: Callable[[], sqlite3.Connection], lock: asyncio.Lock) -> None:
        self._connect = connect
        self._lock = lock  # the process's writer lock
        self._conn: sqlite3.Connection | None = None
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._running: concurrent.futures.Future[tuple[int, int, int]] | None = None
        self._draining: asyncio.Task[None] | None = None
        self._last = 0.0
        self._over_limit = False
        self._drain_after = 0.0  # no drain before (monotonic time)

    def committed(self) -> None:
        now = time.monotonic()
        if now - self._last < PERIOD_S or self._draining is not None:
            return
        running = self._running
        if running is not None:
            if not running.done():
                return
            self._running = None
            self._seen(running)
        self._last = now
        if self._over_limit and now >= self._drain_after:
            self._draining = asyncio.get_running_loop().create_task(self._drain_wal())
            return
        self._running = self._pool().submit(self._checkpoint, "PASSIVE")

    def _seen(self, done: concurrent.futures.Future[tuple[int, int, int]]) -> None:
        try:
            _busy, log, _copied = done.result()
        except Exception:  # never the committed write's failure: the next one tries again
            _log.warning("WAL checkpoint failed", exc_info=True)
            return
        self._over_limit = log >= LIMIT_PAGES

    async def _drain_wal(self) -> None:
        try:
            # What can be copied first is copied without the lock: under it, only what the
            # writes of this checkpoint's time added (the copying's fsync is the drain's cost).
            with contextlib.suppress(Exception):  # the drain tries again
                await asyncio.wrap_future(self._pool().submit(self._checkpoint, "PASSIVE"))
            async with self._lock:
                future = self._pool().submit(self._drain)
                with contextlib.suppress(Exception):  # seen below
                    await asyncio.wrap_future(future)
                self._seen(future)
            if self._over_limit:  # a reader kept the WAL all along
                self._drain_after = time.monotonic() + RETRY_S
        finally:
            self._draining = None

    def _drain(self) -> tuple[int, int, int]:
        """On the checkpoint thread, with the writer's lock held: RESTART until no reader
        is left on the WAL, for at most ``DRAIN_S``. A RESTART that was not busy answers
        the WAL's pages as they were, but the next write starts it from its beginning:
        that is answered as an empty WAL."""
        deadline = time.monotonic() + DRAIN_S
        while True:
            busy, log, copied = self._checkpoint("RESTART")
            if busy == 0:
                return busy, 0, copied
            if time.monotonic() >= deadline:
                return busy, log, copied
            time.sleep(DRAIN_POLL_S)

    def _pool(self) -> concurrent.futures.ThreadPoolExecutor:
        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="parley-sqlite-checkpoint"
            )
        return self._executor

    def _checkpoint(self, mode: str) -> tuple[int, int, int]:
        """On the checkpoint thread: (busy, WAL pages, pages copied), as SQLite answers."""
        if self._conn is None:
            self._conn = self._connect()
        row = self._conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    async def close(self) -> None:
        if self._draining is not None:
            await asyncio.gather(self._draining, return_exceptions=True)
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._running = None
