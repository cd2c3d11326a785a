"""Failures the conventions promise: an unexpected error is Dixa's 500 with a request id
that is also in the log; an inactive tag of another organisation cannot be activated."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from litestar import get
from litestar.testing import TestClient

from fixtures.harness import Api, Harness, make_settings
from parley.app import create_app


@get("/v1/test-only/boom", include_in_schema=False)
async def boom() -> None:
    raise RuntimeError("secret detail that must not leak")


def test_unexpected_error_is_500_with_request_id(
    harness: Harness, api: Api, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(make_settings(harness.settings.database_url, tmp_path))
    app.register(boom)
    with (
        caplog.at_level(logging.ERROR, logger="parley.http"),
        TestClient(app, raise_server_exceptions=False) as client,
    ):
        r = client.get("/v1/test-only/boom", headers={"Authorization": api.org.token})
    assert r.status_code == 500
    assert r.json() == {"message": "Internal failure during request processing"}
    request_id = r.headers["x-request-id"]
    assert len(request_id) == 32
    logged = [rec for rec in caplog.records if request_id in rec.getMessage()]
    assert logged and logged[0].exc_info is not None
    assert "secret detail" not in r.text


def test_other_org_cannot_activate_a_tag(api: Api, other_api: Api) -> None:
    tag = api.post("/v1/tags", json={"name": "dormant"}).json()["data"]
    assert api.patch(f"/v1/tags/{tag['id']}/deactivate").status_code == 204
    r = other_api.patch(f"/v1/tags/{tag['id']}/activate")
    assert r.status_code == 404
    assert r.json() == {"message": "An entity in this request could not be found"}
    assert api.get(f"/v1/tags/{tag['id']}").json()["data"]["state"] == "Inactive"


@pytest.mark.parametrize(
    ("method", "url"),
    [("POST", "/v1/tags"), ("POST", "/v1/conversations"), ("PATCH", "/v1/agents")],
)
def test_deeply_nested_body_is_400(api: Api, method: str, url: str) -> None:
    # msgspec refuses JSON nested ~1,000 levels deep with a RecursionError: the client's
    # input, so a 400 like any other undecodable body, not a 500.
    deep = "[" * 1000 + "]" * 1000
    for body in (deep, '{"data": [{"name": ' + deep + "}]}"):
        r = api.request(method, url, content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 400, r.text
        assert r.json() == {"message": "Invalid value for: body, JSON nested too deeply"}
