"""An app with the admin API on, on each store (the store's session database)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from fixtures.harness import create_pg_database, drop_pg_database, free_port
from fixtures.testkit import ADMIN_TOKEN, Admin, Served
from fixtures.web import loopback
from parley.app import create_app
from parley.config import Settings
from parley.store.migrate import upgrade


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def admin(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Admin]:
    store = request.param
    url = str(request.getfixturevalue("pg_url" if store == "postgres" else "sqlite_url"))
    settings = Settings.from_env(
        {},
        database_url=url,
        data_dir=tmp_path_factory.mktemp(f"kit-{store}"),
        embedded_worker=False,
        allow_private_addresses=True,
        admin_token=ADMIN_TOKEN,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield Admin(client, store)


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def twins(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Admin, Admin]]:
    """Two apps (two ``create_app`` with the same settings) on one store, as two server
    processes would be."""
    store = request.param
    url = str(request.getfixturevalue("pg_url" if store == "postgres" else "sqlite_url"))
    settings = Settings.from_env(
        {},
        database_url=url,
        data_dir=tmp_path_factory.mktemp(f"twins-{store}"),
        embedded_worker=False,
        allow_private_addresses=True,
        admin_token=ADMIN_TOKEN,
    )
    with (
        TestClient(create_app(settings), raise_server_exceptions=False) as one,
        TestClient(create_app(settings), raise_server_exceptions=False) as two,
    ):
        yield Admin(one, store), Admin(two, store)


@pytest.fixture
def both_stores(tmp_path: Path) -> Iterator[dict[str, Admin]]:
    """An app on each store at once, each store fresh (its sequences start afresh, so
    the conversation ids a test moves clash with nothing but what the test made), each
    app with its own data directory."""
    try:
        pg, pg_name = create_pg_database()
    except Exception as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    urls = {"sqlite": f"sqlite:///{tmp_path / 'moved.db'}", "postgres": pg}
    clients: list[TestClient[Any]] = []
    try:
        apps: dict[str, Admin] = {}
        for store, url in urls.items():
            upgrade(url)
            settings = Settings.from_env(
                {},
                database_url=url,
                data_dir=tmp_path / f"data-{store}",
                embedded_worker=False,
                allow_private_addresses=True,
                admin_token=ADMIN_TOKEN,
            )
            client = TestClient(create_app(settings), raise_server_exceptions=False)
            clients.append(client)
            apps[store] = Admin(client.__enter__(), store)
        yield apps
    finally:
        for client in reversed(clients):
            client.__exit__(None, None, None)
        drop_pg_database(pg_name)


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    store = request.param
    data = tmp_path_factory.mktemp(f"served-{store}")
    url = (
        str(request.getfixturevalue("pg_url"))
        if store == "postgres"
        else f"sqlite:///{data / 'parley.db'}"
    )
    port = free_port()
    env = dict(
        os.environ,
        PARLEY_DATABASE_URL=url,
        PARLEY_DATA_DIR=str(data),
        PARLEY_ADMIN_TOKEN=ADMIN_TOKEN,
        PARLEY_EMBEDDED_WORKER="false",
        PARLEY_ALLOW_PRIVATE_ADDRESSES="false",
    )
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "parley"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                loopback.get(f"{base}/health")
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
        yield Served(base, store)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
