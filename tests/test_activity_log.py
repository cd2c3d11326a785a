"""The activity log: per conversation and for the whole organisation."""

from __future__ import annotations

import re
from typing import Any

from conftest import Api
from test_routing import make_agent, make_conversation, make_queue

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def org_log(api: Api, url: str = "/v1/conversations/activitylog") -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        r = api.get(next_url)
        assert r.status_code == 200, r.text
        body = r.json()
        seen += body["data"]
        next_url = (body.get("meta") or {}).get("next")
    return seen


def test_conversation_log_oldest_first_with_wire_shape(api: Api) -> None:
    agent = make_agent(api, "Dale Cooper")
    cid = make_conversation(api)
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
    assert assigned["attributes"] == {"agentId": agent, "agentName": "Dale Cooper"}
    closed = entries[-1]
    assert "attributes" not in closed


def test_conversation_log_errors_and_isolation(api: Api, other_api: Api) -> None:
    cid = make_conversation(api)
    r = api.get("/v1/conversations/abc/activitylog")
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid value for: path parameter conversationId"}
    assert api.get("/v1/conversations/987654321/activitylog").status_code == 404
    r = other_api.get(f"/v1/conversations/{cid}/activitylog")
    assert r.status_code == 404
    assert r.json() == {"message": "An entity in this request could not be found"}


def test_org_log_static_path_is_not_a_conversation_id(api: Api) -> None:
    make_conversation(api)
    r = api.get("/v1/conversations/activitylog")
    assert r.status_code == 200, r.text
    body = r.json()
    assert isinstance(body["data"], list) and body["data"]
    assert "meta" in body


def test_org_log_time_order_and_keyset_paging(api: Api) -> None:
    agent = make_agent(api)
    queue = make_queue(api)
    cids = [make_conversation(api) for _ in range(3)]
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
    cid = make_conversation(api)
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
    make_conversation(api)
    assert org_log(api)
    assert org_log(other_api) == []
    r = other_api.get("/v1/conversations/activitylog?pageLimit=1")
    assert r.status_code == 200 and r.json()["data"] == []
