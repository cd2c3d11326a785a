from __future__ import annotations

import uuid

from fixtures.builders import chat_conversation, create_end_user, email_conversation
from fixtures.conversations import walk_pages
from fixtures.harness import Api, Harness


def test_end_user_conversations_newest_first_paged(harness: Harness, api: Api) -> None:
    user = create_end_user(api)
    other = create_end_user(api)
    ids = [chat_conversation(api, requesterId=user) for _ in range(3)]
    ids.append(email_conversation(api, requesterId=user))
    chat_conversation(api, requesterId=other)
    body = api.get(f"/v1/endusers/{user}/conversations").json()
    assert [c["id"] for c in body["data"]] == ids[::-1]
    assert body["data"][0]["_type"] == "EmailConversation"
    seen: list[int] = []
    url = f"/v1/endusers/{user}/conversations?pageLimit=3"
    pages = 0
    while url:
        page = api.get(url).json()
        seen += [c["id"] for c in page["data"]]
        url = page["meta"].get("next")
        pages += 1
    assert seen == ids[::-1] and pages == 2
    fresh = create_end_user(api)
    assert api.get(f"/v1/endusers/{fresh}/conversations").json()["data"] == []


def test_end_user_conversations_errors(harness: Harness, api: Api, other_api: Api) -> None:
    user = create_end_user(api)
    chat_conversation(api, requesterId=user)
    assert other_api.get(f"/v1/endusers/{user}/conversations").status_code == 404
    assert api.get(f"/v1/endusers/{uuid.uuid4()}/conversations").status_code == 404
    assert api.get("/v1/endusers/nope/conversations").json() == {
        "message": "Invalid value for: path parameter userId"
    }
    r = api.get(f"/v1/endusers/{user}/conversations?pageLimit=0")
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: query parameter pageLimit")


def test_end_user_conversations_walk_survives_a_new_conversation(
    harness: Harness, api: Api
) -> None:
    """Keyset paging: a conversation created between two pages sorts before the walk's
    position (newest first) and shifts nothing; an offset would repeat a row."""
    user = create_end_user(api)
    ids = [chat_conversation(api, requesterId=user) for _ in range(5)]
    added: list[int] = []
    seen = walk_pages(
        api,
        f"/v1/endusers/{user}/conversations?pageLimit=2",
        lambda: added.append(chat_conversation(api, requesterId=user)),
    )
    assert seen == ids[::-1]
    listed = api.get(f"/v1/endusers/{user}/conversations").json()["data"]
    assert [c["id"] for c in listed] == [*added, *ids[::-1]]
