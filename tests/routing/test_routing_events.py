"""The outbox events of routing: claim, close, reopen, transfer and follow-up each write
their event (the ``events`` table) with their activity entry, in the same transaction;
a change that changes nothing writes neither."""

from __future__ import annotations

import time

from fixtures.builders import create_agent, create_queue, email_conversation, iso_in
from fixtures.harness import Api, Harness
from fixtures.routing import events_since, no_content, routing_events


def test_every_routing_change_writes_its_event(harness: Harness, api: Api) -> None:
    first, second = create_agent(api, "First"), create_agent(api, "Second")
    queue = create_queue(api, "Escalations")
    cid = email_conversation(api)
    url = f"/v1/conversations/{cid}"

    def claim(agent: str) -> None:
        no_content(api.put(f"{url}/claim", json={"agentId": agent}))

    assert events_since(harness, api, cid, lambda: claim(first)) == [
        "CONVERSATION_CLAIMED",
        "CONVERSATION_ASSIGNED",
    ]
    assert events_since(harness, api, cid, lambda: claim(first)) == []  # same agent: no change
    assert events_since(harness, api, cid, lambda: claim(second)) == [
        "CONVERSATION_UNASSIGNED",
        "CONVERSATION_CLAIMED",
        "CONVERSATION_ASSIGNED",
    ]
    assigned = routing_events(harness, api, cid)[-1][1]
    assert assigned["author_id"] == second and assigned["attributes"]["agentId"] == second

    transfer = {"queueId": queue, "userId": first}
    assert events_since(
        harness, api, cid, lambda: no_content(api.put(f"{url}/transfer/queue", json=transfer))
    ) == ["CONVERSATION_UNASSIGNED", "CONVERSATION_TRANSFERRED", "CONVERSATION_ENQUEUED"]
    transferred, enqueued = (data for _fqn, data in routing_events(harness, api, cid)[-2:])
    assert enqueued["activity_id"] == transferred["activity_id"]  # the same change
    assert enqueued["attributes"] == {"queueId": queue}
    assert transferred["author_id"] == first
    assert transferred["attributes"]["destinationId"] == queue
    assert transferred["attributes"]["destinationLabel"] == "Escalations"

    later = {"timestamp": iso_in(3600)}
    assert events_since(
        harness, api, cid, lambda: no_content(api.put(f"{url}/followup", json=later))
    ) == [
        "CONVERSATION_PENDING",
        "FOLLOWUP_ADDED",
    ]
    # a reopen during the follow-up ends it
    assert events_since(harness, api, cid, lambda: no_content(api.put(f"{url}/reopen"))) == [
        "FOLLOWUP_REMOVED",
        "CONVERSATION_OPEN",
    ]
    assert (
        events_since(harness, api, cid, lambda: no_content(api.put(f"{url}/reopen"))) == []
    )  # Open

    assert events_since(
        harness, api, cid, lambda: no_content(api.put(f"{url}/followup", json=later))
    ) == [
        "CONVERSATION_PENDING",
        "FOLLOWUP_ADDED",
    ]
    close = {"userId": second}
    assert events_since(
        harness, api, cid, lambda: no_content(api.put(f"{url}/close", json=close))
    ) == [
        "FOLLOWUP_REMOVED",
        "CONVERSATION_CLOSED",
    ]
    assert routing_events(harness, api, cid)[-1][1]["author_id"] == second
    assert (
        events_since(harness, api, cid, lambda: no_content(api.put(f"{url}/close"))) == []
    )  # Closed

    assert events_since(harness, api, cid, lambda: no_content(api.put(f"{url}/reopen"))) == [
        "CONVERSATION_OPEN",
        "CONVERSATION_ENQUEUED",
    ]
    assert routing_events(harness, api, cid)[-1][1]["author_id"] == api.org.admin_user_id


def test_reopening_an_assigned_closed_conversation_writes_unassigned(
    harness: Harness, api: Api
) -> None:
    agent = create_agent(api)
    cid = email_conversation(api)
    no_content(api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent}))
    no_content(api.put(f"/v1/conversations/{cid}/close"))
    assert events_since(
        harness, api, cid, lambda: no_content(api.put(f"/v1/conversations/{cid}/reopen"))
    ) == [
        "CONVERSATION_UNASSIGNED",
        "CONVERSATION_OPEN",
        "CONVERSATION_ENQUEUED",
    ]


def test_follow_up_expiry_writes_its_event(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    ts = iso_in(1.0)
    no_content(api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": ts}))
    time.sleep(1.2)

    def expire() -> None:
        harness.run_jobs()

    assert events_since(harness, api, cid, expire) == ["CONVERSATION_PENDING_EXPIRED"]
    data = routing_events(harness, api, cid)[-1][1]
    assert data["author_id"] is None and data["attributes"]["followupAt"] == ts
