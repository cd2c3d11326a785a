"""Webhook delivery, end to end on both stores: events become outbox jobs, the worker
POSTs them to a real receiver on 127.0.0.1, signs them, retries what can be retried, gives
up on what cannot, and the delivery-status endpoints show every attempt."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import replace

from fixtures.builders import add_note, email_conversation, subscribe
from fixtures.harness import Api, Harness
from fixtures.webhooks import KIND, delivery_jobs, logs_of, make_deliveries_due, status_of
from parley.worker.runner import Worker
from webhooks.receiver import receiver, verify


def test_delivery_is_signed_and_has_dixas_body(harness: Harness, api: Api) -> None:
    with receiver() as rx:
        hook = subscribe(
            api,
            rx.url("/in/dixa?source=parley"),
            ["ConversationNoteAdded"],
            authorization={"_type": "TokenAuth", "value": "hook-token"},
        )
        cid = email_conversation(api)
        note_id = add_note(api, cid)
        assert delivery_jobs(harness, api) == [
            ("pending", 0)
        ]  # ConversationCreated: not subscribed
        harness.run_jobs()
        assert len(rx.requests) == 1
        sent = rx.requests[0]
    assert sent.path == "/in/dixa?source=parley"
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["authorization"] == "Bearer hook-token"
    assert sent.headers["host"] == f"127.0.0.1:{rx.port}"
    verify(hook["secretKey"], sent)
    body = json.loads(sent.body)
    assert list(body) == [
        "event_id",
        "event_fqn",
        "event_version",
        "event_timestamp",
        "organization",
        "data",
    ]
    assert uuid.UUID(body["event_id"])
    assert body["event_fqn"] == "CONVERSATION_NOTE_ADDED"
    assert body["event_version"] == "1"
    assert body["event_timestamp"].endswith("Z")
    assert body["organization"] == {"id": api.org.id, "name": api.org.name}
    conversation = body["data"]["conversation"]
    assert conversation["csid"] == cid
    assert (conversation["channel"], conversation["status"]) == ("EMAIL", "OPEN")
    assert conversation["direction"] == "INBOUND"
    assert conversation["requester"]["user_type"] == "Contact"
    assert conversation["requester"]["email"].endswith("@example.com")
    assert conversation["created_at"].endswith("Z")
    assert set(body["data"]) == {"conversation", "note_id", "text", "created_at", "author"}
    assert (body["data"]["note_id"], body["data"]["text"]) == (note_id, "internal")
    assert delivery_jobs(harness, api) == [("done", 1)]
    detail = status_of(api, hook)["ConversationNoteAdded"]
    assert detail["_type"] == "DeliveryDetail"
    assert (detail["responseCode"], detail["success"]) == (200, True)
    assert detail["responseText"] == "answer 200"
    logs = logs_of(api, hook, "ConversationNoteAdded")
    assert len(logs) == 1
    assert json.loads(logs[0]["payload"]) == body
    assert logs[0]["deliveryDetail"]["success"] is True


def test_only_subscribed_events_are_sent(harness: Harness, api: Api) -> None:
    with receiver() as tags_rx, receiver() as close_rx:
        tags = subscribe(api, tags_rx.url(), ["ConversationTagAdded", "TagCreated"])
        closes = subscribe(api, close_rx.url(), ["ConversationClosed"])
        cid = email_conversation(api)
        tag = api.post("/v1/tags", json={"name": f"vip-{uuid.uuid4().hex[:6]}"}).json()["data"]
        assert api.put(f"/v1/conversations/{cid}/tags/{tag['id']}").status_code in (200, 204)
        add_note(api, cid)
        harness.run_jobs()
        fqns = [json.loads(r.body)["event_fqn"] for r in tags_rx.requests]
        assert sorted(fqns) == ["CONVERSATION_TAG_ADDED", "TAG_CREATED"]
        tagged = next(
            json.loads(r.body) for r in tags_rx.requests if "CONVERSATION" in r.body.decode()
        )
        assert tagged["data"]["conversation"]["tags"] == [
            {"id": tag["id"], "name": tag["name"], "is_deactivated": False}
        ]
        assert close_rx.requests == []
        assert api.put(f"/v1/conversations/{cid}/close", json={}).status_code in (200, 204)
        harness.run_jobs()
        assert [json.loads(r.body)["event_fqn"] for r in close_rx.requests] == [
            "CONVERSATION_CLOSED"
        ]
        closed = json.loads(close_rx.requests[0].body)["data"]["conversation"]
        assert closed["status"] == "CLOSED"
        assert len(tags_rx.requests) == 2
    verify(tags["secretKey"], tags_rx.requests[0])
    verify(closes["secretKey"], close_rx.requests[0])
    assert status_of(api, closes)["ConversationClosed"]["success"] is True


def test_disabled_subscription_gets_nothing(harness: Harness, api: Api) -> None:
    with receiver() as rx:
        subscribe(api, rx.url(), ["ConversationNoteAdded"], enabled=False)
        cid = email_conversation(api)
        add_note(api, cid)
        assert delivery_jobs(harness, api) == []
        # disabled after the delivery was queued: it is dropped when it runs
        hook = subscribe(api, rx.url(), ["ConversationNoteAdded"])
        add_note(api, cid)
        r = api.patch(f"/v1/webhooks/{hook['id']}", json={"enabled": False})
        assert r.status_code == 200
        harness.run_jobs()
        assert rx.requests == []
    assert delivery_jobs(harness, api) == [("done", 1)]
    assert status_of(api, hook) == {"ConversationNoteAdded": {"_type": "NoRecentDelivery"}}


def test_a_5xx_is_retried_with_backoff_then_succeeds(harness: Harness, api: Api) -> None:
    with receiver(500) as rx:
        hook = subscribe(api, rx.url(), ["ConversationNoteAdded"])
        cid = email_conversation(api)
        add_note(api, cid)
        harness.run_jobs()
        assert len(rx.requests) == 1
        assert delivery_jobs(harness, api) == [("pending", 1)]  # waiting for its backoff
        failed = status_of(api, hook)["ConversationNoteAdded"]
        assert (failed["responseCode"], failed["success"], failed["attempt"]) == (500, False, 1)
        make_deliveries_due(harness, api)
        harness.run_jobs()
        assert len(rx.requests) == 2
    assert rx.requests[0].body == rx.requests[1].body
    verify(hook["secretKey"], rx.requests[1])
    assert delivery_jobs(harness, api) == [("done", 2)]
    latest = status_of(api, hook)["ConversationNoteAdded"]
    assert (latest["responseCode"], latest["success"], latest["attempt"]) == (200, True, 2)
    logs = logs_of(api, hook, "ConversationNoteAdded")
    assert [entry["deliveryDetail"]["responseCode"] for entry in logs] == [200, 500]
    assert logs[1]["deliveryDetail"]["responseText"] == "answer 500"


def test_a_4xx_is_not_retried(harness: Harness, api: Api) -> None:
    with receiver(410) as rx:
        hook = subscribe(api, rx.url(), ["ConversationNoteAdded"])
        add_note(api, email_conversation(api))
        harness.run_jobs()
        make_deliveries_due(harness, api)
        harness.run_jobs()
        assert len(rx.requests) == 1
    assert delivery_jobs(harness, api) == [("failed", 1)]
    detail = status_of(api, hook)["ConversationNoteAdded"]
    assert (detail["responseCode"], detail["success"]) == (410, False)
    error = harness.fetch(
        "SELECT last_error FROM jobs WHERE org_id = :org AND kind = :kind",
        {"org": api.org.id, "kind": KIND},
    )[0][0]
    assert "HTTP 410" in error and str(rx.port) not in error


def test_a_redirect_is_not_followed(harness: Harness, api: Api) -> None:
    with receiver(302) as rx:
        hook = subscribe(api, rx.url(), ["ConversationNoteAdded"])
        add_note(api, email_conversation(api))
        harness.run_jobs()
        assert [r.path for r in rx.requests] == ["/hook"]
    assert delivery_jobs(harness, api) == [("failed", 1)]
    assert status_of(api, hook)["ConversationNoteAdded"]["responseCode"] == 302


def test_a_connection_error_is_retried(harness: Harness, api: Api) -> None:
    with receiver() as rx:
        closed_url = rx.url()
    hook = subscribe(api, closed_url, ["ConversationNoteAdded"])
    add_note(api, email_conversation(api))
    harness.run_jobs()
    assert delivery_jobs(harness, api) == [("pending", 1)]
    detail = status_of(api, hook)["ConversationNoteAdded"]
    assert (detail["responseCode"], detail["success"]) == (0, False)
    assert detail["error"]
    # deleting the subscription cancels the delivery still waiting for its retry
    assert api.delete(f"/v1/webhooks/{hook['id']}").status_code == 204
    assert delivery_jobs(harness, api) == [("cancelled", 1)]


def test_private_addresses_are_refused_unless_allowed(harness: Harness, api: Api) -> None:
    strict = replace(harness.settings, allow_private_addresses=False)

    async def run_strict() -> None:
        worker = Worker(harness.db, strict, org_ids=[api.org.id])
        while await worker.run_once():
            pass

    with receiver() as rx:
        hook = subscribe(api, rx.url(), ["ConversationNoteAdded"])
        add_note(api, email_conversation(api))
        harness.call(run_strict)
        assert rx.requests == []
    assert delivery_jobs(harness, api) == [("failed", 1)]
    detail = status_of(api, hook)["ConversationNoteAdded"]
    assert (detail["responseCode"], detail["success"]) == (0, False)
    assert "non-public address" in detail["error"]


def test_anonymized_conversation_is_redacted_in_queued_deliveries(
    harness: Harness, api: Api
) -> None:
    with receiver() as rx:
        subscribe(api, rx.url(), ["ConversationNoteAdded"])
        cid = email_conversation(api)
        note_id = add_note(api, cid)
        harness.execute(  # the delivery waits (say, for a retry) ...
            "UPDATE jobs SET run_at = :later WHERE org_id = :org AND kind = :kind",
            {"later": int(time.time() * 1000) + 3_600_000, "org": api.org.id, "kind": KIND},
        )
        r = api.patch(f"/v1/conversations/{cid}/anonymize?force=true")
        assert r.status_code in (200, 202), r.text
        harness.run_jobs()  # ... while the anonymization runs
        assert rx.requests == []
        make_deliveries_due(harness, api)
        harness.run_jobs()
        notes = [json.loads(r.body) for r in rx.requests]
    assert len(notes) == 1
    sent = json.dumps(notes[0])
    assert "@example.com" not in sent and "acme.email.dixa.io" not in sent
    assert notes[0]["event_fqn"] == "CONVERSATION_NOTE_ADDED"
    data = notes[0]["data"]  # identifiers only
    assert data["conversation"]["csid"] == cid and data["note_id"] == note_id
    assert data["author"] == {"id": api.org.admin_user_id}
    assert "text" not in data and "subject" not in data["conversation"]


def test_a_delivery_in_the_same_batch_as_an_anonymization_runs_after_it(
    harness: Harness, api: Api
) -> None:
    """A delivery due before an anonymization job, both claimed in one worker batch: the
    anonymization runs first (deliveries wait outside the store and run last), so what is
    sent is already redacted."""
    with receiver() as rx:
        subscribe(api, rx.url(), ["ConversationNoteAdded"])
        cid = email_conversation(api)
        add_note(api, cid)
        later = int(time.time() * 1000) + 3_600_000
        harness.execute(  # the delivery is held back while the request is made ...
            "UPDATE jobs SET run_at = :later WHERE org_id = :org AND kind = :kind",
            {"later": later, "org": api.org.id, "kind": KIND},
        )
        r = api.patch(f"/v1/conversations/{cid}/anonymize?force=true")
        assert r.status_code in (200, 202), r.text
        harness.execute(  # ... then both are due, the delivery first
            "UPDATE jobs SET run_at = CASE WHEN kind = :kind THEN 1 ELSE 2 END "
            "WHERE org_id = :org AND status = 'pending'",
            {"org": api.org.id, "kind": KIND},
        )
        harness.run_jobs()
        notes = [json.loads(r.body) for r in rx.requests]
    assert len(notes) == 1
    sent = json.dumps(notes[0])
    assert "@example.com" not in sent and "acme.email.dixa.io" not in sent
