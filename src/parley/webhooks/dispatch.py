"""Fan-out: an event written for a change gets one delivery job per enabled subscription
that names it, in the same transaction (so a delivery exists exactly when its event does,
and survives restarts). ``parley.activity.service.emit`` asks for the ``targets`` before
it writes the event (the organisation's subscriptions are read once per transaction), adds
the conversation snapshot to the event when there is a subscriber (``add_conversation``),
then queues the deliveries (``queue``). Deliveries read the event row when they run, so
anonymization still redacts what is queued.
"""

from __future__ import annotations

from typing import Any

from parley.store import Tx
from parley.webhooks import payload
from parley.webhooks import repository as repo
from parley.worker import outbox

KIND = "webhook.deliver"
# Attempts per delivery (the worker's backoff: 1 s, 2 s, 4 s … capped at 10 min, ~27 min
# in all before the delivery fails).
MAX_ATTEMPTS = 12


async def targets(tx: Tx, org_id: str, event: str) -> list[str]:
    """The enabled subscriptions that name ``event`` (a subscription name)."""
    return [sid for sid, events in await repo.enabled(tx, org_id) if event in events]


async def add_conversation(
    tx: Tx, org_id: str, conversation_id: int, envelope: dict[str, Any]
) -> None:
    """Dixa's snapshot of the conversation as it is in this transaction, as
    ``data.conversation`` of the event (unless the data has one)."""
    data = envelope.get("data")
    if not isinstance(data, dict) or "conversation" in data:
        return
    snapshot = await repo.conversation(tx, org_id, conversation_id)
    if snapshot is not None:
        data["conversation"] = payload.conversation(snapshot)


async def queue(tx: Tx, org_id: str, subscription_ids: list[str], seq: int, event: str) -> None:
    for subscription_id in subscription_ids:
        await outbox.enqueue(
            tx,
            KIND,
            {"subscriptionId": subscription_id, "eventSeq": seq, "event": event},
            org_id=org_id,
            max_attempts=MAX_ATTEMPTS,
            dedupe_key=subscription_id,
        )
