"""The work of an anonymization job, in the job's transaction.

Each function may run again on data it already anonymized (a retried or re-run job):
every write overwrites, files already deleted are skipped, and the activity entry and
event that record the anonymization are written only when the target changes from not
anonymized to anonymized.

Before a conversation is anonymized, the job closes it if it is not Closed (it may have
been reopened, or be a new conversation of an end user, since the request was accepted):
``ConversationClosed`` and its event, authored by who asked, as ``force`` does at request
time.

Activity entries and events written here (documented for subscribers):
- ``ConversationAnonymized`` (event ``CONVERSATION_ANONYMIZED``): a conversation's
  content was anonymized; attributes ``{requestId}``; author: who asked.
- ``MessageAnonymized`` (event ``CONVERSATION_MESSAGE_ANONYMIZED``): one message's
  content was anonymized; attributes ``{messageId, requestId}``.
- event ``END_USER_ANONYMIZED`` (organisation level): ``{end_user: {id}, request_id}``.
"""

from __future__ import annotations

from typing import Any

from parley.anonymization import redact_repository as repo
from parley.anonymization import sanitize
from parley.routing import state
from parley.search import index
from parley.uow import Ctx


async def _record(
    ctx: Ctx,
    request_id: str,
    conversation_id: int,
    type_: str,
    attributes: dict[str, Any] | None = None,
    *,
    event: str | None = None,
) -> None:
    """The activity entry (and event) of an anonymization, by who asked (the acting user),
    naming the request."""
    await ctx.record(
        conversation_id, type_, {**(attributes or {}), "requestId": request_id}, event=event
    )


async def _delete_files(ctx: Ctx, message_ids: list[str]) -> None:
    """Delete the attachment files, then forget them. A file already gone (a previous
    attempt deleted it and then rolled back) is fine."""
    blob_dir = ctx.settings.blob_dir
    root = blob_dir.resolve()
    for _att_id, rel in await repo.attachment_blobs(ctx.tx, ctx.org_id, message_ids):
        path = (blob_dir / rel).resolve()
        if path.is_relative_to(root):
            path.unlink(missing_ok=True)
    await repo.mark_attachments_deleted(ctx.tx, ctx.org_id, message_ids, ctx.now)


async def _sanitize_activity(ctx: Ctx, conversation_id: int) -> None:
    for seq, raw in await repo.activity_attributes(ctx.tx, ctx.org_id, conversation_id):
        cleaned = sanitize.activity_json(raw)
        if cleaned is not None:
            await repo.set_activity_attributes(ctx.tx, ctx.org_id, seq, cleaned)


async def _redact_events(ctx: Ctx, rows: list[tuple[int, str]]) -> None:
    for seq, raw in rows:
        await repo.redact_event(ctx.tx, ctx.org_id, seq, sanitize.event_json(raw), ctx.now)


async def conversation(ctx: Ctx, request_id: str, conversation_id: int) -> bool:
    """Close it if it is not Closed, then anonymize it whole: messages (content,
    addresses, attachments), subject and contact fields, custom attribute values, notes,
    rating comments, the personal content of its activity entries, and its events. False
    when it does not exist."""
    exists, before = await repo.lock_conversation(ctx.tx, ctx.org_id, conversation_id)
    if not exists:
        return False
    if before is None:  # an anonymized conversation was closed when it was anonymized
        await state.close(ctx, conversation_id)
    message_ids = await repo.message_ids(ctx.tx, ctx.org_id, conversation_id)
    await _delete_files(ctx, message_ids)
    await repo.scrub_messages(ctx.tx, ctx.org_id, conversation_id, ctx.now)
    await repo.scrub_conversation(ctx.tx, ctx.org_id, conversation_id, ctx.now)
    await repo.delete_attribute_values(ctx.tx, ctx.org_id, conversation_id)
    await repo.scrub_notes(ctx.tx, ctx.org_id, conversation_id)
    await repo.scrub_ratings(ctx.tx, ctx.org_id, conversation_id)
    await _sanitize_activity(ctx, conversation_id)
    await _redact_events(ctx, await repo.conversation_events(ctx.tx, ctx.org_id, conversation_id))
    if before is None:
        await _record(ctx, request_id, conversation_id, "ConversationAnonymized")
    await index.refresh_conversation(ctx.tx, ctx.org_id, conversation_id)
    return True


async def message(ctx: Ctx, request_id: str, conversation_id: int, message_id: str) -> bool:
    """Anonymize one message (content, addresses, attachments) and redact the events of
    its conversation that name it. False when it does not exist."""
    if not (await repo.lock_conversation(ctx.tx, ctx.org_id, conversation_id))[0]:
        return False
    exists, before = await repo.message_anonymized_at(ctx.tx, ctx.org_id, message_id)
    if not exists:
        return False
    await _delete_files(ctx, [message_id])
    await repo.scrub_message(ctx.tx, ctx.org_id, message_id, ctx.now)
    mentioning = await repo.events_mentioning(ctx.tx, ctx.org_id, message_id, conversation_id)
    await _redact_events(ctx, mentioning)
    if before is None:
        await _record(
            ctx,
            request_id,
            conversation_id,
            "MessageAnonymized",
            {"messageId": message_id},
            event="ConversationMessageAnonymized",
        )
    await index.drop_message(ctx.tx, ctx.org_id, message_id)
    return True


async def end_user(ctx: Ctx, request_id: str, user_id: str, conversation_ids: list[int]) -> None:
    """Anonymize every conversation the user requested, then the user's personal data
    (names, addresses, numbers, external id, avatar, custom attributes) and the
    organisation-level events that carried it."""
    # The user first: events written while their conversations are closed and anonymized
    # (with webhook snapshots) then carry no name, address or number.
    before = await repo.scrub_end_user(ctx.tx, ctx.org_id, user_id, ctx.now)
    for cid in conversation_ids:
        await conversation(ctx, request_id, cid)
    await _redact_events(ctx, await repo.events_mentioning(ctx.tx, ctx.org_id, user_id, None))
    if before is None:
        await ctx.emit("EndUserAnonymized", {"end_user": {"id": user_id}, "request_id": request_id})
    await index.refresh_requester(ctx.tx, ctx.org_id, user_id)
