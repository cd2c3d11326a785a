"""Helpers for tests of the conversation sub-resources: make conversations through the API
and read what was recorded."""

from __future__ import annotations

import uuid
from typing import Any

from fixtures.harness import Api, Harness


def new_end_user(api: Api) -> str:
    r = api.post(
        "/v1/endusers",
        json={"displayName": "Customer", "email": f"c-{uuid.uuid4().hex[:10]}@example.com"},
    )
    assert r.status_code == 201, r.text
    user_id: str = r.json()["data"]["id"]
    return user_id


def new_conversation(
    api: Api, *, requester_id: str | None = None, outbound_agent_id: str | None = None
) -> int:
    """An Email conversation (inbound unless ``outbound_agent_id`` is given)."""
    requester = requester_id or new_end_user(api)
    address = f"support-{uuid.uuid4().hex[:8]}@acme.email.dixa.io"
    r = api.post("/v1/contact-endpoints", json={"_type": "EmailEndpoint", "address": address})
    assert r.status_code == 201, r.text
    message: dict[str, Any] = {"_type": "Inbound", "content": {"_type": "Text", "value": "hi"}}
    if outbound_agent_id is not None:
        message = {
            "_type": "Outbound",
            "agentId": outbound_agent_id,
            "content": {"_type": "Text", "value": "hello"},
        }
    r = api.post(
        "/v1/conversations",
        json={
            "_type": "Email",
            "requesterId": requester,
            "emailIntegrationId": address,
            "subject": "Help",
            "message": message,
        },
    )
    assert r.status_code == 201, r.text
    cid: int = r.json()["data"]["id"]
    return cid


def activities(harness: Harness, api: Api, cid: int, type_: str) -> list[tuple[Any, ...]]:
    """(author_id, attributes JSON, activity_at) of the conversation's entries of a type."""
    return harness.fetch(
        "SELECT author_id, attributes, activity_at FROM activity WHERE org_id = :org "
        "AND conversation_id = :cid AND type = :t ORDER BY seq",
        {"org": api.org.id, "cid": cid, "t": type_},
    )


def events(harness: Harness, api: Api, cid: int, fqn: str) -> int:
    rows = harness.fetch(
        "SELECT COUNT(*) FROM events WHERE org_id = :org AND conversation_id = :cid AND fqn = :fqn",
        {"org": api.org.id, "cid": cid, "fqn": fqn},
    )
    return int(rows[0][0])


def updated_at(harness: Harness, api: Api, cid: int) -> tuple[int, int | None]:
    row = harness.fetch(
        "SELECT updated_at, last_activity_at FROM conversations WHERE org_id = :org AND id = :id",
        {"org": api.org.id, "id": cid},
    )[0]
    return int(row[0]), None if row[1] is None else int(row[1])
