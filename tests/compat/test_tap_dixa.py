"""tap-dixa 1.0.10 (Singer tap) reads the organisation activity log from a running Parley.

tap-dixa cannot be pointed at another host without modification: both base URLs are
hard-coded (`tap_dixa.helpers.DixaURL`: https://dev.dixa.io and https://exports.dixa.io),
with no config key or environment variable, and both are HTTPS so a plain proxy cannot
redirect them. clients/tap_dixa_run.py therefore imports the installed tap unchanged,
substitutes those two constants in memory, and runs the tap's own `main()` (discovery
with its token probe, sync, `pageKey` paging, auth headers, Singer output).

All three streams are synced: `activity_logs` from the organisation activity log, and
`conversations` and `messages` from the Exports API (`/v1/conversation_export`,
`/v1/message_export`: `Basic base64("bearer:<token>")` auth, epoch-ms windows, bare arrays).
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from fixtures.compat import Target, tap_discover, tap_sync


@pytest.fixture(scope="module")
def seeded(absolute_target: Target) -> dict[str, Any]:
    """A conversation with a few state changes, made over plain HTTP; returns the org log."""
    start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
    run = uuid.uuid4().hex[:8]
    headers = {"Authorization": absolute_target.token}
    with httpx.Client(base_url=absolute_target.base_url, headers=headers, timeout=30) as http:

        def call(method: str, path: str, body: Any = None) -> Any:
            r = http.request(method, path, json=body)
            assert r.status_code < 300, f"{method} {path}: {r.status_code} {r.text}"
            return r.json() if r.content else None

        address = f"support-{run}@acme.example"
        call("POST", "/v1/contact-endpoints", {"_type": "EmailEndpoint", "address": address})
        user = call(
            "POST", "/v1/endusers", {"displayName": "Tap", "email": f"tap-{run}@example.com"}
        )["data"]
        agent = call(
            "POST",
            "/v1/agents",
            {"displayName": "Tap agent", "email": f"tap-agent-{run}@acme.example"},
        )["data"]
        cid = call(
            "POST",
            "/v1/conversations",
            {
                "_type": "Email",
                "emailIntegrationId": address,
                "requesterId": user["id"],
                "subject": "Tap",
                "message": {"_type": "Inbound", "content": {"_type": "Text", "value": "hello"}},
            },
        )["data"]["id"]
        call("PUT", f"/v1/conversations/{cid}/claim", {"agentId": agent["id"]})
        reply = {
            "_type": "Outbound",
            "agentId": agent["id"],
            "content": {"_type": "Text", "value": "hi"},
        }
        call("POST", f"/v1/conversations/{cid}/messages", reply)
        call("POST", f"/v1/conversations/{cid}/notes", {"message": "a note"})
        # rating entries name users as objects, which the tap's schema requires
        offer = {"userId": user["id"], "ratingType": "Csat"}
        rating = call("POST", f"/v1/conversations/{cid}/ratings/offer", offer)["data"]
        result = {"userId": user["id"], "ratingResult": {"_type": "Csat", "value": 5}}
        call("POST", f"/v1/conversations/{cid}/ratings/{rating['id']}/submit", result)
        call("PUT", f"/v1/conversations/{cid}/close", {})
        log = call("GET", "/v1/conversations/activitylog")
    # The tap sends toDatetime = now truncated to whole seconds: let the second of the
    # last entry pass, or the tap (rightly) leaves it out.
    time.sleep(1.05)
    assert log["data"], "the organisation activity log is empty"
    return {"start_date": start, "log": log["data"], "cid": cid, "agent": agent["id"]}


def test_discovery(tmp_path: Path, absolute_target: Target, seeded: dict[str, Any]) -> None:
    """Discovery probes the org activity log with made-up params and needs a 200."""
    catalog = tap_discover(tmp_path, absolute_target, seeded["start_date"])
    assert sorted(s["tap_stream_id"] for s in catalog["streams"]) == [
        "activity_logs",
        "conversations",
        "messages",
    ]


@pytest.mark.parametrize("page_size", [None, 2], ids=["pageLimit-10000", "pageLimit-2"])
def test_sync_activity_log(
    tmp_path: Path, absolute_target: Target, seeded: dict[str, Any], page_size: int | None
) -> None:
    """Sync reads the whole org log: one page at the tap's default pageLimit of 10000,
    several pages (following `meta.next`'s pageKey) with page_size 2."""
    extra = {} if page_size is None else {"page_size": page_size}
    messages = tap_sync(tmp_path, absolute_target, seeded["start_date"], **extra)
    records = [m["record"] for m in messages if m["type"] == "RECORD"]
    assert all(m["stream"] == "activity_logs" for m in messages if m["type"] == "RECORD")
    expected = [e["id"] for e in seeded["log"]]
    assert [r["id"] for r in records] == expected
    assert {r["conversationId"] for r in records} == {seeded["cid"]}
    types = [r["_type"] for r in records]
    for wanted in (
        "ConversationCreatedByCustomer",
        "ConversationClaimed",
        "MessageAddedByAgent",
        "NoteAdded",
        "ConversationRatingOffered",
        "ConversationRated",
        "ConversationClosed",
    ):
        assert wanted in types
    rated = next(r for r in records if r["_type"] == "ConversationRated")
    assert rated["attributes"]["agent"]["id"] == seeded["agent"]
    # typed attributes: the tap passes `attributes._type` through as the server sent it
    served = {e["id"]: e.get("attributes") for e in seeded["log"]}
    assert rated["attributes"]["_type"] == "ConversationRatedAttribute"
    for r in records:
        if served[r["id"]] is not None:
            assert r["attributes"]["_type"] == served[r["id"]]["_type"], r
    states = [m["value"] for m in messages if m["type"] == "STATE"]
    bookmark = states[-1]["bookmarks"]["activity_logs"]["activityTimestamp"]
    latest = max(r["activityTimestamp"] for r in records)
    assert bookmark[:19] == latest[:19]


def test_sync_exports(tmp_path: Path, absolute_target: Target, seeded: dict[str, Any]) -> None:
    """`conversations` and `messages` read the Exports API and pass the tap's schemas."""
    streams = ("conversations", "messages")
    messages = tap_sync(tmp_path, absolute_target, seeded["start_date"], streams)
    records: dict[str, list[dict[str, Any]]] = {}
    for m in messages:
        if m["type"] == "RECORD":
            records.setdefault(m["stream"], []).append(m["record"])
    assert set(records) == set(streams)
    [conversation] = records["conversations"]
    assert conversation["id"] == seeded["cid"]
    assert (conversation["status"], conversation["initial_channel"]) == ("closed", "email")
    assert conversation["assignee_id"] == seeded["agent"]
    assert conversation["subject"] == "Tap"
    assert conversation["conversation_wrapup_notes"] == ["a note"]
    assert conversation["ratings"][0]["rating_score"] == 5
    exported = records["messages"]
    assert [(m["csid"], m["direction"], m["text"]) for m in exported] == [
        (seeded["cid"], "inbound", "hello"),
        (seeded["cid"], "outbound", "hi"),
    ]
    states = [m["value"] for m in messages if m["type"] == "STATE"]
    bookmarks = states[-1]["bookmarks"]
    assert bookmarks["conversations"]["updated_at"] == conversation["updated_at"]
    assert bookmarks["messages"]["created_at"] == max(m["created_at"] for m in exported)
