"""An event's ``data`` as Dixa delivers it, built from Parley's record of the change.

``parley.journal.service`` writes a conversation event's data as Parley's record
(``conversation_id``, ``activity_id``, ``author_id``, camelCase ``attributes``). When a
subscription will receive the event, ``build`` replaces it, in the transaction of the
change, with what a receiver written for Dixa reads (``dixa-webhooks.md``):

- every event: ``conversation`` (``payload.conversation``, as the change left it);
- ``ConversationCreated``/``Open``/``Pending``/``Closed``/``Enqueued``: nothing else;
- ``ConversationNoteAdded``: ``note_id``, ``text``, ``created_at``, ``author``;
- ``ConversationMessageAdded``: ``message_id``, ``text``, ``content {text, content_type,
  original_content_url, processed_content_url}``, ``author``, ``created_at``,
  ``direction`` (lower case), ``channel`` (upper snake), ``external_id``;
- ``ConversationTagAdded``/``Removed``: ``tag`` (its name), ``author``;
- ``ConversationRated``: ``agent``, ``comment``, ``score``, ``type``;
- ``ConversationPendingExpired``: ``pendingByUser`` (who set the follow-up; absent when
  unknown);
- ``ConversationAbandoned``: ``queue`` ``{id, name}`` (the queue it left);
- any other event (Dixa does not document its data, or it is Parley's own): ``author``
  and the entry's attributes with snake_case keys (``agent``/``user`` as User objects), or,
  for an event with no activity entry (a message delivery), the event's own fields -
  Parley's fields (``PARLEY_FIELDS`` says so in the OpenAPI description).

Users are ``payload.user`` objects (ids only in an anonymized conversation). An event
whose conversation no longer exists keeps Parley's record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from parley.journal.events import upper_snake
from parley.kit.clock import to_iso
from parley.notes import repository as notes_repo
from parley.store import Tx
from parley.webhooks import data_repository as repo
from parley.webhooks import payload

NOTE = "ConversationNoteAdded"
MESSAGE = "ConversationMessageAdded"
RATED = "ConversationRated"
PENDING_EXPIRED = "ConversationPendingExpired"
ABANDONED = "ConversationAbandoned"
TAGS = frozenset({"ConversationTagAdded", "ConversationTagRemoved"})
CONVERSATION_ONLY = frozenset(
    {
        "ConversationCreated",
        "ConversationOpen",
        "ConversationPending",
        "ConversationClosed",
        "ConversationEnqueued",
    }
)
# Attribute keys that name a user (an id, or an object with one): delivered as Users.
USER_KEYS = frozenset({"agent", "user", "oldUser", "newUser"})

PARLEY_FIELDS = (
    "Events whose `data` Dixa does not document (`ConversationAssigned`, "
    "`ConversationUnassigned`, `ConversationTransferred`, "
    "`ConversationCustomAttributeUpdated` and Parley's own conversation events) carry "
    "`conversation` and, as **Parley's fields**, `author` (the User who made the change, or "
    "null) and the activity entry's attributes with snake_case keys (`agent`, `user`: "
    "User objects), e.g. `destination_id`, `destination_type`, `transfer_type` of a "
    "transfer; the message-delivery events, which have no activity entry, carry "
    "`message_id`, `channel`, `email_message_id` and (Failed) `error`."
)


@dataclass
class Facts:
    """What one batch of events read, shared by the builders."""

    anonymized: dict[int, bool] = field(default_factory=dict)
    channels: dict[int, str] = field(default_factory=dict)
    users: dict[str, repo.UserRef] = field(default_factory=dict)
    notes: dict[str, notes_repo.NoteRow] = field(default_factory=dict)
    messages: dict[str, repo.MessageRef] = field(default_factory=dict)
    rating_types: dict[int, str] = field(default_factory=dict)
    setters: dict[int, str] = field(default_factory=dict)
    queues: dict[str, str] = field(default_factory=dict)

    def user(self, cid: int, user_id: object) -> dict[str, Any] | None:
        if isinstance(user_id, dict):
            user_id = user_id.get("id")
        if not isinstance(user_id, str):
            return None
        found = self.users.get(user_id)
        if found is None:
            return {"id": user_id}
        return payload.user(found, self.anonymized.get(cid, False))


def _attrs(record: dict[str, Any]) -> dict[str, Any]:
    attributes = record.get("attributes")
    return attributes if isinstance(attributes, dict) else {}


def _ref_id(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


async def _read(
    tx: Tx, org_id: str, event: str, items: Sequence[tuple[int, dict[str, Any]]]
) -> Facts:
    cids = [cid for cid, _ in items]
    ids = [str(_attrs(d).get("messageId")) for _, d in items if _attrs(d).get("messageId")]
    facts = Facts()
    if event == NOTE:
        facts.notes = await notes_repo.among(tx, org_id, ids)
    elif event == MESSAGE:
        facts.messages = await repo.messages(tx, org_id, ids)
    elif event == RATED:
        facts.rating_types = await repo.rating_types(tx, org_id, cids)
    elif event == PENDING_EXPIRED:
        facts.setters = await repo.followup_setters(tx, org_id, cids)
    elif event == ABANDONED:
        queue_ids = [q for _, d in items if isinstance(q := _attrs(d).get("queueId"), str)]
        facts.queues = await repo.queue_names(tx, org_id, queue_ids)
    user_ids = [a for _, d in items if isinstance(a := d.get("author_id"), str)]
    user_ids += [u for _, d in items for k in USER_KEYS if (u := _ref_id(_attrs(d).get(k)))]
    user_ids += [n.author_id for n in facts.notes.values()]
    user_ids += [m.author_id for m in facts.messages.values() if m.author_id]
    user_ids += list(facts.setters.values())
    facts.users = await repo.users(tx, org_id, user_ids)
    return facts


async def build(
    tx: Tx, org_id: str, event: str, items: Sequence[tuple[int, dict[str, Any]]]
) -> None:
    """Replace the data of each ``(conversation_id, data)`` with Dixa's ``data`` of
    ``event`` (a subscription name), in place."""
    snapshots = await repo.conversations(tx, org_id, sorted({cid for cid, _ in items}))
    items = [(cid, d) for cid, d in items if cid in snapshots]
    if not items:
        return
    facts = await _read(tx, org_id, event, items)
    facts.anonymized = {cid: s.anonymized for cid, s in snapshots.items()}
    facts.channels = {cid: upper_snake(s.channel) for cid, s in snapshots.items()}
    builder = _BUILDERS.get(event, _parley)
    for cid, data in items:
        fields = {} if event in CONVERSATION_ONLY else builder(facts, cid, data)
        conversation = payload.conversation(snapshots[cid])
        data.clear()
        data.update({"conversation": conversation, **fields})


R = TypeVar("R")


def _named(record: dict[str, Any], rows: Mapping[str, R]) -> tuple[object, R | None]:
    """The ``messageId`` of the entry (a note's id too) and the row read for it, if any."""
    named = _attrs(record).get("messageId")
    return named, rows.get(str(named))


def _note(facts: Facts, cid: int, record: dict[str, Any]) -> dict[str, Any]:
    note_id, note = _named(record, facts.notes)
    return {
        "note_id": note_id,
        "text": None if note is None else note.message,
        "created_at": None if note is None else to_iso(note.created_at),
        "author": facts.user(cid, note.author_id if note else record.get("author_id")),
    }


def _message(facts: Facts, cid: int, record: dict[str, Any]) -> dict[str, Any]:
    message_id, m = _named(record, facts.messages)
    return {
        "message_id": message_id,
        "text": None if m is None else m.text,
        "content": {
            "text": None if m is None else m.content,
            "content_type": None if m is None else m.content_type,
            "original_content_url": None,
            "processed_content_url": None,
        },
        "author": facts.user(cid, m.author_id if m else record.get("author_id")),
        "created_at": None if m is None else to_iso(m.created_at),
        "direction": None if m is None else m.direction.lower(),
        "channel": facts.channels.get(cid),
        "external_id": None if m is None else m.external_id,
    }


def _tag(facts: Facts, cid: int, record: dict[str, Any]) -> dict[str, Any]:
    return {"tag": _attrs(record).get("tag"), "author": facts.user(cid, record.get("author_id"))}


def _rated(facts: Facts, cid: int, record: dict[str, Any]) -> dict[str, Any]:
    attributes = _attrs(record)
    return {
        "agent": facts.user(cid, attributes.get("agent")),
        "comment": attributes.get("message"),
        "score": attributes.get("score"),
        "type": facts.rating_types.get(cid),
    }


def _pending_expired(facts: Facts, cid: int, record: dict[str, Any]) -> dict[str, Any]:
    setter = facts.setters.get(cid)
    return {} if setter is None else {"pendingByUser": facts.user(cid, setter)}


def _abandoned(facts: Facts, cid: int, record: dict[str, Any]) -> dict[str, Any]:
    queue_id = _attrs(record).get("queueId")
    if not isinstance(queue_id, str):
        return {"queue": None}
    return {"queue": {"id": queue_id, "name": facts.queues.get(queue_id)}}


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _snake(key: str) -> str:
    return _CAMEL.sub("_", key).lower()


# The keys of Parley's record of an activity entry, not fields of the event itself.
_RECORD_KEYS = frozenset({"conversation_id", "activity_id", "author_id", "attributes"})


def _parley(facts: Facts, cid: int, record: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"author": facts.user(cid, record.get("author_id"))}
    # an event written without an activity entry (a delivery) carries its own fields
    own = {k: v for k, v in record.items() if k not in _RECORD_KEYS}
    for key, value in {**own, **_attrs(record)}.items():
        out[_snake(key)] = facts.user(cid, value) if key in USER_KEYS else value
    return out


_BUILDERS: dict[str, Callable[[Facts, int, dict[str, Any]], dict[str, Any]]] = {
    NOTE: _note,
    MESSAGE: _message,
    RATED: _rated,
    PENDING_EXPIRED: _pending_expired,
    ABANDONED: _abandoned,
    **{name: _tag for name in TAGS},
}
