from __future__ import annotations

import uuid

from fixtures.builders import create_agent, create_end_user
from fixtures.harness import Api, Harness
from fixtures.reads import org_events


def test_default_queue_is_listed(api: Api) -> None:
    body = api.get("/v1/queues").json()
    assert body["data"] == [
        {
            "id": api.org.default_queue_id,
            "name": "Default queue",
            "isDefault": True,
            "organizationId": api.org.id,
        }
    ]
    assert "next" not in body["meta"]
    got = api.get(f"/v1/queues/{api.org.default_queue_id}").json()["data"]
    assert got == body["data"][0]


def test_create_wrapped_and_bare(api: Api, harness: Harness) -> None:
    settings = {
        "name": "Support",
        "callFunctionality": False,
        "offerTimeout": 30,
        "wrapupTimeout": 60,
        "priority": 2,
        "offeringAlgorithm": "LongestIdle",
        "queueThresholds": {"SlaTimeLimit": 120},
        "doNotOfferTimeouts": {"Email": 10},
        "isDoNotCall": True,
        "offerAbandonedConversations": True,
        "preferredAgentTimeouts": {"Email": 5},
        "personalAgentOfflineTimeout": 7,
    }
    r = api.post("/v1/queues", json={"request": settings})
    assert r.status_code == 201, r.text
    q = r.json()["data"]
    assert q.pop("organizationId") == api.org.id and q.pop("isDefault") is False
    qid = q.pop("id")
    assert q == settings
    assert api.get(f"/v1/queues/{qid}").json()["data"]["offerTimeout"] == 30
    bare = api.post("/v1/queues", json={"name": "Sales"}).json()["data"]
    assert bare == {
        "id": bare["id"],
        "name": "Sales",
        "isDefault": False,
        "organizationId": api.org.id,
    }
    listed = [x["id"] for x in api.get("/v1/queues").json()["data"]]
    # oldest first; two queues made in the same millisecond come in id order
    stored = harness.fetch(
        "SELECT id FROM queues WHERE org_id = :org ORDER BY created_at, id", {"org": api.org.id}
    )
    assert listed == [row[0] for row in stored]
    assert set(listed) == {api.org.default_queue_id, qid, bare["id"]}
    assert listed[0] == api.org.default_queue_id
    assert len(org_events(harness, api, "QUEUE_CREATED")) == 2


def test_create_default_replaces_old_default(api: Api, harness: Harness) -> None:
    q = api.post("/v1/queues", json={"request": {"name": "New", "isDefault": True}}).json()["data"]
    assert q["isDefault"] is True
    old = api.get(f"/v1/queues/{api.org.default_queue_id}").json()["data"]
    assert old["isDefault"] is False
    defaults = [x["id"] for x in api.get("/v1/queues").json()["data"] if x["isDefault"]]
    assert defaults == [q["id"]]
    assert harness.fetch(
        "SELECT default_queue_id FROM orgs WHERE id = :id", {"id": api.org.id}
    ) == [(q["id"],)]


def test_paging(api: Api, harness: Harness) -> None:
    created = [api.org.default_queue_id]
    created += [
        api.post("/v1/queues", json={"name": f"q{i}"}).json()["data"]["id"] for i in range(4)
    ]
    # oldest first; queues created in the same millisecond are ordered by id
    ids = [
        r[0]
        for r in harness.fetch(
            "SELECT id FROM queues WHERE org_id = :o ORDER BY created_at, id", {"o": api.org.id}
        )
    ]
    assert sorted(ids) == sorted(created)
    seen: list[str] = []
    url: str | None = "/v1/queues?pageLimit=2"
    pages = 0
    while url:
        body = api.get(url).json()
        seen += [q["id"] for q in body["data"]]
        url = body["meta"].get("next")
        pages += 1
    assert seen == ids and pages == 3


def test_members_assign_partial_and_remove(api: Api, other_api: Api, harness: Harness) -> None:
    qid = api.post("/v1/queues", json={"name": "Q"}).json()["data"]["id"]
    a1, a2 = create_agent(api, "Agent"), create_agent(api, "Agent")
    end_user = create_end_user(api)
    foreign = other_api.org.admin_user_id
    missing = str(uuid.uuid4())
    assert api.get(f"/v1/queues/{qid}/members").json() == {"data": []}
    r = api.patch(
        f"/v1/queues/{qid}/members", json={"agentIds": [a1, end_user, foreign, "nope", missing, a2]}
    )
    assert r.status_code == 200, r.text
    out = r.json()["data"]
    assert [o["_type"] for o in out] == [
        "BulkActionSuccess",
        "BulkActionFailure",
        "BulkActionFailure",
        "BulkActionFailure",
        "BulkActionFailure",
        "BulkActionSuccess",
    ]
    assert out[0]["data"] == a1 and out[5]["data"] == a2  # Dixa: the agent's id
    assert [o["error"]["id"] for o in out[1:5]] == [end_user, foreign, "nope", missing]
    assert all(o["error"]["message"] for o in out[1:5])
    members = api.get(f"/v1/queues/{qid}/members").json()["data"]
    assert members == [{"agentId": a} for a in sorted([a1, a2])]
    # assigning again succeeds and changes nothing
    again = api.patch(f"/v1/queues/{qid}/members", json={"agentIds": [a1]}).json()["data"]
    assert again == [{"_type": "BulkActionSuccess", "data": a1}]
    assert len(api.get(f"/v1/queues/{qid}/members").json()["data"]) == 2
    assert len(org_events(harness, api, "QUEUE_MEMBERS_CHANGED")) == 1
    r = api.delete(f"/v1/queues/{qid}/members", json={"agentIds": [a1, missing]})
    assert r.status_code == 204 and r.content == b""
    assert api.get(f"/v1/queues/{qid}/members").json()["data"] == [{"agentId": a2}]
    assert len(org_events(harness, api, "QUEUE_MEMBERS_CHANGED")) == 2


