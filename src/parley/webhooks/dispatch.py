"""Fan-out: an event written for a change gets one delivery job per enabled subscription
that names it, in the same transaction (so a delivery exists exactly when its event does,
and survives restarts). This module is activity's event fan-out
(``parley.journal.fanout``): ``parley.journal.service.emit`` asks for the ``targets``
before it writes the event (the organisation's subscriptions are read once per
transaction), adds the conversation snapshot to the event when there is a subscriber
(``add_conversations``), then queues the deliveries (``queue_many``). Deliveries read
the event row when they run, so anonymization still redacts what is queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from parley.store import Tx
from parley.webhooks import payload
from parley.webhooks import repository as repo
from parley.worker import outbox

KIND = "webhook.deliver"
# Attempts per delivery (the worker's backoff: 1 s, 2 s, 4 s … capped at 10 min, ~27 min
# in all before the delivery fails).
MAX_ATTEMPTS = 12
# Conversations per statement when the snapshots of many events are read (an IN list).
SNAPSHOT_BATCH = 500


async def targets(tx: Tx, org_id: str, event: str) -> list[str]:
    """The enabled subscriptions that name ``event`` (a subscription name)."""
    return [sid for sid, events in await repo.enabled(tx, org_id) if event in events]


async def add_conversations(
    tx: Tx, org_id: str, envelopes: Sequence[tuple[int, dict[str, Any]]]
) -> None:
    """Dixa's snapshot of each conversation as it is in this transaction, as
    ``data.conversation`` of its event (unless the data has one), the snapshots read
    ``SNAPSHOT_BATCH`` conversations at a time."""
    wanted = [
        (cid, data)
        for cid, envelope in envelopes
        if isinstance(data := envelope.get("data"), dict) and "conversation" not in data
    ]
    for start in range(0, len(wanted), SNAPSHOT_BATCH):
        part = wanted[start : start + SNAPSHOT_BATCH]
        snapshots = await repo.conversations(tx, org_id, sorted({cid for cid, _ in part}))
        for cid, data in part:
            snapshot = snapshots.get(cid)
            if snapshot is not None:
                data["conversation"] = payload.conversation(snapshot)


async def queue_many(
    tx: Tx, org_id: str, subscription_ids: list[str], seqs: Sequence[int], event: str
) -> None:
    """One delivery job per subscription for each of these events (``seqs``), in one batch."""
    await outbox.enqueue_many(
        tx,
        KIND,
        [
            ({"subscriptionId": subscription_id, "eventSeq": seq, "event": event}, subscription_id)
            for seq in seqs
            for subscription_id in subscription_ids
        ],
        org_id=org_id,
        max_attempts=MAX_ATTEMPTS,
    )


if TYPE_CHECKING:  # this module is activity's event fan-out: mypy checks that it fits
    from parley.journal.fanout import Fanout
    from parley.webhooks import dispatch as _this

    _fits: Fanout = _this
