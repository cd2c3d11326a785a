from __future__ import annotations

import uuid
from typing import Any

from fixtures.agents import agent_presence, new_agent, parse_iso
from fixtures.harness import Api, Harness

PATH_ERROR = {"message": "Invalid value for: path parameter agentId"}
NOT_FOUND = {"message": "An entity in this request could not be found"}


def test_create_get_and_wire_shape(api: Api, harness: Harness) -> None:
    r = api.post(
        "/v1/agents",
        json={
            "displayName": "Alice Brown",
            "email": " Alice@Example.COM ",
            "phoneNumber": "+4512345678",
            "firstName": "Alice",
            "lastName": "Brown",
            "middleNames": ["Jane"],
            "additionalEmails": ["alice.b@example.com"],
            "additionalPhoneNumbers": ["+4587654321"],
            "avatarUrl": "https://a.example/x.png",
        },
    )
    assert r.status_code == 201, r.text
    agent = r.json()["data"]
    assert set(agent) == {
        "id",
        "createdAt",
        "displayName",
        "email",
        "phoneNumber",
        "firstName",
        "lastName",
        "middleNames",
        "avatarUrl",
        "additionalEmails",
        "additionalPhoneNumbers",
        "roles",
    }
    assert agent["email"] == "alice@example.com"
    assert agent["roles"] == ["Agent"] and agent["middleNames"] == ["Jane"]
    assert agent["additionalEmails"] == ["alice.b@example.com"]
    assert agent["additionalPhoneNumbers"] == ["+4587654321"]
    parse_iso(agent["createdAt"])
    assert api.get(f"/v1/agents/{agent['id']}").json() == {"data": agent}
    # a minimal agent has empty lists and no optional fields
    minimal = new_agent(api, "min@example.com")
    assert minimal["middleNames"] == [] and minimal["additionalEmails"] == []
    assert "phoneNumber" not in minimal and "firstName" not in minimal
    events = harness.fetch(
        "SELECT fqn FROM events WHERE org_id = :org ORDER BY seq", {"org": api.org.id}
    )
    assert [e[0] for e in events].count("AGENT_CREATED") == 2


def test_display_name_from_names_and_roles(api: Api) -> None:
    agent = new_agent(
        api,
        "n@example.com",
        displayName=None,
        firstName="Ann",
        lastName="Lee",
        middleNames=["Q"],
        roles=["Admin", "Agent"],
    )
    assert agent["displayName"] == "Ann Q Lee"
    assert agent["roles"] == ["Admin", "Agent"]


def test_admin_agent_is_listed(api: Api) -> None:
    listed = api.get("/v1/agents").json()
    assert [a["id"] for a in listed["data"]] == [api.org.admin_user_id]
    assert "Admin" in listed["data"][0]["roles"]
    assert "next" not in listed["meta"]
    r = api.get(f"/v1/agents/{api.org.admin_user_id}")
    assert r.status_code == 200
    parse_iso(r.json()["data"]["createdAt"])


def test_list_filters(api: Api) -> None:
    a = new_agent(api, "a@example.com", phoneNumber="+4511111111")
    new_agent(api, "b@example.com", phoneNumber="+4522222222")
    assert [x["id"] for x in api.get("/v1/agents?email=A@example.com").json()["data"]] == [a["id"]]
    by_phone = api.get("/v1/agents", params={"phone": "+4511111111"}).json()["data"]
    assert [x["id"] for x in by_phone] == [a["id"]]
    assert api.get("/v1/agents?email=nobody@example.com").json()["data"] == []
    r = api.get("/v1/agents", params={"email": "a@example.com", "phone": "+4511111111"})
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: query parameter email")


