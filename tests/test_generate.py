"""The benchmark data generator (bench/generate.py): a tiny organisation generated into
the test store on both stores, then read back through the HTTP API."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from fixtures.harness import Api, Harness, Org

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from gen.run import Options, generate

TYPES = {
    "Email": "EmailConversation",
    "ContactForm": "ContactFormConversation",
    "WidgetChat": "ChatConversation",
    "Sms": "SmsConversation",
    "WhatsApp": "WhatsAppConversation",
    "Messenger": "MessengerConversation",
    "FacebookMessenger": "FacebookMessengerConversation",
    "PstnPhone": "PstnPhoneConversation",
    "Callback": "PstnPhoneConversation",
}
ENGINE_ACTIVITY = {
    "ConversationCreatedByCustomer",
    "ConversationCreatedByAgent",
    "ConversationClaimed",
    "ConversationAssigned",
    "ConversationUnassigned",
    "ConversationClosed",
    "ConversationReopened",
    "ConversationPending",
    "FollowupAdded",
    "TransferSuccessful",
    "MessageAddedByCustomer",
    "MessageAddedByAgent",
    "NoteAdded",
    "TagAdded",
    "ConversationCustomAttributesUpdated",
    "ConversationRatingOffered",
    "ConversationRated",
}


class Generated:
    def __init__(self, harness: Harness, manifest: dict[str, Any]) -> None:
        o = manifest["org"]
        org = Org(o["id"], o["name"], o["api_token"], o["admin_user_id"], o["default_queue_id"])
        self.manifest = manifest
        self.api = Api(harness.client, org, harness.store)
        self.harness = harness
        self.org_id = org.id

    def one(self, sql: str, **params: Any) -> Any:
        return self.harness.fetch(sql, {"org": self.org_id, **params})[0][0]


@pytest.fixture(scope="module")
def gen(harness: Harness) -> Generated:
    manifest = harness.call(generate, harness.db, Options(scale="tiny", seed=7))
    return Generated(harness, manifest)


def test_manifest_counts_match_the_store(gen: Generated) -> None:
    m = gen.manifest
    counts = m["counts"]
    assert counts["conversations"] == 50
    assert 1 <= counts["messages"] / counts["conversations"] <= 30
    for table, key in [
        ("conversations", "conversations"),
        ("messages", "messages"),
        ("activity", "activity_entries"),
        ("notes", "notes"),
        ("ratings", "ratings"),
        ("conversation_tags", "conversation_tags"),
        ("tags", "tags"),
        ("queues", "queues"),
    ]:
        assert gen.one(f"SELECT COUNT(*) FROM {table} WHERE org_id = :org") == counts[key], table
    assert (
        gen.one("SELECT COUNT(*) FROM users WHERE org_id = :org AND kind = 'Agent'")
        == (counts["agents"])
    )
    ids = m["conversation_ids"]
    assert ids["contiguous"] and ids["max"] - ids["min"] + 1 == 50
    assert gen.one("SELECT MIN(id) FROM conversations WHERE org_id = :org") == ids["min"]
    assert m["activity"]["entries"] == counts["activity_entries"]
    assert m["search"]["indexed"] is True
    terms = m["search"]["terms"]
    assert terms["common"] and terms["rare"] and terms["phrases"]


def test_conversations_read_back_with_the_engine_shapes(gen: Generated) -> None:
    ids = gen.manifest["conversation_ids"]
    seen: Counter[str] = Counter()
    for cid in range(ids["min"], ids["max"] + 1):
        r = gen.api.get(f"/v1/conversations/{cid}")
        assert r.status_code == 200, r.text
        c = r.json()["data"]
        seen[c["state"]] += 1
        if c["_type"] != "GenericConversation":
            assert TYPES[c["channel"]] == c["_type"], c
        if c["state"] == "Closed":
            assert "queue" not in c
        if c["_type"] == "EmailConversation":
            assert c["subject"] and c["fromEmail"] and c["integrationEmail"]
    assert seen["Closed"] > 10 and seen["Open"] > 0


def test_messages_notes_tags_and_conversation_log(gen: Generated) -> None:
    email = gen.manifest["conversation_ids"]["samples"]["channel:Email"][0]
    r = gen.api.get(f"/v1/conversations/{email}/messages")
    assert r.status_code == 200, r.text
    messages = r.json()["data"]
    stored = gen.one(
        "SELECT COUNT(*) FROM messages WHERE org_id = :org AND conversation_id = :cid", cid=email
    )
    assert len(messages) == stored >= 1
    first = messages[0]["attributes"]
    assert first["_type"] == "EmailAttributes" and first["from"]["email"]
    assert first["emailContent"]["content"]["value"].strip()

    noted = gen.one(
        "SELECT MIN(conversation_id) FROM notes WHERE org_id = :org AND conversation_id IN "
        "(SELECT conversation_id FROM conversation_tags WHERE org_id = :org)"
    )
    notes = gen.api.get(f"/v1/conversations/{noted}/notes").json()["data"]
    assert notes and all(n["message"] and n["csid"] == noted for n in notes)
    tags = gen.api.get(f"/v1/conversations/{noted}/tags").json()["data"]
    assert tags and all(t["name"] for t in tags)

    log = gen.api.get(f"/v1/conversations/{noted}/activitylog").json()["data"]
    types = [e["_type"] for e in log]
    assert types[0].startswith("ConversationCreatedBy")
    assert types.count("NoteAdded") == len(notes)
    assert types.count("TagAdded") == len(tags)
    added = sum(t.startswith("MessageAddedBy") for t in types)
    assert added == gen.one(
        "SELECT COUNT(*) FROM messages WHERE org_id = :org AND conversation_id = :cid", cid=noted
    )


def test_org_activity_log_pages_through_every_entry(gen: Generated) -> None:
    url: str | None = "/v1/conversations/activitylog?pageLimit=100"
    entries: list[dict[str, Any]] = []
    while url:
        r = gen.api.get(url)
        assert r.status_code == 200, r.text
        body = r.json()
        entries += body["data"]
        url = (body.get("meta") or {}).get("next")
    assert len(entries) == gen.manifest["activity"]["entries"]
    assert len({e["id"] for e in entries}) == len(entries)
    stamps = [e["activityTimestamp"] for e in entries]
    assert stamps == sorted(stamps)
    assert {e["_type"] for e in entries} <= ENGINE_ACTIVITY


def test_search_finds_generated_terms(gen: Generated) -> None:
    terms = gen.manifest["search"]["terms"]
    for query in [terms["phrases"][0]["term"], terms["rare"][0]["term"]]:
        r = gen.api.get("/v1/search/conversations", params={"query": query})
        assert r.status_code == 200, r.text
        assert r.json()["data"], query


def test_the_server_keeps_working_after_generation(gen: Generated) -> None:
    """The store's sequences were advanced past the generated ids: new conversations,
    notes and activity entries get fresh ones."""
    requester = gen.manifest["samples"]["end_users"][0]
    agent = gen.manifest["samples"]["agents"][0]
    r = gen.api.post(
        "/v1/conversations",
        json={
            "_type": "Email",
            "requesterId": requester,
            "emailIntegrationId": gen.manifest["samples"]["email_endpoints"][0],
            "subject": "After generation",
            "message": {"_type": "Inbound", "content": {"_type": "Text", "value": "Hello"}},
        },
    )
    assert r.status_code == 201, r.text
    cid = r.json()["data"]["id"]
    assert cid > gen.manifest["conversation_ids"]["max"]
    r = gen.api.post(f"/v1/conversations/{cid}/notes", json={"message": "n", "agentId": agent})
    assert r.status_code in (200, 201), r.text
    old = gen.manifest["conversation_ids"]["min"]
    r = gen.api.post(f"/v1/conversations/{old}/notes", json={"message": "m", "agentId": agent})
    assert r.status_code in (200, 201), r.text
    note = r.json()["data"]["id"]
    log = gen.api.get(f"/v1/conversations/{old}/activitylog").json()["data"]
    added = [e for e in log if e["_type"] == "NoteAdded"]
    assert added and added[-1]["attributes"] == {"_type": "NoteAddedAttribute", "messageId": note}


def test_same_seed_same_data(harness: Harness, gen: Generated) -> None:
    again = harness.call(
        generate, harness.db, Options(scale="tiny", seed=7, search=False, direct=False)
    )
    other = harness.call(generate, harness.db, Options(scale="tiny", seed=8, search=False))

    def content(manifest: dict[str, Any]) -> list[Any]:
        """The generated messages (not the ones other tests added)."""
        ids = manifest["conversation_ids"]
        return harness.fetch(
            "SELECT c.channel, c.state, m.seq, m.direction, m.text FROM messages m "
            "JOIN conversations c ON c.org_id = m.org_id AND c.id = m.conversation_id "
            "WHERE m.org_id = :org AND c.id BETWEEN :lo AND :hi ORDER BY c.id, m.seq",
            {"org": manifest["org"]["id"], "lo": ids["min"], "hi": ids["max"]},
        )

    first = content(gen.manifest)
    assert content(again) == first
    assert content(other) != first
    ids = harness.fetch(
        "SELECT COUNT(*) FROM messages a JOIN messages b ON a.id = b.id "
        "WHERE a.org_id = :one AND b.org_id = :two",
        {"one": gen.manifest["org"]["id"], "two": again["org"]["id"]},
    )
    assert ids[0][0] == 0  # same content, no shared ids
