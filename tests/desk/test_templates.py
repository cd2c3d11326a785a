"""Templates in the desk: administration (create, edit, delete) and the reply box's
picker, which inserts a template rendered for the conversation and the agent."""

from __future__ import annotations

import html
import re

import pytest

from fixtures.desk import Browser, DeskOrg, api_data, new_conversation, reply_text, template_picker
from parley.desk import routes_conversation

PAGE = "/admin/templates"


def test_administration(org: DeskOrg, admin: Browser, agent: Browser) -> None:
    assert agent.get(PAGE).status_code == 403
    r = admin.post(PAGE, {"name": "Thanks", "type": "QuickResponse",
                          "content": "Thanks {{requester_firstname}}!"}, form_page=PAGE)  # fmt: skip
    assert r.status_code == 303
    (made,) = api_data(org.api, "/v1/templates")
    assert (made["name"], made["_type"], made["content"]) == (
        "Thanks", "QuickResponse", "Thanks {{requester_firstname}}!")  # fmt: skip
    assert "Thanks" in admin.get(PAGE).text
    path = f"{PAGE}/{made['id']}"
    assert "{{requester_firstname}}" in html.unescape(admin.get(path).text)
    r = admin.post(path, {"name": "Auto", "type": "EmailAutoReply", "subject": "We got it",
                          "content": "We will answer soon."}, form_page=PAGE)  # fmt: skip
    assert r.status_code == 303
    (edited,) = api_data(org.api, "/v1/templates")
    assert (edited["name"], edited["_type"], edited["subject"]) == (
        "Auto", "EmailAutoReply", "We got it")  # fmt: skip
    assert (
        admin.post(path, {"name": "X", "type": "Fax", "content": "x"}, form_page=PAGE).status_code
        == 400
    )
    r = admin.post(path, {"name": "X", "type": "QuickResponse", "content": " "}, form_page=PAGE)
    assert r.status_code == 400 and api_data(org.api, "/v1/templates")[0]["name"] == "Auto"
    assert admin.post(f"{path}/delete", form_page=PAGE).status_code == 303
    assert api_data(org.api, "/v1/templates") == []
    assert admin.get(path).status_code == 404


def test_reply_box_inserts_a_rendered_template(
    org: DeskOrg, agent: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = new_conversation(org.api)
    made = []
    for name in ("Greeting", "Sign-off", "Farewell"):
        r = org.api.post("/v1/templates", json={
            "name": name, "content": f"{name}: Hi {{{{requester_firstname}}}}, {{{{agent_name}}}} here"})  # fmt: skip
        assert r.status_code == 201, r.text
        made.append(r.json()["data"]["id"])
    org.api.post("/v1/templates", json={"name": "Auto", "_type": "EmailAutoReply", "content": "x"})
    page = agent.get(f"/conversations/{cid}").text
    assert "Greeting" in page and ">Auto<" not in page  # quick responses only
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token
    r = agent.request("POST", f"/conversations/{cid}/template",
                      data={"csrf": token.group(1), "template": made[0], "text": "Hello."})  # fmt: skip
    assert r.status_code == 200
    assert reply_text(r.text) == "Hello.\n\nGreeting: Hi Carla, Agent Smith here"
    r = agent.request("POST", f"/conversations/{cid}/template",
                      data={"csrf": "forged", "template": made[0]})  # fmt: skip
    assert r.status_code == 403
    assert agent.post(f"/conversations/{cid}/template", {"template": "nope"}).status_code == 404

    monkeypatch.setattr(routes_conversation, "TEMPLATE_OPTIONS", 2)
    first = agent.get(f"/conversations/{cid}").text
    more = re.search(r'href="([^"]+)#reply-text">More templates', first)
    assert more
    second = agent.get(html.unescape(more.group(1))).text
    assert "First templates" in second
    shown = [template_picker(first), template_picker(second)]
    assert [len(names) for names in shown] == [2, 1]
    assert sorted(shown[0] + shown[1]) == ["Farewell", "Greeting", "Sign-off"]