def test_paging_follows_next(api: Api, harness: Harness) -> None:
    created = [api.org.admin_user_id] + [
        new_agent(api, f"p{i}@example.com")["id"] for i in range(4)
    ]
    # oldest first; agents created in the same millisecond are ordered by id
    ids = [
        r[0]
        for r in harness.fetch(
            "SELECT id FROM users WHERE org_id = :o AND kind = 'Agent' ORDER BY created_at, id",
            {"o": api.org.id},
        )
    ]
    assert sorted(ids) == sorted(created)
    seen: list[str] = []
    url: str | None = "/v1/agents?pageLimit=2"
    pages = 0
    while url:
        body = api.get(url).json()
        seen += [a["id"] for a in body["data"]]
        url = body["meta"].get("next")
        pages += 1
    assert seen == ids and pages == 3
    for bad in ("0", "-1", "abc"):
        r = api.get(f"/v1/agents?pageLimit={bad}")
        assert r.status_code == 400, bad
        assert r.json()["message"].startswith("Invalid value for: query parameter pageLimit")
    r = api.get("/v1/agents?pageKey=garbage!")
    assert r.status_code == 400


def test_paging_keeps_filter(api: Api) -> None:
    for i in range(3):
        new_agent(api, f"f{i}@example.com", phoneNumber="+4533333333")
    new_agent(api, "other@example.com", phoneNumber="+4544444444")
    first = api.get("/v1/agents", params={"phone": "+4533333333", "pageLimit": 2}).json()
    assert len(first["data"]) == 2
    rest = api.get(first["meta"]["next"]).json()
    assert len(rest["data"]) == 1 and rest["data"][0]["phoneNumber"] == "+4533333333"
    assert "next" not in rest["meta"]


