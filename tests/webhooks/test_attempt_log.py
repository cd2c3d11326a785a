"""The attempt log keeps 30 days: recording an attempt forgets the older attempts of the
same subscription and event, on both stores; other events' attempts stay."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fixtures.webhooks import attempt_ids, conversation, end_user, old_attempt, subscribe
from webhooks.receiver import Receiver

if TYPE_CHECKING:
    from fixtures.harness import Api, Harness


def test_old_attempts_are_forgotten_when_the_event_is_sent_again(
    harness: Harness, api: Api, rx: Receiver
) -> None:
    hook = subscribe(api, rx, ["ConversationCreated", "ConversationClosed"])["id"]
    expired = old_attempt(harness, api, hook, "ConversationCreated", 31)
    kept = old_attempt(harness, api, hook, "ConversationCreated", 29)
    other_event = old_attempt(harness, api, hook, "ConversationClosed", 40)
    conversation(api, end_user(api))
    harness.run_jobs()
    assert len(rx.requests) == 1
    ids = attempt_ids(harness, api)
    assert expired not in ids and {kept, other_event} <= ids and len(ids) == 3
    logs = api.get(f"/v1/webhooks/{hook}/delivery-status/logs/ConversationCreated").json()
    assert [entry["deliveryDetail"]["responseText"] for entry in logs["data"]] == [
        "answer 200",
        "old",
    ]
