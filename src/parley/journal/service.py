"""Recording what happened: an activity-log entry and an outbox event, in the caller's
transaction. Every state change calls one of these before its transaction commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from parley.journal import repository as repo
from parley.journal.derived import touched
from parley.journal.events import subscription_name, upper_snake
from parley.journal.fanout import fanout
from parley.kit.clock import to_iso
from parley.kit.ids import new_id
from parley.store import Tx
from parley.store.database import next_ids, write_together


def _envelope(org_id: str, fqn: str, data: dict[str, Any], timestamp: str | None) -> dict[str, Any]:
    return {
        "event_id": new_id(),
        "event_fqn": fqn,
        "event_version": "1",
        "event_timestamp": timestamp,
        "organization": {"id": org_id},
        "data": data,
    }


async def emit(
    tx: Tx,
    org_id: str,
    name: str,
    data: dict[str, Any],
    *,
    at: int,
    conversation_id: int | None = None,
    with_: Sequence[tuple[str, dict[str, Any]]] = (),
) -> str:
    """Write one event to the outbox (the ``events`` table) and queue its delivery to the
    webhook subscriptions that name it. ``event_fqn`` is the upper snake case of the
    event's Dixa name (``TagAdded`` -> ``CONVERSATION_TAG_ADDED``). ``with_``: the
    statement of the activity entry the event reports (and those ``record`` writes with
    it), written with the event; ``record`` has then marked the change by the entry's type,
    which the event only reports (``journal.derived``)."""
    if not with_:
        touched(tx, org_id, [conversation_id], name)
    event = subscription_name(name)
    fqn = upper_snake(event)
    envelope = _envelope(org_id, fqn, data, to_iso(at))
    receivers = fanout()
    subscribers = await receivers.targets(tx, org_id, event)
    if subscribers and conversation_id is not None:
        await receivers.add_data(tx, org_id, event, [(conversation_id, envelope)])
    seq = await repo.insert_event(
        tx,
        org_id=org_id,
        event_id=envelope["event_id"],
        fqn=fqn,
        conversation_id=conversation_id,
        payload=msgspec.json.encode(envelope),
        at=at,
        with_=with_,
    )
    await receivers.queue_many(tx, org_id, subscribers, [seq], event, [envelope["data"]])
    return str(envelope["event_id"])


async def emit_many(
    tx: Tx,
    org_id: str,
    name: str,
    items: Sequence[tuple[int | None, dict[str, Any]]],
    *,
    at: int,
) -> list[str]:
    """What ``emit(..., data, conversation_id=...)`` for each ``(conversation_id, data)``
    writes, in this order, set-based: the subscriptions are checked once, the snapshots
    read in batches, the events and their deliveries inserted in one batch each. One item
    is ``emit`` itself (its single-row statements are a round trip fewer on PostgreSQL)."""
    if len(items) <= 1:
        return [
            await emit(tx, org_id, name, data, at=at, conversation_id=cid) for cid, data in items
        ]
    touched(tx, org_id, [cid for cid, _ in items], name)
    event = subscription_name(name)
    fqn = upper_snake(event)
    timestamp = to_iso(at)
    envelopes = [(cid, _envelope(org_id, fqn, data, timestamp)) for cid, data in items]
    receivers = fanout()
    subscribers = await receivers.targets(tx, org_id, event)
    if subscribers:
        await receivers.add_data(
            tx, org_id, event, [(cid, env) for cid, env in envelopes if cid is not None]
        )
    seqs = await next_ids(tx, "event_seq", len(envelopes))
    await repo.insert_events(
        tx,
        [
            {
                "org": org_id,
                "seq": seq,
                "id": env["event_id"],
                "fqn": fqn,
                "cid": cid,
                "payload": msgspec.json.encode(env).decode(),
                "at": at,
            }
            for (cid, env), seq in zip(envelopes, seqs, strict=True)
        ],
    )
    datas = [env["data"] for _, env in envelopes]
    await receivers.queue_many(tx, org_id, subscribers, seqs, event, datas)
    return [str(env["event_id"]) for _, env in envelopes]


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
    also: Sequence[tuple[str, dict[str, Any]]] = (),
) -> str:
    """Write an activity-log entry of ``type_`` and, unless ``event`` is empty, its event.

    ``event`` defaults to the activity type; pass ``""`` for changes that emit none
    (imports), or the name of the Dixa webhook event that corresponds. ``also``: the
    statements of the change the entry reports, written with the entry (one round trip
    on PostgreSQL: ``write_together``; none may read what another writes).
    """
    touched(tx, org_id, [conversation_id], type_)
    activity_id = new_id()
    encoded = None if attributes is None else msgspec.json.encode(attributes).decode()
    write = repo.insert_activity if event == "" and not also else repo.activity_statement
    entry = await write(
        tx,
        org_id=org_id,
        activity_id=activity_id,
        conversation_id=conversation_id,
        type_=type_,
        at=at,
        author_id=author_id,
        attributes=encoded,
    )
    if entry is None:  # written alone: no event
        return activity_id
    if event == "":  # no event, but the change's statements
        await write_together(tx, [*also, entry])
        return activity_id
    data = _event_data(conversation_id, activity_id, author_id, attributes, event_data)
    # the entry and its event in one statement (one round trip on PostgreSQL)
    await emit(
        tx,
        org_id,
        event or type_,
        data,
        at=at,
        conversation_id=conversation_id,
        with_=[*also, entry],
    )
    return activity_id


async def emit_with(
    tx: Tx,
    org_id: str,
    conversation_id: int,
    event: str,
    *,
    activity_id: str,
    at: int,
    author_id: str | None,
    attributes: dict[str, Any] | None = None,
) -> None:
    """A further event for the entry ``activity_id`` that ``record`` wrote (a change that
    Dixa reports with two events, e.g. a transfer that also enqueues)."""
    data = _event_data(conversation_id, activity_id, author_id, attributes, None)
    await emit(tx, org_id, event, data, at=at, conversation_id=conversation_id)


def _event_data(
    conversation_id: int,
    activity_id: str,
    author_id: str | None,
    attributes: dict[str, Any] | None,
    event_data: dict[str, Any] | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "conversation_id": conversation_id,
        "activity_id": activity_id,
        "author_id": author_id,
        "attributes": attributes or {},
    }
    if event_data:
        data.update(event_data)
    return data


async def record_each(
    tx: Tx,
    org_id: str,
    conversation_ids: Sequence[int],
    type_: str,
    *,
    at: int,
    author_id: str | None,
    attributes: dict[str, Any] | None = None,
    event: str | None = None,
) -> list[str]:
    """What ``record`` of the same entry on each of these conversations writes, set-based:
    the entries in one batch, their events in another (``emit_many``). One conversation
    is ``record`` itself."""
    if len(conversation_ids) <= 1:
        return [
            await record(
                tx,
                org_id,
                cid,
                type_,
                at=at,
                author_id=author_id,
                attributes=attributes,
                event=event,
            )
            for cid in conversation_ids
        ]
    entry = Entry(type_, at, author_id, attributes)
    ids = await _insert_entries(tx, org_id, [(cid, entry) for cid in conversation_ids])
    if event != "":
        await emit_many(
            tx,
            org_id,
            event or type_,
            [
                (cid, _event_data(cid, activity_id, author_id, attributes, None))
                for cid, activity_id in zip(conversation_ids, ids, strict=True)
            ],
            at=at,
        )
    return ids


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
    return await _insert_entries(tx, org_id, [(conversation_id, e) for e in entries])


async def _insert_entries(tx: Tx, org_id: str, entries: Sequence[tuple[int, Entry]]) -> list[str]:
    """``(conversation_id, entry)`` pairs, in this order: their ``seq`` values in one
    statement, the rows in one batch; the new entries' ids."""
    if not entries:
        return []
    for cid, e in entries:
        touched(tx, org_id, [cid], e.type)
    seqs = await next_ids(tx, "activity_seq", len(entries))
    ids = [new_id() for _ in entries]
    await repo.insert_activities(
        tx,
        [
            {
                "org": org_id,
                "seq": seq,
                "id": activity_id,
                "cid": cid,
                "type": e.type,
                "at": e.at,
                "author": e.author_id,
                "attrs": None
                if e.attributes is None
                else msgspec.json.encode(e.attributes).decode(),
            }
            for (cid, e), seq, activity_id in zip(entries, seqs, ids, strict=True)
        ],
    )
    return ids
