"""Compatibility suite: published Dixa clients against a running Parley.

Each server is a real `parley serve` process (granian) on a free local port, on SQLite
(a temporary file) and on PostgreSQL (the session's `pg_url` database). Servers are
started once per session per (store, page-link style) and stopped at the end. Clients run
in their own virtual environments (`make install` creates them under .venv/clients/),
driven by the scripts in tests/compat/clients/, which print one JSON object.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fixtures.compat import (
    STORES,
    Servers,
    Target,
)


@pytest.fixture(scope="session")
def parley_servers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Servers]:
    servers = Servers(request, tmp_path_factory)
    try:
        yield servers
    finally:
        servers.stop_all()


@pytest.fixture(scope="module", params=STORES)
def absolute_target(request: pytest.FixtureRequest, parley_servers: Servers) -> Target:
    """A server whose `meta.next` links are absolute URLs (the default), with a new org."""
    server = parley_servers.get(request.param, "absolute")
    return Target(server, server.new_org(f"Compat {request.module.__name__}"))


@pytest.fixture(scope="module", params=STORES)
def relative_target(request: pytest.FixtureRequest, parley_servers: Servers) -> Target:
    """A server run with PARLEY_PAGE_LINKS=relative (`meta.next` is a path), with a new org."""
    server = parley_servers.get(request.param, "relative")
    return Target(server, server.new_org(f"Compat {request.module.__name__}"))
