"""Hostile input gets a 4xx with Dixa's ``{"message": …}``, the same on both stores."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from fixtures.hardening import INVALID, refused, unsigned_key


@pytest.mark.parametrize("path", ["/v1/tags", "/v1/agents", "/v1/endusers", "/v1/queues"])
def test_an_edited_page_key_is_a_400(api: Any, path: str) -> None:
    for payload in (b'{"a":[1]}', b'{"a":["x", "y", "z"], "l": -5}', b'{"a":[]}', b"[]"):
        r = api.get(path, params={"pageKey": unsigned_key(payload)})
        refused(r, starts=INVALID + "query parameter pageKey")
    for forged in ("x.y", "....", "é", unsigned_key(b'{"a":[1]}') + "." + unsigned_key(b"0" * 16)):
        refused(
            api.get(path, params={"pageKey": forged}), starts=INVALID + "query parameter pageKey"
        )


def test_a_page_key_keeps_the_page_size_in_range(api: Any) -> None:
    for i in range(3):
        assert api.post("/v1/tags", json={"name": f"page-{i}"}).status_code in (200, 201)
    first = api.get("/v1/tags", params={"pageLimit": 1}).json()
    assert len(first["data"]) == 1
    nxt = first["meta"]["next"]
    r = api.get(nxt)
    assert r.status_code == 200 and len(r.json()["data"]) == 1


def test_a_signed_page_key_with_a_negative_limit_is_clamped(api: Any) -> None:
    """A key signed with the server's secret (an insider's forgery) still cannot ask for
    ``LIMIT -5``, which SQLite would read as "no limit"."""
    import json
    from urllib.parse import parse_qs, urlsplit

    from parley.http.paging import encode_key

    for i in range(4):
        api.post("/v1/tags", json={"name": f"neg-{i}"})
    nxt = api.get("/v1/tags", params={"pageLimit": 1}).json()["meta"]["next"]
    key = parse_qs(urlsplit(nxt).query)["pageKey"][0]
    text = key.split(".")[0]
    payload = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    payload["l"] = -5
    r = api.get("/v1/tags", params={"pageKey": encode_key(payload)})
    assert r.status_code == 200, r.text
    assert len(r.json()["data"]) == 1  # clamped to 1, never "no limit"


NUL_BODIES = [
    ("/v1/tags", {"name": "a\u0000b"}),
    ("/v1/endusers", {"displayName": "x\u0000", "email": "nul@example.com"}),
    ("/v1/queues", {"name": "\u0000"}),
]


@pytest.mark.parametrize(("path", "body"), NUL_BODIES)
def test_nul_in_a_body_is_a_400_on_both_stores(api: Any, path: str, body: dict[str, Any]) -> None:
    message = refused(api.post(path, json=body), starts=INVALID + "body")
    assert "NUL" in message
    assert api.get(path).status_code == 200


def test_nul_in_a_bulk_body_fails_the_request_as_a_whole(api: Any) -> None:
    body = [{"displayName": "fine", "email": "ok@example.com"}, {"displayName": "bad\u0000"}]
    refused(api.post("/v1/endusers/bulk", json=body), starts=INVALID + "body")
    names = [u.get("displayName") for u in api.get("/v1/endusers").json()["data"]]
    assert "fine" not in names


def test_an_escaped_backslash_before_u0000_is_text(api: Any) -> None:
    r = api.post(
        "/v1/tags",
        content=b'{"name": "slash\\\\u0000"}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code in (200, 201), r.text
    assert r.json()["data"]["name"] == "slash\\u0000"


def test_nul_in_the_query_and_path_is_a_400(api: Any) -> None:
    message = refused(api.get("/v1/endusers?email=a%00b"), starts=INVALID + "query parameter email")
    assert "NUL" in message
    refused(api.get("/v1/tags/%00"), starts=INVALID + "path parameter")
    refused(api.get("/v1/endusers?email=%ff%fe"), starts=INVALID + "query parameter email")


def test_integers_past_the_column_range_are_a_400(api: Any) -> None:
    r = api.put("/v1/conversations/1/link", json={"parentId": 2**63, "linkType": "FollowUp"})
    refused(r, starts=INVALID + "body")
    r = api.put("/v1/conversations/1/link", json={"parentId": 2**70, "linkType": "FollowUp"})
    refused(r, starts=INVALID + "body")
    refused(
        api.post("/v1/queues", json={"name": "big", "priority": 2**31}), starts=INVALID + "body"
    )
    refused(api.post("/v1/queues", json={"name": "neg", "priority": -(2**31) - 1}))
    ok = api.post("/v1/queues", json={"name": "edge", "priority": 2**31 - 1})
    assert ok.status_code == 201, ok.text


@pytest.mark.parametrize("raw", ["+1", "%201", "1%20", "%D9%A1", "01", "-1", "0", "1e3", "9" * 20])
def test_conversation_ids_are_parsed_strictly(api: Any, raw: str) -> None:
    r = api.get(f"/v1/conversations/{raw}")
    refused(r, starts=INVALID + "path parameter conversationId")


def test_request_limits_answer_json(api: Any) -> None:
    r = api.get("/v1/tags?x=" + "a" * 9000)
    assert r.status_code == 414 and "message" in r.json()
    r = api.get("/v1/tags", headers={f"x-h{i}": "v" for i in range(120)})
    assert r.status_code == 431 and "message" in r.json()
    r = api.get("/v1/tags", headers={"x-big": "v" * 17000})
    assert r.status_code == 431 and "message" in r.json()
    r = api.post("/v1/tags", content=b"x" * (11 * 1024 * 1024))
    assert r.status_code == 413 and "message" in r.json()
