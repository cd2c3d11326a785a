"""Test harness: every HTTP-level test runs on SQLite and on PostgreSQL.

The schema is built by the Alembic migrations, once per store per session. Each test
gets its own organisation (and token), so tests share a database without sharing
data. With CI=true a missing PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from litestar.testing import TestClient

from parley.app import create_app
from parley.config import Settings
from parley.orgs import service as orgs
from parley.store import Database, open_database
from parley.store.migrate import upgrade
from parley.worker.runner import Worker

STORES = ["sqlite", "postgres"]
PG_HOST = os.environ.get("PARLEY_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("PARLEY_TEST_PG_PORT", "5432"))


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


async def _pg_admin() -> tuple[str, Any]:
    last: Exception | None = None
    for user in ("postgres", "root"):
        try:
            conn = await asyncpg.connect(
                host=PG_HOST, port=PG_PORT, user=user, database="postgres", timeout=5
            )
            return user, conn
        except Exception as exc:
            last = exc
    raise RuntimeError(f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT}: {last}")


def create_pg_database() -> tuple[str, str]:
    """Create an empty database; returns (url, name)."""

    async def run() -> tuple[str, str]:
        user, conn = await _pg_admin()
        name = f"parley_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        return f"postgresql://{user}@{PG_HOST}:{PG_PORT}/{name}", name

    return asyncio.run(run())


def drop_pg_database(name: str) -> None:
    async def run() -> None:
        _user, conn = await _pg_admin()
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    try:
        url, name = create_pg_database()
    except Exception as exc:
        if _ci():
            pytest.fail(f"CI=true and PostgreSQL is unavailable: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    upgrade(url)
    yield url
    drop_pg_database(name)


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("sqlite") / "parley.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    return url


def store_url(request: pytest.FixtureRequest, store: str) -> str:
    return str(request.getfixturevalue("pg_url" if store == "postgres" else "sqlite_url"))


@dataclass
class Org:
    id: str
    name: str
    token: str
    admin_user_id: str
    default_queue_id: str


class Api:
    """An HTTP client bound to one organisation's token."""

    def __init__(self, client: TestClient[Any], org: Org, store: str) -> None:
        self.client = client
        self.org = org
        self.store = store

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        merged = {"Authorization": self.org.token}
        merged.update(headers or {})
        return merged

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        kwargs["headers"] = self._headers(kwargs.get("headers"))
        return self.client.request(method, url, **kwargs)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> Any:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> Any:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Any:
        return self.request("DELETE", url, **kwargs)


class Harness:
    """One running app on one store, plus helpers that act outside HTTP."""

    def __init__(self, client: TestClient[Any], store: str, settings: Settings) -> None:
        self.client = client
        self.store = store
        self.settings = settings

    @property
    def db(self) -> Database:
        db: Database = self.client.app.state.db
        return db

    def call(self, fn: Any, *args: Any) -> Any:
        """Run an async function on the app's event loop."""
        return self.client.blocking_portal.call(fn, *args)

    def new_org(self, name: str = "Test org") -> Org:
        async def run() -> Org:
            async with self.db.transaction() as tx:
                created = await orgs.create_org(tx, name)
            return Org(
                created.id,
                created.name,
                created.api_token,
                created.admin_user_id,
                created.default_queue_id,
            )

        org: Org = self.call(run)
        return org

    def api(self, name: str = "Test org") -> Api:
        return Api(self.client, self.new_org(name), self.store)

    def run_jobs(self, *, rounds: int = 1000) -> int:
        """Run due background jobs to completion (as the embedded worker would): every job
        due now, other tests' leftovers included, until a round finds none."""

        async def run() -> int:
            worker = Worker(self.db, self.settings)
            total = 0
            for _ in range(rounds):
                ran = await worker.run_once()
                total += ran
                if ran == 0:
                    break
            return total

        ran: int = self.call(run)
        return ran

    def run_jobs_restarted(self) -> int:
        """One worker round from a new process: its own connection to the same store."""

        async def run() -> int:
            db = open_database(self.settings.database_url)
            await db.connect()
            try:
                return await Worker(db, self.settings).run_once()
            finally:
                await db.close()

        ran: int = self.call(run)
        return ran

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> None:
        """Write directly, in a transaction of its own (to set up states the API cannot)."""

        async def run() -> None:
            async with self.db.transaction() as tx:
                await tx.execute(sql, params)

        self.call(run)

    def fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        """Read rows directly (for assertions about what was stored, e.g. hashes)."""

        async def run() -> list[Any]:
            async with self.db.transaction(readonly=True) as tx:
                return [tuple(r) for r in await tx.fetch_all(sql, params)]

        rows: list[Any] = self.call(run)
        return rows


def make_settings(url: str, tmp: Path, **overrides: Any) -> Settings:
    base: dict[str, Any] = {
        "database_url": url,
        "data_dir": tmp,
        "embedded_worker": False,
        "allow_private_addresses": True,
    }
    base.update(overrides)
    return Settings.from_env({}, **base)


@pytest.fixture(scope="session", params=STORES)
def harness(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Harness]:
    store = request.param
    url = store_url(request, store)
    settings = make_settings(url, tmp_path_factory.mktemp(f"data-{store}"))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield Harness(client, store, settings)


@pytest.fixture
def api(harness: Harness) -> Api:
    return harness.api()


@pytest.fixture
def other_api(harness: Harness) -> Api:
    return harness.api("Other org")
