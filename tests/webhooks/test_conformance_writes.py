"""Parley's answers to Dixa's writes against Dixa's published response schemas, on both
stores (``dixa_spec.check``: documented status, required fields, types). Each operation
is called once with a valid request. (The Exports API is not in that document: its rows
are checked in ``tests/test_exports.py``.)"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from fixtures.webhooks import agent, end_user, unique_email
from webhooks.dixa_spec import Checker, document

if TYPE_CHECKING:
    from fixtures.harness import Api, Harness

CID = "/v1/conversations/{conversationId}"
TEXT = {"_type": "Text", "value": "hello"}


def test_people_and_group_writes(harness: Harness, api: Api) -> None:
    document()
    c = Checker(api)
    a = c("POST", "/v1/agents", "/v1/agents", {"displayName": "Ann", "email": unique_email("ann")})
    bulk = [{"displayName": "Bo", "email": unique_email("bo")}]
    c("POST", "/v1/agents/bulk", "/v1/agents/bulk", {"data": bulk})
    c("PUT", "/v1/agents", "/v1/agents", {"data": [{"id": a["id"], "displayName": "Ann B"}]})
    c("PATCH", "/v1/agents", "/v1/agents", {"data": [{"id": a["id"], "firstName": "Ann"}]})
    one = f"/v1/agents/{a['id']}"
    c("PATCH", "/v1/agents/{agentId}", one, {"lastName": "B"})
    working = {"channel": "Email", "working": True}
    c(
        "PUT",
        "/v1/agents/{agentId}/presence/working-channel",
        f"{one}/presence/working-channel",
        working,
    )
    u = c(
        "POST", "/v1/endusers", "/v1/endusers", {"displayName": "Cy", "email": unique_email("cy")}
    )
    c("POST", "/v1/endusers/bulk", "/v1/endusers/bulk", {"data": [{"email": unique_email("dee")}]})
    c("PUT", "/v1/endusers", "/v1/endusers", {"data": [{"id": u["id"], "displayName": "Cy D"}]})
    c("PATCH", "/v1/endusers", "/v1/endusers", {"data": [{"id": u["id"], "firstName": "Cy"}]})
    eu = f"/v1/endusers/{u['id']}"
    c("PUT", "/v1/endusers/{userId}", eu, {"displayName": "Cy E", "email": unique_email("cy")})
    c("PATCH", "/v1/endusers/{userId}", eu, {"lastName": "E"})
    c("PATCH", "/v1/endusers/{userId}/custom-attributes", f"{eu}/custom-attributes", {})
    q = c("POST", "/v1/queues", "/v1/queues", {"name": f"Q {uuid.uuid4().hex[:4]}"})
    members = {"agentIds": [a["id"]]}
    qm = f"/v1/queues/{q['id']}/members"
    c("PATCH", "/v1/queues/{queueId}/members", qm, members)
    c("DELETE", "/v1/queues/{queueId}/members", qm, members)
    t = c("POST", "/v1/tags", "/v1/tags", {"name": f"t-{uuid.uuid4().hex[:6]}"})
    c("PATCH", "/v1/tags/{tagId}/deactivate", f"/v1/tags/{t['id']}/deactivate")
    c("PATCH", "/v1/tags/{tagId}/activate", f"/v1/tags/{t['id']}/activate")
    team = c("POST", "/v1/teams", "/v1/teams", {"name": f"T {uuid.uuid4().hex[:4]}"})
    ta = f"/v1/teams/{team['id']}/agents"
    c("PATCH", "/v1/teams/{teamId}/agents", ta, members)
    c("DELETE", "/v1/teams/{teamId}/agents", ta, members)
    c("DELETE", "/v1/teams/{teamId}", f"/v1/teams/{team['id']}")
    assert not c.failures, "\n".join(c.failures)


def test_conversation_writes(harness: Harness, api: Api) -> None:
    document()
    c = Checker(api)
    ids = {
        "agent": agent(api)["id"],
        "user": end_user(api)["id"],
        "queue": api.post("/v1/queues", json={"name": f"Q {uuid.uuid4().hex[:4]}"}).json()["data"][
            "id"
        ],
        "tag": api.post("/v1/tags", json={"name": f"t-{uuid.uuid4().hex[:6]}"}).json()["data"][
            "id"
        ],
    }
    grace = agent(api)
    requester = end_user(api)
    address = f"support-{uuid.uuid4().hex[:8]}@acme.email.dixa.io"
    api.post("/v1/contact-endpoints", json={"_type": "EmailEndpoint", "address": address})
    created = {
        "_type": "Email",
        "requesterId": requester["id"],
        "emailIntegrationId": address,
        "subject": "Hi",
        "message": {"_type": "Inbound", "content": TEXT},
    }
    cid = c("POST", "/v1/conversations", "/v1/conversations", created)["id"]
    base = f"/v1/conversations/{cid}"
    c("PUT", CID + "/claim", f"{base}/claim", {"agentId": grace["id"]})
    c("POST", CID + "/messages", f"{base}/messages", {"_type": "Inbound", "content": TEXT})
    c("POST", CID + "/notes", f"{base}/notes", {"message": "n"})
    c("POST", CID + "/notes/bulk", f"{base}/notes/bulk", {"data": [{"message": "m"}]})
    c("PUT", CID + "/tags/{tagId}", f"{base}/tags/{ids['tag']}")
    c("DELETE", CID + "/tags/{tagId}", f"{base}/tags/{ids['tag']}")
    c("PATCH", CID + "/custom-attributes", f"{base}/custom-attributes", {})
    c("PUT", CID + "/transfer/queue", f"{base}/transfer/queue", {"queueId": ids["queue"]})
    c("PUT", CID + "/followup", f"{base}/followup", {"timestamp": "2999-01-01T00:00:00Z"})
    c("PUT", CID + "/reopen", f"{base}/reopen", {})
    c("PUT", CID + "/close", f"{base}/close", {})
    message_id = api.get(f"{base}/messages").json()["data"][0]["id"]
    anonymize_message = f"{base}/messages/{message_id}/anonymize"
    c("PATCH", CID + "/messages/{messageId}/anonymize", anonymize_message)
    c("PATCH", CID + "/anonymize", f"{base}/anonymize")
    c("PATCH", "/v1/endusers/{userId}/anonymize", f"/v1/endusers/{ids['user']}/anonymize")
    imported = {
        "_type": "GenericConversationImport",
        "genericChannelName": "email",
        "requesterId": requester["id"],
        "requesterConnectionStatus": "Connected",
        "direction": "Inbound",
        "createdAt": "2021-12-01T11:00:00.000Z",
        "messages": [
            {
                "_type": "InboundImport",
                "content": TEXT,
                "attachments": [],
                "createdAt": "2021-12-01T11:00:01Z",
            }
        ],
    }
    c("POST", "/v1/conversations/import", "/v1/conversations/import", imported)
    c("DELETE", "/v1/tags/{tagId}", f"/v1/tags/{ids['tag']}")
    c("DELETE", "/v1/agents/{agentId}", f"/v1/agents/{ids['agent']}")
    assert not c.failures, "\n".join(c.failures)
