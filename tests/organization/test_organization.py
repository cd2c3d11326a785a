from __future__ import annotations

from conftest import Api, Harness
from dixa_spec import assert_conforms


def test_get_organization_defaults(api: Api) -> None:
    r = api.get("/v1/organization")
    assert r.status_code == 200, r.text
    body = r.json()
    assert_conforms(body, "GET", "/v1/organization")
    assert body["data"] == {
        "id": api.org.id,
        "name": "Test org",
        "subdomain": "test-org",
        "status": "Active",
    }


def test_patch_changes_name_subdomain_and_avatar(api: Api, other_api: Api) -> None:
    r = api.patch(
        "/v1/organization",
        json={"name": "Acme Support", "subdomain": "Acme", "avatarUrl": "https://a.example/x.png"},
    )
    assert r.status_code == 200, r.text
    want = {
        "id": api.org.id,
        "name": "Acme Support",
        "subdomain": "acme",
        "status": "Active",
        "avatarUrl": "https://a.example/x.png",
    }
    assert r.json()["data"] == want
    assert api.get("/v1/organization").json()["data"] == want
    r = api.patch("/v1/organization", json={"avatarUrl": None})
    assert r.status_code == 200 and "avatarUrl" not in r.json()["data"]
    assert r.json()["data"]["subdomain"] == "acme"
    # the other organisation is untouched
    assert other_api.get("/v1/organization").json()["data"]["name"] == "Other org"
    assert other_api.get("/v1/organization").json()["data"]["id"] == other_api.org.id


def test_patch_bad_input_changes_nothing(api: Api) -> None:
    before = api.get("/v1/organization").json()
    for body in (
        {"name": "  "},
        {"subdomain": "-bad-"},
        {"subdomain": "a b"},
        {"avatarUrl": "ftp://x"},
        {"name": "New", "subdomain": "no_underscores"},
        {"unknown": 1},
    ):
        r = api.patch("/v1/organization", json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith("Invalid value for: body"), r.text
    assert api.get("/v1/organization").json() == before


def test_no_token_is_401(api: Api) -> None:
    r = api.client.get("/v1/organization")
    assert r.status_code == 401


def test_a_change_writes_one_event_and_no_change_none(harness: Harness, api: Api) -> None:
    def count() -> int:
        rows = harness.fetch(
            "SELECT COUNT(*) FROM events WHERE org_id = :org AND fqn = 'ORGANIZATION_UPDATED'",
            {"org": api.org.id},
        )
        return int(rows[0][0])

    assert api.patch("/v1/organization", json={"subdomain": "help"}).status_code == 200
    assert count() == 1
    assert api.patch("/v1/organization", json={"subdomain": "help"}).status_code == 200
    assert count() == 1
