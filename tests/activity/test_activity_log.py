"""The activity log: per conversation and for the whole organisation."""

from __future__ import annotations

import re

import msgspec

from fixtures.activity import encoded, every_kind_of_entry, org_log
from fixtures.builders import (
    create_agent,
    create_end_user,
    create_queue,
    email_conversation,
    outbound,
)
from fixtures.harness import Api, Harness

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_conversation_log_oldest_first_with_wire_shape(api: Api) -> None:
    agent = create_agent(api, "Dale Cooper")
    cid = email_conversation(api)
    api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent})
    api.put(f"/v1/conversations/{cid}/close", json={"userId": agent})
    r = api.get(f"/v1/conversations/{cid}/activitylog")
    assert r.status_code == 200
    entries = r.json()["data"]
    types = [e["_type"] for e in entries]
    assert types[-3:] == ["ConversationClaimed", "ConversationAssigned", "ConversationClosed"]
    stamps = [e["activityTimestamp"] for e in entries]
    assert stamps == sorted(stamps)
    for e in entries:
        assert ISO_Z.match(e["activityTimestamp"]), e
        assert e["activityType"] == e["_type"] + "ActivityType"
        assert e["conversationId"] == cid
        assert set(e) <= {
            "id",
            "conversationId",
            "activityTimestamp",
            "activityType",
            "_type",
            "author",
            "attributes",
        }
    assigned = entries[-2]
    assert assigned["author"]["id"] == agent
    assert assigned["author"]["name"] == "Dale Cooper"
    assert "@" in assigned["author"]["email"]
    assert assigned["attributes"] == {
        "_type": "ConversationAssignedAttribute",
        "agentId": agent,
        "agentName": "Dale Cooper",
    }
    closed = entries[-1]
    assert "attributes" not in closed


def test_conversation_log_errors_and_isolation(api: Api, other_api: Api) -> None:
    cid = email_conversation(api)
    r = api.get("/v1/conversations/abc/activitylog")
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid value for: path parameter conversationId"}
    assert api.get("/v1/conversations/987654321/activitylog").status_code == 404
    r = other_api.get(f"/v1/conversations/{cid}/activitylog")
    assert r.status_code == 404
    assert r.json() == {"message": "An entity in this request could not be found"}


def test_org_log_static_path_is_not_a_conversation_id(api: Api) -> None:
    email_conversation(api)
    r = api.get("/v1/conversations/activitylog")
    assert r.status_code == 200, r.text
    body = r.json()
    assert isinstance(body["data"], list) and body["data"]
    assert "meta" in body


def test_org_log_time_order_and_keyset_paging(api: Api) -> None:
    agent = create_agent(api)
    queue = create_queue(api)
    cids = [email_conversation(api) for _ in range(3)]
    for cid in cids:
        api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent})
        api.put(f"/v1/conversations/{cid}/transfer/queue", json={"queueId": queue})
    everything = org_log(api, "/v1/conversations/activitylog?pageLimit=10000")
    assert {e["conversationId"] for e in everything} == set(cids)
    stamps = [e["activityTimestamp"] for e in everything]
    assert stamps == sorted(stamps)
    paged = org_log(api, "/v1/conversations/activitylog?pageLimit=2")
    assert [e["id"] for e in paged] == [e["id"] for e in everything]
    first = api.get("/v1/conversations/activitylog?pageLimit=2").json()
    assert len(first["data"]) == 2 and first["meta"]["next"]
    assert "pageKey=" in first["meta"]["next"]
    # the last page has no next link
    last = api.get(f"/v1/conversations/activitylog?pageLimit={len(everything)}").json()
    assert len(last["data"]) == len(everything) and not last["meta"].get("next")


def test_org_log_window_and_unknown_params(api: Api) -> None:
    cid = email_conversation(api)
    everything = org_log(api)
    assert everything
    first = everything[0]["activityTimestamp"]
    r = api.get(
        "/v1/conversations/activitylog",
        params={"fromDatetime": "2000-01-01T00:00:00Z", "toDatetime": first},
    )
    assert r.status_code == 200 and r.json()["data"] == []  # toDatetime is exclusive
    r = api.get(
        "/v1/conversations/activitylog",
        params={"fromDatetime": first, "toDatetime": "2999-01-01T00:00:00Z"},
    )
    assert [e["id"] for e in r.json()["data"]] == [e["id"] for e in everything]
    r = api.get(
        "/v1/conversations/activitylog", params={"fromDatetime": "2999-01-01T00:00:00Z[GMT]"}
    )
    assert r.status_code == 200 and r.json()["data"] == []
    # tap-dixa's discovery probe sends parameters the API does not know
    r = api.get(
        "/v1/conversations/activitylog",
        params={"created_after": "2021-01-01 00:00:00", "created_before": "x"},
    )
    assert r.status_code == 200 and r.json()["data"][0]["conversationId"] == cid
    # tap-dixa's format and page size
    r = api.get(
        "/v1/conversations/activitylog",
        params={
            "fromDatetime": "2000-01-01T00:00:00Z",
            "toDatetime": "2999-01-01T00:00:00Z",
            "pageLimit": 10000,
        },
    )
    assert r.status_code == 200 and len(r.json()["data"]) == len(everything)


