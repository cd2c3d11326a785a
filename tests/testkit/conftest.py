"""An app with the admin API on, on each store (the store's session database)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from litestar.testing import TestClient

from parley.app import create_app
from parley.config import Settings

ADMIN_TOKEN = "admin-secret-for-tests"


@dataclass
class Admin:
    """A client of one app, with helpers that speak to the admin API with its token."""

    client: TestClient[Any]
    store: str

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {ADMIN_TOKEN}", **kwargs.pop("headers", {})}
        return self.client.request(method, "/_parley" + path, headers=headers, **kwargs)

    def new_org(self, name: str = "Kit org") -> dict[str, Any]:
        r = self.call("POST", "/orgs", json={"name": name})
        assert r.status_code == 201, r.text
        org: dict[str, Any] = r.json()["data"]
        return org

    def as_org(self, org: dict[str, Any], method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": org["apiToken"], **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)


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