def test_admin_agent_can_be_assigned_to_default_queue(api: Api) -> None:
    qid = api.org.default_queue_id
    out = api.patch(f"/v1/queues/{qid}/members", json={"agentIds": [api.org.admin_user_id]}).json()[
        "data"
    ]
    assert out[0]["_type"] == "BulkActionSuccess"
    assert api.get(f"/v1/queues/{qid}/members").json()["data"] == [
        {"agentId": api.org.admin_user_id}
    ]


def test_bad_input(api: Api, harness: Harness) -> None:
    for path in ("/v1/queues/nope", "/v1/queues/nope/members"):
        r = api.get(path)
        assert r.status_code == 400
        assert r.json() == {"message": "Invalid value for: path parameter queueId"}
    r = api.patch("/v1/queues/nope/members", json={"agentIds": []})
    assert r.json() == {"message": "Invalid value for: path parameter queueId"}
    r = api.delete("/v1/queues/nope/members", json={"agentIds": []})
    assert r.json() == {"message": "Invalid value for: path parameter queueId"}
    for body in (
        {"request": {"offerTimeout": 3}},
        {},
        {"name": "  "},
        {"name": 5},
        {"request": {"name": "x", "offerTimeout": -1}},
    ):
        r = api.post("/v1/queues", json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith("Invalid value for: body"), body
    r = api.post("/v1/queues", content=b"{nope", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    qid = api.org.default_queue_id
    for body in ({}, {"agentIds": "x"}, {"agentIds": []}):
        r = api.patch(f"/v1/queues/{qid}/members", json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith("Invalid value for: body"), body
    eleven = [str(uuid.uuid4()) for _ in range(11)]
    for body in ({"agentIds": eleven}, {"agentIds": ["nope"]}, {"agentIds": []}, {}):
        r = api.delete(f"/v1/queues/{qid}/members", json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith("Invalid value for: body"), body
    assert (
        api.delete(f"/v1/queues/{qid}/members", json={"agentIds": eleven[:10]}).status_code == 204
    )
    for bad in ("0", "-1", "abc"):
        r = api.get(f"/v1/queues?pageLimit={bad}")
        assert r.status_code == 400
        assert r.json()["message"].startswith("Invalid value for: query parameter pageLimit")
    assert len(harness.fetch("SELECT id FROM queues WHERE org_id = :o", {"o": api.org.id})) == 1


def test_other_org_isolation(api: Api, other_api: Api, harness: Harness) -> None:
    qid = api.post("/v1/queues", json={"name": "Secret"}).json()["data"]["id"]
    agent = create_agent(api, "Agent")
    api.patch(f"/v1/queues/{qid}/members", json={"agentIds": [agent]})
    for q in (qid, api.org.default_queue_id, str(uuid.uuid4())):
        assert other_api.get(f"/v1/queues/{q}").status_code == 404
        assert other_api.get(f"/v1/queues/{q}/members").status_code == 404
        r = other_api.patch(
            f"/v1/queues/{q}/members", json={"agentIds": [other_api.org.admin_user_id]}
        )
        assert r.status_code == 404
        assert r.json() == {"message": "An entity in this request could not be found"}
        r = other_api.delete(f"/v1/queues/{q}/members", json={"agentIds": [agent]})
        assert r.status_code == 404
    assert [q["id"] for q in other_api.get("/v1/queues").json()["data"]] == [
        other_api.org.default_queue_id
    ]
    # another organisation's agent cannot join this organisation's queue
    out = api.patch(
        f"/v1/queues/{qid}/members", json={"agentIds": [other_api.org.admin_user_id]}
    ).json()["data"]
    assert out[0]["_type"] == "BulkActionFailure"
    assert api.get(f"/v1/queues/{qid}/members").json()["data"] == [{"agentId": agent}]
    # a new default queue of one organisation leaves the other's default alone
    api.post("/v1/queues", json={"name": "D", "isDefault": True})
    other_default = other_api.get(f"/v1/queues/{other_api.org.default_queue_id}").json()
    assert other_default["data"]["isDefault"] is True
