from __future__ import annotations

from pathlib import Path

from litestar.testing import TestClient

from conftest import Api, Harness, make_settings
from parley.app import create_app
from parley.kit.clock import parse_ms, to_iso


def test_time_format_round_trip() -> None:
    ms = parse_ms("2021-12-01T12:46:36.581Z[GMT]")
    assert to_iso(ms) == "2021-12-01T12:46:36.581Z"
    assert parse_ms("2021-12-01T12:46:36Z") == ms - 581
    assert parse_ms("2021-12-01T13:46:36.581+01:00") == ms


def test_unknown_route_is_dixa_404(api: Api) -> None:
    r = api.get("/v1/no-such-thing")
    assert r.status_code == 404
    assert r.json() == {"message": "An entity in this request could not be found"}


def test_unknown_query_parameters_are_ignored(api: Api) -> None:
    r = api.get("/v1/tags?created_after=2020-01-01&whatever=1")
    assert r.status_code == 200


def test_body_over_limit_is_413(harness: Harness, api: Api, tmp_path: Path) -> None:
    url = harness.settings.database_url
    app = create_app(make_settings(url, tmp_path, max_body_bytes=1000))
    with TestClient(app) as client:
        r = client.post(
            "/v1/tags", json={"name": "x" * 5000}, headers={"Authorization": api.org.token}
        )
        assert r.status_code == 413
        assert "message" in r.json()


def test_relative_page_links_setting(harness: Harness, api: Api, tmp_path: Path) -> None:
    for i in range(3):
        api.post("/v1/tags", json={"name": f"n{i}"})
    absolute = api.get("/v1/tags?pageLimit=1").json()["meta"]["next"]
    assert absolute.startswith("http://testserver.local/v1/tags?pageKey=")
    app = create_app(make_settings(harness.settings.database_url, tmp_path, page_links="relative"))
    with TestClient(app) as client:
        body = client.get("/v1/tags?pageLimit=1", headers={"Authorization": api.org.token}).json()
        assert body["meta"]["next"].startswith("/v1/tags?pageKey=")


def test_repeated_query_after_page_key_keeps_the_result_set(api: Api) -> None:
    ids = [api.post("/v1/tags", json={"name": f"r{i}"}).json()["data"]["id"] for i in range(3)]
    first = api.get("/v1/tags?pageLimit=2").json()
    nxt = first["meta"]["next"]
    # a client that re-sends its original query string along with the next link
    second = api.get(nxt + "&pageLimit=2").json()
    paged = [t["id"] for t in first["data"] + second["data"]]
    # Tags made in one millisecond are ordered by id: compare with the unpaged order.
    assert paged == [t["id"] for t in api.get("/v1/tags").json()["data"]]
    assert sorted(paged) == sorted(ids)
    assert "next" not in second["meta"]


def test_bad_page_key_is_400(api: Api) -> None:
    r = api.get("/v1/tags?pageKey=%%%garbage")
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: query parameter pageKey")


def test_failed_request_writes_nothing(harness: Harness, api: Api) -> None:
    before = harness.fetch("SELECT count(*) FROM events WHERE org_id = :o", {"o": api.org.id})
    r = api.post("/v1/tags", json={"name": "  "})
    assert r.status_code == 400
    after = harness.fetch("SELECT count(*) FROM events WHERE org_id = :o", {"o": api.org.id})
    assert before == after
    assert api.get("/v1/tags").json()["data"] == []
