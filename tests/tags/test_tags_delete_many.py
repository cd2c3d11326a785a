"""Deleting a tag applied to many conversations (set-based): every live conversation gets
exactly one TagRemoved entry and one event, each event its webhook delivery and snapshot,
as untagging one conversation writes them; anonymized ones lose the tag silently."""

from __future__ import annotations

import json
from typing import Any

from fixtures.builders import create_end_user, subscribe
from fixtures.harness import Api, Harness

MANY = 300


def _conversations(harness: Harness, api: Api, n: int) -> list[int]:
    """``n`` bare conversations, inserted directly (set-up only)."""
    requester = create_end_user(api)

    async def fill() -> list[int]:
        async with harness.db.transaction() as tx:
            ids = [await tx.next_id("conversation_id") for _ in range(n)]
            await tx.execute_many(
                "INSERT INTO conversations (org_id, id, type, channel, direction, state, "
                "requester_id, created_at, updated_at) VALUES (:o, :id, 'ChatConversation', "
                "'WidgetChat', 'Inbound', 'Open', :r, 1, 1)",
                [{"o": api.org.id, "id": cid, "r": requester} for cid in ids],
            )
            return ids

    ids: list[int] = harness.call(fill)
    return ids


def _apply(harness: Harness, api: Api, tag_id: str, ids: list[int]) -> None:
    async def run() -> None:
        async with harness.db.transaction() as tx:
            await tx.execute_many(
                "INSERT INTO conversation_tags (org_id, conversation_id, tag_id, created_at) "
                "VALUES (:o, :c, :t, 1)",
                [{"o": api.org.id, "c": cid, "t": tag_id} for cid in ids],
            )

    harness.call(run)


def _events(harness: Harness, api: Api, fqn: str) -> dict[int, list[tuple[int, Any]]]:
    rows = harness.fetch(
        "SELECT conversation_id, seq, payload FROM events WHERE org_id = :o AND fqn = :f "
        "ORDER BY seq",
        {"o": api.org.id, "f": fqn},
    )
    found: dict[int, list[tuple[int, Any]]] = {}
    for cid, seq, payload in rows:
        found.setdefault(int(cid), []).append((int(seq), json.loads(payload)))
    return found


def test_deleting_a_tag_on_many_conversations(harness: Harness, api: Api) -> None:
    try:
        _delete_many(harness, api)
    finally:  # the deliveries (to no receiver) are not left for other tests' workers
        harness.execute("DELETE FROM jobs WHERE org_id = :o", {"o": api.org.id})


def _delete_many(harness: Harness, api: Api) -> None:
    hook = subscribe(api, "http://127.0.0.1:9/hook", ["ConversationTagRemoved"])
    tag = api.post("/v1/tags", json={"name": "bulk"}).json()["data"]
    keep = api.post("/v1/tags", json={"name": "keep"}).json()["data"]
    *live, single, untagged, anon1, anon2 = _conversations(harness, api, MANY + 4)
    _apply(harness, api, tag["id"], [*live, single, anon1, anon2])
    _apply(harness, api, keep["id"], [live[0]])
    for cid in (anon1, anon2):
        harness.execute(
            "UPDATE conversations SET anonymized_at = 5 WHERE org_id = :o AND id = :c",
            {"o": api.org.id, "c": cid},
        )
    # the single path, for comparison: one untag
    assert api.delete(f"/v1/conversations/{single}/tags/{tag['id']}").status_code == 204
    (_, one), *_ = _events(harness, api, "CONVERSATION_TAG_REMOVED")[single]

    assert api.delete(f"/v1/tags/{tag['id']}").status_code == 204

    assert api.get(f"/v1/tags/{tag['id']}").status_code == 404
    links = harness.fetch(
        "SELECT conversation_id FROM conversation_tags WHERE org_id = :o AND tag_id = :t",
        {"o": api.org.id, "t": tag["id"]},
    )
    assert links == []
    entries: dict[int, list[tuple[str, Any, Any]]] = {}
    for cid, activity_id, author, attrs in harness.fetch(
        "SELECT conversation_id, id, author_id, attributes FROM activity WHERE org_id = :o "
        "AND type = 'TagRemoved' ORDER BY seq",
        {"o": api.org.id},
    ):
        entries.setdefault(int(cid), []).append((activity_id, author, json.loads(attrs)))
    events = _events(harness, api, "CONVERSATION_TAG_REMOVED")
    # exactly one entry and one event per live conversation; none on the others
    assert sorted(entries) == sorted(events) == sorted([*live, single])
    deliveries: dict[int, list[str]] = {}
    for (payload,) in harness.fetch(
        "SELECT payload FROM jobs WHERE org_id = :o AND kind = :k",
        {"o": api.org.id, "k": "webhook.deliver"},
    ):
        job = json.loads(payload)
        deliveries.setdefault(int(job["eventSeq"]), []).append(job["subscriptionId"])
    for cid in live:
        assert len(entries[cid]) == 1 and len(events[cid]) == 1, cid
        (_activity_id, author, attrs), ((seq, event),) = entries[cid][0], events[cid]
        assert attrs == {"tag": "bulk"} and author == one["data"]["author"]["id"]
        assert event["data"]["author"] == one["data"]["author"]
        assert event["data"]["tag"] == "bulk"
        assert event["data"]["conversation"]["csid"] == cid
        tags = [t["name"] for t in event["data"]["conversation"]["tags"]]
        assert tags == (["keep"] if cid == live[0] else [])
        assert event.keys() == one.keys() and event["data"].keys() == one["data"].keys()
        assert deliveries[seq] == [hook["id"]]
    assert len({e[0][1]["event_id"] for e in events.values()}) == len(events)
    # touched: the live ones; the anonymized and the untagged ones are as they were
    updated = dict(
        harness.fetch(
            "SELECT id, updated_at FROM conversations WHERE org_id = :o", {"o": api.org.id}
        )
    )
    assert all(updated[cid] > 1 for cid in live)
    assert updated[untagged] == updated[anon1] == updated[anon2] == 1
    log = api.get(f"/v1/conversations/{live[-1]}/activitylog").json()["data"]
    assert [e["_type"] for e in log] == ["TagRemoved"]
