"""Test harness: every HTTP-level test runs on SQLite and on PostgreSQL.

The schema is built by the Alembic migrations, once per store per session. Each test
gets its own organisation (and token), so tests share a database without sharing
data. With CI=true a missing PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

# The types live in fixtures/harness.py; their names stay importable from here as before.
from file_server import http_server, send_pdf
from fixtures.harness import (
    Api,
    Harness,
    Org,
    begin_test,
    create_pg_database,
    drop_pg_database,
    make_settings,
)
from fixtures.workers import SharedServerGroups
from parley.app import create_app
from parley.store.migrate import upgrade

__all__ = ["Api", "Harness", "Org", "create_pg_database", "drop_pg_database", "make_settings"]

STORES = ["sqlite", "postgres"]

# Several xdist workers share one PostgreSQL (100 connections): each app and each server
# process a test starts keeps at most 3 connections per pool, unless a test says otherwise.
os.environ.setdefault("PARLEY_DATABASE_POOL_SIZE", "3")


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadgroup``: the groups of ``fixtures.workers.SHARED_BY_PATH``."""
    return SharedServerGroups(config, log) if config.getvalue("dist") == "loadgroup" else None


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


@pytest.fixture(params=STORES)
def empty_store(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[str]:
    """A store of its own with no schema yet (on each store), for migration tests that
    write data at an older revision and upgrade it."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/old.db"
        return
    try:
        url, name = create_pg_database()
    except Exception as exc:  # as the session's pg_url fixture does
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    yield url
    drop_pg_database(name)


def store_url(request: pytest.FixtureRequest, store: str) -> str:
    return str(request.getfixturevalue("pg_url" if store == "postgres" else "sqlite_url"))


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


@pytest.fixture(autouse=True)
def _one_test_orgs() -> None:
    """Each test starts with no organisations of its own (see ``Harness.run_jobs``)."""
    begin_test()


@pytest.fixture(scope="module")
def files_url() -> Iterator[str]:
    """A file server on loopback that answers every path with a small PDF (attachments that
    a message links to and the server downloads)."""
    with http_server(lambda request: send_pdf(request, b"%PDF-1.4 secret passport scan")) as port:
        yield f"http://127.0.0.1:{port}"
