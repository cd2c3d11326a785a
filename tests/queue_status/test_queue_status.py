"""Queue availability (from the members' presence) and a waiting conversation's position
(from the queue's order), over HTTP on both stores."""

from __future__ import annotations

import uuid
from typing import Any

from conftest import Api
from conversation_support import new_conversation
from dixa_spec import assert_conforms

CHANNELS = ["adachat", "kindlychat", "digitalgeniuschat", "genericapimessaging"]


def _agent(api: Api) -> str:
    email = f"a-{uuid.uuid4().hex[:8]}@example.com"
    r = api.post("/v1/agents", json={"displayName": "Agent", "email": email})
    assert r.status_code == 201, r.text
    agent_id: str = r.json()["data"]["id"]
    return agent_id


def _queue(api: Api, *members: str) -> str:
    r = api.post("/v1/queues", json={"request": {"name": f"q-{uuid.uuid4().hex[:6]}"}})
    assert r.status_code == 201, r.text
    queue_id: str = r.json()["data"]["id"]
    if members:
        r = api.patch(f"/v1/queues/{queue_id}/members", json={"agentIds": list(members)})
        assert r.status_code == 200, r.text
    return queue_id


def _presence(api: Api, agent_id: str, **body: Any) -> None:
    r = api.put(f"/v1/agents/{agent_id}/presence", json=body)
    assert r.status_code == 204, r.text


def _availability(api: Api, queue_id: str) -> dict[str, Any]:
    r = api.get(f"/v1/queues/{queue_id}/availability")
    assert r.status_code == 200, r.text
    assert_conforms(r.json(), "GET", "/v1/queues/{queueId}/availability")
    out = {}
    for item in r.json()["data"]:
        assert item["_type"] == "Success"
        channel = item["channelAvailability"]
        assert channel["_type"] == "GenericChannel"
        out[channel["genericChannelName"]] = (channel["availability"], channel.get("queueSize"))
    assert list(out) == CHANNELS
    return out


def _transfer(api: Api, cid: int, queue_id: str) -> None:
    r = api.put(f"/v1/conversations/{cid}/transfer/queue", json={"queueId": queue_id})
    assert r.status_code == 204, r.text


def test_availability_follows_member_presence(api: Api) -> None:
    alice, bob = _agent(api), _agent(api)
    queue = _queue(api, alice, bob)
    for cid in (new_conversation(api), new_conversation(api)):
        _transfer(api, cid, queue)
    # nobody has reported a presence: not available, two waiting
    assert set(_availability(api, queue).values()) == {("NotAvailable", 2)}
    _presence(api, alice, presenceStatus="Away", connectionStatus="Online")
    _presence(api, bob, presenceStatus="Working", connectionStatus="Offline")
    assert set(_availability(api, queue).values()) == {("NotAvailable", 2)}
    # Bob online and working on one channel only
    _presence(
        api, bob, presenceStatus="Working", connectionStatus="Online", activeChannels=["AdaChat"]
    )
    found = _availability(api, queue)
    assert found["adachat"] == ("Available", None)
    assert found["kindlychat"] == ("NotAvailable", 2)
    # Alice working with no channel named takes every channel
    _presence(api, alice, presenceStatus="Working", connectionStatus="Online", activeChannels=[])
    assert set(_availability(api, queue).values()) == {("Available", None)}
    # an agent outside the queue does not count
    other = _queue(api)
    assert set(_availability(api, other).values()) == {("NotAvailable", 0)}