def test_org_log_bad_input(api: Api) -> None:
    for name in ("fromDatetime", "toDatetime"):
        r = api.get("/v1/conversations/activitylog", params={name: "yesterday"})
        assert r.status_code == 400
        assert r.json() == {"message": f"Invalid value for: query parameter {name}"}
    for bad in ("0", "10001", "abc", "-5"):
        r = api.get(f"/v1/conversations/activitylog?pageLimit={bad}")
        assert r.status_code == 400, bad
        assert r.json()["message"].startswith("Invalid value for: query parameter pageLimit")
    r = api.get("/v1/conversations/activitylog?pageKey=%%%")
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: query parameter pageKey")
    r = api.get(
        "/v1/conversations/activitylog",
        params={"fromDatetime": "2022-01-02T00:00:00Z", "toDatetime": "2022-01-01T00:00:00Z"},
    )
    assert r.status_code == 400
    assert r.json() == {"message": "Validation failure when retrieving data"}


def test_org_log_is_per_organisation(api: Api, other_api: Api) -> None:
    email_conversation(api)
    assert org_log(api)
    assert org_log(other_api) == []
    r = other_api.get("/v1/conversations/activitylog?pageLimit=1")
    assert r.status_code == 200 and r.json()["data"] == []


# The attributes shape (`attributes._type`) of every activity type Parley writes: Dixa's
# names where Dixa has the type, the same naming for Parley's own types.
SHAPES = {
    "ConversationCreatedByCustomer": "ConversationCreatedAttribute",
    "ConversationCreatedByAgent": "ConversationCreatedAttribute",
    "ConversationAssigned": "ConversationAssignedAttribute",
    "ConversationUnassigned": "ConversationUnassignedAttribute",
    "ConversationClaimed": "ConversationClaimedAttribute",
    "TransferSuccessful": "ConversationTransferredAttribute",
    "MessageAddedByCustomer": "MessageAddedAttribute",
    "MessageAddedByAgent": "MessageAddedAttribute",
    "NoteAdded": "NoteAddedAttribute",
    "TagAdded": "TagAddedAttribute",
    "TagRemoved": "TagRemovedAttribute",
    "ConversationRatingOffered": "ConversationRatingOfferedAttribute",
    "ConversationRated": "ConversationRatedAttribute",
    "FollowupAdded": "FollowupAttribute",
    "FollowupExpired": "FollowupAttribute",
    "ConversationCustomAttributesUpdated": "ConversationCustomAttributesUpdatedAttribute",
    "ConversationLinkedToParent": "ConversationLinkAttribute",
    "ConversationLinkedFromChild": "ConversationLinkAttribute",
    "ConversationAnonymized": "ConversationAnonymizedAttribute",
    "ConversationMessageRedacted": "MessageRedactedAttribute",
}
# Types whose entries have no attributes.
BARE = {"ConversationClosed", "ConversationReopened", "ConversationPending", "FollowupRemoved"}
# Written by the worker or the anonymization job (tested in their own modules).
ELSEWHERE = {"FollowupExpired", "ConversationAnonymized", "ConversationMessageRedacted"}


def test_every_entry_carries_its_typed_attributes(api: Api, harness: Harness) -> None:
    cid, ids = every_kind_of_entry(api)
    out_id = email_conversation(api, outbound(ids["agent"], "hello"), subject="Your order")
    entries = api.get(f"/v1/conversations/{cid}/activitylog").json()["data"]
    entries += api.get(f"/v1/conversations/{out_id}/activitylog").json()["data"]
    entries += api.get(f"/v1/conversations/{ids['parent']}/activitylog").json()["data"]
    seen = {e["_type"] for e in entries}
    assert seen == (set(SHAPES) | BARE) - ELSEWHERE
    for e in entries:
        if e["_type"] in BARE:
            assert "attributes" not in e, e
        else:
            assert e["attributes"]["_type"] == SHAPES[e["_type"]], e

    by_type = {e["_type"]: e["attributes"] for e in entries if "attributes" in e}
    assert by_type["ConversationClaimed"] == {
        "_type": "ConversationClaimedAttribute",
        "claimedFromType": "Queue",
        "claimedFromLabel": by_type["ConversationClaimed"]["claimedFromLabel"],
    }
    assert by_type["TagAdded"] == {"_type": "TagAddedAttribute", "tag": "vip"}
    assert by_type["ConversationCustomAttributesUpdated"] == {
        "_type": "ConversationCustomAttributesUpdatedAttribute",
        "updatedAttributeIds": [ids["definition"]],
        "updatedAttributeValues": {ids["definition"]: "A-1"},
    }
    link = {"child": cid, "parent": int(ids["parent"]), "linkType": "FollowUp"}
    assert by_type["ConversationLinkedToParent"] == {"_type": "ConversationLinkAttribute", **link}
    assert by_type["ConversationLinkedFromChild"] == by_type["ConversationLinkedToParent"]
    assert by_type["ConversationRated"]["_type"] == "ConversationRatedAttribute"
    assert by_type["ConversationRated"]["agent"]["id"] == ids["agent"]
    assert by_type["ConversationRated"]["score"] == 4
    assert by_type["FollowupAdded"] == {
        "_type": "FollowupAttribute",
        "followupAt": "2999-01-01T00:00:00.000Z",
    }
    assert by_type["ConversationCreatedByAgent"] == {
        "_type": "ConversationCreatedAttribute",
        "subject": "Your order",
    }

    # The organisation log shows the same typed entries.
    org = {e["id"]: e for e in org_log(api, "/v1/conversations/activitylog?pageLimit=10000")}
    assert all(org[e["id"]] == e for e in entries)

    # The store keeps the attributes as written: no `_type`, nothing to migrate.
    stored = harness.fetch(
        "SELECT attributes FROM activity WHERE org_id = :org AND attributes IS NOT NULL",
        {"org": api.org.id},
    )
    assert stored and all("_type" not in msgspec.json.decode(row[0]) for row in stored)


