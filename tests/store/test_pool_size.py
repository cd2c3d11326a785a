"""PARLEY_DATABASE_POOL_SIZE bounds the connections a process keeps on PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from parley.cli import main
from parley.config import Settings
from parley.store import open_database


def test_the_pools_never_hold_more_connections_than_the_setting(pg_url: str) -> None:
    database = pg_url.rsplit("/", 1)[1]

    async def run() -> int:
        db = open_database(pg_url, pool_size=2)
        await db.connect()
        try:

            async def hold(readonly: bool) -> None:
                async with db.transaction(readonly=readonly) as tx:
                    await tx.fetch_val("SELECT pg_sleep(0.2)")

            async def connections() -> int:
                async with db.transaction(readonly=True) as tx:
                    return int(
                        await tx.fetch_val(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = :d",
                            {"d": database},
                        )
                    )

            before = await connections()
            busy = [asyncio.create_task(hold(readonly)) for readonly in [True, False] * 6]
            await asyncio.sleep(0.1)
            during = await connections()
            await asyncio.gather(*busy)
            return during - before
        finally:
            await db.close()

    # twelve transactions at once, six of each kind, wait for two connections per pool
    assert asyncio.run(run()) <= 2


def test_the_setting_is_read_and_checked() -> None:
    assert Settings.from_env({"PARLEY_DATABASE_POOL_SIZE": "3"}).database_pool_size == 3
    assert Settings.from_env({}).database_pool_size == 10
    with pytest.raises(ValueError, match="PARLEY_DATABASE_POOL_SIZE"):
        Settings.from_env({"PARLEY_DATABASE_POOL_SIZE": "0"})


@pytest.mark.parametrize(
    ("module", "command"),
    [("parley.cli", ["worker"]), ("parley.mail.cli", ["smtp", "--listen", "127.0.0.1:0"])],
)
def test_the_commands_that_run_on_keep_the_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, module: str, command: list[str]
) -> None:
    """``parley worker`` and ``parley smtp`` open their store with the pool size set, as a
    server does."""
    opened: list[int] = []

    class Opened(Exception):
        pass

    def open_store(url: str, pool_size: int = 10) -> None:
        opened.append(pool_size)
        raise Opened

    monkeypatch.setattr(f"{module}.open_database", open_store)
    monkeypatch.setattr("parley.ops.logs.configure", lambda level, fmt: None)
    monkeypatch.setenv("PARLEY_DATABASE_URL", f"sqlite:///{tmp_path}/parley.db")
    monkeypatch.setenv("PARLEY_DATABASE_POOL_SIZE", "2")
    with pytest.raises(Opened):
        main.main(command, standalone_mode=False)
    assert opened == [2]
