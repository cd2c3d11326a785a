"""Reads never write: every GET of the conversation engine leaves the store as it was."""

from __future__ import annotations

from fixtures.builders import chat_conversation, create_agent, create_end_user, email_conversation
from fixtures.harness import Api, Harness
from fixtures.uow import snapshot


def test_every_conversation_read_leaves_the_store_unchanged(harness: Harness, api: Api) -> None:
    agent = create_agent(api)
    requester = create_end_user(api)
    parent = email_conversation(api, requesterId=requester)
    child = chat_conversation(api, requesterId=requester)
    assert api.put(f"/v1/conversations/{child}/claim", json={"agentId": agent}).status_code == 204
    r = api.put(
        f"/v1/conversations/{child}/link", json={"parentId": parent, "linkType": "FollowUp"}
    )
    assert r.status_code == 204
    assert api.post(f"/v1/conversations/{parent}/notes", json={"message": "n"}).status_code == 200
    tag = api.post("/v1/tags", json={"name": "read-only"}).json()["data"]["id"]
    assert api.put(f"/v1/conversations/{parent}/tags/{tag}").status_code == 204
    offer = {"userId": requester, "agentId": agent, "ratingType": "Csat"}
    assert api.post(f"/v1/conversations/{parent}/ratings/offer", json=offer).status_code == 201
    r = api.put(f"/v1/conversations/{parent}/followup", json={"timestamp": "2999-01-01T00:00:00Z"})
    assert r.status_code == 204

    before = snapshot(harness, api)
    reads = [
        f"/v1/conversations/{cid}{suffix}"
        for cid in (parent, child)
        for suffix in (
            "",
            "/messages",
            "/messages?pageLimit=1",
            "/notes",
            "/tags",
            "/ratings",
            "/rating",
            "/activitylog",
            "/linked",
        )
    ] + [
        "/v1/conversations/activitylog",
        "/v1/conversations/activitylog?pageLimit=1",
        f"/v1/endusers/{requester}/conversations",
        f"/v1/endusers/{requester}/conversations?pageLimit=1",
    ]
    for url in reads:
        r = api.get(url)
        assert r.status_code == 200, (url, r.text)
        nxt = (r.json().get("meta") or {}).get("next")
        if nxt:
            assert api.get(nxt).status_code == 200, nxt
    assert snapshot(harness, api) == before
