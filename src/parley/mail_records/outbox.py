"""Queueing an outgoing mail: an outbound message on an Email or ContactForm conversation,
whichever door it came through, gets a Message-ID, a delivery row (``queued``) and a send
job, in the transaction that writes the message (and the organisation's token key, so the
job itself only reads until the relay has answered)."""

from __future__ import annotations

from parley.conversation_record.repository import ConversationRow
from parley.mail_records import repository as repo
from parley.mail_records import tokens
from parley.store import Tx
from parley.worker.outbox import enqueue

KIND = "mail.send"
MAX_ATTEMPTS = 8


def header_id(message_id: str, endpoint: str | None) -> str:
    domain = (endpoint or "").rpartition("@")[2] or "parley.invalid"
    return f"parley.{message_id}@{domain}"


async def enqueue_send(
    tx: Tx, org_id: str, conv: ConversationRow, message_id: str, at: int
) -> None:
    hid = header_id(message_id, conv.integration_email or conv.to_email)
    await tokens.org_key(tx, org_id, at)  # made now: the send job only reads
    await repo.insert_header(
        tx,
        org_id,
        header_id=hid,
        conversation_id=conv.id,
        message_id=message_id,
        direction="Outbound",
        at=at,
    )
    await repo.insert_delivery(
        tx, org_id, message_id=message_id, conversation_id=conv.id, header_id=hid, at=at
    )
    await enqueue(
        tx,
        KIND,
        {"messageId": message_id},
        org_id=org_id,
        max_attempts=MAX_ATTEMPTS,
        dedupe_key=message_id,
    )