def test_bad_create_input(api: Api) -> None:
    cases: list[tuple[Any, str]] = [
        ({"displayName": "No Mail"}, "email"),
        ({"displayName": "Bad", "email": "not-an-email"}, "email"),
        ({"email": "x@example.com"}, "displayName"),
        ({"displayName": "  ", "email": "x@example.com"}, "displayName"),
        ({"displayName": "X", "email": "x@example.com", "phoneNumber": "call me"}, "phoneNumber"),
        (
            {"displayName": "X", "email": "x@example.com", "additionalEmails": ["nope"]},
            "additionalEmails",
        ),
        ({"displayName": "X", "email": "x@example.com", "avatarUrl": "ftp://x"}, "avatarUrl"),
        ({"displayName": "X", "email": "x@example.com", "roles": [""]}, "roles"),
        ({"displayName": 5, "email": "x@example.com"}, "displayName"),
    ]
    for body, word in cases:
        r = api.post("/v1/agents", json=body)
        assert r.status_code == 400, (body, r.text)
        message = r.json()["message"]
        assert message.startswith("Invalid value for: body"), message
        assert word in message, (word, message)
    r = api.post("/v1/agents", content=b"{nope", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    assert len(api.get("/v1/agents").json()["data"]) == 1  # nothing written


def test_duplicate_email(api: Api, other_api: Api) -> None:
    a = new_agent(api, "dup@example.com")
    r = api.post("/v1/agents", json={"displayName": "Again", "email": "DUP@example.com"})
    assert r.status_code == 400
    assert r.json()["message"] == (
        "Invalid value for: body, an agent with the email dup@example.com already exists"
    )
    # another organisation may use the same address
    assert (
        other_api.post(
            "/v1/agents", json={"displayName": "X", "email": "dup@example.com"}
        ).status_code
        == 201
    )
    # changing another agent to a used address is refused too; keeping one's own is fine
    b = new_agent(api, "b@example.com")
    r = api.patch(f"/v1/agents/{b['id']}", json={"email": "dup@example.com"})
    assert r.status_code == 400 and "already exists" in r.json()["message"]
    r = api.put(f"/v1/agents/{a['id']}", json={"displayName": "A2", "email": "dup@example.com"})
    assert r.status_code == 200
    # a deleted agent's address is free again
    assert api.delete(f"/v1/agents/{a['id']}").status_code == 204
    assert (
        api.post("/v1/agents", json={"displayName": "New", "email": "dup@example.com"}).status_code
        == 201
    )


def test_put_replaces_and_patch_updates(api: Api, harness: Harness) -> None:
    agent = new_agent(
        api,
        "r@example.com",
        phoneNumber="+4512121212",
        firstName="Rob",
        additionalEmails=["r2@example.com"],
        roles=["Admin"],
    )
    r = api.put(
        f"/v1/agents/{agent['id']}", json={"displayName": "Robert", "email": "rob@example.com"}
    )
    assert r.status_code == 200, r.text
    replaced = r.json()["data"]
    assert replaced["displayName"] == "Robert" and replaced["email"] == "rob@example.com"
    assert "phoneNumber" not in replaced and "firstName" not in replaced
    assert replaced["additionalEmails"] == []
    assert replaced["roles"] == ["Admin"]  # roles kept unless given
    assert replaced["createdAt"] == agent["createdAt"] and replaced["id"] == agent["id"]

    r = api.patch(
        f"/v1/agents/{agent['id']}", json={"lastName": "Smith", "phoneNumber": "+4599999999"}
    )
    assert r.status_code == 200, r.text
    patched = r.json()["data"]
    assert patched["lastName"] == "Smith" and patched["phoneNumber"] == "+4599999999"
    assert patched["displayName"] == "Robert" and patched["email"] == "rob@example.com"
    r = api.patch(f"/v1/agents/{agent['id']}", json={"phoneNumber": None})
    assert "phoneNumber" not in r.json()["data"]
    assert api.get(f"/v1/agents/{agent['id']}").json()["data"] == r.json()["data"]

    for body in ({"email": None}, {"email": "bad"}, {"displayName": 3}):
        r = api.patch(f"/v1/agents/{agent['id']}", json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith("Invalid value for: body")
    # Dixa's UpdateAgentInput has no email: a PUT without one keeps the address
    r = api.put(f"/v1/agents/{agent['id']}", json={"displayName": "No email"})
    assert r.status_code == 200, r.text
    kept = r.json()["data"]
    assert (kept["displayName"], kept["email"]) == ("No email", "rob@example.com")
    assert "lastName" not in kept and "phoneNumber" not in kept
    events = harness.fetch(
        "SELECT fqn FROM events WHERE org_id = :org AND fqn = 'AGENT_UPDATED'", {"org": api.org.id}
    )
    assert len(events) == 4


def test_delete_downgrades_to_end_user(api: Api, harness: Harness) -> None:
    agent = new_agent(api, "gone@example.com")
    r = api.delete(f"/v1/agents/{agent['id']}")
    assert r.status_code == 204 and r.content == b""
    assert api.get(f"/v1/agents/{agent['id']}").status_code == 404
    assert agent["id"] not in [a["id"] for a in api.get("/v1/agents").json()["data"]]
    assert agent["id"] not in [p["userId"] for p in api.get("/v1/agents/presence").json()]
    assert api.delete(f"/v1/agents/{agent['id']}").status_code == 404
    rows = harness.fetch(
        "SELECT kind, email FROM users WHERE org_id = :org AND id = :id",
        {"org": api.org.id, "id": agent["id"]},
    )
    assert rows == [("EndUser", "gone@example.com")]
    events = harness.fetch(
        "SELECT fqn FROM events WHERE org_id = :org AND fqn = 'AGENT_DELETED'", {"org": api.org.id}
    )
    assert len(events) == 1


def test_bulk_create_mixed(api: Api) -> None:
    r = api.post(
        "/v1/agents/bulk",
        json={
            "data": [
                {"displayName": "One", "email": "one@example.com"},
                {"displayName": "Bad", "email": "bad"},
                {"displayName": "Two", "email": "two@example.com"},
                {"displayName": "Dup", "email": "one@example.com"},
                {"displayName": 7, "email": "x@example.com"},
            ]
        },
    )
    assert r.status_code == 201, r.text
    results = r.json()["data"]
    assert [x["_type"] for x in results] == [
        "BulkActionSuccess",
        "BulkActionFailure",
        "BulkActionSuccess",
        "BulkActionFailure",
        "BulkActionFailure",
    ]
    assert results[0]["data"]["email"] == "one@example.com"
    assert "email" in results[1]["error"]["message"]
    # BulkActionFailure carries an error object: {_type, message} (and the item's id when
    # it has one); _type is Dixa's error kind
    assert results[3] == {
        "_type": "BulkActionFailure",
        "error": {
            "_type": "Integrity",
            "message": "Invalid value for: body, an agent with the email one@example.com "
            "already exists",
        },
    }
    assert results[4]["error"]["message"].startswith("Invalid value for: body")
    assert results[4]["error"]["_type"] == "Validation"
    assert all(set(x["error"]) == {"_type", "message"} for x in results if "error" in x)
    emails = sorted(a["email"] for a in api.get("/v1/agents").json()["data"])
    assert "one@example.com" in emails and "two@example.com" in emails and len(emails) == 3
    r = api.post("/v1/agents/bulk", json={"data": "nope"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")


def test_bulk_put_and_patch(api: Api, other_api: Api) -> None:
    a = new_agent(api, "ba@example.com", phoneNumber="+4510101010")
    b = new_agent(api, "bb@example.com")
    foreign = new_agent(other_api, "foreign@example.com")
    missing = str(uuid.uuid4())
    r = api.put(
        "/v1/agents",
        json={
            "data": [
                {"id": a["id"], "displayName": "A!", "email": "ba@example.com"},
                {"id": missing, "displayName": "M", "email": "m@example.com"},
                {"id": "not-a-uuid", "displayName": "M", "email": "m@example.com"},
                {"displayName": "no id", "email": "n@example.com"},
                {"id": b["id"], "displayName": "B", "email": "ba@example.com"},
                {"id": foreign["id"], "displayName": "F", "email": "f@example.com"},
            ]
        },
    )
    assert r.status_code == 200, r.text
    res = r.json()["data"]
    assert [x["_type"] for x in res] == ["BulkActionSuccess"] + ["BulkActionFailure"] * 5
    assert res[0]["data"]["displayName"] == "A!" and "phoneNumber" not in res[0]["data"]
    assert res[1]["error"] == {"_type": "NotFound", "id": missing, "message": NOT_FOUND["message"]}
    assert "id" in res[2]["error"]["message"] and "id" in res[3]["error"]["message"]
    assert "already exists" in res[4]["error"]["message"]
    assert res[5]["error"]["message"] == NOT_FOUND["message"]
    assert other_api.get(f"/v1/agents/{foreign['id']}").json()["data"]["displayName"] != "F"

    # bare arrays are accepted too (the documented sample)
    r = api.patch(
        "/v1/agents",
        json=[
            {"id": b["id"], "lastName": "Bee"},
            {"id": a["id"], "email": "broken"},
            {"id": missing, "lastName": "X"},
        ],
    )
    assert r.status_code == 200, r.text
    res = r.json()["data"]
    assert [x["_type"] for x in res] == [
        "BulkActionSuccess",
        "BulkActionFailure",
        "BulkActionFailure",
    ]
    assert res[0]["data"]["lastName"] == "Bee" and res[0]["data"]["displayName"] == "bb"
    assert res[1]["error"]["id"] == a["id"] and "email" in res[1]["error"]["message"]
    assert api.get(f"/v1/agents/{a['id']}").json()["data"]["email"] == "ba@example.com"


def test_agent_teams(api: Api, other_api: Api) -> None:
    agent = new_agent(api, "t@example.com")
    assert api.get(f"/v1/agents/{agent['id']}/teams").json() == {"data": []}
    team = api.post("/v1/teams", json={"name": "Support"}).json()["data"]
    r = api.patch(f"/v1/teams/{team['id']}/agents", json={"agentIds": [agent["id"]]})
    assert r.status_code in (200, 204), r.text
    assert api.get(f"/v1/agents/{agent['id']}/teams").json() == {
        "data": [{"id": team["id"], "name": "Support"}]
    }
    assert other_api.get(f"/v1/agents/{agent['id']}/teams").status_code == 404


def test_presence(api: Api, harness: Harness) -> None:
    agent = new_agent(api, "pr@example.com")
    listed = api.get("/v1/agents/presence")
    assert listed.status_code == 200
    body = listed.json()
    assert isinstance(body, list)  # bare array, no envelope
    mine = {p["userId"]: p for p in body}
    assert set(mine) == {api.org.admin_user_id, agent["id"]}
    p = mine[agent["id"]]
    assert p["presenceStatus"] == "Away" and p["connectionStatus"] == "Offline"
    assert p["activeChannels"] == [] and "lastSeen" not in p
    parse_iso(p["requestTime"])

    r = api.put(
        f"/v1/agents/{agent['id']}/presence",
        json={"presenceStatus": "Working", "activeChannels": ["Chat", "Email"]},
    )
    assert r.status_code == 204 and r.content == b""
    one = api.get(f"/v1/agents/{agent['id']}/presence").json()["data"]
    assert one["userId"] == agent["id"] and one["presenceStatus"] == "Working"
    assert one["connectionStatus"] == "Online" and one["activeChannels"] == ["Chat", "Email"]
    parse_iso(one["lastSeen"])
    parse_iso(one["requestTime"])

    r = api.put(
        f"/v1/agents/{agent['id']}/presence",
        json={"presenceStatus": "Away", "connectionStatus": "Offline"},
    )
    assert r.status_code == 204
    one = api.get(f"/v1/agents/{agent['id']}/presence").json()["data"]
    assert one["presenceStatus"] == "Away" and one["connectionStatus"] == "Offline"
    assert one["activeChannels"] == ["Chat", "Email"] and "lastSeen" in one
    listed_one = [x for x in api.get("/v1/agents/presence").json() if x["userId"] == agent["id"]]
    assert listed_one[0]["presenceStatus"] == "Away"

    for bad in (
        {},
        {"presenceStatus": "Busy"},
        {"presenceStatus": "Working", "connectionStatus": "Maybe"},
        {"presenceStatus": "Working", "activeChannels": [""]},
    ):
        r = api.put(f"/v1/agents/{agent['id']}/presence", json=bad)
        assert r.status_code == 400, bad
        assert r.json()["message"].startswith("Invalid value for: body")
    events = harness.fetch(
        "SELECT fqn FROM events WHERE org_id = :org AND fqn = 'AGENT_PRESENCE_UPDATED'",
        {"org": api.org.id},
    )
    assert len(events) == 2


def test_bad_and_unknown_agent_ids(api: Api) -> None:
    missing = str(uuid.uuid4())
    body = {"displayName": "X", "email": "x@example.com"}
    calls = [
        ("GET", "/v1/agents/{}", None),
        ("PUT", "/v1/agents/{}", body),
        ("PATCH", "/v1/agents/{}", {"lastName": "Y"}),
        ("DELETE", "/v1/agents/{}", None),
        ("GET", "/v1/agents/{}/teams", None),
        ("GET", "/v1/agents/{}/presence", None),
        ("PUT", "/v1/agents/{}/presence", {"presenceStatus": "Working"}),
        ("PUT", "/v1/agents/{}/presence/working-channel", {"channel": "Email", "working": True}),
    ]
    for method, path, payload in calls:
        r = api.request(method, path.format("not-a-uuid"), json=payload)
        assert r.status_code == 400, (method, path)
        assert r.json() == PATH_ERROR
        r = api.request(method, path.format(missing), json=payload)
        assert r.status_code == 404, (method, path)
        assert r.json() == NOT_FOUND


def test_other_org_sees_nothing(api: Api, other_api: Api) -> None:
    agent = new_agent(api, "secret@example.com", phoneNumber="+4577777777")
    aid = agent["id"]
    api.put(f"/v1/agents/{aid}/presence", json={"presenceStatus": "Working"})
    assert other_api.get(f"/v1/agents/{aid}").status_code == 404
    assert (
        other_api.put(
            f"/v1/agents/{aid}", json={"displayName": "X", "email": "x@example.com"}
        ).status_code
        == 404
    )
    assert other_api.patch(f"/v1/agents/{aid}", json={"lastName": "X"}).status_code == 404
    assert other_api.delete(f"/v1/agents/{aid}").status_code == 404
    assert other_api.get(f"/v1/agents/{aid}/teams").status_code == 404
    assert other_api.get(f"/v1/agents/{aid}/presence").status_code == 404
    assert (
        other_api.put(f"/v1/agents/{aid}/presence", json={"presenceStatus": "Away"}).status_code
        == 404
    )
    r = other_api.put(
        f"/v1/agents/{aid}/presence/working-channel", json={"channel": "Speak", "working": True}
    )
    assert r.status_code == 404
    assert other_api.get("/v1/agents?email=secret@example.com").json()["data"] == []
    assert other_api.get("/v1/agents?phone=%2B4577777777").json()["data"] == []
    listed = [a["id"] for a in other_api.get("/v1/agents").json()["data"]]
    assert listed == [other_api.org.admin_user_id]
    presence = [p["userId"] for p in other_api.get("/v1/agents/presence").json()]
    assert presence == [other_api.org.admin_user_id]
    r = other_api.patch("/v1/agents", json={"data": [{"id": aid, "lastName": "X"}]})
    assert r.json()["data"][0]["_type"] == "BulkActionFailure"
    # nothing changed for the owner
    assert api.get(f"/v1/agents/{aid}").json()["data"] == agent
    assert api.get(f"/v1/agents/{aid}/presence").json()["data"]["presenceStatus"] == "Working"


def test_working_channel(api: Api, harness: Harness) -> None:
    agent = new_agent(api, "wc@example.com")["id"]
    url = f"/v1/agents/{agent}/presence/working-channel"

    def put(channel: str, working: bool) -> None:
        r = api.put(url, json={"channel": channel, "working": working})
        assert r.status_code == 204 and r.content == b"", r.text

    # an agent that never reported a presence: statuses stay Away/Offline
    put("Email", True)
    p = agent_presence(api, agent)
    assert p["activeChannels"] == ["Email"]
    assert p["presenceStatus"] == "Away" and p["connectionStatus"] == "Offline"
    assert "lastSeen" not in p
    put("Speak", True)
    put("Email", True)  # idempotent
    assert agent_presence(api, agent)["activeChannels"] == ["Email", "Speak"]
    put("Speak", False)
    put("Messaging", False)  # not active: no change
    assert agent_presence(api, agent)["activeChannels"] == ["Email"]

    # the Parley presence endpoint keeps working, and statuses survive a channel change
    r = api.put(
        f"/v1/agents/{agent}/presence",
        json={"presenceStatus": "Working", "connectionStatus": "Online"},
    )
    assert r.status_code == 204
    before = agent_presence(api, agent)
    put("InteractiveChat", True)
    after = agent_presence(api, agent)
    assert after["activeChannels"] == ["Email", "InteractiveChat"]
    assert after["presenceStatus"] == "Working" and after["connectionStatus"] == "Online"
    assert after["lastSeen"] == before["lastSeen"]
    listed = [x for x in api.get("/v1/agents/presence").json() if x["userId"] == agent]
    assert listed[0]["activeChannels"] == ["Email", "InteractiveChat"]

    for bad in (
        {},
        {"channel": "Email"},
        {"working": True},
        {"channel": "Fax", "working": True},
        {"channel": "Email", "working": "yes"},
        ["Email"],
    ):
        r = api.put(url, json=bad)
        assert r.status_code == 400, bad
        assert r.json()["message"].startswith("Invalid value for: body"), r.text
    assert agent_presence(api, agent)["activeChannels"] == ["Email", "InteractiveChat"]

    rows = harness.fetch(
        "SELECT payload FROM events WHERE org_id = :org AND fqn = 'AGENT_PRESENCE_UPDATED' "
        "ORDER BY seq",
        {"org": api.org.id},
    )
    assert len(rows) == 5  # four channel changes (the no-ops write nothing), one status
    last = rows[-1][0]
    assert '"channel":"InteractiveChat"' in last.replace(" ", "")
    assert '"working":true' in last.replace(" ", "")


def test_working_channel_in_openapi(harness: Harness) -> None:
    doc = harness.client.get("/openapi.json").json()
    op = doc["paths"]["/v1/agents/{agentId}/presence/working-channel"]["put"]
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    name = schema["$ref"].rsplit("/", 1)[-1]
    body = doc["components"]["schemas"][name]
    assert set(body["properties"]) == {"channel", "working"}
    assert sorted(body["properties"]["channel"]["enum"]) == [
        "Email",
        "InteractiveChat",
        "Messaging",
        "Speak",
    ]
    assert "204" in op["responses"]
