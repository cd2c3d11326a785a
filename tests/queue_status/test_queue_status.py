"""Queue availability (from the members' presence) and a waiting conversation's position
(from the queue's order), over HTTP on both stores."""

from __future__ import annotations

import uuid

from dixa_spec import assert_conforms
from fixtures.builders import email_conversation
from fixtures.harness import Api
from fixtures.queue_status import (
    availability,
    online_agent,
    queue_of,
    schedule_of,
    set_presence,
    transfer_to,
)


def test_availability_follows_member_presence(api: Api) -> None:
    alice, bob = online_agent(api), online_agent(api)
    queue = queue_of(api, alice, bob)
    for cid in (email_conversation(api), email_conversation(api)):
        transfer_to(api, cid, queue)
    # nobody has reported a presence: not available, two waiting
    assert set(availability(api, queue).values()) == {("NotAvailable", 2)}
    set_presence(api, alice, presenceStatus="Away", connectionStatus="Online")
    set_presence(api, bob, presenceStatus="Working", connectionStatus="Offline")
    assert set(availability(api, queue).values()) == {("NotAvailable", 2)}
    # Bob online and working on one channel only
    set_presence(
        api, bob, presenceStatus="Working", connectionStatus="Online", activeChannels=["AdaChat"]
    )
    found = availability(api, queue)
    assert found["adachat"] == ("Available", None)
    assert found["kindlychat"] == ("NotAvailable", 2)
    # Alice working with no channel named takes every channel
    set_presence(api, alice, presenceStatus="Working", connectionStatus="Online", activeChannels=[])
    assert set(availability(api, queue).values()) == {("Available", None)}
    # an agent outside the queue does not count
    other = queue_of(api)
    assert set(availability(api, other).values()) == {("NotAvailable", 0)}


def test_position_is_the_queue_order(api: Api) -> None:
    queue = queue_of(api)
    cids = [email_conversation(api) for _ in range(4)]
    for cid in cids:
        transfer_to(api, cid, queue)

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
    other = queue_of(api)
    transfer_to(api, cids[2], other)
    assert position(cids[2]) == 1 and position(cids[3]) == 1
    # the default queue's conversations count apart
    assert position(email_conversation(api)) == 1


def test_bad_input_and_other_organisations(api: Api, other_api: Api) -> None:
    assert api.get("/v1/queues/nope/availability").json() == {
        "message": "Invalid value for: path parameter queueId"
    }
    assert api.get(f"/v1/queues/{uuid.uuid4()}/availability").status_code == 404
    for bad in ("abc", "0", "-5"):
        r = api.get(f"/v1/queues/conversation-position/{bad}")
        assert r.json() == {"message": "Invalid value for: path parameter csid"}, bad
    assert api.get("/v1/queues/conversation-position/987654321").status_code == 404
    queue = queue_of(api)
    cid = email_conversation(api)
    assert other_api.get(f"/v1/queues/{queue}/availability").status_code == 404
    assert other_api.get(f"/v1/queues/conversation-position/{cid}").status_code == 404


def test_a_queue_closed_by_its_schedule_is_not_available(api: Api, other_api: Api) -> None:
    agent = online_agent(api)
    set_presence(api, agent, presenceStatus="Working", connectionStatus="Online")
    always = schedule_of(api, [{"startTime": "00:00", "endTime": "24:00"}])
    never = schedule_of(api, [])
    queues = {}
    for name, schedule in (("open", always), ("closed", never)):
        body = {"request": {"name": name, "businessHoursScheduleId": schedule}}
        r = api.post("/v1/queues", json=body)
        assert r.status_code == 201, r.text
        queues[name] = r.json()["data"]["id"]
        assert r.json()["data"]["businessHoursScheduleId"] == schedule
        r = api.patch(f"/v1/queues/{queues[name]}/members", json={"agentIds": [agent]})
        assert r.status_code == 200, r.text
    assert set(availability(api, queues["open"]).values()) == {("Available", None)}
    assert set(availability(api, queues["closed"]).values()) == {("NotAvailable", 0)}
    # a deleted schedule no longer closes the queue
    assert api.delete(f"/v1/business-hours/schedules/{never}").status_code == 204
    assert set(availability(api, queues["closed"]).values()) == {("Available", None)}
    theirs = schedule_of(other_api, [])
    for bad in ("nope", str(uuid.uuid4()), theirs):
        body = {"request": {"name": "q", "businessHoursScheduleId": bad}}
        r = api.post("/v1/queues", json=body)
        assert r.json() == {
            "message": "Invalid value for: body, businessHoursScheduleId is not a business-hours schedule"
        }, bad
