from __future__ import annotations

import uuid

from dixa_spec import assert_conforms
from fixtures.builders import email_conversation
from fixtures.harness import Api, Harness
from fixtures.templates import create_template, template_event_count

RETURNS = {
    "name": "30-days return policy",
    "content": "Hi {{requester_firstname}},\n\nOrder {{csid}}.\n\n{{ agent_name }} {{unknown}}",
    "subject": "Returns csid:{{csid}}",
    "translations": [
        {"locale": "da", "content": "Hej {{requester_firstname}}", "isDeactivated": False},
        {"locale": "de-AT", "content": "Hallo {{requester_name}}", "isDeactivated": True},
    ],
}


def test_create_list_delete_in_dixa_shapes(harness: Harness, api: Api) -> None:
    quick = create_template(api, RETURNS)
    assert quick["_type"] == "QuickResponse" and quick["createdBy"] == api.org.admin_user_id
    assert quick["translations"][1] == RETURNS["translations"][1]
    assert "lastEditedAt" not in quick
    auto = create_template(
        api, {"name": "Welcome", "content": "Welcome!", "_type": "EmailAutoReply"}
    )
    body = api.get("/v1/templates").json()
    assert_conforms(body, "GET", "/v1/templates")
    assert sorted(t["id"] for t in body["data"]) == sorted([quick["id"], auto["id"]])
    only = api.get("/v1/templates?type=EmailAutoReply").json()["data"]
    assert only == [auto]
    r = api.delete(f"/v1/templates/{quick['id']}")
    assert r.status_code == 204 and r.content == b""
    assert [t["id"] for t in api.get("/v1/templates").json()["data"]] == [auto["id"]]
    assert api.delete(f"/v1/templates/{quick['id']}").status_code == 404
    assert template_event_count(harness, api, "TEMPLATE_CREATED") == 2
    assert template_event_count(harness, api, "TEMPLATE_DELETED") == 1


def test_edit_sets_last_edited_and_no_change_writes_nothing(harness: Harness, api: Api) -> None:
    t = create_template(api, {"name": "Hello", "content": "Hello {{requester_name}}"})
    r = api.patch(f"/v1/templates/{t['id']}", json={"content": "Hi there", "subject": "S"})
    assert r.status_code == 200, r.text
    edited = r.json()["data"]
    assert edited["content"] == "Hi there" and edited["subject"] == "S"
    assert edited["lastEditedBy"] == api.org.admin_user_id and edited["lastEditedAt"]
    assert api.get(f"/v1/templates/{t['id']}").json()["data"] == edited
    again = api.patch(f"/v1/templates/{t['id']}", json={"content": "Hi there"}).json()["data"]
    assert again == edited
    assert template_event_count(harness, api, "TEMPLATE_UPDATED") == 1
    r = api.patch(f"/v1/templates/{t['id']}", json={"subject": None})
    assert "subject" not in r.json()["data"]


def test_render_fills_names_csid_and_translation(api: Api) -> None:
    r = api.post(
        "/v1/endusers",
        json={
            "firstName": "Ada",
            "lastName": "Lovelace",
            "email": f"ada-{uuid.uuid4().hex[:8]}@example.com",
        },
    )
    assert r.status_code == 201, r.text
    cid = email_conversation(api, requesterId=r.json()["data"]["id"])
    agent = api.get(f"/v1/agents/{api.org.admin_user_id}").json()["data"]
    t = create_template(api, RETURNS)
    r = api.get(f"/v1/templates/{t['id']}/render?conversationId={cid}")
    assert r.status_code == 200, r.text
    out = r.json()["data"]
    assert out["content"] == (f"Hi Ada,\n\nOrder {cid}.\n\n{agent['displayName']} {{{{unknown}}}}")
    assert out["subject"] == f"Returns csid:{cid}" and out["locale"] is None
    da = api.get(f"/v1/templates/{t['id']}/render?conversationId={cid}&locale=da-DK").json()
    assert da["data"]["content"] == "Hej Ada" and da["data"]["locale"] == "da"
    # a deactivated translation is not used
    de = api.get(f"/v1/templates/{t['id']}/render?conversationId={cid}&locale=de-AT").json()
    assert de["data"]["locale"] is None and de["data"]["content"].startswith("Hi Ada")


def test_bad_input(api: Api) -> None:
    assert api.get("/v1/templates?type=Other").json() == {
        "message": "Invalid value for: query parameter type"
    }
    assert api.delete("/v1/templates/nope").json() == {
        "message": "Invalid value for: path parameter templateId"
    }
    assert api.delete(f"/v1/templates/{uuid.uuid4()}").status_code == 404
    for body in (
        {"name": "", "content": "x"},
        {"name": "x", "content": " "},
        {"name": "x", "content": "y", "_type": "Sms"},
        {"name": "x", "content": "y", "translations": [{"locale": "not a locale", "content": "z"}]},
        {"name": "x", "content": "y", "translations": [{"locale": "da", "content": "a"}] * 2},
        {"name": "x", "content": "y", "extra": 1},
    ):
        r = api.post("/v1/templates", json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith("Invalid value for: body"), r.text
    t = create_template(api, {"name": "n", "content": "c"})
    r = api.get(f"/v1/templates/{t['id']}/render")
    assert r.json() == {"message": "Invalid value for: query parameter conversationId, required"}
    r = api.get(f"/v1/templates/{t['id']}/render?conversationId=abc")
    assert r.json() == {"message": "Invalid value for: query parameter conversationId"}
    r = api.get(f"/v1/templates/{t['id']}/render?conversationId=999999999")
    assert r.status_code == 400
    assert api.get("/v1/templates").json()["data"] == [t]


def test_paging_follows_next(api: Api) -> None:
    ids = [create_template(api, {"name": f"t{i}", "content": "c"})["id"] for i in range(5)]
    seen: list[str] = []
    url: str | None = "/v1/templates?pageLimit=2"
    pages = 0
    while url:
        body = api.get(url).json()
        seen += [t["id"] for t in body["data"]]
        url = body["meta"].get("next")
        pages += 1
    whole = [t["id"] for t in api.get("/v1/templates?pageLimit=100").json()["data"]]
    assert seen == whole and sorted(seen) == sorted(ids) and pages == 3


def test_other_org_cannot_see_or_delete(api: Api, other_api: Api) -> None:
    t = create_template(api, {"name": "secret", "content": "c"})
    assert other_api.get("/v1/templates").json()["data"] == []
    assert other_api.delete(f"/v1/templates/{t['id']}").status_code == 404
    assert other_api.patch(f"/v1/templates/{t['id']}", json={"name": "x"}).status_code == 404
    cid = email_conversation(other_api)
    r = api.get(f"/v1/templates/{t['id']}/render?conversationId={cid}")
    assert r.status_code == 400
    assert api.get(f"/v1/templates/{t['id']}").json()["data"] == t
