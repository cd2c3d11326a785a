"""Administration through the desk: agents, roles, passwords, queues, tags, API tokens."""

from __future__ import annotations

import re
import uuid
from typing import Any

from fixtures.desk import Browser, DeskOrg, api_data, desk_org, event_count, new_conversation


def test_agents_roles_and_passwords(harness: Any, org: DeskOrg, admin: Browser) -> None:
    email = f"new-{uuid.uuid4().hex[:8]}@example.com"
    r = admin.post("/admin/agents", {"name": "Nina New", "email": email, "role": "agent",
                                      "password": "first password"}, form_page="/admin/agents")  # fmt: skip
    assert r.status_code == 303
    agents = org.api.get("/v1/agents", params={"email": email}).json()["data"]
    assert len(agents) == 1 and agents[0]["displayName"] == "Nina New"
    agent_id = agents[0]["id"]
    nina = Browser(harness)
    assert nina.sign_in(email, "first password").status_code == 303
    assert nina.get("/admin/agents").status_code == 403

    r = admin.post(
        f"/admin/agents/{agent_id}/role", {"role": "administrator"}, form_page="/admin/agents"
    )
    assert r.status_code == 303
    assert "Admin" in org.api.get(f"/v1/agents/{agent_id}").json()["data"]["roles"]
    assert nina.get("/admin/agents").status_code == 200  # the role counts at once
    admin.post(f"/admin/agents/{agent_id}/role", {"role": "agent"}, form_page="/admin/agents")
    assert nina.get("/admin/agents").status_code == 403

    r = admin.post(f"/admin/agents/{agent_id}/password", {"password": "second password"},
                   form_page="/admin/agents")  # fmt: skip
    assert r.status_code == 303
    assert Browser(harness).sign_in(email, "second password").status_code == 303

    me = harness.fetch("SELECT admin_user_id FROM orgs WHERE id = :o", {"o": org.org_id})[0][0]
    r = admin.post(f"/admin/agents/{me}/role", {"role": "agent"}, form_page="/admin/agents")
    assert r.status_code == 400 and "your own administrator role" in r.text


def test_queues_and_tags(org: DeskOrg, admin: Browser) -> None:
    assert (
        admin.post("/admin/queues", {"name": "Escalations"}, form_page="/admin/queues").status_code
        == 303
    )
    names = [q["name"] for q in org.api.get("/v1/queues").json()["data"]]
    assert "Escalations" in names
    assert admin.post("/admin/tags", {"name": "urgent"}, form_page="/admin/tags").status_code == 303
    tag = next(t for t in org.api.get("/v1/tags").json()["data"] if t["name"] == "urgent")
    r = admin.post(f"/admin/tags/{tag['id']}/state", {"state": "Inactive"}, form_page="/admin/tags")
    assert r.status_code == 303
    assert org.api.get(f"/v1/tags/{tag['id']}").json()["data"]["state"] == "Inactive"


def test_queue_members(harness: Any, org: DeskOrg, admin: Browser) -> None:
    """An administrator adds an agent to a queue by email and removes them, through the
    queues service (its QueueMembersChanged events included); another organisation's
    queue is not found."""
    r = admin.post("/admin/queues", {"name": "Escalations"}, form_page="/admin/queues")
    assert r.status_code == 303
    queue = next(q for q in api_data(org.api, "/v1/queues") if q["name"] == "Escalations")
    members = f"/admin/queues/{queue['id']}/members"
    assert admin.post(members, {"email": org.email}, form_page="/admin/queues").status_code == 303
    listed = api_data(org.api, f"/v1/queues/{queue['id']}/members")
    assert [m["agentId"] for m in listed] == [org.agent_id]
    assert "Remove Agent Smith from Escalations" in admin.get("/admin/queues").text
    r = admin.post(members, {"email": "nobody@example.com"}, form_page="/admin/queues")
    assert r.status_code == 400 and "No agent has the email nobody@example.com" in r.text
    r = admin.post(f"{members}/{org.agent_id}/remove", form_page="/admin/queues")
    assert r.status_code == 303
    assert api_data(org.api, f"/v1/queues/{queue['id']}/members") == []
    assert event_count(harness, org, "QUEUE_MEMBERS_CHANGED") == 2
    other = desk_org(harness)
    theirs = api_data(other.api, "/v1/queues")[0]["id"]
    r = admin.post(f"/admin/queues/{theirs}/members", {"email": org.email},
                   form_page="/admin/queues")  # fmt: skip
    assert r.status_code == 404
    assert api_data(other.api, f"/v1/queues/{theirs}/members") == []


def test_api_tokens(harness: Any, org: DeskOrg, admin: Browser) -> None:
    r = admin.post("/admin/tokens", {"name": "reporting"}, form_page="/admin/tokens")
    assert r.status_code == 200
    token = re.search(r'id="new-token">([^<]+)<', r.text)
    assert token
    value = token.group(1)
    assert harness.client.get("/v1/tags", headers={"Authorization": value}).status_code == 200
    listing = admin.get("/admin/tokens").text
    assert "reporting" in listing and value not in listing
    token_id = harness.fetch(
        "SELECT id FROM api_tokens WHERE org_id = :o AND name = 'reporting'", {"o": org.org_id}
    )[0][0]
    r = admin.post(f"/admin/tokens/{token_id}/revoke", form_page="/admin/tokens")
    assert r.status_code == 303
    assert harness.client.get("/v1/tags", headers={"Authorization": value}).status_code == 401


