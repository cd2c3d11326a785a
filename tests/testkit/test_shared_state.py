"""The journal, the faults and the sinks are in the store: two apps on one store (two
server processes) share them, and a fault's last request is served once."""

from __future__ import annotations

import pytest

from fixtures.races import Background, HeldTransaction, at_once
from fixtures.testkit import Admin


def test_a_fault_set_through_one_process_is_served_by_the_other(
    twins: tuple[Admin, Admin],
) -> None:
    one, two = twins
    org = one.new_org("Shared faults")
    fault = {"status": 503, "count": 2, "routes": ["/v1/tags"]}
    assert one.call("POST", f"/orgs/{org['id']}/faults", json=fault).status_code == 201
    assert two.as_org(org, "GET", "/v1/tags").status_code == 503
    assert one.as_org(org, "GET", "/v1/tags").status_code == 503
    assert two.as_org(org, "GET", "/v1/tags").status_code == 200
    assert one.call("GET", f"/orgs/{org['id']}/faults").json()["data"] == []
    journal = one.call("GET", f"/orgs/{org['id']}/requests").json()["data"]
    assert [e["status"] for e in journal] == [503, 503, 200]
    assert two.call("GET", f"/orgs/{org['id']}/requests").json()["data"] == journal


def test_a_delivery_received_by_one_process_is_listed_by_the_other(
    twins: tuple[Admin, Admin],
) -> None:
    one, two = twins
    sink = one.call("POST", "/sinks").json()["data"]
    path = sink["url"].split("://", 1)[1].split("/", 1)[1]
    assert two.call("POST", f"/sinks/{sink['id']}/answers", json={"status": 500}).is_success
    r = one.client.post("/" + path, content=b'{"event":"x"}', headers={"X-Test": "1"})
    assert r.status_code == 500  # the answer set through the other process
    assert two.client.post("/" + path, content=b"second").status_code == 200
    got = two.call("GET", f"/sinks/{sink['id']}/received").json()["data"]
    assert [(d["body"], d["signatureVerified"]) for d in got] == [
        ('{"event":"x"}', False),
        ("second", False),
    ]
    assert got[0]["headers"]["x-test"] == "1"
    assert two.call("DELETE", f"/sinks/{sink['id']}").status_code == 204
    assert one.call("GET", f"/sinks/{sink['id']}/received").status_code == 404


def test_the_last_request_of_a_fault_is_served_once_across_processes(
    twins: tuple[Admin, Admin],
) -> None:
    one, two = twins
    org = one.new_org("Last fault")
    assert one.call("POST", f"/orgs/{org['id']}/faults", json={"status": 429, "count": 1})
    statuses = at_once(
        [lambda a=a: a.as_org(org, "GET", "/v1/agents").status_code for a in (one, two) * 3]
    )
    assert sorted(statuses) == [200] * 5 + [429]


def test_a_fault_taken_meanwhile_by_another_process_is_not_served_again(
    twins: tuple[Admin, Admin], pg_url: str
) -> None:
    one, two = twins
    if one.store != "postgres":
        pytest.skip("a held transaction is PostgreSQL's (SQLite writers are serialised)")
    org = one.new_org("Held fault")
    fault = one.call("POST", f"/orgs/{org['id']}/faults", json={"status": 500, "count": 1})
    held = HeldTransaction(pg_url)
    try:
        # another process takes the fault's last request, not committed yet
        held.execute(
            "UPDATE admin_faults SET remaining = remaining - 1 WHERE id = $1 AND remaining > 0",
            fault.json()["data"]["id"],
        )
        request = Background(lambda: two.as_org(org, "GET", "/v1/agents").status_code)
        held.wait_for_lock_waiter()
        held.commit()
        assert request.result() == 200  # the count was spent: the request ran
    finally:
        held.close()
