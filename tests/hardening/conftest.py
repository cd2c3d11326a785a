"""Fixtures of the hardening tests: apps with their own settings on the session's stores."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from litestar.testing import TestClient

from fixtures.harness import create_pg_database, drop_pg_database
from parley.app import create_app


@pytest.fixture
def app_with(harness: Any) -> Iterator[Callable[..., TestClient[Any]]]:
    """Start another app on the harness's store with some settings changed (each one its
    own store connections, as another server process would have)."""
    with ExitStack() as stack:

        def start(**changes: Any) -> TestClient[Any]:
            settings = dataclasses.replace(harness.settings, **changes)
            client = TestClient(create_app(settings), raise_server_exceptions=False)
            return stack.enter_context(client)

        yield start


@pytest.fixture
def fresh_pg_url(pg_url: str) -> Iterator[str]:
    """An empty PostgreSQL database on the session's server (dropped afterwards)."""
    url, name = create_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)
