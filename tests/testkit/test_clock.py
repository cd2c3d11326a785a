"""An organisation's clock, moved through the admin API, on both stores."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from fixtures.testkit import Admin, conversation, iso_of, ms_of, receiver


def test_advancing_the_clock_expires_a_followup_and_fires_its_webhook(admin: Admin) -> None:
    org, other = admin.new_org("Clocked"), admin.new_org("Real time")
    with receiver() as (url, received):
        hook = {"name": "hook", "url": url, "events": ["ConversationPendingExpired"]}
        assert admin.as_org(org, "POST", "/v1/webhooks", json=hook).status_code == 201
        cid, other_cid = conversation(admin, org), conversation(admin, other)
        in_an_hour = iso_of(datetime.now(UTC) + timedelta(hours=1))
        for who, c in ((org, cid), (other, other_cid)):
            r = admin.as_org(
                who, "PUT", f"/v1/conversations/{c}/followup", json={"timestamp": in_an_hour}
            )
            assert r.status_code == 204, r.text
        admin.call("POST", "/jobs/run")
        assert (
            admin.as_org(org, "GET", f"/v1/conversations/{cid}").json()["data"]["state"]
            == "Pending"
        )

        r = admin.call("POST", f"/orgs/{org['id']}/clock/advance", json={"seconds": 3601})
        assert r.status_code == 200
        clock = r.json()["data"]
        assert clock["offsetSeconds"] == 3601
        assert abs(ms_of(clock["now"]) - (time.time() + 3601) * 1000) < 60_000
        ran = [j for j in admin.call("POST", "/jobs/run").json()["data"] if j["orgId"] == org["id"]]
        assert {(j["kind"], j["status"]) for j in ran} == {
            ("conversation.followup_expire", "done"),
            ("webhook.deliver", "done"),
        }
        opened = admin.as_org(org, "GET", f"/v1/conversations/{cid}").json()["data"]
        assert opened["state"] == "Open"
        # what the organisation writes from now on is dated on its clock
        assert ms_of(opened["stateUpdatedAt"]) > (time.time() + 3500) * 1000
        assert len(received) == 1 and b"CONVERSATION_PENDING_EXPIRED" in received[0]
    # the other organisation's follow-up is still an hour away
    assert (
        admin.as_org(other, "GET", f"/v1/conversations/{other_cid}").json()["data"]["state"]
        == "Pending"
    )
    pending = admin.call("GET", "/jobs", params={"orgId": other["id"]}).json()["data"]
    assert [j["kind"] for j in pending] == ["conversation.followup_expire"]


def test_back_to_real_time_keeps_pending_jobs_on_the_organisations_clock(admin: Admin) -> None:
    org = admin.new_org("Back and forth")
    cid = conversation(admin, org)
    at = datetime.now(UTC) + timedelta(hours=2)
    r = admin.as_org(
        org, "PUT", f"/v1/conversations/{cid}/followup", json={"timestamp": iso_of(at)}
    )
    assert r.status_code == 204
    [job] = admin.call("GET", "/jobs", params={"orgId": org["id"]}).json()["data"]
    assert abs(ms_of(job["runAt"]) - at.timestamp() * 1000) < 2

    assert (
        admin.call("POST", f"/orgs/{org['id']}/clock/advance", json={"seconds": 3600}).status_code
        == 200
    )
    [job] = admin.call("GET", "/jobs", params={"orgId": org["id"]}).json()["data"]
    assert abs(ms_of(job["runAt"]) - (at.timestamp() - 3600) * 1000) < 2  # due an hour sooner
    # a follow-up set now is read on the organisation's clock: an hour from real time
    # is already past for it
    r = admin.as_org(
        org,
        "PUT",
        f"/v1/conversations/{cid}/followup",
        json={"timestamp": iso_of(datetime.now(UTC) + timedelta(minutes=30))},
    )
    assert r.status_code == 400 and "future" in r.json()["message"]

    r = admin.call("DELETE", f"/orgs/{org['id']}/clock")
    assert r.status_code == 200 and r.json()["data"]["offsetSeconds"] == 0
    [job] = admin.call("GET", "/jobs", params={"orgId": org["id"]}).json()["data"]
    assert abs(ms_of(job["runAt"]) - at.timestamp() * 1000) < 2
    read = admin.call("GET", f"/orgs/{org['id']}/clock").json()["data"]
    assert read["offsetSeconds"] == 0 and abs(ms_of(read["now"]) - time.time() * 1000) < 60_000


def test_clock_errors(admin: Admin) -> None:
    org = admin.new_org("Clock errors")
    for body in ({"seconds": 0}, {"seconds": -5}, {"seconds": 10**12}):
        r = admin.call("POST", f"/orgs/{org['id']}/clock/advance", json=body)
        assert r.status_code == 400 and "seconds must be between" in r.json()["message"]
    r = admin.call("POST", f"/orgs/{org['id']}/clock/advance", json={"seconds": "soon"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    assert admin.call("POST", "/orgs/nope/clock/advance", json={"seconds": 1}).status_code == 404
    assert admin.call("GET", "/orgs/nope/clock").status_code == 404
    # a reset puts the clock back to real time
    assert (
        admin.call("POST", f"/orgs/{org['id']}/clock/advance", json={"seconds": 60}).status_code
        == 200
    )
    assert admin.call("POST", f"/orgs/{org['id']}/reset").status_code == 204
    assert admin.call("GET", f"/orgs/{org['id']}/clock").json()["data"]["offsetSeconds"] == 0


def test_search_durations_are_measured_on_the_organisations_clock(admin: Admin) -> None:
    org = admin.new_org("Durations")
    cid = conversation(admin, org)
    longer = {"_type": "Duration", "operator": {"_type": "LongerThanOrEqualTo", "duration": 86400}}
    body = {"filters": {"strategy": "All", "conditions": [{"field": longer}]}}

    def found() -> list[int]:
        r = admin.as_org(org, "POST", "/v1/search/conversations", json=body)
        assert r.status_code == 200, r.text
        return [hit["id"] for hit in r.json()["data"]]

    assert found() == []
    r = admin.call("POST", f"/orgs/{org['id']}/clock/advance", json={"seconds": 2 * 86400})
    assert r.status_code == 200
    assert found() == [cid]
