"""The OpenAPI document states the body rules a handler checks across fields (``anyOf`` on
the struct's component) and per field: for each body below, the document's verdict (JSON
Schema) and the handler's answer agree, on both stores."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from fixtures.builders import create_agent
from fixtures.web import document_allows

NOT_FOUND = "An entity in this request could not be found"
UUID = "0b4f3c52-6a1e-4c11-9d38-2f1f0c7a5e10"
HOOK = {"name": "hook", "url": "https://example.com/in", "events": ["ConversationClosed"]}

# (method, path, body, allowed): ``{email}`` in a body is replaced by a fresh address.
CASES: list[tuple[str, str, dict[str, Any], bool]] = [
    # POST /v1/agents: email required; a display name or a name it can be made from
    ("POST", "/v1/agents", {"displayName": "Ada"}, False),
    ("POST", "/v1/agents", {"displayName": "Ada", "email": None}, False),
    ("POST", "/v1/agents", {"email": "{email}"}, False),
    ("POST", "/v1/agents", {"email": "{email}", "displayName": " \t"}, False),
    ("POST", "/v1/agents", {"email": "{email}", "displayName": "Ada"}, True),
    ("POST", "/v1/agents", {"email": "{email}", "firstName": " Ada "}, True),
    ("POST", "/v1/agents", {"email": "{email}", "lastName": "Lovelace"}, True),
    ("POST", "/v1/agents", {"email": "{email}", "middleNames": ["", "Q"]}, True),
    ("POST", "/v1/agents", {"email": "{email}", "middleNames": [" "]}, False),
    ("POST", "/v1/agents", {"email": "{email}", "displayName": "A", "avatarUrl": "ftp://x"}, False),
    (
        "POST",
        "/v1/agents",
        {"email": "{email}", "displayName": "A", "avatarUrl": " HTTPS://x.y"},
        True,
    ),
    ("POST", "/v1/agents", {"email": "{email}", "displayName": "A", "avatarUrl": "  "}, True),
    ("POST", "/v1/agents", {"email": "{email}", "displayName": "A", "roles": [" "]}, False),
    ("POST", "/v1/agents", {"email": "{email}", "displayName": "A", "roles": ["", "Agent"]}, True),
    # PUT /v1/agents/{id}: email optional (kept), a name required
    ("PUT", "/v1/agents/{agentId}", {"firstName": "  "}, False),
    ("PUT", "/v1/agents/{agentId}", {"displayName": "Renamed"}, True),
    # POST /v1/queues: the queue is `request` when given, else the body; a name required
    ("POST", "/v1/queues", {}, False),
    ("POST", "/v1/queues", {"name": "  "}, False),
    ("POST", "/v1/queues", {"name": "Billing"}, True),
    ("POST", "/v1/queues", {"request": {"name": "Billing"}}, True),
    ("POST", "/v1/queues", {"request": {}}, False),
    ("POST", "/v1/queues", {"name": "Billing", "request": {}}, False),
    ("POST", "/v1/queues", {"name": "Billing", "request": None}, True),
    ("POST", "/v1/queues", {"name": None, "request": {"name": "Billing"}}, True),
    # POST /v1/anonymization: `_type`, else the older `entityType`; the id's form per type
    ("POST", "/v1/anonymization", {"entityId": "1"}, False),
    ("POST", "/v1/anonymization", {"_type": "Robot", "entityId": "1"}, False),
    ("POST", "/v1/anonymization", {"entityType": "Nonsense", "entityId": "1"}, False),
    ("POST", "/v1/anonymization", {"_type": "Conversation", "entityId": "abc"}, False),
    ("POST", "/v1/anonymization", {"_type": "User", "entityId": "42"}, False),
    ("POST", "/v1/anonymization", {"_type": "Message", "entityId": UUID}, False),
    ("POST", "/v1/anonymization", {"_type": "Conversation", "entityId": " 424242 "}, True),
    ("POST", "/v1/anonymization", {"_type": "User", "entityId": UUID}, True),
    ("POST", "/v1/anonymization", {"_type": "Message", "entityId": f"7_{UUID}"}, True),
    (
        "POST",
        "/v1/anonymization",
        {"entityType": {"_type": "UserAnonymizationType"}, "entityId": UUID},
        True,
    ),
    (
        "POST",
        "/v1/anonymization",
        {"entityType": "ConversationAnonymizationType", "entityId": UUID},
        False,
    ),
    # POST /v1/webhooks: custom header names are tokens, not reserved; values one line
    ("POST", "/v1/webhooks", {**HOOK, "customHeaders": {"X-Team": "crm"}}, True),
    ("POST", "/v1/webhooks", {**HOOK, "customHeaders": {"HOST": "x"}}, False),
    ("POST", "/v1/webhooks", {**HOOK, "customHeaders": {"Bad Name": "x"}}, False),
    ("POST", "/v1/webhooks", {**HOOK, "customHeaders": {"X-Ok": "a\r\nX-Evil: 1"}}, False),
]


@pytest.mark.parametrize(("method", "path", "body", "allowed"), CASES)
def test_the_document_and_the_handler_agree(
    api: Any, method: str, path: str, body: dict[str, Any], allowed: bool
) -> None:
    if body.get("email") == "{email}":
        body = {**body, "email": f"agent-{uuid.uuid4().hex[:8]}@example.com"}
    doc = api.get("/openapi.json").json()
    assert document_allows(doc, method, path, body) is allowed
    url = path.replace("{agentId}", create_agent(api)) if "{agentId}" in path else path
    r = api.request(method, url, json=body)
    if allowed:  # accepted, or refused only for naming no entity (anonymization)
        assert r.status_code < 300 or r.json()["message"] == NOT_FOUND, r.text
    else:
        assert r.status_code == 400, r.text
        assert r.json()["message"] != NOT_FOUND
