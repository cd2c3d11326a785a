from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from file_server import http_server
from fixtures.builders import (
    chat_conversation,
    create_agent,
    create_end_user,
    email_conversation,
    inbound,
    outbound,
    phone_endpoint,
    post_conversation,
    text,
)
from fixtures.harness import Api, Harness, make_settings
from fixtures.messages import INVOICE_PDF, files
from fixtures.reads import activity_types, event_names
from parley.app import create_app


@pytest.fixture(scope="module")
def files_url() -> Iterator[str]:
    with http_server(files) as port:
        yield f"http://127.0.0.1:{port}"


def test_add_and_list_email_messages(harness: Harness, api: Api) -> None:
    requester = create_end_user(api, name="Ada", email="ada@example.com")
    agent = create_agent(api, name="Grace")
    cid = email_conversation(api, requesterId=requester)
    r = api.post(
        f"/v1/conversations/{cid}/messages",
        json=outbound(
            agent, "Thanks", cc=["Boss@Example.com"], bcc=["x@example.com"], externalId="ext-1"
        ),
    )
    assert r.status_code == 200, r.text
    added = r.json()["data"]
    assert added["direction"] == "Outbound" and added["authorId"] == agent
    assert added["content"] == {"_type": "Text", "value": "Thanks"}
    assert added["externalId"] == "ext-1" and added["createdAt"].endswith("Z")
    assert uuid.UUID(added["messageId"])
    html = {"_type": "Inbound", "content": text("<p>Hello <b>there</b></p>", "Html")}
    r = api.post(f"/v1/conversations/{cid}/messages", json=html)
    assert r.status_code == 200 and r.json()["data"]["authorId"] == requester
    listed = api.get(f"/v1/conversations/{cid}/messages").json()
    msgs = listed["data"]
    assert len(msgs) == 3 and "next" not in listed["meta"]
    first, second, third = msgs
    assert first["authorId"] == requester and second["id"] == added["messageId"]
    a = second["attributes"]
    assert a["_type"] == "EmailAttributes" and a["isAutoReply"] is False
    assert a["from"]["name"] == "Grace" and a["to"] == [{"email": "ada@example.com", "name": "Ada"}]
    assert a["cc"] == [{"email": "boss@example.com"}] and a["bcc"] == [{"email": "x@example.com"}]
    assert a["emailContent"] == {
        "_type": "Regular",
        "content": {"_type": "Text", "value": "Thanks"},
    }
    assert second["externalId"] == "ext-1"
    assert first["attributes"]["from"]["email"] == "ada@example.com"
    assert third["attributes"]["emailContent"]["content"]["_type"] == "Html"
    stored = harness.fetch(
        "SELECT text FROM messages WHERE org_id = :o AND conversation_id = :c ORDER BY seq",
        {"o": api.org.id, "c": cid},
    )
    assert stored[2][0] == "Hello there"
    assert activity_types(harness, cid, api.org.id)[-2:] == [
        "MessageAddedByAgent",
        "MessageAddedByCustomer",
    ]
    assert event_names(harness, cid, api.org.id).count("CONVERSATION_MESSAGE_ADDED") == 3
    conv = harness.fetch(
        "SELECT last_message_at, created_at FROM conversations WHERE org_id = :o AND id = :c",
        {"o": api.org.id, "c": cid},
    )[0]
    assert conv[0] >= conv[1]


def test_chat_markdown_and_paging(harness: Harness, api: Api) -> None:
    cid = chat_conversation(api)
    md = {"_type": "Inbound", "content": text("**Bold** and [link](http://x)", "Markdown")}
    assert api.post(f"/v1/conversations/{cid}/messages", json=md).status_code == 200
    for i in range(3):
        api.post(f"/v1/conversations/{cid}/messages", json=inbound(f"m{i}"))
    msgs = api.get(f"/v1/conversations/{cid}/messages").json()["data"]
    assert msgs[1]["attributes"]["_type"] == "ChatAttributes"
    assert msgs[1]["attributes"]["isAutomated"] is False
    assert msgs[1]["attributes"]["content"]["_type"] == "Markdown"
    assert (
        harness.fetch(
            "SELECT text FROM messages WHERE org_id = :o AND id = :i",
            {"o": api.org.id, "i": msgs[1]["id"]},
        )[0][0]
        == "Bold and link"
    )
    seen: list[str] = []
    url = f"/v1/conversations/{cid}/messages?pageLimit=2"
    pages = 0
    while url:
        body = api.get(url).json()
        seen += [m["id"] for m in body["data"]]
        url = body["meta"].get("next")
        pages += 1
    assert seen == [m["id"] for m in msgs] and pages == 3


