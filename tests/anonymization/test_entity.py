"""Dixa's `POST /v1/anonymization` (one body naming a conversation, message or end user)
and `GET /v1/anonymization/request/{requestId}`, on both stores."""

from __future__ import annotations

import uuid

from dixa_spec import assert_conforms
from fixtures.anonymization import post_entity_anonymization
from fixtures.builders import create_end_user, email_conversation
from fixtures.harness import Api, Harness

TYPE_MISSING = {"message": "The entity type is missing"}
BAD_ID = {"message": "The entityId doesn't match the expected format for the specified type"}


def test_a_conversation_by_type_and_id(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    body = {"_type": "Conversation", "entityId": str(cid)}
    r = post_entity_anonymization(api, body)
    assert r.status_code == 409, r.text  # not Closed, as the PATCH call answers
    r = post_entity_anonymization(api, {**body, "forceAnonymization": True})
    assert r.status_code == 200, r.text
    assert_conforms(r.json(), "POST", "/v1/anonymization")
    request = r.json()["data"]
    assert request["_type"] == "Conversation"
    assert request["entityType"] == "ConversationAnonymizationType"
    assert request["targetEntityId"] == str(cid) and request["processedAt"] is None
    # the same request as the resource's own call answers
    again = api.patch(f"/v1/conversations/{cid}/anonymize?force=true").json()["data"]
    assert again["id"] == request["id"]
    harness.run_jobs()
    r = api.get(f"/v1/anonymization/request/{request['id']}")
    assert r.status_code == 200, r.text
    assert_conforms(r.json(), "GET", "/v1/anonymization/request/{requestId}")
    status = r.json()["data"]
    assert status["status"] == "done" and status["processedAt"] is not None
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["_type"] == "AnonymizedConversation"


def test_a_user_by_the_older_entity_type(api: Api) -> None:
    user = create_end_user(api, "Customer")
    r = post_entity_anonymization(
        api, {"entityType": "UserAnonymizationType", "entityId": user.upper()}
    )
    assert r.status_code == 200, r.text
    assert_conforms(r.json(), "POST", "/v1/anonymization")
    data = r.json()["data"]
    assert (data["_type"], data["targetEntityId"]) == ("User", user)
    nested = post_entity_anonymization(
        api, {"entityType": {"_type": "UserAnonymizationType"}, "entityId": user}
    )
    assert nested.json()["data"]["id"] == data["id"]


def test_a_message_by_its_target_id(api: Api) -> None:
    cid = email_conversation(api)
    message_id = api.get(f"/v1/conversations/{cid}/messages").json()["data"][0]["id"]
    r = post_entity_anonymization(api, {"_type": "Message", "entityId": f"{cid}_{message_id}"})
    assert r.status_code == 200, r.text
    assert_conforms(r.json(), "POST", "/v1/anonymization")
    assert r.json()["data"]["entityType"] == "MessageAnonymizationType"
    assert r.json()["data"]["targetEntityId"] == f"{cid}_{message_id}"


def test_bad_bodies(api: Api, other_api: Api) -> None:
    cid = email_conversation(api)
    user = create_end_user(api, "Customer")
    for body, answer in (
        ({"entityId": str(cid)}, TYPE_MISSING),
        ({"_type": "Robot", "entityId": str(cid)}, TYPE_MISSING),
        ({"entityType": "Nonsense", "entityId": str(cid)}, TYPE_MISSING),
        ({"_type": "Conversation", "entityId": "abc"}, BAD_ID),
        ({"_type": "Conversation", "entityId": str(2**63)}, BAD_ID),
        ({"_type": "User", "entityId": "nope"}, BAD_ID),
        ({"_type": "Message", "entityId": str(cid)}, BAD_ID),
    ):
        r = post_entity_anonymization(api, body)
        assert (r.status_code, r.json()) == (400, answer), body
    r = post_entity_anonymization(api, {"_type": "User"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    unknown = (400, {"message": "An entity in this request could not be found"})
    r = post_entity_anonymization(api, {"_type": "User", "entityId": str(uuid.uuid4())})
    assert (r.status_code, r.json()) == unknown
    r = post_entity_anonymization(api, {"_type": "Conversation", "entityId": "999999999"})
    assert (r.status_code, r.json()) == unknown
    # another organisation's entities are unknown
    r = post_entity_anonymization(other_api, {"_type": "User", "entityId": user})
    assert (r.status_code, r.json()) == unknown
    r = post_entity_anonymization(
        other_api, {"_type": "Conversation", "entityId": str(cid), "forceAnonymization": True}
    )
    assert (r.status_code, r.json()) == unknown
    assert api.get("/v1/anonymization/request/nope").json() == {
        "message": "Invalid value for: path parameter requestId"
    }
    assert api.get(f"/v1/anonymization/request/{uuid.uuid4()}").status_code == 404
