"""The admin API (/_parley/): its token, organisations, reset and jobs, on both stores."""

from __future__ import annotations

import asyncio
from typing import Any

from fixtures.testkit import (
    ADMIN_TOKEN,
    Admin,
    all_orgs,
    conversation,
    harness_of,
    org_counts,
    receiver,
)
from parley.admin.repository import JobRow
from parley.admin.service import run_due
from parley.app import create_app
from parley.config import Settings
from parley.kit.clock import now_ms
from parley.worker.runner import Worker


def test_admin_api_is_off_without_its_token(tmp_path: Any, sqlite_url: str) -> None:
    from litestar.testing import TestClient

    settings = Settings.from_env({}, database_url=sqlite_url, data_dir=tmp_path)
    with TestClient(create_app(settings)) as client:
        r = client.get("/_parley/orgs", headers={"Authorization": "anything"})
        assert r.status_code == 404
        assert not any(
            p.startswith("/_parley") for p in client.get("/openapi.json").json()["paths"]
        )


def test_only_the_admin_token_reaches_the_admin_api(admin: Admin) -> None:
    org = admin.new_org()
    for headers in ({}, {"Authorization": org["apiToken"]}, {"Authorization": "Bearer nope"}):
        r = admin.client.get("/_parley/orgs", headers=headers)
        assert r.status_code == 401 and r.json() == {"message": "Missing or invalid admin token"}
        r = admin.client.post("/_parley/jobs/run", headers=headers)
        assert r.status_code == 401
    assert admin.call("GET", "/orgs").status_code == 200
    assert admin.call("GET", "/orgs", headers={"Authorization": ADMIN_TOKEN}).status_code == 200
    # and the admin token is no organisation's token
    r = admin.client.get("/v1/tags", headers={"Authorization": ADMIN_TOKEN})
    assert r.status_code == 401


def test_organisations_are_keyset_paged(admin: Admin) -> None:
    made = [admin.new_org(f"Paged {n}")["id"] for n in range(3)]
    walked = [o["id"] for o in all_orgs(admin, limit=2)]
    assert len(walked) == len(set(walked))
    assert set(walked[-3:]) == set(made)  # the newest (ties in the same ms by id)
    assert walked == [o["id"] for o in all_orgs(admin)]


def test_create_list_and_delete_organisations(admin: Admin) -> None:
    org = admin.new_org("Acme")
    assert set(org) == {"id", "name", "apiToken", "adminUserId", "defaultQueueId"}
    assert admin.as_org(org, "GET", "/v1/tags").status_code == 200
    agents = admin.as_org(org, "GET", "/v1/agents").json()["data"]
    assert [a["id"] for a in agents] == [org["adminUserId"]]
    listed = all_orgs(admin)
    assert {"id": org["id"], "name": "Acme"}.items() <= next(
        o for o in listed if o["id"] == org["id"]
    ).items()

    other = admin.new_org("Other")
    conversation(admin, other)
    conversation(admin, org)
    assert admin.call("DELETE", f"/orgs/{org['id']}").status_code == 204
    assert admin.as_org(org, "GET", "/v1/tags").status_code == 401
    assert org["id"] not in {o["id"] for o in all_orgs(admin)}
    assert org_counts(admin, other) == (0, 1, 1)
    r = admin.call("DELETE", f"/orgs/{org['id']}")
    assert r.status_code == 404 and r.json() == {"message": f"No organisation with id {org['id']}"}


def test_bad_bodies_are_400(admin: Admin) -> None:
    r = admin.call("POST", "/orgs", json={})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = admin.call("POST", "/orgs", json={"name": "  "})
    assert r.status_code == 400 and r.json() == {"message": "An organisation needs a name"}
    r = admin.call("GET", "/jobs", params={"pageKey": "garbage"})
    assert r.status_code == 400 and "pageKey" in r.json()["message"]


def test_reset_empties_one_organisation_and_keeps_its_token(admin: Admin) -> None:
    org, other = admin.new_org("Reset me"), admin.new_org("Keep me")
    for each in (org, other):
        conversation(admin, each)
        assert admin.as_org(each, "POST", "/v1/tags", json={"name": "vip"}).status_code == 200
        assert org_counts(admin, each) == (1, 1, 1)
    assert admin.call("POST", f"/orgs/{org['id']}/reset").status_code == 204

    assert org_counts(admin, org) == (0, 0, 0)
    assert org_counts(admin, other) == (1, 1, 1)
    log = admin.as_org(org, "GET", "/v1/conversations/activitylog").json()["data"]
    assert log == []
    agents = admin.as_org(org, "GET", "/v1/agents").json()["data"]
    assert [a["id"] for a in agents] == [org["adminUserId"]]
    queues = admin.as_org(org, "GET", "/v1/queues").json()["data"]
    assert [q["id"] for q in queues] == [org["defaultQueueId"]]
    # the organisation works as new: a conversation, found by search
    conversation(admin, org)
    assert org_counts(admin, org) == (0, 1, 1)
    assert admin.call("POST", "/orgs/nope/reset").status_code == 404


