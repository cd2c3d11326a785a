"""Exports API over HTTP on both stores: every filter in both time forms, the validation
errors, the bare-array rows, auth forms, tenant isolation and anonymized content."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from typing import Any

import pytest

from fixtures.builders import (
    DAY,
    HOUR,
    T,
    anonymize,
    create_agent,
    email_conversation,
    outbound,
    rich_conversation,
    set_times,
)
from fixtures.exports import first_message, query_string
from fixtures.harness import Api, Harness
from fixtures.reads import export, ids

COLUMNS = {
    "created": "created_at",
    "updated": "updated_at",
    "closed": "closed_at",
    "last_message_created": "last_message_at",
}


@pytest.mark.parametrize("family", list(COLUMNS))
def test_each_conversation_filter_in_both_forms(harness: Harness, api: Api, family: str) -> None:
    a, b, c = (email_conversation(api) for _ in range(3))
    middle = T + 10 * DAY + 5 * HOUR
    for cid, at in ((a, T), (b, middle), (c, T + 40 * DAY)):
        set_times(harness, api, cid, **{COLUMNS[family]: at})
    after, before = f"{family}_after", f"{family}_before"
    # dates: 00:00 UTC, inclusive (a is exactly at the start)
    rows = export(api, "conversation_export", **{after: "2024-03-01", before: "2024-03-20"})
    assert ids(rows) == [a, b]
    # epoch ms, both bounds inclusive
    assert ids(export(api, "conversation_export", **{after: middle, before: middle})) == [b]
    rows = export(api, "conversation_export", **{after: middle + 1, before: T + 41 * DAY})
    assert ids(rows) == [c]
    assert export(api, "conversation_export", **{after: T - DAY, before: T - 1}) == []


def test_bounds_combine_and_csids(harness: Harness, api: Api) -> None:
    a, b, c = (email_conversation(api) for _ in range(3))
    set_times(harness, api, a, created_at=T, closed_at=T + DAY)
    set_times(harness, api, b, created_at=T + HOUR, closed_at=None)
    set_times(harness, api, c, created_at=T + 2 * HOUR, closed_at=T + 2 * DAY)
    window = {"created_after": T, "created_before": T + DAY}
    assert ids(export(api, "conversation_export", **window)) == [a, b, c]
    closed = {**window, "closed_after": T, "closed_before": T + 3 * DAY}
    assert ids(export(api, "conversation_export", **closed)) == [a, c]
    # csids alone need no window; with bounds both apply; unknown ids are left out
    assert ids(export(api, "conversation_export", csids=f"{c},{a},999999999")) == [a, c]
    assert ids(export(api, "conversation_export", csids=f" {b} ")) == [b]
    rows = export(
        api, "conversation_export", csids=f"{a},{b}", closed_after=T, closed_before=T + DAY
    )
    assert ids(rows) == [a]


def test_message_filter_in_both_forms(harness: Harness, api: Api) -> None:
    agent = create_agent(api)
    first, second = email_conversation(api), email_conversation(api)
    r = api.post(f"/v1/conversations/{first}/messages", json=outbound(agent, "reply"))
    reply = r.json()["data"]["messageId"]
    inbound = [first_message(api, first), first_message(api, second)]
    times = {inbound[0]: T, reply: T + 5 * DAY, inbound[1]: T + 35 * DAY}
    for mid, at in times.items():
        harness.execute(
            "UPDATE messages SET created_at = :at WHERE org_id = :org AND id = :id",
            {"at": at, "org": api.org.id, "id": mid},
        )
    rows = export(api, "message_export", created_after="2024-03-01", created_before="2024-03-06")
    assert ids(rows) == [inbound[0], reply]  # by conversation, then position
    assert [r["csid"] for r in rows] == [first, first]
    rows = export(api, "message_export", created_after=T + 5 * DAY, created_before=T + 35 * DAY)
    assert ids(rows) == [reply, inbound[1]]
    assert export(api, "message_export", created_after=T + 1, created_before=T + 2) == []


def test_rows(harness: Harness, api: Api) -> None:
    """Every documented field is there, with the conversation's people, queue, endpoint,
    tags, custom fields, ratings and notes, and the messages' text and addresses."""
    agent = create_agent(api, name="Grace Hopper")
    cid = email_conversation(api)
    assert api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent}).status_code == 204
    r = api.post(f"/v1/conversations/{cid}/messages", json=outbound(agent, "Hi", cc=["c@x.io"]))
    assert r.status_code == 200, r.text
    tag = api.post("/v1/tags", json={"name": f"vip-{uuid.uuid4().hex[:6]}"}).json()["data"]
    assert api.put(f"/v1/conversations/{cid}/tags/{tag['id']}").status_code == 204
    assert api.post(f"/v1/conversations/{cid}/notes", json={"message": "call back"}).is_success
    definition = {
        "entityType": "Conversation",
        "identifier": f"order_{uuid.uuid4().hex[:6]}",
        "label": "Order",
        "inputDefinition": {"_type": "Text"},
    }
    attr = api.post("/v1/custom-attributes", json=definition).json()["data"]
    api.patch(f"/v1/conversations/{cid}/custom-attributes", json={attr["id"]: "ORD-1"})
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    requester = api.get(f"/v1/endusers/{conv['requesterId']}").json()["data"]
    offer = {"userId": requester["id"], "agentId": agent, "ratingType": "Csat"}
    rating = api.post(f"/v1/conversations/{cid}/ratings/offer", json=offer).json()["data"]
    result = {"userId": requester["id"], "ratingResult": {"_type": "Csat", "value": 4}}
    api.post(f"/v1/conversations/{cid}/ratings/{rating['id']}/submit", json=result)
    assert api.put(f"/v1/conversations/{cid}/close", json={}).status_code == 204

    [row] = export(api, "conversation_export", csids=str(cid))
    assert row["id"] == cid and isinstance(row["created_at"], int)
    assert (row["initial_channel"], row["direction"], row["status"]) == (
        "email",
        "inbound",
        "closed",
    )
    assert row["requester_id"] == requester["id"]
    assert row["requester_name"] == requester["displayName"]
    assert row["requester_email"] == requester["email"]
    assert (row["assignee_id"], row["assignee_name"]) == (agent, "Grace Hopper")
    assert row["queue_id"] == api.org.default_queue_id and row["queue_name"]
    assert row["dixa_email_integration_id"] == conv["toEmail"]
    assert row["subject"] == "Order #1"
    assert row["tags"] == [tag["name"]]
    assert row["tags_info"] == [{"id": tag["id"], "name": tag["name"], "is_deactivated": False}]
    [field] = row["custom_fields"]
    assert (field["attribute_id"], field["value"], field["data_type"]) == (
        attr["id"],
        "ORD-1",
        "text",
    )
    assert row["conversation_wrapup_notes"] == ["call back"]
    assert row["rating_score"] == 4
    assert row["ratings"][0]["rating_type"] == "csat"
    assert row["ratings"][0]["rating_status"] == "rated"
    assert row["closed_at"] >= row["created_at"] and row["total_duration"] is not None
    assert row["last_message_created_at"] and row["updated_at"] >= row["created_at"]
    assert row["anonymized_at"] is None

    day = {"created_after": row["created_at"] - DAY, "created_before": row["created_at"] + DAY}
    inbound, reply = export(api, "message_export", **day)
    assert (inbound["csid"], inbound["direction"], inbound["text"]) == (cid, "inbound", "Hello")
    assert (
        inbound["author_name"] == requester["displayName"] and inbound["initial_channel"] == "email"
    )
    assert inbound["from"] == requester["email"] and inbound["to"] == [conv["toEmail"]]
    assert (reply["direction"], reply["text"], reply["cc"]) == ("outbound", "Hi", ["c@x.io"])
    assert reply["to"] == [requester["email"]] and reply["author_name"] == "Grace Hopper"
    for message in (inbound, reply):
        assert message["attached_files"] == [] and message["is_automated_message"] is False


