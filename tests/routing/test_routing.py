"""Claim, close, reopen and transfer (the routing of a conversation)."""

from __future__ import annotations

import uuid

from fixtures.builders import (
    create_agent,
    create_end_user,
    create_queue,
    email_conversation,
    outbound,
)
from fixtures.harness import Api, Harness
from fixtures.reads import conversation, log_entries, routing_types
from fixtures.routing import race_claims

# ---- claim ---------------------------------------------------------------------------


def test_claim_unassigned_assigns(api: Api) -> None:
    agent = create_agent(api, "Dale Cooper")
    cid = email_conversation(api)
    before = conversation(api, cid)
    assert "assignment" not in before and before["state"] == "Open"
    r = api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent})
    assert r.status_code == 204 and r.content == b""
    after = conversation(api, cid)
    assert after["assignment"]["agentId"] == agent
    assert after["state"] == "Open"
    assert routing_types(api, cid) == ["ConversationClaimed", "ConversationAssigned"]
    assigned = log_entries(api, cid, "ConversationAssigned")[0]
    assert assigned["attributes"] == {
        "_type": "ConversationAssignedAttribute",
        "agentId": agent,
        "agentName": "Dale Cooper",
    }
    assert assigned["author"]["id"] == agent and assigned["author"]["name"] == "Dale Cooper"
    assert assigned["activityType"] == "ConversationAssignedActivityType"
    claimed = log_entries(api, cid, "ConversationClaimed")[0]
    assert claimed["attributes"]["claimedFromType"] == "Queue"


def test_claim_same_agent_is_a_no_op(api: Api) -> None:
    agent = create_agent(api)
    cid = email_conversation(api)
    assert api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent}).status_code == 204
    assigned_at = conversation(api, cid)["assignment"]["assignedAt"]
    for force in (True, False):
        r = api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent, "force": force})
        assert r.status_code == 204
    assert conversation(api, cid)["assignment"]["assignedAt"] == assigned_at
    assert routing_types(api, cid) == ["ConversationClaimed", "ConversationAssigned"]


def test_claim_force_default_takes_over(api: Api) -> None:
    first, second = create_agent(api, "First Agent"), create_agent(api, "Second Agent")
    cid = email_conversation(api)
    api.put(f"/v1/conversations/{cid}/claim", json={"agentId": first})
    r = api.put(f"/v1/conversations/{cid}/claim", json={"agentId": second})
    assert r.status_code == 204
    assert conversation(api, cid)["assignment"]["agentId"] == second
    assert routing_types(api, cid) == [
        "ConversationClaimed",
        "ConversationAssigned",
        "ConversationUnassigned",
        "ConversationClaimed",
        "ConversationAssigned",
    ]
    unassigned = log_entries(api, cid, "ConversationUnassigned")[0]
    assert unassigned["attributes"]["agent"]["id"] == first
    assert unassigned["attributes"]["agent"]["name"] == "First Agent"


def test_claim_without_force_on_assigned_is_409(api: Api) -> None:
    first, second = create_agent(api), create_agent(api)
    cid = email_conversation(api)
    api.put(f"/v1/conversations/{cid}/claim", json={"agentId": first})
    r = api.put(f"/v1/conversations/{cid}/claim", json={"agentId": second, "force": False})
    assert r.status_code == 409
    assert conversation(api, cid)["assignment"]["agentId"] == first
    assert routing_types(api, cid) == ["ConversationClaimed", "ConversationAssigned"]


def test_claim_closed_is_409(api: Api) -> None:
    agent = create_agent(api)
    cid = email_conversation(api)
    assert api.put(f"/v1/conversations/{cid}/close").status_code == 204
    r = api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent})
    assert r.status_code == 409
    assert "assignment" not in conversation(api, cid)


def test_claim_user_errors(api: Api, other_api: Api) -> None:
    cid = email_conversation(api)
    enduser = create_end_user(api)
    foreign_agent = create_agent(other_api)
    missing = "An entity in this request could not be found"  # Dixa's reference: 404
    for agent_id, status, text in (
        (str(uuid.uuid4()), 404, missing),
        (foreign_agent, 404, missing),
        ("not-a-uuid", 404, missing),
        (enduser, 400, "User is not agent/admin"),
    ):
        r = api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent_id})
        assert r.status_code == status and r.json() == {"message": text}
    assert "assignment" not in conversation(api, cid)