def test_tokens_of_another_organisation_cannot_be_revoked(harness: Any, admin: Browser) -> None:
    other = harness.api("Someone else")
    token_id = harness.fetch("SELECT id FROM api_tokens WHERE org_id = :o", {"o": other.org.id})[0][
        0
    ]
    r = admin.post(f"/admin/tokens/{token_id}/revoke", form_page="/admin/tokens")
    assert r.status_code == 404
    assert other.get("/v1/tags").status_code == 200


def test_teams(org: DeskOrg, admin: Browser, agent: Browser) -> None:
    assert agent.get("/admin/teams").status_code == 403
    assert (
        admin.post("/admin/teams", {"name": "Night shift"}, form_page="/admin/teams").status_code
        == 303
    )
    team = next(t for t in org.api.get("/v1/teams").json()["data"] if t["name"] == "Night shift")
    path = f"/admin/teams/{team['id']}"
    assert (
        admin.post(f"{path}/members", {"email": org.email}, form_page="/admin/teams").status_code
        == 303
    )
    members = org.api.get(f"/v1/teams/{team['id']}/agents").json()["data"]
    assert [m["id"] for m in members] == [org.agent_id]
    r = admin.post(
        f"{path}/members", {"email": "not-an-agent@example.com"}, form_page="/admin/teams"
    )
    assert r.status_code == 400
    assert (
        admin.post(f"{path}/members/{org.agent_id}/remove", form_page="/admin/teams").status_code
        == 303
    )
    assert org.api.get(f"/v1/teams/{team['id']}/agents").json()["data"] == []
    assert admin.post(f"{path}/delete", form_page="/admin/teams").status_code == 303
    assert org.api.get(f"/v1/teams/{team['id']}").status_code == 404


def test_webhooks_and_their_delivery_logs(harness: Any, org: DeskOrg, admin: Browser) -> None:
    from file_server import http_server, send

    with http_server(lambda request: send(request, 200)) as port:
        url = f"http://127.0.0.1:{port}/hook"
        token = admin.csrf("/admin/webhooks")
        r = admin.request(
            "POST",
            "/admin/webhooks",
            data={"csrf": token, "name": "CRM", "url": url,
                  "events": ["ConversationNoteAdded", "ConversationTagAdded"]},
        )  # fmt: skip
        assert r.status_code == 303
        hooks = org.api.get("/v1/webhooks").json()["data"]
        assert len(hooks) == 1 and hooks[0]["url"] == url
        assert sorted(hooks[0]["subscribedEvents"]) == [
            "ConversationNoteAdded",
            "ConversationTagAdded",
        ]
        hook = hooks[0]["id"]
        cid = new_conversation(org.api)
        admin.post(f"/conversations/{cid}/note", {"text": "for the CRM"})
        harness.run_jobs()
    page = admin.get(f"/admin/webhooks/{hook}")
    assert page.status_code == 200
    assert "ConversationNoteAdded" in page.text and "(501)" in page.text  # a GET-only server
    r = admin.post(
        f"/admin/webhooks/{hook}/enabled", {"enabled": "false"}, form_page="/admin/webhooks"
    )
    assert r.status_code == 303
    assert org.api.get(f"/v1/webhooks/{hook}").json()["data"]["enabled"] is False
    assert (
        admin.post(f"/admin/webhooks/{hook}/delete", form_page="/admin/webhooks").status_code == 303
    )
    assert org.api.get("/v1/webhooks").json()["data"] == []


def test_contact_endpoints(org: DeskOrg, admin: Browser, agent: Browser) -> None:
    assert agent.get("/admin/endpoints").status_code == 403
    address = f"help-{uuid.uuid4().hex[:6]}@acme.example"
    r = admin.post("/admin/endpoints", {"kind": "EmailEndpoint", "address": address, "name": "Help"},
                   form_page="/admin/endpoints")  # fmt: skip
    assert r.status_code == 303
    r = admin.post(
        "/admin/endpoints", {"kind": "ChatWidget", "name": "Web chat"}, form_page="/admin/endpoints"
    )
    assert r.status_code == 303
    listed = org.api.get("/v1/contact-endpoints").json()["data"]
    assert {(e["_type"], e.get("address") or e.get("name")) for e in listed} >= {
        ("EmailEndpoint", address), ("ChatWidget", "Web chat")}  # fmt: skip
    page = admin.get("/admin/endpoints").text
    assert address in page and "Web chat" in page
    r = admin.post("/admin/endpoints", {"kind": "Pigeon"}, form_page="/admin/endpoints")
    assert r.status_code == 400


def test_webhooks_of_another_organisation_cannot_be_read_or_changed(
    harness: Any, org: DeskOrg, admin: Browser
) -> None:
    from fixtures.builders import subscribe

    other = desk_org(harness)
    hook = subscribe(other.api, "http://127.0.0.1:9/hook", ["ConversationNoteAdded"])["id"]
    assert admin.get(f"/admin/webhooks/{hook}").status_code == 404
    assert hook not in admin.get("/admin/webhooks").text
    for action in ("delete", "enabled"):
        r = admin.post(f"/admin/webhooks/{hook}/{action}", {"enabled": "false"},
                       form_page="/admin/webhooks")  # fmt: skip
        assert r.status_code == 404, action
    assert other.api.get(f"/v1/webhooks/{hook}").json()["data"]["enabled"] is True