MISSING = "missing: a query needs at least one _after and one _before parameter"
MISSING_C = MISSING + " (or csids)"
SPAN = "a query may span at most 31 days"
BAD = [
    ("conversation_export", "", "created_after", MISSING_C),
    ("conversation_export", query_string(updated_before=T), "updated_after", MISSING_C),
    ("conversation_export", query_string(closed_after=T), "closed_before", MISSING_C),
    ("conversation_export", query_string(created_after=T, created_before=T + 31 * DAY + 1000), "created_before", SPAN),
    ("conversation_export", query_string(created_after="2024-01-01", created_before="2024-02-02"), "created_before", SPAN),
    ("conversation_export", query_string(created_after=T, updated_before=T + 40 * DAY), "updated_before", SPAN),
    ("conversation_export", query_string(created_after="2024-13-01", created_before=T), "created_after", None),
    ("conversation_export", query_string(created_after="yesterday", created_before=T), "created_after", None),
    ("conversation_export", query_string(created_after=T, created_before="2024-03-01T00:00:00Z"), "created_before", None),
    ("conversation_export", query_string(updated_after=T, updated_before=-5), "updated_before", None),
    ("conversation_export", query_string(csids="1,a"), "csids", None),
    ("conversation_export", query_string(csids=""), "csids", None),
    ("conversation_export", query_string(csids="0"), "csids", None),
    ("conversation_export", query_string(csids="1,,2"), "csids", None),
    ("conversation_export", query_string(csids="99999999999999999999"), "csids", None),
    ("conversation_export", query_string(csids=",".join(map(str, range(1, 1002)))), "csids", "at most 1000 ids"),
    ("message_export", "", "created_after", MISSING),
    ("message_export", query_string(created_after=T), "created_before", MISSING),
    ("message_export", query_string(created_after=T, created_before=T + 32 * DAY), "created_before", SPAN),
    ("message_export", query_string(created_after="2024-02-30", created_before=T), "created_after", None),
]  # fmt: skip


