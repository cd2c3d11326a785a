"""Every event Parley emits reaches a subscriber, in Dixa's envelope (``dixa-webhooks.md``):
one subscription names every event a subscription may name, a scenario through the API
makes the organisation emit (nearly) all of them, and the loopback receiver must get each
event the store recorded, signed, with ``event_id``, ``event_fqn``, ``event_version``,
``event_timestamp``, ``organization {id, name}`` and ``data`` (``conversation`` for a
conversation's events). On both stores."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from parley.journal.events import DIXA_NAME, PARLEY_EVENTS, upper_snake
from webhooks.receiver import Receiver, verify
from webhooks.test_event_data import CONVERSATION_KEYS, agent, conversation, end_user

if TYPE_CHECKING:
    from fixtures.harness import Api, Harness

EMITTED = set(DIXA_NAME.values()) | PARLEY_EVENTS
# Emitted, but not by this scenario, and where a receiver test covers them instead.
ELSEWHERE = {
    "ConversationMessageDeliverySent": "tests/mail/test_outbound.py (needs a relay)",
    "ConversationMessageDeliveryFailed": "tests/mail/test_outbound.py (needs a relay)",
    "ContactEndpointMailboxUpdated": "needs PARLEY_SECRET_KEY for the IMAP password",
    "CustomAttributeUpdated": "no /v1 route edits a definition (the desk does)",
}
CONVERSATION_EVENTS = set(DIXA_NAME.values()) | {
    "ConversationClaimed",
    "ConversationLinked",
    "ConversationRatingOffered",
    "ConversationAnonymized",
    "ConversationMessageAnonymized",
    "FollowupAdded",
    "FollowupRemoved",
}


def _ok(r: Any) -> Any:
    assert r.status_code < 300, r.text
    body = r.json() if r.content and r.status_code != 204 else None
    return body.get("data") if isinstance(body, dict) else body


def _conversation_events(harness: Harness, api: Api) -> None:
    requester, grace, ann = end_user(api), agent(api), agent(api)
    cid = conversation(api, requester)
    base = f"/v1/conversations/{cid}"
    tag = _ok(api.post("/v1/tags", json={"name": f"t-{uuid.uuid4().hex[:6]}"}))
    attribute = {
        "entityType": "Conversation",
        "identifier": f"order_{uuid.uuid4().hex[:4]}",
        "label": "Order",
        "inputDefinition": {"_type": "Text"},
    }
    attribute_id = _ok(api.post("/v1/custom-attributes", json=attribute))["id"]
    queue = _ok(api.post("/v1/queues", json={"name": f"Q {uuid.uuid4().hex[:4]}"}))["id"]
    _ok(api.put(f"{base}/claim", json={"agentId": grace["id"]}))
    _ok(api.put(f"{base}/claim", json={"agentId": ann["id"]}))  # Unassigned, Assigned
    _ok(api.post(f"{base}/notes", json={"message": "internal"}))
    reply = {"_type": "Outbound", "agentId": ann["id"], "content": {"_type": "Text", "value": "ok"}}
    _ok(api.post(f"{base}/messages", json=reply))
    _ok(api.put(f"{base}/tags/{tag['id']}"))
    _ok(api.delete(f"{base}/tags/{tag['id']}"))
    _ok(api.patch(f"{base}/custom-attributes", json={attribute_id: "A-1"}))
    _ok(api.put(f"{base}/transfer/queue", json={"queueId": queue}))
    until = (datetime.now(UTC) + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    _ok(api.put(f"{base}/followup", json={"timestamp": until, "userId": ann["id"]}))
    harness.execute(  # the follow-up's time has come: ConversationPendingExpired
        "UPDATE jobs SET run_at = 0 WHERE org_id = :org AND kind <> 'webhook.deliver' "
        "AND status = 'pending'",
        {"org": api.org.id},
    )
    harness.run_jobs()
    _ok(api.put(f"{base}/followup", json={"timestamp": until}))
    _ok(api.put(f"{base}/reopen", json={}))  # FollowupRemoved, ConversationOpen
    offer = {"userId": requester["id"], "agentId": ann["id"], "ratingType": "Csat"}
    rating = _ok(api.post(f"{base}/ratings/offer", json=offer))
    result = {"userId": requester["id"], "ratingResult": {"_type": "Csat", "value": 5}}
    _ok(api.post(f"{base}/ratings/{rating['id']}/submit", json=result))
    parent = conversation(api, requester)
    _ok(api.put(f"{base}/link", json={"parentId": parent, "linkType": "Related"}))
    _ok(api.put(f"{base}/close", json={}))
    _ok(api.put(f"/v1/conversations/{parent}/close", json={}))  # never assigned: Abandoned
    message_id = _ok(api.get(f"{base}/messages"))[0]["id"]
    _ok(api.patch(f"{base}/messages/{message_id}/anonymize"))
    harness.run_jobs()  # delivered before the conversation is anonymized (then redacted)
    harness.run_jobs()
    _ok(api.patch(f"{base}/anonymize"))
    _ok(api.patch(f"/v1/endusers/{requester['id']}/anonymize?force=true"))


def _organisation_events(api: Api, rx: Receiver) -> None:
    a = agent(api)
    _ok(api.patch(f"/v1/agents/{a['id']}", json={"lastName": "B"}))
    working = {"channel": "Email", "working": True}
    _ok(api.put(f"/v1/agents/{a['id']}/presence/working-channel", json=working))
    u = end_user(api)
    _ok(api.patch(f"/v1/endusers/{u['id']}", json={"lastName": "L"}))
    tag = _ok(api.post("/v1/tags", json={"name": f"t-{uuid.uuid4().hex[:6]}"}))["id"]
    _ok(api.patch(f"/v1/tags/{tag}/deactivate"))
    _ok(api.patch(f"/v1/tags/{tag}/activate"))
    _ok(api.delete(f"/v1/tags/{tag}"))
    team = _ok(api.post("/v1/teams", json={"name": f"T {uuid.uuid4().hex[:4]}"}))["id"]
    _ok(api.patch(f"/v1/teams/{team}/agents", json={"agentIds": [a["id"]]}))
    _ok(api.delete(f"/v1/teams/{team}"))
    queue = _ok(api.post("/v1/queues", json={"name": f"Q {uuid.uuid4().hex[:4]}"}))["id"]
    _ok(api.patch(f"/v1/queues/{queue}/members", json={"agentIds": [a["id"]]}))
    _ok(api.post("/v1/conversations/flows", json={"name": "Web", "channel": "WidgetChat"}))
    _ok(api.delete(f"/v1/agents/{a['id']}"))
    hook = {"name": "second", "url": rx.url("/second"), "events": ["TagCreated"]}
    second = _ok(api.post("/v1/webhooks", json=hook))["id"]
    _ok(api.patch(f"/v1/webhooks/{second}", json={"enabled": False}))
    _ok(api.delete(f"/v1/webhooks/{second}"))
    _ok(api.patch("/v1/organization", json={"name": "Acme Support"}))
    template = _ok(api.post("/v1/templates", json={"name": "Hi", "content": "Hi"}))["id"]
    _ok(api.patch(f"/v1/templates/{template}", json={"name": "Hello"}))
    _ok(api.delete(f"/v1/templates/{template}"))


def _hours_and_knowledge(api: Api) -> None:
    hours = [{"startTime": "09:00", "endTime": "17:00"}]
    schedule = {
        "name": "Support",
        "timezone": "Europe/Copenhagen",
        "startDate": "2026-01-01",
        "businessHours": [{"dayOfWeek": d, "intervals": hours} for d in range(1, 6)],
    }
    sid = _ok(api.post("/v1/business-hours/schedules", json=schedule))["schedule"]["id"]
    _ok(api.put(f"/v1/business-hours/schedules/{sid}", json={**schedule, "name": "Sales"}))
    _ok(api.delete(f"/v1/business-hours/schedules/{sid}"))
    kb = "/v1/knowledge"
    collection = _ok(api.post(f"{kb}/collections", json={"title": "Help"}))["id"]
    titles = [{"languageId": "en", "title": "Orders"}]
    category = _ok(
        api.post(f"{kb}/categories", json={"collectionId": collection, "titles": titles})
    )["id"]
    _ok(api.put(f"{kb}/collections/{collection}/restrictions", json={"isRestricted": True}))
    _ok(api.put(f"{kb}/categories/{category}/restrictions", json={"isRestricted": True}))
    translations = [{"languageId": "en", "title": "Returns", "content": "<p>Back</p>"}]
    aid = _ok(api.post(f"{kb}/articles", json={"translations": translations}))["id"]
    _ok(api.patch(f"{kb}/articles/{aid}", json={"preRelease": True}))
    _ok(api.post(f"{kb}/articles/{aid}/publish"))
    _ok(api.post(f"{kb}/articles/{aid}/unpublish"))
    png = ("files", ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"))
    _ok(api.post(f"{kb}/articles/attachments", files=[png]))
    _ok(api.delete(f"{kb}/articles/{aid}"))


def _check_envelope(api: Api, body: dict[str, Any], name: str) -> None:
    assert set(body) == {
        "event_id",
        "event_fqn",
        "event_version",
        "event_timestamp",
        "organization",
        "data",
    }, body
    uuid.UUID(body["event_id"])
    assert body["event_version"] == "1" and body["event_fqn"] == upper_snake(name)
    datetime.fromisoformat(body["event_timestamp"].replace("Z", "+00:00"))
    assert body["organization"]["id"] == api.org.id and body["organization"]["name"]
    keys = set(body["data"].get("conversation", {}))
    if name == "ConversationAnonymized" and keys == {"csid", "requester"}:
        pass  # what is left of an anonymized conversation, redacted before delivery
    elif name in CONVERSATION_EVENTS:
        assert set(body["data"]["conversation"]) == CONVERSATION_KEYS, (name, body["data"])


def test_every_emitted_event_is_delivered_in_dixas_envelope(
    harness: Harness, api: Api, rx: Receiver
) -> None:
    r = api.post("/v1/webhooks", json={"name": "all", "url": rx.url(), "events": sorted(EMITTED)})
    assert r.status_code == 201, r.text
    hook = r.json()["data"]
    _conversation_events(harness, api)
    _organisation_events(api, rx)
    _hours_and_knowledge(api)
    harness.run_jobs()
    harness.run_jobs()
    recorded = {
        row[0]
        for row in harness.fetch(
            "SELECT DISTINCT fqn FROM events WHERE org_id = :o", {"o": api.org.id}
        )
    }
    mine = [q for q in rx.requests if q.path == "/hook"]
    for q in mine:
        verify(hook["secretKey"], q)
    by_fqn = {upper_snake(n): n for n in EMITTED}
    received = {q.json()["event_fqn"] for q in mine}
    assert received >= recorded - {"WEBHOOK_SUBSCRIPTION_CREATED"}  # (its own creation)
    assert {by_fqn[f] for f in received} == EMITTED - set(ELSEWHERE)
    for q in mine:
        body = q.json()
        _check_envelope(api, body, by_fqn[body["event_fqn"]])
