"""The conversation page: actions through the same services as the API, authored by the
signed-in agent; customer HTML shown safely."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import escape

from fixtures.conversation_attributes import create_definition, definition_ids
from fixtures.desk import (
    Browser,
    DeskOrg,
    api_data,
    desk_org,
    event_authors,
    event_count,
    new_conversation,
)


def test_reply_and_note_are_authored_by_the_agent(org: DeskOrg, agent: Browser) -> None:
    cid = new_conversation(org.api)
    page = agent.get(f"/conversations/{cid}")
    assert page.status_code == 200
    for name in ("Reply", "Send", "Note", "Claim", "Close conversation"):
        assert f">{name}</button>" in page.text, name
    r = agent.post(
        f"/conversations/{cid}/reply", {"text": "We are on it"}, form_page=f"/conversations/{cid}"
    )
    assert r.status_code == 303 and r.headers["location"] == f"/conversations/{cid}"
    r = agent.post(
        f"/conversations/{cid}/note",
        {"text": "Check the courier"},
        form_page=f"/conversations/{cid}",
    )
    assert r.status_code == 303
    messages = api_data(org.api, f"/v1/conversations/{cid}/messages")
    outbound = [m for m in messages if m["authorId"] == org.agent_id]
    assert len(outbound) == 1
    assert outbound[0]["attributes"]["emailContent"]["content"]["value"] == "We are on it"
    notes = api_data(org.api, f"/v1/conversations/{cid}/notes")
    assert [(n["authorId"], n["message"]) for n in notes] == [(org.agent_id, "Check the courier")]
    log = api_data(org.api, f"/v1/conversations/{cid}/activitylog")
    assert any(e["_type"] == "NoteAdded" and e["author"]["id"] == org.agent_id for e in log)
    page = agent.get(f"/conversations/{cid}")
    assert "We are on it" in page.text
    assert re.search(r'class="note"[^>]*>.*Internal note.*Check the courier', page.text, re.S)


def test_an_empty_reply_is_refused(org: DeskOrg, agent: Browser) -> None:
    cid = new_conversation(org.api)
    r = agent.post(f"/conversations/{cid}/reply", {"text": "   "})
    assert r.status_code == 400 and "Write something first" in r.text
    assert len(api_data(org.api, f"/v1/conversations/{cid}/messages")) == 1


def test_claim_transfer_tag_close_reopen(harness: Any, org: DeskOrg, agent: Browser) -> None:
    cid = new_conversation(org.api)
    r = org.api.post("/v1/queues", json={"name": "Returns"})
    assert r.status_code == 201, r.text
    queue_id = r.json()["data"]["id"]
    r = org.api.post("/v1/tags", json={"name": "vip"})
    assert r.status_code in (200, 201), r.text
    tag_id = r.json()["data"]["id"]
    conv = f"/conversations/{cid}"

    assert agent.post(f"{conv}/claim").status_code == 303
    assert api_data(org.api, f"/v1{conv}")["assignment"]["agentId"] == org.agent_id
    assert re.search(r'class="activity"><span>Conversation claimed', agent.get(conv).text)
    assert f"/conversations/{cid}" in agent.get("/?view=mine").text

    assert agent.post(f"{conv}/transfer", {"queue": queue_id}).status_code == 303
    data = api_data(org.api, f"/v1{conv}")
    assert data["queue"]["id"] == queue_id and data.get("assignment") is None

    assert agent.post(f"{conv}/tags", {"tag": tag_id}).status_code == 303
    assert [t["name"] for t in api_data(org.api, f"/v1{conv}/tags")] == ["vip"]
    assert f"/conversations/{cid}" in agent.get(f"/?view=open&tag={tag_id}").text
    assert agent.post(f"{conv}/tags/{tag_id}/remove").status_code == 303
    assert api_data(org.api, f"/v1{conv}/tags") == []

    assert agent.post(f"{conv}/followup", {"after": "1d"}).status_code == 303
    assert api_data(org.api, f"/v1{conv}")["state"] == "Pending"

    assert agent.post(f"{conv}/close").status_code == 303
    assert api_data(org.api, f"/v1{conv}")["state"] == "Closed"
    assert ">Reopen</button>" in agent.get(conv).text
    r = agent.post(f"{conv}/claim")
    assert r.status_code == 409 and "closed" in r.text
    assert agent.post(f"{conv}/reopen").status_code == 303
    assert api_data(org.api, f"/v1{conv}")["state"] == "Open"

    log = api_data(org.api, f"/v1{conv}/activitylog")
    by_agent = {e["_type"] for e in log if (e.get("author") or {}).get("id") == org.agent_id}
    assert {"ConversationClaimed", "TransferSuccessful", "TagAdded", "ConversationClosed",
            "ConversationReopened"} <= by_agent  # fmt: skip
    events = event_authors(harness, org, cid)
    desk_made = events[[fqn for fqn, _ in events].index("CONVERSATION_CLAIMED") :]
    assert len(desk_made) >= 5
    assert {author for _, author in desk_made} == {org.agent_id}, events  # never the API's


XSS = (
    '<p>Hello <b>there</b></p><script>alert("x")</script>'
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">click</a>'
    '<a href="https://example.com/ok" onclick="alert(3)">fine link</a>'
    '<iframe src="https://evil.example"></iframe>'
    '<svg onload="alert(4)"><script>alert(5)</script></svg>'
    '<p style="background:url(javascript:alert(6))">styled</p>'
    '<a href=" JaVaScRiPt:alert(7)">spaced</a>'
)


def test_customer_html_never_becomes_executable(org: DeskOrg, agent: Browser) -> None:
    cid = new_conversation(org.api)
    r = org.api.post(
        f"/v1/conversations/{cid}/messages",
        json={"_type": "Inbound", "content": {"_type": "Html", "value": XSS}},
    )
    assert r.status_code in (200, 201), r.text
    page = agent.get(f"/conversations/{cid}")
    assert page.status_code == 200
    body = page.text.lower()
    thread = body[body.index('id="thread"') : body.index('id="reply-text"')]
    for bad in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<svg",
                "style=", "<img"):  # fmt: skip
        assert bad not in thread, bad
    assert "<b>there</b>" in thread
    assert 'href="https://example.com/ok" rel="noopener noreferrer nofollow"' in thread
    assert "<script" not in body.replace('<script src="/static/desk.js" defer></script>', "")


def test_text_messages_are_escaped(org: DeskOrg, agent: Browser) -> None:
    cid = new_conversation(org.api, text='<script>alert("t")</script> & <b>bold</b>')
    page = agent.get(f"/conversations/{cid}")
    assert (
        "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page.text
    )


def test_unknown_conversation_is_404(agent: Browser) -> None:
    assert agent.get("/conversations/424242424242").status_code == 404
    assert agent.get(f"/conversations/{2**63}").status_code == 404
    assert agent.get("/conversations/abc").status_code in (400, 404)


def test_attachments_download_sandboxed(harness: Any, org: DeskOrg, agent: Browser) -> None:
    from file_server import FILE_BODY, file_server

    cid = new_conversation(org.api)
    with file_server() as files:
        url = files.url("/file.pdf", host="127.0.0.1")
        r = org.api.post(
            f"/v1/conversations/{cid}/messages",
            json={"_type": "Inbound", "content": {"_type": "Text", "value": "see file"},
                  "attachments": [{"url": url, "prettyName": "report.pdf"}]},
        )  # fmt: skip
        assert r.status_code in (200, 201), r.text
    page = agent.get(f"/conversations/{cid}").text
    found = re.search(r'<a href="/attachments/([0-9a-f-]+)" download>report.pdf</a>', page)
    assert found
    r = agent.get(f"/attachments/{found.group(1)}")
    assert r.status_code == 200 and r.content == FILE_BODY
    assert r.headers["content-length"] == str(len(FILE_BODY))
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == "attachment; filename*=UTF-8''report.pdf"
    assert "sandbox" in r.headers["content-security-policy"]
    assert Browser(harness).get(f"/attachments/{found.group(1)}").status_code == 303
    assert agent.get("/attachments/00000000-0000-4000-8000-000000000000").status_code == 404
    # another organisation's attachment: its id is no file of this agent's organisation
    other = harness.api("Other org")
    other_cid = new_conversation(other)
    with file_server() as files:
        r = other.post(
            f"/v1/conversations/{other_cid}/messages",
            json={"_type": "Inbound", "content": {"_type": "Text", "value": "theirs"},
                  "attachments": [{"url": files.url("/file.pdf", host="127.0.0.1")}]},
        )  # fmt: skip
        assert r.status_code in (200, 201), r.text
    theirs = other.get(f"/v1/conversations/{other_cid}/messages").json()["data"][-1]
    their_id = theirs["attributes"]["attachments"][0]["url"].rsplit("/", 1)[-1]
    assert other.get(f"/v1/attachments/{their_id}").status_code == 200
    assert agent.get(f"/attachments/{their_id}").status_code == 404


def test_the_page_shows_ratings_linked_conversations_and_the_requesters_others(
    org: DeskOrg, agent: Browser
) -> None:
    from fixtures.builders import email_conversation

    cid = new_conversation(org.api)
    requester = org.api.get(f"/v1/conversations/{cid}").json()["data"]["requesterId"]
    other = email_conversation(org.api, requesterId=requester)
    child = new_conversation(org.api)
    r = org.api.put(f"/v1/conversations/{child}/link",
                    json={"parentId": cid, "linkType": "SideConversation"})  # fmt: skip
    assert r.status_code == 204, r.text
    r = org.api.post(f"/v1/conversations/{cid}/ratings/offer", json={
        "userId": requester, "agentId": org.agent_id, "ratingType": "Csat",
        "offeredAt": "2024-03-11T16:39:30Z"})  # fmt: skip
    assert r.status_code == 201, r.text
    page = agent.get(f"/conversations/{cid}").text
    assert "Linked conversations" in page and f'<a href="/conversations/{child}">' in page
    assert f'href="/conversations/{other}"' in page  # the requester's other conversation
    assert "Csat:" in page


def test_custom_attributes_are_edited_by_the_agent(
    harness: Any, org: DeskOrg, agent: Browser
) -> None:
    """The page's attribute form offers the active Conversation definitions (deactivated
    options left out, nested ones by their path), and a submitted form patches the values
    through the service the API uses, as the agent; a value not offered is refused whole."""
    ids = definition_ids(org.api)
    create_definition(org.api, "loyalty_card", {"_type": "Text"}, entity="Contact")
    cid = new_conversation(org.api)
    conv = f"/conversations/{cid}"
    text, select = f"attr-{ids['text']}", f"attr-{ids['select']}"
    page = agent.get(conv).text
    assert f'<label for="{text}">Order_No</label>' in page
    assert ">Shipping / Late</option>" in page and ">Retired<" not in page
    assert "Loyalty_Card" not in page and "Vip_Level" not in page
    late = str(escape(json.dumps(["shipping", "late"], separators=(",", ":"))))
    assert f'value="{late}"' in page
    form = {text: "A-17", select: '["shipping","late"]'}
    assert agent.post(f"{conv}/attributes", form, form_page=conv).status_code == 303
    shown = {a["id"]: a["value"] for a in api_data(org.api, f"/v1{conv}")["customAttributes"]}
    assert shown == {ids["text"]: "A-17", ids["select"]: ["shipping", "late"]}
    page = agent.get(conv).text
    assert 'value="A-17"' in page and f'value="{late}" selected' in page
    log = api_data(org.api, f"/v1{conv}/activitylog")
    updated = [e for e in log if e["_type"] == "ConversationCustomAttributesUpdated"]
    assert [e["author"]["id"] for e in updated] == [org.agent_id]
    r = agent.post(f"{conv}/attributes", {text: "B-2", select: '["retired"]'}, form_page=conv)
    assert r.status_code == 400 and "Choose one of the offered values" in r.text
    r = agent.post(f"{conv}/attributes", {text: "", select: ""}, form_page=conv)
    assert r.status_code == 303
    assert api_data(org.api, f"/v1{conv}")["customAttributes"] == []
    assert event_count(harness, org, "CONVERSATION_CUSTOM_ATTRIBUTE_UPDATED") == 2
    other = desk_org(harness)
    theirs = new_conversation(other.api)
    r = agent.post(f"/conversations/{theirs}/attributes", {text: "x"}, form_page=conv)
    assert r.status_code == 404
