"""Set-up helpers for the conversation, message and import tests.

Users are inserted directly (set-up only); everything under test goes through HTTP.
"""

from __future__ import annotations

import uuid
from typing import Any

from fixtures.harness import Api, Harness


def add_user(
    harness: Harness,
    api: Api,
    kind: str = "EndUser",
    *,
    name: str = "Ada Lovelace",
    email: str | None = "ada@example.com",
    phone: str | None = "+4512345678",
) -> str:
    user_id = str(uuid.uuid4())

    async def run() -> None:
        async with harness.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO users (org_id, id, kind, display_name, email, phone_number, "
                "created_at) VALUES (:org, :id, :kind, :name, :email, :phone, 1)",
                {
                    "org": api.org.id,
                    "id": user_id,
                    "kind": kind,
                    "name": name,
                    "email": email,
                    "phone": phone,
                },
            )

    harness.call(run)
    return user_id


def add_agent(harness: Harness, api: Api, name: str = "Grace Hopper") -> str:
    return add_user(
        harness,
        api,
        "Agent",
        name=name,
        email=f"agent-{uuid.uuid4().hex[:8]}@example.com",
        phone=None,
    )


def email_endpoint(api: Api, address: str | None = None) -> str:
    address = address or f"support-{uuid.uuid4().hex[:6]}@email.dixa.io"
    r = api.post("/v1/contact-endpoints", json={"_type": "EmailEndpoint", "address": address})
    assert r.status_code == 201, r.text
    return str(r.json()["data"]["address"])


def chat_widget(api: Api) -> str:
    r = api.post("/v1/contact-endpoints", json={"_type": "ChatWidget", "name": "Web"})
    assert r.status_code == 201, r.text
    return str(r.json()["data"]["id"])


def phone_endpoint(api: Api, number: str = "+4580808080") -> str:
    r = api.post("/v1/contact-endpoints", json={"_type": "TelephonyEndpoint", "number": number})
    assert r.status_code == 201, r.text
    return str(r.json()["data"]["number"])


def text(value: str, kind: str = "Text") -> dict[str, str]:
    return {"_type": kind, "value": value}


def inbound(value: str = "Hello", **extra: Any) -> dict[str, Any]:
    return {"_type": "Inbound", "content": text(value), **extra}


def outbound(agent_id: str, value: str = "Hi there", **extra: Any) -> dict[str, Any]:
    return {"_type": "Outbound", "agentId": agent_id, "content": text(value), **extra}


def create(api: Api, body: dict[str, Any]) -> int:
    r = api.post("/v1/conversations", json=body)
    assert r.status_code == 201, r.text
    return int(r.json()["data"]["id"])


def email_conversation(
    harness: Harness, api: Api, message: dict[str, Any] | None = None, **extra: Any
) -> int:
    requester = extra.pop("requesterId", None) or add_user(harness, api)
    address = extra.pop("emailIntegrationId", None) or email_endpoint(api)
    return create(
        api,
        {
            "_type": "Email",
            "requesterId": requester,
            "emailIntegrationId": address,
            "subject": "Order #1",
            "message": message or inbound(),
            **extra,
        },
    )


def chat_conversation(
    harness: Harness, api: Api, message: dict[str, Any] | None = None, **extra: Any
) -> int:
    requester = extra.pop("requesterId", None) or add_user(harness, api)
    return create(
        api,
        {
            "_type": "Chat",
            "requesterId": requester,
            "widgetId": chat_widget(api),
            "message": message or inbound(),
            **extra,
        },
    )


def activity_types(harness: Harness, cid: int, org_id: str) -> list[str]:
    rows = harness.fetch(
        "SELECT type FROM activity WHERE org_id = :org AND conversation_id = :cid ORDER BY seq",
        {"org": org_id, "cid": cid},
    )
    return [r[0] for r in rows]


def event_names(harness: Harness, cid: int, org_id: str) -> list[str]:
    rows = harness.fetch(
        "SELECT fqn FROM events WHERE org_id = :org AND conversation_id = :cid ORDER BY seq",
        {"org": org_id, "cid": cid},
    )
    return [r[0] for r in rows]
