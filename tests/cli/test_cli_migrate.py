"""Migrations from the command line: `parley db upgrade` applies them explicitly, and
`parley serve` applies them on start unless the setting turns that off."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import time
from pathlib import Path

import asyncpg
import httpx

from fixtures.cli import PARLEY, sqlite_tables, upgrade_twice
from fixtures.harness import create_pg_database, drop_pg_database, free_port
from fixtures.web import loopback


def test_db_upgrade_command_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    upgrade_twice(f"sqlite:///{db}")
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert {"orgs", "conversations", "activity", "jobs"} <= tables
    assert version


def test_db_upgrade_command_postgres(pg_url: str) -> None:
    url, name = create_pg_database()
    try:
        upgrade_twice(url)

        async def tables() -> set[str]:
            conn = await asyncpg.connect(url)
            try:
                rows = await conn.fetch(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
                return {r[0] for r in rows}
            finally:
                await conn.close()

        assert {"orgs", "conversations", "activity", "jobs", "alembic_version"} <= asyncio.run(
            tables()
        )
    finally:
        drop_pg_database(name)


def test_serve_without_auto_migrate_leaves_the_schema_alone(tmp_path: Path) -> None:
    db = tmp_path / "untouched.db"
    port = free_port()
    env = dict(
        os.environ,
        PARLEY_DATABASE_URL=f"sqlite:///{db}",
        PARLEY_DATA_DIR=str(tmp_path),
        PARLEY_AUTO_MIGRATE="false",
        PARLEY_EMBEDDED_WORKER="false",
    )
    proc = subprocess.Popen(
        [PARLEY, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                r = loopback.get(f"http://127.0.0.1:{port}/health", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.time() < deadline
                time.sleep(0.2)
        assert r.status_code == 200
        assert "alembic_version" not in sqlite_tables(db) and "conversations" not in sqlite_tables(
            db
        )
    finally:
        proc.terminate()
        proc.wait(timeout=20)
