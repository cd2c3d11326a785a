from __future__ import annotations

import uuid
from typing import Any

from fixtures.builders import create_agent, create_end_user, create_team
from fixtures.harness import Api, Harness
from fixtures.reads import org_events
from fixtures.teams import set_presence


def test_create_get_list_delete(api: Api, harness: Harness) -> None:
    r = api.post("/v1/teams", json={"name": " Tier 1 "})
    assert r.status_code == 201
    team = r.json()["data"]
    assert team == {"id": team["id"], "name": "Tier 1"}
    assert api.get(f"/v1/teams/{team['id']}").json() == {"data": team}
    listed = api.get("/v1/teams").json()
    assert listed["data"] == [team] and "next" not in listed["meta"]
    agent = create_agent(api, "Agent")
    assert api.patch(f"/v1/teams/{team['id']}/agents", json={"agentIds": [agent]}).json() == {}
    r = api.delete(f"/v1/teams/{team['id']}")
    assert r.status_code == 204 and r.content == b""
    assert api.get(f"/v1/teams/{team['id']}").status_code == 404
    assert api.get(f"/v1/teams/{team['id']}/agents").status_code == 404
    assert api.delete(f"/v1/teams/{team['id']}").status_code == 404
    assert (
        harness.fetch("SELECT agent_id FROM team_members WHERE org_id = :o", {"o": api.org.id})
        == []
    )
    assert len(org_events(harness, api, "TEAM_CREATED")) == 1
    assert len(org_events(harness, api, "TEAM_DELETED")) == 1


def test_paging(api: Api, harness: Harness) -> None:
    created = [create_team(api, f"t{i}") for i in range(5)]
    # oldest first; teams created in the same millisecond are ordered by id
    ids = [
        r[0]
        for r in harness.fetch(
            "SELECT id FROM teams WHERE org_id = :o ORDER BY created_at, id", {"o": api.org.id}
        )
    ]
    assert sorted(ids) == sorted(created)
    seen: list[str] = []
    url: str | None = "/v1/teams?pageLimit=2"
    pages = 0
    while url:
        body = api.get(url).json()
        seen += [t["id"] for t in body["data"]]
        url = body["meta"].get("next")
        pages += 1
    assert seen == ids and pages == 3


def test_members_add_patch_post_and_remove(api: Api, harness: Harness) -> None:
    team = create_team(api)
    ann = f"ann-{uuid.uuid4().hex[:8]}@example.com"
    a1 = create_agent(api, "Ann", email=ann, phoneNumber="+4512345678")
    a2 = create_agent(api, "Bob")
    assert api.get(f"/v1/teams/{team}/agents").json() == {"data": []}
    r = api.patch(f"/v1/teams/{team}/agents", json={"agentIds": [a1]})
    assert (r.status_code, r.json()) == (200, {})  # Dixa: 200
    r = api.post(f"/v1/teams/{team}/agents", json={"agentIds": [a2, a1]})
    assert r.status_code == 204 and r.content == b""
    members = api.get(f"/v1/teams/{team}/agents").json()["data"]
    assert [m["id"] for m in members] == sorted([a1, a2])
    assert next(m for m in members if m["id"] == a1) == {
        "id": a1,
        "name": "Ann",
        "email": ann,
        "phoneNumber": "+4512345678",
    }
    assert len(org_events(harness, api, "TEAM_MEMBERS_CHANGED")) == 2
    r = api.delete(f"/v1/teams/{team}/agents", json={"agentIds": [a1, str(uuid.uuid4())]})
    assert r.status_code == 204 and r.content == b""
    assert [m["id"] for m in api.get(f"/v1/teams/{team}/agents").json()["data"]] == [a2]
    assert len(org_events(harness, api, "TEAM_MEMBERS_CHANGED")) == 3


def test_add_is_all_or_nothing(api: Api, other_api: Api, harness: Harness) -> None:
    team = create_team(api)
    agent = create_agent(api, "Agent")
    end_user = create_end_user(api)
    for bad in (end_user, other_api.org.admin_user_id, str(uuid.uuid4())):
        for method in ("PATCH", "POST"):
            r = api.request(method, f"/v1/teams/{team}/agents", json={"agentIds": [agent, bad]})
            assert r.status_code == 400, (method, bad)
            assert r.json()["message"].startswith("Invalid value for: body")
            assert bad in r.json()["message"]
    assert api.get(f"/v1/teams/{team}/agents").json()["data"] == []
    assert org_events(harness, api, "TEAM_MEMBERS_CHANGED") == []


