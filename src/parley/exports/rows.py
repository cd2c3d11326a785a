"""Export rows from stored rows.

An anonymized conversation shows what ``GET /conversations/{id}`` shows of it (an
``AnonymizedConversation``: ids, channel, direction, state and times) and nothing personal:
no requester or assignee details, subject, queue, endpoint, tags, custom fields, ratings or
notes. An anonymized message (alone, or in an anonymized conversation) keeps its id,
conversation, time, channel and direction, and shows no text, author details, addresses,
numbers or files, as ``GET /conversations/{id}/messages`` shows no content for it.
"""

from __future__ import annotations

from typing import Any

import msgspec

from parley.exports import repository as repo
from parley.exports import schemas as s
from parley.ratings.repository import RatingRow

EMAIL_CHANNELS = {"Email", "ContactForm"}


def _lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


def _json(raw: str | None) -> Any:
    if not raw:
        return None
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return None


def _strings(raw: str | None) -> list[str]:
    value = _json(raw)
    return [str(v) for v in value if v] if isinstance(value, list) else []


def _seconds(start: int | None, end: int | None) -> int | None:
    if start is None or end is None or end < start:
        return None
    return (end - start) // 1000


def _custom_field(a: repo.AttributeRow) -> s.CustomField:
    value = _json(a.value)
    if isinstance(value, list):
        text: str | None = ",".join(str(v) for v in value)
    elif value is None:
        text = a.value or None  # stored as plain text
    else:
        text = str(value)
    definition = _json(a.input_definition)
    kind = definition.get("_type") if isinstance(definition, dict) else None
    return s.CustomField(a.attribute_id, a.identifier, _lower(kind), a.is_archived, text)


def _rating(r: RatingRow) -> s.RatingExport:
    return s.RatingExport(
        rating_score=r.score,
        rating_message=r.comment,
        rating_type=r.rating_type.lower(),
        rating_status=r.status.lower(),
        rating_language=r.language,
        rating_created_timestamp=r.created_at,
        rating_offered_timestamp=r.offered_at,
        rating_modified_timestamp=r.submitted_at or r.offered_at,
        rating_rated_timestamp=r.submitted_at,
    )


def _endpoints(row: repo.ConversationExportRow) -> dict[str, Any]:
    """The organisation's endpoint of the conversation, as Dixa names it by channel."""
    if row.widget_id:
        return {"widget_id": row.widget_id, "widget_name": row.endpoint_name}
    if row.integration_email and row.channel in EMAIL_CHANNELS:
        return {
            "dixa_email_integration_id": row.integration_email,
            "dixa_email_integration_sender_name": row.endpoint_name,
        }
    if row.contact_endpoint_id:
        side = "to" if row.direction == "Inbound" else "from"
        return {
            f"{side}_provisioned_phone_number_id": row.contact_endpoint_id,
            f"{side}_provisioned_phone_number_name": row.endpoint_name,
        }
    return {}


def _queue(row: repo.ConversationExportRow) -> dict[str, Any]:
    """The queue the conversation is in (the REST conversation's ``queue``: the same id,
    and ``queued_at`` its ``queuedAt``), else the last one it was in, with the time it was
    queued there; never a queue without its time (a conversation closed before that time
    was kept has none)."""
    if row.queue_id is None or row.queued_at is None:
        return {"queue_id": None, "queue_name": None, "queued_at": None}
    return {"queue_id": row.queue_id, "queue_name": row.queue_name, "queued_at": row.queued_at}


def conversation(row: repo.ConversationExportRow, d: repo.Details) -> s.ConversationExport:
    common: dict[str, Any] = {
        "id": row.id,
        "created_at": row.created_at,
        "initial_channel": row.channel.lower(),
        "requester_id": row.requester_id,
        "direction": row.direction.lower(),
        "status": row.state.lower(),
        "closed_at": row.closed_at,
        "updated_at": row.updated_at,
        "last_message_created_at": row.last_message_at,
        "total_duration": _seconds(row.created_at, row.closed_at),
        "anonymized_at": row.anonymized_at,
    }
    if row.anonymized_at is not None:
        return s.ConversationExport(**common)
    ratings = d.ratings.get(row.id, [])
    rated = [r for r in ratings if r.submitted_at is not None]
    latest = max(rated, key=lambda r: r.submitted_at or 0) if rated else None
    tags = d.tags.get(row.id, [])
    return s.ConversationExport(
        **common,
        **_endpoints(row),
        requester_name=row.requester_name,
        requester_email=row.requester_email,
        requester_phone_number=row.requester_phone,
        requester_additional_emails=_strings(row.requester_emails),
        requester_additional_phone_numbers=_strings(row.requester_phones),
        **_queue(row),
        assigned_at=row.assigned_at if row.assignee_id else None,
        assignee_id=row.assignee_id,
        assignee_name=row.assignee_name,
        assignee_email=row.assignee_email,
        assignee_phone_number=row.assignee_phone,
        handling_duration=_seconds(row.assigned_at, row.closed_at) if row.assignee_id else None,
        rating_score=latest.score if latest else None,
        rating_message=latest.comment if latest else None,
        ratings=[_rating(r) for r in ratings],
        subject=row.subject,
        tags=[t.name for t in tags],
        tags_info=[s.TagInfo(t.id, t.name, t.state != "Active") for t in tags],
        custom_fields=[_custom_field(a) for a in d.attributes.get(row.id, [])],
        conversation_wrapup_notes=d.notes.get(row.id, []),
    )


def _emails(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(v["email"]) for v in value if isinstance(v, dict) and v.get("email")]


def _phone_numbers(row: repo.MessageExportRow) -> tuple[str | None, str | None]:
    """(from, to) of a message on a phone channel: the organisation's number and the
    requester's, in the message's direction."""
    endpoint = row.contact_endpoint_id
    if endpoint is None:
        return None, None
    requester = row.to_number if row.from_number == endpoint else row.from_number
    return (requester, endpoint) if row.direction == "Inbound" else (endpoint, requester)


def message(row: repo.MessageExportRow, attachment_base: str) -> s.MessageExport:
    common: dict[str, Any] = {
        "id": row.id,
        "csid": row.conversation_id,
        "created_at": row.created_at,
        "initial_channel": row.channel.lower(),
        "direction": row.direction.lower(),
    }
    if row.anonymized_at is not None:
        return s.MessageExport(**common)
    stored = _json(row.attributes)
    attrs: dict[str, Any] = stored if isinstance(stored, dict) else {}
    sender = attrs.get("from")
    files = _json(row.attachments)
    from_number, to_number = _phone_numbers(row)
    return s.MessageExport(
        **common,
        author_name=row.author_name,
        author_email=row.author_email,
        text=row.text if row.text is not None else row.content,
        from_=str(sender["email"]) if isinstance(sender, dict) and sender.get("email") else None,
        to=_emails(attrs.get("to")),
        cc=_emails(attrs.get("cc")),
        bcc=_emails(attrs.get("bcc")),
        from_phone_number=from_number,
        to_phone_number=to_number,
        attached_files=[
            f"{attachment_base}/v1/attachments/{f['id']}"
            for f in (files if isinstance(files, list) else [])
            if isinstance(f, dict) and f.get("id")
        ],
        is_automated_message=bool(attrs.get("isAutomated") or attrs.get("isAutoReply")),
    )
