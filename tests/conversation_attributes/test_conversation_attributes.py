from __future__ import annotations

import json
import time
import uuid
from typing import Any

from fixtures.builders import email_conversation
from fixtures.harness import Api, Harness
from fixtures.reads import activities, events, updated_at

BAD_CID = "Invalid value for: path parameter conversationId"
INVALID = "Invalid input for patching"
NOT_FOUND = "An entity in this request could not be found"
ACTIVITY = "ConversationCustomAttributesUpdated"


def _definition(
    api: Api, identifier: str, input_definition: dict[str, Any], entity: str = "Conversation"
) -> str:
    r = api.post(
        "/v1/custom-attributes",
        json={
            "entityType": entity,
            "identifier": identifier,
            "label": identifier.title(),
            "inputDefinition": input_definition,
        },
    )
    assert r.status_code == 201, r.text
    def_id: str = r.json()["data"]["id"]
    return def_id


def _defs(api: Api) -> dict[str, str]:
    return {
        "text": _definition(api, "order_no", {"_type": "Text"}),
        "select": _definition(
            api,
            "topic",
            {
                "_type": "Select",
                "options": [
                    {"value": "billing", "label": "Billing"},
                    {
                        "value": "shipping",
                        "label": "Shipping",
                        "nestedOptions": [{"value": "late", "label": "Late"}],
                    },
                    {"value": "retired", "label": "Retired", "isDeactivated": True},
                ],
            },
        ),
        "contact": _definition(api, "vip_level", {"_type": "Text"}, entity="Contact"),
    }


def _patch(api: Api, cid: int | str, body: Any) -> Any:
    return api.patch(f"/v1/conversations/{cid}/custom-attributes", json=body)


def _stored(harness: Harness, api: Api, cid: int) -> list[tuple[Any, ...]]:
    return harness.fetch(
        "SELECT attribute_id, value FROM conversation_attributes WHERE org_id = :org "
        "AND conversation_id = :cid ORDER BY attribute_id",
        {"org": api.org.id, "cid": cid},
    )


def test_patch_sets_and_returns_the_full_list(api: Api, harness: Harness) -> None:
    defs = _defs(api)
    cid = email_conversation(api)
    time.sleep(0.005)
    t0 = time.time_ns() // 1_000_000
    r = _patch(api, cid, {defs["select"]: ["shipping", "late"]})
    assert r.status_code == 200, r.text
    assert r.json()["data"] == [
        {
            "id": defs["select"],
            "name": "Topic",
            "identifier": "topic",
            "value": ["shipping", "late"],
        },
    ]
    r = _patch(api, cid, {defs["text"]: "012345"})
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
    r = _patch(api, cid, {defs["text"]: "012345"})
    assert r.status_code == 200 and len(r.json()["data"]) == 2
    assert len(activities(harness, api, cid, ACTIVITY)) == 2


def test_null_and_empty_list_unset(api: Api, harness: Harness) -> None:
    defs = _defs(api)
    cid = email_conversation(api)
    _patch(api, cid, {defs["text"]: "a", defs["select"]: ["billing"]})
    [both] = activities(harness, api, cid, ACTIVITY)  # two values, one patch: one entry
    assert sorted(json.loads(both[1])["updatedAttributeIds"]) == sorted(
        [defs["text"], defs["select"]]
    )
    r = _patch(api, cid, {defs["text"]: None})
    assert r.status_code == 200
    assert [a["identifier"] for a in r.json()["data"]] == ["topic"]
    r = _patch(api, cid, {defs["select"]: []})
    assert r.status_code == 200 and r.json()["data"] == []
    assert _stored(harness, api, cid) == []
    acts = activities(harness, api, cid, ACTIVITY)
    assert json.loads(acts[-1][1])["updatedAttributeValues"] == {defs["select"]: None}
    assert len(acts) == 3
    r = _patch(api, cid, {defs["text"]: None})  # unsetting what is unset changes nothing
    assert r.status_code == 200 and r.json()["data"] == []
    assert len(activities(harness, api, cid, ACTIVITY)) == 3
    assert _patch(api, cid, {}).json()["data"] == []


def test_invalid_input_changes_nothing(api: Api, harness: Harness) -> None:
    defs = _defs(api)
    cid = email_conversation(api)
    _patch(api, cid, {defs["text"]: "keep"})
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
        r = _patch(api, cid, {defs["text"]: "changed", **bad})
        assert (r.status_code, r.json()["message"]) == (400, INVALID), bad
    stored = _stored(harness, api, cid)
    assert [(s[0], json.loads(s[1])) for s in stored] == [(defs["text"], "keep")]
    assert len(activities(harness, api, cid, ACTIVITY)) == 1
    for body in (["x"], "x", 3):
        r = _patch(api, cid, body)
        assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")


def test_bad_and_unknown_conversation(api: Api) -> None:
    defs = _defs(api)
    for bad in ("abc", "0", "-1"):
        r = _patch(api, bad, {defs["text"]: "x"})
        assert (r.status_code, r.json()["message"]) == (400, BAD_CID)
    r = _patch(api, 987654321, {defs["text"]: "x"})
    assert (r.status_code, r.json()["message"]) == (404, NOT_FOUND)


def test_other_org_is_isolated(api: Api, other_api: Api, harness: Harness) -> None:
    defs = _defs(api)
    cid = email_conversation(api)
    _patch(api, cid, {defs["text"]: "mine"})
    r = _patch(other_api, cid, {defs["text"]: "theirs"})
    assert (r.status_code, r.json()["message"]) == (404, NOT_FOUND)
    # our definition cannot be used on their conversation, theirs not on ours
    other_cid = email_conversation(other_api)
    r = _patch(other_api, other_cid, {defs["text"]: "x"})
    assert (r.status_code, r.json()["message"]) == (400, INVALID)
    theirs = _definition(other_api, "their_field", {"_type": "Text"})
    r = _patch(api, cid, {theirs: "x"})
    assert (r.status_code, r.json()["message"]) == (400, INVALID)
    stored = _stored(harness, api, cid)
    assert [(s[0], json.loads(s[1])) for s in stored] == [(defs["text"], "mine")]
