from __future__ import annotations

import uuid
from typing import Any

import pytest

from fixtures.endusers import contact_attribute, create_end_user_body, select_attribute
from fixtures.harness import Api, Harness

NOT_FOUND = {"message": "An entity in this request could not be found"}
BAD_USER_ID = {"message": "Invalid value for: path parameter userId"}


TEXT = {"_type": "Text"}


def test_create_and_get(api: Api, harness: Harness) -> None:
    user = create_end_user_body(
        api,
        displayName="Ada L",
        firstName=" Ada ",
        lastName="Lovelace",
        middleNames=["King"],
        email="Ada@Example.COM",
        phoneNumber="+4512345678",
        additionalEmails=["a2@example.com"],
        additionalPhoneNumbers=["+4587654321"],
        externalId="crm-1",
        avatarUrl="https://example.com/a.png",
    )
    assert uuid.UUID(user["id"])
    assert user["createdAt"].endswith("Z")
    assert user["firstName"] == "Ada" and user["email"] == "ada@example.com"
    assert user["middleNames"] == ["King"] and user["additionalEmails"] == ["a2@example.com"]
    assert user["additionalPhoneNumbers"] == ["+4587654321"]
    assert "customAttributes" not in user
    got = api.get(f"/v1/endusers/{user['id']}").json()["data"]
    assert got == {**user, "customAttributes": []}
    rows = harness.fetch(
        "SELECT kind FROM users WHERE org_id = :org AND id = :id",
        {"org": api.org.id, "id": user["id"]},
    )
    assert rows == [("EndUser",)]
    events = harness.fetch("SELECT fqn FROM events WHERE org_id = :org", {"org": api.org.id})
    assert ("END_USER_CREATED",) in events


def test_create_minimal_omits_absent_fields_and_ignores_unknown(api: Api) -> None:
    user = create_end_user_body(api, givenName="Grace", familyName="Hopper", displayName="Grace")
    assert set(user) == {
        "id",
        "createdAt",
        "displayName",
        "middleNames",
        "additionalEmails",
        "additionalPhoneNumbers",
    }
    assert user["middleNames"] == [] and user["additionalEmails"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"phoneNumber": "call me"}, "phoneNumber"),
        ({"additionalEmails": ["ok@example.com", "nope"]}, "additionalEmails[1]"),
        ({"additionalPhoneNumbers": ["x"]}, "additionalPhoneNumbers[0]"),
    ],
)
def test_create_rejects_bad_contact_details(
    api: Api, harness: Harness, body: dict[str, Any], field: str
) -> None:
    r = api.post("/v1/endusers", json=body)
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: body")
    assert field in r.json()["message"]
    rows = harness.fetch(
        "SELECT id FROM users WHERE org_id = :org AND kind = 'EndUser'", {"org": api.org.id}
    )
    assert rows == []


