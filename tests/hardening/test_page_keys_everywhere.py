"""An edited page key is a 400 naming ``pageKey`` on every list operation the OpenAPI
document gives a ``pageKey`` (the issue found 500s on eleven of them), on both stores."""

from __future__ import annotations

import base64
from typing import Any

from fixtures.builders import chat_conversation, create_end_user, create_team, subscribe

EDITED = base64.urlsafe_b64encode(b'{"a":[1]}').decode().rstrip("=")
REFUSED = "Invalid value for: query parameter pageKey"
# Input a few operations require besides the page key (their own rules come first).
REQUIRED: dict[str, dict[str, Any]] = {
    "/v1/conversations/activitylog": {},
    "/v1/search/conversations": {"query": "hello"},
    "/v1/analytics/records": {"id": "closed_conversations"},
}
BODIES: dict[str, Any] = {
    "/v1/search/conversations": {"value": "hello"},
    "/v1/analytics/records": {
        "id": "closed_conversations",
        "timezone": "UTC",
        "periodFilter": {
            "_type": "Interval",
            "start": "2026-03-01T00:00:00Z",
            "end": "2026-03-08T00:00:00Z",
        },
    },
}


def test_every_paged_operation_refuses_an_edited_key(api: Any) -> None:
    doc = api.get("/openapi.json").json()
    ids = {
        "{userId}": create_end_user(api),
        "{conversationId}": str(chat_conversation(api)),
        "{teamId}": create_team(api),
        "{webhookSubscriptionId}": subscribe(api, "https://example.com/in", ["ConversationClosed"])[
            "id"
        ],
        "{event}": "ConversationClosed",
        "{filterAttribute}": "channel",
    }
    checked: list[str] = []
    wrong: list[str] = []
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            names = {p.get("name") for p in operation.get("parameters") or []}
            if "pageKey" not in names:
                continue
            url = path
            for placeholder, value in ids.items():
                url = url.replace(placeholder, value)
            params = {**REQUIRED.get(path, {}), "pageKey": EDITED}
            body = BODIES.get(path) if method == "post" else None
            r = api.request(method.upper(), url, params=params, json=body)
            checked.append(f"{method.upper()} {path}")
            if r.status_code != 400 or not r.json()["message"].startswith(REFUSED):
                wrong.append(f"{method.upper()} {path}: {r.status_code} {r.text[:200]}")
    assert len(checked) >= 11
    assert wrong == [], "\n".join(wrong)
