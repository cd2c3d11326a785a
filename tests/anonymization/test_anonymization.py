"""Anonymization requests on both stores: the 202 answers, 404/409/400, force, repeats,
the request status (Parley extension) and organisation isolation."""

from __future__ import annotations

import uuid
from typing import Any

from fixtures.anonymization import closed_conversation, closed_conversation_of, conversation_state
from fixtures.builders import (
    anonymize,
    create_agent,
    create_end_user_with_everything,
    email_conversation,
    rich_conversation,
)
from fixtures.harness import Api, Harness
from fixtures.reads import activity_types, everything_about, jobs_of, request_status

NOT_FOUND = {"message": "An entity in this request could not be found"}
REFERENCE_KEYS = {
    "id",
    "_type",
    "entityType",
    "initiatedAt",
    "processedAt",
    "targetEntityId",
    "requestedBy",
}


def test_conversation_request_answers_202_and_completes(harness: Harness, api: Api) -> None:
    cid = closed_conversation(harness, api)
    r = anonymize(api, cid)
    assert r.status_code == 202, r.text
    data = r.json()["data"]
    assert set(data) == REFERENCE_KEYS
    assert data["_type"] == "Conversation"
    assert data["entityType"] == "ConversationAnonymizationType"
    assert data["targetEntityId"] == str(cid)
    assert data["requestedBy"] == api.org.admin_user_id
    assert data["processedAt"] is None
    assert data["initiatedAt"].endswith("Z")
    assert uuid.UUID(data["id"])

    pending = request_status(api, data["id"])
    assert pending["status"] == "pending" and pending["processedAt"] is None
    assert {k: v for k, v in pending.items() if k != "status"} == data
    assert [j[1] for j in jobs_of(harness, api)] == ["pending"]

    harness.run_jobs()
    done = request_status(api, data["id"])
    assert done["status"] == "done" and done["processedAt"] is not None
    assert done["processedAt"] >= done["initiatedAt"]
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["_type"] == "AnonymizedConversation"

    again = anonymize(api, cid, force=True)
    assert again.status_code == 202
    assert again.json()["data"] == {**data, "processedAt": done["processedAt"]}
    assert len(jobs_of(harness, api)) == 1  # nothing new to do


def test_repeat_while_in_progress_returns_the_same_request(harness: Harness, api: Api) -> None:
    cid = closed_conversation(harness, api)
    first = anonymize(api, cid).json()["data"]
    second = anonymize(api, cid).json()["data"]
    assert second == first
    assert len(jobs_of(harness, api)) == 1


