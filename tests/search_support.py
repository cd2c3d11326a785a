"""Helpers for the search tests: conversations with a subject, a requester and messages,
made through the API."""

from __future__ import annotations

import uuid
from typing import Any

from fixtures.harness import Api


def end_user(api: Api, name: str = "Customer", email: str | None = None) -> str:
    r = api.post(
        "/v1/endusers",
        json={"displayName": name, "email": email or f"c-{uuid.uuid4().hex[:10]}@example.com"},
    )
    assert r.status_code == 201, r.text
    user_id: str = r.json()["data"]["id"]
    return user_id


def endpoint(api: Api) -> str:
    address = f"support-{uuid.uuid4().hex[:8]}@acme.email.dixa.io"
    r = api.post("/v1/contact-endpoints", json={"_type": "EmailEndpoint", "address": address})
    assert r.status_code == 201, r.text
    return address


def conversation(
    api: Api,
    subject: str,
    first: str,
    *,
    requester: str | None = None,
    address: str | None = None,
    content_type: str = "Text",
) -> int:
    r = api.post(
        "/v1/conversations",
        json={
            "_type": "Email",
            "requesterId": requester or end_user(api),
            "emailIntegrationId": address or endpoint(api),
            "subject": subject,
            "message": {"_type": "Inbound", "content": {"_type": content_type, "value": first}},
        },
    )
    assert r.status_code == 201, r.text
    cid: int = r.json()["data"]["id"]
    return cid


def add_message(api: Api, cid: int, value: str, content_type: str = "Text") -> str:
    r = api.post(
        f"/v1/conversations/{cid}/messages",
        json={"_type": "Inbound", "content": {"_type": content_type, "value": value}},
    )
    assert r.status_code in (200, 201), r.text
    mid: str = r.json()["data"]["messageId"]
    return mid


def search(api: Api, query: str, **params: Any) -> Any:
    r = api.get("/v1/search/conversations", params={"query": query, **params})
    assert r.status_code == 200, r.text
    return r.json()


def hit_ids(body: Any) -> list[int]:
    return [h["id"] for h in body["data"]]


def search_all(api: Api, query: str, limit: int, **params: Any) -> tuple[list[int], int]:
    """Follow meta.next to the end; (every hit id in order, number of pages)."""
    body = search(api, query, pageLimit=limit, **params)
    ids, pages = hit_ids(body), 1
    while body["meta"].get("next"):
        r = api.get(body["meta"]["next"])
        assert r.status_code == 200, r.text
        body = r.json()
        ids += hit_ids(body)
        pages += 1
        assert pages < 1000
    return ids, pages
