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
- ``ConversationMessageRedacted`` (Dixa's type; event
  ``CONVERSATION_MESSAGE_ANONYMIZED``): one message's content was anonymized; attributes
  ``{messageId, wasTextRedacted, numberOfDeletedFiles, requestId}``.
- event ``END_USER_ANONYMIZED`` (organisation level): ``{end_user: {id}, request_id}``.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from pathlib import Path
from typing import Any

from parley.activity.service import emit, record
from parley.anonymization import redact_repository as repo
from parley.anonymization import sanitize
from parley.routing import state
from parley.search import index
from parley.store import Tx


@dataclass
class Scope:
    """Where the job writes: its transaction, organisation, time, blob directory."""

    tx: Tx
    org_id: str
    _: KW_ONLY
    now: int
    blob_dir: Path
    author_id: str
    request_id: str

    async def record(
        self,
        conversation_id: int,
        type_: str,
        attributes: dict[str, Any] | None = None,
        *,
        event: str | None = None,
    ) -> None:
        """The activity entry (and event) of an anonymization by who asked, naming the
        request."""
        await record(
            self.tx,
            self.org_id,
            conversation_id,
            type_,
            at=self.now,
            author_id=self.author_id,
            attributes={**(attributes or {}), "requestId": self.request_id},
            event=event,
        )


async def _delete_files(s: Scope, message_ids: list[str]) -> int:
    """Delete the attachment files, then forget them; how many there were. A file already
    gone (a previous attempt deleted it and then rolled back) is fine."""
    root = s.blob_dir.resolve()
    blobs = await repo.attachment_blobs(s.tx, s.org_id, message_ids)
    for _att_id, rel in blobs:
        path = (s.blob_dir / rel).resolve()
        if path.is_relative_to(root):
            path.unlink(missing_ok=True)
    await repo.mark_attachments_deleted(s.tx, s.org_id, message_ids, s.now)
    return len(blobs)


async def _sanitize_activity(s: Scope, conversation_id: int) -> None:
    for seq, raw in await repo.activity_attributes(s.tx, s.org_id, conversation_id):
        cleaned = sanitize.activity_json(raw)
        if cleaned is not None:
            await repo.set_activity_attributes(s.tx, s.org_id, seq, cleaned)


async def _redact_events(s: Scope, rows: list[tuple[int, str]]) -> None:
    for seq, raw in rows:
        await repo.redact_event(s.tx, s.org_id, seq, sanitize.event_json(raw), s.now)


async def conversation(s: Scope, conversation_id: int) -> bool:
    """Close it if it is not Closed, then anonymize it whole: messages (content,
    addresses, attachments), subject and contact fields, custom attribute values, notes,
    rating comments, the personal content of its activity entries, and its events. False
    when it does not exist."""
    exists, before = await repo.lock_conversation(s.tx, s.org_id, conversation_id)
    if not exists:
        return False
    await state.close_for(s.tx, s.org_id, conversation_id, at=s.now, author_id=s.author_id)
    message_ids = await repo.message_ids(s.tx, s.org_id, conversation_id)
    await _delete_files(s, message_ids)
    await repo.scrub_messages(s.tx, s.org_id, conversation_id, s.now)
    await repo.scrub_conversation(s.tx, s.org_id, conversation_id, s.now)
    await repo.delete_attribute_values(s.tx, s.org_id, conversation_id)
    await repo.scrub_notes(s.tx, s.org_id, conversation_id)
    await repo.scrub_ratings(s.tx, s.org_id, conversation_id)
    await _sanitize_activity(s, conversation_id)
    await _redact_events(s, await repo.conversation_events(s.tx, s.org_id, conversation_id))
    if before is None:
        await s.record(conversation_id, "ConversationAnonymized")
    await index.refresh_conversation(s.tx, s.org_id, conversation_id)
    return True


async def message(s: Scope, conversation_id: int, message_id: str) -> bool:
    """Anonymize one message (content, addresses, attachments) and redact the events of
    its conversation that name it. False when it does not exist."""
    if not (await repo.lock_conversation(s.tx, s.org_id, conversation_id))[0]:
        return False
    exists, before = await repo.message_anonymized_at(s.tx, s.org_id, message_id)
    if not exists:
        return False
    had_text = await repo.message_has_text(s.tx, s.org_id, message_id)
    deleted = await _delete_files(s, [message_id])
    await repo.scrub_message(s.tx, s.org_id, message_id, s.now)
    mentioning = await repo.events_mentioning(s.tx, s.org_id, message_id, conversation_id)
    await _redact_events(s, mentioning)
    if before is None:
        await s.record(
            conversation_id,
            "ConversationMessageRedacted",
            {"messageId": message_id, "wasTextRedacted": had_text, "numberOfDeletedFiles": deleted},
            event="ConversationMessageAnonymized",
        )
    await index.drop_message(s.tx, s.org_id, message_id)
    return True


async def end_user(s: Scope, user_id: str, conversation_ids: list[int]) -> None:
    """Anonymize every conversation the user requested, then the user's personal data
    (names, addresses, numbers, external id, avatar, custom attributes) and the
    organisation-level events that carried it."""
    # The user first: events written while their conversations are closed and anonymized
    # (with webhook snapshots) then carry no name, address or number.
    before = await repo.scrub_end_user(s.tx, s.org_id, user_id, s.now)
    for cid in conversation_ids:
        await conversation(s, cid)
    await _redact_events(s, await repo.events_mentioning(s.tx, s.org_id, user_id, None))
    if before is None:
        await emit(
            s.tx,
            s.org_id,
            "EndUserAnonymized",
            {"end_user": {"id": user_id}, "request_id": s.request_id},
            at=s.now,
        )
    await index.refresh_requester(s.tx, s.org_id, user_id)