def test_channel_rules(harness: Harness, api: Api) -> None:
    requester = create_end_user(api)
    agent = create_agent(api)
    number = phone_endpoint(api)
    sms = post_conversation(
        api,
        {
            "_type": "Sms",
            "requesterId": requester,
            "contactEndpointId": number,
            "message": outbound(agent),
        },
    )
    r = api.post(f"/v1/conversations/{sms}/messages", json=inbound())
    assert r.status_code == 400 and r.json() == {"message": "Unsupported ConversationChannel"}
    assert api.post(f"/v1/conversations/{sms}/messages", json=outbound(agent)).status_code == 200
    msgs = api.get(f"/v1/conversations/{sms}/messages").json()["data"]
    assert {m["attributes"]["_type"] for m in msgs} == {"SmsAttributes"}
    cb = post_conversation(
        api,
        {
            "_type": "Callback",
            "requesterId": requester,
            "direction": "Inbound",
            "contactEndpointId": number,
            "queueId": api.org.default_queue_id,
        },
    )
    for body in (inbound(), outbound(agent)):
        r = api.post(f"/v1/conversations/{cb}/messages", json=body)
        assert r.status_code == 400 and r.json()["message"] == "Unsupported ConversationChannel"


def test_duplicate_external_id_and_bad_input(harness: Harness, api: Api) -> None:
    cid = chat_conversation(api)
    other = chat_conversation(api)
    url = f"/v1/conversations/{cid}/messages"
    assert api.post(url, json=inbound(externalId="e1")).status_code == 200
    r = api.post(url, json=inbound(externalId="e1"))
    assert r.status_code == 400 and r.json() == {"message": "Duplicate externalId"}
    assert (
        api.post(f"/v1/conversations/{other}/messages", json=inbound(externalId="e1")).status_code
        == 200
    )
    r = api.post(url, json=outbound(str(uuid.uuid4())))  # Dixa's reference: 404
    assert r.status_code == 404
    assert r.json() == {"message": "An entity in this request could not be found"}
    r = api.post(url, json=outbound(create_end_user(api)))
    assert r.status_code == 400
    assert (
        r.json()["message"]
        == "Invalid value for: body, agentId is not an agent of the organisation"
    )
    r = api.post(url, json=inbound("   "))
    assert r.status_code == 400 and r.json()["message"] == "Invalid input for Message"
    for body in (
        {"_type": "Inbound", "content": {"_type": "Pdf", "value": "x"}},
        {"_type": "Sideways", "content": text("x")},
        {"content": text("x")},
    ):
        r = api.post(url, json=body)
        assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    assert api.get("/v1/conversations/abc/messages").json() == {
        "message": "Invalid value for: path parameter conversationId"
    }
    assert api.post(f"/v1/conversations/{cid + 100000}/messages", json=inbound()).status_code == 404
    r = api.get(f"{url}?pageLimit=0")
    assert r.status_code == 400
    assert len(api.get(url).json()["data"]) == 2