def test_bad_bodies(api: Api) -> None:
    r = api.post("/v1/endusers", json={"email": 5})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = api.post("/v1/endusers", content=b"{", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = api.post("/v1/endusers/bulk", json={"data": []})
    assert r.status_code == 400
    r = api.post("/v1/endusers/bulk", json={"nodata": 1})
    assert r.status_code == 400


def test_list_filters(api: Api) -> None:
    a = create_end_user_body(
        api, email="a@example.com", phoneNumber="+4511111111", externalId="x-1"
    )
    b = create_end_user_body(
        api, email="b@example.com", phoneNumber="+4522222222", externalId="x-2"
    )
    create_end_user_body(api, displayName="c")

    def ids(**params: str) -> list[str]:
        r = api.get("/v1/endusers", params=params)
        assert r.status_code == 200, r.text
        return [u["id"] for u in r.json()["data"]]

    assert sorted(ids()) == sorted(u["id"] for u in api.get("/v1/endusers").json()["data"])
    assert len(ids()) == 3
    assert ids(email="A@example.com") == [a["id"]]
    assert ids(phone="+4522222222") == [b["id"]]
    assert ids(externalId="x-1") == [a["id"]]
    assert ids(email="a@example.com", externalId="x-2") == []
    assert ids(email="nobody@example.com") == []
    # an unencoded "+" arrives as a space
    assert [u["id"] for u in api.get("/v1/endusers?phone=+4511111111").json()["data"]] == [a["id"]]


def test_list_excludes_agents(api: Api, harness: Harness) -> None:
    create_end_user_body(api, displayName="enduser")
    listed = api.get("/v1/endusers").json()["data"]
    assert api.org.admin_user_id not in [u["id"] for u in listed]
    assert api.get(f"/v1/endusers/{api.org.admin_user_id}").status_code == 404


def test_paging_follows_next_with_filters(api: Api) -> None:
    ids = {
        create_end_user_body(api, externalId="same", displayName=f"u{i}")["id"] for i in range(5)
    }
    create_end_user_body(api, externalId="other")
    seen: list[str] = []
    url: str | None = "/v1/endusers?pageLimit=2&externalId=same"
    pages = 0
    while url:
        body = api.get(url).json()
        seen += [u["id"] for u in body["data"]]
        url = body["meta"].get("next")
        pages += 1
    assert sorted(seen) == sorted(ids) and len(seen) == 5 and pages == 3


def test_paging_bad_input(api: Api) -> None:
    for bad in ("0", "-1", "abc"):
        r = api.get(f"/v1/endusers?pageLimit={bad}")
        assert r.status_code == 400, bad
        assert r.json()["message"].startswith("Invalid value for: query parameter pageLimit")
    r = api.get("/v1/endusers?pageKey=garbage!")
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: query parameter pageKey")


def test_bulk_create_mixed(api: Api, harness: Harness) -> None:
    r = api.post(
        "/v1/endusers/bulk",
        json={
            "data": [
                {"email": "one@example.com"},
                {"email": "broken"},
                {"displayName": "three", "phoneNumber": "+4533333333"},
            ]
        },
    )
    assert r.status_code == 201, r.text
    out = r.json()["data"]
    assert [o["_type"] for o in out] == [
        "BulkActionSuccess",
        "BulkActionFailure",
        "BulkActionSuccess",
    ]
    assert out[0]["data"]["email"] == "one@example.com"
    assert "email" in out[1]["error"]["message"]
    assert out[2]["data"]["displayName"] == "three"
    listed = api.get("/v1/endusers").json()["data"]
    assert sorted(u["id"] for u in listed) == sorted([out[0]["data"]["id"], out[2]["data"]["id"]])


def test_put_replaces_and_patch_updates(api: Api, harness: Harness) -> None:
    user = create_end_user_body(
        api,
        displayName="Old",
        firstName="F",
        email="old@example.com",
        middleNames=["M"],
        externalId="e",
    )
    r = api.put(
        f"/v1/endusers/{user['id']}",
        json={"id": user["id"], "displayName": "New", "phoneNumber": "+4544444444"},
    )
    assert r.status_code == 200, r.text
    put = r.json()["data"]
    assert put["displayName"] == "New" and put["phoneNumber"] == "+4544444444"
    assert "email" not in put and "firstName" not in put and "externalId" not in put
    assert put["middleNames"] == [] and put["createdAt"] == user["createdAt"]

    r = api.patch(
        f"/v1/endusers/{user['id']}",
        json={"lastName": "L", "phoneNumber": None, "additionalEmails": ["x@example.com"]},
    )
    assert r.status_code == 200, r.text
    patched = r.json()["data"]
    assert patched["displayName"] == "New" and patched["lastName"] == "L"
    assert "phoneNumber" not in patched and patched["additionalEmails"] == ["x@example.com"]
    assert api.get(f"/v1/endusers/{user['id']}").json()["data"]["lastName"] == "L"
    events = harness.fetch(
        "SELECT fqn FROM events WHERE org_id = :org AND fqn = 'END_USER_UPDATED'",
        {"org": api.org.id},
    )
    assert len(events) == 2

    for method in (api.put, api.patch):
        r = method(f"/v1/endusers/{user['id']}", json={"email": "bad"})
        assert r.status_code == 400 and "email" in r.json()["message"]
    assert api.get(f"/v1/endusers/{user['id']}").json()["data"]["lastName"] == "L"


def test_bulk_put_and_patch(api: Api) -> None:
    a = create_end_user_body(api, displayName="a", email="a@example.com")
    b = create_end_user_body(api, displayName="b", email="b@example.com")
    missing = str(uuid.uuid4())
    r = api.put(
        "/v1/endusers",
        json={
            "data": [
                {"id": a["id"], "displayName": "A2"},
                {"id": missing, "displayName": "ghost"},
                {"id": "nope", "displayName": "bad id"},
                {"id": b["id"], "email": "invalid"},
            ]
        },
    )
    assert r.status_code == 200, r.text
    out = r.json()["data"]
    assert [o["_type"] for o in out] == ["BulkActionSuccess"] + ["BulkActionFailure"] * 3
    assert out[0]["data"]["displayName"] == "A2" and "email" not in out[0]["data"]
    assert out[1]["error"] == {"_type": "NotFound", "id": missing, **NOT_FOUND}
    assert out[2]["error"]["_type"] == "Validation"
    assert out[2]["error"]["id"] == "nope"
    assert out[3]["error"]["id"] == b["id"] and "email" in out[3]["error"]["message"]
    assert api.get(f"/v1/endusers/{b['id']}").json()["data"]["email"] == "b@example.com"

    r = api.patch(
        "/v1/endusers",
        json={
            "data": [
                {"id": b["id"], "lastName": "B"},
                {"id": missing, "lastName": "x"},
            ]
        },
    )
    assert r.status_code == 200, r.text
    out = r.json()["data"]
    assert [o["_type"] for o in out] == ["BulkActionSuccess", "BulkActionFailure"]
    assert out[0]["data"]["lastName"] == "B" and out[0]["data"]["email"] == "b@example.com"
    assert api.put("/v1/endusers", json={"data": []}).status_code == 400


def test_custom_attributes(api: Api) -> None:
    user = create_end_user_body(api, displayName="u")
    tier = contact_attribute(api, "tier", select_attribute("gold", "silver"))
    note = contact_attribute(api, "note", TEXT)
    url = f"/v1/endusers/{user['id']}/custom-attributes"
    r = api.patch(url, json={tier: ["gold"], note: "hello"})
    assert r.status_code == 200, r.text
    values = {a["id"]: a for a in r.json()["data"]}
    assert values[tier] == {"id": tier, "name": "Tier", "identifier": "tier", "value": ["gold"]}
    assert values[note]["value"] == "hello"
    got = api.get(f"/v1/endusers/{user['id']}").json()["data"]["customAttributes"]
    assert {a["id"]: a["value"] for a in got} == {tier: ["gold"], note: "hello"}

    r = api.patch(url, json={note: None})
    assert r.status_code == 200
    assert [a["id"] for a in r.json()["data"]] == [tier]
    # PUT keeps custom attribute values
    api.put(f"/v1/endusers/{user['id']}", json={"displayName": "v"})
    got = api.get(f"/v1/endusers/{user['id']}").json()["data"]["customAttributes"]
    assert [a["id"] for a in got] == [tier]


def test_custom_attributes_bad_input(api: Api) -> None:
    user = create_end_user_body(api)
    tier = contact_attribute(api, "tier", select_attribute("gold"))
    note = contact_attribute(api, "note", TEXT)
    conv = api.post(
        "/v1/custom-attributes",
        json={
            "entityType": "Conversation",
            "identifier": "topic",
            "label": "Topic",
            "inputDefinition": TEXT,
        },
    ).json()["data"]["id"]
    url = f"/v1/endusers/{user['id']}/custom-attributes"
    for body in (
        {tier: ["platinum"]},
        {tier: "gold"},
        {note: ["a"]},
        {note: 5},
        {conv: "x"},
        {str(uuid.uuid4()): "x"},
        {"not-a-uuid": "x"},
        {note: "ok", tier: ["nope"]},
    ):
        r = api.patch(url, json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith("Invalid input for patching"), body
    got = api.get(f"/v1/endusers/{user['id']}").json()["data"]["customAttributes"]
    assert got == []
    assert api.patch(url, json=["x"]).status_code == 400


def test_path_errors(api: Api) -> None:
    for method, path in (
        (api.get, "/v1/endusers/nope"),
        (api.put, "/v1/endusers/nope"),
        (api.patch, "/v1/endusers/nope"),
        (api.patch, "/v1/endusers/nope/custom-attributes"),
    ):
        r = method(path, json={})
        assert r.status_code == 400 and r.json() == BAD_USER_ID
    missing = str(uuid.uuid4())
    for method, path in (
        (api.get, f"/v1/endusers/{missing}"),
        (api.put, f"/v1/endusers/{missing}"),
        (api.patch, f"/v1/endusers/{missing}"),
        (api.patch, f"/v1/endusers/{missing}/custom-attributes"),
    ):
        r = method(path, json={})
        assert r.status_code == 404 and r.json() == NOT_FOUND


def test_other_org_isolation(api: Api, other_api: Api) -> None:
    user = create_end_user_body(
        api, email="iso@example.com", phoneNumber="+4555555555", externalId="iso"
    )
    attr = contact_attribute(api, "tier", select_attribute("gold"))
    uid = user["id"]
    assert other_api.get(f"/v1/endusers/{uid}").status_code == 404
    assert other_api.put(f"/v1/endusers/{uid}", json={"displayName": "x"}).status_code == 404
    assert other_api.patch(f"/v1/endusers/{uid}", json={"displayName": "x"}).status_code == 404
    r = other_api.patch(f"/v1/endusers/{uid}/custom-attributes", json={})
    assert r.status_code == 404
    assert other_api.get("/v1/endusers").json()["data"] == []
    for params in ({"email": "iso@example.com"}, {"phone": "+4555555555"}, {"externalId": "iso"}):
        assert other_api.get("/v1/endusers", params=params).json()["data"] == []
    for method in (other_api.put, other_api.patch):
        out = method("/v1/endusers", json={"data": [{"id": uid, "displayName": "x"}]}).json()
        assert out["data"][0]["_type"] == "BulkActionFailure"
        assert out["data"][0]["error"]["message"] == NOT_FOUND["message"]
    # the other organisation cannot use this organisation's attribute definitions
    other_user = create_end_user_body(other_api)
    r = other_api.patch(f"/v1/endusers/{other_user['id']}/custom-attributes", json={attr: ["gold"]})
    assert r.status_code == 400
    # the bulk create of the other org is invisible here
    other_api.post("/v1/endusers/bulk", json={"data": [{"displayName": "o"}]})
    assert [u["id"] for u in api.get("/v1/endusers").json()["data"]] == [uid]
    got = api.get(f"/v1/endusers/{uid}").json()["data"]
    assert "displayName" not in got
    assert got["email"] == "iso@example.com"
