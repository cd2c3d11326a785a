"""ConversationEnqueued and ConversationAbandoned, delivered to a loopback receiver on both
stores: when the engine sends them and what their data holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fixtures.webhooks import agent, conversation, end_user, endpoint_id, only, subscribe
from webhooks.receiver import Receiver

if TYPE_CHECKING:
    from fixtures.harness import Api, Harness


def test_enqueued_on_creation_transfer_and_reopen(harness: Harness, api: Api, rx: Receiver) -> None:
    subscribe(api, rx, ["ConversationEnqueued"])
    cid = conversation(api, end_user(api))
    harness.run_jobs()
    created = only(rx, "CONVERSATION_ENQUEUED")
    assert set(created) == {"conversation"}
    default = {"id": api.org.default_queue_id, "name": "Default queue"}
    assert created["conversation"]["queue"] == default
    r = api.post("/v1/queues", json={"name": "Billing"})
    assert r.status_code == 201, r.text
    billing = r.json()["data"]["id"]
    r = api.put(f"/v1/conversations/{cid}/transfer/queue", json={"queueId": billing})
    assert r.status_code == 204, r.text
    assert api.put(f"/v1/conversations/{cid}/close", json={}).status_code == 204
    assert api.put(f"/v1/conversations/{cid}/reopen", json={}).status_code == 204
    rx.requests.clear()
    harness.run_jobs()
    queues = sorted(b["data"]["conversation"]["queue"]["id"] for b in rx.bodies())
    assert queues == [billing, billing]  # transferred in, then reopened into its last queue
    assert {b["event_fqn"] for b in rx.bodies()} == {"CONVERSATION_ENQUEUED"}


def test_assigned_on_creation_is_not_enqueued(harness: Harness, api: Api, rx: Receiver) -> None:
    subscribe(api, rx, ["ConversationEnqueued"])
    grace = agent(api)
    r = api.post(
        "/v1/conversations",
        json={
            "_type": "Email",
            "requesterId": end_user(api)["id"],
            "emailIntegrationId": endpoint_id(api),
            "subject": "Out",
            "message": {
                "_type": "Outbound",
                "agentId": grace["id"],
                "content": {"_type": "Text", "value": "hello"},
            },
        },
    )
    assert r.status_code == 201, r.text
    harness.run_jobs()
    assert rx.requests == []


def test_abandoned_when_closed_never_assigned(harness: Harness, api: Api, rx: Receiver) -> None:
    subscribe(api, rx, ["ConversationAbandoned"])
    grace = agent(api)
    never, handled = conversation(api, end_user(api)), conversation(api, end_user(api))
    r = api.put(f"/v1/conversations/{handled}/claim", json={"agentId": grace["id"]})
    assert r.status_code == 204, r.text
    r = api.put(
        f"/v1/conversations/{handled}/transfer/queue", json={"queueId": api.org.default_queue_id}
    )
    assert r.status_code == 204, r.text  # unassigned again, but it was handled
    for cid in (never, handled):
        assert api.put(f"/v1/conversations/{cid}/close", json={}).status_code == 204
    harness.run_jobs()
    data = only(rx, "CONVERSATION_ABANDONED")
    assert data == {
        "conversation": data["conversation"],
        "queue": {"id": api.org.default_queue_id, "name": "Default queue"},
    }
    assert data["conversation"]["csid"] == never
    assert (data["conversation"]["status"], data["conversation"]["queue"]) == ("CLOSED", None)
