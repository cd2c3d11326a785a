"""Dixa's deprecated generic anonymization routes over HTTP on both stores: each entity
kind is anonymized by the same job as through its own route."""

from __future__ import annotations

import uuid

from conftest import Api, Harness
from conversation_support import new_conversation, new_end_user
from dixa_spec import assert_conforms


def _anonymize(api: Api, body: dict[str, object], status: int = 200) -> dict[str, object]:
    r = api.post("/v1/anonymization", json=body)
    assert r.status_code == status, r.text
    if status == 200:
        assert_conforms(r.json(), "POST", "/v1/anonymization")
    data: dict[str, object] = r.json().get("data", r.json())
    return data


def test_conversation_message_and_user(harness: Harness, api: Api) -> None:
    user = new_end_user(api)
    cid = new_conversation(api, requester_id=user)
    # open: 409 unless forced
    assert (
        api.post(
            "/v1/anonymization", json={"entityId": str(cid), "_type": "Conversation"}
        ).status_code
        == 409
    )
    request = _anonymize(
        api, {"entityId": str(cid), "_type": "Conversation", "forceAnonymization": True}
    )
    assert request["targetEntityId"] == str(cid) and request["_type"] == "Conversation"
    again = _anonymize(api, {"entityId": str(cid), "entityType": "ConversationAnonymizationType"})
    assert again["id"] == request["id"]
    harness.run_jobs()
    r = api.get(f"/v1/anonymization/request/{request['id']}")
    assert r.status_code == 200, r.text
    assert_conforms(r.json(), "GET", "/v1/anonymization/request/{requestId}")
    assert r.json()["data"]["processedAt"] and r.json()["data"]["status"] == "done"
    assert "anonymizedAt" in api.get(f"/v1/conversations/{cid}").json()["data"]

    other = new_conversation(api)
    [message] = api.get(f"/v1/conversations/{other}/messages").json()["data"]
    req = _anonymize(api, {"entityId": f"{other}_{message['id']}", "_type": "Message"})
    assert req["entityType"] == "MessageAnonymizationType"
    person = new_end_user(api)
    req = _anonymize(api, {"entityId": person, "_type": "User"})
    assert req["targetEntityId"] == person and req["entityType"] == "UserAnonymizationType"


def test_bad_entities_are_400(api: Api, other_api: Api) -> None:
    theirs = new_conversation(other_api)
    for body in (
        {"entityId": "abc", "_type": "Conversation"},
        {"entityId": "999999999", "_type": "Conversation"},
        {"entityId": str(theirs), "_type": "Conversation"},
        {"entityId": f"{theirs}_nope", "_type": "Message"},
        {"entityId": str(uuid.uuid4()), "_type": "User"},
        {"entityId": "x", "_type": "Ticket"},
        {"entityId": "x"},
        {"_type": "User"},
    ):
        r = api.post("/v1/anonymization", json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith("Invalid value for: body"), r.text
    assert api.get("/v1/anonymization/request/nope").json() == {
        "message": "Invalid value for: path parameter requestId"
    }
    assert api.get(f"/v1/anonymization/request/{uuid.uuid4()}").status_code == 404
