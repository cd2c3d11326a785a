"""The inbox counts are maintained (``conversation_counts``, kept by triggers on
``conversations``): after every kind of change made through the API they equal a fresh
``COUNT(*)``, on both stores, and concurrent changes on PostgreSQL keep them right."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.builders import (
    anonymize,
    create_agent,
    create_end_user,
    create_queue,
    email_conversation,
    iso_in,
)
from fixtures.harness import Api, Harness
from fixtures.races import Background, HeldTransaction, at_once
from fixtures.reads import count_cells, view_counts
from parley.admin import clock

IMPORTED = {
    "_type": "GenericConversationImport",
    "genericChannelName": "MyCustomChat",
    "requesterConnectionStatus": "Connected",
    "direction": "Inbound",
    "createdAt": "2021-12-01T11:00:00.001Z",
    "messages": [
        {
            "_type": "InboundImport",
            "content": {"_type": "Text", "value": "hi"},
            "attachments": [],
            "createdAt": "2021-12-01T11:00:00.001Z",
        }
    ],
}


def test_counts_follow_every_kind_of_change(harness: Harness, api: Api) -> None:
    a, b = create_agent(api, "Agent A"), create_agent(api, "Agent B")
    queue = create_queue(api, "Returns")
    requester = create_end_user(api)
    kept, fresh = count_cells(harness, api.org.id)
    assert kept == fresh == {}
    c1, c2, c3, c4 = (email_conversation(api) for _ in range(4))
    steps: list[tuple[str, Any]] = [
        ("import open", lambda: api.post("/v1/conversations/import",
                                         json={**IMPORTED, "requesterId": requester})),
        ("import closed and assigned", lambda: api.post("/v1/conversations/import", json={
            **IMPORTED, "requesterId": requester,
            "assignment": {"agentId": b, "assignedAt": "2021-12-01T12:00:00.000Z"},
            "closing": {"closedAt": "2021-12-02T09:00:00.000Z", "closedBy": b}})),
        ("claim", lambda: api.put(f"/v1/conversations/{c1}/claim", json={"agentId": a})),
        ("claim another", lambda: api.put(f"/v1/conversations/{c2}/claim", json={"agentId": a})),
        ("take over", lambda: api.put(f"/v1/conversations/{c1}/claim", json={"agentId": b})),
        ("transfer", lambda: api.put(f"/v1/conversations/{c3}/transfer/queue",
                                     json={"queueId": queue})),
        ("close", lambda: api.put(f"/v1/conversations/{c2}/close")),
        ("reopen", lambda: api.put(f"/v1/conversations/{c2}/reopen")),
        ("follow-up", lambda: api.put(f"/v1/conversations/{c3}/followup",
                                      json={"timestamp": iso_in(600)})),
        ("follow-up expires", lambda: (harness.call(clock.advance, harness.db, api.org.id, 601),
                                       harness.run_jobs())),
        ("follow-up then close", lambda: (
            api.put(f"/v1/conversations/{c4}/followup", json={"timestamp": iso_in(7200)}),
            api.put(f"/v1/conversations/{c4}/close"))),
        ("claim before the agent goes", lambda: api.put(f"/v1/conversations/{c3}/claim",
                                                        json={"agentId": a})),
        ("delete an agent (unassigns)", lambda: api.delete(f"/v1/agents/{a}")),
        ("anonymize (closes)", lambda: (anonymize(api, c2, force=True), harness.run_jobs())),
    ]  # fmt: skip
    seen: set[str] = set()
    for name, step in steps:
        step()
        kept, fresh = count_cells(harness, api.org.id)
        assert kept == fresh, name
        seen.update(state for state, _, _ in kept)
        for me in (a, b):
            shown, counted = view_counts(harness, api.org.id, me)
            assert shown == counted, (name, me)
    assert seen == {"Open", "Pending", "Closed"}
    assert not harness.fetch(
        "SELECT 1 FROM conversation_counts GROUP BY org_id, state, assignee_id, queue_id "
        "HAVING SUM(n) < 0"
    )
    assert view_counts(harness, api.org.id, b)[0]["mine"] == 1  # c1, taken over


def test_counts_are_per_organisation(harness: Harness, api: Api, other_api: Api) -> None:
    email_conversation(api)
    email_conversation(other_api)
    email_conversation(other_api)
    me = create_agent(api)
    assert view_counts(harness, api.org.id, me)[0]["unassigned"] == 1
    assert view_counts(harness, other_api.org.id, me)[0]["unassigned"] == 2


def test_concurrent_changes_keep_the_counts_right(harness: Harness, api: Api) -> None:
    """Many changes at once moving conversations between the same cells (every request
    its own transaction; on PostgreSQL they overlap, on SQLite they queue)."""
    agents = [create_agent(api, f"Agent {i}") for i in range(2)]
    cids = [email_conversation(api) for _ in range(8)]
    claims = [
        (lambda cid=cid, i=i: api.put(f"/v1/conversations/{cid}/claim",
                                      json={"agentId": agents[i % 2]}))
        for i, cid in enumerate(cids)
    ]  # fmt: skip
    take_overs = [
        (lambda cid=cid, i=i: api.put(f"/v1/conversations/{cid}/claim",
                                      json={"agentId": agents[(i + 1) % 2]}))
        for i, cid in enumerate(cids)
    ]  # fmt: skip
    closes = [(lambda cid=cid: api.put(f"/v1/conversations/{cid}/close")) for cid in cids]
    reopens = [(lambda cid=cid: api.put(f"/v1/conversations/{cid}/reopen")) for cid in cids]
    for round_ in (claims, [*closes[:4], *take_overs[4:]], [*reopens[:4], *closes[4:]]):
        assert all(r.status_code == 204 for r in at_once(round_))
    kept, fresh = count_cells(harness, api.org.id)
    assert kept == fresh
    assert sum(kept.values()) == len(cids)


def test_a_change_does_not_wait_for_an_uncommitted_change_of_the_same_cell(
    harness: Harness, api: Api
) -> None:
    """PostgreSQL: a transaction holding an assignment uncommitted (it holds a shard row of
    the agent's cell); a close through the API taking a conversation out of that cell
    writes another shard row without waiting, and once both committed both count (no lost
    update)."""
    if harness.store != "postgres":
        pytest.skip("SQLite write transactions are exclusive: they never overlap")
    agent = create_agent(api)
    x, y = email_conversation(api), email_conversation(api)
    assert api.put(f"/v1/conversations/{y}/claim", json={"agentId": agent}).status_code == 204
    held = HeldTransaction(harness.settings.database_url)
    try:
        held.execute(  # x: unassigned -> the agent's (a shard of the agent's cell held)
            "UPDATE conversations SET assigned_agent_id = $1 WHERE org_id = $2 AND id = $3",
            agent,
            api.org.id,
            x,
        )
        request = Background(lambda: api.put(f"/v1/conversations/{y}/close"))
        try:
            assert request.result(timeout=10.0).status_code == 204
        finally:
            held.commit()
    finally:
        held.close()
    kept, fresh = count_cells(harness, api.org.id)
    assert kept == fresh
    assert view_counts(harness, api.org.id, agent)[0]["mine"] == 1


def test_a_create_does_not_wait_for_an_uncommitted_create_in_the_same_queue(
    harness: Harness, api: Api
) -> None:
    """PostgreSQL: a transaction creates a conversation in a queue and stays open; a
    conversation created through the API in the same queue meanwhile commits without
    waiting for it (the queue's unassigned count is spread over shard rows), and once both
    committed the counts hold both."""
    if harness.store != "postgres":
        pytest.skip("SQLite write transactions are exclusive: they never overlap")
    first = email_conversation(api)
    queue = harness.fetch(
        "SELECT queue_id FROM conversations WHERE org_id = :org AND id = :id",
        {"org": api.org.id, "id": first},
    )[0][0]
    assert queue
    held = HeldTransaction(harness.settings.database_url)
    try:
        held.execute(  # a copy of the first conversation: a new one in the same queue
            "INSERT INTO conversations SELECT (jsonb_populate_record(c, "
            "jsonb_build_object('id', 1000000))).* FROM conversations c "
            "WHERE c.org_id = $1 AND c.id = $2",
            api.org.id,
            first,
        )
        request = Background(lambda: email_conversation(api))
        try:
            request.result(timeout=10.0)  # waiting on the held row lock would time out
        finally:
            held.commit()
    finally:
        held.close()
    kept, fresh = count_cells(harness, api.org.id)
    assert kept == fresh
    assert kept[("Open", "", queue)] == 3
    shards = harness.fetch(
        "SELECT shard FROM conversation_counts WHERE org_id = :org AND state = 'Open' "
        "AND assignee_id = '' AND queue_id = :q AND n <> 0",
        {"org": api.org.id, "q": queue},
    )
    assert len(shards) == 2