def test_inbound_reopens_closed_and_ends_followup(harness: Harness, api: Api) -> None:
    agent = create_agent(api)
    cid = chat_conversation(api)
    queue = api.org.default_queue_id
    harness.execute(
        "UPDATE conversations SET state = 'Closed', queue_id = NULL, queued_at = NULL, "
        "assigned_agent_id = :a, followup_until = :f WHERE org_id = :o AND id = :c",
        {"a": agent, "f": 9_999_999_999_999, "o": api.org.id, "c": cid},
    )
    assert api.post(f"/v1/conversations/{cid}/messages", json=outbound(agent)).status_code == 200
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["state"] == "Closed"
    assert api.post(f"/v1/conversations/{cid}/messages", json=inbound("again")).status_code == 200
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["state"] == "Open" and conv["queue"]["id"] == queue and "assignment" not in conv
    types = activity_types(harness, cid, api.org.id)
    assert types[-3:] == ["FollowupRemoved", "ConversationUnassigned", "ConversationReopened"]
    row = harness.fetch(
        "SELECT followup_until FROM conversations WHERE org_id = :o AND id = :c",
        {"o": api.org.id, "c": cid},
    )
    assert row[0][0] is None


def test_inbound_reopen_logs_like_routing(harness: Harness, api: Api) -> None:
    """The reopen an inbound message causes writes what PUT /reopen writes: the same
    ConversationUnassigned attributes, and a follow-up's job is cancelled."""
    agent = api.post(
        "/v1/agents", json={"displayName": "Audrey Horne", "email": "audrey@example.com"}
    ).json()["data"]["id"]
    cid = chat_conversation(api)
    assert api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent}).status_code == 204
    r = api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": "2999-01-01T00:00:00Z"})
    assert r.status_code == 204
    assert (
        api.post(f"/v1/conversations/{cid}/messages", json=inbound("still there?")).status_code
        == 200
    )
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["state"] == "Open" and conv["assignment"]["agentId"] == agent  # kept
    jobs = harness.fetch(
        "SELECT status FROM jobs WHERE org_id = :o AND kind = 'conversation.followup_expire'",
        {"o": api.org.id},
    )
    assert jobs == [("cancelled",)]
    assert api.put(f"/v1/conversations/{cid}/close").status_code == 204
    assert api.post(f"/v1/conversations/{cid}/messages", json=inbound("hello?")).status_code == 200
    log = api.get(f"/v1/conversations/{cid}/activitylog").json()["data"]
    assert [e["_type"] for e in log][-4:] == [
        "ConversationClosed",
        "MessageAddedByCustomer",
        "ConversationUnassigned",
        "ConversationReopened",
    ]
    unassigned = log[-2]
    assert unassigned["attributes"]["agent"] == {
        "id": agent,
        "name": "Audrey Horne",
        "email": "audrey@example.com",
    }
    requester = api.get(f"/v1/conversations/{cid}").json()["data"]["requesterId"]
    assert unassigned["author"]["id"] == requester and log[-1]["author"]["id"] == requester
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["state"] == "Open" and "assignment" not in conv
    assert conv["queue"]["id"] == api.org.default_queue_id


def test_inbound_ends_pending_followup(harness: Harness, api: Api) -> None:
    # What PUT /reopen writes for Pending -> Open, authored by the requester; the
    # follow-up's job is cancelled.
    cid = chat_conversation(api)
    r = api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": "2999-01-01T00:00:00Z"})
    assert r.status_code == 204, r.text
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["state"] == "Pending"
    assert api.post(f"/v1/conversations/{cid}/messages", json=inbound()).status_code == 200
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["state"] == "Open"
    assert activity_types(harness, cid, api.org.id)[-3:] == [
        "MessageAddedByCustomer",
        "FollowupRemoved",
        "ConversationReopened",
    ]
    assert event_names(harness, cid, api.org.id)[-3:] == [
        "CONVERSATION_MESSAGE_ADDED",
        "FOLLOWUP_REMOVED",
        "CONVERSATION_OPEN",
    ]
    reopened = harness.fetch(
        "SELECT a.author_id, c.requester_id FROM activity a JOIN conversations c "
        "ON c.org_id = a.org_id AND c.id = a.conversation_id "
        "WHERE a.org_id = :o AND a.conversation_id = :c AND a.type = 'ConversationReopened'",
        {"o": api.org.id, "c": cid},
    )
    assert len(reopened) == 1 and reopened[0][0] == reopened[0][1]
    jobs = harness.fetch(
        "SELECT status FROM jobs WHERE org_id = :o AND kind = :k AND dedupe_key = :c",
        {"o": api.org.id, "k": "conversation.followup_expire", "c": str(cid)},
    )
    assert jobs == [("cancelled",)]