def test_claim_bad_input(api: Api) -> None:
    cid = email_conversation(api)
    r = api.put(f"/v1/conversations/{cid}/claim", json={"force": True})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = api.put(
        f"/v1/conversations/{cid}/claim",
        content=b"{nope",
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = api.put("/v1/conversations/abc/claim", json={"agentId": create_agent(api)})
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid value for: path parameter conversationId"}
    r = api.put("/v1/conversations/987654321/claim", json={"agentId": create_agent(api)})
    assert r.status_code == 404


def test_concurrent_claims_without_force_one_wins(harness: Harness, api: Api) -> None:
    agents = [create_agent(api, f"Agent {i}") for i in range(4)]
    for _ in range(3):
        cid = email_conversation(api)
        statuses = race_claims(api, cid, agents)
        winners = [a for a, s in statuses.items() if s == 204]
        assert len(winners) == 1, statuses
        assert sorted(statuses.values()) == [204, 409, 409, 409]
        assert conversation(api, cid)["assignment"]["agentId"] == winners[0]
        assert routing_types(api, cid) == ["ConversationClaimed", "ConversationAssigned"]
        rows = harness.fetch(
            "SELECT COUNT(*) FROM activity WHERE org_id = :org AND conversation_id = :cid "
            "AND type = 'ConversationAssigned'",
            {"org": api.org.id, "cid": cid},
        )
        assert int(rows[0][0]) == 1


# ---- close / reopen ------------------------------------------------------------------


def test_close_leaves_queue_keeps_assignment(api: Api) -> None:
    agent = create_agent(api)
    cid = email_conversation(api)
    queued = conversation(api, cid)
    assert queued["queue"]["id"] == api.org.default_queue_id
    api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent})
    r = api.put(f"/v1/conversations/{cid}/close", json={"userId": agent})
    assert r.status_code == 204 and r.content == b""
    closed = conversation(api, cid)
    assert closed["state"] == "Closed"
    assert "queue" not in closed
    assert closed["assignment"]["agentId"] == agent
    assert closed["stateUpdatedAt"] >= queued["stateUpdatedAt"]
    entry = log_entries(api, cid, "ConversationClosed")[0]
    assert entry["author"]["id"] == agent
    # closing again: no change
    assert api.put(f"/v1/conversations/{cid}/close").status_code == 204
    assert routing_types(api, cid).count("ConversationClosed") == 1
    assert conversation(api, cid)["stateUpdatedAt"] == closed["stateUpdatedAt"]


def test_close_without_body_uses_token_user(api: Api) -> None:
    cid = email_conversation(api)
    assert api.put(f"/v1/conversations/{cid}/close").status_code == 204
    entry = log_entries(api, cid, "ConversationClosed")[0]
    assert entry["author"]["id"] == api.org.admin_user_id
    cid2 = email_conversation(api)
    r = api.put(f"/v1/conversations/{cid2}/close", json={})
    assert r.status_code == 204
    assert conversation(api, cid2)["state"] == "Closed"


def test_reopen_requeues_in_last_queue_and_unassigns(api: Api) -> None:
    agent = create_agent(api)
    queue = create_queue(api, "Escalations")
    cid = email_conversation(api)
    assert (
        api.put(f"/v1/conversations/{cid}/transfer/queue", json={"queueId": queue}).status_code
        == 204
    )
    api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent})
    api.put(f"/v1/conversations/{cid}/close")
    r = api.put(f"/v1/conversations/{cid}/reopen", json={"userId": agent})
    assert r.status_code == 204
    reopened = conversation(api, cid)
    assert reopened["state"] == "Open"
    assert "assignment" not in reopened
    assert reopened["queue"]["id"] == queue
    types = routing_types(api, cid)
    assert types[-2:] == ["ConversationUnassigned", "ConversationReopened"]
    assert log_entries(api, cid, "ConversationReopened")[0]["author"]["id"] == agent


def test_reopen_falls_back_to_default_queue(api: Api, harness: Harness) -> None:
    cid = email_conversation(api)
    api.put(f"/v1/conversations/{cid}/close")

    async def forget_queue() -> None:
        async with harness.db.transaction() as tx:
            await tx.execute(
                "UPDATE conversations SET queue_id = NULL, last_queue_id = NULL "
                "WHERE org_id = :org AND id = :id",
                {"org": api.org.id, "id": cid},
            )

    harness.call(forget_queue)
    assert api.put(f"/v1/conversations/{cid}/reopen").status_code == 204
    assert conversation(api, cid)["queue"]["id"] == api.org.default_queue_id


