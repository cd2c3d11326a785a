"""SQL of the redaction itself. Every statement may run again with the same effect (a
retried job repeats them): values are overwritten, never appended, and the first
``anonymized_at`` / ``deleted_at`` / ``redacted_at`` is kept."""

from __future__ import annotations

from parley.store import Row, Tx

_MESSAGE_SCRUB = (
    "UPDATE messages SET content = NULL, text = NULL, attributes = '{}', attachments = '[]', "
    "anonymized_at = COALESCE(anonymized_at, :now) WHERE org_id = :org"
)


def _found(row: Row | None) -> tuple[bool, int | None]:
    if row is None:
        return False, None
    return True, None if row[0] is None else int(row[0])


async def lock_conversation(tx: Tx, org_id: str, conversation_id: int) -> tuple[bool, int | None]:
    """(exists, ``anonymized_at``) of the conversation, its row locked until the
    transaction ends (``tx.for_update``), so a message added concurrently is either
    redacted here or refused after."""
    sql = "SELECT anonymized_at FROM conversations WHERE org_id = :org AND id = :id"
    sql += tx.for_update
    row = await tx.fetch_one(sql, {"org": org_id, "id": conversation_id})
    return _found(row)


async def scrub_conversation(tx: Tx, org_id: str, conversation_id: int, now: int) -> None:
    """Subject, addresses, numbers, browser info and channel extras; marks it anonymized."""
    await tx.execute(
        "UPDATE conversations SET subject = NULL, from_email = NULL, to_email = NULL, "
        "from_number = NULL, to_number = NULL, browser_info = NULL, extra = '{}', "
        "anonymized_at = COALESCE(anonymized_at, :now), updated_at = :now "
        "WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": conversation_id, "now": now},
    )


async def scrub_messages(tx: Tx, org_id: str, conversation_id: int, now: int) -> None:
    await tx.execute(
        _MESSAGE_SCRUB + " AND conversation_id = :cid",
        {"org": org_id, "cid": conversation_id, "now": now},
    )
    await tx.execute(
        _RAW_MAIL_SCRUB + " AND conversation_id = :cid",
        {"org": org_id, "cid": conversation_id, "empty": b""},
    )


# The raw mail a message was written from (parley.mail) keeps its status, loses its content.
_RAW_MAIL_SCRUB = (
    "UPDATE mail_inbound SET raw = :empty, mail_from = NULL, rcpt_to = '[]', error = NULL "
    "WHERE org_id = :org"
)


async def message_anonymized_at(tx: Tx, org_id: str, message_id: str) -> tuple[bool, int | None]:
    """(exists, ``anonymized_at``) of the message."""
    row = await tx.fetch_one(
        "SELECT anonymized_at FROM messages WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": message_id},
    )
    return _found(row)


async def scrub_message(tx: Tx, org_id: str, message_id: str, now: int) -> None:
    await tx.execute(
        _MESSAGE_SCRUB + " AND id = :id", {"org": org_id, "id": message_id, "now": now}
    )
    await tx.execute(
        _RAW_MAIL_SCRUB + " AND message_id = :id", {"org": org_id, "id": message_id, "empty": b""}
    )


async def attachment_blobs(tx: Tx, org_id: str, message_ids: list[str]) -> list[tuple[str, str]]:
    """(id, blob path) of the messages' attachments whose file still exists."""
    if not message_ids:
        return []
    rows = await tx.fetch_all(
        "SELECT id, blob_path FROM attachments WHERE org_id = :org AND message_id IN :mids "
        "AND blob_path IS NOT NULL",
        {"org": org_id, "mids": message_ids},
    )
    return [(str(r[0]), str(r[1])) for r in rows]


async def mark_attachments_deleted(tx: Tx, org_id: str, message_ids: list[str], now: int) -> None:
    """Forget the files and their names and sources; the rows stay (sizes, times)."""
    if not message_ids:
        return
    await tx.execute(
        "UPDATE attachments SET blob_path = NULL, pretty_name = NULL, source_url = NULL, "
        "deleted_at = COALESCE(deleted_at, :now) WHERE org_id = :org AND message_id IN :mids",
        {"org": org_id, "mids": message_ids, "now": now},
    )


