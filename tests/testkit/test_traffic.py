"""The admin API's request journal and faults, on both stores."""

from __future__ import annotations

from fixtures.testkit import Admin


def test_the_journal_keeps_an_organisations_requests_only(admin: Admin) -> None:
    org, other = admin.new_org("Journal"), admin.new_org("Quiet")
    assert admin.as_org(org, "POST", "/v1/tags", json={"name": "vip"}).status_code == 200
    assert admin.as_org(org, "GET", "/v1/tags", params={"includeDeactivated": "false"}).is_success
    assert admin.as_org(org, "GET", "/v1/conversations/999999999").status_code == 404
    assert admin.as_org(other, "GET", "/v1/agents").status_code == 200

    r = admin.call("GET", f"/orgs/{org['id']}/requests")
    assert r.status_code == 200
    got = [(e["method"], e["path"], e["query"], e["body"], e["status"]) for e in r.json()["data"]]
    assert got == [
        ("POST", "/v1/tags", "", '{"name":"vip"}', 200),
        ("GET", "/v1/tags", "includeDeactivated=false", "", 200),
        ("GET", "/v1/conversations/999999999", "", "", 404),
    ]
    last = admin.call("GET", f"/orgs/{org['id']}/requests", params={"limit": 1}).json()["data"]
    assert [e["path"] for e in last] == ["/v1/conversations/999999999"]
    assert admin.call("DELETE", f"/orgs/{org['id']}/requests").status_code == 204
    assert admin.call("GET", f"/orgs/{org['id']}/requests").json()["data"] == []
    others = admin.call("GET", f"/orgs/{other['id']}/requests").json()["data"]
    assert [e["path"] for e in others] == ["/v1/agents"]
    assert admin.call("GET", f"/orgs/{org['id']}/requests", params={"limit": 0}).status_code == 400
    assert admin.call("GET", "/orgs/nope/requests").status_code == 404


def test_faults_hit_the_next_requests_of_one_organisation(admin: Admin) -> None:
    org, other = admin.new_org("Faulty"), admin.new_org("Healthy")
    fault = {"status": 429, "count": 2, "retryAfter": 7}
    r = admin.call("POST", f"/orgs/{org['id']}/faults", json=fault)
    assert r.status_code == 201 and r.json()["data"]["count"] == 2
    for _ in range(2):
        r = admin.as_org(org, "POST", "/v1/tags", json={"name": "never"})
        assert r.status_code == 429 and r.headers["retry-after"] == "7"
        assert r.json() == {"message": "Too many requests"}
        assert admin.as_org(other, "GET", "/v1/tags").status_code == 200
    assert admin.as_org(org, "GET", "/v1/tags").json()["data"] == []  # nothing was written
    assert admin.call("GET", f"/orgs/{org['id']}/faults").json()["data"] == []
    statuses = [
        e["status"] for e in admin.call("GET", f"/orgs/{org['id']}/requests").json()["data"]
    ]
    assert statuses == [429, 429, 200]


def test_faults_on_some_routes_or_a_share_of_requests(admin: Admin) -> None:
    org = admin.new_org("Flaky")
    only_tags = {"status": 503, "count": 5, "routes": ["/v1/tags"]}
    assert admin.call("POST", f"/orgs/{org['id']}/faults", json=only_tags).status_code == 201
    assert admin.as_org(org, "GET", "/v1/agents").status_code == 200
    assert admin.as_org(org, "GET", "/v1/tags").status_code == 503
    assert [f["count"] for f in admin.call("GET", f"/orgs/{org['id']}/faults").json()["data"]] == [
        4
    ]
    assert admin.call("DELETE", f"/orgs/{org['id']}/faults").status_code == 204
    assert admin.as_org(org, "GET", "/v1/tags").status_code == 200

    always = {"status": 500, "share": 1.0}
    assert admin.call("POST", f"/orgs/{org['id']}/faults", json=always).status_code == 201
    assert {admin.as_org(org, "GET", "/v1/agents").status_code for _ in range(3)} == {500}
    assert admin.call("DELETE", f"/orgs/{org['id']}/faults").status_code == 204


def test_bad_faults_are_400(admin: Admin) -> None:
    org = admin.new_org("Bad faults")
    for body, reason in [
        ({"status": 404, "count": 1}, "status must be one of [429, 500, 503]"),
        ({"status": 429}, "give either count or share"),
        ({"status": 429, "count": 1, "share": 0.5}, "give either count or share"),
        ({"status": 429, "count": 0}, "count must be at least 1"),
        ({"status": 429, "share": 1.5}, "share must be more than 0 and at most 1"),
        ({"status": 429, "count": 1, "routes": ["tags"]}, "routes must be path prefixes"),
    ]:
        r = admin.call("POST", f"/orgs/{org['id']}/faults", json=body)
        assert r.status_code == 400 and reason in r.json()["message"], r.text
    r = admin.call("POST", f"/orgs/{org['id']}/faults", json={"status": "x"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    assert (
        admin.call("POST", "/orgs/nope/faults", json={"status": 429, "count": 1}).status_code == 404
    )


def test_a_reset_clears_the_journal_and_the_faults(admin: Admin) -> None:
    org = admin.new_org("Reset traffic")
    assert admin.as_org(org, "GET", "/v1/tags").status_code == 200
    fault = {"status": 503, "count": 3}
    assert admin.call("POST", f"/orgs/{org['id']}/faults", json=fault).status_code == 201
    assert admin.call("POST", f"/orgs/{org['id']}/reset").status_code == 204
    assert admin.call("GET", f"/orgs/{org['id']}/requests").json()["data"] == []
    assert admin.call("GET", f"/orgs/{org['id']}/faults").json()["data"] == []
    assert admin.as_org(org, "GET", "/v1/tags").status_code == 200
