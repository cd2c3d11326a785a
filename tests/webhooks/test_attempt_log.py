"""The attempt log keeps 30 days: recording an attempt forgets the older attempts of the
same subscription and event, on both stores; other events' attempts stay."""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING

from webhooks.receiver import Receiver
from webhooks.test_event_data import conversation, end_user, subscribe

if TYPE_CHECKING:
    from fixtures.harness import Api, Harness

DAY_MS = 24 * 3600 * 1000


def _old_attempt(harness: Harness, api: Api, hook: str, event: str, age_days: int) -> str:
    attempt_id = str(uuid.uuid4())
    harness.execute(
        "INSERT INTO webhook_attempts (org_id, id, subscription_id, delivery_id, event, "
        "event_seq, attempt, attempted_at, duration_ms, status_code, success, response_text, "
        "error) VALUES (:org, :id, :sub, :delivery, :event, 0, 1, :at, 5, 200, TRUE, 'old', "
        "NULL)",
        {
            "org": api.org.id,
            "id": attempt_id,
            "sub": hook,
            "delivery": str(uuid.uuid4()),
            "event": event,
            "at": int(time.time() * 1000) - age_days * DAY_MS,
        },
    )
    return attempt_id


def _attempt_ids(harness: Harness, api: Api) -> set[str]:
    rows = harness.fetch("SELECT id FROM webhook_attempts WHERE org_id = :o", {"o": api.org.id})
    return {r[0] for r in rows}


def test_old_attempts_are_forgotten_when_the_event_is_sent_again(
    harness: Harness, api: Api, rx: Receiver
) -> None:
    hook = subscribe(api, rx, ["ConversationCreated", "ConversationClosed"])["id"]
    expired = _old_attempt(harness, api, hook, "ConversationCreated", 31)
    kept = _old_attempt(harness, api, hook, "ConversationCreated", 29)
    other_event = _old_attempt(harness, api, hook, "ConversationClosed", 40)
    conversation(api, end_user(api))
    harness.run_jobs()
    assert len(rx.requests) == 1
    ids = _attempt_ids(harness, api)
    assert expired not in ids and {kept, other_event} <= ids and len(ids) == 3
    logs = api.get(f"/v1/webhooks/{hook}/delivery-status/logs/ConversationCreated").json()
    assert [entry["deliveryDetail"]["responseText"] for entry in logs["data"]] == [
        "answer 200",
        "old",
    ]
