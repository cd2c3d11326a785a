"""Follow-up: Pending until a time, then Open again through a delayed job."""

from __future__ import annotations

import time
import uuid
from datetime import datetime

from fixtures.builders import create_agent, create_end_user, email_conversation, iso_in
from fixtures.harness import Api, Harness
from fixtures.reads import conversation, log_entries, routing_types
from fixtures.routing import followup_jobs


def test_followup_sets_pending_and_expires(harness: Harness, api: Api) -> None:
    agent = create_agent(api)
    cid = email_conversation(api)
    ts = iso_in(1.5)
    r = api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": ts, "userId": agent})
    assert r.status_code == 204 and r.content == b""
    pending = conversation(api, cid)
    assert pending["state"] == "Pending"
    assert routing_types(api, cid) == ["ConversationPending", "FollowupAdded"]
    added = log_entries(api, cid, "FollowupAdded")[0]
    assert added["author"]["id"] == agent
    [(status, run_at)] = followup_jobs(harness, api, cid)
    assert status == "pending"
    expected = int(datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp() * 1000)
    assert run_at == expected
    # not due yet: nothing changes
    harness.run_jobs()
    assert conversation(api, cid)["state"] == "Pending"
    assert followup_jobs(harness, api, cid)[0][0] == "pending"
    time.sleep(max(0.0, run_at / 1000 - time.time()) + 0.1)
    harness.run_jobs()
    opened = conversation(api, cid)
    assert opened["state"] == "Open"
    assert opened["stateUpdatedAt"] > pending["stateUpdatedAt"]
    assert routing_types(api, cid)[-1] == "FollowupExpired"
    assert followup_jobs(harness, api, cid)[0][0] == "done"
    # runs once
    harness.run_jobs()
    assert routing_types(api, cid).count("FollowupExpired") == 1


def test_reopen_before_expiry_removes_followup(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": iso_in(1.0)})
    r = api.put(f"/v1/conversations/{cid}/reopen")
    assert r.status_code == 204
    assert conversation(api, cid)["state"] == "Open"
    assert "queue" in conversation(api, cid)
    assert routing_types(api, cid) == [
        "ConversationPending",
        "FollowupAdded",
        "FollowupRemoved",
        "ConversationReopened",
    ]
    assert [s for s, _ in followup_jobs(harness, api, cid)] == ["cancelled"]
    time.sleep(1.1)
    harness.run_jobs()
    assert conversation(api, cid)["state"] == "Open"
    assert "FollowupExpired" not in routing_types(api, cid)


def test_close_during_followup_removes_it(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": iso_in(3600)})
    assert api.put(f"/v1/conversations/{cid}/close").status_code == 204
    assert conversation(api, cid)["state"] == "Closed"
    assert routing_types(api, cid)[-2:] == ["FollowupRemoved", "ConversationClosed"]
    assert [s for s, _ in followup_jobs(harness, api, cid)] == ["cancelled"]


def test_new_followup_replaces_previous(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": iso_in(3600)})
    r = api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": iso_in(7200)})
    assert r.status_code == 204
    assert [s for s, _ in followup_jobs(harness, api, cid)] == ["cancelled", "pending"]
    assert routing_types(api, cid) == ["ConversationPending", "FollowupAdded", "FollowupAdded"]


def test_followup_errors(api: Api, other_api: Api) -> None:
    cid = email_conversation(api)
    url = f"/v1/conversations/{cid}/followup"
    r = api.put(url, json={"timestamp": iso_in(-60)})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = api.put(url, json={"timestamp": "tomorrow"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = api.put(url, json={})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    for user, text in (
        (str(uuid.uuid4()), "User not found"),
        (create_agent(other_api), "User not found"),
        (create_end_user(api), "User is not agent/admin"),
    ):
        r = api.put(url, json={"timestamp": iso_in(60), "userId": user})
        assert r.status_code == 400 and r.json() == {"message": text}
    assert conversation(api, cid)["state"] == "Open"
    assert (
        api.put("/v1/conversations/0/followup", json={"timestamp": iso_in(60)}).status_code == 400
    )
    assert (
        api.put("/v1/conversations/987654321/followup", json={"timestamp": iso_in(60)}).status_code
        == 404
    )
    api.put(f"/v1/conversations/{cid}/close")
    assert api.put(url, json={"timestamp": iso_in(60)}).status_code == 409
    assert routing_types(api, cid) == ["ConversationClosed"]


def test_followup_accepts_gmt_suffix(api: Api) -> None:
    cid = email_conversation(api)
    r = api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": iso_in(600) + "[GMT]"})
    assert r.status_code == 204
    assert conversation(api, cid)["state"] == "Pending"


def test_other_org_cannot_follow_up(api: Api, other_api: Api) -> None:
    cid = email_conversation(api)
    r = other_api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": iso_in(60)})
    assert r.status_code == 404
    assert conversation(api, cid)["state"] == "Open"
