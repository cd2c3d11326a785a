"""The migrations build exactly the schema the code defines, on both stores."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, pool
from sqlalchemy.ext.asyncio import create_async_engine

from fixtures.hardening import checkout_env
from fixtures.store import schema_diff
from parley.store.database import sqlalchemy_url
from parley.store.migrate import HEAD, migrations_dir
from parley.store.schema import metadata


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_migrated_schema_matches_metadata(request: pytest.FixtureRequest, store: str) -> None:
    url = request.getfixturevalue("pg_url" if store == "postgres" else "sqlite_url")
    sa_url = sqlalchemy_url(url)
    if store == "sqlite":
        engine = create_engine(sa_url, poolclass=pool.NullPool)
        with engine.connect() as conn:
            diff = schema_diff(conn)
        engine.dispose()
    else:

        async def run() -> list[object]:
            engine = create_async_engine(sa_url, poolclass=pool.NullPool)
            async with engine.connect() as conn:
                result = await conn.run_sync(schema_diff)
            await engine.dispose()
            return result

        diff = asyncio.run(run())
    assert diff == []


def test_every_table_carries_org_id_and_indexes_lead_with_it() -> None:
    # desk_address_failures: failed sign-ins per client address, before any organisation
    exempt_tables = {
        "id_sequences",
        "orgs",
        "admin_sinks",
        "admin_sink_deliveries",
        "desk_address_failures",
    }
    exempt_indexes = {
        "ux_api_tokens_hash",
        "ix_jobs_due",
        "ix_desk_credentials_login",
        "ix_admin_sink_deliveries_seq",
    }
    for table in metadata.sorted_tables:
        if table.name in exempt_tables:
            continue
        assert "org_id" in table.c, table.name
        for index in table.indexes:
            if index.name in exempt_indexes:
                continue
            assert next(iter(index.columns)).name == "org_id", index.name
        if table.name != "jobs":
            assert next(iter(table.primary_key.columns)).name == "org_id", table.name


def test_head_is_the_newest_revision_of_the_shipped_migrations() -> None:
    assert ScriptDirectory(str(migrations_dir())).get_current_head() == HEAD


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_a_store_at_head_is_left_alone_without_loading_alembic(
    request: pytest.FixtureRequest, store: str
) -> None:
    """``upgrade`` on a store already at the head reads its revision and returns, in a
    process of its own that then has not imported Alembic; on an empty store it migrates."""
    url = request.getfixturevalue("pg_url" if store == "postgres" else "sqlite_url")
    probe = (
        "import sys; from parley.store.migrate import upgrade; upgrade(sys.argv[1]); "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))"
    )
    at_head = subprocess.run(
        [sys.executable, "-c", probe, url], env=checkout_env(), capture_output=True, text=True
    )
    assert at_head.returncode == 0, at_head.stderr
    assert at_head.stdout.strip() == "[]"
    path = request.getfixturevalue("tmp_path") / "empty.db"
    empty = f"sqlite:///{path}"
    migrated = subprocess.run(
        [sys.executable, "-c", probe, empty], env=checkout_env(), capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    assert "'alembic.command'" in migrated.stdout
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
