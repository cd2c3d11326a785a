"""Fan-out: an event written for a change gets one delivery job per enabled subscription
that names it, in the same transaction (so a delivery exists exactly when its event does,
and survives restarts). This module is activity's event fan-out
(``parley.journal.fanout``): ``parley.journal.service.emit`` asks for the ``targets``
before it writes the event (the organisation's subscriptions are read once per
transaction), turns a conversation event's data into Dixa's when there is a subscriber
(``add_data``: the reads it takes are spent only then), then queues the deliveries to the
subscriptions whose filters the event passes (``queue_many``). Deliveries read the event
row when they run, so anonymization still redacts what is queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from parley.store import Tx
from parley.webhooks import data as dixa_data
from parley.webhooks import filters
from parley.webhooks import repository as repo
from parley.webhooks.schemas import CombinedFilters
from parley.worker import outbox

KIND = "webhook.deliver"
# Attempts per delivery (the worker's backoff: 1 s, 2 s, 4 s … capped at 10 min, ~27 min
# in all before the delivery fails).
MAX_ATTEMPTS = 12
# Conversations per statement when the snapshots of many events are read (an IN list).
SNAPSHOT_BATCH = 500


@dataclass(frozen=True)
class Target:
    subscription_id: str
    filters: dict[str, CombinedFilters] | None


async def targets(tx: Tx, org_id: str, event: str) -> list[Target]:
    """The enabled subscriptions that name ``event`` (a subscription name)."""
    return [
        Target(s.id, filters.load(s.filters))
        for s in await repo.enabled(tx, org_id)
        if event in s.events
    ]


async def add_data(
    tx: Tx, org_id: str, event: str, envelopes: Sequence[tuple[int, dict[str, Any]]]
) -> None:
    """Dixa's ``data`` of ``event`` (a subscription name) for each ``(conversation_id,
    envelope)``, the conversation as it is in this transaction, in place of Parley's record
    (``parley.webhooks.data``), ``SNAPSHOT_BATCH`` conversations at a time."""
    wanted = [
        (cid, data)
        for cid, envelope in envelopes
        if isinstance(data := envelope.get("data"), dict) and "conversation" not in data
    ]
    for start in range(0, len(wanted), SNAPSHOT_BATCH):
        await dixa_data.build(tx, org_id, event, wanted[start : start + SNAPSHOT_BATCH])


async def queue_many(
    tx: Tx,
    org_id: str,
    subscribers: list[Target],
    seqs: Sequence[int],
    event: str,
    datas: Sequence[Any],
) -> None:
    """One delivery job per subscription whose filters the event passes, for each of
    these events (``seqs``, their ``datas``), in one batch."""
    await outbox.enqueue_many(
        tx,
        KIND,
        [
            (
                {"subscriptionId": target.subscription_id, "eventSeq": seq, "event": event},
                target.subscription_id,
            )
            for seq, data in zip(seqs, datas, strict=True)
            for target in subscribers
            if filters.passes(target.filters, event, data)
        ],
        org_id=org_id,
        max_attempts=MAX_ATTEMPTS,
    )


if TYPE_CHECKING:  # this module is activity's event fan-out: mypy checks that it fits
    from parley.journal.fanout import Fanout
    from parley.webhooks import dispatch as _this

    _fits: Fanout = _this
