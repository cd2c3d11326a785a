"""Each event's ``data`` as Dixa delivers it (``dixa-webhooks.md``), received by a real
HTTP receiver on loopback, on both stores: the exact key set of ``data`` and of the
conversation and user objects, and their values against what the API says."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from fixtures.webhooks import (
    KIND,
    admin,
    agent,
    as_contact,
    as_member,
    conversation,
    end_user,
    iso_ms,
    only,
    subscribe,
)
from webhooks.receiver import Receiver, verify

if TYPE_CHECKING:
    from fixtures.harness import Api, Harness


def test_note_added(harness: Harness, api: Api, rx: Receiver) -> None:
    hook = subscribe(api, rx, ["ConversationNoteAdded"])
    requester = end_user(api)
    cid = conversation(api, requester)
    r = api.post(f"/v1/conversations/{cid}/notes", json={"message": "Call them back"})
    assert r.status_code in (200, 201), r.text
    note = r.json()["data"]
    harness.run_jobs()
    verify(hook["secretKey"], rx.requests[0])
    data = only(rx, "CONVERSATION_NOTE_ADDED")
    assert set(data) == {"conversation", "note_id", "text", "created_at", "author"}
    assert (data["note_id"], data["text"]) == (note["id"], "Call them back")
    assert data["created_at"] == note["createdAt"] and iso_ms(data["created_at"])
    me = admin(api)
    assert data["author"] == as_member(me) and "Admin" in data["author"]["roles"]
    c = data["conversation"]
    assert (c["csid"], c["channel"], c["status"], c["direction"]) == (
        cid,
        "EMAIL",
        "OPEN",
        "INBOUND",
    )
    assert c["subject"] == "Order 42" and c["tags"] == [] and c["assignee"] is None
    assert c["requester"] == as_contact(requester)
    assert c["queue"] == {"id": api.org.default_queue_id, "name": "Default queue"}
    assert c["contact_point"].endswith("@acme.email.dixa.io") and iso_ms(c["created_at"])


def test_message_added(harness: Harness, api: Api, rx: Receiver) -> None:
    subscribe(api, rx, ["ConversationMessageAdded"])
    requester = end_user(api)
    grace = agent(api)
    cid = conversation(api, requester)
    body = {
        "_type": "Outbound",
        "agentId": grace["id"],
        "content": {"_type": "Html", "value": "<p>Hello <b>Ada</b></p>"},
        "externalId": "ext-7",
    }
    r = api.post(f"/v1/conversations/{cid}/messages", json=body)
    assert r.status_code == 200, r.text
    sent = r.json()["data"]
    harness.run_jobs()
    by_direction = {
        b["data"]["direction"]: b["data"] for b in rx.bodies("CONVERSATION_MESSAGE_ADDED")
    }
    first, second = by_direction["inbound"], by_direction["outbound"]  # (unordered delivery)
    keys = {
        "conversation",
        "message_id",
        "text",
        "content",
        "author",
        "created_at",
        "direction",
        "channel",
        "external_id",
    }
    assert set(first) == set(second) == keys
    # the first message, with the conversation
    assert (first["direction"], first["channel"], first["text"]) == ("inbound", "EMAIL", "hi")
    assert first["content"] == {
        "text": "hi",
        "content_type": "Text",
        "original_content_url": None,
        "processed_content_url": None,
    }
    assert first["author"] == as_contact(requester) and first["external_id"] is None
    # the agent's answer
    assert second["message_id"] == sent["messageId"]
    assert second["created_at"] == sent["createdAt"]
    assert (second["direction"], second["channel"]) == ("outbound", "EMAIL")
    assert second["text"] == "Hello Ada" and second["external_id"] == "ext-7"
    assert second["content"]["text"] == "<p>Hello <b>Ada</b></p>"
    assert second["content"]["content_type"] == "Html"
    assert second["author"] == as_member(grace) and second["author"]["phone"] == "+4512345678"


def test_tag_added_and_removed(harness: Harness, api: Api, rx: Receiver) -> None:
    subscribe(api, rx, ["ConversationTagAdded", "ConversationTagRemoved"])
    cid = conversation(api, end_user(api))
    name = f"vip-{uuid.uuid4().hex[:6]}"
    tag = api.post("/v1/tags", json={"name": name}).json()["data"]
    assert api.put(f"/v1/conversations/{cid}/tags/{tag['id']}").status_code in (200, 204)
    assert api.delete(f"/v1/conversations/{cid}/tags/{tag['id']}").status_code in (200, 204)
    harness.run_jobs()
    added = only(rx, "CONVERSATION_TAG_ADDED")
    removed = only(rx, "CONVERSATION_TAG_REMOVED")
    me = as_member(admin(api))
    assert added == {"conversation": added["conversation"], "tag": name, "author": me}
    assert removed == {"conversation": removed["conversation"], "tag": name, "author": me}
    tags = [{"id": tag["id"], "name": name, "is_deactivated": False}]
    assert added["conversation"]["tags"] == tags and removed["conversation"]["tags"] == []


@pytest.mark.parametrize(("kind", "score"), [("Csat", 4), ("Nps", 9)])
def test_rated(harness: Harness, api: Api, rx: Receiver, kind: str, score: int) -> None:
    subscribe(api, rx, ["ConversationRated"])
    requester = end_user(api)
    grace = agent(api)
    cid = conversation(api, requester)
    offer = {"userId": requester["id"], "agentId": grace["id"], "ratingType": kind}
    r = api.post(f"/v1/conversations/{cid}/ratings/offer", json=offer)
    assert r.status_code in (200, 201), r.text
    rating_id = r.json()["data"]["id"]
    submit = {
        "userId": requester["id"],
        "ratingResult": {"_type": kind, "value": score},
        "comment": "Quick and kind",
    }
    r = api.post(f"/v1/conversations/{cid}/ratings/{rating_id}/submit", json=submit)
    assert r.status_code in (200, 201), r.text
    harness.run_jobs()
    data = only(rx, "CONVERSATION_RATED")
    assert data == {
        "conversation": data["conversation"],
        "agent": as_member(grace),
        "comment": "Quick and kind",
        "score": score,
        "type": kind,
    }


def test_pending_expired_names_who_set_it(harness: Harness, api: Api, rx: Receiver) -> None:
    subscribe(api, rx, ["ConversationPending", "ConversationPendingExpired"])
    grace = agent(api)
    cid = conversation(api, end_user(api))
    until = (datetime.now(UTC) + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    r = api.put(
        f"/v1/conversations/{cid}/followup", json={"timestamp": until, "userId": grace["id"]}
    )
    assert r.status_code == 204, r.text
    harness.execute(  # the follow-up's time has come
        "UPDATE jobs SET run_at = 0 WHERE org_id = :org AND kind <> :kind AND status = 'pending'",
        {"org": api.org.id, "kind": KIND},
    )
    harness.run_jobs()
    pending = only(rx, "CONVERSATION_PENDING")
    assert set(pending) == {"conversation"} and pending["conversation"]["status"] == "PENDING"
    expired = only(rx, "CONVERSATION_PENDING_EXPIRED")
    assert expired == {"conversation": expired["conversation"], "pendingByUser": as_member(grace)}
    assert expired["conversation"]["status"] == "OPEN"


def test_lifecycle_events_carry_the_conversation_only(
    harness: Harness, api: Api, rx: Receiver
) -> None:
    subscribe(api, rx, ["ConversationCreated", "ConversationClosed", "ConversationOpen"])
    grace = agent(api)
    cid = conversation(api, end_user(api))
    assert api.put(f"/v1/conversations/{cid}/claim", json={"agentId": grace["id"]}).status_code
    assert api.put(f"/v1/conversations/{cid}/close", json={}).status_code == 204
    assert api.put(f"/v1/conversations/{cid}/reopen", json={}).status_code == 204
    harness.run_jobs()
    created = only(rx, "CONVERSATION_CREATED")
    closed = only(rx, "CONVERSATION_CLOSED")
    opened = only(rx, "CONVERSATION_OPEN")
    assert set(created) == set(closed) == set(opened) == {"conversation"}
    assert created["conversation"]["assignee"] is None
    assert closed["conversation"]["status"] == "CLOSED"
    assert closed["conversation"]["assignee"] == as_member(grace)
    assert (opened["conversation"]["status"], opened["conversation"]["assignee"]) == ("OPEN", None)


def test_undocumented_events_carry_parleys_fields(harness: Harness, api: Api, rx: Receiver) -> None:
    subscribe(api, rx, ["ConversationTransferred", "ConversationAssigned"])
    grace = agent(api)
    cid = conversation(api, end_user(api))
    r = api.post("/v1/queues", json={"name": f"Tier 2 {uuid.uuid4().hex[:4]}"})
    assert r.status_code == 201, r.text
    queue = r.json()["data"]
    assert api.put(f"/v1/conversations/{cid}/claim", json={"agentId": grace["id"]}).status_code
    r = api.put(f"/v1/conversations/{cid}/transfer/queue", json={"queueId": queue["id"]})
    assert r.status_code == 204, r.text
    harness.run_jobs()
    assigned = only(rx, "CONVERSATION_ASSIGNED")
    assert assigned == {
        "conversation": assigned["conversation"],
        "author": as_member(grace),
        "agent_id": grace["id"],
        "agent_name": "Grace",
    }
    assert assigned["conversation"]["assignee"] == as_member(grace)
    moved = only(rx, "CONVERSATION_TRANSFERRED")
    assert moved == {
        "conversation": moved["conversation"],
        "author": as_member(admin(api)),
        "destination_id": queue["id"],
        "destination_type": "Queue",
        "transfer_type": "Manual",
        "destination_label": queue["name"],
    }
    assert moved["conversation"]["queue"] == {"id": queue["id"], "name": queue["name"]}