def test_reopen_body_forms(api: Api) -> None:
    cid = email_conversation(api)
    for kwargs in (
        {},
        {"json": {}},
        {"content": b"", "headers": {"Content-Type": "application/json"}},
    ):
        api.put(f"/v1/conversations/{cid}/close")
        r = api.put(f"/v1/conversations/{cid}/reopen", **kwargs)
        assert r.status_code == 204, (kwargs, r.text)
        assert conversation(api, cid)["state"] == "Open"
    # reopening an Open conversation: no change
    count = routing_types(api, cid).count("ConversationReopened")
    assert api.put(f"/v1/conversations/{cid}/reopen").status_code == 204
    assert routing_types(api, cid).count("ConversationReopened") == count
    r = api.put(
        f"/v1/conversations/{cid}/reopen",
        content=b"{nope",
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")


def test_close_reopen_optional_body_types(api: Api) -> None:
    cid = email_conversation(api)
    agent = create_agent(api)
    for action in ("close", "reopen"):
        url = f"/v1/conversations/{cid}/{action}"
        for bad in ({"userId": 5}, {"userId": ["x"]}, [agent], "text", 7, True):
            r = api.put(url, json=bad)
            assert r.status_code == 400, (action, bad, r.text)
            assert r.json()["message"].startswith("Invalid value for: body"), r.text
        assert routing_types(api, cid).count("ConversationClosed") == (action == "reopen")
        for ok in ({"json": None}, {"json": {}}, {"json": {"userId": agent}}):
            assert api.put(url, **ok).status_code == 204, (action, ok)
    log = api.get(f"/v1/conversations/{cid}/activitylog").json()["data"]
    closed = next(e for e in log if e["_type"] == "ConversationClosed")
    assert closed["author"]["id"] == api.org.admin_user_id  # `null` body: the token's user


def test_close_reopen_body_in_openapi(harness: Harness) -> None:
    doc = harness.client.get("/openapi.json").json()
    for action in ("close", "reopen"):
        op = doc["paths"][f"/v1/conversations/{{conversationId}}/{action}"]["put"]
        body = op["requestBody"]
        assert body.get("required", False) is False, action
        schema = body["content"]["application/json"]["schema"]
        refs = [s["$ref"] for s in schema["oneOf"] if "$ref" in s]
        assert {"type": "null"} in schema["oneOf"] and len(refs) == 1, schema
        user_body = doc["components"]["schemas"][refs[0].rsplit("/", 1)[-1]]
        assert set(user_body["properties"]) == {"userId"}
        assert user_body.get("required", []) == []


def test_close_reopen_user_errors(api: Api, other_api: Api) -> None:
    cid = email_conversation(api)
    enduser = create_end_user(api)
    foreign = create_agent(other_api)
    for action in ("close", "reopen"):
        for user, text in (
            (str(uuid.uuid4()), "User not found"),
            (foreign, "User not found"),
            ("not-a-uuid", "User not found"),
            (enduser, "User is not agent/admin"),
        ):
            r = api.put(f"/v1/conversations/{cid}/{action}", json={"userId": user})
            assert r.status_code == 400 and r.json() == {"message": text}, (action, user)
    assert conversation(api, cid)["state"] == "Open"
    assert api.put("/v1/conversations/x/close").status_code == 400
    assert api.put("/v1/conversations/987654321/reopen").status_code == 404


# ---- transfer ------------------------------------------------------------------------


def test_transfer_to_queue(api: Api) -> None:
    agent = create_agent(api)
    queue = create_queue(api, "Tier 2")
    cid = email_conversation(api)
    before = conversation(api, cid)
    api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent})
    r = api.put(f"/v1/conversations/{cid}/transfer/queue", json={"queueId": queue, "userId": agent})
    assert r.status_code == 204 and r.content == b""
    after = conversation(api, cid)
    assert after["queue"]["id"] == queue
    assert after["queue"]["queuedAt"] >= before["queue"]["queuedAt"]
    assert "assignment" not in after
    types = routing_types(api, cid)
    assert types[-2:] == ["ConversationUnassigned", "TransferSuccessful"]
    entry = log_entries(api, cid, "TransferSuccessful")[0]
    assert entry["attributes"] == {
        "_type": "ConversationTransferredAttribute",
        "destinationId": queue,
        "destinationType": "Queue",
        "transferType": "Manual",
        "destinationLabel": "Tier 2",
    }
    assert entry["author"]["id"] == agent


def test_transfer_unassigned_writes_no_unassigned(api: Api) -> None:
    queue = create_queue(api)
    cid = email_conversation(api)
    api.put(f"/v1/conversations/{cid}/transfer/queue", json={"queueId": queue})
    assert routing_types(api, cid) == ["TransferSuccessful"]