def test_presence(api: Api, harness: Harness) -> None:
    team = create_team(api)
    agents = sorted(create_agent(api, "Agent") for _ in range(3))
    set_presence(harness, api, agents[1], 1_700_000_000_123)
    api.patch(f"/v1/teams/{team}/agents", json={"agentIds": agents})
    body = api.get(f"/v1/teams/{team}/presence").json()
    assert "next" not in body["meta"]
    data = body["data"]
    assert [p["userId"] for p in data] == agents
    assert data[0]["presenceStatus"] == "Away" and data[0]["connectionStatus"] == "Offline"
    assert data[0]["activeChannels"] == [] and "lastSeen" not in data[0]
    assert data[1]["presenceStatus"] == "Working" and data[1]["connectionStatus"] == "Online"
    assert data[1]["activeChannels"] == ["Email"]
    assert data[1]["lastSeen"] == "2023-11-14T22:13:20.123Z"
    assert all(p["requestTime"].endswith("Z") for p in data)
    seen: list[str] = []
    url: str | None = f"/v1/teams/{team}/presence?pageLimit=2"
    pages = 0
    while url:
        page = api.get(url).json()
        seen += [p["userId"] for p in page["data"]]
        url = page["meta"].get("next")
        pages += 1
    assert seen == agents and pages == 2
    empty = create_team(api, "Empty")
    assert api.get(f"/v1/teams/{empty}/presence").json()["data"] == []


def test_bad_input(api: Api) -> None:
    tid = "not-a-uuid"
    for method, path in (
        ("GET", ""),
        ("DELETE", ""),
        ("GET", "/agents"),
        ("GET", "/presence"),
        ("PATCH", "/agents"),
        ("POST", "/agents"),
        ("DELETE", "/agents"),
    ):
        kwargs: dict[str, Any] = {}
        if path == "/agents" and method != "GET":
            kwargs["json"] = {"agentIds": [str(uuid.uuid4())]}
        r = api.request(method, f"/v1/teams/{tid}{path}", **kwargs)
        assert r.status_code == 400, (method, path)
        assert r.json() == {"message": "Invalid value for: path parameter teamId"}
    for body in ({}, {"name": "   "}, {"name": 3}):
        r = api.post("/v1/teams", json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith("Invalid value for: body")
    team = create_team(api)
    for method in ("PATCH", "POST", "DELETE"):
        for body in ({}, {"agentIds": []}, {"agentIds": ["nope"]}, {"agentIds": "x"}):
            r = api.request(method, f"/v1/teams/{team}/agents", json=body)
            assert r.status_code == 400, (method, body)
            assert r.json()["message"].startswith("Invalid value for: body")
    for bad in ("0", "-1", "abc"):
        for path in ("/v1/teams", f"/v1/teams/{team}/presence"):
            r = api.get(f"{path}?pageLimit={bad}")
            assert r.status_code == 400
            assert r.json()["message"].startswith("Invalid value for: query parameter pageLimit")
    r = api.get(f"/v1/teams/{team}/presence?pageKey=garbage!")
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: query parameter pageKey")


def test_other_org_isolation(api: Api, other_api: Api, harness: Harness) -> None:
    team = create_team(api, "Secret")
    agent = create_agent(api, "Agent")
    api.patch(f"/v1/teams/{team}/agents", json={"agentIds": [agent]})
    own = [other_api.org.admin_user_id]
    for t in (team, str(uuid.uuid4())):
        assert other_api.get(f"/v1/teams/{t}").status_code == 404
        assert other_api.get(f"/v1/teams/{t}/agents").status_code == 404
        assert other_api.get(f"/v1/teams/{t}/presence").status_code == 404
        assert other_api.patch(f"/v1/teams/{t}/agents", json={"agentIds": own}).status_code == 404
        assert other_api.post(f"/v1/teams/{t}/agents", json={"agentIds": own}).status_code == 404
        r = other_api.delete(f"/v1/teams/{t}/agents", json={"agentIds": [agent]})
        assert r.status_code == 404
        r = other_api.delete(f"/v1/teams/{t}")
        assert r.json() == {"message": "An entity in this request could not be found"}
    assert other_api.get("/v1/teams").json()["data"] == []
    assert api.get(f"/v1/teams/{team}").status_code == 200
    assert [m["id"] for m in api.get(f"/v1/teams/{team}/agents").json()["data"]] == [agent]
