"""Subscriptions as Dixa takes them, on both stores: Dixa's whole event list, custom
headers (stored, shown, sent, never replacing the delivery's own), TokenAuth as a bearer
token, and filters (echoed, applied to what is delivered)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from fixtures.webhooks import (
    create_subscription,
    email_conversation_of,
    subscription_filter,
)
from webhooks.receiver import Receiver, verify

if TYPE_CHECKING:
    from fixtures.harness import Api, Harness

# Dixa's event names, as its OpenAPI document lists them for a subscription.
DIXA_EVENTS = [
    "SLAEvaluationVoided",
    "ConversationPending",
    "SLAEvaluationBreached",
    "ConversationMessageAdded",
    "ConversationCustomAttributeUpdated",
    "SLAEvaluationAchieved",
    "ConversationAssigned",
    "ConversationMessageDeliveryDelivered",
    "ConversationMessageDeliveryInfo",
    "ConversationTransferred",
    "ConversationEnqueued",
    "AgentUnbannedEnduser",
    "TypingStarted",
    "ConversationCreated",
    "ConversationUnassigned",
    "ConversationOpen",
    "ConversationAbandoned",
    "ConversationClosed",
    "ConversationMessageDeliveryFailed",
    "ConversationTagAdded",
    "ConversationNoteAdded",
    "AgentBannedEnduser",
    "ConversationEndUserReplaced",
    "ConversationMessageDeliverySeen",
    "AgentUnbannedIp",
    "ConversationMessageDeliverySent",
    "AgentBannedIp",
    "ConversationTagRemoved",
    "ConversationRated",
    "SLAEvaluationPending",
    "ConversationMessageDeliverySpamComplaint",
    "ConversationPendingExpired",
    "ConversationTranscriptionAdded",
]
BAD = "Invalid value for: body"


def test_dixas_whole_event_list_is_accepted(api: Api) -> None:
    r = create_subscription(api, events=DIXA_EVENTS)
    assert r.status_code == 201, r.text
    assert r.json()["data"]["subscribedEvents"] == DIXA_EVENTS
    r = create_subscription(api, events=["ConversationNoteAdded", "ConversationExploded"])
    assert r.status_code == 400 and r.json()["message"].startswith(BAD)


def test_custom_headers_are_shown_and_sent(harness: Harness, api: Api, rx: Receiver) -> None:
    custom = {"X-Automation-Webhook-Token": "t-123", "X-Example-Header": "ExampleValue"}
    r = create_subscription(
        api,
        url=rx.url(),
        authorization={"_type": "TokenAuth", "value": "eyJ0"},
        customHeaders=custom,
    )
    assert r.status_code == 201, r.text
    hook = r.json()["data"]
    assert hook["headers"] == {"Authorization": "Bearer eyJ0", **custom}
    assert api.get(f"/v1/webhooks/{hook['id']}").json()["data"]["headers"] == hook["headers"]
    cid = email_conversation_of(api)
    assert api.put(f"/v1/conversations/{cid}/close", json={}).status_code == 204
    harness.run_jobs()
    [sent] = rx.requests
    assert sent.headers["authorization"] == "Bearer eyJ0"
    assert sent.headers["x-automation-webhook-token"] == "t-123"
    assert sent.headers["x-example-header"] == "ExampleValue"
    assert sent.headers["content-type"] == "application/json"
    verify(hook["secretKey"], sent)
    # PATCH replaces them; other fields keep theirs
    r = api.patch(f"/v1/webhooks/{hook['id']}", json={"customHeaders": {"X-Only": "1"}})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["headers"] == {"Authorization": "Bearer eyJ0", "X-Only": "1"}


def test_custom_headers_cannot_replace_the_deliverys_own(api: Api) -> None:
    for name in ("Authorization", "content-type", "X-DIXA-SIGNATURE", "Host"):
        r = create_subscription(api, customHeaders={name: "x"})
        assert r.status_code == 400, name
        assert r.json()["message"].startswith(BAD) and name in r.json()["message"]
    for bad in ({"Bad Name": "x"}, {"X-Ok": "a\r\nX-Evil: 1"}, {"X-Ok": 5}):
        r = create_subscription(api, customHeaders=bad)
        assert r.status_code == 400 and r.json()["message"].startswith(BAD), bad
    assert api.get("/v1/webhooks").json()["data"] == []


def test_filters_are_echoed_and_applied(harness: Harness, api: Api, rx: Receiver) -> None:
    r = api.post("/v1/queues", json={"name": f"VIP {uuid.uuid4().hex[:4]}"})
    assert r.status_code == 201, r.text
    vip = r.json()["data"]["id"]
    filters = {
        "Conversation": subscription_filter(
            "All",
            ("IsOneOf", "InitialChannel", ["email", "pstn_phone"]),
            ("IsNotOneOf", "OperationOrigin", ["ApiImport"]),
        ),
        "ConversationTransferred": subscription_filter("Any", ("IsOneOf", "QueueId", [vip])),
        "ConversationClosed": subscription_filter("All", ("IsNotOneOf", "QueueId", [vip])),
    }
    events = ["ConversationCreated", "ConversationTransferred", "ConversationClosed"]
    r = create_subscription(api, url=rx.url(), events=events, filters=filters)
    assert r.status_code == 201, r.text
    hook = r.json()["data"]
    assert hook["filters"] == filters
    assert api.get(f"/v1/webhooks/{hook['id']}").json()["data"]["filters"] == filters
    into_vip, elsewhere = email_conversation_of(api), email_conversation_of(api)
    r = api.put(f"/v1/conversations/{into_vip}/transfer/queue", json={"queueId": vip})
    assert r.status_code == 204, r.text
    r = api.put(
        f"/v1/conversations/{elsewhere}/transfer/queue",
        json={"queueId": api.org.default_queue_id},
    )
    assert r.status_code == 204, r.text
    # closing leaves the queue: the closed event's conversation is in none
    assert api.put(f"/v1/conversations/{into_vip}/close", json={}).status_code == 204
    harness.run_jobs()
    got = sorted((b["event_fqn"], b["data"]["conversation"]["csid"]) for b in rx.bodies())
    assert got == sorted(
        [
            ("CONVERSATION_CREATED", into_vip),
            ("CONVERSATION_CREATED", elsewhere),
            ("CONVERSATION_TRANSFERRED", into_vip),
            ("CONVERSATION_CLOSED", into_vip),
        ]
    )


def test_a_channel_filter_keeps_other_channels_out(
    harness: Harness, api: Api, rx: Receiver
) -> None:
    only_chat = {
        "Conversation": subscription_filter("All", ("IsOneOf", "InitialChannel", ["chat"]))
    }
    r = create_subscription(api, url=rx.url(), events=["ConversationCreated"], filters=only_chat)
    assert r.status_code == 201, r.text
    email_conversation_of(api)
    harness.run_jobs()
    assert rx.requests == []
    # patched away: the next one is delivered
    r = api.patch(f"/v1/webhooks/{r.json()['data']['id']}", json={"filters": {}})
    assert r.status_code == 200 and "filters" not in r.json()["data"]
    cid = email_conversation_of(api)
    harness.run_jobs()
    assert [b["data"]["conversation"]["csid"] for b in rx.bodies()] == [cid]


def test_bad_filters_are_400(api: Api) -> None:
    ok = ("IsOneOf", "QueueId", ["q"])
    for bad in (
        {"Nonsense": subscription_filter("All", ok)},
        {"Conversation": subscription_filter("Most", ok)},
        {"Conversation": subscription_filter("All")},
        {"Conversation": subscription_filter("All", ("IsOneOf", "Priority", ["high"]))},
        {"Conversation": subscription_filter("All", ("IsOneOf", "QueueId", []))},
        {"Conversation": subscription_filter("All", ("IsSomeOf", "QueueId", ["q"]))},
    ):
        r = create_subscription(api, filters=bad)
        assert r.status_code == 400, bad
        assert r.json()["message"].startswith(BAD), r.text
    assert api.get("/v1/webhooks").json()["data"] == []


def test_openapi_documents_the_delivered_shapes(harness: Harness) -> None:
    doc = harness.client.get("/openapi.json").json()
    create_op = doc["paths"]["/v1/webhooks"]["post"]
    text = create_op["description"]
    for phrase in (
        "note_id, text, created_at, author",
        "`pendingByUser`",
        "`Contact` for end users, `Member` for",
        "**Parley's fields**",
        "`customHeaders`",
        "IsNotOneOf",
        "`Bearer <value>`",
        "Accepted but never sent",
    ):
        assert phrase in text, phrase
    body = create_op["requestBody"]["content"]["application/json"]["schema"]
    schema = doc["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert {"customHeaders", "filters"} <= set(schema["properties"])
