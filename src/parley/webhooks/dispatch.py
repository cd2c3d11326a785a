"""Fan-out: when an event is written, one delivery job per enabled subscription that
names it, in the same transaction (so a delivery exists exactly when its event does, and
survives restarts). Called by ``parley.activity.service.emit`` for every event; with no
subscriber it costs one indexed read.

When there are subscribers and the event is about a conversation, the stored event gets
``data.conversation`` (Dixa's snapshot of the conversation as it is in this transaction):
deliveries read the event row when they run, so anonymization still redacts what is queued.
"""

from __future__ import annotations

from parley.store import Tx
from parley.webhooks import payload
from parley.webhooks import repository as repo
from parley.webhooks.events import subscription_name
from parley.worker import outbox

KIND = "webhook.deliver"
# Attempts per delivery (the worker's backoff: 1 s, 2 s, 4 s … capped at 10 min, ~27 min
# in all before the delivery fails).
MAX_ATTEMPTS = 12


async def event_written(
    tx: Tx,
    org_id: str,
    name: str,
    *,
    seq: int,
    stored: bytes,
    conversation_id: int | None,
) -> int:
    """Queue the deliveries of the event just written (``seq``, payload ``stored``);
    returns how many."""
    event = subscription_name(name)
    targets = await repo.subscribed(tx, org_id, event)
    if not targets:
        return 0
    if conversation_id is not None:
        snapshot = await repo.conversation(tx, org_id, conversation_id)
        enriched = None if snapshot is None else payload.with_conversation(stored, snapshot)
        if enriched is not None:
            await repo.set_event_payload(tx, org_id, seq, enriched.decode())
    for subscription_id in targets:
        await outbox.enqueue(
            tx,
            KIND,
            {"subscriptionId": subscription_id, "eventSeq": seq, "event": event},
            org_id=org_id,
            max_attempts=MAX_ATTEMPTS,
            dedupe_key=subscription_id,
        )
    return len(targets)
