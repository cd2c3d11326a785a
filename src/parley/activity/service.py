"""Recording what happened: an activity-log entry and an outbox event, in the caller's
transaction. Every state change calls one of these before its transaction commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from parley.activity import repository as repo
from parley.http.params import new_id
from parley.http.timefmt import to_iso
from parley.store import Tx
from parley.store.database import next_ids
from parley.webhooks import dispatch as webhooks
from parley.webhooks.events import subscription_name, upper_snake


async def emit(
    tx: Tx,
    org_id: str,
    name: str,
    data: dict[str, Any],
    *,
    at: int,
    conversation_id: int | None = None,
) -> str:
    """Write one event to the outbox (the ``events`` table) and queue its delivery to the
    webhook subscriptions that name it. ``event_fqn`` is the upper snake case of the
    event's Dixa name (``TagAdded`` -> ``CONVERSATION_TAG_ADDED``)."""
    event_id = new_id()
    event = subscription_name(name)
    fqn = upper_snake(event)
    envelope: dict[str, Any] = {
        "event_id": event_id,
        "event_fqn": fqn,
        "event_version": "1",
        "event_timestamp": to_iso(at),
        "organization": {"id": org_id},
        "data": data,
    }
    subscribers = await webhooks.targets(tx, org_id, event)
    if subscribers and conversation_id is not None:
        await webhooks.add_conversation(tx, org_id, conversation_id, envelope)
    seq = await repo.insert_event(
        tx,
        org_id=org_id,
        event_id=event_id,
        fqn=fqn,
        conversation_id=conversation_id,
        payload=msgspec.json.encode(envelope),
        at=at,
    )
    await webhooks.queue(tx, org_id, subscribers, seq, event)
    return event_id


async def record(
    tx: Tx,
    org_id: str,
    conversation_id: int,
    type_: str,
    *,
    at: int,
    author_id: str | None,
    attributes: dict[str, Any] | None = None,
    event: str | None = None,
    event_data: dict[str, Any] | None = None,
) -> str:
    """Write an activity-log entry of ``type_`` and, unless ``event`` is empty, its event.

    ``event`` defaults to the activity type; pass ``""`` for changes that emit none
    (imports), or the name of the Dixa webhook event that corresponds.
    """
    activity_id = new_id()
    await repo.insert_activity(
        tx,
        org_id=org_id,
        activity_id=activity_id,
        conversation_id=conversation_id,
        type_=type_,
        at=at,
        author_id=author_id,
        attributes=None if attributes is None else msgspec.json.encode(attributes).decode(),
    )
    if event != "":
        data = {
            "conversation_id": conversation_id,
            "activity_id": activity_id,
            "author_id": author_id,
            "attributes": attributes or {},
        }
        if event_data:
            data.update(event_data)
        await emit(tx, org_id, event or type_, data, at=at, conversation_id=conversation_id)
    return activity_id


@dataclass(frozen=True)
class Entry:
    """One activity-log entry for ``record_many``."""

    type: str
    at: int
    author_id: str | None
    attributes: dict[str, Any] | None = None


async def record_many(
    tx: Tx, org_id: str, conversation_id: int, entries: Sequence[Entry]
) -> list[str]:
    """Write these entries of one conversation, in this order and emitting no event: what
    ``record(..., event="")`` for each would write, in two statements (an import)."""
    if not entries:
        return []
    seqs = await next_ids(tx, "activity_seq", len(entries))
    ids = [new_id() for _ in entries]
    await repo.insert_activities(
        tx,
        [
            {
                "org": org_id,
                "seq": seq,
                "id": activity_id,
                "cid": conversation_id,
                "type": e.type,
                "at": e.at,
                "author": e.author_id,
                "attrs": None
                if e.attributes is None
                else msgspec.json.encode(e.attributes).decode(),
            }
            for e, seq, activity_id in zip(entries, seqs, ids, strict=True)
        ],
    )
    return ids