def test_attributes_match_their_openapi_shape(api: Api, harness: Harness) -> None:
    """Each entry's attributes have the properties of the component its `_type` names: the
    required ones, and no others."""
    cid, _ids = every_kind_of_entry(api)
    schemas = harness.client.get("/openapi.json").json()["components"]["schemas"]
    for e in api.get(f"/v1/conversations/{cid}/activitylog").json()["data"]:
        if "attributes" not in e:
            continue
        schema = schemas[e["attributes"]["_type"]]
        assert schema["properties"]["_type"]["const"] == e["attributes"]["_type"]
        assert set(schema["required"]) <= set(e["attributes"]) <= set(schema["properties"]), e


def test_stored_attributes_are_read_as_the_shape_of_their_type() -> None:
    """Stored attributes carry no `_type`: it comes from the entry's type. Rows written
    before (nulls, unknown keys, an empty object) read without a migration; attributes that
    do not fit their shape are left out instead of failing the read."""
    assert encoded("ConversationClosed", None) is None
    assert encoded("ConversationClaimed", None) == {"_type": "ConversationClaimedAttribute"}
    assert encoded("ConversationCreatedByCustomer", "{}") == {
        "_type": "ConversationCreatedAttribute"
    }
    assert encoded("ConversationAssigned", '{"agentId": "a", "agentName": null, "x": 1}') == {
        "_type": "ConversationAssignedAttribute",
        "agentId": "a",
    }
    assert encoded("FollowupExpired", '{"followupAt": "2024-01-01T00:00:00.000Z"}') == {
        "_type": "FollowupAttribute",
        "followupAt": "2024-01-01T00:00:00.000Z",
    }
    assert encoded("ConversationAnonymized", '{"requestId": "r"}') == {
        "_type": "ConversationAnonymizedAttribute",
        "requestId": "r",
    }
    assert encoded("ConversationLinkedToParent", "{}") is None
    assert encoded("SomethingNew", '{"x": 1}') is None


def test_org_log_walk_survives_an_import_of_history(harness: Harness, api: Api) -> None:
    """Keyset paging: an imported conversation's entries (historical times) land before
    the walk's position between two pages and shift nothing; an offset would repeat
    rows. The walk returns every entry it started with exactly once."""
    agent = create_agent(api)
    for cid in [email_conversation(api) for _ in range(3)]:
        api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent})
    original = [e["id"] for e in org_log(api, "/v1/conversations/activitylog?pageLimit=1000")]
    assert len(original) >= 9
    imported: list[int] = []

    def import_history() -> None:
        r = api.post(
            "/v1/conversations/import",
            json={
                "_type": "GenericConversationImport",
                "genericChannelName": "Legacy",
                "requesterId": create_end_user(api),
                "direction": "Inbound",
                "createdAt": "2019-01-01T10:00:00.000Z",
                "messages": [
                    {
                        "_type": "InboundImport",
                        "content": {"_type": "Text", "value": f"old {i}"},
                        "createdAt": f"2019-01-01T10:0{i + 1}:00.000Z",
                    }
                    for i in range(3)
                ],
            },
        )
        assert r.status_code == 201, r.text
        imported.append(int(r.json()["data"]["id"]))

    seen: list[str] = []
    next_url: str | None = "/v1/conversations/activitylog?pageLimit=4"
    while next_url:
        body = api.get(next_url).json()
        seen += [e["id"] for e in body["data"]]
        next_url = body["meta"].get("next")
        if not imported:
            import_history()
    assert seen == original
    everything = org_log(api, "/v1/conversations/activitylog?pageLimit=1000")
    history = [e for e in everything if e["conversationId"] == imported[0]]
    assert len(history) == 4 and everything[:4] == history  # they sort first
