"""Parley's answers against Dixa's published response schemas, on both stores, for the
operations this package serves and the ones whose Dixa deviations it fixed: status codes
Dixa documents, required fields, types (``dixa_spec.check``)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from fixtures.webhooks import agent, conversation, end_user
from webhooks.dixa_spec import check, document
from webhooks.receiver import Receiver

if TYPE_CHECKING:
    from fixtures.harness import Api, Harness

HOOK = "/v1/webhooks/{webhookSubscriptionId}"
CID = "/v1/conversations/{conversationId}"


def test_webhook_operations(harness: Harness, api: Api, rx: Receiver) -> None:
    document()
    filters = {
        "Conversation": {
            "_type": "CombinedFilters",
            "strategy": "All",
            "conditions": [{"_type": "IsOneOf", "field": "InitialChannel", "values": ["email"]}],
        }
    }
    body = {
        "name": "CRM",
        "url": rx.url(),
        "events": ["ConversationCreated"],
        "authorization": {"_type": "BasicAuth", "username": "u", "password": "p"},
        "customHeaders": {"X-Team": "crm"},
        "filters": filters,
    }
    r = api.post("/v1/webhooks", json=body)
    check("POST", "/v1/webhooks", r)
    hook = r.json()["data"]
    one = f"/v1/webhooks/{hook['id']}"
    check("GET", "/v1/webhooks", api.get("/v1/webhooks"))
    check("GET", HOOK, api.get(one))
    check("PATCH", HOOK, api.patch(one, json={"name": "CRM 2", "enabled": True}))
    check("GET", HOOK + "/delivery-status", api.get(f"{one}/delivery-status"))
    conversation(api, end_user(api))
    harness.run_jobs()
    assert len(rx.requests) == 1
    check("GET", HOOK + "/delivery-status", api.get(f"{one}/delivery-status"))
    logs = api.get(f"{one}/delivery-status/logs/ConversationCreated")
    check("GET", HOOK + "/delivery-status/logs/{event}", logs)
    assert len(logs.json()["data"]) == 1
    check("DELETE", HOOK, api.delete(one))


def test_fixed_deviations(harness: Harness, api: Api) -> None:
    document()
    requester = end_user(api)
    grace = agent(api)
    cid = conversation(api, requester)
    r = api.post(f"/v1/conversations/{cid}/tags/bulk", json={"data": [{"name": "vip"}]})
    check("POST", CID + "/tags/bulk", r)
    team = api.post("/v1/teams", json={"name": f"T {uuid.uuid4().hex[:4]}"}).json()["data"]
    r = api.patch(f"/v1/teams/{team['id']}/agents", json={"agentIds": [grace["id"]]})
    check("PATCH", "/v1/teams/{teamId}/agents", r)
    r = api.put(f"/v1/agents/{grace['id']}", json={"displayName": "Grace H"})
    check("PUT", "/v1/agents/{agentId}", r)
    parent = conversation(api, requester)
    r = api.put(f"/v1/conversations/{cid}/link", json={"parentId": parent, "linkType": "Related"})
    check("PUT", CID + "/link", r)
    offer: dict[str, Any] = {"userId": requester["id"], "agentId": grace["id"], "ratingType": "Nps"}
    r = api.post(f"/v1/conversations/{cid}/ratings/offer", json=offer)
    check("POST", CID + "/ratings/offer", r)
    result = {"userId": requester["id"], "ratingResult": {"_type": "Nps", "value": 10}}
    r = api.post(f"/v1/conversations/{cid}/ratings/{r.json()['data']['id']}/submit", json=result)
    check("POST", CID + "/ratings/{ratingId}/submit", r)
    check("GET", CID + "/ratings", api.get(f"/v1/conversations/{cid}/ratings"))
    r = api.post("/v1/anonymization", json={"_type": "User", "entityId": requester["id"]})
    assert r.status_code == 409  # an open conversation: Parley's rule of the PATCH call
    body = {"_type": "User", "entityId": requester["id"], "forceAnonymization": True}
    r = api.post("/v1/anonymization", json=body)
    check("POST", "/v1/anonymization", r)
    r = api.get(f"/v1/anonymization/request/{r.json()['data']['id']}")
    check("GET", "/v1/anonymization/request/{requestId}", r)