def test_attachments_downloaded_and_served(
    harness: Harness, api: Api, other_api: Api, files_url: str
) -> None:
    cid = email_conversation(api)
    body = inbound(
        "see file", attachments=[{"url": f"{files_url}/invoice.pdf", "prettyName": "Invoice.pdf"}]
    )
    r = api.post(f"/v1/conversations/{cid}/messages", json=body)
    assert r.status_code == 200, r.text
    msg = api.get(f"/v1/conversations/{cid}/messages").json()["data"][-1]
    att = msg["attributes"]["attachments"]
    assert len(att) == 1 and att[0]["prettyName"] == "Invoice.pdf"
    path = "/v1/attachments/" + att[0]["url"].rsplit("/", 1)[-1]
    assert att[0]["url"].endswith(path)
    got = api.get(path)
    assert got.status_code == 200 and got.content == INVOICE_PDF
    assert got.headers["content-type"].startswith("application/pdf")
    assert other_api.get(path).status_code == 404
    assert api.get(f"/v1/attachments/{uuid.uuid4()}").status_code == 404
    assert api.get("/v1/attachments/nope").status_code == 400
    rows = harness.fetch(
        "SELECT size, source_url FROM attachments WHERE org_id = :o", {"o": api.org.id}
    )
    assert rows == [(len(INVOICE_PDF), f"{files_url}/invoice.pdf")]


def test_attachments_in_create(harness: Harness, api: Api, files_url: str) -> None:
    cid = chat_conversation(api, inbound(attachments=[{"url": f"{files_url}/invoice.pdf"}]))
    att = api.get(f"/v1/conversations/{cid}/messages").json()["data"][0]["attributes"]
    assert att["attachments"][0]["prettyName"] == "invoice.pdf"
    r = api.post(
        "/v1/conversations",
        json={
            "_type": "Chat",
            "requesterId": create_end_user(api),
            "widgetId": api.get("/v1/contact-endpoints").json()["data"][0]["id"],
            "message": inbound(attachments=[{"url": f"{files_url}/missing"}]),
        },
    )
    assert r.status_code == 400 and r.json() == {"message": "Failure to download attachment"}
    assert (
        len(harness.fetch("SELECT id FROM conversations WHERE org_id = :o", {"o": api.org.id})) == 1
    )


def test_failed_download_writes_nothing(harness: Harness, api: Api, files_url: str) -> None:
    cid = chat_conversation(api)
    for url in (
        f"{files_url}/missing",
        f"{files_url}/huge",
        "ftp://example.com/x",
        "http://127.0.0.1:1/closed",
    ):
        r = api.post(f"/v1/conversations/{cid}/messages", json=inbound(attachments=[{"url": url}]))
        assert r.status_code == 400, url
        assert r.json() == {"message": "Failure to download attachment"}
    assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 1
    assert (
        harness.fetch("SELECT COUNT(*) FROM attachments WHERE org_id = :o", {"o": api.org.id})[0][0]
        == 0
    )


def test_private_addresses_refused_by_default(
    harness: Harness, tmp_path: Path, files_url: str
) -> None:
    settings = make_settings(harness.settings.database_url, tmp_path, allow_private_addresses=False)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        strict = Harness(client, harness.store, settings)
        api = strict.api()
        cid = chat_conversation(api)
        for url in (f"{files_url}/invoice.pdf", "http://localhost/x", "http://169.254.169.254/"):
            r = api.post(
                f"/v1/conversations/{cid}/messages", json=inbound(attachments=[{"url": url}])
            )
            assert r.status_code == 400, url
            assert r.json() == {"message": "Failure to download attachment"}


def test_other_org_gets_404(harness: Harness, api: Api, other_api: Api) -> None:
    cid = chat_conversation(api)
    assert other_api.get(f"/v1/conversations/{cid}/messages").status_code == 404
    r = other_api.post(f"/v1/conversations/{cid}/messages", json=inbound())
    assert r.status_code == 404
    assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 1
