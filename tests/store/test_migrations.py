"""The migrations build exactly the schema the code defines, on both stores."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import create_engine, pool
from sqlalchemy.ext.asyncio import create_async_engine

from fixtures.store import schema_diff
from parley.store.database import sqlalchemy_url
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
