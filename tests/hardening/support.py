"""Helpers of the hardening tests that act through the HTTP API only."""

from __future__ import annotations

import uuid
from typing import Any


def new_conversation(client: Any, token: str) -> int:
    """An inbound Email conversation, created through the API with ``token``."""
    auth = {"Authorization": token}
    email = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    r = client.post("/v1/endusers", json={"displayName": "Ada", "email": email}, headers=auth)
    assert r.status_code in (200, 201), r.text
    requester = r.json()["data"]["id"]
    address = f"support-{uuid.uuid4().hex[:8]}@acme.email.dixa.io"
    endpoint = {"_type": "EmailEndpoint", "address": address}
    r = client.post("/v1/contact-endpoints", json=endpoint, headers=auth)
    assert r.status_code == 201, r.text
    body = {
        "_type": "Email",
        "requesterId": requester,
        "emailIntegrationId": address,
        "subject": "Help",
        "message": {"_type": "Inbound", "content": {"_type": "Text", "value": "hi"}},
    }
    r = client.post("/v1/conversations", json=body, headers=auth)
    assert r.status_code == 201, r.text
    return int(r.json()["data"]["id"])
