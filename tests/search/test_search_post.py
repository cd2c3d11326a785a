"""POST /v1/search/conversations: text with filters, filters alone, neither, and its 400s,
on both stores. (Every filter field and operator is tested in test_search_filters.py.)"""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.builders import conversation_about, create_end_user, email_endpoint, word
from fixtures.harness import Api, Harness
from fixtures.reads import hit_ids
from fixtures.search import post_condition, post_search_body


def test_text_and_filters_combine(api: Api) -> None:
    w = word("zo")
    requester, address = create_end_user(api), email_endpoint(api)
    open_one = conversation_about(api, f"{w} open", "text", requester=requester, address=address)
    closed = conversation_about(api, f"{w} closed", "text", requester=requester, address=address)
    other = conversation_about(api, "unrelated", "nothing", requester=requester, address=address)
    r = api.put(f"/v1/conversations/{closed}/close", json={})
    assert r.status_code in (200, 204), r.text
    status = {
        "strategy": "All",
        "conditions": [post_condition("Status", "IsOneOf", values=["Closed"])],
    }
    body = post_search_body(api, {"query": {"value": w}, "filters": status})
    assert hit_ids(body) == [closed]
    assert body["data"][0]["highlights"]["subject"] == [f'<em class="highlight">{w}</em> closed']
    any_of = {
        "strategy": "Any",
        "conditions": [
            post_condition("ConversationId", "IsOneOf", values=[open_one]),
            post_condition("Status", "IsOneOf", values=["Closed"]),
        ],
    }
    assert hit_ids(post_search_body(api, {"query": {"value": w}, "filters": any_of})) == [
        closed,
        open_one,
    ]
    assert hit_ids(post_search_body(api, {"filters": any_of})) == [closed, open_one]
    assert other not in hit_ids(post_search_body(api, {"query": {"value": w}}))


def test_filters_alone_and_nothing_list_newest_first(api: Api) -> None:
    requester, address = create_end_user(api), email_endpoint(api)
    ids = [
        conversation_about(api, f"n{i}", "x", requester=requester, address=address)
        for i in range(3)
    ]
    only_two = {
        "strategy": "All",
        "conditions": [post_condition("ConversationId", "IsNotOneOf", values=[ids[1]])],
    }
    body = post_search_body(api, {"filters": only_two})
    assert hit_ids(body) == [ids[2], ids[0]]
    assert all(h["highlights"] == {} and h["innerHits"] == [] for h in body["data"])
    assert hit_ids(post_search_body(api)) == ids[::-1]
    assert hit_ids(post_search_body(api, {})) == ids[::-1]
    assert (
        hit_ids(post_search_body(api, {"filters": {"strategy": "All", "conditions": []}}))
        == ids[::-1]
    )


def test_exact_match_in_the_body(api: Api) -> None:
    w = word("zo")
    adjacent = conversation_about(api, "a", f"cancel {w} now")
    apart = conversation_about(api, "b", f"{w} cancel now")
    assert set(hit_ids(post_search_body(api, {"query": {"value": f"cancel {w}"}}))) == {
        adjacent,
        apart,
    }
    exact = post_search_body(api, {"query": {"value": f"cancel {w}", "exactMatch": True}})
    assert hit_ids(exact) == [adjacent]


def test_no_hit_from_another_organisation(api: Api, other_api: Api) -> None:
    w = word("zo")
    mine = conversation_about(api, w, w)
    conversation_about(other_api, w, w)
    assert hit_ids(post_search_body(api, {"query": {"value": w}})) == [mine]
    assert mine not in hit_ids(post_search_body(other_api))


@pytest.mark.parametrize(
    ("body", "params", "expected"),
    [
        ({"query": {"value": ""}}, {}, "Invalid value for: body"),
        ({"query": {"value": "   "}}, {}, "Invalid value for: body"),
        ({"query": {}}, {}, "Invalid value for: body"),
        ({"query": {"value": 5}}, {}, "Invalid value for: body"),
        ({"query": {"value": "x" * 1001}}, {}, "Invalid value for: body"),
        ({"filters": {"strategy": "Some", "conditions": []}}, {}, "Invalid value for: body"),
        (
            {"filters": {"conditions": [post_condition("TagId", "Since", timestamp=1)]}},
            {},
            "Since",
        ),
        (
            {"filters": {"conditions": [post_condition("Nope", "IsEmpty")]}},
            {},
            "Invalid value for: body",
        ),
        ({}, {"pageLimit": 0}, "Invalid value for: query parameter pageLimit"),
        ({}, {"pageLimit": 51}, "Invalid value for: query parameter pageLimit"),
        ({}, {"pageKey": "%%%"}, "Invalid value for: query parameter pageKey"),
    ],
)
def test_bad_requests_are_400(
    api: Api, body: dict[str, Any], params: dict[str, Any], expected: str
) -> None:
    r = api.post("/v1/search/conversations", json=body, params=params)
    assert r.status_code == 400, r.text
    assert expected in r.json()["message"]


def test_malformed_json_is_400(api: Api) -> None:
    r = api.post(
        "/v1/search/conversations",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400, r.text


def test_post_body_is_optional_in_openapi(harness: Harness, api: Api) -> None:
    doc = harness.client.get("/openapi.json").json()
    body = doc["paths"]["/v1/search/conversations"]["post"]["requestBody"]
    assert body.get("required", False) is False
    assert api.post("/v1/search/conversations").status_code == 200