def test_open_conversation_is_409_unless_forced(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    r = anonymize(api, cid)
    assert r.status_code == 409
    assert r.json() == {"message": "The conversation is not closed"}
    assert anonymize(api, cid, force=False).status_code == 409
    assert conversation_state(api, cid) == "Open"
    assert jobs_of(harness, api) == []
    assert "ConversationClosed" not in activity_types(harness, cid, api.org.id)

    r = anonymize(api, cid, force=True)
    assert r.status_code == 202, r.text
    assert conversation_state(api, cid) == "Closed"
    log = api.get(f"/v1/conversations/{cid}/activitylog").json()["data"]
    closed = [e for e in log if e["_type"] == "ConversationClosed"]
    assert len(closed) == 1 and closed[0]["author"]["id"] == api.org.admin_user_id
    harness.run_jobs()
    log = api.get(f"/v1/conversations/{cid}/activitylog").json()["data"]
    assert [e["_type"] for e in log][-2:] == ["ConversationClosed", "ConversationAnonymized"]


def test_pending_conversation_is_409_and_force_closes_it(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    r = api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": "2999-01-01T00:00:00.000Z"})
    assert r.status_code == 204, r.text
    assert conversation_state(api, cid) == "Pending"
    assert anonymize(api, cid).status_code == 409
    assert anonymize(api, cid, force=True).status_code == 202
    assert conversation_state(api, cid) == "Closed"
    types = activity_types(harness, cid, api.org.id)
    assert types[-2:] == ["FollowupRemoved", "ConversationClosed"]


def test_conversation_errors(harness: Harness, api: Api) -> None:
    assert api.patch("/v1/conversations/999999999/anonymize").json() == NOT_FOUND
    assert api.patch("/v1/conversations/999999999/anonymize").status_code == 404
    r = api.patch("/v1/conversations/abc/anonymize")
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid value for: path parameter conversationId"}
    cid = closed_conversation(harness, api)
    r = api.patch(f"/v1/conversations/{cid}/anonymize?force=maybe")
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: query parameter force")
    assert jobs_of(harness, api) == []


def test_message_request(harness: Harness, api: Api) -> None:
    agent = create_agent(api)
    cid = email_conversation(api)  # Open: a message needs no closed conversation
    r = api.post(
        f"/v1/conversations/{cid}/messages",
        json={"_type": "Outbound", "agentId": agent, "content": {"_type": "Text", "value": "x"}},
    )
    mid = r.json()["data"]["messageId"]
    r = api.patch(f"/v1/conversations/{cid}/messages/{mid}/anonymize")
    assert r.status_code == 202, r.text
    data = r.json()["data"]
    assert set(data) == REFERENCE_KEYS
    assert data["_type"] == "Message" and data["entityType"] == "MessageAnonymizationType"
    assert data["targetEntityId"] == f"{cid}_{mid}"
    assert data["requestedBy"] == api.org.admin_user_id and data["processedAt"] is None
    assert conversation_state(api, cid) == "Open"
    again = api.patch(f"/v1/conversations/{cid}/messages/{mid}/anonymize").json()["data"]
    assert again == data
    harness.run_jobs()
    assert request_status(api, data["id"])["status"] == "done"


def test_message_errors(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    other = email_conversation(api)
    other_mid = api.get(f"/v1/conversations/{other}/messages").json()["data"][0]["id"]
    missing = uuid.uuid4()
    r = api.patch(f"/v1/conversations/{cid}/messages/{missing}/anonymize")
    assert r.status_code == 404 and r.json() == NOT_FOUND
    # a message of another conversation is not a message of this one
    r = api.patch(f"/v1/conversations/{cid}/messages/{other_mid}/anonymize")
    assert r.status_code == 404
    r = api.patch(f"/v1/conversations/999999999/messages/{other_mid}/anonymize")
    assert r.status_code == 404
    r = api.patch(f"/v1/conversations/{cid}/messages/nope/anonymize")
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid value for: path parameter messageId"}
    assert jobs_of(harness, api) == []


def test_end_user_request_409_force_and_errors(harness: Harness, api: Api) -> None:
    user = create_end_user_with_everything(api)
    open_cid = email_conversation(api, requesterId=user)
    closed_cid = closed_conversation_of(harness, api, user)
    r = api.patch(f"/v1/endusers/{user}/anonymize")
    assert r.status_code == 409
    assert r.json() == {"message": "The end user has conversations that are not closed"}
    assert conversation_state(api, open_cid) == "Open"

    r = api.patch(f"/v1/endusers/{user}/anonymize?force=true")
    assert r.status_code == 202, r.text
    data = r.json()["data"]
    assert set(data) == REFERENCE_KEYS
    assert data["_type"] == "User" and data["entityType"] == "UserAnonymizationType"
    assert data["targetEntityId"] == user and data["requestedBy"] == api.org.admin_user_id
    assert conversation_state(api, open_cid) == "Closed"
    assert activity_types(harness, open_cid, api.org.id)[-1] == "ConversationClosed"
    # the already closed one was not closed again
    assert activity_types(harness, closed_cid, api.org.id).count("ConversationClosed") == 1
    assert api.patch(f"/v1/endusers/{user}/anonymize").json()["data"] == data

    agent = create_agent(api)
    assert api.patch(f"/v1/endusers/{agent}/anonymize").status_code == 404
    assert api.patch(f"/v1/endusers/{uuid.uuid4()}/anonymize").status_code == 404
    r = api.patch("/v1/endusers/nope/anonymize")
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid value for: path parameter userId"}


def test_end_user_without_open_conversations_needs_no_force(harness: Harness, api: Api) -> None:
    user = create_end_user_with_everything(api)
    closed_conversation_of(harness, api, user)
    assert api.patch(f"/v1/endusers/{user}/anonymize").status_code == 202
    lonely = create_end_user_with_everything(api)
    assert api.patch(f"/v1/endusers/{lonely}/anonymize").status_code == 202


def test_request_status_errors_and_isolation(harness: Harness, api: Api, other_api: Api) -> None:
    cid = closed_conversation(harness, api)
    data = anonymize(api, cid).json()["data"]
    assert other_api.get(f"/v1/anonymization/requests/{data['id']}").status_code == 404
    assert api.get(f"/v1/anonymization/requests/{uuid.uuid4()}").status_code == 404
    r = api.get("/v1/anonymization/requests/nope")
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid value for: path parameter requestId"}
    # another organisation cannot anonymize this one's data
    assert anonymize(other_api, cid, force=True).status_code == 404
    user = api.get(f"/v1/conversations/{cid}").json()["data"]["requesterId"]
    assert other_api.patch(f"/v1/endusers/{user}/anonymize?force=true").status_code == 404
    mid = api.get(f"/v1/conversations/{cid}/messages").json()["data"][0]["id"]
    assert other_api.patch(f"/v1/conversations/{cid}/messages/{mid}/anonymize").status_code == 404
    assert jobs_of(harness, other_api) == []


def test_failed_request_shows_failed_and_a_new_request_restarts_it(
    harness: Harness, api: Api, files_url: str
) -> None:
    rich = rich_conversation(api, files_url)
    data = anonymize(api, rich.cid).json()["data"]
    [(job_id, _status, _payload)] = jobs_of(harness, api)

    # what the worker records after the last attempt
    harness.execute(
        "UPDATE jobs SET status = 'failed', attempts = max_attempts, "
        "last_error = 'boom' WHERE id = :id",
        {"id": job_id},
    )
    assert request_status(api, data["id"])["status"] == "failed"
    again = anonymize(api, rich.cid).json()["data"]
    assert again["id"] == data["id"]
    assert request_status(api, data["id"])["status"] == "pending"
    assert [j[1] for j in jobs_of(harness, api)] == ["failed", "pending"]
    harness.run_jobs()
    assert request_status(api, data["id"])["status"] == "done"
    assert api.get(f"/v1/conversations/{rich.cid}").json()["data"]["_type"] == (
        "AnonymizedConversation"
    )


def test_anonymized_conversation_takes_no_more_changes(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    agent = create_agent(api)
    requester = api.get(f"/v1/conversations/{cid}").json()["data"]["requesterId"]
    r = api.post(
        f"/v1/conversations/{cid}/ratings/offer",
        json={"userId": requester, "agentId": agent, "ratingType": "Csat"},
    )
    assert r.status_code in (200, 201), r.text
    rating_id = r.json()["data"]["id"]
    tag_id = api.post("/v1/tags", json={"name": "vip"}).json()["data"]["id"]
    assert api.put(f"/v1/conversations/{cid}/tags/{tag_id}").status_code == 204
    r = api.post(
        "/v1/custom-attributes",
        json={
            "entityType": "Conversation",
            "identifier": f"order_{uuid.uuid4().hex[:8]}",
            "label": "Order",
            "inputDefinition": {"_type": "Text"},
        },
    )
    attribute = r.json()["data"]["id"]
    parent = email_conversation(api)
    assert api.put(f"/v1/conversations/{cid}/close", json={}).status_code == 204
    assert anonymize(api, cid).status_code == 202
    harness.run_jobs()
    log_before = activity_types(harness, cid, api.org.id)

    def refused(r: Any, what: str) -> None:
        assert r.status_code == 400, (what, r.status_code, r.text)
        assert r.json() == {"message": "The conversation is anonymized"}, what

    for path, body in [
        ("reopen", {}),
        ("claim", {"agentId": agent}),
        ("close", {}),
        ("followup", {"timestamp": "2999-01-01T00:00:00.000Z"}),
        (f"tags/{tag_id}", None),
        ("link", {"parentId": parent, "linkType": "SideConversation"}),
    ]:
        refused(api.put(f"/v1/conversations/{cid}/{path}", json=body), path)
    for path, body in [
        ("messages", {"_type": "Inbound", "content": {"_type": "Text", "value": "hello again"}}),
        ("notes", {"message": "new secret", "agentId": agent}),
        ("notes/bulk", {"data": [{"message": "new secret", "agentId": agent}]}),
        ("tags/bulk", {"data": [{"name": "brand-new-tag"}]}),
        ("ratings/offer", {"userId": requester, "agentId": agent, "ratingType": "Csat"}),
        (
            f"ratings/{rating_id}/submit",
            {"userId": requester, "ratingResult": {"_type": "Csat", "value": 2}, "comment": "s"},
        ),
    ]:
        refused(api.post(f"/v1/conversations/{cid}/{path}", json=body), path)
    r = api.patch(f"/v1/conversations/{cid}/custom-attributes", json={attribute: "new secret"})
    refused(r, "custom-attributes")
    refused(api.delete(f"/v1/conversations/{cid}/tags/{tag_id}"), "untag")

    # nothing was written; reads still answer
    assert activity_types(harness, cid, api.org.id) == log_before
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["_type"] == "AnonymizedConversation" and conv["state"] == "Closed"
    assert "link" not in conv or conv["link"] is None
    assert api.get(f"/v1/conversations/{cid}/notes").json()["data"] == []
    assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 1
    tags = api.get(f"/v1/conversations/{cid}/tags").json()["data"]
    assert [t["id"] for t in tags] == [tag_id]
    assert [t["id"] for t in api.get("/v1/tags").json()["data"]] == [tag_id]  # none new
    [rating] = api.get(f"/v1/conversations/{cid}/ratings").json()["data"]
    assert rating["ratingStatus"] == "Offered"
    assert api.get(f"/v1/conversations/{cid}/activitylog").status_code == 200
    assert "new secret" not in everything_about(harness, api, cid)
