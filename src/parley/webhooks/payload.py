"""What a webhook delivery sends: Dixa's envelope around the event's data, a snapshot of
the conversation the event is about (snake_case, upper-case enums), and the signature."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import msgspec

from parley.journal.events import upper_snake
from parley.kit.clock import to_iso
from parley.webhooks.repository import ConversationSnapshot, UserRef


def _user(u: UserRef | None, anonymized: bool = False) -> dict[str, Any] | None:
    if u is None:
        return None
    if anonymized:  # who they are is not said any more: the id and the kind only
        return {"id": u.id, "user_type": upper_snake(u.kind)}
    return {
        "id": u.id,
        "name": u.name,
        "email": u.email,
        "phone": u.phone,
        "user_type": upper_snake(u.kind),
    }


def conversation(c: ConversationSnapshot) -> dict[str, Any]:
    """``data.conversation`` as Dixa's webhooks carry it: ``csid``, enums in upper snake
    case (``EMAIL``, ``WIDGET_CHAT``; ``OPEN``/``PENDING``/``CLOSED``; ``INBOUND``/
    ``OUTBOUND``), users with ``user_type`` ``END_USER``/``AGENT``. Of an anonymized
    conversation, the people are ids only and the contact point (an address or number that
    may be the customer's) is left out."""
    return {
        "csid": c.id,
        "channel": upper_snake(c.channel),
        "status": upper_snake(c.state),
        "direction": upper_snake(c.direction),
        "requester": _user(c.requester, c.anonymized),
        "assignee": _user(c.assignee, c.anonymized),
        "queue": None if c.queue_id is None else {"id": c.queue_id, "name": c.queue_name},
        "contact_point": None if c.anonymized else c.contact_point,
        "tags": c.tags,
        "created_at": to_iso(c.created_at),
    }


def delivery_body(stored: str, event: str, org_name: str | None) -> bytes:
    """The body POSTed for a stored event, to a subscription that named ``event``: its
    ``event_fqn`` is that name in upper snake case, and ``organization`` has its name."""
    envelope = msgspec.json.decode(stored)
    if not isinstance(envelope, dict):
        envelope = {"data": envelope}
    envelope["event_fqn"] = upper_snake(event)
    organization = envelope.get("organization")
    organization = dict(organization) if isinstance(organization, dict) else {}
    organization["name"] = org_name
    envelope["organization"] = organization
    return msgspec.json.encode(envelope)


def signature(secret_key: str, timestamp_ms: int, body: bytes) -> str:
    """``X-DIXA-SIGNATURE``: ``t=<epoch ms>,v1=<hex HMAC-SHA256 of "t.body">``, keyed with
    the subscription's secret key hex-decoded."""
    mac = hmac.new(bytes.fromhex(secret_key), f"{timestamp_ms}.".encode() + body, hashlib.sha256)
    return f"t={timestamp_ms},v1={mac.hexdigest()}"
