"""Webhook subscriptions over HTTP, on both stores: create, read, update, delete, the
400s of bad input, and one organisation never seeing another's subscriptions."""

from __future__ import annotations

import base64
import re
import uuid
from typing import Any

import pytest

from fixtures.harness import Api, Harness
from fixtures.webhooks import HOOK, create_webhook


def test_create_answers_the_subscription_with_its_secret(harness: Harness, api: Api) -> None:
    hook = create_webhook(api, events=["ConversationCreated", "ConversationNoteAdded"])
    assert uuid.UUID(hook["id"])
    assert hook["name"] == "CRM"
    assert hook["url"] == "https://example.com/hooks/dixa"
    assert hook["enabled"] is True
    assert hook["headers"] == {}
    assert re.fullmatch(r"[0-9a-f]{64}", hook["secretKey"])
    assert hook["subscribedEvents"] == ["ConversationCreated", "ConversationNoteAdded"]
    assert hook["createdBy"] == hook["updatedBy"] == api.org.admin_user_id
    assert hook["createdAt"].endswith("Z") and hook["updatedAt"] == hook["createdAt"]
    assert api.get(f"/v1/webhooks/{hook['id']}").json()["data"] == hook
    listed = api.get("/v1/webhooks").json()["data"]
    assert [h["id"] for h in listed] == [hook["id"]]
    events = harness.fetch(
        "SELECT fqn FROM events WHERE org_id = :org AND fqn LIKE 'WEBHOOK%'", {"org": api.org.id}
    )
    assert events == [("WEBHOOK_SUBSCRIPTION_CREATED",)]


def test_authorization_becomes_the_header_shown(api: Api) -> None:
    basic = create_webhook(
        api, authorization={"_type": "BasicAuth", "username": "hook", "password": "s3cret"}
    )
    expected = "Basic " + base64.b64encode(b"hook:s3cret").decode()
    assert basic["headers"] == {"Authorization": expected}
    token = create_webhook(api, authorization={"_type": "TokenAuth", "value": "abc"})
    assert token["headers"] == {"Authorization": "Bearer abc"}
    none = create_webhook(api, authorization={"_type": "NoAuth"}, enabled=False)
    assert none["headers"] == {} and none["enabled"] is False
    assert len({basic["secretKey"], token["secretKey"], none["secretKey"]}) == 3


def test_patch_changes_only_what_is_given(api: Api) -> None:
    hook = create_webhook(api, authorization={"_type": "TokenAuth", "value": "t0ken"})
    r = api.patch(f"/v1/webhooks/{hook['id']}", json={"name": "Renamed", "enabled": False})
    assert r.status_code == 200, r.text
    patched = r.json()["data"]
    assert patched["name"] == "Renamed" and patched["enabled"] is False
    assert patched["url"] == hook["url"]
    assert patched["headers"] == {"Authorization": "Bearer t0ken"}
    assert patched["secretKey"] == hook["secretKey"]
    assert patched["createdAt"] == hook["createdAt"]
    r = api.patch(
        f"/v1/webhooks/{hook['id']}",
        json={
            "events": ["ConversationClosed", "TagCreated", "ConversationClosed"],
            "authorization": {"_type": "NoAuth"},
            "url": "http://hooks.example.org:8080/x?y=1",
        },
    )
    assert r.status_code == 200, r.text
    patched = r.json()["data"]
    assert patched["subscribedEvents"] == ["ConversationClosed", "TagCreated"]
    assert patched["headers"] == {}
    assert patched["url"] == "http://hooks.example.org:8080/x?y=1"
    assert api.get(f"/v1/webhooks/{hook['id']}").json()["data"] == patched


def test_delete(api: Api) -> None:
    hook = create_webhook(api)
    assert api.delete(f"/v1/webhooks/{hook['id']}").status_code == 204
    assert api.get(f"/v1/webhooks/{hook['id']}").status_code == 404
    assert api.delete(f"/v1/webhooks/{hook['id']}").status_code == 404
    assert api.get("/v1/webhooks").json()["data"] == []


