"""The outbox events of routing: claim, close, reopen, transfer and follow-up each write
their event (the ``events`` table) with their activity entry, in the same transaction;
a change that changes nothing writes neither."""

from __future__ import annotations

import json
import time
from typing import Any

from fixtures.builders import create_agent, create_queue, email_conversation, iso_in
from fixtures.harness import Api, Harness

CREATION = {"CONVERSATION_CREATED", "CONVERSATION_MESSAGE_ADDED"}


def _events(harness: Harness, api: Api, cid: int) -> list[tuple[str, dict[str, Any]]]:
    """(fqn, data) of the conversation's events after its creation, in order."""
    rows = harness.fetch(
        "SELECT fqn, payload FROM events WHERE org_id = :o AND conversation_id = :c ORDER BY seq",
        {"o": api.org.id, "c": cid},
    )
    out = [(r[0], json.loads(r[1])) for r in rows if r[0] not in CREATION]
    for _fqn, payload in out:
        assert payload["organization"] == {"id": api.org.id}
    return [(fqn, payload["data"]) for fqn, payload in out]


def _entries(harness: Harness, api: Api, cid: int) -> dict[str, tuple[str, str | None]]:
    """activity id -> (type, author id) of the conversation's entries."""
    rows = harness.fetch(
        "SELECT id, type, author_id FROM activity WHERE org_id = :o AND conversation_id = :c",
        {"o": api.org.id, "c": cid},
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def _since(harness: Harness, api: Api, cid: int, step: Any) -> list[str]:
    """The event names written by ``step()``; each names its entry, of the conversation."""
    before = len(_events(harness, api, cid))
    step()
    new = _events(harness, api, cid)[before:]
    entries = _entries(harness, api, cid)
    for _fqn, data in new:
        assert data["conversation_id"] == cid
        assert entries[data["activity_id"]][1] == data["author_id"]
    return [fqn for fqn, _data in new]


def _ok(r: Any) -> None:
    assert r.status_code == 204, r.text


def test_every_routing_change_writes_its_event(harness: Harness, api: Api) -> None:
    first, second = create_agent(api, "First"), create_agent(api, "Second")
    queue = create_queue(api, "Escalations")
    cid = email_conversation(api)
    url = f"/v1/conversations/{cid}"

    def claim(agent: str) -> None:
        _ok(api.put(f"{url}/claim", json={"agentId": agent}))

    assert _since(harness, api, cid, lambda: claim(first)) == [
        "CONVERSATION_CLAIMED",
        "CONVERSATION_ASSIGNED",
    ]
    assert _since(harness, api, cid, lambda: claim(first)) == []  # same agent: no change
    assert _since(harness, api, cid, lambda: claim(second)) == [
        "CONVERSATION_UNASSIGNED",
        "CONVERSATION_CLAIMED",
        "CONVERSATION_ASSIGNED",
    ]
    assigned = _events(harness, api, cid)[-1][1]
    assert assigned["author_id"] == second and assigned["attributes"]["agentId"] == second

    transfer = {"queueId": queue, "userId": first}
    assert _since(
        harness, api, cid, lambda: _ok(api.put(f"{url}/transfer/queue", json=transfer))
    ) == ["CONVERSATION_UNASSIGNED", "CONVERSATION_TRANSFERRED", "CONVERSATION_ENQUEUED"]
    transferred, enqueued = (data for _fqn, data in _events(harness, api, cid)[-2:])
    assert enqueued["activity_id"] == transferred["activity_id"]  # the same change
    assert enqueued["attributes"] == {"queueId": queue}
    assert transferred["author_id"] == first
    assert transferred["attributes"]["destinationId"] == queue
    assert transferred["attributes"]["destinationLabel"] == "Escalations"

    later = {"timestamp": iso_in(3600)}
    assert _since(harness, api, cid, lambda: _ok(api.put(f"{url}/followup", json=later))) == [
        "CONVERSATION_PENDING",
        "FOLLOWUP_ADDED",
    ]
    # a reopen during the follow-up ends it
    assert _since(harness, api, cid, lambda: _ok(api.put(f"{url}/reopen"))) == [
        "FOLLOWUP_REMOVED",
        "CONVERSATION_OPEN",
    ]
    assert _since(harness, api, cid, lambda: _ok(api.put(f"{url}/reopen"))) == []  # Open

    assert _since(harness, api, cid, lambda: _ok(api.put(f"{url}/followup", json=later))) == [
        "CONVERSATION_PENDING",
        "FOLLOWUP_ADDED",
    ]
    close = {"userId": second}
    assert _since(harness, api, cid, lambda: _ok(api.put(f"{url}/close", json=close))) == [
        "FOLLOWUP_REMOVED",
        "CONVERSATION_CLOSED",
    ]
    assert _events(harness, api, cid)[-1][1]["author_id"] == second
    assert _since(harness, api, cid, lambda: _ok(api.put(f"{url}/close"))) == []  # Closed

    assert _since(harness, api, cid, lambda: _ok(api.put(f"{url}/reopen"))) == [
        "CONVERSATION_OPEN",
        "CONVERSATION_ENQUEUED",
    ]
    assert _events(harness, api, cid)[-1][1]["author_id"] == api.org.admin_user_id


def test_reopening_an_assigned_closed_conversation_writes_unassigned(
    harness: Harness, api: Api
) -> None:
    agent = create_agent(api)
    cid = email_conversation(api)
    _ok(api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent}))
    _ok(api.put(f"/v1/conversations/{cid}/close"))
    assert _since(harness, api, cid, lambda: _ok(api.put(f"/v1/conversations/{cid}/reopen"))) == [
        "CONVERSATION_UNASSIGNED",
        "CONVERSATION_OPEN",
        "CONVERSATION_ENQUEUED",
    ]


def test_follow_up_expiry_writes_its_event(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    ts = iso_in(1.0)
    _ok(api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": ts}))
    time.sleep(1.2)

    def expire() -> None:
        harness.run_jobs()

    assert _since(harness, api, cid, expire) == ["CONVERSATION_PENDING_EXPIRED"]
    data = _events(harness, api, cid)[-1][1]
    assert data["author_id"] is None and data["attributes"]["followupAt"] == ts
