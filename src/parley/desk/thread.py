"""The conversation page: the whole thread in order (messages, internal notes and the
activity log merged by time), the requester and their other conversations, tags,
custom attributes, ratings and linked conversations, all read through the services the
REST API uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import msgspec

from parley.activity.log import conversation_log
from parley.conversation_attributes.service import list_values as attribute_values
from parley.conversation_record import repository as conv_repo
from parley.conversation_tags.service import list_tags as conversation_tags
from parley.conversations import read as conversations
from parley.conversations.schemas import Conversation
from parley.desk import attribute_form, inbox
from parley.desk import inbox_repository as inbox_repo
from parley.desk.folds import Folds, marked
from parley.kit.clock import parse_ms
from parley.messages import repository as messages_repo
from parley.notes.service import list_notes
from parley.queues.service import list_queues
from parley.ratings.schemas import Rating
from parley.ratings.service import list_ratings
from parley.tags.schemas import Tag
from parley.tags.service import list_tags
from parley.uow import Ctx

OTHER_CONVERSATIONS = 10
_CAPITAL = re.compile(r"(?<=[a-z])([A-Z])")
# Activity entries the thread already shows as messages and notes.
SHOWN_ELSEWHERE = {
    "MessageAddedByCustomer",
    "MessageAddedByAgent",
    "MessageAddedByBot",
    "NoteAdded",
}


@dataclass
class Item:
    kind: str  # message | note | activity
    at: int
    author: str
    direction: str = ""
    content_type: str = "Text"
    content: str = ""
    label: str = ""
    files: list[tuple[str, str]] = field(default_factory=list)  # (attachment id, name)
    folds: Folds | None = None  # a received mail's reply, quote and signature


@dataclass
class Thread:
    conversation: Conversation
    row: inbox_repo.InboxRow
    items: list[Item]
    requester: conv_repo.UserRef | None
    others: list[inbox_repo.InboxRow]
    tags: list[Tag]
    all_tags: list[Tag]
    queues: list[Any]
    more: set[str]  # "queue", "tag": more than a drop-down shows (picked by name instead)
    ratings: list[Rating]
    linked: list[Conversation]
    attributes: list[tuple[str, str]] = field(default_factory=list)
    attribute_form: attribute_form.Form | None = None


def _name(user: conv_repo.UserRef | None, fallback: str | None) -> str:
    if user is None:
        return fallback or ""
    return user.name or user.email or user.phone_number or user.id


def _files(raw: str) -> list[tuple[str, str]]:
    items = msgspec.json.decode(raw) if raw and raw != "[]" else []
    return [
        (str(i["id"]), str(i.get("prettyName") or "attachment"))
        for i in items
        if isinstance(i, dict) and "id" in i
    ]


def _activity_label(entry: Any) -> str:
    words = _CAPITAL.sub(r" \1", entry.type_).strip().capitalize()
    attrs = entry.attributes
    detail = ""
    if attrs is not None:
        for key in ("agentName", "destinationLabel", "tag", "claimedFromLabel"):
            value = getattr(attrs, key, None)
            if isinstance(value, str) and value:
                detail = value
                break
    return f"{words}: {detail}" if detail else words


async def load(ctx: Ctx, conversation_id: int) -> Thread:
    conversation = await conversations.get(ctx, conversation_id)
    rows = await inbox_repo.by_ids(ctx.tx, ctx.org_id, [conversation_id])
    row = rows[conversation_id]
    found = await messages_repo.list_with_channel(ctx.tx, ctx.org_id, conversation_id)
    messages = found[1] if found else []
    notes = await list_notes(ctx, conversation_id)
    log = await conversation_log(ctx, conversation_id)
    ids = [m.author_id for m in messages if m.author_id] + [n.authorId for n in notes]
    users = await conv_repo.get_users(ctx.tx, ctx.org_id, [row.requester_id, *ids])
    items = [
        Item("message", m.created_at, _name(users.get(m.author_id or ""), m.author_id),
             m.direction, m.content_type, m.content or "", files=_files(m.attachments),
             folds=marked(m.attributes))
        for m in messages
    ]  # fmt: skip
    items += [
        Item("note", parse_ms(n.createdAt), _name(users.get(n.authorId), n.authorId),
             content=n.message)
        for n in notes
    ]  # fmt: skip
    items += [
        Item("activity", parse_ms(e.activityTimestamp),
             _name(None, e.author.name or e.author.email if e.author else ""),
             label=_activity_label(e))
        for e in log
        if e.type_ not in SHOWN_ELSEWHERE
    ]  # fmt: skip
    order = {"message": 0, "note": 1, "activity": 2}
    items.sort(key=lambda i: (i.at, order[i.kind]))
    attrs = [
        (a.name or a.identifier, a.value if isinstance(a.value, str) else ", ".join(a.value))
        for a in getattr(conversation, "customAttributes", []) or []
    ]
    tags = await list_tags(ctx, include_inactive=False, page_key=None, page_limit=inbox.OPTIONS)
    queues = await list_queues(ctx, page_key=None, page_limit=inbox.OPTIONS)
    return Thread(
        conversation=conversation,
        row=row,
        items=items,
        requester=users.get(row.requester_id),
        others=await inbox_repo.by_requester(
            ctx.tx, ctx.org_id, row.requester_id, except_id=row.id, limit=OTHER_CONVERSATIONS
        ),
        tags=await conversation_tags(ctx, conversation_id),
        all_tags=tags.data,
        queues=queues.data,
        more={k for k, p in (("queue", queues), ("tag", tags)) if p.meta.next},
        ratings=await list_ratings(ctx, conversation_id),
        linked=await conversations.linked(ctx, conversation_id),
        attributes=attrs,
        attribute_form=await attribute_form.load(ctx, await attribute_values(ctx, conversation_id)),
    )
