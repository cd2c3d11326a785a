"""Dixa's events Parley accepts in a subscription but never sends (typing, SLA, bans,
delivery receipts a relay cannot give, transcriptions, a replaced requester): the list is
pinned, every one is accepted on create and update, and each is documented as such in the
OpenAPI description of the subscription routes and in the README."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from parley.journal.events import DIXA_EVENTS, DIXA_NAME, NEVER_EMITTED

if TYPE_CHECKING:
    from fixtures.harness import Api, Harness

PINNED = {
    "TypingStarted",
    "SLAEvaluationPending",
    "SLAEvaluationAchieved",
    "SLAEvaluationBreached",
    "SLAEvaluationVoided",
    "AgentBannedEnduser",
    "AgentUnbannedEnduser",
    "AgentBannedIp",
    "AgentUnbannedIp",
    "ConversationMessageDeliveryDelivered",
    "ConversationMessageDeliverySeen",
    "ConversationMessageDeliveryInfo",
    "ConversationMessageDeliverySpamComplaint",
    "ConversationTranscriptionAdded",
    "ConversationEndUserReplaced",
}
README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_list_is_pinned_and_everything_else_is_emitted() -> None:
    assert set(NEVER_EMITTED) == PINNED
    emitted = set(DIXA_NAME.values())
    assert not emitted & PINNED
    assert emitted | PINNED == DIXA_EVENTS  # every Dixa event is either sent or listed
    assert all(reason.strip() for reason in NEVER_EMITTED.values())


def test_they_are_accepted_on_create_and_update(api: Api) -> None:
    body = {"name": "Never", "url": "https://hooks.example.com/x", "events": sorted(PINNED)}
    r = api.post("/v1/webhooks", json=body)
    assert r.status_code == 201, r.text
    assert set(r.json()["data"]["subscribedEvents"]) == PINNED
    one = f"/v1/webhooks/{r.json()['data']['id']}"
    r = api.patch(one, json={"events": ["TypingStarted", "SLAEvaluationBreached"]})
    assert r.status_code == 200, r.text
    assert set(r.json()["data"]["subscribedEvents"]) == {"TypingStarted", "SLAEvaluationBreached"}


def test_they_are_documented_as_never_sent(harness: Harness) -> None:
    doc = harness.client.get("/openapi.json").json()
    for method in ("post", "patch"):
        path = "/v1/webhooks" if method == "post" else "/v1/webhooks/{webhookSubscriptionId}"
        text = doc["paths"][path][method]["description"]
        assert "Accepted but never sent" in text, method
        for name in PINNED:
            assert f"`{name}`" in text, (method, name)
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("Dixa behaviours Parley does not reproduce") :]
    for name in PINNED:
        assert f"`{name}`" in section, name