@pytest.mark.parametrize(("path", "query", "name", "reason"), BAD)
def test_validation_errors(api: Api, path: str, query: str, name: str, reason: str | None) -> None:
    r = api.get(f"/v1/{path}?{query}")
    assert r.status_code == 400, r.text
    expected = f"Invalid value for: query parameter {name}" + (f", {reason}" if reason else "")
    assert r.json() == {"message": expected}


def test_window_of_exactly_31_days_is_accepted(api: Api) -> None:
    for path in ("conversation_export", "message_export"):
        assert export(api, path, created_after=T, created_before=T + 31 * DAY) == []
        assert export(api, path, created_after="2024-01-01", created_before="2024-02-01") == []
    # tap-dixa's float arithmetic may end a 31-day window 1 ms late
    assert export(api, "message_export", created_after=T, created_before=T + 31 * DAY + 1) == []
    # an empty window (after past before) is no error, and unknown parameters are ignored
    assert export(api, "conversation_export", updated_after=T, updated_before=T - 1, x=1) == []


def test_auth_forms_and_401(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    basic = base64.b64encode(f"bearer:{api.org.token}".encode()).decode()
    for header in (api.org.token, f"Bearer {api.org.token}", f"Basic {basic}"):
        r = harness.client.get(
            f"/v1/conversation_export?csids={cid}", headers={"Authorization": header}
        )
        assert r.status_code == 200 and ids(r.json()) == [cid]
    for headers in ({}, {"Authorization": "Bearer nope"}):
        r = harness.client.get(
            "/v1/message_export?created_after=1&created_before=2", headers=headers
        )
        assert r.status_code == 401 and set(r.json()) == {"message"}


def test_tenant_isolation(harness: Harness, api: Api, other_api: Api) -> None:
    mine = email_conversation(api)
    theirs = email_conversation(other_api)
    created = export(api, "conversation_export", csids=str(mine))[0]["created_at"]
    window = {"created_after": created - DAY, "created_before": created + DAY}
    assert ids(export(api, "conversation_export", **window)) == [mine]
    assert ids(export(other_api, "conversation_export", **window)) == [theirs]
    assert export(api, "conversation_export", csids=str(theirs)) == []
    assert [m["csid"] for m in export(api, "message_export", **window)] == [mine]
    assert [m["csid"] for m in export(other_api, "message_export", **window)] == [theirs]


def test_anonymized_content_is_not_exported(harness: Harness, api: Api, files_url: str) -> None:
    rich = rich_conversation(api, files_url)
    other = email_conversation(api)
    other_mid = first_message(api, other)
    [before] = export(api, "conversation_export", csids=str(rich.cid))
    window = {
        "created_after": before["created_at"] - DAY,
        "created_before": before["created_at"] + DAY,
    }
    exported = [m for m in export(api, "message_export", **window) if m["csid"] == rich.cid]
    assert exported[0]["attached_files"][0].endswith(rich.attachment_path)
    text = repr(before) + repr(exported)
    assert all(secret in text for key, secret in rich.secrets.items() if key != "file")

    assert anonymize(api, rich.cid).status_code == 202
    assert api.patch(f"/v1/conversations/{other}/messages/{other_mid}/anonymize").status_code == 202
    harness.run_jobs()
    shown = api.get(f"/v1/conversations/{rich.cid}").json()["data"]
    assert shown["_type"] == "AnonymizedConversation"

    [row] = export(api, "conversation_export", csids=str(rich.cid))
    messages = [
        m for m in export(api, "message_export", **window) if m["csid"] in (rich.cid, other)
    ]
    text = repr(row) + repr(messages)
    for key, secret in rich.secrets.items():
        assert secret not in text, key
    assert row["anonymized_at"] is not None and row["requester_id"] == rich.requester
    assert (row["status"], row["initial_channel"]) == ("closed", "email")
    for key in ("requester_name", "requester_email", "subject", "assignee_id", "queue_id"):
        assert row[key] is None, key
    for key in ("tags", "custom_fields", "ratings", "conversation_wrapup_notes"):
        assert row[key] == [], key
    by_id = {m["id"]: m for m in messages}
    for mid in (rich.inbound_id, rich.outbound_id, other_mid):
        m = by_id[mid]
        assert m["text"] is None and m["attached_files"] == [] and m["cc"] == [], m
        assert m["author_name"] is None and m["from"] is None and m["direction"]
    # the other conversation's own row and its other data stay
    [kept] = export(api, "conversation_export", csids=str(other))
    assert kept["anonymized_at"] is None and kept["subject"] == "Order #1"


def test_export_queue_agrees_with_the_rest_conversation(api: Api) -> None:
    """``queue_id``/``queued_at`` of an export row are the REST conversation's
    ``queue.id``/``queue.queuedAt`` while it is in a queue; once it leaves it (closed), the
    row keeps the last queue with the time it was queued there: never a queue without its
    time."""
    cid = email_conversation(api)
    agent = create_agent(api)

    def both() -> tuple[dict[str, Any] | None, dict[str, Any]]:
        conv = api.get(f"/v1/conversations/{cid}").json()["data"]
        [row] = export(api, "conversation_export", csids=str(cid))
        assert (row["queue_id"] is None) == (row["queued_at"] is None), row
        return conv.get("queue"), row

    def ms(iso: str) -> int:
        return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)

    queue, row = both()
    assert queue is not None and row["queue_id"] == queue["id"] == api.org.default_queue_id
    assert row["queued_at"] == ms(queue["queuedAt"])
    queued_at = row["queued_at"]
    assert api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent}).status_code == 204
    queue, row = both()
    assert queue is not None and (row["queue_id"], row["queued_at"]) == (queue["id"], queued_at)
    assert api.put(f"/v1/conversations/{cid}/close").status_code == 204
    queue, row = both()
    assert queue is None  # REST: no longer in a queue; the export: the last one, with its time
    assert (row["queue_id"], row["queued_at"]) == (api.org.default_queue_id, queued_at)
    assert api.put(f"/v1/conversations/{cid}/reopen").status_code == 204
    queue, row = both()
    assert queue is not None and row["queue_id"] == queue["id"]
    assert row["queued_at"] == ms(queue["queuedAt"])