def test_position_is_the_queue_order(api: Api) -> None:
    queue = _queue(api)
    cids = [new_conversation(api) for _ in range(4)]
    for cid in cids:
        _transfer(api, cid, queue)

    def position(cid: int) -> int:
        r = api.get(f"/v1/queues/conversation-position/{cid}")
        assert r.status_code == 200, r.text
        assert_conforms(r.json(), "GET", "/v1/queues/conversation-position/{csid}")
        assert r.json()["data"]["queuedAt"].endswith("Z")
        value: int = r.json()["data"]["position"]
        return value

    assert [position(c) for c in cids] == [1, 2, 3, 4]
    # the first is claimed: it no longer waits, the others move up
    r = api.put(f"/v1/conversations/{cids[0]}/claim", json={"agentId": api.org.admin_user_id})
    assert r.status_code == 204, r.text
    assert api.get(f"/v1/queues/conversation-position/{cids[0]}").status_code == 404
    assert [position(c) for c in cids[1:]] == [1, 2, 3]
    # closing the second, and moving the third to another queue (queued again, now first)
    assert api.put(f"/v1/conversations/{cids[1]}/close", json={}).status_code == 204
    other = _queue(api)
    _transfer(api, cids[2], other)
    assert position(cids[2]) == 1 and position(cids[3]) == 1
    # the default queue's conversations count apart
    assert position(new_conversation(api)) == 1


def test_bad_input_and_other_organisations(api: Api, other_api: Api) -> None:
    assert api.get("/v1/queues/nope/availability").json() == {
        "message": "Invalid value for: path parameter queueId"
    }
    assert api.get(f"/v1/queues/{uuid.uuid4()}/availability").status_code == 404
    for bad in ("abc", "0", "-5"):
        r = api.get(f"/v1/queues/conversation-position/{bad}")
        assert r.json() == {"message": "Invalid value for: path parameter csid"}, bad
    assert api.get("/v1/queues/conversation-position/987654321").status_code == 404
    queue = _queue(api)
    cid = new_conversation(api)
    assert other_api.get(f"/v1/queues/{queue}/availability").status_code == 404
    assert other_api.get(f"/v1/queues/conversation-position/{cid}").status_code == 404


def _schedule(api: Api, hours: list[dict[str, str]]) -> str:
    body = {
        "name": "Hours",
        "timezone": "Europe/Copenhagen",
        "startDate": "2020-01-01",
        "businessHours": [{"dayOfWeek": d, "intervals": hours} for d in range(1, 8)],
    }
    r = api.post("/v1/business-hours/schedules", json=body)
    assert r.status_code == 201, r.text
    schedule_id: str = r.json()["data"]["schedule"]["id"]
    return schedule_id


def test_a_queue_closed_by_its_schedule_is_not_available(api: Api, other_api: Api) -> None:
    agent = _agent(api)
    _presence(api, agent, presenceStatus="Working", connectionStatus="Online")
    always = _schedule(api, [{"startTime": "00:00", "endTime": "24:00"}])
    never = _schedule(api, [])
    queues = {}
    for name, schedule in (("open", always), ("closed", never)):
        body = {"request": {"name": name, "businessHoursScheduleId": schedule}}
        r = api.post("/v1/queues", json=body)
        assert r.status_code == 201, r.text
        queues[name] = r.json()["data"]["id"]
        assert r.json()["data"]["businessHoursScheduleId"] == schedule
        r = api.patch(f"/v1/queues/{queues[name]}/members", json={"agentIds": [agent]})
        assert r.status_code == 200, r.text
    assert set(_availability(api, queues["open"]).values()) == {("Available", None)}
    assert set(_availability(api, queues["closed"]).values()) == {("NotAvailable", 0)}
    # a deleted schedule no longer closes the queue
    assert api.delete(f"/v1/business-hours/schedules/{never}").status_code == 204
    assert set(_availability(api, queues["closed"]).values()) == {("Available", None)}
    theirs = _schedule(other_api, [])
    for bad in ("nope", str(uuid.uuid4()), theirs):
        body = {"request": {"name": "q", "businessHoursScheduleId": bad}}
        r = api.post("/v1/queues", json=body)
        assert r.json() == {
            "message": "Invalid value for: body, businessHoursScheduleId is not a business-hours schedule"
        }, bad
