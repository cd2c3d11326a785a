"""What one organisation's admin operations leave of the others: every row (compared
through snapshots), the journal and the faults; and the journal's and sinks' bounds."""

from __future__ import annotations

from fixtures.testkit import Admin, conversation, harness_of
from parley.admin import traffic_repository as repo
from parley.admin.snapshot_format import parse


def test_a_reset_or_a_delete_leaves_every_row_of_other_organisations(admin: Admin) -> None:
    org, other = admin.new_org("Reset"), admin.new_org("Untouched")
    for each in (org, other):
        cid = conversation(admin, each)
        assert admin.as_org(each, "POST", f"/v1/conversations/{cid}/notes", json={"message": "n"})
        assert admin.call("POST", f"/orgs/{each['id']}/clock/advance", json={"seconds": 60})
        fault = {"status": 503, "count": 5, "routes": ["/v1/nothing"]}
        assert admin.call("POST", f"/orgs/{each['id']}/faults", json=fault).status_code == 201
    before = parse(admin.call("GET", f"/orgs/{other['id']}/snapshot").content)
    journal = admin.call("GET", f"/orgs/{other['id']}/requests").json()["data"]
    assert len(journal) == 4

    assert admin.call("POST", f"/orgs/{org['id']}/reset").status_code == 204
    assert admin.call("GET", f"/orgs/{org['id']}/faults").json()["data"] == []
    assert admin.call("GET", f"/orgs/{org['id']}/requests").json()["data"] == []
    assert admin.call("DELETE", f"/orgs/{org['id']}").status_code == 204

    after = parse(admin.call("GET", f"/orgs/{other['id']}/snapshot").content)
    assert after.sections == before.sections and sum(len(s.rows) for s in after.sections) > 10
    assert admin.call("GET", f"/orgs/{other['id']}/requests").json()["data"] == journal
    assert len(admin.call("GET", f"/orgs/{other['id']}/faults").json()["data"]) == 1


def test_the_journal_and_a_sinks_deliveries_are_pruned_on_write(admin: Admin) -> None:
    org = admin.new_org("Bounded")
    sink = admin.call("POST", "/sinks").json()["data"]

    async def write() -> None:
        async with admin.client.app.state.db.transaction() as tx:
            for n in range(5):
                entry = repo.Recorded(n, "GET", f"/v1/n{n}", "", "", 200)
                await repo.keep_request(tx, org["id"], entry, keep=3)
                delivery = repo.Received(n, {}, f"d{n}".encode(), False)
                await repo.keep_delivery(tx, sink["id"], delivery, keep=3)

    harness_of(admin).call(write)
    kept = admin.call("GET", f"/orgs/{org['id']}/requests").json()["data"]
    assert [e["path"] for e in kept] == ["/v1/n2", "/v1/n3", "/v1/n4"]
    received = admin.call("GET", f"/sinks/{sink['id']}/received").json()["data"]
    assert [d["body"] for d in received] == ["d2", "d3", "d4"]