def test_pending_jobs_are_listed_and_run_on_demand(admin: Admin) -> None:
    org = admin.new_org("Jobs")
    with receiver() as (url, received):
        hook = {"name": "hook", "url": url, "events": ["ConversationCreated"]}
        assert admin.as_org(org, "POST", "/v1/webhooks", json=hook).status_code == 201
        cid = conversation(admin, org)
        pending = admin.call("GET", "/jobs", params={"orgId": org["id"]}).json()
        assert [(j["kind"], j["status"], j["orgId"]) for j in pending["data"]] == [
            ("webhook.deliver", "pending", org["id"])
        ]
        ran = admin.call("POST", "/jobs/run").json()["data"]
        mine = [j for j in ran if j["orgId"] == org["id"]]
        assert [(j["id"], j["status"], j["attempts"]) for j in mine] == [
            (pending["data"][0]["id"], "done", 1)
        ]
        assert len(received) == 1 and str(cid).encode() in received[0]
    assert admin.call("GET", "/jobs", params={"orgId": org["id"]}).json()["data"] == []
    assert admin.call("POST", "/jobs/run").json()["data"] == []


def test_pending_jobs_are_keyset_paged(admin: Admin) -> None:
    org = admin.new_org("Paged jobs")
    hook = {"name": "hook", "url": "http://127.0.0.1:9/none", "events": ["ConversationCreated"]}
    assert admin.as_org(org, "POST", "/v1/webhooks", json=hook).status_code == 201
    for _ in range(3):
        conversation(admin, org)
    seen: list[str] = []
    r = admin.call("GET", "/jobs", params={"orgId": org["id"], "pageLimit": 2}).json()
    seen += [j["id"] for j in r["data"]]
    assert len(r["data"]) == 2 and r["meta"]["next"].startswith("/_parley/jobs?pageKey=")
    r = admin.client.get(r["meta"]["next"], headers={"Authorization": ADMIN_TOKEN}).json()
    seen += [j["id"] for j in r["data"]]
    assert len(seen) == len(set(seen)) == 3 and "next" not in r["meta"]
    assert admin.call("POST", f"/orgs/{org['id']}/reset").status_code == 204
    assert admin.call("GET", "/jobs", params={"orgId": org["id"]}).json()["data"] == []


def test_admin_routes_are_documented_as_an_extension(admin: Admin) -> None:
    doc = admin.client.get("/openapi.json").json()
    ops = [
        (method, path, op)
        for path, item in doc["paths"].items()
        if path.startswith("/_parley/")
        for method, op in item.items()
    ]
    assert {(m, p) for m, p, _ in ops} == {
        ("post", "/_parley/orgs"),
        ("get", "/_parley/orgs"),
        ("delete", "/_parley/orgs/{orgId}"),
        ("post", "/_parley/orgs/{orgId}/reset"),
        ("post", "/_parley/jobs/run"),
        ("get", "/_parley/jobs"),
        ("get", "/_parley/orgs/{orgId}/requests"),
        ("delete", "/_parley/orgs/{orgId}/requests"),
        ("post", "/_parley/orgs/{orgId}/faults"),
        ("get", "/_parley/orgs/{orgId}/faults"),
        ("delete", "/_parley/orgs/{orgId}/faults"),
        ("get", "/_parley/orgs/{orgId}/clock"),
        ("post", "/_parley/orgs/{orgId}/clock/advance"),
        ("delete", "/_parley/orgs/{orgId}/clock"),
        ("post", "/_parley/sinks"),
        ("get", "/_parley/sinks/{sinkId}/received"),
        ("post", "/_parley/sinks/{sinkId}/answers"),
        ("delete", "/_parley/sinks/{sinkId}"),
        ("get", "/_parley/orgs/{orgId}/snapshot"),
        ("post", "/_parley/orgs/snapshot"),
    }
    for _, _, op in ops:
        assert "Parley extension" in op["description"]
        assert op["security"] == [{"ParleyAdminToken": []}]
    assert "ParleyAdminToken" in doc["components"]["securitySchemes"]


def test_a_due_job_the_servers_own_worker_holds_is_waited_for(admin: Admin) -> None:
    """The server's embedded worker may hold a due job when a run starts (woken by the
    commit that made it). Here it holds the job for 0.3 s, then lets it go: the run waits
    instead of answering at once, then runs the job itself."""
    org = admin.new_org("Held job")
    harness = harness_of(admin)
    with receiver() as (url, received):
        hook = {"name": "hook", "url": url, "events": ["ConversationCreated"]}
        assert admin.as_org(org, "POST", "/v1/webhooks", json=hook).status_code == 201
        conversation(admin, org)
        [job] = admin.call("GET", "/jobs", params={"orgId": org["id"]}).json()["data"]
        embedded = Worker(harness.db, harness.settings)  # never started: it only holds

        async def claim(by: str | None) -> None:
            async with harness.db.transaction() as tx:
                await tx.execute(
                    "UPDATE jobs SET claimed_by = :by, claimed_at = :at WHERE id = :id",
                    {"id": job["id"], "by": by, "at": None if by is None else now_ms()},
                )

        async def run() -> list[JobRow]:
            await claim(embedded.worker_id)
            released = asyncio.get_running_loop().call_later(
                0.3, lambda: asyncio.ensure_future(claim(None))
            )
            try:
                return await run_due(harness.db, harness.settings, embedded)
            finally:
                released.cancel()

        ran = harness.call(run)
        assert [(r.id, r.status) for r in ran if r.id == job["id"]] == [(job["id"], "done")]
        assert len(received) == 1