async def message_ids(tx: Tx, org_id: str, conversation_id: int) -> list[str]:
    rows = await tx.fetch_all(
        "SELECT id FROM messages WHERE org_id = :org AND conversation_id = :cid",
        {"org": org_id, "cid": conversation_id},
    )
    return [str(r[0]) for r in rows]


async def scrub_notes(tx: Tx, org_id: str, conversation_id: int) -> None:
    await tx.execute(
        "UPDATE notes SET message = '' WHERE org_id = :org AND conversation_id = :cid",
        {"org": org_id, "cid": conversation_id},
    )


async def scrub_ratings(tx: Tx, org_id: str, conversation_id: int) -> None:
    await tx.execute(
        "UPDATE ratings SET comment = NULL WHERE org_id = :org AND conversation_id = :cid",
        {"org": org_id, "cid": conversation_id},
    )


async def delete_attribute_values(tx: Tx, org_id: str, conversation_id: int) -> None:
    await tx.execute(
        "DELETE FROM conversation_attributes WHERE org_id = :org AND conversation_id = :cid",
        {"org": org_id, "cid": conversation_id},
    )


# ---- activity log and events ------------------------------------------------------------


async def activity_attributes(tx: Tx, org_id: str, conversation_id: int) -> list[tuple[int, str]]:
    rows = await tx.fetch_all(
        "SELECT seq, attributes FROM activity WHERE org_id = :org AND conversation_id = :cid "
        "AND attributes IS NOT NULL",
        {"org": org_id, "cid": conversation_id},
    )
    return [(int(r[0]), str(r[1])) for r in rows]


async def set_activity_attributes(tx: Tx, org_id: str, seq: int, attributes: str) -> None:
    await tx.execute(
        "UPDATE activity SET attributes = :attrs WHERE org_id = :org AND seq = :seq",
        {"org": org_id, "seq": seq, "attrs": attributes},
    )


async def conversation_events(tx: Tx, org_id: str, conversation_id: int) -> list[tuple[int, str]]:
    rows = await tx.fetch_all(
        "SELECT seq, payload FROM events WHERE org_id = :org AND conversation_id = :cid",
        {"org": org_id, "cid": conversation_id},
    )
    return [(int(r[0]), str(r[1])) for r in rows]


async def events_mentioning(
    tx: Tx, org_id: str, text: str, conversation_id: int | None
) -> list[tuple[int, str]]:
    """Events whose payload names ``text`` (an id): of one conversation, or (None) the
    organisation-level events such as EndUserUpdated."""
    where = "conversation_id IS NULL" if conversation_id is None else "conversation_id = :cid"
    rows = await tx.fetch_all(
        f"SELECT seq, payload FROM events WHERE org_id = :org AND {where} "
        "AND payload LIKE :pattern",
        {"org": org_id, "cid": conversation_id, "pattern": f"%{text}%"},
    )
    return [(int(r[0]), str(r[1])) for r in rows]


async def redact_event(tx: Tx, org_id: str, seq: int, payload: str, now: int) -> None:
    await tx.execute(
        "UPDATE events SET payload = :payload, redacted_at = COALESCE(redacted_at, :now) "
        "WHERE org_id = :org AND seq = :seq",
        {"org": org_id, "seq": seq, "payload": payload, "now": now},
    )


# ---- end users ----------------------------------------------------------------------------


async def scrub_end_user(tx: Tx, org_id: str, user_id: str, now: int) -> int | None:
    """Clear every personal field of the end user; returns the previous ``anonymized_at``
    (None the first time)."""
    before = await tx.fetch_val(
        "SELECT anonymized_at FROM users WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": user_id},
    )
    await tx.execute(
        "UPDATE users SET display_name = NULL, first_name = NULL, last_name = NULL, "
        "middle_names = '[]', email = NULL, phone_number = NULL, external_id = NULL, "
        "avatar_url = NULL, additional_emails = '[]', additional_phone_numbers = '[]', "
        "custom_attributes = '{}', updated_at = :now, "
        "anonymized_at = COALESCE(anonymized_at, :now) "
        "WHERE org_id = :org AND id = :id AND kind = 'EndUser'",
        {"org": org_id, "id": user_id, "now": now},
    )
    return None if before is None else int(before)
