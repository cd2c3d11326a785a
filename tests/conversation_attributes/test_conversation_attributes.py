from __future__ import annotations

import json
import time
import uuid
from typing import Any

from fixtures.builders import email_conversation
from fixtures.conversation_attributes import (
    create_definition,
    definition_ids,
    patch_attributes,
    stored_attributes,
)
from fixtures.harness import Api, Harness
from fixtures.reads import activities, events, updated_at

BAD_CID = "Invalid value for: path parameter conversationId"
INVALID = "Invalid input for patching"
NOT_FOUND = "An entity in this request could not be found"
ACTIVITY = "ConversationCustomAttributesUpdated"


def test_patch_sets_and_returns_the_full_list(api: Api, harness: Harness) -> None:
    defs = definition_ids(api)
    cid = email_conversation(api)
    time.sleep(0.005)
    t0 = time.time_ns() // 1_000_000
    r = patch_attributes(api, cid, {defs["select"]: ["shipping", "late"]})
    assert r.status_code == 200, r.text
    assert r.json()["data"] == [
        {
            "id": defs["select"],
            "name": "Topic",
            "identifier": "topic",
            "value": ["shipping", "late"],
        },
    ]
    r = patch_attributes(api, cid, {defs["text"]: "012345"})
    assert r.status_code == 200, r.text
    expected = {
        defs["text"]: {
            "id": defs["text"],
            "name": "Order_No",
            "identifier": "order_no",
            "value": "012345",
        },
        defs["select"]: {
            "id": defs["select"],
            "name": "Topic",
            "identifier": "topic",
            "value": ["shipping", "late"],
        },
    }
    # in the order of the definitions (created, then id: two made in one millisecond)
    order = [
        d["id"] for d in api.get("/v1/custom-attributes").json()["data"] if d["id"] in expected
    ]
    assert r.json()["data"] == [expected[i] for i in order]
    conversation = api.get(f"/v1/conversations/{cid}")
    assert conversation.status_code == 200, conversation.text
    assert conversation.json()["data"]["customAttributes"] == r.json()["data"]
    acts = activities(harness, api, cid, ACTIVITY)  # one per patch, Dixa's shape
    assert [json.loads(a[1]) for a in acts] == [
        {
            "updatedAttributeIds": [defs["select"]],
            "updatedAttributeValues": {defs["select"]: ["shipping", "late"]},
        },
        {"updatedAttributeIds": [defs["text"]], "updatedAttributeValues": {defs["text"]: "012345"}},
    ]
    assert all(a[0] == api.org.admin_user_id for a in acts)
    assert events(harness, api, cid, "CONVERSATION_CUSTOM_ATTRIBUTE_UPDATED") == 2
    upd, last = updated_at(harness, api, cid)
    assert upd >= t0 and last is not None and last >= t0
    # same value again: no change, no activity
    r = patch_attributes(api, cid, {defs["text"]: "012345"})
    assert r.status_code == 200 and len(r.json()["data"]) == 2
    assert len(activities(harness, api, cid, ACTIVITY)) == 2


def test_null_and_empty_list_unset(api: Api, harness: Harness) -> None:
    defs = definition_ids(api)
    cid = email_conversation(api)
    patch_attributes(api, cid, {defs["text"]: "a", defs["select"]: ["billing"]})
    [both] = activities(harness, api, cid, ACTIVITY)  # two values, one patch: one entry
    assert sorted(json.loads(both[1])["updatedAttributeIds"]) == sorted(
        [defs["text"], defs["select"]]
    )
    r = patch_attributes(api, cid, {defs["text"]: None})
    assert r.status_code == 200
    assert [a["identifier"] for a in r.json()["data"]] == ["topic"]
    r = patch_attributes(api, cid, {defs["select"]: []})
    assert r.status_code == 200 and r.json()["data"] == []
    assert stored_attributes(harness, api, cid) == []
    acts = activities(harness, api, cid, ACTIVITY)
    assert json.loads(acts[-1][1])["updatedAttributeValues"] == {defs["select"]: None}
    assert len(acts) == 3
    r = patch_attributes(api, cid, {defs["text"]: None})  # unsetting what is unset changes nothing
    assert r.status_code == 200 and r.json()["data"] == []
    assert len(activities(harness, api, cid, ACTIVITY)) == 3
    assert patch_attributes(api, cid, {}).json()["data"] == []


def test_invalid_input_changes_nothing(api: Api, harness: Harness) -> None:
    defs = definition_ids(api)
    cid = email_conversation(api)
    patch_attributes(api, cid, {defs["text"]: "keep"})
    bad_values: list[dict[str, Any]] = [
        {str(uuid.uuid4()): "x"},
        {"not-a-uuid": "x"},
        {defs["contact"]: "x"},
        {defs["text"]: ["x"]},
        {defs["text"]: 5},
        {defs["select"]: "billing"},
        {defs["select"]: ["retired"]},
        {defs["select"]: ["unknown"]},
        {defs["select"]: [1]},
    ]
    for bad in bad_values:
        r = patch_attributes(api, cid, {defs["text"]: "changed", **bad})
        assert (r.status_code, r.json()["message"]) == (400, INVALID), bad
    stored = stored_attributes(harness, api, cid)
    assert [(s[0], json.loads(s[1])) for s in stored] == [(defs["text"], "keep")]
    assert len(activities(harness, api, cid, ACTIVITY)) == 1
    for body in (["x"], "x", 3):
        r = patch_attributes(api, cid, body)
        assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")


def test_bad_and_unknown_conversation(api: Api) -> None:
    defs = definition_ids(api)
    for bad in ("abc", "0", "-1"):
        r = patch_attributes(api, bad, {defs["text"]: "x"})
        assert (r.status_code, r.json()["message"]) == (400, BAD_CID)
    r = patch_attributes(api, 987654321, {defs["text"]: "x"})
    assert (r.status_code, r.json()["message"]) == (404, NOT_FOUND)


def test_other_org_is_isolated(api: Api, other_api: Api, harness: Harness) -> None:
    defs = definition_ids(api)
    cid = email_conversation(api)
    patch_attributes(api, cid, {defs["text"]: "mine"})
    r = patch_attributes(other_api, cid, {defs["text"]: "theirs"})
    assert (r.status_code, r.json()["message"]) == (404, NOT_FOUND)
    # our definition cannot be used on their conversation, theirs not on ours
    other_cid = email_conversation(other_api)
    r = patch_attributes(other_api, other_cid, {defs["text"]: "x"})
    assert (r.status_code, r.json()["message"]) == (400, INVALID)
    theirs = create_definition(other_api, "their_field", {"_type": "Text"})
    r = patch_attributes(api, cid, {theirs: "x"})
    assert (r.status_code, r.json()["message"]) == (400, INVALID)
    stored = stored_attributes(harness, api, cid)
    assert [(s[0], json.loads(s[1])) for s in stored] == [(defs["text"], "mine")]
