"""SQL for email: raw inbound mail, Message-IDs, deliveries, reply-token keys, and the
lookup of the organisations an address belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from parley.conversation_record.repository import UserRef
from parley.orgs.repository import OrgRow
from parley.store import Tx


@dataclass(frozen=True)
class InboundRow:
    id: str
    received_at: int
    mail_from: str | None
    rcpt_to: str  # JSON list
    raw: bytes
    status: str
    error: str | None = None
    header_id: str | None = None
    conversation_id: int | None = None
    message_id: str | None = None


@dataclass(frozen=True)
class DeliveryRow:
    message_id: str
    conversation_id: int
    header_id: str
    status: str
    attempts: int
    last_error: str | None


async def endpoint_orgs(tx: Tx, address: str) -> list[tuple[OrgRow, int]]:
    """The organisations with the email endpoint ``address`` (before any organisation is
    known: the one lookup across organisations, on the small endpoints table), each with
    its clock's offset (``store.clocks``), read with the endpoint so that handling the
    mail need not read them again."""
    rows = await tx.fetch_all(
        "SELECT o.id, o.name, o.default_queue_id, o.admin_user_id, o.created_at, "
        "COALESCE(c.offset_ms, 0) FROM contact_endpoints e JOIN orgs o ON o.id = e.org_id "
        "LEFT JOIN org_clocks c ON c.org_id = o.id "
        "WHERE e.id = :addr AND e.type = 'EmailEndpoint' ORDER BY e.org_id",
        {"addr": address},
    )
    return [(OrgRow(r[0], r[1], r[2], r[3], r[4]), int(r[5])) for r in rows]


@dataclass(frozen=True)
class KnownId:
    """A Message-ID the organisation has, with its conversation's channel and whether it
    is anonymized, as they were read (``channel`` None: not read, or the conversation is
    gone)."""

    conversation_id: int
    channel: str | None
    anonymized: bool


@dataclass(frozen=True)
class Recipient:
    """What handling a mail for one organisation needs first, read in one statement with
    the organisation: its clock's offset, the end user with the sender's address (the
    oldest, as the end users' list gives it), the Message-IDs it knows among those the
    mail names, and how many webhook subscriptions it has enabled."""

    org: OrgRow
    clock_offset: int
    sender: UserRef | None
    known: dict[str, KnownId]
    webhooks: int


_RECIPIENTS = (
    "SELECT o.id, o.name, o.default_queue_id, o.admin_user_id, o.created_at, "
    "COALESCE(c.offset_ms, 0), u.id, u.kind, COALESCE(u.display_name, "
    "TRIM(COALESCE(u.first_name, '') || ' ' || COALESCE(u.last_name, ''))), u.email, "
    "u.phone_number, h.header_id, h.conversation_id, v.channel, v.anonymized_at, "
    "(SELECT COUNT(*) FROM webhook_subscriptions w WHERE w.org_id = o.id AND w.enabled) "
    "FROM contact_endpoints e JOIN orgs o ON o.id = e.org_id "
    "LEFT JOIN org_clocks c ON c.org_id = o.id "
    "LEFT JOIN users u ON u.org_id = o.id AND u.kind = 'EndUser' AND u.email = :sender "
    "AND NOT EXISTS (SELECT 1 FROM users s WHERE s.org_id = u.org_id AND s.kind = 'EndUser' "
    "AND s.email = :sender AND (s.created_at, s.id) < (u.created_at, u.id)) "
    "LEFT JOIN mail_message_ids h ON h.org_id = o.id AND h.header_id IN :ids "
    "LEFT JOIN conversations v ON v.org_id = h.org_id AND v.id = h.conversation_id "
    "WHERE e.id = :addr AND e.type = 'EmailEndpoint' ORDER BY e.org_id"
)


async def recipients(
    tx: Tx, address: str, sender: str | None, header_ids: list[str]
) -> list[Recipient]:
    """``endpoint_orgs`` with, for each organisation, what a mail from ``sender`` naming
    ``header_ids`` needs read first (``Recipient``): one statement for all of it."""
    rows = await tx.fetch_all(
        _RECIPIENTS,
        # an empty list would match nothing either way; one id keeps the statement's text
        {"addr": address, "sender": sender, "ids": header_ids or [""]},
    )
    found: dict[str, Recipient] = {}
    for r in rows:
        got = found.get(r[0])
        if got is None:
            user = None if r[6] is None else UserRef(r[6], r[7], r[8] or None, r[9], r[10])
            got = found[r[0]] = Recipient(
                OrgRow(r[0], r[1], r[2], r[3], r[4]), int(r[5]), user, {}, int(r[15])
            )
        if r[11] is not None:
            got.known[str(r[11])] = KnownId(int(r[12]), r[13], r[14] is not None)
    return list(found.values())


def inbound_statement(org_id: str, row: InboundRow) -> tuple[str, dict[str, Any]]:
    """The statement storing a received mail (``insert_inbound``, or with what it caused:
    ``write_together``)."""
    return (
        "INSERT INTO mail_inbound (org_id, id, received_at, mail_from, rcpt_to, size, raw, "
        "status, error, header_id, conversation_id, message_id) VALUES (:org, :id, :at, "
        ":frm, :rcpt, :size, :raw, :status, :error, :hid, :cid, :mid)",
        {
            "org": org_id,
            "id": row.id,
            "at": row.received_at,
            "frm": row.mail_from,
            "rcpt": row.rcpt_to,
            "size": len(row.raw),
            "raw": row.raw,
            "status": row.status,
            "error": row.error,
            "hid": row.header_id,
            "cid": row.conversation_id,
            "mid": row.message_id,
        },
    )


async def insert_inbound(tx: Tx, org_id: str, row: InboundRow) -> None:
    await tx.execute(*inbound_statement(org_id, row))


async def conversations_of(tx: Tx, org_id: str, header_ids: list[str]) -> dict[str, int]:
    """The known Message-IDs among ``header_ids``, each with its conversation."""
    if not header_ids:
        return {}
    rows = await tx.fetch_all(
        "SELECT header_id, conversation_id FROM mail_message_ids "
        "WHERE org_id = :org AND header_id IN :ids",
        {"org": org_id, "ids": header_ids},
    )
    return {str(r[0]): int(r[1]) for r in rows}


class HeaderEntry(TypedDict):
    """A Message-ID of a conversation, as ``header_statement`` and ``insert_header`` take
    it."""

    header_id: str
    conversation_id: int
    message_id: str | None
    direction: str
    at: int


def header_statement(org_id: str, **entry: Unpack[HeaderEntry]) -> tuple[str, dict[str, Any]]:
    """The statement recording a Message-ID of a conversation (kept when it is known)."""
    return (
        "INSERT INTO mail_message_ids (org_id, header_id, conversation_id, message_id, "
        "direction, created_at) VALUES (:org, :hid, :cid, :mid, :dir, :at) "
        "ON CONFLICT (org_id, header_id) DO NOTHING",
        {
            "org": org_id,
            "hid": entry["header_id"],
            "cid": entry["conversation_id"],
            "mid": entry["message_id"],
            "dir": entry["direction"],
            "at": entry["at"],
        },
    )


async def insert_header(tx: Tx, org_id: str, **entry: Unpack[HeaderEntry]) -> None:
    await tx.execute(*header_statement(org_id, **entry))


async def headers_of_conversation(
    tx: Tx, org_id: str, conversation_id: int, *, before: int, leave_out: str
) -> list[str]:
    """The conversation's Message-IDs up to ``before`` but ``leave_out``, oldest first (a
    reply's References)."""
    rows = await tx.fetch_all(
        "SELECT header_id FROM mail_message_ids WHERE org_id = :org AND conversation_id = :cid "
        "AND created_at <= :at AND header_id <> :out ORDER BY created_at, header_id",
        {"org": org_id, "cid": conversation_id, "at": before, "out": leave_out},
    )
    return [str(r[0]) for r in rows]


async def inbound_header_before(tx: Tx, org_id: str, conversation_id: int, at: int) -> str | None:
    """The Message-ID of the conversation's latest inbound mail up to ``at`` (the mail a
    reply answers)."""
    val = await tx.fetch_val(
        "SELECT header_id FROM mail_message_ids WHERE org_id = :org AND conversation_id = :cid "
        "AND direction = 'Inbound' AND created_at <= :at ORDER BY created_at DESC LIMIT 1",
        {"org": org_id, "cid": conversation_id, "at": at},
    )
    return None if val is None else str(val)


async def insert_delivery(
    tx: Tx, org_id: str, *, message_id: str, conversation_id: int, header_id: str, at: int
) -> None:
    await tx.execute(
        "INSERT INTO mail_deliveries (org_id, message_id, conversation_id, header_id, status, "
        "attempts, created_at, updated_at) VALUES (:org, :mid, :cid, :hid, 'queued', 0, :at, :at)",
        {"org": org_id, "mid": message_id, "cid": conversation_id, "hid": header_id, "at": at},
    )


async def get_delivery(tx: Tx, org_id: str, message_id: str) -> DeliveryRow | None:
    r = await tx.fetch_one(
        "SELECT message_id, conversation_id, header_id, status, attempts, last_error "
        "FROM mail_deliveries WHERE org_id = :org AND message_id = :mid",
        {"org": org_id, "mid": message_id},
    )
    return None if r is None else DeliveryRow(r[0], int(r[1]), r[2], r[3], int(r[4]), r[5])


async def delivery_by_header(tx: Tx, org_id: str, header_id: str) -> DeliveryRow | None:
    r = await tx.fetch_one(
        "SELECT d.message_id, d.conversation_id, d.header_id, d.status, d.attempts, "
        "d.last_error FROM mail_message_ids h JOIN mail_deliveries d ON d.org_id = h.org_id "
        "AND d.message_id = h.message_id WHERE h.org_id = :org AND h.header_id = :hid "
        "AND h.direction = 'Outbound'",
        {"org": org_id, "hid": header_id},
    )
    return None if r is None else DeliveryRow(r[0], int(r[1]), r[2], r[3], int(r[4]), r[5])


async def set_delivery(
    tx: Tx, org_id: str, message_id: str, *, status: str, error: str | None, at: int
) -> None:
    await tx.execute(
        "UPDATE mail_deliveries SET status = :status, last_error = :error, "
        "attempts = attempts + 1, updated_at = :at WHERE org_id = :org AND message_id = :mid",
        {"org": org_id, "mid": message_id, "status": status, "error": error, "at": at},
    )


async def org_key(tx: Tx, org_id: str, new_secret: str, at: int) -> str:
    """The organisation's token key, created with ``new_secret`` on first use."""
    found = await tx.fetch_val("SELECT secret FROM mail_keys WHERE org_id = :org", {"org": org_id})
    if found is not None:
        return str(found)
    await tx.execute(
        "INSERT INTO mail_keys (org_id, secret, created_at) VALUES (:org, :s, :at) "
        "ON CONFLICT (org_id) DO NOTHING",
        {"org": org_id, "s": new_secret, "at": at},
    )
    return str(
        await tx.fetch_val("SELECT secret FROM mail_keys WHERE org_id = :org", {"org": org_id})
    )


async def get_inbound(tx: Tx, org_id: str, inbound_id: str) -> InboundRow | None:
    r = await tx.fetch_one(
        "SELECT id, received_at, mail_from, rcpt_to, raw, status, error, header_id, "
        "conversation_id, message_id FROM mail_inbound WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": inbound_id},
    )
    if r is None:
        return None
    return InboundRow(
        r[0],
        int(r[1]),
        r[2],
        r[3],
        bytes(r[4]),
        r[5],
        r[6],
        r[7],
        None if r[8] is None else int(r[8]),
        r[9],
    )


def update_statement(org_id: str, row: InboundRow) -> tuple[str, dict[str, Any]]:
    """The statement writing the outcome of handling a mail stored before (``status``,
    ``error`` and links)."""
    return (
        "UPDATE mail_inbound SET status = :status, error = :error, header_id = :hid, "
        "conversation_id = :cid, message_id = :mid WHERE org_id = :org AND id = :id",
        {
            "org": org_id,
            "id": row.id,
            "status": row.status,
            "error": row.error,
            "hid": row.header_id,
            "cid": row.conversation_id,
            "mid": row.message_id,
        },
    )