@pytest.mark.parametrize(
    "body",
    [
        {**HOOK, "name": "  "},
        {**HOOK, "url": "ftp://example.com/x"},
        {**HOOK, "url": "not a url"},
        {**HOOK, "url": "https://user:pw@example.com/x"},
        {**HOOK, "url": ""},
        {**HOOK, "events": ["ConversationExploded"]},
        {**HOOK, "events": "ConversationCreated"},
        {**HOOK, "authorization": {"_type": "ApiKeyAuth", "value": "x"}},
        {**HOOK, "authorization": {"_type": "BasicAuth", "username": "u"}},
        {**HOOK, "authorization": {"_type": "BasicAuth", "username": "a:b", "password": "p"}},
        {**HOOK, "authorization": {"_type": "TokenAuth", "value": "a\r\nX-Evil: 1"}},
        {**HOOK, "enabled": "yes"},
        {"name": "no url"},
    ],
)
def test_bad_bodies_are_400(api: Api, body: dict[str, Any]) -> None:
    r = api.post("/v1/webhooks", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["message"].startswith("Invalid value for: body")
    assert api.get("/v1/webhooks").json()["data"] == []


def test_bad_patch_is_400_and_changes_nothing(api: Api) -> None:
    hook = create_webhook(api)
    for body in ({"url": "mailto:x@example.com"}, {"events": ["Nope"]}, {"name": ""}):
        r = api.patch(f"/v1/webhooks/{hook['id']}", json=body)
        assert r.status_code == 400, r.text
    assert api.get(f"/v1/webhooks/{hook['id']}").json()["data"] == hook


def test_bad_path_values_are_400(api: Api) -> None:
    for method in ("GET", "PATCH", "DELETE"):
        r = api.request(method, "/v1/webhooks/not-a-uuid", json={})
        assert r.status_code == 400
        assert r.json() == {"message": "Invalid value for: path parameter webhookSubscriptionId"}
    hook = create_webhook(api)
    r = api.get(f"/v1/webhooks/{hook['id']}/delivery-status/logs/NotAnEvent")
    assert r.json() == {"message": "Invalid value for: path parameter event"}


def test_another_organisation_sees_nothing(api: Api, other_api: Api) -> None:
    hook = create_webhook(api)
    base = f"/v1/webhooks/{hook['id']}"
    assert other_api.get(base).status_code == 404
    assert other_api.patch(base, json={"name": "mine"}).status_code == 404
    assert other_api.delete(base).status_code == 404
    assert other_api.get(f"{base}/delivery-status").status_code == 404
    assert other_api.get(f"{base}/delivery-status/logs/ConversationCreated").status_code == 404
    assert other_api.get("/v1/webhooks").json()["data"] == []
    assert api.get(base).json()["data"] == hook


def test_unknown_subscription_is_404(api: Api) -> None:
    missing = f"/v1/webhooks/{uuid.uuid4()}"
    assert api.get(missing).status_code == 404
    assert api.get(f"{missing}/delivery-status").status_code == 404
    r = api.get(f"{missing}/delivery-status/logs/ConversationCreated")
    assert r.json() == {"message": "An entity in this request could not be found"}


def test_delivery_status_before_any_delivery(api: Api) -> None:
    hook = create_webhook(api, events=["ConversationCreated", "ConversationClosed"])
    r = api.get(f"/v1/webhooks/{hook['id']}/delivery-status")
    assert r.status_code == 200
    assert r.json()["data"] == [
        {"event": "ConversationCreated", "deliveryStatus": {"_type": "NoRecentDelivery"}},
        {"event": "ConversationClosed", "deliveryStatus": {"_type": "NoRecentDelivery"}},
    ]
    r = api.get(f"/v1/webhooks/{hook['id']}/delivery-status/logs/ConversationCreated")
    assert r.status_code == 200 and r.json()["data"] == []


def test_openapi_documents_the_event_mapping(harness: Harness) -> None:
    doc = harness.client.get("/openapi.json").json()
    text = doc["paths"]["/v1/webhooks"]["post"]["description"]
    assert "| `TagAdded` | `ConversationTagAdded` | `CONVERSATION_TAG_ADDED` |" in text
    assert "X-DIXA-SIGNATURE" in text and "Parley choice" in text
