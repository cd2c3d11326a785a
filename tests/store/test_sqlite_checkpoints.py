"""SQLite's WAL checkpoints run on a thread of their own, never in the writer's commit on
the event loop, and the WAL stays bounded, even while a reader keeps it from restarting
(``parley.store.sqlite_wal``). SQLite only: PostgreSQL checkpoints by itself."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from fixtures.sqlite_wal import (
    checkpointer_idle,
    until,
    wal_frames,
    wal_pages,
    with_table_db,
    write_blobs,
)
from parley.store import sqlite_wal
from parley.store.sqlite import SqliteDatabase


def test_the_writer_never_checkpoints_and_a_thread_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_wal, "PERIOD_S", 0.0)
    threads: set[str] = set()
    checkpoint = sqlite_wal.Checkpointer._checkpoint

    def recorded(self: sqlite_wal.Checkpointer, mode: str) -> tuple[int, int, int]:
        threads.add(threading.current_thread().name)
        return checkpoint(self, mode)

    monkeypatch.setattr(sqlite_wal.Checkpointer, "_checkpoint", recorded)

    async def work(db: SqliteDatabase) -> None:
        async with db.transaction() as tx:
            assert await tx.fetch_val("PRAGMA wal_autocheckpoint") == 0
        await write_blobs(db, 400)
        await until(lambda: bool(threads) and checkpointer_idle(db._checkpointer))
        await write_blobs(db, 1)  # sees the last checkpoint's answer

    asyncio.run(with_table_db(tmp_path / "a.db", work))
    assert threads and all(name.startswith("parley-sqlite-checkpoint") for name in threads)


def test_under_steady_writes_the_wal_restarts_and_stays_small(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes with pauses between them: the next write after a checkpoint that copied
    everything starts the WAL again from its beginning, so it never holds much more than
    the pages written between two checkpoints."""
    monkeypatch.setattr(sqlite_wal, "PERIOD_S", 0.0)
    path = tmp_path / "b.db"

    async def work(db: SqliteDatabase) -> int:
        largest = 0
        for _ in range(20):  # 2,000+ pages in all
            await write_blobs(db, 50)
            await until(lambda: checkpointer_idle(db._checkpointer))
            await write_blobs(db, 1)  # its checkpoint copies every page written so far
            await until(lambda: checkpointer_idle(db._checkpointer))
            largest = max(largest, wal_pages(path))
        return largest

    largest = asyncio.run(with_table_db(path, work))
    assert largest < 400


def test_a_reader_holding_the_wal_cannot_make_it_grow_without_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read transaction left open keeps every checkpoint from copying past its snapshot;
    once the WAL reaches LIMIT_PAGES the checkpointer waits for that reader (writes wait
    meanwhile, the event loop does not) and restarts the WAL: the next write starts it
    from its beginning, in the same file."""
    monkeypatch.setattr(sqlite_wal, "PERIOD_S", 0.0)
    monkeypatch.setattr(sqlite_wal, "LIMIT_PAGES", 300)
    path = tmp_path / "c.db"

    async def work(db: SqliteDatabase) -> tuple[int, int]:
        reader_done = asyncio.Event()
        reader_started = asyncio.Event()

        async def reader() -> None:
            async with db.transaction(readonly=True) as tx:
                await tx.fetch_val("SELECT count(*) FROM t")
                reader_started.set()
                await reader_done.wait()

        held = asyncio.create_task(reader())
        await reader_started.wait()
        checkpointer = db._checkpointer
        await write_blobs(db, 400)  # 800+ pages, all kept by the reader's snapshot
        await until(lambda: checkpointer_idle(checkpointer))
        await write_blobs(db, 1)
        assert checkpointer._over_limit or checkpointer._draining is not None
        pinned = wal_pages(path)
        reader_done.set()  # the reader ends while the drain waits for it
        await held
        await write_blobs(db, 1)
        await until(lambda: checkpointer._draining is None and not checkpointer._over_limit)
        await write_blobs(db, 1)
        return pinned, wal_frames(path), wal_pages(path)

    pinned, frames, size = asyncio.run(with_table_db(path, work))
    assert pinned >= 300
    assert frames < 50
    assert size <= pinned + 50


@pytest.mark.parametrize("error", [sqlite3.OperationalError("disk I/O error"), OSError(5, "EIO")])
def test_a_failing_checkpoint_fails_no_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    monkeypatch.setattr(sqlite_wal, "PERIOD_S", 0.0)
    calls: list[str] = []

    def failing(self: sqlite_wal.Checkpointer, mode: str) -> tuple[int, int, int]:
        calls.append(mode)
        raise error

    monkeypatch.setattr(sqlite_wal.Checkpointer, "_checkpoint", failing)

    async def work(db: SqliteDatabase) -> int:
        await write_blobs(db, 50)
        async with db.transaction(readonly=True) as tx:
            return int(await tx.fetch_val("SELECT count(*) FROM t"))

    assert asyncio.run(with_table_db(tmp_path / "d.db", work)) == 50
    assert calls
    assert os.path.exists(tmp_path / "d.db")


def test_a_reader_held_longer_than_the_drain_is_waited_for_again_only_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export's long walk keeps the WAL: the drain tries again and again (each try
    answers at once: the checkpointer's connection never waits in SQLite's busy handler),
    gives up after DRAIN_S, writes go on, and the next attempt waits RETRY_S."""
    monkeypatch.setattr(sqlite_wal, "PERIOD_S", 0.0)
    monkeypatch.setattr(sqlite_wal, "LIMIT_PAGES", 300)
    monkeypatch.setattr(sqlite_wal, "DRAIN_S", 0.05)
    monkeypatch.setattr(sqlite_wal, "RETRY_S", 3600.0)
    attempts: list[str] = []
    drain = sqlite_wal.Checkpointer._drain

    def counted(self: sqlite_wal.Checkpointer) -> tuple[int, int, int]:
        attempts.append("drain")
        return drain(self)

    monkeypatch.setattr(sqlite_wal.Checkpointer, "_drain", counted)
    checkpoint = sqlite_wal.Checkpointer._checkpoint
    tries: list[str] = []

    def tried(self: sqlite_wal.Checkpointer, mode: str) -> tuple[int, int, int]:
        tries.append(mode)
        return checkpoint(self, mode)

    monkeypatch.setattr(sqlite_wal.Checkpointer, "_checkpoint", tried)

    async def work(db: SqliteDatabase) -> int:
        checkpointer = db._checkpointer
        async with db.transaction(readonly=True) as tx:
            await tx.fetch_val("SELECT count(*) FROM t")
            await write_blobs(db, 400)
            await until(lambda: checkpointer_idle(checkpointer))
            await write_blobs(db, 1)  # over the limit: a drain that gives up
            await until(lambda: checkpointer._draining is None)
            await write_blobs(db, 200)  # no other attempt
            await until(lambda: checkpointer_idle(checkpointer))
        async with db.transaction(readonly=True) as tx:
            return int(await tx.fetch_val("SELECT count(*) FROM t"))

    assert asyncio.run(with_table_db(tmp_path / "e.db", work)) == 601
    assert attempts == ["drain"]
    assert tries.count("RESTART") > 1
