"""Nothing is cut short: administration lists are keyset-paged and the inbox's filters
take a name when an organisation has more queues, tags or agents than a drop-down shows."""

from __future__ import annotations

import re
from typing import Any

import pytest

from fixtures.builders import subscribe
from fixtures.desk import Browser, DeskOrg, follow_admin_pages, new_conversation
from parley.desk import inbox, paging


def test_administration_lists_are_paged(
    org: DeskOrg, admin: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "ADMIN_PAGE", 2)
    names = [f"tag-{i}" for i in range(5)]
    for name in names:
        assert org.api.post("/v1/tags", json={"name": name}).status_code == 200
    seen, pages = follow_admin_pages(admin, "/admin/tags", r"<tr><td>(tag-\d)</td>")
    assert sorted(seen) == names and pages == 3  # each once (ties on time: by id)
    for name in ("q1", "q2", "q3"):
        org.api.post("/v1/queues", json={"name": name})
    seen, pages = follow_admin_pages(admin, "/admin/queues", r"<tr>\s*<td>(q\d)</td>")
    assert sorted(seen) == ["q1", "q2", "q3"] and pages >= 2
    seen, _ = follow_admin_pages(admin, "/admin/agents", r"<td>(agent-[0-9a-f]+@example.com)</td>")
    assert seen == [org.email]


def test_api_tokens_are_paged(
    org: DeskOrg, admin: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "ADMIN_PAGE", 2)
    token = admin.csrf("/admin/tokens")
    for i in range(4):
        r = admin.request("POST", "/admin/tokens", data={"csrf": token, "name": f"tk-{i}"})
        assert r.status_code == 200
    seen, pages = follow_admin_pages(admin, "/admin/tokens", r"<tr><td>(tk-\d)</td>")
    assert sorted(seen) == ["tk-0", "tk-1", "tk-2", "tk-3"] and pages == 3  # + the org's own
    assert admin.get("/admin/tokens?pageKey=garbage").status_code == 400


def test_team_members_are_added_by_email(org: DeskOrg, admin: Browser) -> None:
    team = org.api.post("/v1/teams", json={"name": "Day shift"}).json()["data"]["id"]
    path = f"/admin/teams/{team}/members"
    r = admin.post(path, {"email": org.email.upper()}, form_page="/admin/teams")
    assert r.status_code == 303
    members = org.api.get(f"/v1/teams/{team}/agents").json()["data"]
    assert [m["id"] for m in members] == [org.agent_id]
    r = admin.post(path, {"email": "nobody@example.com"}, form_page="/admin/teams")
    assert r.status_code == 400 and "nobody@example.com" in r.text


def test_inbox_filters_by_name_beyond_a_drop_down(
    org: DeskOrg, agent: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbox, "OPTIONS", 1)
    page = agent.get("/?view=open").text
    assert 'name="tag"' in page  # no tags yet: a drop-down
    ids = {
        n: org.api.post("/v1/tags", json={"name": n}).json()["data"]["id"]
        for n in ("vip", "refund")
    }
    a = new_conversation(org.api)
    new_conversation(org.api)
    assert agent.post(f"/conversations/{a}/tags", {"tag": ids["refund"]}).status_code == 303
    page = agent.get("/?view=open").text
    assert 'name="tag_name"' in page and 'name="tag"' not in page
    assert 'name="assignee_name"' in page  # the agent and the organisation's API user
    found = agent.get("/?view=open&tag_name=refund")
    assert re.findall(r'<a href="/conversations/(\d+)">', found.text) == [str(a)]
    assert 'value="refund"' in found.text
    r = agent.get("/?view=open&tag_name=nothing")
    assert r.status_code == 400 and "no tag is named nothing" in r.text
    agent.post(f"/conversations/{a}/claim")
    mine = agent.get(f"/?view=open&assignee_name={org.email}")
    assert re.findall(r'<a href="/conversations/(\d+)">', mine.text) == [str(a)]


def test_conversation_pickers_take_a_name_beyond_a_drop_down(
    org: DeskOrg, agent: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = new_conversation(org.api)
    page = agent.get(f"/conversations/{cid}").text
    assert 'name="queue"' in page  # the default queue only: a drop-down
    monkeypatch.setattr(inbox, "OPTIONS", 1)
    for name in ("vip", "refund"):
        org.api.post("/v1/tags", json={"name": name})
    queue = org.api.post("/v1/queues", json={"name": "Billing"}).json()["data"]["id"]
    page = agent.get(f"/conversations/{cid}").text
    assert 'name="tag_name"' in page and 'name="queue_name"' in page
    path = f"/conversations/{cid}"
    assert agent.post(f"{path}/tags", {"tag_name": "refund"}).status_code == 303
    tags = org.api.get(f"/v1/conversations/{cid}/tags").json()["data"]
    assert [t["name"] for t in tags] == ["refund"]
    assert agent.post(f"{path}/transfer", {"queue_name": "Billing"}).status_code == 303
    assert org.api.get(f"/v1/conversations/{cid}").json()["data"]["queue"]["id"] == queue
    r = agent.post(f"{path}/tags", {"tag_name": "nothing"})
    assert r.status_code == 400 and "No tag is named nothing" in r.text


def test_webhook_subscriptions_and_delivery_logs_are_paged(
    harness: Any, org: DeskOrg, admin: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    from file_server import http_server, send
    from parley.desk import routes_admin_webhooks

    monkeypatch.setattr(paging, "ADMIN_PAGE", 2)
    monkeypatch.setattr(routes_admin_webhooks, "LOGS", 2)
    with http_server(lambda request: send(request, 200)) as port:
        url = f"http://127.0.0.1:{port}/hook"
        hooks = [subscribe(org.api, url, ["ConversationNoteAdded"], name=f"hook-{i}")
                 for i in range(5)]  # fmt: skip
        cid = new_conversation(org.api)
        for i in range(3):
            org.api.post(f"/v1/conversations/{cid}/notes", json={"message": f"n{i}"})
        harness.run_jobs()
    seen, pages = follow_admin_pages(admin, "/admin/webhooks", r'">(hook-\d)</a></td>')
    assert sorted(seen) == [f"hook-{i}" for i in range(5)] and pages == 3
    first = hooks[0]["id"]
    attempts = harness.fetch(
        "SELECT COUNT(*) FROM webhook_attempts WHERE org_id = :o AND subscription_id = :s",
        {"o": org.org_id, "s": first},
    )[0][0]
    assert attempts >= 3
    seen, pages = follow_admin_pages(
        admin, f"/admin/webhooks/{first}", r"<td>(Delivered|Failed) \("
    )
    assert len(seen) == attempts and pages == (attempts + 1) // 2
    later = admin.get(f"/admin/webhooks/{first}?event=ConversationNoteAdded&pageKey=garbage")
    assert later.status_code == 400