def test_transfer_errors(api: Api, other_api: Api) -> None:
    cid = email_conversation(api)
    foreign_queue = create_queue(other_api)
    for queue in (str(uuid.uuid4()), foreign_queue, "nope"):
        r = api.put(f"/v1/conversations/{cid}/transfer/queue", json={"queueId": queue})
        assert r.status_code == 400 and r.json() == {"message": "Queue does not exist"}
    queue = create_queue(api)
    r = api.put(
        f"/v1/conversations/{cid}/transfer/queue",
        json={"queueId": queue, "userId": create_end_user(api)},
    )
    assert r.status_code == 400 and r.json() == {"message": "User is not agent/admin"}
    r = api.put(f"/v1/conversations/{cid}/transfer/queue", json={})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    api.put(f"/v1/conversations/{cid}/close")
    r = api.put(f"/v1/conversations/{cid}/transfer/queue", json={"queueId": queue})
    assert r.status_code == 409
    assert "queue" not in conversation(api, cid)
    assert routing_types(api, cid) == ["ConversationClosed"]


# ---- isolation -----------------------------------------------------------------------


def test_other_org_gets_404_on_every_route(api: Api, other_api: Api) -> None:
    cid = email_conversation(api)
    other_agent = create_agent(other_api)
    other_queue = create_queue(other_api)
    calls = [
        ("claim", {"agentId": other_agent}),
        ("close", {}),
        ("reopen", {}),
        ("transfer/queue", {"queueId": other_queue}),
        ("followup", {"timestamp": "2999-01-01T00:00:00Z"}),
    ]
    for path, body in calls:
        r = other_api.put(f"/v1/conversations/{cid}/{path}", json=body)
        assert r.status_code == 404, (path, r.text)
        assert r.json() == {"message": "An entity in this request could not be found"}
    assert conversation(api, cid)["state"] == "Open"
    assert routing_types(api, cid) == []


# ---- deleting an agent ---------------------------------------------------------------


def test_deleting_an_agent_unassigns_its_open_conversations(api: Api) -> None:
    agent, other = create_agent(api, "Gone Agent"), create_agent(api, "Other Agent")
    billing = create_queue(api)
    queued = email_conversation(api)  # claimed from the default queue: stays in it
    assert api.put(f"/v1/conversations/{queued}/transfer/queue", json={"queueId": billing})
    pending = email_conversation(api)
    closed = email_conversation(api)
    kept = email_conversation(api)
    for cid in (queued, pending, closed):
        assert api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent}).status_code == 204
    assert api.put(f"/v1/conversations/{kept}/claim", json={"agentId": other}).status_code == 204
    r = api.put(f"/v1/conversations/{pending}/followup", json={"timestamp": "2999-01-01T00:00:00Z"})
    assert r.status_code == 204, r.text
    assert api.put(f"/v1/conversations/{closed}/close").status_code == 204
    # outbound: assigned at creation, in no queue
    outgoing = email_conversation(api, outbound(agent, "hello"), subject="Hello")
    assert "queue" not in conversation(api, outgoing)

    assert api.delete(f"/v1/agents/{agent}").status_code == 204
    after = {cid: conversation(api, cid) for cid in (queued, pending, closed, kept, outgoing)}
    assert after[queued]["queue"]["id"] == billing and "assignment" not in after[queued]
    assert after[pending]["state"] == "Pending" and "assignment" not in after[pending]
    assert after[outgoing]["queue"]["id"] == api.org.default_queue_id
    assert "assignment" not in after[outgoing]
    for cid in (queued, pending, outgoing):
        unassigned = log_entries(api, cid, "ConversationUnassigned")
        assert len(unassigned) == 1
        assert unassigned[0]["attributes"]["agent"]["id"] == agent
        assert unassigned[0]["author"]["id"] == api.org.admin_user_id
        assert routing_types(api, cid)[-1] == "ConversationUnassigned"
    assert after[closed]["assignment"]["agentId"] == agent  # a closed one keeps it
    assert after[kept]["assignment"]["agentId"] == other
    for cid in (closed, kept):
        assert log_entries(api, cid, "ConversationUnassigned") == []


def test_token_user_cannot_delete_itself(api: Api) -> None:
    admin = api.org.admin_user_id
    r = api.delete(f"/v1/agents/{admin}")
    assert r.status_code == 400
    assert r.json() == {"message": "The agent of the API token cannot be deleted"}
    assert api.get(f"/v1/agents/{admin}").status_code == 200
    assert api.post("/v1/tags", json={"name": "still-works"}).status_code == 200
